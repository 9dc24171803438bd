# Ported from scikit-learn/scikit-learn, sklearn/mixture/_gaussian_mixture.py (`_compute_log_det_cholesky`, `_estimate_log_gaussian_prob`, the score `logsumexp(weighted log prob).mean()`) and sklearn/utils/extmath.py (`row_norms`).
import numpy as np
from scipy.special import logsumexp


def row_norms(X, squared=False):
    """Row-wise (squared) Euclidean norm of X."""
    norms = np.einsum("ij,ij->i", X, X)

    if not squared:
        np.sqrt(norms, norms)
    return norms


def _compute_log_det_cholesky(matrix_chol, covariance_type, n_features):
    """Compute the log-det of the cholesky decomposition of matrices."""
    if covariance_type == "full":
        n_components, _, _ = matrix_chol.shape
        log_det_chol = np.sum(
            np.log(matrix_chol.reshape(n_components, -1)[:, :: n_features + 1]), 1
        )

    elif covariance_type == "tied":
        log_det_chol = np.sum(np.log(np.diag(matrix_chol)))

    elif covariance_type == "diag":
        log_det_chol = np.sum(np.log(matrix_chol), axis=1)

    else:
        log_det_chol = n_features * (np.log(matrix_chol))

    return log_det_chol


def _estimate_log_gaussian_prob(X, means, precisions_chol, covariance_type):
    """Estimate the log Gaussian probability."""
    n_samples, n_features = X.shape
    n_components, _ = means.shape
    # The determinant of the precision matrix from the Cholesky decomposition
    # corresponds to the negative half of the determinant of the full precision
    # matrix.
    # In short: det(precision_chol) = - det(precision) / 2
    log_det = _compute_log_det_cholesky(precisions_chol, covariance_type, n_features)

    if covariance_type == "full":
        log_prob = np.empty((n_samples, n_components))
        for k, (mu, prec_chol) in enumerate(zip(means, precisions_chol)):
            y = np.dot(X, prec_chol) - np.dot(mu, prec_chol)
            log_prob[:, k] = np.sum(np.square(y), axis=1)

    elif covariance_type == "tied":
        log_prob = np.empty((n_samples, n_components))
        for k, mu in enumerate(means):
            y = np.dot(X, precisions_chol) - np.dot(mu, precisions_chol)
            log_prob[:, k] = np.sum(np.square(y), axis=1)

    elif covariance_type == "diag":
        precisions = precisions_chol**2
        log_prob = (
            np.sum((means**2 * precisions), 1)
            - 2.0 * np.dot(X, (means * precisions).T)
            + np.dot(X**2, precisions.T)
        )

    elif covariance_type == "spherical":
        precisions = precisions_chol**2
        log_prob = (
            np.sum(means**2, 1) * precisions
            - 2 * np.dot(X, means.T * precisions)
            + np.outer(row_norms(X, squared=True), precisions)
        )
    # Since we are using the precision of the Cholesky decomposition,
    # `- 0.5 * log_det_precision` becomes `+ log_det_precision_chol`
    return -0.5 * (n_features * np.log(2 * np.pi) + log_prob) + log_det


def _estimate_weighted_log_prob(X, means, precisions_cholesky, weights, covariance_type):
    return _estimate_log_gaussian_prob(X, means, precisions_cholesky, covariance_type) + np.log(weights)


def score(X, means, precisions_cholesky, weights, covariance_type):
    """Compute the per-sample average log-likelihood of the given data X."""
    return logsumexp(_estimate_weighted_log_prob(X, means, precisions_cholesky, weights, covariance_type), axis=1).mean()


rs = np.random.RandomState(0)
X = np.vstack([rs.randn(6, 2) + [2, 2], rs.randn(6, 2) - [1, 1]])
means = np.array([[1.5, 1.8], [-0.8, -1.2], [0.2, 0.1]])
weights = np.array([0.4, 0.4, 0.2])
# upper-triangular Cholesky factors of the precisions, as fit() stores them for "full"
prec_chol_full = np.array([[[1.1, 0.2], [0.0, 0.9]],
                           [[1.0, -0.3], [0.0, 1.2]],
                           [[0.8, 0.1], [0.0, 0.7]]])
prec_chol_diag = np.array([[1.1, 0.9], [0.8, 1.2], [0.7, 0.6]])
prec_chol_spherical = np.array([1.1, 0.8, 0.7])


def score_full(means, precisions_cholesky, weights):
    return score(X, means, precisions_cholesky, weights, "full")


def score_diag(means, precisions_cholesky, weights):
    return score(X, means, precisions_cholesky, weights, "diag")


def score_spherical(means, precisions_cholesky, weights):
    return score(X, means, precisions_cholesky, weights, "spherical")


CASES = [
    dict(name="score_full", function=score_full, args=lambda: (means.copy(), prec_chol_full.copy(), weights.copy()), wrt=(0, 1, 2)),
    dict(name="score_diag", function=score_diag, args=lambda: (means.copy(), prec_chol_diag.copy(), weights.copy()), wrt=(0, 1, 2)),
    dict(name="score_spherical", function=score_spherical, args=lambda: (means.copy(), prec_chol_spherical.copy(), weights.copy()), wrt=(0, 1, 2)),
]
