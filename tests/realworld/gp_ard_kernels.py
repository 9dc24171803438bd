# Written for this corpus (p1) in the style of GPML / GPy-style NumPy kernels: an ARD squared-exponential and a Matern-5/2 kernel with one lengthscale per input dimension through `scipy.spatial.distance.cdist` and by broadcasting, a kernel class with `__call__` and `__add__` making a sum kernel, and the negative log marginal likelihood by Cholesky with `scipy.linalg.solve_triangular`.
import numpy as np
from scipy.linalg import cholesky, solve_triangular
from scipy.spatial.distance import cdist


class ARDRBF:
    def __init__(self, log_lengthscales, log_variance):
        self.log_lengthscales = log_lengthscales
        self.log_variance = log_variance

    def __call__(self, X, Z):
        ell = np.exp(self.log_lengthscales)
        sq = cdist(X / ell, Z / ell, "sqeuclidean")
        return np.exp(self.log_variance) * np.exp(-0.5 * sq)

    def __add__(self, other):
        return SumKernel(self, other)


class Matern52:
    def __init__(self, log_lengthscales, log_variance):
        self.log_lengthscales = log_lengthscales
        self.log_variance = log_variance

    def __call__(self, X, Z):
        ell = np.exp(self.log_lengthscales)
        diff = X[:, None, :] / ell - Z[None, :, :] / ell
        r = np.sqrt(np.sum(diff ** 2, axis=-1) + 1e-12)
        s5 = np.sqrt(5.0) * r
        return np.exp(self.log_variance) * (1 + s5 + 5.0 / 3.0 * r ** 2) * np.exp(-s5)

    def __add__(self, other):
        return SumKernel(self, other)


class SumKernel:
    def __init__(self, k1, k2):
        self.k1, self.k2 = k1, k2

    def __call__(self, X, Z):
        return self.k1(X, Z) + self.k2(X, Z)


def neg_log_marginal_likelihood(kernel, X, y, noise=0.1):
    n = len(y)
    K = kernel(X, X) + noise ** 2 * np.eye(n)
    L = cholesky(K, lower=True)
    alpha = solve_triangular(L.T, solve_triangular(L, y, lower=True), lower=False)
    return 0.5 * y @ alpha + np.sum(np.log(np.diag(L))) + 0.5 * n * np.log(2 * np.pi)


def nlml_ard(hyp, X, y):
    return neg_log_marginal_likelihood(ARDRBF(hyp[:2], hyp[2]), X, y)


def nlml_sum(hyp, X, y):
    kernel = ARDRBF(hyp[:2], hyp[2]) + Matern52(hyp[3:5], hyp[5])
    return neg_log_marginal_likelihood(kernel, X, y, noise=0.2)


rs = np.random.RandomState(8)
X = rs.rand(9, 2)
Y = np.sin(3 * X[:, 0]) + 0.5 * X[:, 1] + 0.05 * rs.randn(9)

CASES = [
    dict(name="nlml_ard", function=nlml_ard, args=lambda: (np.array([-0.5, 0.2, 0.1]), X.copy(), Y.copy()), wrt=(0, 1)),
    dict(name="nlml_sum", function=nlml_sum, args=lambda: (np.array([-0.5, 0.2, 0.1, 0.0, -0.3, -1.0]), X.copy(), Y.copy())),
]
