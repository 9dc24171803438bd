"""Starred unpacking (``a, *rest = xs``, ``first, *mid, last = ...``, in loop targets), the list
methods that reorder in place (``lst.sort(reverse=...)``, ``lst.reverse()``), ``x.sort(axis)``
on an array the function made, and ``dict(zip(keys, values))``. Both modes against central
finite differences; what Python would refuse raises what Python raises."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

from sequence_checks import assert_both_modes

X = np.array([0.3, -1.2, 2.0, 0.7])


def head_and_rest(x):
    a, b, *rest = x
    return a * b + sum(rest)


def first_middle_last(x):
    first, *middle, last = [x[0], x[1] ** 2, x[2], x[3] * 3]
    return first * last + middle[0] * middle[1] + len(middle)


def all_but_last(x):
    *init, z = x
    return np.sum(np.array(init) ** 2) * z


def starred_loop_target(x):
    total = 0.0
    for head, *tail in [(x[0], x[1], x[2]), (x[3], x[0], x[1])]:
        total = total + head * sum(tail)
    return total


def sorts_a_copy(x):
    y = x.copy()
    y.sort()
    return y[0] * 3 + y[-1]


def reverses_a_list(x):
    xs = list(x)
    xs.reverse()
    return xs[0] * 2 + xs[1]


def sorts_a_list_descending(x):
    xs = [x[0] * 2, x[1], x[2] ** 2]
    xs.sort(reverse=True)
    return xs[0] * 2 + xs[1] * xs[2]


def sorts_columns(x):
    m = np.outer(x, x[::-1])
    m.sort(axis=0)
    return np.sum(m[0] * np.arange(4))


def dict_of_zip(x):
    d = dict(zip(["a", "b", "c", "d"], x))
    return d["a"] * d["d"] + d["b"]


@pytest.mark.parametrize("f", [head_and_rest, first_middle_last, all_but_last, starred_loop_target, sorts_a_copy,
                               reverses_a_list, sorts_a_list_descending, sorts_columns, dict_of_zip])
def test_matches_finite_differences_in_both_modes(f):
    assert_both_modes(f, X.copy())


def test_second_derivatives_through_a_starred_rest_and_a_sort():
    np.testing.assert_allclose(transpiler.hessian(head_and_rest)(X)[0], [0.0, 1.0, 0.0, 0.0])
    h = transpiler.hessian(sorts_a_list_descending)(X)       # sorted: [x2², 2 x0, x1]
    assert h[0, 1] == pytest.approx(2.0) and h[2, 2] == pytest.approx(4.0) and h[1, 1] == 0.0


def test_too_few_values_for_a_starred_unpacking_raise_as_in_python():
    with pytest.raises(ValueError, match="expected at least 2, got 1"):
        transpiler.grad(head_and_rest)(np.array([1.0]))
    assert "expect_at_least" not in transpiler.grad(head_and_rest).source(args=(X,))    # the shape answers it


def sorts_the_callers_array(x):
    x.sort()
    return x[0]


def test_sorting_a_value_that_may_be_the_callers_in_place_is_refused_with_what_to_write():
    with pytest.raises(UnsupportedSyntaxError, match="np.sort") as caught:
        transpiler.grad(sorts_the_callers_array)(X.copy())
    assert caught.value.location.line == sorts_the_callers_array.__code__.co_firstlineno + 1
