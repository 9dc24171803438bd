"""scipy.linalg's orthogonal reductions (primitives/scipy_linalg_reductions.py): hessenberg (H,
and Q with calc_q) and schur (T, Z) in reverse and forward mode against central finite
differences and through the Hessian, every output against SciPy's value, and the refusals where
the reduction has no derivative (it jumps, or the rule does not cover it), located where
written. (Forward over forward: test_linalg_hessians.py.)"""
import numpy as np
import pytest

pytest.importorskip("scipy")
import scipy.linalg as sl  # noqa: E402
from array_check import rng  # noqa: E402
from one_argument_checks import (gradient_matches_finite_differences,  # noqa: E402
                                 hessian_matches_differences_of_the_gradient, jvp_matches_finite_differences)

import transpiler  # noqa: E402
from transpiler.errors import TranspileError  # noqa: E402

A = rng(1).normal(size=(3, 3)) + 3 * np.eye(3)
WEIGHTS = rng(2).normal(size=(5, 5))
# eigenvalues -2.44, -0.19, 0.60, 2.90: real and distinct (the Schur form triangular)
REAL_SPECTRUM = np.array([[-0.39, 0.65, -0.12, -0.23], [-0.06, 1.85, 2.16, -0.52],
                          [-0.93, 2.69, -0.98, -0.57], [0.04, 0.48, 1.03, 0.39]])


def five_by_five(a):
    return np.concatenate([np.concatenate([a, a[:, :2] ** 2], axis=1),
                           np.concatenate([a[:2] * 0.5, np.eye(2)], axis=1)])


def hessenberg_reductions(a):
    # (three reflections, each of the one before's output)
    h, q = sl.hessenberg(five_by_five(a), calc_q=True)
    return np.sum(np.sin(h) * WEIGHTS) + np.sum(q[:, :2] ** 3) + np.sum(sl.hessenberg(a.T) ** 2)


def schur_forms(a):
    t, z = sl.schur(a)
    vectors = sl.schur(a.T + 0.5, output="real", check_finite=False)[1]
    return np.sum(np.sin(t) * WEIGHTS[:4, :4]) + np.sum(z[:, :3] ** 3) + np.sum(vectors * WEIGHTS[1:, :4])


CHECKS = [(hessenberg_reductions, A), (schur_forms, REAL_SPECTRUM)]


@pytest.mark.parametrize("fn, x", CHECKS, ids=lambda v: getattr(v, "__name__", ""))
def test_gradient_matches_finite_differences(fn, x):
    gradient_matches_finite_differences(fn, x)


@pytest.mark.parametrize("fn, x", CHECKS, ids=lambda v: getattr(v, "__name__", ""))
def test_jvp_matches_finite_differences(fn, x):
    jvp_matches_finite_differences(fn, x)


@pytest.mark.parametrize("fn, x", CHECKS, ids=lambda v: getattr(v, "__name__", ""))
def test_hessian_matches_differences_of_the_gradient(fn, x):
    hessian_matches_differences_of_the_gradient(fn, x)


def every_output(a, b):
    return (sl.hessenberg(a), sl.hessenberg(five_by_five(a), calc_q=True), sl.schur(b), sl.schur(b.T + 0.5))


def test_every_output_is_scipys_value():
    a, b = A, REAL_SPECTRUM
    got = transpiler.jvp(every_output, (a, b), (np.zeros_like(a), np.zeros_like(b)))[0]
    for mine, scipys in zip(got, every_output(a, b)):
        for m, s in zip(*((mine, scipys) if isinstance(mine, tuple) else ((mine,), (scipys,)))):
            np.testing.assert_allclose(m, s, rtol=1e-10, atol=1e-12)


def test_float32_stays_float32():
    a = five_by_five(A).astype(np.float32)
    h, q = transpiler.jvp(lambda m: sl.hessenberg(m, calc_q=True), (a,), (np.ones_like(a),))[1]
    assert h.dtype == q.dtype == np.float32


TRIDIAGONAL = np.diag([1.0, 2.0, 3.0]) + np.diag([0.5, -0.5], 1) + np.diag([0.5, -0.5], -1)
ZERO_BELOW_THE_DIAGONAL = np.array([[1.0, 2.0, 3.0], [0.0, 1.0, 2.0], [4.0, 5.0, 6.0]])
ROTATION = np.array([[0.0, -1.0, 0.2], [1.0, 0.0, 0.1], [0.0, 0.3, 2.0]])


def hessenberg_of(a):
    return np.sum(sl.hessenberg(a) ** 3)


def schur_of(a):
    return np.sum(sl.schur(a)[1] ** 3)


@pytest.mark.parametrize("fn, a, says", [
    (hessenberg_of, TRIDIAGONAL, "already upper Hessenberg"), (hessenberg_of, ZERO_BELOW_THE_DIAGONAL, "off the jump"),
    (hessenberg_of, A + 1j * A[0], "complex"), (schur_of, ROTATION, "complex eigenvalues"),
    (schur_of, np.diag([1.0, 1.0, 2.0]), "repeated eigenvalue"), (schur_of, A + 1j * A[0], "complex matrix")],
    ids=["hessenberg already reduced", "hessenberg zero subdiagonal", "hessenberg complex", "schur 2x2 block",
         "schur repeated", "schur complex"])
def test_a_reduction_without_a_derivative_is_refused_when_it_runs(fn, a, says):
    """hessenberg: a column already reduced (zeros below its subdiagonal entry) is left as it is
    by LAPACK and reflected, a row and a column's sign flipped, at every point nearby; a zero
    subdiagonal entry flips the reflection's sign across it. schur: Z jumps at a repeated
    eigenvalue; the 2 x 2 blocks of complex ones have no rule. Both modes."""
    for differentiate in (lambda: transpiler.jvp(fn, (a,), (np.ones_like(a),)), lambda: transpiler.vjp(fn, a)[1](1.0)):
        with pytest.raises(TranspileError, match=says) as refusal:
            differentiate()
        assert f"test_scipy_linalg_reductions.py:{fn.__code__.co_firstlineno + 1}:" in str(refusal.value)


def test_hessenbergs_jump_at_an_already_reduced_column_is_scipys():
    # (the refusal above is of a true discontinuity: SciPy's own values on either side)
    moved = TRIDIAGONAL + np.diag([1e-9], -2)
    assert sl.hessenberg(TRIDIAGONAL)[1, 0] == pytest.approx(-sl.hessenberg(moved)[1, 0])


def complex_schur(a):
    return np.sum(np.abs(sl.schur(a, output="complex")[0]))


def complex_schur_by_rotations(a):
    t, z = sl.schur(a)
    return np.sum(np.abs(sl.rsf2csf(t, z)[0]))


@pytest.mark.parametrize("fn, says", [(complex_schur, "output='complex'"), (complex_schur_by_rotations, "rsf2csf")],
                         ids=["output='complex'", "rsf2csf"])
def test_the_complex_schur_form_is_refused_where_written(fn, says):
    with pytest.raises(TranspileError, match=says) as refusal:
        transpiler.grad(fn)(REAL_SPECTRUM)
    line = fn.__code__.co_firstlineno + (2 if fn is complex_schur_by_rotations else 1)
    assert f"test_scipy_linalg_reductions.py:{line}:" in str(refusal.value)
