"""Complex matrices through the linear-algebra rules that are rational in the entries (so
holomorphic: their real rules, written with transposes, are the complex derivatives):
``np.linalg.det``, ``inv``, ``solve``, ``matrix_power``, ``multi_dot`` and the SciPy functions
composed of them (``scipy.linalg.det``/``inv``/``expm``/``lu_solve``, ``np.linalg.tensorsolve``).
Found by JAX's linalg_test, which checks each of them for complex64/complex128. Gradients against
central differences in both real directions (docs/syntax.md, "Complex numbers"), tangents
against differences along a complex direction, values against NumPy's.

Also the SciPy solves that conjugate: ``assume_a='her'``/``'pos'`` read a Hermitian matrix
(the other triangle conjugated), ``solve_triangular``/``lu_solve`` with ``trans=2`` solve
``aᴴ x = b``, ``cho_solve`` of a complex factor ``a = L Lᴴ`` (they were transposes: a wrong value
once the solve accepts complex matrices)."""
import numpy as np
import pytest
import scipy.linalg
from array_check import both_directions, rng

import transpiler

R = rng(21)
A = R.normal(size=(3, 3)) + 1j * R.normal(size=(3, 3)) + 2 * np.eye(3)
B = R.normal(size=(3, 2)) + 1j * R.normal(size=(3, 2))
STACK = R.normal(size=(2, 3, 3)) + 1j * R.normal(size=(2, 3, 3))
WEIGHTS = np.array([0.7 - 0.2j, 0.3 + 0.5j, -0.4 + 0.1j])


def real_loss(out):
    return np.real(np.sum(out * 0.7 + 0.3 * out * out))


def log_abs_det(a):
    return np.log(np.abs(np.linalg.det(a)))


def det_of_a_stack(a):
    return real_loss(np.linalg.det(a))


def inverse_weighted(a):
    inverse = np.linalg.inv(a)
    return np.real(np.sum(inverse @ WEIGHTS))


def solved(a):
    return real_loss(np.linalg.solve(a, B))


def solved_in_a_loop(a):
    total = 0.0
    for k in range(2):
        total = total + np.abs(np.sum(np.linalg.solve(a + k, B[:, k])))
    return total


def cubed_and_inverse_squared(a):
    return real_loss(np.linalg.matrix_power(a, 3)) + real_loss(np.linalg.matrix_power(a, -2))


def chained(a):
    return real_loss(np.linalg.multi_dot([a, a.T, B]))


def scipy_det_and_inv(a):
    return real_loss(scipy.linalg.det(a)) + real_loss(scipy.linalg.inv(a))


def exponential(a):
    return real_loss(scipy.linalg.expm(0.3 * a))


def factored_solve(a):
    return real_loss(scipy.linalg.lu_solve(scipy.linalg.lu_factor(a), B, trans=2))


CASES = [(log_abs_det, A), (det_of_a_stack, STACK), (inverse_weighted, A), (solved, A), (solved_in_a_loop, A),
         (cubed_and_inverse_squared, A), (chained, A), (scipy_det_and_inv, A), (exponential, A),
         (factored_solve, A)]


@pytest.mark.parametrize("f, a", CASES, ids=lambda v: getattr(v, "__name__", ""))
def test_complex_gradient_matches_differences_in_both_real_directions(f, a):
    np.testing.assert_allclose(transpiler.grad(f)(a), both_directions(f, a), rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("f, a", CASES, ids=lambda v: getattr(v, "__name__", ""))
def test_complex_tangent_matches_differences_along_a_complex_direction(f, a):
    t = rng(5).normal(size=a.shape) + 1j * rng(6).normal(size=a.shape)
    value, tangent = transpiler.jvp(f, (a,), (t,))
    h = 1e-6
    assert value == pytest.approx(f(a), rel=1e-12)
    assert tangent == pytest.approx((f(a + h * t) - f(a - h * t)) / (2 * h), rel=1e-5, abs=1e-7)


def test_the_gradient_of_a_complex_solve_in_its_right_hand_side_too():
    def both(a, b):
        return real_loss(np.linalg.solve(a, b))
    got_a, got_b = transpiler.grad(both, wrt=(0, 1))(A, B)
    np.testing.assert_allclose(got_a, both_directions(lambda a: both(a, B), A), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(got_b, both_directions(lambda b: both(A, b), B), rtol=1e-5, atol=1e-7)


# --------------------------------------------------------------------------- SciPy's conjugating solves
def solve_hermitian(a, b):
    return real_loss(scipy.linalg.solve(a, b, assume_a="her", lower=True))


def solve_positive_definite(a, b):
    return real_loss(scipy.linalg.solve(a, b, assume_a="pos"))


def solve_conjugate_transposed(a, b):
    return real_loss(scipy.linalg.solve_triangular(a, b, trans="C", lower=True))


def solve_by_cholesky_factor(c, b):
    return real_loss(scipy.linalg.cho_solve((c, False), b))


def _hermitian_with_junk():
    """A Hermitian positive definite matrix, its unread triangle and diagonal's imaginary part junk."""
    m = A @ np.conj(A.T) + 3 * np.eye(3)
    return m + np.triu(R.normal(size=(3, 3)) * 1j, 0) + np.triu(R.normal(size=(3, 3)), 1)


@pytest.mark.parametrize("f, a", [(solve_hermitian, np.tril(_hermitian_with_junk().T).T + np.tril(A, -1)),
                                  (solve_positive_definite, np.conj(_hermitian_with_junk().T)),
                                  (solve_conjugate_transposed, np.tril(A) + 2 * np.eye(3)),
                                  (solve_by_cholesky_factor,
                                   scipy.linalg.cho_factor(A @ np.conj(A.T) + 3 * np.eye(3))[0])],
                         ids=["her", "pos", "trans_C", "cho_solve"])
def test_scipys_conjugating_solves_have_scipys_value_and_derivative_for_complex_matrices(f, a):
    value, tangent = transpiler.jvp(f, (a, B), (None, np.ones_like(B)))
    assert value == pytest.approx(f(a, B), rel=1e-10)
    np.testing.assert_allclose(transpiler.grad(f, wrt=1)(a, B), both_directions(lambda b: f(a, b), B),
                               rtol=1e-5, atol=1e-7)


def scaled_hermitian_solve(x, a, b):
    return x * np.real(np.sum(scipy.linalg.solve(a, b, assume_a="her")))


def test_a_constant_complex_hermitian_solve_has_scipys_value_in_a_real_derivative():
    # the solve is not differentiated, only scaled: it was inlined with the transpose, not the
    # conjugate, and gave a wrong gradient with no error
    a = A @ np.conj(A.T) + 3 * np.eye(3) + np.triu(R.normal(size=(3, 3)), 1) * 1j
    b = B[:, 0]
    expected = np.real(np.sum(scipy.linalg.solve(a, b, assume_a="her")))
    assert transpiler.grad(scaled_hermitian_solve)(2.0, a, b) == pytest.approx(expected, rel=1e-12)
    assert transpiler.jvp(scaled_hermitian_solve, (2.0, a, b), (1.0, None, None))[1] == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("f, a", CASES, ids=lambda v: getattr(v, "__name__", ""))
def test_complex_hessian_vector_product_matches_differences_of_the_gradient(f, a):
    v = rng(7).normal(size=a.shape) + 1j * rng(8).normal(size=a.shape)
    gradient = transpiler.grad(f)
    h = 1e-5
    expected = (gradient(a + h * v) - gradient(a - h * v)) / (2 * h)
    np.testing.assert_allclose(transpiler.hvp(f, a, v), expected, rtol=1e-4, atol=1e-5)
