# Ported from scikit-learn/scikit-learn, sklearn/linear_model/_huber.py (`_huber_loss_and_gradient`, BSD-3-Clause; https://github.com/scikit-learn/scikit-learn/blob/1.3.X/sklearn/linear_model/_huber.py), verbatim, with the helpers it imports for dense input: utils/extmath.py `safe_sparse_dot` and utils/__init__.py `axis0_safe_slice`/`safe_mask` (their sparse branches left out). The author's gradient is the reference.
import numpy as np


def safe_sparse_dot(a, b, *, dense_output=False):
    """Dot product that handle the sparse matrix case correctly (dense branch of sklearn's)."""
    if a.ndim > 2 or b.ndim > 2:
        ret = np.dot(a, b)
    else:
        ret = a @ b

    return ret


def safe_mask(X, mask):
    """Return a mask which is safe to use on X (dense branch of sklearn's)."""
    mask = np.asarray(mask)
    if np.issubdtype(mask.dtype, np.signedinteger):
        return mask

    return mask


def axis0_safe_slice(X, mask, len_mask):
    """Return a mask which is safer to use on X than safe_mask."""
    if len_mask != 0:
        return X[safe_mask(X, mask), :]
    return np.zeros(shape=(0, X.shape[1]))


def _huber_loss_and_gradient(w, X, y, epsilon, alpha, sample_weight=None):
    """Returns the Huber loss and the gradient."""
    _, n_features = X.shape
    fit_intercept = n_features + 2 == w.shape[0]
    if fit_intercept:
        intercept = w[-2]
    sigma = w[-1]
    w = w[:n_features]
    n_samples = np.sum(sample_weight)

    # Calculate the values where |y - X'w -c / sigma| > epsilon
    # The values above this threshold are outliers.
    linear_loss = y - safe_sparse_dot(X, w)
    if fit_intercept:
        linear_loss -= intercept
    abs_linear_loss = np.abs(linear_loss)
    outliers_mask = abs_linear_loss > epsilon * sigma

    # Calculate the linear loss due to the outliers.
    # This is equal to (2 * M * |y - X'w -c / sigma| - M**2) * sigma
    outliers = abs_linear_loss[outliers_mask]
    num_outliers = np.count_nonzero(outliers_mask)
    n_non_outliers = X.shape[0] - num_outliers

    # n_sq_outliers includes the weight give to the outliers while
    # num_outliers is just the number of outliers.
    outliers_sw = sample_weight[outliers_mask]
    n_sw_outliers = np.sum(outliers_sw)
    outlier_loss = (
        2.0 * epsilon * np.sum(outliers_sw * outliers)
        - sigma * n_sw_outliers * epsilon**2
    )

    # Calculate the quadratic loss due to the non-outliers.-
    # This is equal to |(y - X'w - c)**2 / sigma**2| * sigma
    non_outliers = linear_loss[~outliers_mask]
    weighted_non_outliers = sample_weight[~outliers_mask] * non_outliers
    weighted_loss = np.dot(weighted_non_outliers.T, non_outliers)
    squared_loss = weighted_loss / sigma

    if fit_intercept:
        grad = np.zeros(n_features + 2)
    else:
        grad = np.zeros(n_features + 1)

    # Gradient due to the squared loss.
    X_non_outliers = -axis0_safe_slice(X, ~outliers_mask, n_non_outliers)
    grad[:n_features] = (
        2.0 / sigma * safe_sparse_dot(weighted_non_outliers, X_non_outliers)
    )

    # Gradient due to the linear loss.
    signed_outliers = np.ones_like(outliers)
    signed_outliers_mask = linear_loss[outliers_mask] < 0
    signed_outliers[signed_outliers_mask] = -1.0
    X_outliers = axis0_safe_slice(X, outliers_mask, num_outliers)
    sw_outliers = sample_weight[outliers_mask] * signed_outliers
    grad[:n_features] -= 2.0 * epsilon * (safe_sparse_dot(sw_outliers, X_outliers))

    # Gradient due to the penalty.
    grad[:n_features] += alpha * 2.0 * w

    # Gradient due to sigma.
    grad[-1] = n_samples
    grad[-1] -= n_sw_outliers * epsilon**2
    grad[-1] -= squared_loss / sigma

    # Gradient due to the intercept.
    if fit_intercept:
        grad[-2] = -2.0 * np.sum(weighted_non_outliers) / sigma
        grad[-2] -= 2.0 * epsilon * np.sum(sw_outliers)

    loss = n_samples * sigma + squared_loss + outlier_loss
    loss += alpha * np.dot(w, w)
    return loss, grad


# ---- test data: the class docstring's example (make_regression replaced by a fixed draw,
# the first four samples made outliers as there), sample weights as _check_sample_weight makes.
_rng = np.random.RandomState(0)
X = _rng.randn(40, 2)
y = X @ np.array([20.49, 34.17]) + 4.0 * _rng.randn(40)
X[:4] = _rng.uniform(10, 20, (4, 2))
y[:4] = _rng.uniform(10, 20, 4)
sample_weight = np.ones(40)
w_intercept = np.array([15.0, 25.0, 0.5, 9.0])    # coef, intercept, scale (fit_intercept=True)
w_no_intercept = np.array([15.0, 25.0, 9.0])


def huber_loss(w, X, y, epsilon, alpha, sample_weight):
    # test wrapper: the loss, the first of the pair handed to L-BFGS-B with jac=True
    return _huber_loss_and_gradient(w, X, y, epsilon, alpha, sample_weight)[0]


def authors_gradient(w, X, y, epsilon, alpha, sample_weight):
    return _huber_loss_and_gradient(w, X, y, epsilon, alpha, sample_weight)[1]


CASES = [
    dict(name="with_intercept", function=huber_loss, reference=authors_gradient,
         args=lambda: (w_intercept.copy(), X, y, 1.35, 0.0001, sample_weight)),
    dict(name="without_intercept", function=huber_loss, reference=authors_gradient,
         args=lambda: (w_no_intercept.copy(), X, y, 1.35, 0.1, sample_weight)),
]
