"""np.median, np.quantile, np.percentile, np.interp, np.convolve, np.correlate as compositions
(transpiler/primitives/order_statistics.py): values equal NumPy's, gradients match finite
differences in every differentiated argument, forward mode matches reverse, Hessians match
differences of the gradient."""
import numpy as np
import pytest

import transpiler

RNG = np.random.default_rng(0)
A = RNG.normal(size=7)
V = RNG.normal(size=3)
M = RNG.normal(size=(4, 5))
KNOTS = np.array([0.0, 1.0, 2.0])
VALUES = np.array([0.5, -1.0, 2.0])


def convolved(mode):
    def f(a, v):
        return np.sum(np.convolve(a, v, mode=mode) ** 2)
    f.__name__ = f"convolve_{mode}"
    return f


def correlated(mode):
    def f(a, v):
        return np.sum(np.sin(np.correlate(a, v, mode)))
    f.__name__ = f"correlate_{mode}"
    return f


def convolve_a_number(v):
    return np.sum(np.convolve(v, 2) ** 2) + np.sum(np.convolve(1.5, v, "same") * v)    # NumPy: a 1-element sequence


def convolve_a_number_argument(v, s):
    return np.sum(np.convolve(v, s, "valid") ** 2)


def median_odd(a):
    return np.median(a) ** 2


def median_even(a):
    return np.median(a[:6]) * a[0]


def median_rows(m):
    return np.sum(np.median(m, axis=1) ** 2)


def median_kept(m):
    return np.sum(np.median(m, axis=0, keepdims=True) * m)


def quantile_scalar(a):
    return np.quantile(a, 0.3) ** 2


def percentiles(a):
    return np.sum(np.percentile(a, [10, 50, 90]) ** 2)


def quantiles_per_row(m):
    return np.sum(np.quantile(m, [0.2, 0.7], axis=1) ** 2)


def interp_in_values(fp):
    return np.sum(np.interp(np.array([-1.0, 0.3, 1.7, 5.0]), KNOTS, fp) ** 2)


def interp_in_queries(x):
    return np.sum(np.interp(x, KNOTS, VALUES) ** 2)


def interp_number_with_left(x):
    return np.interp(x, KNOTS, VALUES, left=0.0) ** 2


def convolve_with_list_kernel(a):          # lists, as NumPy takes them (crashed: `[1.0, 2.0][k]`)
    return np.sum(np.convolve(a, [1.0, -2.0, 0.5]) ** 2) + np.sum(np.correlate(a, [0.3, 1.0], "same") ** 2)


def interp_periodic_in_queries(x):        # period= was ignored: NumPy's value, and derivative, were other
    return np.sum(np.interp(x * 4.0, [2.5, 0.0, 1.0, 2.0], [0.3, -1.0, 2.0, 0.5], period=3.0) ** 2)


def interp_periodic_in_values(fp):
    return np.sum(np.interp(np.array([-1.3, 0.2, 2.9, 7.5]), [3.5, 0.0, 1.0], fp, period=-4.0, left=9.0) ** 2)


def interp_in_lists(fp):
    return np.sum(np.interp([0.3, 1.7], [0.0, 1.0, 2.0], [fp[0], 2.0, fp[2]]) ** 2)


T3 = RNG.normal(size=(2, 3, 4))
QUANTILE_WEIGHTS = np.arange(10.0).reshape(2, 1, 5)   # broadcasts against (2, 1, 5) only, not (1, 2, 5)


def median_over_two_axes(t):                # a tuple axis= crashed (np.sort(a, axis=(0, 2)))
    return np.sum(np.median(t, axis=(0, -1), keepdims=True) * t) + np.sum(np.median(t, axis=(2, 1)) ** 2)


def quantiles_kept(m):                      # was shaped (1, 2, 5), NumPy's is (2, 1, 5): the quantiles' axis first
    return np.sum(np.quantile(m, [0.2, 0.7], axis=0, keepdims=True) * QUANTILE_WEIGHTS)


def percentiles_kept_over_everything(t):    # axis=None, keepdims=True with several quantiles failed to reshape
    return np.sum(np.percentile(t, [20, 70], keepdims=True) * np.array([1.0, -2.0]).reshape(2, 1, 1, 1))


def nan_quantiles_over_two_axes(t):
    with_gap = np.where(t > 1.5, np.nan, t)
    return (np.sum(np.nanquantile(with_gap, [0.3, 0.6], axis=(2, 0), keepdims=True) ** 2)
            + np.sum(np.nanmedian(with_gap, axis=(0, 1)) ** 2))


CASES = [(median_over_two_axes, (T3,)), (quantiles_kept, (M,)), (percentiles_kept_over_everything, (T3,)),
         (nan_quantiles_over_two_axes, (T3,))]
CASES += [(median_odd, (A,)), (median_even, (A,)), (median_rows, (M,)), (median_kept, (M,)),
         (quantile_scalar, (A,)), (percentiles, (A,)), (quantiles_per_row, (M,)),
         (interp_in_values, (VALUES,)), (interp_in_queries, (np.array([0.3, 1.7, 1.2]),)),
         (interp_number_with_left, (0.4,)), (interp_periodic_in_queries, (A,)),
         (interp_periodic_in_values, (VALUES,)), (convolve_with_list_kernel, (A,)), (interp_in_lists, (VALUES,))]
CASES += [(convolved(mode), (A, V)) for mode in ("full", "same", "valid")]
CASES += [(convolved(mode), (V, A)) for mode in ("full", "same", "valid")]        # v longer than a
CASES += [(correlated(mode), (A, V)) for mode in ("full", "same", "valid")]
CASES += [(convolve_a_number, (V,)), (convolve_a_number_argument, (A, 1.3))]


@pytest.mark.parametrize("f, args", CASES, ids=lambda c: getattr(c, "__name__", ""))
def test_gradients_match_finite_differences_in_every_argument(f, args):
    for wrt in range(len(args)):
        assert transpiler.check_grad(f, *args, wrt=wrt).ok


@pytest.mark.parametrize("f, args", CASES, ids=lambda c: getattr(c, "__name__", ""))
def test_value_is_numpys_and_forward_mode_matches_reverse(f, args):
    direction = np.linspace(-1.0, 1.0, np.size(args[0])).reshape(np.shape(args[0]))
    if np.ndim(args[0]) == 0:
        direction = 0.7
    value, tangent = transpiler.jvp(f, args, [direction] + [None] * (len(args) - 1))
    assert value == pytest.approx(f(*args), rel=1e-12)
    assert tangent == pytest.approx(np.sum(transpiler.grad(f)(*args) * direction), rel=1e-10, abs=1e-12)


@pytest.mark.parametrize("f, args", [(median_rows, (M,)), (median_over_two_axes, (T3,)), (quantiles_kept, (M,)), (percentiles, (A,)), (interp_in_values, (VALUES,)),
                                     (convolved("same"), (A, V)), (convolve_a_number, (V,))], ids=lambda c: getattr(c, "__name__", ""))
def test_hessians_match_differences_of_the_gradient(f, args):
    x = args[0]
    H = transpiler.hessian(f)(*args)
    g = transpiler.grad(f)
    h = 1e-6
    for index in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[index] = h
        column = (g(x + e, *args[1:]) - g(x - e, *args[1:])) / (2 * h)
        np.testing.assert_allclose(H[(Ellipsis, *index)], column, rtol=1e-5, atol=1e-7)


def quantile_python_number(a):
    return np.quantile(a, 0.3, axis=0)


def percentile_python_number(a):
    return np.percentile(a, 30, axis=1)


def nanpercentile_python_number(a):
    return np.nanpercentile(np.where(a > 1.0, np.nan, a), 70)


def percentile_list(a):
    return np.percentile(a, [10, 90], axis=0)


def quantile_of_integers(a):
    return np.quantile(np.arange(5), 1) * a


@pytest.mark.parametrize("f", [quantile_python_number, percentile_python_number, nanpercentile_python_number,
                               percentile_list, quantile_of_integers], ids=lambda f: f.__name__)
def test_the_value_and_its_derivatives_have_numpys_dtype(f):
    """float32 data and a Python number ``q`` (weak): NumPy's result is float32; a list ``q`` or
    integer data give float64. The composition's ``np.asarray(q)`` made every float32 result float64."""
    x = M.astype(np.float32)
    expected = np.asarray(f(x)).dtype
    value, tangent = transpiler.jvp(f, (x,), (np.ones_like(x),))
    assert np.asarray(value).dtype == np.asarray(tangent).dtype == expected
    np.testing.assert_allclose(value, f(x), rtol=1e-6)
    _, pullback = transpiler.vjp(f, x)
    assert pullback(np.ones(np.shape(value), expected))[0].dtype == np.float32


def test_median_with_an_out_array_is_refused_where_written():
    """``out=`` was ignored (the array kept its old values while the result was right)."""
    buffer = np.zeros(5)

    def median_into(m):
        np.median(m, axis=0, out=buffer)
        return np.sum(buffer)

    with pytest.raises(transpiler.errors.TranspileError, match="no out=") as refusal:
        transpiler.grad(median_into)(M)
    assert "test_order_statistics.py" in str(refusal.value)


def test_convolve_s_derivative_is_a_convolution_not_a_banded_matrix():
    # (the composition as a banded matrix times the signal was O(n^2): 243x the primal at 200 samples)
    signal = RNG.normal(size=200)
    code = transpiler.grad(convolved("valid"), 1).source(args=(signal, V))
    assert "np.add.at" not in code and "np.where(" not in code.split("# reverse sweep")[-1]
    assert "convolve_adjoint(" in code
