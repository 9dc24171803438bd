# Ported from jax-ml/jax, examples/gaussian_process_regression.py: the functions nested in `main` (`cov_map` mapping a kernel passed as a value, `softplus`, `exp_quadratic`, `gp` with a dict of parameters, a flag and scipy.linalg's cholesky/solve_triangular); vmap as nested comprehensions, jax.random as a RandomState.
import numpy as np
import scipy.linalg

numpts = 7
eye = np.eye(numpts)


def cov_map(cov_func, xs, xs2=None):
  """Compute a covariance matrix from a covariance function and data points.

  Args:
    cov_func: callable function, maps pairs of data points to scalars.
    xs: array of data points, stacked along the leading dimension.
  Returns:
    A 2d array `a` such that `a[i, j] = cov_func(xs[i], xs[j])`.
  """
  if xs2 is None:
    return np.array([[cov_func(x, y) for y in xs] for x in xs])
  else:
    return np.array([[cov_func(x, y) for y in xs2] for x in xs]).T


def softplus(x):
  return np.logaddexp(x, 0.)


# Note, writing out the vectorized form of the identity
# ||x-y||^2 = <x-y,x-y> = ||x||^2 + ||y||^2 - 2<x,y>
# for computing squared distances would be more efficient (but less succinct).
def exp_quadratic(x1, x2):
  return np.exp(-np.sum((x1 - x2)**2))


def gp(params, x, y, xtest=None, compute_marginal_likelihood=False):
  noise = softplus(params['noise'])
  amp = softplus(params['amplitude'])
  ls = softplus(params['lengthscale'])
  ymean = np.mean(y)
  y = y - ymean
  x = x / ls
  train_cov = amp*cov_map(exp_quadratic, x) + eye * (noise + 1e-6)
  chol = scipy.linalg.cholesky(train_cov, lower=True)
  kinvy = scipy.linalg.solve_triangular(
      chol.T, scipy.linalg.solve_triangular(chol, y, lower=True))
  if compute_marginal_likelihood:
    log2pi = np.log(2. * 3.1415)
    ml = np.sum(
        -0.5 * np.dot(y.T, kinvy) -
        np.sum(np.log(np.diag(chol))) -
        (numpts / 2.) * log2pi)
    ml -= np.sum(-0.5 * np.log(2 * 3.1415) - np.log(amp)**2) # lognormal prior
    return -ml

  if xtest is not None:
    xtest = xtest / ls
  cross_cov = amp*cov_map(exp_quadratic, x, xtest)
  mu = np.dot(cross_cov.T, kinvy) + ymean
  v = scipy.linalg.solve_triangular(chol, cross_cov, lower=True)
  var = (amp * cov_map(exp_quadratic, xtest) - np.dot(v.T, v))
  return mu, var


def marginal_likelihood(params, x, y):
  return gp(params, x, y, compute_marginal_likelihood=True)


rs = np.random.RandomState(0)
x = (rs.uniform(size=(numpts, 1)) * 4.) - 2.
f = lambda x: np.sin(x) * np.exp(-0.1 * x)
y = f(x) + 0.1 * rs.normal(size=x.shape)
y = y[:, 0]


def params():
  return {"amplitude": np.zeros((1, 1)),
          "noise": np.zeros((1, 1)) - 5.,
          "lengthscale": np.zeros((1, 1))}


CASES = [
    dict(name="marginal_likelihood", function=marginal_likelihood, args=lambda: (params(), x, y)),
]
