"""``x.sort(kind=...)`` on an array the function made (scipy's ``_cdf_distance`` writes
``all_values.sort(kind='mergesort')``) and the method spelling ``a.searchsorted(v, side)``
(nondifferentiable: integer positions). Both modes against central finite differences."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

from sequence_checks import assert_both_modes

X = np.array([0.3, -1.2, 2.0, 0.7])


def sorts_with_a_kind_keyword(x):
    y = np.concatenate((x, x[:2] * 3))
    y.sort(kind="mergesort")
    return y[0] * 3 + y[-1] * y[2]


def sorts_rows_with_axis_and_kind_positional(x):
    m = np.outer(x, np.sin(x))
    m.sort(1, "stable")
    return np.sum(m[:, 0] * np.arange(4)) + m[2, 3]


def sorts_columns_with_both_keywords(x):
    m = np.outer(np.cos(x), x)
    m.sort(axis=0, kind="heapsort")
    return np.sum(m[-1] ** 2)


def empirical_cdf_gap(x):
    ordered = np.sort(x)
    grid = np.linspace(-1.0, 2.5, 7)
    below = ordered.searchsorted(grid, "right")
    weights = np.concatenate(([0.0], np.cumsum(ordered ** 2)))
    return np.sum(weights[below] * np.diff(np.concatenate((grid, [3.0]))))


def searchsorted_with_keywords(x):
    order = np.argsort(x)
    positions = x.searchsorted(np.array([0.0, 1.0]), side="left", sorter=order)
    return np.sum(x[order][np.minimum(positions, 3)] * x[0])


@pytest.mark.parametrize("f", [sorts_with_a_kind_keyword, sorts_rows_with_axis_and_kind_positional,
                               sorts_columns_with_both_keywords, empirical_cdf_gap, searchsorted_with_keywords])
def test_matches_finite_differences_in_both_modes(f):
    assert_both_modes(f, X.copy())


def test_second_derivative_through_a_sort_with_a_kind():
    h = transpiler.hessian(sorts_with_a_kind_keyword)(X)   # sorted [-3.6, -1.2, 0.3, ..., 2.0]: 3 y0 + x2 x0
    expected = np.zeros((4, 4))
    expected[2, 0] = expected[0, 2] = 1.0
    np.testing.assert_allclose(h, expected, atol=1e-12)


def sorts_with_an_order_field(x):
    y = x * 2
    y.sort(order="a")
    return y[0]


def test_a_sort_keyword_other_than_axis_and_kind_is_refused_where_it_is_written():
    with pytest.raises(UnsupportedSyntaxError, match="sort") as caught:
        transpiler.grad(sorts_with_an_order_field)(X.copy())
    assert caught.value.location.line == sorts_with_an_order_field.__code__.co_firstlineno + 2
