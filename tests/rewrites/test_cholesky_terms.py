"""The ``cholesky_terms`` rewrite (transpiler/rewrites/cholesky_terms.py): a Cholesky factor's
adjoint whose terms are a diagonal (``log(diag(L))``) and ``cho_solve``'s two triangular outer
products becomes ``½ L⁻ᵀ diag(w) L⁻¹`` and ``-sym(K⁻¹ d_α αᵀ)``, with no ``Lᵀ @ d_L``. Pinned: each
spelling claimed (``np.sum(np.log(np.diag(L)))``, ``2 * np.log(np.diag(L)).sum()``, ``cho_solve``,
two ``solve_triangular`` with ``L.T`` or ``trans="T"``, ``scipy.linalg.cholesky``, a product of the
diagonal, a GP), finite differences, the same gradient with the rewrite off, float32, a factor read
otherwise too (its rest left to ``cholesky_adjoint``), and near misses that must not fire."""
import numpy as np
import pytest
import scipy.linalg
from scipy.linalg import cho_solve, solve_triangular

import transpiler
from transpiler.check import check_grad

RNG = np.random.default_rng(20)
A = RNG.standard_normal((7, 7))
Y = RNG.standard_normal(7)
B = RNG.standard_normal((7, 3))
X = RNG.uniform(-2, 2, size=(9, 2))
T = np.sin(X[:, 0]) + 0.1 * RNG.standard_normal(9)


def spd(A):
    return A @ A.T + 3.0 * np.eye(len(A))


def logdet_and_cho_solve(A, y):
    L = np.linalg.cholesky(spd(A))
    return 0.5 * y @ cho_solve((L, True), y) + np.sum(np.log(np.diag(L)))


def twice_log_diagonal_sum(A, y):
    L = np.linalg.cholesky(spd(A))
    return y @ cho_solve((L, True), y) + 2 * np.log(np.diag(L)).sum()


def transposed_factor(A, y):
    L = np.linalg.cholesky(spd(A))
    z = solve_triangular(L, y, lower=True)
    alpha = solve_triangular(L.T, z, lower=False)
    return 0.5 * y @ alpha + np.sum(np.log(np.diag(L)))


def trans_keyword(A, y):
    L = scipy.linalg.cholesky(spd(A), lower=True)
    alpha = solve_triangular(L, solve_triangular(L, y, lower=True), lower=True, trans="T")
    return np.sum(np.sin(alpha)) + np.log(np.prod(np.diag(L)))


def columns(A, b):
    L = np.linalg.cholesky(spd(A))
    return np.sum(cho_solve((L, True), b) ** 2)


def gp_nll(log_theta, X, y):
    ell, sf, sn = np.exp(log_theta)
    sq = np.sum(X ** 2, 1)[:, None] + np.sum(X ** 2, 1)[None, :] - 2 * X @ X.T
    K = sf ** 2 * np.exp(-0.5 * sq / ell ** 2) + (sn ** 2 + 1e-6) * np.eye(len(X))
    L = np.linalg.cholesky(K)
    alpha = cho_solve((L, True), y)
    return 0.5 * y @ alpha + np.sum(np.log(np.diag(L))) + 0.5 * len(X) * np.log(2 * np.pi)


FIRES = {"logdet_and_cho_solve": (logdet_and_cho_solve, (A, Y), 0),
         "twice_log_diagonal_sum": (twice_log_diagonal_sum, (A, Y), 0),
         "transposed_factor": (transposed_factor, (A, Y), 0),
         "trans_keyword": (trans_keyword, (A, Y), 0),
         "columns": (columns, (A, B), (0, 1)),
         "gp_nll": (gp_nll, (np.log(np.array([1.0, 1.2, 0.3])), X, T), 0)}


def read_otherwise(A, y):
    """The factor read by a sum of squares too: that term keeps the general adjoint."""
    L = np.linalg.cholesky(spd(A))
    return 0.5 * y @ cho_solve((L, True), y) + np.sum(np.log(np.diag(L))) + 0.1 * np.sum(L ** 2)


def twice_lower(A, y):
    """Near miss: ``L⁻¹ L⁻¹ y``, two solves with L not transposed (no function of L Lᵀ)."""
    L = np.linalg.cholesky(spd(A))
    return np.sum(solve_triangular(L, solve_triangular(L, y, lower=True), lower=True) ** 2)


def other_right_hand_side(A, y):
    """Near miss: ``L z = y`` and ``Lᵀ a = y`` (not ``= z``): the two products are no pair."""
    L = np.linalg.cholesky(spd(A))
    z = solve_triangular(L, y, lower=True)
    a = solve_triangular(L, y, lower=True, trans="T")
    return z @ np.cos(a)


def unit_diagonal(A, y):
    """Near miss: a solve that takes the diagonal as ones reads the strict triangle only."""
    L = np.linalg.cholesky(spd(A))
    z = solve_triangular(L, y, lower=True, unit_diagonal=True)
    return np.sum(solve_triangular(L, z, lower=True, trans="T", unit_diagonal=True) ** 2)


def upper_factor(A, y):
    """Not rewritten: the upper factor ``U = Lᵀ`` (``cholesky_adjoint(.., True)``)."""
    U = scipy.linalg.cholesky(spd(A), lower=False)
    return y @ cho_solve((U, False), y) + np.sum(np.log(np.diag(U)))


LEFT = {"twice_lower": twice_lower, "other_right_hand_side": other_right_hand_side,
        "unit_diagonal": unit_diagonal, "upper_factor": upper_factor}


def source(f, args, wrt, **options) -> str:
    return transpiler.grad(f, wrt=wrt, **options).compiled(args).source


def reverse_sweep(code: str) -> str:
    return code.split("# reverse sweep")[1]


def agree(f, args, wrt, rtol=1e-11):
    on = transpiler.grad(f, wrt=wrt)(*args)
    off = transpiler.grad(f, wrt=wrt, rewrites={"cholesky_terms": False})(*args)
    for a, b in zip(on if isinstance(wrt, tuple) else (on,), off if isinstance(wrt, tuple) else (off,)):
        np.testing.assert_allclose(a, b, rtol=rtol, atol=1e-12)


@pytest.mark.parametrize("name", FIRES)
def test_the_factor_adjoint_is_closed_form_and_the_gradient_matches_differences(name):
    f, args, wrt = FIRES[name]
    code = reverse_sweep(source(f, args, wrt))
    assert "cholesky_adjoint(" not in code and "triangular_outer(" not in code, code
    assert "symmetric_outer(" in code, code
    assert "cholesky_adjoint(" in reverse_sweep(source(f, args, wrt, rewrites={"cholesky_terms": False}))
    assert check_grad(f, *args, wrt=wrt)
    agree(f, args, wrt)


def test_the_log_determinant_alone_is_half_the_inverse():
    f = lambda A: np.sum(np.log(np.diag(np.linalg.cholesky(spd(A)))))      # noqa: E731
    code = reverse_sweep(source(f, (A,), 0))
    assert "cholesky_diagonal_adjoint(" in code and "cholesky_adjoint(" not in code, code
    assert check_grad(f, A)
    K = spd(A)
    np.testing.assert_allclose(transpiler.grad(f)(A), np.linalg.inv(K) @ A, rtol=1e-10)   # d(½ log det K)/dA = K⁻¹ A


def test_a_factor_read_otherwise_keeps_that_term_in_the_general_adjoint():
    code = reverse_sweep(source(read_otherwise, (A, Y), 0))
    assert code.count("cholesky_adjoint(") == 1 and "cholesky_diagonal_adjoint(" in code, code
    assert "symmetric_outer(" in code, code
    assert check_grad(read_otherwise, A, Y)
    agree(read_otherwise, (A, Y), 0)


@pytest.mark.parametrize("name", LEFT)
def test_near_misses_keep_the_general_adjoint(name):
    f = LEFT[name]
    code = reverse_sweep(source(f, (A, Y), 0))
    assert "cholesky_adjoint(" in code and "symmetric_outer(" not in code, code
    assert check_grad(f, A, Y)


def test_float32():
    f = logdet_and_cho_solve
    a32, y32 = A.astype(np.float32), Y.astype(np.float32)
    code = reverse_sweep(source(f, (a32, y32), 0))
    assert "cholesky_adjoint(" not in code, code
    got = transpiler.grad(f)(a32, y32)
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, transpiler.grad(f)(A, Y), rtol=2e-3, atol=2e-4)


def test_second_derivatives_are_left_to_the_general_path():
    """Hessians differentiate a gradient compiled for any shapes, which no calls-only rewrite touches."""
    f = lambda A: np.sum(np.log(np.diag(np.linalg.cholesky(spd(A))))) + np.sum(A ** 3)     # noqa: E731
    a = A[:3, :3]
    h = transpiler.hessian(f)(a)
    eps = 1e-6
    direction = RNG.standard_normal(a.shape)
    g = transpiler.grad(f)
    fd = (g(a + eps * direction) - g(a - eps * direction)) / (2 * eps)
    np.testing.assert_allclose(np.tensordot(h, direction, axes=2), fd, rtol=1e-5, atol=1e-7)
