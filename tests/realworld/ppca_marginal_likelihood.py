# Written for this corpus (p2) in the style of probabilistic PCA and factor analysis (Tipping & Bishop 1999; scikit-learn's `PCA.score_samples` and `FactorAnalysis.score` formulas): the model covariance `C = W W^T + sigma2 I` (or `+ diag(psi)`), `np.linalg.slogdet`, the precision by the Woodbury identity as scikit-learn's `get_precision` writes it, `scipy.stats.multivariate_normal.logpdf` as a cross-check, and the closed-form ML `sigma2` from the discarded eigenvalues.
import numpy as np
from scipy.stats import multivariate_normal

rng = np.random.RandomState(42)
W_TRUE = rng.randn(5, 2)
DATA = rng.randn(30, 2) @ W_TRUE.T + 0.3 * rng.randn(30, 5)
DATA = DATA - DATA.mean(axis=0)
S = DATA.T @ DATA / len(DATA)


def ppca_loglik(W, log_sigma2, X=DATA):
    n, d = X.shape
    sigma2 = np.exp(log_sigma2)
    C = W @ W.T + sigma2 * np.eye(d)
    sign, logdet = np.linalg.slogdet(C)
    quad = np.trace(np.linalg.solve(C, X.T @ X))
    return -0.5 * (n * d * np.log(2 * np.pi) + n * logdet + quad)


def get_precision(W, noise_variance):
    """scikit-learn's Woodbury form of the precision."""
    n_components = W.shape[1]
    components_ = W.T
    precision = np.dot(components_, components_.T) / noise_variance
    precision.flat[:: len(precision) + 1] += 1.0
    precision = np.dot(components_.T, np.dot(np.linalg.inv(precision), components_))
    precision /= -(noise_variance ** 2)
    precision.flat[:: len(precision) + 1] += 1.0 / noise_variance
    return precision


def score_woodbury(W, noise_variance, X=DATA):
    precision = get_precision(W, noise_variance)
    log_like = -0.5 * (X * (X @ precision)).sum(axis=1)
    log_like -= 0.5 * (X.shape[1] * np.log(2.0 * np.pi) - np.linalg.slogdet(precision)[1])
    return np.mean(log_like)


def factor_analysis_score(W, psi, X=DATA):
    cov = W @ W.T + np.diag(psi)
    return multivariate_normal.logpdf(X, mean=np.zeros(X.shape[1]), cov=cov).mean()


def ml_noise(X, q=2):
    """The ML noise variance: the mean of the discarded eigenvalues of the sample covariance."""
    sample_cov = np.cov(X, rowvar=False, bias=True)
    eigvals = np.linalg.eigvalsh(sample_cov)[::-1]
    return eigvals[q:].mean()


W0 = W_TRUE + 0.1 * rng.randn(5, 2)

CASES = [
    dict(name="ppca_loglik", function=ppca_loglik, args=lambda: (W0.copy(), np.log(0.09)), wrt=(0, 1)),
    dict(name="score_woodbury", function=score_woodbury, args=lambda: (W0.copy(), 0.09), wrt=(0, 1)),
    dict(name="factor_analysis", function=factor_analysis_score, args=lambda: (W0.copy(), np.full(5, 0.1)), wrt=(0, 1)),
    dict(name="ml_noise", function=ml_noise, args=lambda: (DATA.copy(),)),
]
