# Written for this corpus (p2) in the style of kernel two-sample test code (Gretton et al. 2012's unbiased MMD^2, as in the NumPy snippets of MMD-GAN and generative-moment-matching tutorials): `rbf_kernel` by the `||x||^2 - 2 x.y + ||y||^2` expansion with `[:, None]`, a mixture of bandwidths from a list, the diagonal removed by `np.fill_diagonal` on copies, and an energy distance with `cdist`.
import numpy as np
from scipy.spatial.distance import cdist

SIGMAS = [0.5, 1.0, 2.0]


def sq_dists(X, Y):
    XX = np.sum(X * X, axis=1)[:, None]
    YY = np.sum(Y * Y, axis=1)[None, :]
    return np.maximum(XX - 2 * X @ Y.T + YY, 0.0)


def mix_rbf_kernel(X, Y, sigmas=SIGMAS):
    D = sq_dists(X, Y)
    K = 0
    for sigma in sigmas:
        gamma = 1.0 / (2 * sigma ** 2)
        K += np.exp(-gamma * D)
    return K


def mmd2_unbiased(X, Y):
    m, n = X.shape[0], Y.shape[0]
    Kxx = mix_rbf_kernel(X, X)
    Kyy = mix_rbf_kernel(Y, Y)
    Kxy = mix_rbf_kernel(X, Y)
    Kxx_ = Kxx.copy()
    Kyy_ = Kyy.copy()
    np.fill_diagonal(Kxx_, 0.0)
    np.fill_diagonal(Kyy_, 0.0)
    return Kxx_.sum() / (m * (m - 1)) + Kyy_.sum() / (n * (n - 1)) - 2 * Kxy.mean()


def energy_distance(X, Y):
    return 2 * cdist(X, Y).mean() - cdist(X, X).mean() - cdist(Y, Y).mean()


rng = np.random.RandomState(4)
X0 = rng.randn(7, 2)
Y0 = rng.randn(6, 2) * 1.3 + 0.4

CASES = [
    dict(name="mmd2_unbiased", function=mmd2_unbiased, args=lambda: (X0.copy(), Y0.copy()), wrt=(0, 1)),
    dict(name="energy_distance", function=energy_distance, args=lambda: (X0.copy(), Y0.copy()), wrt=(1,)),
]
