# Ported from scikit-learn 1.3, sklearn/gaussian_process/_gpr.py (`log_marginal_likelihood`, without eval_gradient) and kernels.py (`RBF.__call__` and `WhiteKernel` for one X), with the kernel's hyperparameters as the log-transformed `theta`.
import numpy as np
from scipy.linalg import cho_solve, cholesky
from scipy.spatial.distance import pdist, squareform

GPR_CHOLESKY_LOWER = True


def rbf(X, length_scale):
    # RBF.__call__(X) with Y=None
    X = np.atleast_2d(X)
    dists = pdist(X / length_scale, metric="sqeuclidean")
    K = np.exp(-0.5 * dists)
    # convert from upper-triangular matrix to square matrix
    K = squareform(K)
    np.fill_diagonal(K, 1)
    return K


def kernel(theta, X):
    # ConstantKernel * RBF + WhiteKernel, its hyperparameters log-transformed as in `Kernel.theta`
    constant_value, length_scale, noise_level = np.exp(theta)
    return constant_value * rbf(X, length_scale) + noise_level * np.eye(_num_samples(X))


def _num_samples(x):
    return x.shape[0]


def log_marginal_likelihood(theta, X_train, y_train, alpha=1e-10):
    """Return log-marginal likelihood of theta for training data."""
    K = kernel(theta, X_train)
    K[np.diag_indices_from(K)] += alpha
    try:
        L = cholesky(K, lower=GPR_CHOLESKY_LOWER, check_finite=False)
    except np.linalg.LinAlgError:
        return -np.inf

    # Support multi-dimensional output of self.y_train_
    if y_train.ndim == 1:
        y_train = y_train[:, np.newaxis]

    # Alg 2.1, page 19, line 3 -> alpha = L^T \ (L \ y)
    alpha = cho_solve((L, GPR_CHOLESKY_LOWER), y_train, check_finite=False)

    # Alg 2.1, page 19, line 7
    # -0.5 . y^T . alpha - sum(log(diag(L))) - n_samples / 2 log(2*pi)
    # y is originally thought to be a (1, n_samples) row vector. However,
    # in multioutputs, y is of shape (n_samples, 2) and we need to compute
    # y^T . alpha for each output, independently using einsum. Thus, it
    # is equivalent to:
    # for output_idx in range(n_outputs):
    #     log_likelihood_dims[output_idx] = (
    #         y_train[:, [output_idx]] @ alpha[:, [output_idx]]
    #     )
    log_likelihood_dims = -0.5 * np.einsum("ik,ik->k", y_train, alpha)
    log_likelihood_dims -= np.log(np.diag(L)).sum()
    log_likelihood_dims -= K.shape[0] / 2 * np.log(2 * np.pi)
    # the log likehood is sum-up across the outputs
    log_likelihood = log_likelihood_dims.sum(axis=-1)

    return log_likelihood


rs = np.random.RandomState(0)
X = rs.uniform(0, 5, (8, 1))
y = np.sin(X).ravel() + 0.1 * rs.randn(8)

CASES = [
    dict(name="lml_of_theta", function=log_marginal_likelihood, args=lambda: (np.log(np.array([1.0, 0.8, 0.05])), X, y)),
    dict(name="lml_of_targets", function=log_marginal_likelihood,
         args=lambda: (np.log(np.array([1.0, 0.8, 0.05])), X, np.stack([y, y ** 2], axis=1)), wrt=(2,)),
]
