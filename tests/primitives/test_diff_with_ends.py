"""``np.diff(a, n, axis, prepend=, append=)``: the difference of ``a`` with the values joined
before and after it (a number spread to one slice, as NumPy's), in both modes, by value equal to
NumPy's (primitives/numpy_compositions.py ``diff_with_ends``)."""
import numpy as np
import pytest

import transpiler
from transpiler.check.finite_differences import numeric_gradient

V = np.array([0.3, 1.2, -0.7, 2.0])
M = np.arange(6.0).reshape(2, 3) * 0.3 + 0.1


def prepends_a_number(x):
    return np.sum(np.diff(x, prepend=0.0) ** 2)


def appends_an_element(x):
    return np.sum(np.diff(x, append=x[0]) ** 2)


def both_ends_twice(x):
    return np.sum(np.diff(x, n=2, prepend=[1.0, 2.0], append=x[-1]) ** 2)


def down_columns_from_zero(m):
    return np.sum(np.diff(m, axis=0, prepend=0) ** 3)


def along_rows_from_a_column(m):
    return np.sum(np.sin(np.diff(m, prepend=m[:, :1] * 2, axis=1)))


@pytest.mark.parametrize("f, a", [(prepends_a_number, V), (appends_an_element, V), (both_ends_twice, V),
                                  (down_columns_from_zero, M), (along_rows_from_a_column, M)],
                         ids=lambda p: getattr(p, "__name__", ""))
def test_diff_with_ends_in_both_modes(f, a):
    numeric = numeric_gradient(f, (a,), 0)
    value, gradient = transpiler.value_and_grad(f)(a)
    assert value == pytest.approx(f(a), rel=1e-13)
    np.testing.assert_allclose(gradient, numeric, rtol=1e-6, atol=1e-8)
    _, slope = transpiler.jvp(f, (a,), (np.ones_like(a),))
    assert slope == pytest.approx(numeric.sum(), rel=1e-6, abs=1e-8)
