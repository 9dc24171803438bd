"""The derivative of ``np.linalg.det`` at singular matrices (JAX's linalg_test: testDetGrad of
singular matrices of corank 1 and 2): the cofactor matrix, which ``det(a) inv(a).T`` cannot
give there (``inv`` raised LinAlgError). Both modes, a stack with one singular matrix, float32,
complex, and the Hessian at an invertible matrix and at singular ones (the cofactors' derivative)."""
import numpy as np
import pytest
import scipy.linalg
from array_check import both_directions, numeric_gradient, rng

import transpiler

CORANK_1 = np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [0.5, 1.0, -1.0]])
CORANK_2 = np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [3.0, 6.0, 9.0]])


def determinant(a):
    return np.linalg.det(a)


def scipy_determinant_in_a_sum(a):
    return np.sum(scipy.linalg.det(a) * np.array([1.0, -2.0]))


def cofactor_matrix(a):
    """The cofactors by their definition: signed minors."""
    n = a.shape[0]
    out = np.zeros_like(a)
    for i in range(n):
        for j in range(n):
            minor = np.delete(np.delete(a, i, axis=0), j, axis=1)
            out[i, j] = (-1) ** (i + j) * np.linalg.det(minor)
    return out


@pytest.mark.parametrize("a", [CORANK_1, CORANK_2, np.zeros((3, 3)), np.array([[1.0, 2.0], [2.0, 4.0]])],
                         ids=["corank_1", "corank_2", "zero", "two_by_two"])
def test_the_derivative_of_det_at_a_singular_matrix_is_its_cofactor_matrix(a):
    expected = cofactor_matrix(a)
    np.testing.assert_allclose(transpiler.grad(determinant)(a), expected, atol=1e-12)
    np.testing.assert_allclose(transpiler.grad(determinant)(a), numeric_gradient(determinant, [a], 0), atol=1e-8)
    t = rng(3).normal(size=a.shape)
    assert transpiler.jvp(determinant, (a,), (t,))[1] == pytest.approx(np.sum(expected * t), abs=1e-12)


def test_a_stack_with_one_singular_matrix_through_scipy_det_in_float32():
    stack = np.stack([CORANK_1, rng(4).normal(size=(3, 3))]).astype(np.float32)
    gradient = transpiler.grad(scipy_determinant_in_a_sum)(stack)
    assert gradient.dtype == np.float32
    np.testing.assert_allclose(gradient[0], cofactor_matrix(CORANK_1), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(gradient[1], -2 * cofactor_matrix(stack[1].astype(float)), rtol=1e-4, atol=1e-5)


def real_part_of_det(z):
    return np.real(np.linalg.det(z) * (0.3 - 0.8j))


def test_a_singular_complex_matrix_in_both_real_directions():
    z = CORANK_1 * (1.0 + 0.5j)
    np.testing.assert_allclose(transpiler.grad(real_part_of_det)(z), both_directions(real_part_of_det, z), atol=1e-8)


def det_squared(a):
    return np.linalg.det(a) ** 2


def test_the_hessian_through_det_at_an_invertible_matrix():
    a = rng(5).normal(size=(3, 3))
    hessian = transpiler.hessian(det_squared)(a)
    grad = transpiler.grad(det_squared)
    h = 1e-6
    for idx in [(0, 0), (1, 2), (2, 1)]:
        step = np.zeros_like(a)
        step[idx] = h
        np.testing.assert_allclose(hessian[(Ellipsis,) + idx], (grad(a + step) - grad(a - step)) / (2 * h), rtol=1e-5, atol=1e-7)


def det_in_a_sum(a):
    return np.sum(np.linalg.det(a) * np.array([1.0, -0.5]))


@pytest.mark.parametrize("a", [CORANK_1, CORANK_2, np.zeros((3, 3)), np.array([[1.0, 2.0], [2.0, 4.0]])],
                         ids=["corank_1", "corank_2", "zero", "two_by_two"])
def test_the_hessian_of_det_at_a_singular_matrix_in_every_mode(a):
    """The cofactors' derivative without an inverse: the Hessian's rule solved with ``a`` (a
    LinAlgError at a singular matrix). Against central differences of the cofactor matrix, which
    are exact up to rounding for a 2×2 or 3×3 (its entries are polynomials of degree 1 or 2)."""
    h = 1e-3
    expected = np.zeros(a.shape * 2)
    for idx in np.ndindex(a.shape):
        step = np.zeros_like(a)
        step[idx] = h
        expected[(Ellipsis,) + idx] = (cofactor_matrix(a + step) - cofactor_matrix(a - step)) / (2 * h)
    np.testing.assert_allclose(transpiler.hessian(determinant)(a), expected, atol=1e-9)
    np.testing.assert_allclose(transpiler.hessian(determinant, mode="forward")(a), expected, atol=1e-9)
    v = rng(6).normal(size=a.shape)
    np.testing.assert_allclose(transpiler.hvp(determinant, a, v), np.tensordot(expected, v, 2), atol=1e-9)
    stack = np.stack([a, a.T + 1.0])                       # a stack: one singular matrix, one not
    column = transpiler.hessian(det_in_a_sum)(stack)[(Ellipsis, 0) + (0,) * (a.ndim - 1) + (1,)]
    np.testing.assert_allclose(column[0], expected[..., 0, 1], atol=1e-9)
