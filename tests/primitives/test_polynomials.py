"""NumPy's polynomial functions (primitives/polynomials.py), np.linalg's cond, svdvals, eigvals,
tensorinv and tensorsolve (primitives/linalg_compositions.py) and np.nanquantile/nanpercentile/
nanmedian (primitives/nan_order_statistics.py), written as users write them (positional and
keyword arguments, inside helpers and loops), in reverse mode and forward mode against central
finite differences and through the Hessian; their values against NumPy's."""
import numpy as np
import pytest
from array_check import rng
from one_argument_checks import (gradient_matches_finite_differences, hessian_matches_differences_of_the_gradient,
                                 jvp_matches_finite_differences)

import transpiler
from transpiler.errors import TranspileError

P = np.array([1.5, -0.7, 0.3, 2.0])
A = rng(1).normal(size=(3, 3)) + 3 * np.eye(3)
T = rng(2).normal(size=(3, 3, 3, 3))
X = rng(3).normal(size=(3, 4))
WITH_NAN = X.copy()
WITH_NAN[0, 1] = WITH_NAN[1, 3] = np.nan
SAMPLES = np.linspace(-1.0, 1.0, 7)


# --------------------------------------------------------------------------- polynomials
def add_and_subtract(p):
    return np.sum(np.polyadd(p, [1.0, 2.0]) ** 2 * np.polysub([3.0], p)) + np.sum(np.polysub(p[:2], p) ** 2)


def multiply(p):
    return np.sum(np.polymul(p, p[:2]) ** 2 + np.polyval(np.polymul(a1=p, a2=[1.0, -1.0]), 0.3))


def derivatives_and_integrals(p):
    total = np.sum(np.polyder(p) ** 2) + np.sum(np.polyint(p, 2, k=[p[0], 1.0]))
    for m in range(1, 3):
        total = total + np.sum(np.polyder(p, m=m) * np.polyint(p, m=m)[:len(p) - m])
    return total + np.sum(np.polyint(p, k=3.0) ** 2)


def divide(p):
    quotient, remainder = np.polydiv(p, p[1:3])
    return np.sum(quotient ** 2) + np.sum(remainder * 3.0)


def from_roots(p):
    return np.sum(np.poly(p) ** 2)


def characteristic_polynomial(a):
    return np.sum(np.poly(a) * np.arange(4.0))


def fit(p):
    def curve(x):
        return np.sin(x) * p[0] + p[1] * x ** 3
    return np.sum(np.polyfit(SAMPLES, curve(SAMPLES), 2) ** 2)


def fit_weighted_in_x(p):
    x = SAMPLES + p[2]
    return np.sum(np.polyfit(x, np.cos(x) * p[0], deg=3, w=np.abs(p[3]) + SAMPLES ** 2) * np.arange(4.0))


def fit_columns(p):
    ys = np.stack([SAMPLES * p[0], np.exp(SAMPLES * p[1])], axis=1)
    return np.sum(np.polyfit(SAMPLES, ys, 1, None, False, np.ones(7) + p[3] ** 2) ** 2)


def real_roots(p):
    cubic = np.polymul([1.0, -1.0], np.polymul([1.0, -3.5], p[:2]))
    return np.sum(np.roots(cubic) ** 2)


def roots_with_zeros_around(p):
    return np.sum(np.sort(np.roots(np.concatenate([[0.0], [1.0, -p[0] - 2.0], [0.0, 0.0]]))) * np.arange(3.0))


# --------------------------------------------------------------------------- np.linalg
def condition_numbers(a):
    return np.linalg.cond(a) + np.linalg.cond(a, 1) + np.linalg.cond(a, p="fro") + np.linalg.cond(a, -2) \
        + np.linalg.cond(a, np.inf)


def singular_values(a):
    return np.sum(np.linalg.svdvals(a) ** 3)


def real_eigenvalues(a):
    return np.sum(np.linalg.eigvals(a @ a.T) ** 2)


def tensor_inverse(a):
    t = T + np.reshape(np.kron(a, a), (3, 3, 3, 3))
    return np.sum(np.linalg.tensorinv(t) ** 2) + np.sum(np.linalg.tensorinv(np.reshape(t, (9, 3, 3)), ind=1))


def tensor_solve(a):
    t = T + np.reshape(np.kron(a, a.T), (3, 3, 3, 3))
    return np.sum(np.linalg.tensorsolve(t, a) ** 2) + np.sum(np.linalg.tensorsolve(t, b=a, axes=(0, 2)))


# --------------------------------------------------------------------------- NaN-ignoring order statistics
def nan_quantile_flat(x):
    return np.nanquantile(x, 0.3)


def nan_quantiles_along_rows(x):
    return np.sum(np.nanquantile(x, [0.2, 0.9], axis=1) ** 2)


def nan_median_kept(x):
    return np.sum(np.nanmedian(x, axis=0, keepdims=True) * np.arange(4.0))


def nan_percentile_in_a_loop(x):
    total = 0.0
    for q in (10.0, 75.0):
        total = total + np.sum(np.sin(np.nanpercentile(x, q, axis=1)))
    return total


CASES = [
    (add_and_subtract, P), (multiply, P), (derivatives_and_integrals, P), (divide, P), (from_roots, P),
    (characteristic_polynomial, A), (fit, P), (fit_weighted_in_x, P), (fit_columns, P), (real_roots, P),
    (roots_with_zeros_around, P),
    (condition_numbers, A), (singular_values, A), (real_eigenvalues, A), (tensor_inverse, A), (tensor_solve, A),
    (nan_quantile_flat, WITH_NAN), (nan_quantiles_along_rows, WITH_NAN), (nan_median_kept, WITH_NAN),
    (nan_percentile_in_a_loop, WITH_NAN),
]
IDS = [fn.__name__ for fn, _ in CASES]


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("fn, x", CASES, ids=IDS)
def test_gradient_matches_finite_differences(fn, x):
    gradient_matches_finite_differences(fn, x)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("fn, x", CASES, ids=IDS)
def test_jvp_matches_finite_differences(fn, x):
    jvp_matches_finite_differences(fn, x)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("fn, x", CASES, ids=IDS)
def test_hessian_matches_differences_of_the_gradient(fn, x):
    hessian_matches_differences_of_the_gradient(fn, x)


def _values(fn, *args):
    """``fn``'s value as the compiled forward mode computes it."""
    return transpiler.jvp(fn, args, tuple(np.zeros_like(a) for a in args))[0]


def test_characteristic_polynomial_with_complex_eigenvalues_is_numpys_real_one():
    rotation = np.array([[0.0, -2.0, 0.5], [2.0, 0.0, 1.0], [0.3, -0.2, 1.5]])
    np.testing.assert_allclose(_values(lambda a: np.poly(a), rotation), np.poly(rotation), rtol=1e-12, atol=1e-12)


def test_polydiv_drops_leading_remainder_terms_as_numpy_does():
    for u, v in (([1.0, -3.0, 3.0, -1.0], [1.0, -1.0]), ([2.0, 0.5, -1.0, 4.0], [0.5, 1.0, 3.0])):
        q, r = _values(lambda u, v: np.polydiv(u, v), np.array(u), np.array(v))
        expected_q, expected_r = np.polydiv(u, v)
        np.testing.assert_allclose(q, expected_q, rtol=1e-13)
        np.testing.assert_allclose(r, expected_r, rtol=1e-13, atol=1e-13)


def test_complex_roots_are_numpys_and_their_derivative_is_refused():
    p = np.array([1.0, 0.0, 4.0])                    # x² + 4: ±2i
    value, gradient = transpiler.value_and_grad(lambda x, p: x * np.sum(np.abs(np.roots(p))))(1.5, p)
    assert value == pytest.approx(1.5 * 4.0) and gradient == pytest.approx(4.0)
    with pytest.raises(NotImplementedError, match="complex eigenvalues"):
        transpiler.grad(lambda p: np.sum(np.abs(np.roots(p))))(p)


def test_nan_statistics_of_an_all_nan_slice_are_nan_with_derivative_zero():
    x = WITH_NAN.copy()
    x[2] = np.nan
    value, gradient = transpiler.value_and_grad(lambda x: np.nansum(np.nanmedian(x, axis=1)))(x)
    assert value == pytest.approx(np.nansum(np.nanmedian(x, axis=1)))
    np.testing.assert_array_equal(gradient[2], 0.0)
    np.testing.assert_array_equal(gradient[np.isnan(x)], 0.0)


def test_nan_statistics_values_are_numpys_in_every_spelling():
    def spellings(x):
        return (np.nanquantile(x, [0.1, 0.5, 1.0], axis=0), np.nanpercentile(x, 40.0, 1, None, False, "linear", True),
                np.nanmedian(x), np.nanquantile(x, 0.25, axis=1, keepdims=True))

    for got, expected in zip(_values(spellings, WITH_NAN), spellings(WITH_NAN)):
        np.testing.assert_allclose(got, expected, rtol=1e-13)


def test_another_interpolation_method_is_refused_where_written():
    with pytest.raises(TranspileError, match="method='linear'") as refusal:
        transpiler.grad(lambda x: np.nanquantile(x, 0.5, method="nearest"))(X)
    assert "test_polynomials.py" in str(refusal.value)


def test_polyfit_full_output_is_refused_where_written():
    with pytest.raises(TranspileError, match="full=True"):
        transpiler.grad(lambda y: np.sum(np.polyfit(SAMPLES, y, 2, full=True)[0]))(np.cos(SAMPLES))


def test_quantile_with_another_method_is_refused_where_written_not_computed_linearly():
    for fn in (lambda x: np.quantile(x, 0.3, method="nearest"), lambda x: np.percentile(x, 30.0, method="lower")):
        with pytest.raises(TranspileError, match="method='linear'"):
            transpiler.grad(fn)(X)
