"""Functions of eigenvalues or singular values alone at matrices where two of them are equal
(the identity, a diagonal matrix with a repeated entry): their gradients are finite and exact.
The decompositions' adjoints weight the vectors' cotangent by ``1 / (w_j - w_i)``, infinite at a
repeated value, and that cotangent is zero when the vectors are unread: 0 * inf made every entry
NaN (``np.linalg.eigh(a)[0]``, ``np.linalg.svd(a, compute_uv=False)``, ``np.linalg.eig(a)[0]``)."""
import numpy as np
import pytest

import transpiler

IDENTITY = np.eye(3)
REPEATED = np.diag([2.0, 2.0, 1.0])
ROTATED = (lambda q: q @ REPEATED @ q.T)(np.linalg.qr(np.random.default_rng(0).normal(size=(3, 3)))[0])


def eigenvalues_squared(a):             # sum(w ** 2) = ||sym(a)||_F ** 2: gradient 2 sym(a)
    return np.sum(np.linalg.eigh(0.5 * (a + a.T))[0] ** 2)


def singular_values_squared(a):         # ||a||_F ** 2: gradient 2 a
    return np.sum(np.linalg.svd(a, compute_uv=False) ** 2)


def singular_values_of_the_full_svd(a):
    u, s, vh = np.linalg.svd(a)
    return np.sum(s ** 2)


def eigenvalues_of_eig(a):              # the trace: gradient the identity
    return np.sum(np.real(np.linalg.eig(a)[0]))


def singular_value_sum(a):              # the nuclear norm: gradient U Vh (a positive definite a: the identity)
    return np.sum(np.linalg.svd(a, compute_uv=False))


CASES = [(eigenvalues_squared, lambda a: 2 * a), (singular_values_squared, lambda a: 2 * a),
         (singular_values_of_the_full_svd, lambda a: 2 * a), (eigenvalues_of_eig, lambda a: np.eye(3)),
         (singular_value_sum, lambda a: np.eye(3))]


@pytest.mark.parametrize("f, expected", CASES, ids=lambda v: getattr(v, "__name__", ""))
@pytest.mark.parametrize("a", [IDENTITY, REPEATED, ROTATED], ids=["identity", "repeated", "rotated"])
def test_gradient_of_the_values_alone_is_finite_and_exact_at_a_repeated_value(f, expected, a):
    np.testing.assert_allclose(transpiler.grad(f)(a), expected(a), atol=1e-12)
    direction = np.arange(9.0).reshape(3, 3)
    _, pullback = transpiler.vjp(f, a)
    np.testing.assert_allclose(pullback(1.0)[0], expected(a), atol=1e-12)
    _, tangent = transpiler.jvp(f, (a,), (direction,))
    assert tangent == pytest.approx(np.sum(expected(a) * direction), abs=1e-10)


def test_zero_singular_values_alone():
    """A zero matrix (every singular value 0 and repeated): the values' adjoint is U diag(g) Vh."""
    assert np.all(np.isfinite(transpiler.grad(singular_value_sum)(np.zeros((3, 3)))))
    np.testing.assert_allclose(transpiler.grad(singular_values_squared)(np.zeros((2, 3))), 0.0)


def hermitian_eigenvalue_sum(z):        # ||z||_F ** 2: gradient 2 conj(z) (dL/dx - 1j dL/dy)
    return np.sum(np.linalg.eigh(z @ np.conj(z.T))[0])


def complex_singular_value_sum(z):      # 3 |c| at z = c I: gradient conj(c) / |c| on the diagonal
    return np.sum(np.linalg.svd(z, compute_uv=False))


def test_complex_matrices_at_a_repeated_value():
    z = np.eye(3) * (1.0 + 1.0j)
    np.testing.assert_allclose(transpiler.grad(hermitian_eigenvalue_sum)(z), 2 * np.conj(z), atol=1e-12)
    np.testing.assert_allclose(transpiler.grad(complex_singular_value_sum)(z), np.eye(3) * (1.0 - 1.0j) / np.sqrt(2),
                               atol=1e-12)
