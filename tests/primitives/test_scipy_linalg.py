"""scipy.linalg: each composed function against SciPy's value and against central finite
differences of SciPy's own function, with its keywords positional and by name; forward mode and
Hessian-vector products where the np.linalg rules it reuses are differentiable again."""
import numpy as np
import pytest

pytest.importorskip("scipy")
import scipy.linalg as sl  # noqa: E402
from scipy.linalg import cho_factor, cho_solve, solve_triangular  # noqa: E402

import transpiler  # noqa: E402
from transpiler import check_grad  # noqa: E402
from transpiler.errors import UnknownFunctionError  # noqa: E402

rng = np.random.default_rng(5)
A = rng.normal(size=(3, 3)) + 3 * np.eye(3)
B = rng.normal(size=(3, 2))
V = rng.normal(size=(3,))
M = rng.normal(size=(3, 3))


def spd(m):
    return m @ m.T + 3 * np.eye(3)


def lower_solve(a, b): return np.sum(solve_triangular(a, b, lower=True) ** 2)
def upper_solve_vector(a, b): return np.sum(np.sin(sl.solve_triangular(a, b)))
def transposed_solve(a, b): return np.sum(solve_triangular(a, b, trans=1, lower=True) ** 2)
def transposed_by_letter(a, b): return np.sum(solve_triangular(a, b, trans="T") ** 2)
def conjugate_transposed(a, b): return np.sum(solve_triangular(a, b, trans="C", lower=True) ** 2)
def unit_diagonal(a, b): return np.sum(solve_triangular(a, b, unit_diagonal=True, lower=True) ** 2)
def all_positional(a, b): return np.sum(solve_triangular(a, b, 0, True, False, False, True) ** 2)
def no_transpose_letter(a, b): return np.sum(solve_triangular(a, b, trans="N", check_finite=False) ** 2)
def det(a): return sl.det(a)
def inv(a): return np.sum(sl.inv(a) ** 2)
def inv_keywords(a): return np.sum(sl.inv(a, overwrite_a=False, check_finite=True) * a)
def cholesky_of_spd(m): return np.sum(np.tanh(sl.cholesky(spd(m))))
def lower_cholesky_of_spd(m): return np.sum(sl.cholesky(spd(m), lower=True) ** 3)
def cho_solve_of_spd(m, b):
    return np.sum(cho_solve(cho_factor(spd(m)), b) ** 2)
def cho_solve_lower(m, b):
    factor, lower = cho_factor(spd(m), lower=True)
    return np.sum(cho_solve((factor, lower), b))


FACTOR, _ = sl.cho_factor(spd(M))


def cho_solve_in_the_factor(c, b):
    return np.sum(cho_solve((c, False), b) ** 2)


CASES = [
    (lower_solve, (A, B)), (upper_solve_vector, (A, V)), (transposed_solve, (A, B)),
    (transposed_by_letter, (A, B)), (conjugate_transposed, (A, V)), (unit_diagonal, (A, B)),
    (all_positional, (A, B)), (no_transpose_letter, (A, B)),
    (det, (A,)), (inv, (A,)), (inv_keywords, (A,)),
    (cholesky_of_spd, (M,)), (lower_cholesky_of_spd, (M,)), (cho_solve_of_spd, (M, B)),
    (cho_solve_lower, (M, V)), (cho_solve_in_the_factor, (FACTOR, B)),
]

def cases():
    return [pytest.param(fn, args, id=fn.__name__) for fn, args in CASES]


@pytest.mark.parametrize("fn, args", cases())
def test_value_is_scipys_and_gradient_matches_finite_differences_of_scipy(fn, args):
    value, _ = transpiler.value_and_grad(fn)(*args)
    assert value == pytest.approx(fn(*args), rel=1e-10)
    report = check_grad(fn, *args, wrt=tuple(range(len(args))))
    assert report.ok, str(report)


@pytest.mark.parametrize("fn, args", cases())
def test_forward_mode_matches_reverse(fn, args):
    tangents = tuple(np.full(np.shape(a), 0.3) + 0.05 * np.arange(np.size(a)).reshape(np.shape(a)) for a in args)
    _, tangent = transpiler.jvp(fn, args, tangents)
    gradients = transpiler.grad(fn, wrt=tuple(range(len(args))))(*args)
    assert tangent == pytest.approx(sum(np.sum(g * t) for g, t in zip(gradients, tangents)), rel=1e-9)


@pytest.mark.parametrize("fn, args", cases())
def test_hvp_matches_differences_of_the_gradient(fn, args):
    x, rest = args[0], args[1:]
    v = np.full(np.shape(x), 0.5)
    got = transpiler.hvp(fn, x, v, *rest)
    h = 1e-5
    g = transpiler.grad(fn)
    np.testing.assert_allclose(got, (g(x + h * v, *rest) - g(x - h * v, *rest)) / (2 * h), rtol=1e-5, atol=1e-7)


def test_triangular_solve_gives_the_unread_triangle_a_zero_adjoint():
    gradient = transpiler.grad(lower_solve)(A, B)
    assert np.all(gradient[np.triu_indices(3, 1)] == 0)


def solves_in_a_loop(a, b):
    total = 0.0
    for lower in (True, False):
        total = total + np.sum(solve_triangular(a, b, lower=lower))
    return total


def test_inside_a_loop_over_a_keyword_value():
    assert check_grad(solves_in_a_loop, A, B, wrt=(0, 1)).ok


def square_root(a):
    return np.sum(sl.sqrtm(a))


def test_sqrtm_is_differentiated_by_its_sylvester_equation():
    # (both modes and Hessians: tests/primitives/test_scipy_linalg_more.py)
    assert check_grad(square_root, spd(M)).ok


WEIGHTS = np.arange(9.0).reshape(3, 3) / 9 - 0.4


def matrix_exponential(a):
    return np.sum(sl.expm(a) * WEIGHTS)


@pytest.mark.parametrize("scale", [0.0, 0.1, 1.0, 4.0, 12.0])
def test_expm_matches_scipy_and_finite_differences_with_and_without_squarings(scale):
    a = np.random.default_rng(2).normal(size=(3, 3)) * scale
    value, _ = transpiler.value_and_grad(matrix_exponential)(a)
    assert value == pytest.approx(matrix_exponential(a), rel=1e-12, abs=1e-12)
    assert check_grad(matrix_exponential, a).ok


def test_expm_of_a_stack_and_in_forward_mode():
    stack = np.random.default_rng(3).normal(size=(2, 3, 3))
    assert check_grad(matrix_exponential, stack).ok
    _, tangent = transpiler.jvp(matrix_exponential, (A,), (WEIGHTS,))
    assert tangent == pytest.approx(np.sum(transpiler.grad(matrix_exponential)(A) * WEIGHTS), rel=1e-10)


def a_scipy_function_with_no_rule(a):
    return np.sum(sl.fractional_matrix_power(a, 0.5))


def test_a_scipy_function_without_a_rule_is_unknown_not_inlined():
    with pytest.raises(UnknownFunctionError) as info:
        transpiler.grad(a_scipy_function_with_no_rule)(spd(M))
    assert "fractional_matrix_power" in str(info.value)


def upper_factor(a):
    return sl.cholesky(a)


def lower_factor(a):
    return sl.cholesky(a, lower=True)


def test_cholesky_reads_the_triangle_scipy_reads():
    a = spd(M) + np.triu(np.ones((3, 3)), 1)       # not symmetric: its triangles disagree
    value, _ = transpiler.value_and_grad(weighted_upper_factor)(a)
    assert value == pytest.approx(weighted_upper_factor(a), rel=1e-12)
    value, _ = transpiler.value_and_grad(weighted_lower_factor)(a)
    assert value == pytest.approx(weighted_lower_factor(a), rel=1e-12)


def weighted_upper_factor(a):
    return np.sum(upper_factor(a) * WEIGHTS)


def weighted_lower_factor(a):
    return np.sum(lower_factor(a) * WEIGHTS)
