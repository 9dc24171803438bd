"""The ``like_terms`` rewrite (transpiler/rewrites/like_terms.py): two multiples of one value,
transposed alike, summed (or subtracted) are one multiple of it, on the reverse sweep's IR.
Pinned: the code's shape, finite differences, the gradient with the rewrite off, dtypes (an
integer or boolean value is never rescaled), float32, forward mode and second derivatives."""
import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad

RNG = np.random.default_rng(23)
D, N = 4, 9
L0 = np.eye(D) + 0.2 * np.tril(RNG.standard_normal((D, D)))
MU, X = 0.1 * RNG.standard_normal(D), RNG.standard_normal((N, D))


def gaussian_solve(L, mu, X):
    n, d = X.shape
    cov = L @ L.T + 1e-3 * np.eye(d)
    diff = X - mu
    sign, logdet = np.linalg.slogdet(cov)
    maha = np.sum(diff * np.linalg.solve(cov, diff.T).T)
    return 0.5 * (n * logdet + maha)


def mahalanobis(cov, diff):
    return np.sum(diff * np.linalg.solve(cov, diff.T).T)


def gaussian_helper(L, mu, X):
    """The quadratic form through a helper, the covariance's jitter a global."""
    cov = L @ L.T + JITTER * np.eye(X.shape[1])
    return 0.5 * mahalanobis(cov, X - mu) + 0.5 * len(X) * np.linalg.slogdet(cov)[1]


JITTER = 1e-3


def gradient_source(f, *args, wrt=(0, 1), rewrites=True) -> str:
    source = transpiler.grad(f, wrt=wrt, rewrites=rewrites).compiled(args).source
    return source[source.index(f"def {f.__name__}_grad"):]


def assert_same_as_off(f, *args, wrt=(0, 1), rtol=1e-10):
    on = transpiler.grad(f, wrt=wrt)(*args)
    off = transpiler.grad(f, wrt=wrt, rewrites={"like_terms": False})(*args)
    for a, b in zip(on if isinstance(wrt, tuple) else (on,), off if isinstance(wrt, tuple) else (off,)):
        assert np.asarray(a).dtype == np.asarray(b).dtype
        np.testing.assert_allclose(a, b, rtol=rtol, atol=rtol * np.max(np.abs(b)))


@pytest.mark.parametrize("f", [gaussian_solve, gaussian_helper])
def test_the_quadratic_forms_two_halves_are_the_solve_itself(f):
    source = gradient_source(f, L0, MU, X)
    reverse = source.split("# reverse sweep")[1]
    assert "untranspose(_shared" not in reverse and reverse.count("0.5 * ") == 1, source     # (the solve's)
    off = gradient_source(f, L0, MU, X, rewrites={"like_terms": False}).split("# reverse sweep")[1]
    assert "untranspose(_shared, None)" in off and off.count("0.5 * ") == 2
    assert check_grad(f, L0, MU, X, wrt=(0, 1))
    assert_same_as_off(f, L0, MU, X)


def test_a_difference_and_a_sum_of_differently_scaled_terms():
    def f(A, B):
        S = np.linalg.solve(A @ A.T + np.eye(D), B)
        return np.sum(np.sin(3.0 * S - 0.5 * S) + (2.0 * S.T).T * B)
    A, B = RNG.standard_normal((D, D)), RNG.standard_normal((D, 3))
    assert check_grad(f, A, B, wrt=(0, 1))
    assert_same_as_off(f, A, B)
    assert "2.5 * " in gradient_source(f, A, B)       # 3S - 0.5S (computed where the reverse sweep reads it: recompute_cheap)


def test_integer_and_boolean_values_are_never_rescaled():
    def halves(x, n):
        return np.sum(x * (0.5 * n + 0.5 * n))           # n an integer array: a float sum

    def either(x, m):
        return np.sum(x * (m + m))                       # m boolean: a logical or, never 2 * m
    x = RNG.standard_normal(5)
    n, m = np.arange(5), np.array([True, False, True, True, False])
    g = transpiler.grad(halves)(x, n)
    assert g.dtype == np.float64 and np.array_equal(g, n.astype(float))
    assert np.array_equal(transpiler.grad(either)(x, m), m.astype(float))
    assert np.array_equal(transpiler.jvp(either, (x, m), (np.ones(5), np.zeros(5)))[1], m.sum())


def test_float32_keeps_its_dtype():
    args = (L0.astype(np.float32), MU.astype(np.float32), X.astype(np.float32))
    d_L, d_mu = transpiler.grad(gaussian_solve, wrt=(0, 1))(*args)
    assert d_L.dtype == np.float32 and d_mu.dtype == np.float32
    np.testing.assert_allclose(d_mu, transpiler.grad(gaussian_solve, wrt=1)(L0, MU, X), rtol=1e-3, atol=1e-3)


def test_forward_mode_and_second_derivatives_agree():
    direction = RNG.standard_normal(L0.shape)
    _, tangent = transpiler.jvp(gaussian_solve, (L0, MU, X), (direction, np.zeros(D), np.zeros_like(X)))
    assert np.isclose(tangent, np.sum(transpiler.grad(gaussian_solve)(L0, MU, X) * direction))
    hessian = transpiler.hessian(gaussian_solve, wrt=1)(L0, MU, X)
    np.testing.assert_allclose(hessian, transpiler.hessian(gaussian_solve, wrt=1, rewrites=False)(L0, MU, X),
                               rtol=1e-9)
    cov = L0 @ L0.T + 1e-3 * np.eye(D)
    np.testing.assert_allclose(hessian, N * np.linalg.inv(cov), rtol=1e-8)


def half_squared_residual(theta, t, y):
    r = theta[0] * np.exp(-theta[1] * t) - y          # float64 only because its arguments are
    return 0.5 * r @ r


def test_a_residual_of_float_arguments_is_its_own_adjoint_in_half_its_square():
    # natural4's N41: ``0.5 * r @ r`` gives ``r`` the adjoint ``0.5 * r + r * 0.5``; ``r`` is known
    # floating from the float64 arguments' kinds, so that is ``r`` itself
    theta, t = np.array([1.5, 0.7]), np.linspace(0.0, 2.0, 7)
    y = np.cos(t)
    reverse = gradient_source(half_squared_residual, theta, t, y, wrt=0).split("# reverse sweep")[1]
    assert "0.5" not in reverse, reverse
    assert check_grad(half_squared_residual, theta, t, y, wrt=0)
    assert_same_as_off(half_squared_residual, theta, t, y, wrt=0)


def test_a_residual_of_integer_arguments_is_not_rescaled_into_an_integer_adjoint():
    def half_squared(theta, n):
        r = theta[0] * n - n          # float: theta is; n an integer array
        return 0.5 * r @ r

    theta, n = np.array([1.5]), np.arange(5)
    assert check_grad(half_squared, theta, n, wrt=0)
    assert_same_as_off(half_squared, theta, n, wrt=0)
