"""Functions compiled by numba (frontend/jitted.py): ``@jit(nopython=True, nogil=True)`` and
``@njit`` helpers (pyLJ's pair loop, tests/realworld/defusco_lj_cluster.py) are lowered from the
Python function numba compiles (``py_func``): called in a loop, a branch, from another jitted
function, differentiated directly, in both modes against central differences, float32 and
hessian."""
import numpy as np
import pytest

import transpiler

from sequence_checks import assert_both_modes

numba = pytest.importorskip("numba")


@numba.jit(nopython=True, nogil=True)
def pair_energy(r2):
    sr6 = (1. / r2) ** 3
    return 4. * (sr6 * sr6 - sr6)


@numba.njit
def squared_distance(a, b):
    d = a - b
    return d[0] * d[0] + d[1] * d[1]


@numba.njit
def total(points):
    energy = 0.0
    for i in range(len(points) - 1):
        for j in range(i + 1, len(points)):
            energy += pair_energy(squared_distance(points[i], points[j]))
    return energy


def through_a_branch(points, scale):
    e = total(points)
    if e > 0:
        return scale * e
    return e * np.tanh(scale) + pair_energy(1.5 + scale ** 2)


POINTS = np.array([[0.0, 0.1], [1.1, -0.2], [0.3, 1.2], [1.4, 1.0]])


@pytest.mark.parametrize("f, args, wrt", [(total, (POINTS,), 0), (through_a_branch, (POINTS, 0.7), 0),
                                          (through_a_branch, (POINTS, 0.7), 1)])
def test_jitted_functions_in_both_modes(f, args, wrt):
    assert_both_modes(f, *args, wrt=wrt)
    np.testing.assert_allclose(transpiler.value_and_grad(f, wrt=wrt)(*args)[0], f(*args))


def test_float32_and_hessian_through_jitted_functions():
    g32 = transpiler.grad(total)(POINTS.astype(np.float32))
    assert g32.dtype == np.float32
    np.testing.assert_allclose(g32, transpiler.grad(total)(POINTS), rtol=1e-3)
    hessian = np.reshape(transpiler.hessian(total)(POINTS), (8, 8))
    gradient = transpiler.grad(total)
    numeric = np.stack([((gradient(POINTS + 1e-6 * e.reshape(4, 2)) - gradient(POINTS - 1e-6 * e.reshape(4, 2)))
                         / 2e-6).ravel() for e in np.eye(8)], axis=1)
    np.testing.assert_allclose(hessian, numeric, rtol=1e-5, atol=1e-5)
