# Written for this corpus (p1) in the style of Kuramoto-model notebooks (Strogatz's "From Kuramoto to Crawford" as students code it): phases integrated by explicit Euler with `np.sin(theta[None, :] - theta[:, None])`, a coupling matrix, the complex order parameter `abs(mean(exp(1j * theta)))` and its phase with `np.angle`, written with `cmath`/`math` for the scalar case too.
import cmath
import math

import numpy as np


def kuramoto_rhs(theta, omega, K, A):
    N = len(theta)
    return omega + K / N * np.sum(A * np.sin(theta[None, :] - theta[:, None]), axis=1)


def simulate(theta0, omega, K, A, dt=0.05, steps=40):
    theta = theta0.copy()
    for _ in range(steps):
        theta += dt * kuramoto_rhs(theta, omega, K, A)
    return theta


def order_parameter(theta):
    z = np.mean(np.exp(1j * theta))
    return np.abs(z), np.angle(z)


def synchrony(omega, K, theta0, A):
    r, psi = order_parameter(simulate(theta0, omega, K, A))
    return r + 0.1 * np.cos(psi)


def two_oscillators(delta_omega, K):
    # the two-oscillator phase difference phi' = delta_omega - K sin(phi), with math and cmath
    phi = 0.3
    for _ in range(100):
        phi = phi + 0.05 * (delta_omega - K * math.sin(phi))
    z = (1 + cmath.exp(1j * phi)) / 2
    return abs(z)


N = 6
rs = np.random.RandomState(9)
OMEGA = rs.normal(0.0, 0.5, N)
THETA0 = rs.uniform(0, 2 * np.pi, N)
A_NET = (rs.rand(N, N) > 0.4).astype(float)
A_NET = np.maximum(A_NET, A_NET.T)

CASES = [
    dict(name="synchrony", function=synchrony, args=lambda: (OMEGA.copy(), 1.5, THETA0.copy(), A_NET.copy()), wrt=(0, 1, 2)),
    dict(name="two_oscillators", function=two_oscillators, args=lambda: (0.4, 1.2), wrt=(0, 1)),
]
