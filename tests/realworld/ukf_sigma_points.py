# Written for this corpus (p1) in the style of filterpy's `MerweScaledSigmaPoints` and `unscented_transform` (Labbe, "Kalman and Bayesian Filters in Python", ch. 10): sigma points from `scipy.linalg.cholesky((lambda_ + n) * P)`, weights `Wm`/`Wc`, a `NamedTuple` of filter parameters, a nonlinear range-bearing measurement, and the innovation log-likelihood with `scipy.stats.multivariate_normal.logpdf`.
from typing import NamedTuple

import numpy as np
from scipy.linalg import cholesky
from scipy.stats import multivariate_normal


class MerweParams(NamedTuple):
    alpha: float = 0.5
    beta: float = 2.0
    kappa: float = 0.0


def weights(n, p):
    lambda_ = p.alpha ** 2 * (n + p.kappa) - n
    c = 0.5 / (n + lambda_)
    Wc = np.full(2 * n + 1, c)
    Wm = np.full(2 * n + 1, c)
    Wc[0] = lambda_ / (n + lambda_) + (1 - p.alpha ** 2 + p.beta)
    Wm[0] = lambda_ / (n + lambda_)
    return Wm, Wc


def sigma_points(x, P, p):
    n = len(x)
    lambda_ = p.alpha ** 2 * (n + p.kappa) - n
    U = cholesky((lambda_ + n) * P)
    sigmas = np.zeros((2 * n + 1, n))
    sigmas[0] = x
    for k in range(n):
        sigmas[k + 1] = x + U[k]
        sigmas[n + k + 1] = x - U[k]
    return sigmas


def unscented_transform(sigmas, Wm, Wc, noise_cov):
    x = Wm @ sigmas
    y = sigmas - x[np.newaxis, :]
    P = y.T @ np.diag(Wc) @ y
    return x, P + noise_cov


def fx(x, dt=0.1):
    F = np.array([[1, dt, 0, 0], [0, 1, 0, 0], [0, 0, 1, dt], [0, 0, 0, 1]], dtype=float)
    return F @ x


def hx(x):
    return np.array([np.hypot(x[0], x[2]), np.arctan2(x[2], x[0])])


def ukf_loglik(log_q, zs, params=MerweParams()):
    n = 4
    x = np.array([1.0, 0.5, 1.0, 0.2])
    P = 0.5 * np.eye(n)
    Q = np.exp(log_q) * np.eye(n)
    R = np.diag([0.05, 0.01])
    Wm, Wc = weights(n, params)
    ll = 0.0
    for z in zs:
        sig = np.array([fx(s) for s in sigma_points(x, P, params)])
        x, P = unscented_transform(sig, Wm, Wc, Q)
        sig = sigma_points(x, P, params)
        sig_z = np.array([hx(s) for s in sig])
        zp, S = unscented_transform(sig_z, Wm, Wc, R)
        Pxz = sum(Wc[i] * np.outer(sig[i] - x, sig_z[i] - zp) for i in range(2 * n + 1))
        K = Pxz @ np.linalg.inv(S)
        ll += multivariate_normal.logpdf(z, mean=zp, cov=S)
        x = x + K @ (z - zp)
        P = P - K @ S @ K.T
    return ll


ZS = np.array([[1.6, 0.75], [1.7, 0.74], [1.75, 0.72], [1.85, 0.71], [1.95, 0.69]])

CASES = [
    dict(name="loglik_wrt_q", function=ukf_loglik, args=lambda: (-2.0, ZS.copy())),
    dict(name="loglik_wrt_measurements", function=ukf_loglik, args=lambda: (-2.0, ZS.copy()), wrt=(1,)),
]
