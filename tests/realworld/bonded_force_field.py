# Written for this corpus (p2) in the style of molecular-mechanics energy functions (AMBER/CHARMM bonded terms as in OpenMM's documentation and the "write your own MD" tutorials): topology as lists of index tuples, parameters as dicts keyed by those tuples, harmonic bonds with `np.linalg.norm`, harmonic angles with `np.arccos(np.clip(cos, -1, 1))`, periodic dihedrals with `np.arctan2` of the standard praxeolitic formula, and a Coulomb plus Lennard-Jones term over 1-4 pairs with `itertools.combinations` excluded pairs.
import itertools

import numpy as np

BONDS = {(0, 1): (340.0, 1.09), (1, 2): (310.0, 1.53), (2, 3): (340.0, 1.09), (2, 4): (570.0, 1.23)}
ANGLES = {(0, 1, 2): (50.0, np.radians(109.5)), (1, 2, 3): (50.0, np.radians(109.5)), (1, 2, 4): (80.0, np.radians(120.4))}
DIHEDRALS = {(0, 1, 2, 3): (0.16, 3, 0.0), (0, 1, 2, 4): (0.8, 2, np.pi)}
CHARGES = np.array([0.1, -0.2, 0.5, 0.1, -0.5])
SIGMA, EPS = 2.5, 0.05


def bond_energy(xyz):
    e = 0.0
    for (i, j), (k, r0) in BONDS.items():
        r = np.linalg.norm(xyz[i] - xyz[j])
        e += k * (r - r0) ** 2
    return e


def angle_energy(xyz):
    e = 0.0
    for (i, j, k), (ktheta, theta0) in ANGLES.items():
        v1 = xyz[i] - xyz[j]
        v2 = xyz[k] - xyz[j]
        cos_theta = np.dot(v1, v2) / (np.linalg.norm(v1) * np.linalg.norm(v2))
        theta = np.arccos(np.clip(cos_theta, -1.0, 1.0))
        e += ktheta * (theta - theta0) ** 2
    return e


def dihedral(p0, p1, p2, p3):
    """Praxeolitic formula: 1 sqrt, 1 cross product."""
    b0 = -1.0 * (p1 - p0)
    b1 = p2 - p1
    b2 = p3 - p2
    b1 /= np.linalg.norm(b1)
    v = b0 - np.dot(b0, b1) * b1
    w = b2 - np.dot(b2, b1) * b1
    x = np.dot(v, w)
    y = np.dot(np.cross(b1, v), w)
    return np.arctan2(y, x)


def dihedral_energy(xyz):
    return sum(k * (1 + np.cos(n * dihedral(*xyz[list(idx)]) - delta)) for idx, (k, n, delta) in DIHEDRALS.items())


def nonbonded_energy(xyz):
    bonded = set(BONDS) | {(i, k) for i, _, k in ANGLES}
    e = 0.0
    for i, j in itertools.combinations(range(len(xyz)), 2):
        if (i, j) in bonded:
            continue
        r = np.linalg.norm(xyz[i] - xyz[j])
        sr6 = (SIGMA / r) ** 6
        e += 332.0636 * CHARGES[i] * CHARGES[j] / r + 4 * EPS * (sr6 ** 2 - sr6)
    return e


def total_energy(xyz):
    return bond_energy(xyz) + angle_energy(xyz) + dihedral_energy(xyz) + nonbonded_energy(xyz)


XYZ = np.array([[0.0, 0.0, 0.0], [1.1, 0.1, 0.0], [1.6, 1.5, 0.1], [1.2, 2.0, 1.0], [2.8, 1.7, -0.3]])

CASES = [
    dict(name="total_energy", function=total_energy, args=lambda: (XYZ.copy(),)),
    dict(name="dihedral", function=lambda xyz: dihedral(xyz[0], xyz[1], xyz[2], xyz[3]), args=lambda: (XYZ.copy(),)),
]
