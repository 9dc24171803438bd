# Written for this corpus (p1) in the style of kernel density estimation tutorials (Jake VanderPlas' "Kernel Density Estimation in Python", leave-one-out likelihood cross-validation of the bandwidth) written by hand: pairwise distances by broadcasting, a Gaussian kernel matrix with its diagonal removed by `np.fill_diagonal`, `scipy.special.logsumexp` with `b=` weights, and Silverman's rule via `np.percentile` for comparison.
import numpy as np
from scipy.special import logsumexp


def loo_log_likelihood(log_h, data):
    h = np.exp(log_h)
    n = len(data)
    diffs = (data[:, None] - data[None, :]) / h
    log_k = -0.5 * diffs ** 2 - 0.5 * np.log(2 * np.pi) - np.log(h)
    np.fill_diagonal(log_k, -np.inf)
    return np.sum(logsumexp(log_k, axis=1) - np.log(n - 1))


def silverman(data):
    iqr = np.percentile(data, 75) - np.percentile(data, 25)
    return 0.9 * min(np.std(data), iqr / 1.34) * len(data) ** (-0.2)


def weighted_kde_at(x, data, weights, h=0.4):
    z = (x - data) / h
    return logsumexp(-0.5 * z ** 2, b=weights / np.sum(weights)) - np.log(h * np.sqrt(2 * np.pi))


def silverman_density(data):
    h = silverman(data)
    return sum(weighted_kde_at(x, data, np.ones_like(data), h) for x in (-1.0, 0.0, 1.5))


rs = np.random.RandomState(17)
DATA = np.concatenate([rs.normal(-1, 0.5, 8), rs.normal(1.5, 0.3, 6)])

CASES = [
    dict(name="loo", function=loo_log_likelihood, args=lambda: (np.log(0.4), DATA.copy()), wrt=(0, 1)),
    dict(name="weighted", function=weighted_kde_at, args=lambda: (0.3, DATA.copy(), np.linspace(0.5, 1.5, 14)), wrt=(0, 1, 2)),
    dict(name="silverman", function=silverman_density, args=lambda: (DATA.copy(),)),
]
