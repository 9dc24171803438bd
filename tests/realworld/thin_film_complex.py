# Written for this corpus (i5) in the style of an optics script: thin-film reflectance by the transfer-matrix method with complex numbers.
import numpy as np


def layer_matrix(n, d, wavelength):
    delta = 2 * np.pi * n * d / wavelength
    return np.array([[np.cos(delta), 1j * np.sin(delta) / n],
                     [1j * n * np.sin(delta), np.cos(delta)]])


def reflectance(thicknesses, indices, wavelength, n_sub=1.52, n0=1.0):
    M = np.eye(2, dtype=complex)
    for d, n in zip(thicknesses, indices):
        M = M @ layer_matrix(n, d, wavelength)
    B, C = M @ np.array([1.0, n_sub])
    r = (n0 * B - C) / (n0 * B + C)
    return np.abs(r) ** 2


def mean_reflectance(thicknesses):
    indices = [1.38, 2.1, 1.38]
    return np.mean([reflectance(thicknesses, indices, lam) for lam in (450.0, 550.0, 650.0)])


CASES = [
    dict(name="coating", function=mean_reflectance, args=lambda: (np.array([100.0, 60.0, 90.0]),)),
]
