# Ported from scikit-learn 0.22, sklearn/linear_model/_logistic.py (`_intercept_dot`, `_logistic_loss_and_grad`, `_logistic_loss`) and sklearn/utils/extmath.py (`log_logistic`, its Cython `_log_logistic_sigmoid` written in Python).
import numpy as np
from scipy.special import expit


def safe_sparse_dot(a, b, dense_output=False):
    """Dot product that handle the sparse matrix case correctly"""
    # (the dense branch of sklearn.utils.extmath.safe_sparse_dot)
    if a.ndim > 2 or b.ndim > 2:
        ret = np.dot(a, b)
    else:
        ret = a @ b
    return ret


def _log_logistic_sigmoid(n_samples, n_features, X, out):
    # sklearn/utils/_logistic_sigmoid.pyx, in Python
    for i in range(n_samples):
        for j in range(n_features):
            if X[i, j] > 0:
                out[i, j] = -np.log(1. + np.exp(-X[i, j]))
            else:
                out[i, j] = X[i, j] - np.log(1. + np.exp(X[i, j]))
    return out


def log_logistic(X, out=None):
    """Compute the log of the logistic function, ``log(1 / (1 + e ** -x))``.

    This implementation is numerically stable because it splits positive and
    negative values::

        -log(1 + exp(-x_i))     if x_i > 0
        x_i - log(1 + exp(x_i)) if x_i <= 0
    """
    is_1d = X.ndim == 1
    X = np.atleast_2d(X)

    n_samples, n_features = X.shape

    if out is None:
        out = np.empty_like(X)

    _log_logistic_sigmoid(n_samples, n_features, X, out)

    if is_1d:
        return np.squeeze(out)
    return out


def _intercept_dot(w, X, y):
    """Computes y * np.dot(X, w).

    It takes into consideration if the intercept should be fit or not.
    """
    c = 0.
    if w.size == X.shape[1] + 1:
        c = w[-1]
        w = w[:-1]

    z = safe_sparse_dot(X, w) + c
    yz = y * z
    return w, c, yz


def _logistic_loss_and_grad(w, X, y, alpha, sample_weight=None):
    """Computes the logistic loss and gradient."""
    n_samples, n_features = X.shape
    grad = np.empty_like(w)

    w, c, yz = _intercept_dot(w, X, y)

    if sample_weight is None:
        sample_weight = np.ones(n_samples)

    # Logistic loss is the negative of the log of the logistic function.
    out = -np.sum(sample_weight * log_logistic(yz)) + .5 * alpha * np.dot(w, w)

    z = expit(yz)
    z0 = sample_weight * (z - 1) * y

    grad[:n_features] = safe_sparse_dot(X.T, z0) + alpha * w

    # Case where we fit the intercept.
    if grad.shape[0] > n_features:
        grad[-1] = z0.sum()
    return out, grad


def _logistic_loss(w, X, y, alpha, sample_weight=None):
    """Computes the logistic loss."""
    w, c, yz = _intercept_dot(w, X, y)

    if sample_weight is None:
        sample_weight = np.ones(y.shape[0])

    # Logistic loss is the negative of the log of the logistic function.
    out = -np.sum(sample_weight * log_logistic(yz)) + 0.5 * alpha * np.dot(w, w)
    return out


def loss_from_loss_and_grad(w, X, y, alpha):
    # test wrapper: the loss that `scipy.optimize.minimize(func, w0, args=(X, y, alpha), jac=True)` reads
    return _logistic_loss_and_grad(w, X, y, alpha)[0]


rs = np.random.RandomState(3)
X = rs.randn(8, 3)
y = np.sign(X[:, 0] - 0.5 * X[:, 2] + 0.3 * rs.randn(8))     # labels in {-1, 1}, as sklearn passes them
weights = rs.rand(8) + 0.5

CASES = [
    dict(name="loss_with_intercept", function=_logistic_loss, args=lambda: (np.array([0.3, -0.2, 0.5, 0.1]), X, y, 0.7),
         reference=lambda w, X, y, alpha: _logistic_loss_and_grad(w, X, y, alpha)[1]),
    dict(name="loss_without_intercept", function=_logistic_loss, args=lambda: (np.array([0.3, -0.2, 0.5]), X, y, 0.7, weights),
         reference=lambda w, X, y, alpha, sw: _logistic_loss_and_grad(w, X, y, alpha, sw)[1]),
    dict(name="loss_and_grad", function=loss_from_loss_and_grad, args=lambda: (np.array([0.3, -0.2, 0.5, 0.1]), X, y, 0.7)),
]
