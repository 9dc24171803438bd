"""``scipy.linalg``'s special matrices of an argument of more than one dimension: SciPy 1.17
makes a batch of matrices of it, which the compositions do not (they ravelled it, and gave
twice circulant's gradient, silently; found by the fuzzer's library class). Refused when the
code runs, in both modes; one-dimensional arguments are differentiated as before."""
import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad

linalg = pytest.importorskip("scipy.linalg")

from transpiler.primitives.scipy_linalg_matrices import one_dimensional  # noqa: E402 (after the skip)

ROWS = np.array([[0.3, 0.5, -0.2], [0.1, 0.9, 0.4]])
WEIGHTS = np.array([1.0, -2.0, 0.5])


def circulant_energy(c):
    return np.sum(np.sin(linalg.circulant(c)) * WEIGHTS)


def toeplitz_energy(c):
    return np.sum(np.sin(linalg.toeplitz(c, c * 2.0)) * WEIGHTS)


def companion_energy(a):
    return np.sum(np.sin(linalg.companion(a + 3.0)))


def fiedler_energy(a):
    return np.sum(np.sin(linalg.fiedler(a)))


def fiedler_companion_energy(a):
    return np.sum(np.sin(linalg.fiedler_companion(a + 3.0)))


def leslie_energy(f):
    return np.sum(np.sin(linalg.leslie(f, f[..., 1:] * 0.5)))


def convolution_matrix_energy(a):
    return np.sum(np.sin(linalg.convolution_matrix(a, 2)))


FUNCTIONS = [circulant_energy, toeplitz_energy, companion_energy, fiedler_energy, fiedler_companion_energy,
             leslie_energy, convolution_matrix_energy]


@pytest.mark.parametrize("f", FUNCTIONS, ids=lambda f: f.__name__)
def test_a_batch_of_special_matrices_is_refused_in_both_modes(f):
    with pytest.raises(NotImplementedError, match="a batch of matrices to SciPy 1.17"):
        transpiler.grad(f)(ROWS)
    with pytest.raises(NotImplementedError, match="a batch of matrices to SciPy 1.17"):
        transpiler.jvp(f, [ROWS], [np.ones_like(ROWS)])


@pytest.mark.parametrize("f", FUNCTIONS, ids=lambda f: f.__name__)
def test_a_one_dimensional_argument_is_differentiated(f):
    c = ROWS[0] + np.array([0.0, 0.25, 0.7])
    assert check_grad(f, c).ok
    _, along = transpiler.jvp(f, [c], [WEIGHTS])
    h = 1e-6
    assert along == pytest.approx((f(c + h * WEIGHTS) - f(c - h * WEIGHTS)) / (2 * h), rel=1e-6)


def circulant_of_one_row(c):
    return circulant_energy(c)


# the refusing identity's rule, checked where it passes a one-dimensional argument through
# (tests/primitives/test_array_rules.py wants a case for every rule)
CASES = {one_dimensional: [(circulant_of_one_row, (ROWS[0],), (0,))]}
