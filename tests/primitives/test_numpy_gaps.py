"""NumPy functions autograd or JAX differentiates that transpiler lacked (docs/coverage.md):
np.diagonal (and ``x.diagonal``), cumprod (and ``x.cumprod``), the NaN-ignoring functions, the
array-API spellings in np.linalg (diagonal, trace, matmul, matrix_transpose, outer, vecdot,
cross, tensordot, vector_norm, matrix_norm), np.row_stack, average, ptp, cov, corrcoef,
trapezoid, polyval, dstack, diagflat, cumulative_sum/prod, cbrt, float_power, sort_complex; and
np.sinc's second derivative at 0.

Each case is checked against central finite differences in reverse mode, in forward mode along
a random direction, and through the Hessian (forward over the generated gradient) against
differences of the gradient. Cases with NaN in the input compare the numbers' entries only.
"""
import numpy as np
import pytest
from array_check import check_gradient, numeric_gradient, rng
from one_argument_checks import hessian_matches_differences_of_the_gradient

import transpiler

X = rng(1).normal(size=(3, 4))
Q = rng(2).normal(size=(4, 4))
X3 = rng(3).normal(size=(2, 3, 4))
V = rng(4).normal(size=5)
V3 = rng(5).normal(size=3)
S34 = rng(6).normal(size=(3, 4))
WITH_ZERO = np.array([[0.7, -1.3, 0.0, 2.1], [1.1, 0.9, -0.4, 0.0], [-0.6, 1.8, 1.2, -0.9]])
WITH_NAN = X.copy()
WITH_NAN[0, 1] = WITH_NAN[2, 3] = np.nan
NUMBERS = ~np.isnan(WITH_NAN)


# --------------------------------------------------------------------------- diagonal
def diagonal_default(x):
    return np.sum(np.diagonal(x) ** 3)


def diagonal_positional_axes(x):
    return np.sum(np.sin(np.diagonal(x, 1, 1, 2)))


def diagonal_method_keywords(x):
    return np.sum(x.diagonal(offset=-1) ** 2 * np.arange(1.0, 3.0))


def diagonal_keywords(x):
    return np.sum(np.diagonal(x, axis1=2, axis2=0, offset=1) ** 2)


def diagonal_in_a_loop(x):
    total = 0.0
    for k in range(-1, 2):
        total = total + np.sum(np.cos(np.diagonal(x, k)))
    return total


def linalg_diagonal_and_trace(x):
    return np.sum(np.linalg.diagonal(x) ** 2) + np.linalg.trace(x @ x) + np.linalg.trace(x, offset=1)


# --------------------------------------------------------------------------- cumprod
def cumprod_flattened(x):
    return np.sum(np.cumprod(x) * np.arange(12.0))


def cumprod_axis_keyword(x):
    return np.sum(np.cumprod(x, axis=1) ** 2)


def cumprod_method(x):
    return np.sum(x.cumprod(0) * x)


def cumprod_of_vector_in_helper(v):
    def growth(rates):
        return np.cumprod(1.0 + rates)[-1]
    return growth(v) + growth(0.5 * v)


# --------------------------------------------------------------------------- NaN-ignoring
def nansum_of_sine(x):
    return np.sin(np.nansum(x))


def nanmean_axis0(x):
    return np.sum(np.nanmean(x, axis=0) ** 3)


def nanmean_keepdims(x):
    return np.sum(np.nanmean(x, axis=1, keepdims=True) * S34)


def nanmax_rows(x):
    return np.sum(np.nanmax(x, axis=1) ** 2)


def nanmin_columns(x):
    return np.sum(np.sin(np.nanmin(x, 0, keepdims=True)))


def nanvar_ddof(x):
    return np.nanvar(x, ddof=1)


def nanstd_rows(x):
    return np.sum(np.nanstd(x, axis=1))


def nanprod_all(x):
    return np.nanprod(x)


def nancumsum_rows(x):
    return np.sum(np.nancumsum(x, axis=1) ** 2)


def nancumprod_columns(x):
    return np.sum(np.nancumprod(x, axis=0))


NAN_CASES = [nansum_of_sine, nanmean_axis0, nanmean_keepdims, nanmax_rows, nanmin_columns, nanvar_ddof,
             nanstd_rows, nanprod_all, nancumsum_rows, nancumprod_columns]


# --------------------------------------------------------------------------- array-API spellings
def linalg_matmul_squared(x):
    return np.sum(np.linalg.matmul(x, x) ** 2)


def matrix_transposes(x):
    return np.sum(np.linalg.matrix_transpose(x) * Q) + np.sum(np.matrix_transpose(x) ** 3)


def vecdots(x):
    return np.sum(np.vecdot(x, np.sin(x))) + np.sum(np.linalg.vecdot(x, x, axis=0) ** 2)


def vector_norms(x):
    return (np.linalg.vector_norm(x) + np.sum(np.linalg.vector_norm(x, axis=0, ord=3))
            + np.sum(np.linalg.vector_norm(x, keepdims=True)))


def vector_norms_over_two_axes(x):      # a vector norm of the two axes flattened: it took a matrix norm (ord=2: the
    return (np.linalg.vector_norm(x, ord=1, axis=(0, 1))       # spectral norm; ord=3 raised)
            + np.linalg.vector_norm(x, ord=2, axis=(1, 0)) + np.linalg.vector_norm(x, ord=3, axis=(-2, -1))
            + np.sum(np.linalg.vector_norm(x, ord=np.inf, axis=(0, 1), keepdims=True) * x)
            + np.sum(np.linalg.vector_norm(x, axis=(1,)) ** 2))


def matrix_norms(x):
    return np.linalg.matrix_norm(x) + np.linalg.matrix_norm(x, ord=1, keepdims=True).sum()


def linalg_outer_cross_tensordot(v):
    return (np.sum(np.linalg.outer(v, v) ** 2) + np.sum(np.linalg.cross(v, np.cos(v)) ** 2)
            + np.linalg.tensordot(v, v, axes=1))


def row_stack_rows(x):
    return np.sum(np.row_stack([x[0], np.sin(x[1]), x[2] ** 2]) * S34)


# --------------------------------------------------------------------------- statistics, stacking, powers
W4 = np.array([0.5, 1.5, 2.0, 0.8])
P3 = np.array([0.7, -1.1, 0.4])


def average_axis(x):
    return np.sum(np.average(x, axis=1) ** 2)


def average_weights_along_axis(x):
    return np.sum(np.average(x, axis=1, weights=W4) ** 3)


def average_weights_full(x):
    return np.average(np.sin(x), weights=x ** 2)


def average_returned(x):
    mean, total = np.average(x, axis=0, returned=True)
    return np.sum(mean * total)


def ptp_axis_and_all(x):
    return np.sum(np.ptp(x, axis=0) ** 2) + np.ptp(x)


def cov_rows(x):
    return np.sum(np.cov(x) ** 2)


def cov_columns_biased(x):
    return np.sum(np.cov(x, rowvar=False, bias=True) * np.arange(16.0).reshape(4, 4))


def corrcoef_rows(x):
    return np.sum(np.corrcoef(x) ** 3)


def cov_two_vectors(v):
    return np.cov(v, v ** 2)[0, 1] + np.cov(v)


def cov_weighted(x):                     # fweights=/aweights= were refused (cov had no such parameters)
    reliability = x[0] ** 2 + 0.5        # differentiated weights too
    return (np.sum(np.cov(x, aweights=reliability) ** 2) + np.sum(np.cov(x, fweights=[1, 2, 1, 3], ddof=2))
            + np.sum(np.cov(x.T, rowvar=False, fweights=np.array([2, 1, 1, 1]), aweights=reliability, bias=True)))


def trapezoid_unit_spacing(x):
    return np.sum(np.trapezoid(x ** 2))


def trapezoid_sample_points(v):
    return np.trapezoid(np.sin(v), x=np.cumsum(np.abs(v) + 0.1))


def trapezoid_dx_axis(x):
    return np.sum(np.trapezoid(x, dx=0.5, axis=0) ** 2)


def polyval_in_x(x):
    return np.sum(np.polyval(P3, x) ** 2) + np.polyval([1.0, -2.0, x[0, 0]], 0.3)


def polyval_in_coefficients(p):
    return np.polyval(p, 1.7) + np.sum(np.polyval(p, X))


def dstack_pair(x):
    return np.sum(np.dstack([x, x ** 2]) ** 2)


def diagflat_offset(v):
    return np.sum(np.diagflat(v, 1) @ np.diagflat(v ** 2, 1).T)


def cumulative_sum_initial(x):
    return np.sum(np.cumulative_sum(x, axis=1, include_initial=True) ** 2)


def cumulative_prod_vector(v):
    return np.sum(np.cumulative_prod(v, include_initial=True) ** 2)


def cbrt_of_signed(x):
    return np.sum(np.cbrt(x) * S34)


def float_powers(x):
    return np.sum(np.float_power(np.abs(x) + 0.1, 2.5) + np.float_power(1.5, x))


def sort_complex_of_real_rows(x):
    return np.sum(np.real(np.sort_complex(x)) * np.arange(1.0, 5.0) ** 2)


def sort_complex_of_complex_values(x):
    # (ties in the real parts: [1, 1, ...] + 1j * x orders by the imaginary parts)
    z = np.round(x) + 1j * x
    return np.sum(np.abs(np.sort_complex(z)) ** 2 * np.arange(1.0, 5.0))


KERNEL = np.array([0.5, -1.0, 2.0])


def convolve_full_in_the_signal(v):
    return np.sum(np.sin(np.convolve(v, KERNEL)))


def convolve_same_in_the_kernel(v):
    # (the kernel longer than the signal: NumPy swaps them; "same" has the longer one's length)
    return np.sum(np.convolve(KERNEL, v, "same") ** 2)


def convolve_valid_of_itself(v):
    return np.sum(np.convolve(v, v[:2] * v[3], mode="valid") ** 3)

# The primitives' cases (test_array_rules.py checks every VJP rule has some); the compositions'
# follow in COMPOSED_CASES.
CASES = {
    np.diagonal: [(diagonal_default, Q), (diagonal_positional_axes, X3), (diagonal_method_keywords, X),
                  (diagonal_keywords, X3), (diagonal_in_a_loop, Q)],
    np.convolve: [(convolve_full_in_the_signal, V), (convolve_same_in_the_kernel, V), (convolve_valid_of_itself, V)],
    np.cumprod: [(cumprod_flattened, X), (cumprod_axis_keyword, X), (cumprod_method, X),
                 (cumprod_axis_keyword, WITH_ZERO), (cumprod_flattened, WITH_ZERO), (cumprod_of_vector_in_helper, V)],
}
COMPOSED_CASES = [
    (linalg_diagonal_and_trace, Q), *[(f, X) for f in NAN_CASES],
    (linalg_matmul_squared, Q), (matrix_transposes, Q), (vecdots, X), (vector_norms, X), (vector_norms_over_two_axes, X),
    (matrix_norms, X),
    (linalg_outer_cross_tensordot, V3),
    (average_axis, X), (average_weights_along_axis, X), (average_weights_full, X), (average_returned, X),
    (ptp_axis_and_all, X), (cov_rows, X), (cov_columns_biased, X), (corrcoef_rows, X), (cov_two_vectors, V), (cov_weighted, X),
    (trapezoid_unit_spacing, X), (trapezoid_sample_points, V), (trapezoid_dx_axis, X),
    (polyval_in_x, X), (polyval_in_coefficients, P3), (dstack_pair, X), (diagflat_offset, V),
    (cumulative_sum_initial, X), (cumulative_prod_vector, V), (cbrt_of_signed, X), (float_powers, X),
    (sort_complex_of_real_rows, X), (sort_complex_of_complex_values, X),
]
if hasattr(np, "row_stack"):
    COMPOSED_CASES.append((row_stack_rows, X))
ALL = [case for cases in CASES.values() for case in cases] + COMPOSED_CASES


def _id(case):
    fn, x = case
    return fn.__name__ + ("_with_zeros" if x is WITH_ZERO else "")


@pytest.mark.filterwarnings("ignore:`row_stack` alias is deprecated:DeprecationWarning")
@pytest.mark.parametrize("case", ALL, ids=_id)
def test_gradient_matches_finite_differences(case):
    fn, x = case
    before = np.copy(x)
    check_gradient(fn, (x,), rtol=1e-5, atol=1e-7)
    np.testing.assert_array_equal(x, before)


@pytest.mark.filterwarnings("ignore:`row_stack` alias is deprecated:DeprecationWarning")
@pytest.mark.parametrize("case", ALL, ids=_id)
def test_jvp_matches_finite_differences(case):
    fn, x = case
    direction = rng(60).normal(size=np.shape(x))
    value, tangent = transpiler.jvp(fn, (x,), (direction,))
    np.testing.assert_allclose(value, fn(x), rtol=1e-12)
    np.testing.assert_allclose(tangent, np.sum(numeric_gradient(fn, [x], 0) * direction), rtol=1e-5, atol=1e-7)


@pytest.mark.filterwarnings("ignore:`row_stack` alias is deprecated:DeprecationWarning")
@pytest.mark.parametrize("case", ALL, ids=_id)
def test_hessian_matches_differences_of_the_gradient(case):
    hessian_matches_differences_of_the_gradient(*case)


@pytest.mark.parametrize("fn", NAN_CASES, ids=lambda f: f.__name__)
def test_nan_elements_are_ignored_in_both_modes(fn):
    """With NaN in the input: the numbers' derivatives match finite differences, the NaN
    elements' are 0, in reverse mode and in forward mode (along directions on the numbers)."""
    gradient = transpiler.grad(fn)(WITH_NAN)
    expected = numeric_gradient(fn, [WITH_NAN], 0)
    np.testing.assert_allclose(gradient[NUMBERS], expected[NUMBERS], rtol=1e-5, atol=1e-7)
    np.testing.assert_array_equal(gradient[~NUMBERS], 0.0)
    direction = np.where(NUMBERS, rng(61).normal(size=X.shape), 0.0)
    value, tangent = transpiler.jvp(fn, (WITH_NAN,), (direction,))
    np.testing.assert_allclose(value, fn(WITH_NAN), rtol=1e-12)
    np.testing.assert_allclose(tangent, np.sum(expected[NUMBERS] * direction[NUMBERS]), rtol=1e-5, atol=1e-7)


def nan_reductions_of_all_nan_rows(x):
    return np.nanmean(x, axis=1), np.nanmax(x, axis=1), np.nanvar(x, axis=1), np.nansum(x, axis=1)


def test_all_nan_slices_give_numpys_values_and_derivative_zero():
    x = X.copy()
    x[1] = np.nan
    def loss(x):
        mean, largest, variance, total = nan_reductions_of_all_nan_rows(x)
        return np.nansum(mean) + np.nansum(largest) + np.nansum(variance) + np.sum(total)
    with np.errstate(invalid="ignore"), pytest.warns(RuntimeWarning):
        expected = [np.nanmean(x, axis=1), np.nanmax(x, axis=1), np.nanvar(x, axis=1)]
    value, gradient = transpiler.value_and_grad(loss)(x)
    np.testing.assert_allclose(value, sum(np.nansum(e) for e in expected) + np.nansum(x))
    np.testing.assert_array_equal(gradient[1], 0.0)
    assert np.all(np.isfinite(gradient))


def test_cumprod_through_zeros_is_exact_not_divided():
    """d cumprod(x)[-1] / dx_i is the product of the others, zeros included (no 0/0)."""
    x = np.array([2.0, 0.0, 3.0, 0.0, 5.0])
    gradient = transpiler.grad(lambda v: np.cumprod(v)[-1])(x)
    np.testing.assert_array_equal(gradient, [0.0, 0.0, 0.0, 0.0, 0.0])
    x = np.array([2.0, 0.0, 3.0, 4.0])
    np.testing.assert_array_equal(transpiler.grad(lambda v: np.cumprod(v)[-1])(x), [0.0, 24.0, 0.0, 0.0])


def test_diagonal_float32_keeps_its_dtype_in_both_modes():
    x = Q.astype(np.float32)
    gradient = transpiler.grad(diagonal_default)(x)
    assert gradient.dtype == np.float32
    _, tangent = transpiler.jvp(diagonal_default, (x,), (np.ones_like(x),))
    np.testing.assert_allclose(tangent, 3 * np.sum(np.diagonal(x) ** 2), rtol=1e-5)


def test_calls_passing_dtype_or_out_are_refused_where_written():
    def with_dtype(x):
        return np.nansum(x, 0, np.float32)
    with pytest.raises(transpiler.TranspileError, match="nansum"):
        transpiler.grad(with_dtype)(X)


# --------------------------------------------------------------------------- sinc at 0
def sinc_sum(x):
    return np.sum(np.sinc(x))


def sinc(x):
    return np.sinc(x)


def test_sinc_second_derivative_at_zero_is_minus_pi_squared_over_three():
    np.testing.assert_allclose(transpiler.hessian(sinc)(0.0), -np.pi ** 2 / 3, rtol=1e-14)
    x = np.array([0.0, 1e-4, -5e-4, 2e-3, 0.4, -1.3])
    hessian = transpiler.hessian(sinc_sum)(x)
    grad = transpiler.grad(sinc_sum)
    expected = np.array([(grad(np.array([v + 1e-5]))[0] - grad(np.array([v - 1e-5]))[0]) / 2e-5 for v in x])
    np.testing.assert_allclose(np.diag(hessian), expected, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(hessian[0, 0], -np.pi ** 2 / 3, rtol=1e-14)
    np.testing.assert_allclose(transpiler.grad(sinc_sum)(x), [
        (np.sinc(v + 1e-6) - np.sinc(v - 1e-6)) / 2e-6 for v in x], rtol=1e-6, atol=1e-9)
    _, tangent = transpiler.jvp(transpiler.grad(sinc), (0.0,), (1.0,))
    np.testing.assert_allclose(tangent, -np.pi ** 2 / 3, rtol=1e-14)


def test_sinc_derivative_near_zero_is_its_taylor_polynomial():
    """The rule's branch for |x| < 1e-3 is the series of sinc' through x**5 (sympy's)."""
    sympy = pytest.importorskip("sympy")
    x = sympy.Symbol("x")
    series = sympy.series(sympy.diff(sympy.sin(sympy.pi * x) / (sympy.pi * x), x), x, 0, 7).removeO()
    for point in [9.9e-4, -7e-4, 3e-4, 0.0]:
        rule = transpiler.grad(sinc)(point)
        np.testing.assert_allclose(rule, float(series.subs(x, point)), rtol=1e-14, atol=1e-300)
    # at the switch the quotient takes over, agreeing to its rounding (the cancellation it has there)
    np.testing.assert_allclose(transpiler.grad(sinc)(1e-3), float(series.subs(x, 1e-3)), rtol=1e-10)


@pytest.mark.parametrize("a", [np.array([0.5, -1.0, 0.5, 2.0], dtype=np.float32), np.array([3, -1, 2], dtype=np.int8),
                               np.array([[1.0 + 2j, 1.0 - 1j], [-0.5 + 0j, -0.5 - 3j]], dtype=np.complex64)],
                         ids=lambda a: str(a.dtype))
def test_sort_complex_gives_numpys_values_and_dtype(a):
    # (float32's is complex128, int8's complex64, complex64 kept: through the compiled code)
    tangent = None if a.dtype.kind == "i" else np.ones_like(a)
    value = transpiler.jvp(np.sort_complex, (a,), (tangent,))[0]
    assert value.dtype == np.sort_complex(a).dtype
    np.testing.assert_array_equal(value, np.sort_complex(a))
