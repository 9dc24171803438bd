# Written for this corpus (p3) in the style of astrodynamics scripts (classical orbital elements to position and velocity as poliastro's `coe2rv` and Curtis's "Orbital Mechanics for Engineering Students" algorithms write it): the perifocal position and velocity from `p = a (1 - e^2)`, rotation matrices about z and x composed as `rotation_matrix(raan, 2) @ rotation_matrix(inc, 0) @ rotation_matrix(argp, 2)`, Kepler's equation `E - e sin E = M` by Newton in a `while` loop for the anomaly at a later time, `math.atan2` for the true anomaly; the objective a line-of-sight miss distance to an observed position and a specific-energy check. Differentiated in the elements.
import math

import numpy as np

MU_EARTH = 398600.4418  # km^3 / s^2


def rotation_matrix(angle, axis):
    c, s = math.cos(angle), math.sin(angle)
    if axis == 0:
        return np.array([[1.0, 0.0, 0.0], [0.0, c, -s], [0.0, s, c]])
    if axis == 2:
        return np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])
    raise ValueError("axis must be 0 or 2")


def rv_pqw(k, p, ecc, nu):
    r_pqw = np.array([math.cos(nu), math.sin(nu), 0.0]) * p / (1 + ecc * math.cos(nu))
    v_pqw = np.array([-math.sin(nu), ecc + math.cos(nu), 0.0]) * math.sqrt(k / p)
    return r_pqw, v_pqw


def coe2rv(k, p, ecc, inc, raan, argp, nu):
    r_pqw, v_pqw = rv_pqw(k, p, ecc, nu)
    rot = rotation_matrix(raan, 2) @ rotation_matrix(inc, 0) @ rotation_matrix(argp, 2)
    return rot @ r_pqw, rot @ v_pqw


def kepler_E(M, ecc, tol=1e-12):
    E = M if ecc < 0.8 else math.pi
    ratio = 1.0
    while abs(ratio) > tol:
        ratio = (E - ecc * math.sin(E) - M) / (1 - ecc * math.cos(E))
        E = E - ratio
    return E


def propagate(elements, dt):
    a, ecc, inc, raan, argp, M0 = elements
    n = math.sqrt(MU_EARTH / a ** 3)
    E = kepler_E(M0 + n * dt, ecc)
    nu = 2 * math.atan2(math.sqrt(1 + ecc) * math.sin(E / 2), math.sqrt(1 - ecc) * math.cos(E / 2))
    return coe2rv(MU_EARTH, a * (1 - ecc ** 2), ecc, inc, raan, argp, nu)


OBSERVED = np.array([-4500.0, 5200.0, 1800.0])


def miss_distance(elements):
    r, _ = propagate(elements, 1800.0)
    return np.linalg.norm(r - OBSERVED)


def energy_residual(elements):
    a = elements[0]
    r, v = propagate(elements, 600.0)
    energy = np.dot(v, v) / 2 - MU_EARTH / np.linalg.norm(r)
    return energy + MU_EARTH / (2 * a)


ELEMENTS = np.array([7200.0, 0.05, math.radians(51.6), math.radians(30.0), math.radians(40.0), 0.3])

CASES = [
    dict(name="miss_distance", function=miss_distance, args=lambda: (ELEMENTS.copy(),)),
    dict(name="energy", function=energy_residual, args=lambda: (ELEMENTS.copy(),)),
    dict(name="state_vector", function=lambda elements: np.concatenate(propagate(elements, 900.0)),
         args=lambda: (ELEMENTS.copy(),), kind="jacobian"),
]
