# Written for this corpus (p1) in the style of the Kabsch algorithm as structural-biology scripts write it (the Wikipedia pseudo-code and the `rmsd` package's `kabsch`): centroids removed, the covariance's SVD, the reflection fixed by `d = np.sign(np.linalg.det(V @ W))`, the RMSD after superposition; and scipy's `orthogonal_procrustes`.
import numpy as np
from scipy.linalg import orthogonal_procrustes


def centroid(X):
    return X.mean(axis=0)


def kabsch(P, Q):
    """The rotation U that minimises the RMSD between P @ U and Q (both centred)."""
    C = np.dot(np.transpose(P), Q)
    V, S, W = np.linalg.svd(C)
    d = (np.linalg.det(V) * np.linalg.det(W)) < 0.0
    if d:
        S[-1] = -S[-1]
        V[:, -1] = -V[:, -1]
    U = np.dot(V, W)
    return U


def kabsch_rmsd(P, Q, translate=True):
    if translate:
        P = P - centroid(P)
        Q = Q - centroid(Q)
    U = kabsch(P, Q)
    P = np.dot(P, U)
    diff = P - Q
    return np.sqrt((diff * diff).sum() / P.shape[0])


def procrustes_distance(A, B):
    A0 = A - A.mean(0)
    B0 = B - B.mean(0)
    R, scale = orthogonal_procrustes(A0, B0)
    return np.sum((A0 @ R - B0) ** 2)


rs = np.random.RandomState(4)
P0 = rs.randn(6, 3)
theta = 0.7
ROT = np.array([[np.cos(theta), -np.sin(theta), 0], [np.sin(theta), np.cos(theta), 0], [0, 0, 1]])
Q0 = P0 @ ROT + 0.1 * rs.randn(6, 3) + np.array([1.0, -2.0, 0.5])

CASES = [
    dict(name="kabsch_rmsd", function=kabsch_rmsd, args=lambda: (P0.copy(), Q0.copy()), wrt=(0, 1)),
    dict(name="orthogonal_procrustes", function=procrustes_distance, args=lambda: (P0.copy(), Q0.copy()), wrt=(0, 1)),
]
