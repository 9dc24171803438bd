"""``max(*xs)``, ``min(a, *xs)`` (frontend/spread_extremes.py): the builtins given a sequence's
items as arguments were refused ("`*args` in a call"). With two items or more ``max(*xs)`` is
``max(xs)``; one item would be iterated by Python, so a spread known to give one argument is
refused, located, and one whose length is known only when it runs is checked there."""
import numpy as np
import pytest
from python_semantics import check_as_python

import transpiler
from transpiler import UnsupportedSyntaxError

X = np.array([1.5, 2.0, 0.7])


def spread_array(x):
    return max(*x) + 2.0 * min(*x)


def spread_list(x):
    xs = [x[0], x[1] * 2.0, x[2]]
    return max(*xs) * min(1.5, *xs)


def spread_tuple_squared(x):
    t = (x[0] * x[2], x[1])
    return max(*t) ** 2 + min(*t) * x[2]


def spread_of_a_slice(x):
    return max(*x[1:3]) * x[0]


CASES = [spread_array, spread_list, spread_tuple_squared, spread_of_a_slice]


@pytest.mark.parametrize("f", CASES)
def test_the_value_and_gradient_are_pythons_in_both_modes(f):
    check_as_python(f, X)


def test_the_hessian_of_a_spread_maximum():
    # max(x0 * x2, x1) ** 2 with x1 the larger: 2 * x1 ** 2's curvature, plus min's x0 * x2 * x2
    expected = np.array([[0.0, 0.0, 2.0 * X[2]], [0.0, 2.0, 0.0], [2.0 * X[2], 0.0, 2.0 * X[0]]])
    np.testing.assert_allclose(transpiler.hessian(spread_tuple_squared)(X), expected, rtol=1e-12)


def test_an_array_of_one_item_raises_when_it_runs():
    with pytest.raises(ValueError, match=r"`max\(\*x\)`"):
        transpiler.grad(spread_array)(np.array([1.0]))


def spread_of_one(x):
    return max(*[x[0]])


def test_a_spread_of_one_argument_is_refused_where_it_is_written():
    with pytest.raises(UnsupportedSyntaxError, match=r"write `max\(xs\)`") as raised:
        transpiler.grad(spread_of_one)(X)
    assert raised.value.location.line == spread_of_one.__code__.co_firstlineno + 1
