"""scipy.linalg's logm (by its Fréchet derivative, primitives/scipy_linalg_functions.py),
eigh_tridiagonal and qr_multiply (compositions), in the spellings users write, in reverse and
forward mode against central finite differences and through the Hessian, every output against
SciPy's value; a complex logarithm and select='v' refused."""
import numpy as np
import pytest

pytest.importorskip("scipy")
import scipy.linalg as sl  # noqa: E402
from array_check import rng  # noqa: E402
from one_argument_checks import (gradient_matches_finite_differences,  # noqa: E402
                                 hessian_matches_differences_of_the_gradient, jvp_matches_finite_differences)
from scipy.linalg import logm  # noqa: E402

import transpiler  # noqa: E402
from transpiler.errors import TranspileError  # noqa: E402

A = rng(3).normal(size=(3, 3)) + 3 * np.eye(3)
NONSYMMETRIC = rng(4).normal(size=(3, 3)) * 0.3 + 2 * np.eye(3)
GRID = np.arange(9.0).reshape(3, 3)


def logarithm(a):
    return np.sum(sl.logm(a @ a.T) * (GRID + 1.0))


def logarithm_of_a_nonsymmetric_matrix(a):
    return np.sum(logm(a) ** 2 * GRID)


def logarithm_in_a_loop(a):
    total = 0.0
    for scale in (1.0, 2.0):
        total = total + np.trace(sl.logm(scale * a) @ a)
    return total


def log_det_by_logm(a):
    return np.trace(sl.logm(a @ a.T + np.eye(3)))


transpiler.primitives.registry.load_optional_rules()
CASES = {sl.logm: [(logarithm, (A,), (0,)), (logarithm_of_a_nonsymmetric_matrix, (NONSYMMETRIC,), (0,))]}

LOGARITHMS = [(logarithm, A), (logarithm_of_a_nonsymmetric_matrix, NONSYMMETRIC), (logarithm_in_a_loop, NONSYMMETRIC),
              (log_det_by_logm, A)]


@pytest.mark.parametrize("fn, x", LOGARITHMS, ids=lambda v: getattr(v, "__name__", ""))
def test_logm_in_both_modes_and_the_hessian(fn, x):
    gradient_matches_finite_differences(fn, x)
    jvp_matches_finite_differences(fn, x)
    hessian_matches_differences_of_the_gradient(fn, x)


def test_log_det_by_logm_is_the_log_det_gradient():
    # trace(logm(S)) = log det S: its gradient is 2 S⁻¹ a for S = a aᵀ + I
    s = A @ A.T + np.eye(3)
    np.testing.assert_allclose(transpiler.grad(log_det_by_logm)(A), 2 * np.linalg.solve(s, A), rtol=1e-8)


def logarithm_with_a_negative_eigenvalue(a):
    return np.sum(sl.logm(np.diag([-1.0, 2.0]) * a[0, 0]))


def test_logm_with_a_complex_logarithm_is_refused_when_the_derivative_runs():
    with pytest.raises(NotImplementedError, match="complex logarithm"):
        transpiler.jvp(logarithm_with_a_negative_eigenvalue, (A,), (np.ones_like(A),))


# --------------------------------------------------------------------------- eigh_tridiagonal
def tridiagonal_spectrum(x):
    w, v = sl.eigh_tridiagonal(x[0] * 3, x[1, :3])
    return np.sum(w * np.arange(4.0)) + np.sum(v ** 3 * GRID[:, :1].T[:, :1]) + np.sum(v[:, 0] * np.arange(4.0))


def tridiagonal_eigenvalues_only(x):
    return np.sum(sl.eigh_tridiagonal(x[0], x[1, :3], eigvals_only=True) ** 2)


def tridiagonal_selected_by_index(x):
    w, v = sl.eigh_tridiagonal(x[0] * 2, x[2, :3], select="i", select_range=(1, 2))
    return np.sum(w ** 2) + np.sum(v[1:] ** 3)


X4 = rng(5).normal(size=(3, 4))


@pytest.mark.parametrize("fn", [tridiagonal_spectrum, tridiagonal_eigenvalues_only, tridiagonal_selected_by_index],
                         ids=lambda f: f.__name__)
def test_eigh_tridiagonal_in_both_modes_and_the_hessian(fn):
    gradient_matches_finite_differences(fn, X4)
    jvp_matches_finite_differences(fn, X4)
    hessian_matches_differences_of_the_gradient(fn, X4, rtol=1e-3, atol=1e-5)


def tridiagonal_outputs(d, e):
    return sl.eigh_tridiagonal(d, e), sl.eigh_tridiagonal(d, e, select="i", select_range=[0, 1])


def test_eigh_tridiagonal_values_and_signs_are_scipys():
    d, e = X4[0], X4[1, :3]
    value, _ = transpiler.jvp(tridiagonal_outputs, (d, e), (np.ones(4), np.ones(3)))
    for (w, v), (their_w, their_v) in zip(value, tridiagonal_outputs(d, e)):
        np.testing.assert_allclose(w, their_w, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(v, their_v, rtol=1e-10, atol=1e-12)


def tridiagonal_by_value(x):
    return np.sum(sl.eigh_tridiagonal(x[0], x[1, :3], select="v", select_range=(-1.0, 1.0))[0])


def test_eigh_tridiagonal_by_value_is_refused_where_written():
    with pytest.raises(TranspileError, match="select='v'") as refusal:
        transpiler.grad(tridiagonal_by_value)(X4)
    assert f"test_scipy_linalg_functions.py:{tridiagonal_by_value.__code__.co_firstlineno + 1}:" in str(refusal.value)


# --------------------------------------------------------------------------- qr_multiply
def multiplied_on_the_left(a):
    cq, r = sl.qr_multiply(a, a[:3, :2] + 1.0, mode="left")
    return np.sum(cq * np.arange(8.0).reshape(4, 2)) + np.sum(r ** 2)


def multiplied_on_the_right(a):
    cq, r = sl.qr_multiply(a, np.cos(a.T[:2]))
    return np.sum(cq ** 2 * np.arange(6.0).reshape(2, 3)) + np.sum(np.abs(r))


def multiplied_vector(a):
    return np.sum(sl.qr_multiply(a, np.cos(a[:, 0]), "right")[0] * np.arange(1.0, 4.0))


def multiplied_sequences(a):
    """``c`` a tuple of numbers, a list, a tuple of arrays (SciPy makes arrays of them)."""
    left = sl.qr_multiply(a, (3, 2, 1), mode="left")[0]
    right = sl.qr_multiply(a, [1.0, -2.0, 0.5, 2.0])[0]
    rows = sl.qr_multiply(a, (a[:, 0], np.sin(a[:, 1])))[0]
    return np.sum(left * np.arange(4.0)) + np.sum(right ** 2) + np.sum(rows * np.arange(6.0).reshape(2, 3))


TALL = rng(6).normal(size=(4, 3))


@pytest.mark.parametrize("fn", [multiplied_on_the_left, multiplied_on_the_right, multiplied_vector, multiplied_sequences],
                         ids=lambda f: f.__name__)
def test_qr_multiply_in_both_modes_and_the_hessian(fn):
    gradient_matches_finite_differences(fn, TALL)
    jvp_matches_finite_differences(fn, TALL)
    hessian_matches_differences_of_the_gradient(fn, TALL)


def qr_multiplied(a, c):
    return (sl.qr_multiply(a, c, mode="left"), sl.qr_multiply(a, c.T @ a.T), sl.qr_multiply(a, (3, 2, 1), mode="left"),
            sl.qr_multiply(a[0, :1], 2.0))     # (a vector `a`: one row, as SciPy's)


def test_qr_multiply_values_are_scipys():
    c = rng(7).normal(size=(3, 2))
    value, _ = transpiler.jvp(qr_multiplied, (TALL, c), (np.ones_like(TALL), np.ones_like(c)))
    for ours, theirs in zip(value, qr_multiplied(TALL, c)):
        for a, b in zip(ours, theirs):
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)
