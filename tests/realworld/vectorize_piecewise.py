# Written for this corpus (i5) in the style of an engineering script using np.vectorize and np.piecewise for a material law.
import numpy as np


def huber_scalar(r, delta=1.0):
    if abs(r) <= delta:
        return 0.5 * r * r
    return delta * (abs(r) - 0.5 * delta)


huber = np.vectorize(huber_scalar)


def robust_fit_loss(theta, x, y):
    r = y - (theta[0] + theta[1] * x)
    return np.sum(huber(r, delta=0.5))


def stress(strain, E=200.0, sy=1.0):
    return np.piecewise(strain,
                        [strain < -sy / E, np.abs(strain) <= sy / E, strain > sy / E],
                        [lambda e: -sy + 0.05 * E * (e + sy / E), lambda e: E * e,
                         lambda e: sy + 0.05 * E * (e - sy / E)])


def strain_energy(strain):
    return np.sum(stress(strain) * strain)


x = np.linspace(0, 2, 7)
y = 1.0 + 2.0 * x + np.array([0.1, -0.2, 2.0, 0.0, -1.5, 0.3, 0.05])

CASES = [
    dict(name="huber", function=robust_fit_loss, args=lambda: (np.array([0.8, 1.9]), x, y)),
    dict(name="piecewise", function=strain_energy, args=lambda: (np.array([-0.01, -0.002, 0.001, 0.004, 0.02]),)),
]
