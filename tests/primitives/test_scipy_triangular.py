"""SciPy's triangular solves as primitives (primitives/triangular.py): ``triangular_solve``
and ``conjugated``, which ``scipy.linalg.solve_triangular`` and ``cho_solve`` are written with,
against central finite differences in reverse mode, forward mode and through the Hessian, in the
spellings users write (a helper, a closure constant, a loop, ``cho_factor`` then ``cho_solve``,
float32, several right-hand sides), and the code: O(n²) solves, no ``np.linalg.solve``, the
shared solve computed once. tests/primitives/test_scipy_linalg.py and test_complex_linalg.py check
every keyword spelling and complex values."""
import numpy as np
import pytest

pytest.importorskip("scipy")
import scipy.linalg as sl  # noqa: E402
from array_check import check_gradient, hessian_by_differences, rng  # noqa: E402
from one_argument_checks import jvp_matches_finite_differences  # noqa: E402
from scipy.linalg import cho_factor, cho_solve, solve_triangular  # noqa: E402

import transpiler  # noqa: E402
from transpiler.primitives.triangular import conjugated, triangular_solve  # noqa: E402

A = rng(11).normal(size=(4, 4)) + 4 * np.eye(4)
B = rng(12).normal(size=(4, 3))
V = rng(13).normal(size=4)
M = rng(14).normal(size=(4, 4))


def spd(m):
    return m @ m.T + 4 * np.eye(4)


def lower_matrix_rhs(a, b):
    return np.sum(np.sin(solve_triangular(a, b, lower=True)))


def upper_transposed_vector(a, b):
    return np.sum(solve_triangular(a, b, trans="T") ** 3)


def unit_lower_transposed(a, b):
    return np.sum(solve_triangular(a, b, trans=1, lower=True, unit_diagonal=True) ** 2)


def conjugate_transposed_real(a, b):
    return np.sum(solve_triangular(a, b, trans=2) * b)


def cholesky_then_cho_solve(m, b):
    """The GP spelling: np.linalg.cholesky, the (L, True) tuple."""
    L = np.linalg.cholesky(spd(m))
    alpha = cho_solve((L, True), b)
    return 0.5 * b @ alpha + np.sum(np.log(np.diag(L)))


def cho_factor_then_cho_solve(m, b):
    c, lower = cho_factor(spd(m))
    return np.sum(cho_solve((c, lower), b) ** 2)


def conj_of_real(a, b):
    return np.sum(conjugated(a) * b)


CASES = {
    triangular_solve: [(lower_matrix_rhs, (A, B), (0, 1)), (upper_transposed_vector, (A, V), (0, 1)),
                       (unit_lower_transposed, (A, B), (0, 1)), (cholesky_then_cho_solve, (M, V), (0, 1)),
                       (cho_factor_then_cho_solve, (M, B), (0, 1))],
    conjugated: [(conjugate_transposed_real, (A, V), (0, 1)), (conj_of_real, (A, M), (0, 1))],
}
ALL = [pytest.param(fn, args, wrt, id=fn.__name__) for cases in CASES.values() for fn, args, wrt in cases]


@pytest.mark.parametrize("fn, args, wrt", ALL)
def test_gradient_matches_finite_differences_and_value_is_scipys(fn, args, wrt):
    value, _ = transpiler.value_and_grad(fn)(*args)
    assert value == pytest.approx(fn(*args), rel=1e-12)
    check_gradient(fn, args, wrt, rtol=1e-6, atol=1e-8)


def _of_one(fn, args, i):
    """``fn`` of its (two) arguments as a function of argument ``i`` alone, the other held."""
    first, second = args
    return (lambda x: fn(x, second)) if i == 0 else (lambda x: fn(first, x))


@pytest.mark.parametrize("fn, args, wrt", ALL)
def test_forward_mode_matches_finite_differences(fn, args, wrt):
    for i in wrt:
        jvp_matches_finite_differences(_of_one(fn, args, i), args[i], rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("fn, args, wrt", ALL)
def test_hessian_matches_differences_of_the_gradient(fn, args, wrt):
    for i in wrt:
        of_one = _of_one(fn, args, i)
        np.testing.assert_allclose(transpiler.hessian(of_one)(args[i]), hessian_by_differences(of_one, args[i]),
                                   rtol=1e-4, atol=1e-6)


# ----------------------------------------------------------------------------- other spellings
def _solve(factor, rhs):
    return sl.solve_triangular(factor, rhs, lower=True, check_finite=False)


def through_a_helper(a, b):
    return np.sum(_solve(a, b) ** 2)


FIXED = np.tril(A)


def closure_constant_matrix(b):
    return np.sum(solve_triangular(FIXED, b, lower=True) ** 2)


def in_a_loop(m, b):
    c = cho_factor(spd(m), lower=True)
    x = b
    for _ in range(3):
        x = cho_solve(c, x) + 0.1 * b
    return np.sum(x ** 2)


@pytest.mark.parametrize("fn, args, wrt", [(through_a_helper, (A, B), (0, 1)), (closure_constant_matrix, (V,), (0,)),
                                           (in_a_loop, (M, V), (0, 1))], ids=lambda v: getattr(v, "__name__", ""))
def test_other_spellings_match_finite_differences(fn, args, wrt):
    check_gradient(fn, args, wrt, rtol=1e-6, atol=1e-8)


def test_float32_keeps_its_dtype_and_matches_float64():
    a, b = A.astype(np.float32), B.astype(np.float32)
    g32 = transpiler.grad(lower_matrix_rhs, wrt=(0, 1))(a, b)
    g64 = transpiler.grad(lower_matrix_rhs, wrt=(0, 1))(A, B)
    for got, expected in zip(g32, g64):
        assert got.dtype == np.float32
        np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-5)


def test_the_gp_gradient_runs_triangular_solves_once_each():
    code = str(transpiler.show(cholesky_then_cho_solve, (0, 1), args=(M, V)))
    gradient = code[code.index("reverse-mode"):]
    sweep = gradient[gradient.index("# reverse sweep"):]
    assert "np.linalg.solve(" not in sweep
    assert sweep.count("triangular_solve(") == 2     # d_b's one solve (shared by d_a), and the first solve's
    assert "np.conjugate(" not in gradient           # (a real factor is its own conjugate: no copy)
    # the factor's adjoint in closed form (rewrites/cholesky_terms.py); switched off, the general one
    assert "cholesky_diagonal_adjoint(" in sweep and "cholesky_adjoint(" not in sweep
    general = transpiler.grad(cholesky_then_cho_solve, wrt=(0, 1), rewrites={"cholesky_terms": False}).source(args=(M, V))
    adjoint = general[general.index("def cholesky_adjoint"):]
    assert "triangular_solve(lower," in adjoint and "np.linalg.solve(" not in adjoint.split("\n\n\n")[0]


@pytest.mark.parametrize("lower, transposed, unit_diagonal",
                         [(True, False, False), (False, True, False), (True, True, True), (False, False, True)])
def test_without_scipy_the_solve_is_numpys_on_the_triangle(monkeypatch, lower, transposed, unit_diagonal):
    expected = triangular_solve(M, B, lower, transposed, unit_diagonal)     # SciPy's
    monkeypatch.setitem(__import__("sys").modules, "scipy.linalg", None)    # `from scipy.linalg import` fails
    np.testing.assert_allclose(triangular_solve(M, B, lower, transposed, unit_diagonal), expected, rtol=1e-12)
    assert np.allclose(solve_triangular(M, B, trans=int(transposed), lower=lower, unit_diagonal=unit_diagonal),
                       expected, rtol=1e-12)
