"""Compositions compute in NumPy's dtype: float32 in, float32 value and derivative out (the
NaN-ignoring mean/var/std divided by an int64 count gave float64), np.cov and np.corrcoef in
float64 as NumPy's; forward mode's tangent takes the value's float32 dtype as grad's gradient
takes the argument's. And the compositions that NumPy conjugates (np.cov, np.vecdot) conjugate
complex input (they gave wrong values and gradients)."""

import numpy as np
import pytest
from array_check import both_directions, numeric_gradient

import transpiler


WITH_NAN = np.array([[1.0, np.nan, 3.0, 0.5], [2.0, 5.0, 1.5, -1.0], [np.nan, -0.7, 2.0, 4.0]])
PLAIN = np.array([[1.0, 2.5, 3.0, 0.5], [2.0, 5.0, 1.5, -1.0], [0.3, -0.7, 2.0, 4.0]])


def nanmean_all(a):
    return np.nanmean(a)


def nanmean_rows(a):
    return np.sum(np.nanmean(a, axis=1) ** 2)


def nanvar_columns(a):
    return np.sum(np.nanvar(a, axis=0, keepdims=True))


def nanvar_ddof(a):
    return np.sum(np.nanvar(a, axis=1, ddof=1))


def nanstd_all(a):
    return np.nanstd(a)


def nanstd_method_free_axis(a):
    return np.sum(np.sin(np.nanstd(a, 1)))


def where_then_max(a):
    return np.max(np.where(a > 1.0, a, 0.0))


def piecewise_pieces(a):
    return np.sum(np.piecewise(a, [a < 0.0, a >= 0.0], [lambda v: v ** 2, np.sin]))


def polyadd_shorter(a):
    return np.sum(np.polyadd(a[0], a[1, :2]) ** 2)


FLOAT32_CASES = [nanmean_all, nanmean_rows, nanvar_columns, nanvar_ddof, nanstd_all, nanstd_method_free_axis]
FLOAT32_PLAIN = [where_then_max, piecewise_pieces, polyadd_shorter]
CASES = [(f, WITH_NAN) for f in FLOAT32_CASES] + [(f, PLAIN) for f in FLOAT32_PLAIN]


@pytest.mark.parametrize("f, x", CASES, ids=lambda v: getattr(v, "__name__", ""))
def test_float32_value_and_gradient_stay_float32_in_reverse_mode(f, x):
    x32 = x.astype(np.float32)
    value, gradient = transpiler.value_and_grad(f)(x32)
    expected = f(x32)
    assert np.result_type(expected) == np.float32
    assert np.result_type(value) == np.float32 and value == expected
    assert gradient.dtype == np.float32
    np.testing.assert_allclose(gradient, transpiler.grad(f)(x), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("f, x", CASES, ids=lambda v: getattr(v, "__name__", ""))
def test_float32_value_and_tangent_stay_float32_in_forward_mode(f, x):
    x32 = x.astype(np.float32)
    direction = np.linspace(-1.0, 1.0, x.size).reshape(x.shape)
    value, tangent = transpiler.jvp(f, (x32,), (direction.astype(np.float32),))
    assert np.result_type(value) == np.float32 and value == f(x32)
    assert np.result_type(tangent) == np.float32
    _, wide = transpiler.jvp(f, (x,), (direction,))
    np.testing.assert_allclose(tangent, wide, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("f, x", CASES, ids=lambda v: getattr(v, "__name__", ""))
def test_gradient_matches_finite_differences_in_float64_and_is_0_at_nan(f, x):
    gradient = transpiler.grad(f)(x)
    numeric = numeric_gradient(f, [x], 0)
    missing = np.isnan(x)
    np.testing.assert_allclose(gradient[~missing], numeric[~missing], rtol=1e-6, atol=1e-8)
    assert np.all(gradient[missing] == 0.0)


def cov_rows(a):
    return np.sum(np.cov(a) ** 2)


def corrcoef_columns(a):
    return np.sum(np.corrcoef(a, rowvar=False) ** 3)


@pytest.mark.parametrize("f", [cov_rows, corrcoef_columns])
def test_cov_and_corrcoef_of_float32_are_float64_as_numpy(f):
    x32 = PLAIN.astype(np.float32)
    value, gradient = transpiler.value_and_grad(f)(x32)
    assert np.result_type(f(x32)) == np.float64
    assert np.result_type(value) == np.float64 and value == pytest.approx(f(x32), rel=1e-14)
    assert gradient.dtype == np.float32            # the argument's dtype, as every gradient
    _, tangent = transpiler.jvp(f, (x32,), (np.ones_like(x32),))
    assert np.result_type(tangent) == np.float64


Z = np.array([[1.0 + 1.0j, 2.0, 3.0 - 0.5j], [2.0, 5.0j, 1.5 + 0.2j]])
W = np.array([[1.0 - 1.0j, 2.0j, 3.0], [1.0, 2.0j, 0.5 - 0.3j]])


def cov_modulus(z):
    return np.sum(np.abs(np.cov(z)))


def cov_of_two(z, w):
    return np.sum(np.abs(np.cov(z, w)) ** 2)


def vecdot_modulus(z, w):
    return np.abs(np.vecdot(z, w))


def linalg_vecdot_real_part(z, w):
    return np.real(np.sum(np.linalg.vecdot(z, w)))


COMPLEX_CASES = [(cov_modulus, (Z,)), (cov_of_two, (Z, W)), (vecdot_modulus, (Z[0], W[0])),
                 (linalg_vecdot_real_part, (Z, W)), (vecdot_modulus, (Z[0].real, W[0]))]


@pytest.mark.parametrize("f, args", COMPLEX_CASES, ids=lambda v: getattr(v, "__name__", ""))
def test_conjugating_compositions_match_numpy_and_differences_for_complex_input(f, args):
    for i in range(len(args)):
        value, gradient = transpiler.value_and_grad(f, wrt=i)(*args)
        assert value == pytest.approx(f(*args), rel=1e-13)

        def along(t, i=i):
            return f(*[t if j == i else a for j, a in enumerate(args)])

        np.testing.assert_allclose(gradient, both_directions(along, args[i]), atol=1e-6)
        direction = np.full(np.shape(args[i]), 1.0 + 0.5j if np.iscomplexobj(args[i]) else 1.0)
        _, tangent = transpiler.jvp(f, args, [direction if j == i else None for j in range(len(args))])
        h = 1e-6
        expected = (along(args[i] + h * direction) - along(args[i] - h * direction)) / (2 * h)
        assert tangent == pytest.approx(expected, abs=1e-6)


spla = pytest.importorskip("scipy.linalg")
SQUARE = np.array([[3.0, 0.5, -0.2], [0.4, 2.5, 0.3], [-0.1, 0.6, 2.8]])


def expm_scaled(a):
    return np.sum(spla.expm(a / 4.0) ** 2)


def lu_solve_both_ways(a):
    factors = spla.lu_factor(a)
    return np.sum(spla.lu_solve(factors, a[0]) ** 2) + np.sum(spla.lu_solve(factors, a[1], trans=1))


def lu_factors(a):
    p, lower, upper = spla.lu(a)
    return np.sum(p @ lower * upper)


@pytest.mark.parametrize("f", [expm_scaled, lu_solve_both_ways, lu_factors], ids=lambda f: f.__name__)
def test_scipy_linalg_compositions_of_float32_are_float32_as_scipy(f):
    """Their identity matrices (np.eye: float64) made every float32 value and derivative float64."""
    x32 = SQUARE.astype(np.float32)
    assert np.result_type(f(x32)) == np.float32
    value, gradient = transpiler.value_and_grad(f)(x32)
    assert np.result_type(value) == gradient.dtype == np.float32
    np.testing.assert_allclose(value, f(x32), rtol=1e-5)
    np.testing.assert_allclose(gradient, transpiler.grad(f)(SQUARE), rtol=1e-4, atol=1e-5)
    primal, tangent = transpiler.jvp(f, (x32,), (np.ones_like(x32),))
    assert np.result_type(primal) == np.result_type(tangent) == np.float32
