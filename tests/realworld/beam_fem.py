# Written for this corpus (p1) in the style of finite-element course scripts for Euler-Bernoulli beams (the "FEM for beams in Python" tutorials; Logan's "A First Course in the Finite Element Method", ch. 4): the 4x4 Hermite element stiffness, assembly with `K[np.ix_(dofs, dofs)] += ke`, a clamped end removed with `np.delete`, `np.linalg.solve`, and the compliance and tip deflection as functions of each element's bending stiffness.
import numpy as np


def element_stiffness(EI, L):
    return EI / L ** 3 * np.array([
        [12, 6 * L, -12, 6 * L],
        [6 * L, 4 * L ** 2, -6 * L, 2 * L ** 2],
        [-12, -6 * L, 12, -6 * L],
        [6 * L, 2 * L ** 2, -6 * L, 4 * L ** 2],
    ])


def assemble(EIs, length=1.0):
    n_el = len(EIs)
    L = length / n_el
    n_dof = 2 * (n_el + 1)
    K = np.zeros((n_dof, n_dof))
    for e, EI in enumerate(EIs):
        dofs = [2 * e, 2 * e + 1, 2 * e + 2, 2 * e + 3]
        K[np.ix_(dofs, dofs)] += element_stiffness(EI, L)
    return K


def solve_cantilever(EIs, tip_load=-1.0, distributed=-0.5):
    K = assemble(EIs)
    n_dof = K.shape[0]
    F = np.zeros(n_dof)
    F[0::2] = distributed / (len(EIs) + 1)
    F[-2] += tip_load
    fixed = [0, 1]
    free = np.delete(np.arange(n_dof), fixed)
    u = np.zeros(n_dof)
    u[free] = np.linalg.solve(K[np.ix_(free, free)], F[free])
    return u, F


def compliance(EIs):
    u, F = solve_cantilever(EIs)
    return F @ u


def tip_deflection(EIs):
    u, _ = solve_cantilever(EIs)
    return u[-2]


EI0 = np.array([2.0, 1.8, 1.5, 1.2, 1.0])

CASES = [
    dict(name="compliance", function=compliance, args=lambda: (EI0.copy(),)),
    dict(name="tip_deflection", function=tip_deflection, args=lambda: (EI0.copy(),)),
]
