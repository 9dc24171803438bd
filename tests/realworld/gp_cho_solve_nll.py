# Written for this corpus (i5) in the style of a Gaussian-process regression script using scipy.linalg.cho_factor/cho_solve.
import numpy as np
from scipy.linalg import cho_factor, cho_solve

X = np.linspace(-2, 2, 9)[:, None]
y = np.sin(2 * X[:, 0]) + 0.1 * np.cos(5 * X[:, 0])


def rbf(X1, X2, ell, sf):
    sq = np.sum(X1 ** 2, 1)[:, None] + np.sum(X2 ** 2, 1)[None, :] - 2 * X1 @ X2.T
    return sf ** 2 * np.exp(-0.5 * sq / ell ** 2)


def nll(log_params):
    ell, sf, sn = np.exp(log_params)
    K = rbf(X, X, ell, sf) + (sn ** 2 + 1e-8) * np.eye(len(X))
    c, low = cho_factor(K)
    alpha = cho_solve((c, low), y)
    return 0.5 * y @ alpha + np.sum(np.log(np.diag(c))) + 0.5 * len(X) * np.log(2 * np.pi)


def predictive_mean(log_params, xs):
    ell, sf, sn = np.exp(log_params)
    K = rbf(X, X, ell, sf) + sn ** 2 * np.eye(len(X))
    L = cho_factor(K, lower=True)
    Ks = rbf(xs[:, None], X, ell, sf)
    return np.sum(Ks @ cho_solve(L, y))


CASES = [
    dict(name="nll", function=nll, args=lambda: (np.array([-0.3, 0.1, -1.5]),)),
    dict(name="predictive_mean", function=predictive_mean,
         args=lambda: (np.array([-0.3, 0.1, -1.5]), np.array([-0.5, 0.3, 1.7])), wrt=(0, 1)),
]
