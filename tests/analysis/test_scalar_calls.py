"""Python's scalar functions on arrays of more than one element (transpiler/analysis/scalar_calls.py):
``max(x, 0.5)``, ``max(x, x[::-1])``, ``float(x)``, ``math.exp(x)`` raise in Python, but their
rules are NumPy's elementwise ones, so ``grad`` (whose code never ran the unused primal call)
returned a gradient, ``float(x)``'s even of the wrong shape. Refused, located, in every mode;
numbers, one-element arrays and sequences stay as Python has them."""
import math

import numpy as np
import pytest

import transpiler
from transpiler.errors import UnsupportedSyntaxError

X = np.array([0.3, -0.7, 1.2])


def max_of_an_array_and_a_number(x):
    return np.sum(max(x, 0.5))


def min_of_two_arrays(x):
    return np.sum(min(x, x[::-1]))


def float_of_an_array(x):
    return float(x) * 2


def math_of_an_array(x):
    return np.sum(x * math.exp(x))


@pytest.mark.parametrize("f, name, instead", [
    (max_of_an_array_and_a_number, "max", "np.maximum"), (min_of_two_arrays, "min", "np.minimum"),
    (float_of_an_array, "float", "astype(float)"), (math_of_an_array, "math.exp", "np.exp")])
@pytest.mark.parametrize("transform", ["grad", "value_and_grad", "jvp", "hessian"])
def test_a_scalar_function_of_an_array_is_refused_where_python_raises(f, name, instead, transform):
    with pytest.raises((TypeError, ValueError)):
        f(X)
    run = {"grad": lambda: transpiler.grad(f)(X), "value_and_grad": lambda: transpiler.value_and_grad(f)(X),
           "jvp": lambda: transpiler.jvp(f, (X,), (X,)), "hessian": lambda: transpiler.hessian(f)(X)}[transform]
    with pytest.raises(UnsupportedSyntaxError, match=f"`{name}\\(...\\)` of an array of shape \\(3,\\)") as error:
        run()
    assert instead in str(error.value) and "test_scalar_calls.py" in str(error.value)


def test_numbers_one_element_arrays_and_shapes_are_as_python_has_them():
    def numbers(x):
        return max(x[0], x[1]) * 2 + math.exp(x[2]) + float(x[1:2].reshape(())) * min(len(x), 2) + max(x[:1], 0.1)[0] + max(x.shape) * x[1]

    h = 1e-6
    numeric = np.array([(numbers(X + h * e) - numbers(X - h * e)) / (2 * h) for e in np.eye(3)])
    np.testing.assert_allclose(transpiler.grad(numbers)(X), numeric, rtol=1e-6)
    assert transpiler.jvp(numbers, (X,), (np.ones(3),))[1] == pytest.approx(numeric.sum(), rel=1e-6)
