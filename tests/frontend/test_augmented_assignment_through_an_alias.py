"""``z = y`` then ``z += v``: one object under two names. On an array NumPy writes into it, so
``y`` sees the new value too; on a number ``z`` alone is rebound. Each other name bound to the
same value is rebound to the new one where it is an array at run time (frontend/assignments.py
``_same_object_updated``). They were refused ("in-place updates of shared arrays are not
supported"). Still refused, located: a view of it (``v = y[1:]`` of an array the compiler cannot
tell is one), and a helper's alias of the caller's array (``c = a; c += b`` in ``_add_into``)."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

import python_semantics

X0 = np.array([0.5, -1.25, 2.0])
DIRECTION = np.array([1.0, 0.5, -2.0])


def alias_of_a_local_array(x):
    y = x * 2.0
    z = y
    z += x ** 2
    return np.sum(y * z)


def alias_of_an_argument(x):
    y = x
    y *= 3.0
    return np.sum(x ** 2) + np.sum(y)


def original_name_written(x):
    y = np.sin(x)
    z = y
    y -= x
    return np.sum(y * z) + np.sum(z ** 3)


def alias_of_a_new_array(x):
    y = np.zeros(3)
    z = y
    z += x
    return np.sum(y * z)


def alias_in_a_loop(x):
    y = x * 2.0
    for _ in range(2):
        z = y
        z += x * y
    return np.sum(y ** 2)


def alias_in_a_branch(x):
    y = x * 2.0
    z = y
    if x[0] > 0:
        z /= 1.5 + x ** 2
    return np.sum(y * z)


def _add_into(a, b):
    c = a
    c += b
    return np.sum(a)


def alias_in_a_helper(x):
    y = x * 2.0
    return _add_into(y, x ** 2) + np.sum(y)


class Accumulator:
    def __init__(self, x):
        self.total = x * 1.0

    def add(self, v):
        t = self.total
        t += v
        return self


def alias_of_an_attribute(x):
    acc = Accumulator(x)
    acc.add(x ** 2)
    return np.sum(acc.total ** 2)


@pytest.mark.parametrize("f", [alias_of_a_local_array, alias_of_an_argument, original_name_written,
                               alias_of_a_new_array, alias_in_a_loop, alias_in_a_branch, alias_of_an_attribute], ids=lambda f: f.__name__)
def test_both_names_see_an_in_place_update_of_an_array(f):
    python_semantics.check(f, X0, DIRECTION)


def alias_of_a_number(s):
    t = s
    t += 1.0
    return s * t


def test_an_alias_of_a_number_is_rebound_alone():
    value, gradient = transpiler.value_and_grad(alias_of_a_number)(1.5)
    assert value == alias_of_a_number(1.5)
    assert gradient == pytest.approx(2 * 1.5 + 1.0)


def alias_of_a_parameter_number_or_array(x, s):
    t = s
    t += x[0]
    return np.sum(s * t)


def test_an_alias_of_an_argument_is_rebound_where_it_is_an_array():
    for s in (2.0, np.array([2.0, 3.0])):
        value, gradient = transpiler.value_and_grad(alias_of_a_parameter_number_or_array)(X0, s)
        assert value == pytest.approx(alias_of_a_parameter_number_or_array(X0, s if np.ndim(s) == 0 else s.copy()))
        expected = np.zeros(3)
        expected[0] = np.sum(s) if np.ndim(s) == 0 else 2 * np.sum(s + X0[0])
        np.testing.assert_allclose(gradient, expected)


def view_updated(x):
    y = x * 2.0
    v = y[1:]
    v += 3.0
    return np.sum(y ** 2)


@pytest.mark.parametrize("f", [view_updated, alias_in_a_helper], ids=lambda f: f.__name__)
def test_an_in_place_update_through_a_view_or_a_helpers_alias_is_still_refused(f):
    with pytest.raises(UnsupportedSyntaxError, match="in-place updates of shared arrays are not supported"):
        transpiler.grad(f)(X0)
