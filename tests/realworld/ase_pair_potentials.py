# Ported from the Atomic Simulation Environment (ASE 3.x), ase/calculators/morse.py (`MorsePotential`) and ase/calculators/lj.py (`LennardJones`), the calculators before the `Calculator` base class, verbatim: `from math import exp, sqrt` on single pair terms, `update(atoms)` with `assert not atoms.get_pbc().any()` and the cached `self.positions is None or (self.positions != atoms.get_positions()).any()` test, `get_potential_energy`/`get_forces` calling it, `calculate` summing over pairs with `for i1, p1 in enumerate(positions): for i2, p2 in enumerate(positions[:i1]):`, `self.energy += ...` and the forces written in place `self._forces[i1] -= F`; a minimal `Atoms` (positions, `get_positions`, `get_pbc`, `len`) stands for ase.Atoms. The objectives: the energy of a 5-atom cluster w.r.t. the positions (the author's forces, negated, are the references) and w.r.t. the Morse parameters, the calculator made in the function as a user of ASE makes it.
from math import exp, sqrt
import numpy as np


class Atoms:
    """The part of ase.Atoms the calculators use."""

    def __init__(self, positions, pbc=False):
        self.positions = np.array(positions, dtype=float)
        self.pbc = np.array([pbc, pbc, pbc], dtype=bool)

    def get_positions(self):
        return self.positions.copy()

    def get_pbc(self):
        return self.pbc.copy()

    def __len__(self):
        return len(self.positions)


class MorsePotential:
    """Morse potential.

    Default values chosen to be similar as Lennard-Jones.
    """
    def __init__(self, rho0=6.0, epsilon=1.0, r0=1.0):
        self.epsilon = epsilon
        self.rho0 = rho0
        self.r0 = r0
        self.positions = None

    def update(self, atoms):
        assert not atoms.get_pbc().any()
        if (self.positions is None or
            (self.positions != atoms.get_positions()).any()):
            self.calculate(atoms)

    def get_potential_energy(self, atoms):
        self.update(atoms)
        return self.energy

    def get_forces(self, atoms):
        self.update(atoms)
        return self._forces

    def get_stress(self, atoms):
        return np.zeros((3, 3))
    
    def calculate(self, atoms):
        positions = atoms.get_positions()
        self.energy = 0.0
        self._forces = np.zeros((len(atoms), 3))
        preF = 2 * self.epsilon * self.rho0 / self.r0
        for i1, p1 in enumerate(positions):
            for i2, p2 in enumerate(positions[:i1]):
                diff = p2 - p1
                r = sqrt(np.dot(diff, diff))
                expf = exp(self.rho0 * (1.0 - r / self.r0))
                self.energy += self.epsilon * expf * (expf - 2)
                F = preF * expf * (expf - 1) * diff / r
                self._forces[i1] -= F
                self._forces[i2] += F
        self.positions = positions.copy()


class LennardJones:
    def __init__(self, epsilon=1.0, sigma=1.0):
        self.epsilon = epsilon
        self.sigma = sigma
        self.positions = None

    def update(self, atoms):
        assert not atoms.get_pbc().any()
        if (self.positions is None or
            (self.positions != atoms.get_positions()).any()):
            self.calculate(atoms)

    def get_potential_energy(self, atoms):
        self.update(atoms)
        return self.energy

    def get_forces(self, atoms):
        self.update(atoms)
        return self._forces

    def get_stress(self, atoms):
        return np.zeros((3, 3))
    
    def calculate(self, atoms):
        positions = atoms.get_positions()
        self.energy = 0.0
        self._forces = np.zeros((len(atoms), 3))
        for i1, p1 in enumerate(positions):
            for i2, p2 in enumerate(positions[:i1]):
                diff = p2 - p1
                d2 = np.dot(diff, diff)
                c6 = (self.sigma**2 / d2)**3
                c12 = c6**2
                self.energy += 4 * self.epsilon * (c12 - c6)
                F = 24 * self.epsilon * (2 * c12 - c6) / d2 * diff
                self._forces[i1] -= F
                self._forces[i2] += F
        self.positions = positions.copy()


CLUSTER = np.array([[0.0, 0.0, 0.0],
                    [1.05, 0.1, -0.05],
                    [0.45, 0.95, 0.1],
                    [0.5, 0.35, 0.9],
                    [-0.6, 0.7, 0.45]])


def morse_energy(positions):     # test wrapper: atoms.calc = MorsePotential(); atoms.get_potential_energy()
    calc = MorsePotential(rho0=6.0, epsilon=1.0, r0=1.0)
    return calc.get_potential_energy(Atoms(positions))


def morse_forces(positions):     # the author's forces, the reference (the energy's negative gradient)
    return -MorsePotential().get_forces(Atoms(positions))


def morse_energy_of_parameters(rho0, epsilon, r0):     # test wrapper: fitting the potential's parameters
    return MorsePotential(rho0, epsilon, r0).get_potential_energy(Atoms(CLUSTER * 1.1))


def lj_energy(positions):
    calc = LennardJones(epsilon=1.0, sigma=1.0)
    return calc.get_potential_energy(Atoms(positions))


def lj_forces(positions):
    return -LennardJones().get_forces(Atoms(positions))


CASES = [
    dict(name="morse_energy", function=morse_energy, args=lambda: (CLUSTER.copy(),), reference=morse_forces),
    dict(name="morse_parameters", function=morse_energy_of_parameters, args=lambda: (6.0, 1.0, 1.0), wrt=(0, 1, 2)),
    dict(name="lj_energy", function=lj_energy, args=lambda: (CLUSTER * 1.12,), reference=lj_forces),
]
