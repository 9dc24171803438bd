# Written for this corpus (p1) after Cuturi & Blondel's soft-DTW (ICML 2017) as its reference NumPy implementation and tslearn write it: a squared-Euclidean cost matrix, the `R` table padded with `np.inf` and filled by a double loop with a log-sum-exp soft minimum of the three predecessors (`-gamma * log(sum(exp(-r / gamma)))`, shifted by the max), and the soft-DTW divergence.
import numpy as np


def squared_euclidean(X, Y):
    return np.sum(X ** 2, axis=1)[:, None] + np.sum(Y ** 2, axis=1)[None, :] - 2 * X @ Y.T


def softmin3(a, b, c, gamma):
    a /= -gamma
    b /= -gamma
    c /= -gamma
    max_val = max(a, b, c)
    tmp = np.exp(a - max_val) + np.exp(b - max_val) + np.exp(c - max_val)
    return -gamma * (np.log(tmp) + max_val)


def soft_dtw(D, gamma=1.0):
    m, n = D.shape
    R = np.zeros((m + 2, n + 2))
    R[:m + 1, 0] = np.inf
    R[0, :n + 1] = np.inf
    R[0, 0] = 0
    for i in range(1, m + 1):
        for j in range(1, n + 1):
            R[i, j] = D[i - 1, j - 1] + softmin3(R[i - 1, j], R[i - 1, j - 1], R[i, j - 1], gamma)
    return R[m, n]


def sdtw(X, Y, gamma=1.0):
    return soft_dtw(squared_euclidean(X, Y), gamma)


def sdtw_divergence(X, Y, gamma=0.5):
    return sdtw(X, Y, gamma) - 0.5 * (sdtw(X, X, gamma) + sdtw(Y, Y, gamma))


t = np.linspace(0, 1, 6)
XA = np.stack([np.sin(4 * t), np.cos(3 * t)], axis=1)
YB = np.stack([np.sin(4 * t[:5] + 0.3), np.cos(3 * t[:5]) + 0.1], axis=1)

CASES = [
    dict(name="sdtw", function=sdtw, args=lambda: (XA.copy(), YB.copy()), wrt=(0, 1)),
    dict(name="divergence", function=sdtw_divergence, args=lambda: (XA.copy(), YB.copy())),
]
