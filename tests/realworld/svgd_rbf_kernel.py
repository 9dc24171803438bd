# Ported from Qiang Liu's Stein variational gradient descent reference code (dilinwang820/Stein-Variational-Gradient-Descent, `python/svgd.py`): `svgd_kernel` with `pdist`/`squareform`, the median heuristic `h = sqrt(0.5 * median / log(n+1))`, `dxkxy` by `-np.matmul(Kxy, theta)` plus a loop over dimensions, and `update`'s step with AdaGrad; differentiated here through one update in the particles (as SVGD-as-amortised-inference papers do).
import numpy as np
from scipy.spatial.distance import pdist, squareform


class MVN:
    def __init__(self, mu, A):
        self.mu = mu
        self.A = A

    def dlnprob(self, theta):
        return -1 * np.matmul(theta - np.tile(self.mu, (theta.shape[0], 1)), self.A)


class SVGD():

    def __init__(self):
        pass

    def svgd_kernel(self, theta, h=-1):
        sq_dist = pdist(theta)
        pairwise_dists = squareform(sq_dist) ** 2
        if h < 0:  # if h < 0, using median trick
            h = np.median(pairwise_dists)
            h = np.sqrt(0.5 * h / np.log(theta.shape[0] + 1))

        # compute the rbf kernel
        Kxy = np.exp(-pairwise_dists / h ** 2 / 2)

        dxkxy = -np.matmul(Kxy, theta)
        sumkxy = np.sum(Kxy, axis=1)
        for i in range(theta.shape[1]):
            dxkxy[:, i] = dxkxy[:, i] + np.multiply(theta[:, i], sumkxy)
        dxkxy = dxkxy / (h ** 2)
        return (Kxy, dxkxy)

    def update(self, x0, lnprob, n_iter=3, stepsize=1e-1, bandwidth=-1, alpha=0.9):
        theta = np.copy(x0)
        # adagrad with momentum
        fudge_factor = 1e-6
        historical_grad = 0
        for iter in range(n_iter):
            lnpgrad = lnprob(theta)
            # calculating the kernel matrix
            kxy, dxkxy = self.svgd_kernel(theta, h=bandwidth)
            grad_theta = (np.matmul(kxy, lnpgrad) + dxkxy) / x0.shape[0]

            # adagrad
            if iter == 0:
                historical_grad = historical_grad + grad_theta ** 2
            else:
                historical_grad = alpha * historical_grad + (1 - alpha) * (grad_theta ** 2)
            adj_grad = np.divide(grad_theta, fudge_factor + np.sqrt(historical_grad))
            theta = theta + stepsize * adj_grad

        return theta


A = np.array([[0.2260, 0.1652], [0.1652, 0.6779]])
MU = np.array([-0.6871, 0.8010])
MODEL = MVN(MU, A)
X0 = np.random.RandomState(0).normal(0, 1, [8, 2])


def particles_mean_energy(x0, h=-1):
    theta = SVGD().update(x0, MODEL.dlnprob, bandwidth=h)
    d = theta - MU
    return np.mean(np.sum(d @ A * d, axis=1))


def kernel_sum(theta):
    Kxy, dxkxy = SVGD().svgd_kernel(theta)
    return np.sum(Kxy) + np.sum(dxkxy ** 2)


CASES = [
    dict(name="median_bandwidth", function=particles_mean_energy, args=lambda: (X0.copy(),)),
    dict(name="fixed_bandwidth", function=particles_mean_energy, args=lambda: (X0.copy(), 1.3), wrt=(0, 1)),
    dict(name="kernel", function=kernel_sum, args=lambda: (X0.copy(),)),
]
