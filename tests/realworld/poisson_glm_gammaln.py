# Written for this corpus (i5) in the style of a statistics lecture's Poisson GLM with an offset, using scipy.special.gammaln.
import numpy as np
from scipy.special import gammaln, xlogy

rng = np.random.RandomState(3)
X = np.column_stack([np.ones(10), rng.randn(10), rng.rand(10)])
exposure = rng.uniform(0.5, 2.0, 10)
counts = np.array([0, 2, 1, 5, 3, 0, 7, 1, 2, 4])


def poisson_nll(beta, X=X, y=counts, offset=np.log(exposure)):
    eta = X @ beta + offset
    mu = np.exp(eta)
    return -np.sum(y * eta - mu - gammaln(y + 1))


def negbin_nll(params):
    beta, log_alpha = params[:-1], params[-1]
    alpha = np.exp(log_alpha)
    mu = np.exp(X @ beta)
    r = 1.0 / alpha
    ll = (gammaln(counts + r) - gammaln(r) - gammaln(counts + 1)
          + xlogy(counts, mu / (mu + r)) + r * np.log(r / (r + mu)))
    return -ll.sum()


CASES = [
    dict(name="poisson", function=poisson_nll, args=lambda: (np.array([0.2, 0.3, -0.1]),)),
    dict(name="negbin", function=negbin_nll, args=lambda: (np.array([0.2, 0.3, -0.1, -0.7]),)),
]
