"""The ``symmetric_solve`` rewrite (transpiler/rewrites/symmetric.py): a solve with a matrix
symmetric by construction needs no transposed solve, and the quadratic form ``y @ solve(K, y)``
no second solve at all; the same gradient with the rewrite off."""
import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad

RNG = np.random.default_rng(5)


def run_source(f, *args, rewrites=True) -> str:
    return transpiler.grad(f, rewrites=rewrites).compiled(args).source


def same_gradient(f, *args, wrt=0):
    """``f``'s gradient with all rewrites on and with them off agree to 1e-12 (relative to the
    largest element, at least 1)."""
    on = transpiler.grad(f, wrt=wrt)(*args)
    off = transpiler.grad(f, wrt=wrt, rewrites=False)(*args)
    for a, b in zip(*(g if isinstance(g, tuple) else (g,) for g in (on, off)), strict=True):
        scale = max(1.0, float(np.max(np.abs(b))))
        assert np.max(np.abs(np.asarray(a) - b)) <= 1e-12 * scale
    return True


def gp_quadratic(ell, X, y):
    D = (X[:, None, 0] - X[None, :, 0]) ** 2 + (X[:, None, 1] - X[None, :, 1]) ** 2
    K = np.exp(-D / (2 * ell[0] ** 2)) + ell[1] ** 2 * np.eye(X.shape[0])
    return y @ np.linalg.solve(K, y)


def test_a_quadratic_form_in_a_symmetric_solve_needs_no_second_solve_and_no_outer_product():
    X, y, ell = RNG.uniform(size=(70, 2)), RNG.standard_normal(70), np.array([0.4, 0.3])
    source = run_source(gp_quadratic, ell, X, y)
    assert "solve_adjoint" not in source and source.count("np.linalg.solve") == 1
    assert "einsum" not in source and "@ (" in source          # u @ (S * Q) @ v
    assert check_grad(gp_quadratic, ell, X, y)
    printed = transpiler.grad(gp_quadratic).source([(2,), (70, 2), (70,)])
    assert "solve_adjoint" in printed                           # shapes and symmetry not assumed


def asymmetric_solve(a, b):
    return b @ np.linalg.solve(a + a.T * 0.5, b)


def test_a_matrix_not_symmetric_by_construction_keeps_the_general_adjoint():
    a, b = RNG.standard_normal((4, 4)) + 4 * np.eye(4), RNG.standard_normal(4)
    assert "np.linalg.solve(_t3.T, b)" in run_source(asymmetric_solve, a, b)    # the transposed solve
    assert check_grad(asymmetric_solve, a, b, wrt=(0, 1))


def test_switched_off_the_general_adjoint_runs_and_the_gradient_is_the_same():
    X, y, ell = RNG.uniform(size=(30, 2)), RNG.standard_normal(30), np.array([0.4, 0.3])
    off = run_source(gp_quadratic, ell, X, y, rewrites={"symmetric_solve": False})
    assert "np.linalg.solve(K.T, y)" in off                    # the general adjoint, written out
    assert "solve_adjoint" not in run_source(gp_quadratic, ell, X, y)
    assert run_source(gp_quadratic, ell, X, y).count("np.linalg.solve") == 1
    assert same_gradient(gp_quadratic, ell, X, y)
    assert same_gradient(gp_quadratic, ell, X, y, wrt=(0, 1, 2))


def gram_solve(A, b):
    K = A @ A.T + np.eye(A.shape[0])        # symmetric by construction: A @ A.T and the identity
    return np.sum(np.linalg.solve(K, b) * b[::-1])


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_a_gram_matrix_is_symmetric_and_any_adjoint_gets_one_solve(dtype):
    A, b = RNG.standard_normal((6, 6)).astype(dtype), RNG.standard_normal(6).astype(dtype)
    source = run_source(gram_solve, A, b)
    assert "solve_adjoint" not in source and source.count("np.linalg.solve") == 2   # primal, adjoint
    off = run_source(gram_solve, A, b, rewrites=False)
    assert "np.linalg.solve(K.T," in off and off.count("np.linalg.solve") == 2   # transposed, once
    if dtype is np.float64:
        assert check_grad(gram_solve, A, b, wrt=(0, 1))
        assert same_gradient(gram_solve, A, b, wrt=(0, 1))
