"""The Cholesky adjoint's leaner helpers (issue 17, N20): ``triangle_times`` by BLAS ``trmm``,
``half_mirrored_product`` in place, ``triangular_outer`` zeroing its own product, the number-times-array
rule's ``np.vdot`` and ``conjugated(-g)`` as ``-conjugated(g)``: each the same values as the plain
formula it replaces (masks, ``np.where``, ``(g * a).sum()``), and the GP gradient they serve against
finite differences in both modes, through the Hessian and in float32."""
import numpy as np
import pytest

pytest.importorskip("scipy")
from array_check import check_gradient, hessian_by_differences, rng  # noqa: E402
from scipy.linalg import cho_solve  # noqa: E402

import transpiler  # noqa: E402
from transpiler.primitives.decompositions import cholesky_adjoint, half_mirrored_product  # noqa: E402
from transpiler.primitives.triangular import triangle_mask, triangle_times, triangular_outer  # noqa: E402

X = rng(31).uniform(-3, 3, size=(9, 2))
Y = np.sin(X[:, 0]) * np.cos(X[:, 1]) + 0.1 * rng(32).normal(size=9)
THETA = np.log(np.array([1.0, 1.2, 0.3]))


def gp_nll(log_theta, X, y):
    ell, sf, sn = np.exp(log_theta)
    sq = np.sum(X ** 2, 1)[:, None] + np.sum(X ** 2, 1)[None, :] - 2 * X @ X.T
    K = sf ** 2 * np.exp(-0.5 * sq / ell ** 2) + (sn ** 2 + 1e-6) * np.eye(len(X))
    L = np.linalg.cholesky(K)
    return 0.5 * y @ cho_solve((L, True), y) + np.sum(np.log(np.diag(L)))


def kernel(ell, sf, X):
    d = X[:, None, :] - X[None, :, :]
    return sf ** 2 * np.exp(-0.5 * np.sum(d ** 2, -1) / ell ** 2)


def gp_nll_upper(log_theta, X, y):
    """A helper's kernel, the upper factor, the noise a closure over ``len``."""
    ell, sf, sn = np.exp(log_theta)
    U = np.linalg.cholesky(kernel(ell, sf, X) + sn ** 2 * np.eye(len(X)), upper=True)
    return 0.5 * y @ cho_solve((U, False), y) + np.log(np.diag(U)).sum()


@pytest.mark.parametrize("fn", [gp_nll, gp_nll_upper])
def test_gp_gradient_matches_finite_differences_in_both_modes(fn):
    check_gradient(fn, (THETA, X, Y), (0,))
    forward = transpiler.jacobian(fn, mode="forward")(THETA, X, Y)
    np.testing.assert_allclose(forward, transpiler.grad(fn)(THETA, X, Y), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("fn", [gp_nll, gp_nll_upper])
def test_gp_hessian_matches_differences_of_the_gradient(fn):
    at_data = lambda t: fn(t, X, Y)         # noqa: E731  (a lambda over the data, as users write it)
    np.testing.assert_allclose(transpiler.hessian(at_data)(THETA), hessian_by_differences(at_data, THETA),
                               rtol=1e-5, atol=1e-7)


def test_gp_gradient_in_float32_keeps_its_dtype():
    g32 = transpiler.grad(gp_nll)(*(a.astype(np.float32) for a in (THETA, X, Y)))
    assert g32.dtype == np.float32
    np.testing.assert_allclose(g32, transpiler.grad(gp_nll)(THETA, X, Y), rtol=2e-4, atol=1e-5)


def test_gp_gradient_code_sums_scaled_arrays_by_vdot_and_negates_no_adjoint():
    code = transpiler.grad(gp_nll).source(args=(THETA, X, Y))
    assert "np.vdot(d_K, " in code           # (the noise's and the signal's scales: no d_K * ... array)
    assert "conjugated(-" not in code


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.complex128])
@pytest.mark.parametrize("lower", [True, False])
@pytest.mark.parametrize("transposed", [True, False])
@pytest.mark.parametrize("unit_diagonal", [True, False])
@pytest.mark.parametrize("order", ["C", "F"])
def test_triangle_times_is_the_masked_product(dtype, lower, transposed, unit_diagonal, order):
    t = rng(33).normal(size=(5, 5)) + (1j * rng(34).normal(size=(5, 5)) if dtype == np.complex128 else 0)
    t = np.asarray(t, dtype=dtype, order=order)
    x = rng(35).normal(size=(5, 3)).astype(dtype)
    triangle = np.where(triangle_mask(t, lower, unit_diagonal), t, 0.0)
    expected = (triangle.T if transposed else triangle) @ x
    got = triangle_times(t, x, lower, transposed, unit_diagonal)
    assert got.dtype == expected.dtype
    np.testing.assert_allclose(got, expected, rtol=1e-5 if dtype == np.float32 else 1e-12, atol=1e-6)


def test_half_mirrored_product_is_the_products_lower_triangle_mirrored():
    lower = np.tril(rng(36).normal(size=(6, 6)))
    g = rng(43).normal(size=(6, 6))
    m = lower.T @ g
    expected = np.tril(m) + np.tril(m, -1).T
    np.testing.assert_allclose(half_mirrored_product(lower, g), 0.5 * expected, rtol=1e-12, atol=1e-12)
    stack, gs = np.tril(rng(37).normal(size=(2, 6, 6))), rng(44).normal(size=(2, 6, 6))
    ms = np.swapaxes(stack, -1, -2) @ gs
    mirrored = np.tril(ms) + np.swapaxes(np.tril(ms, -1), -1, -2)
    np.testing.assert_allclose(half_mirrored_product(stack, gs), 0.5 * mirrored, rtol=1e-12, atol=1e-12)


def test_triangular_outer_zeroes_entries_not_read_even_beside_infinities():
    u, v = np.array([1.0, np.inf, 2.0]), np.array([3.0, 4.0, 5.0])
    a = np.eye(3)
    with np.errstate(invalid="ignore"):
        got = triangular_outer(u, v, a, True, False, False)
    np.testing.assert_array_equal(got[np.triu_indices(3, 1)], 0.0)
    np.testing.assert_array_equal(np.tril(got), np.tril(np.multiply.outer(u, v)))


def test_cholesky_adjoint_is_the_symmetrised_formula():
    a = rng(38).normal(size=(5, 5))
    L = np.linalg.cholesky(a @ a.T + 5 * np.eye(5))
    g = np.tril(rng(39).normal(size=(5, 5)))
    inv = np.linalg.inv(L)
    phi = np.tril(L.T @ g) - 0.5 * np.diag(np.diag(L.T @ g))
    p = inv.T @ phi @ inv
    np.testing.assert_allclose(cholesky_adjoint(g, L), 0.5 * (p + p.T), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(cholesky_adjoint(g.T, L.T, True), 0.5 * (p + p.T), rtol=1e-10, atol=1e-12)


# --------------------------------------------------------------------------- s * a: d_s = np.vdot(d_y, a)
A = rng(40).normal(size=(4, 5))


def scaled_sine(s, a):
    return np.sum(np.sin(s * a))


def negated_scale(s, a):
    return -np.sum(np.cos(a * s) ** 2)         # (the seed reaches the product negated; the array second)


def scaled_complex(s, z):
    return np.sum(np.real(np.exp(s * z)))


def broadcast_scale(s, a):
    return np.sum(np.tanh(s * a))               # s a row: no shortcut, the general rule


@pytest.mark.parametrize("fn", [scaled_sine, negated_scale])
def test_a_number_times_an_array_reads_one_vdot_and_matches_differences(fn):
    code = transpiler.show(fn, wrt=(0, 1), args=(0.7, A)).code
    assert "np.vdot(" in code and "np.vdot(-" not in code
    check_gradient(fn, (np.float64(0.7), A), (0, 1))
    tangent = transpiler.jvp(fn, (0.7, A), (1.0, np.zeros_like(A)))[1]
    assert tangent == pytest.approx(transpiler.grad(fn)(0.7, A), rel=1e-9)
    g32 = transpiler.grad(fn)(np.float32(0.7), A.astype(np.float32))
    assert g32 == pytest.approx(transpiler.grad(fn)(0.7, A), rel=1e-4)


def test_complex_and_broadcast_products_keep_the_general_rule():
    z = A + 0.5j * rng(41).normal(size=A.shape)
    assert "np.vdot" not in transpiler.show(scaled_complex, wrt=0, args=(0.3, z)).code
    check_gradient(broadcast_scale, (0.5 + rng(42).normal(size=5), A), (0, 1))
