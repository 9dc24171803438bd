"""NumPy functions that build arrays from the user's functions or count into bins
(primitives/composing.py): np.piecewise, np.apply_along_axis, np.apply_over_axes,
np.fromfunction (with lambdas, NumPy functions and helpers), np.bincount(weights=),
np.histogram (weights, density, computed edges), np.histogram_bin_edges, np.histogram2d, np.histogramdd, np.logspace, np.geomspace, np.astype and
np.tri: reverse mode, forward mode and Hessians against finite differences."""
import numpy as np
import pytest
from array_check import rng
from one_argument_checks import (gradient_matches_finite_differences, hessian_matches_differences_of_the_gradient,
                              jvp_matches_finite_differences)

import transpiler

X = rng(31).normal(size=(3, 4))
V = rng(32).normal(size=5)
SIGNED = np.array([0.7, -1.2, 1.5, -0.4, 0.9])
LABELS = np.array([0, 2, 2, 4, 0])


def cube(t):
    return t ** 3


def piecewise_lambdas(v):
    return np.sum(np.piecewise(v, [v < 0, v >= 0], [lambda t: -t ** 3, lambda t: np.sqrt(t)]))


def piecewise_constant_otherwise_and_numpy_function(v):
    return np.sum(np.piecewise(v, [v < -0.5, v > 0.5], [cube, 1.0, np.sin]) ** 2)


def piecewise_one_condition_with_arguments(v):
    return np.sum(np.piecewise(v, v > 0, [lambda t, s: s * t ** 2, lambda t, s: s * t], 3.0))


def piecewise_computed_values(v):
    # values, not functions, computed from v (fuzz seed 25513): `callable` of a value the function
    # computes is known to be False when compiling, so no call of it is lowered
    s = np.sum(v ** 2)
    return np.sum(np.piecewise(v, [v < 0, v >= 0], [s, 2 * s * v[0]]) * v)


def piecewise_computed_value_with_a_lambda_in_a_loop(v):
    total = 0.0
    for scale in (1.0, 2.0):
        level = np.tanh(v[1]) * scale
        total = total + np.sum(np.piecewise(v, v > 0, [lambda t: t ** 2 * level, level]))
    return total


def apply_along_rows(x):
    return np.sum(np.apply_along_axis(lambda r: np.sum(r ** 2) * r[0], 1, x))


def apply_along_columns_vector_result(x):
    return np.sum(np.apply_along_axis(np.cumsum, 0, x) ** 2)


def apply_along_with_keyword(x):
    def scaled(row, scale=1.0):
        return scale * np.sin(row)
    return np.sum(np.apply_along_axis(scaled, -1, x, scale=2.0) ** 2)


def apply_over_both_axes(x):
    return np.sum(np.apply_over_axes(np.sum, x ** 2, [0, 1]) ** 2) + np.sum(np.apply_over_axes(np.mean, x ** 3, 1))


def fromfunction_closing_over_x(x):
    return np.sum(np.fromfunction(lambda i, j: x[0, 0] * i + x[1, 1] * j ** 2, (3, 4)))


def fromfunction_integer_grids(x):
    return np.sum(np.fromfunction(lambda i, j: x[i, j] ** 2, (3, 3), dtype=int))


def fromfunction_keyword_argument(v):
    return np.sum(np.fromfunction(lambda i, scale: v * i * scale, (5,), scale=2.0) ** 2)


def bincount_weights(v):
    return np.sum(np.bincount(LABELS, weights=v ** 2, minlength=6) ** 2) + np.sum(np.bincount(LABELS, v) * np.arange(5.0))


def bincount_counts_in_a_loop(v):
    total = 0.0
    for k in range(2):
        total = total + np.sum(v * np.bincount(LABELS)[LABELS] ** k)
    return total


def histogram_weights(v):
    return np.sum(np.histogram(np.arange(5.0), bins=3, weights=v ** 2)[0] ** 2)


def histogram_computed_edges(v):
    counts, edges = np.histogram(v, 4)
    return np.sum(edges ** 2) + np.sum(counts)


def histogram_density_given_edges(v):
    hist, _ = np.histogram(v, bins=[-3.0, -1.0, 0.0, 2.0], weights=np.exp(v), density=True)
    return np.sum(hist * np.arange(3.0))


def histogram_range(v):
    return np.sum(np.histogram(v, 3, (-2.0, 2.0), weights=v)[0] ** 2)


def bin_edges_computed_and_estimated(v):
    return np.sum(np.histogram_bin_edges(v, "auto") ** 2) + np.sum(np.histogram_bin_edges(v * 2.0, 4, (-1.0, 3.0)) * v[0])


PLANE = rng(33).normal(size=(2, 12))


def histogram2d_weights_density_and_edges(v):
    x, y = PLANE[0] + v[0], PLANE[1] * v[1]
    hist, x_edges, y_edges = np.histogram2d(x, y, 3, weights=np.exp(x * v[2]), density=True)
    return np.sum(hist * np.arange(9.0).reshape(3, 3)) + np.sum(x_edges ** 2) + np.sum(y_edges ** 3)


def histogram2d_given_edges_and_ranges(v):
    x, y = PLANE[0] * v[3], PLANE[1] + v[4]
    per_axis = np.histogram2d(x, y, [np.array([-1.0, 0.0, 2.0]), 3], [[-5.0, 5.0], None], weights=y ** 2)
    ranged = np.histogram2d(x, y, bins=[2, 4], range=[[-1.0, 1.0], [-2.0, 2.0]], weights=x * v[0])
    return np.sum(per_axis[0] ** 2) + np.sum(per_axis[2]) + np.sum(ranged[0] ** 2) + np.sum(ranged[1])


SPACE = rng(35).normal(size=(14, 3))


def histogramdd_rows_weights_and_edges(v):
    sample = SPACE * v[:3]
    hist, edges = np.histogramdd(sample, bins=(3, 2, 2), weights=np.exp(sample[:, 0] * v[3]))
    return np.sum(hist * np.arange(12.0).reshape(3, 2, 2)) + sum(np.sum(e ** 2) * (k + 1) for k, e in enumerate(edges))


def histogramdd_coordinate_arrays_density(v):
    # (a list of D coordinate arrays: NumPy reads it transposed, points as columns)
    hist, edges = np.histogramdd([SPACE[:, 0] + v[0], SPACE[:, 1] * v[1]], bins=3, density=True, weights=SPACE[:, 2] ** 2 + v[2])
    return np.sum(hist * np.arange(9.0).reshape(3, 3)) + np.sum(edges[0] ** 3) + np.sum(edges[1])


def histogramdd_given_edges_and_ranges(v):
    sample = SPACE * v[4]
    hist, edges = np.histogramdd(sample, [np.array([-2.0, 0.0, 2.0]), 3, 2], [None, (-1.0, 1.0), None], weights=sample[:, 1] ** 2)
    return np.sum(hist ** 2) + np.sum(edges[2] * v[0]) + np.sum(edges[1])


def logspace_ends(v):
    return np.sum(np.logspace(v[0], v[1], 5) * np.arange(5.0)) + np.sum(np.logspace(v[0], 1.0, num=4, base=2.0, endpoint=False))


def geomspace_both_signs(v):
    return (np.sum(np.geomspace(np.exp(v[0]), np.exp(v[1]), 5) * np.arange(5.0))
            + np.sum(np.geomspace(-np.exp(v[0]), -2.0, num=4, endpoint=False) ** 2))


def spaced_between_arrays(x):
    """Array ends (NumPy broadcasts them, the samples along a new axis), ``axis=``, an array
    ``base``, the arguments by position, in a loop."""
    start, stop = x[0, :2], np.exp(x[1:3, 2:3])                 # (2,) against (2, 1)
    total = np.sum(np.geomspace(np.exp(start), stop, 4) ** 2) + np.sum(np.geomspace(-np.exp(x[2]), -1.5, 3, axis=1))
    total += np.sum(np.logspace(x[0], x[1], 3, True, 2.0, None, 1) ** 2)
    total += np.sum(np.logspace(0.2, x[:2, :2], 3, base=np.array([2.0, 3.0]), axis=-1))
    for row in x[:2]:
        total += np.sum(np.geomspace(np.exp(row), 2.0, 3, endpoint=False) * np.arange(3.0)[:, None])
    return total


def astype_function(x):
    return np.sum(np.astype(x, np.float64, copy=False) ** 2) + np.sum(x * np.astype(x > 0, int))


def tri_mask(x):
    return np.sum(x[:, :3] ** 2 * np.tri(3)) + np.sum(x * np.tri(3, 4, k=1))


ALL = [(piecewise_lambdas, SIGNED), (piecewise_constant_otherwise_and_numpy_function, V),
         (piecewise_one_condition_with_arguments, SIGNED), (piecewise_computed_values, SIGNED),
         (piecewise_computed_value_with_a_lambda_in_a_loop, SIGNED), (apply_along_rows, X),
         (apply_along_columns_vector_result, X), (apply_along_with_keyword, X), (apply_over_both_axes, X),
         (fromfunction_closing_over_x, X), (fromfunction_integer_grids, X), (fromfunction_keyword_argument, V),
         (bincount_weights, V), (bincount_counts_in_a_loop, V), (histogram_weights, V),
         (histogram_computed_edges, V), (histogram_density_given_edges, V), (histogram_range, V),
         (bin_edges_computed_and_estimated, V), (histogram2d_weights_density_and_edges, V),
         (histogram2d_given_edges_and_ranges, V), (histogramdd_rows_weights_and_edges, V),
         (histogramdd_coordinate_arrays_density, V), (histogramdd_given_edges_and_ranges, V),
         (logspace_ends, V), (geomspace_both_signs, V), (spaced_between_arrays, X), (astype_function, X), (tri_mask, X)]

# The rules declared by a VJP here, for tests/primitives/test_array_rules.py (the others are compositions).
CASES = {np.bincount: [(bincount_weights, (V,), (0,))]}


def _id(case):
    return case[0].__name__


@pytest.mark.parametrize("case", ALL, ids=_id)
def test_gradient_matches_finite_differences(case):
    gradient_matches_finite_differences(*case)


@pytest.mark.parametrize("case", ALL, ids=_id)
def test_jvp_matches_finite_differences(case):
    jvp_matches_finite_differences(*case)


@pytest.mark.parametrize("case", ALL, ids=_id)
def test_hessian_matches_differences_of_the_gradient(case):
    hessian_matches_differences_of_the_gradient(*case)


def test_histogram_values_match_numpy():
    def both(v):
        hist, edges = np.histogram(v, 4, weights=v ** 2, density=True)
        return hist, edges
    got = transpiler.vjp(both, V)[0]
    expected = np.histogram(V, 4, weights=V ** 2, density=True)
    np.testing.assert_allclose(got[0], expected[0], rtol=1e-12)
    np.testing.assert_allclose(got[1], expected[1], rtol=1e-12)


def histograms_of_the_plane(x, y, w):
    return (np.histogram2d(x, y), np.histogram2d(x, y, bins=3, weights=w), np.histogram2d(x, y, [2, 4], density=True),
            np.histogram2d(x, y, bins=[np.array([-1.0, 0.0, 2.0]), 3], range=[[-5, 5], None], weights=w ** 2),
            np.histogram2d(x, y, 4, [[-1.0, 1.0], [-2.0, 2.0]], True, w * w),
            np.histogram_bin_edges(x), np.histogram_bin_edges(x, "fd"), np.histogram_bin_edges(x, 3, (-1.0, 2.0)))


def test_histogram2d_and_bin_edges_values_match_numpy():
    x, y, w = rng(34).normal(size=(3, 20))
    got = transpiler.jvp(histograms_of_the_plane, (x, y, w), (x, y, w))[0]
    for mine, numpys in zip(got, histograms_of_the_plane(x, y, w)):
        for m, n in zip(*((mine, numpys) if isinstance(mine, tuple) else ((mine,), (numpys,)))):
            assert np.shape(m) == np.shape(n) and np.asarray(m).dtype == np.asarray(n).dtype
            np.testing.assert_allclose(m, n, rtol=1e-12)


def histograms_of_space(s, w):
    return (np.histogramdd(s), np.histogramdd(s, bins=[2, 3, 2], weights=w, density=True),
            np.histogramdd((s[:, 0], s[:, 1]), 4, [(-1.0, 1.0), None], weights=w * w),
            np.histogramdd(s[:, 2], bins=[np.array([-1.0, 0.0, 0.5, 2.0])]), np.histogramdd(s[:, 0] * 0.0 + 1.0, 3),
            np.histogramdd(s.astype(np.float32), 2))


def test_histogramdd_values_match_numpy():
    # rows of an array, a tuple of coordinate arrays, a 1-D sample (one axis), equal values
    # (the span widened by 1/2 each side), float32; through the compiled code
    s, w = rng(36).normal(size=(20, 3)), rng(37).normal(size=20)
    got = transpiler.jvp(histograms_of_space, (s, w), (s, w))[0]
    for mine, numpys in zip(got, histograms_of_space(s, w)):
        assert np.shape(mine[0]) == np.shape(numpys[0]) and mine[0].dtype == numpys[0].dtype
        np.testing.assert_allclose(mine[0], numpys[0], rtol=1e-12)
        assert len(mine[1]) == len(numpys[1])
        for m, n in zip(mine[1], numpys[1]):
            assert np.asarray(m).dtype == n.dtype
            np.testing.assert_allclose(m, n, rtol=1e-6 if n.dtype == np.float32 else 1e-12)


def test_piecewise_never_differentiates_a_piece_where_it_does_not_apply():
    """np.sqrt's piece sees only the non-negative elements: no NaN reaches the gradient."""
    gradient = transpiler.grad(piecewise_lambdas)(SIGNED)
    assert np.all(np.isfinite(gradient))


def test_astype_to_float32_keeps_the_derivative_in_float32():
    gradient = transpiler.grad(lambda x: np.sum(np.astype(x, np.float32) ** 2))(X)
    np.testing.assert_allclose(gradient, 2 * X, rtol=1e-6)


def test_spaced_numbers_between_arrays_are_numpys():
    value, _ = transpiler.value_and_grad(spaced_between_arrays)(X)
    assert value == pytest.approx(spaced_between_arrays(X), rel=1e-13)
    ends = np.exp(X[0].astype(np.float32))
    for spaced in (lambda e: np.geomspace(e, np.float32(2.0), 3, axis=-1), lambda e: np.logspace(e, 2.0, 3, axis=-1)):
        got = transpiler.vjp(spaced, ends)[0]
        assert got.dtype == spaced(ends).dtype        # geomspace float64 (NumPy's), logspace float32
        np.testing.assert_allclose(got, spaced(ends), rtol=1e-6)
    np.testing.assert_array_equal(transpiler.vjp(lambda e: np.geomspace(e, 2.0, 3), ends)[0][0], ends)  # ends exact


def pieces_by_rows(x):
    m = x.reshape(2, 2)
    return np.sum(np.piecewise(m, m > 0, [lambda t: t * 3, lambda t: t - 1]))


def pieces_of_a_matrix_with_a_constant(x):
    m = x.reshape(2, 2)
    return np.sum(np.piecewise(m, m > 0, [lambda t: t * 3, 0.5]))


@pytest.mark.parametrize("f", [pieces_by_rows, pieces_of_a_matrix_with_a_constant])
def test_piecewise_reads_an_array_condition_of_a_matrix_as_numpy_does_one_per_row(f):
    # NumPy takes `m > 0` of a 2-D m for a list of conditions, one per row (each selecting rows
    # of m); the composition reshaped it into one condition: -2.2 as 6.8, a gradient [3, 0, 3, 3]
    # where NumPy's function is constant (found by c7's fuzz seed 25513)
    x = np.array([0.3, -1.2, 2.0, 0.7])
    value, gradient = transpiler.value_and_grad(f)(x)
    assert value == pytest.approx(f(x))
    assert transpiler.check_grad(f, x).ok
