# Ported from krasserm/bayesian-machine-learning, gaussian-processes/gaussian_processes.ipynb and gaussian_processes_util.py: the squared-exponential kernel and the negative log marginal likelihood closures `nll_fn` returns.
import numpy as np
from numpy.linalg import inv
from numpy.linalg import cholesky, det, lstsq
from scipy.linalg import solve_triangular


def kernel(X1, X2, l=1.0, sigma_f=1.0):
    """
    Isotropic squared exponential kernel.

    Args:
        X1: Array of m points (m x d).
        X2: Array of n points (n x d).

    Returns:
        (m x n) matrix.
    """
    sqdist = np.sum(X1**2, 1).reshape(-1, 1) + np.sum(X2**2, 1) - 2 * np.dot(X1, X2.T)
    return sigma_f**2 * np.exp(-0.5 / l**2 * sqdist)


def nll_fn(X_train, Y_train, noise, naive=True):
    """
    Returns a function that computes the negative log marginal
    likelihood for training data X_train and Y_train and given
    noise level.

    Args:
        X_train: training locations (m x d).
        Y_train: training targets (m x 1).
        noise: known noise level of Y_train.
        naive: if True use a naive implementation of Eq. (11), if
               False use a numerically more stable implementation.

    Returns:
        Minimization objective.
    """

    Y_train = Y_train.ravel()

    def nll_naive(theta):
        # Naive implementation of Eq. (11). Works well for the examples
        # in this article but is numerically less stable compared to
        # the implementation in nll_stable below.
        K = kernel(X_train, X_train, l=theta[0], sigma_f=theta[1]) + \
            noise**2 * np.eye(len(X_train))
        return 0.5 * np.log(det(K)) + \
               0.5 * Y_train.dot(inv(K).dot(Y_train)) + \
               0.5 * len(X_train) * np.log(2*np.pi)

    def nll_stable(theta):
        # Numerically more stable implementation of Eq. (11) as described
        # in http://www.gaussianprocess.org/gpml/chapters/RW2.pdf, Section
        # 2.2, Algorithm 2.1.

        def ls(a, b):
            return lstsq(a, b, rcond=-1)[0]

        K = kernel(X_train, X_train, l=theta[0], sigma_f=theta[1]) + \
            noise**2 * np.eye(len(X_train))
        L = cholesky(K)

        S1 = solve_triangular(L, Y_train, lower=True)
        S2 = solve_triangular(L.T, S1, lower=False)

        return np.sum(np.log(np.diagonal(L))) + \
               0.5 * Y_train.dot(S2) + \
               0.5 * len(X_train) * np.log(2*np.pi)

    if naive:
        return nll_naive
    else:
        return nll_stable


noise = 0.4
X_train = np.arange(-3, 4, 1).reshape(-1, 1)
Y_train = np.sin(X_train) + noise * np.random.RandomState(0).randn(*X_train.shape)

def kernel_sum(X1, l, sigma_f):
    # test wrapper: the kernel against the training inputs, summed
    return np.sum(kernel(X1, X_train, l=l, sigma_f=sigma_f))


CASES = [
    dict(name="nll_naive", function=nll_fn(X_train, Y_train, noise), args=lambda: ([1.2, 0.9],)),
    dict(name="nll_stable", function=nll_fn(X_train, Y_train, noise, naive=False), args=lambda: ([1.2, 0.9],)),
    dict(name="kernel_sum", function=kernel_sum,
         args=lambda: (np.linspace(-1.0, 1.0, 4).reshape(-1, 1), 1.3, 0.7), wrt=(0, 1, 2)),
]
