"""A loop over a float64 array's items runs on Python floats only where that changes nothing
(backends/items.py): the items the user's code sees are ``np.float64``, so code whose meaning
depends on the number's type keeps NumPy's numbers (pr7's B6: ``grad`` and ``value_and_grad``
gave Python's answers, the value 102.0 where NumPy's is inf, 0.275 where it is 0.23, -0.7 where it
is 0.265). Each against the function's own value and central differences where it is finite."""
import warnings

import numpy as np
import pytest

import transpiler
from transpiler.check.finite_differences import numeric_gradient


def divided_in_a_try(x):
    s = 0.0
    for v in x:
        try:
            s = s + 1.0 / v
        except ZeroDivisionError:     # np.float64 / 0.0 is inf and raises nothing
            s = s + 100.0
    return s


def rounded_to_one_digit(x):
    s = 0.0
    for v in x:
        s = s + round(v, 1) * v       # NumPy rounds 0.45 to 0.4, Python to 0.5
    return s


def squared_if_a_numpy_float(x):
    s = 0.0
    for v in x:
        s = s + (v ** 2 if isinstance(v, np.floating) else -v)
    return s


def squared_if_it_has_a_dtype(x):
    s = 0.0
    for v in x:
        s = s + (v ** 2 if hasattr(v, "dtype") else -v)
    return s


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def test_a_rounded_item_is_rounded_as_numpy_rounds():
    x = np.array([0.45, 0.25])      # (0.45 sits on the rounding's jump: no differences there)
    value, gradient = transpiler.value_and_grad(rounded_to_one_digit)(x)
    assert value == rounded_to_one_digit(x)
    np.testing.assert_array_equal(gradient, [0.4, 0.2])      # round(v, 1), constant between jumps
    np.testing.assert_array_equal(transpiler.grad(rounded_to_one_digit)(x), [0.4, 0.2])


@pytest.mark.parametrize("f", [squared_if_a_numpy_float, squared_if_it_has_a_dtype])
def test_the_value_and_gradient_are_numpys(f):
    x = np.array([0.45, 0.25])
    value, gradient = transpiler.value_and_grad(f)(x)
    assert value == f(x)
    expected = numeric_gradient(f, (x,), 0)
    np.testing.assert_allclose(gradient, expected, rtol=1e-6)
    np.testing.assert_allclose(transpiler.grad(f)(x), expected, rtol=1e-6)


def test_a_division_by_zero_in_a_try_is_numpys_inf():
    x = np.array([0.5, 0.0])
    value, gradient = transpiler.value_and_grad(divided_in_a_try)(x)
    assert value == divided_in_a_try(x) == np.inf
    assert gradient[0] == -4.0 and gradient[1] == -np.inf
    np.testing.assert_array_equal(transpiler.grad(divided_in_a_try)(x), gradient)
