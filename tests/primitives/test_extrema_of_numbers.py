"""``np.maximum`` / ``np.minimum`` of two numbers, spelled in specialised code as a conditional
expression (primitives/elementwise.py ``_extremum_of_numbers``): its value is NumPy's in type as
well as bits, an ``np.float64``, where the conditional alone gave the Python float it picked
(found probing the isinstance tests of the fuzz class ``dispatch``)."""
import warnings

import numpy as np
import pytest

import transpiler


def guarded_inverse(x):
    m = np.maximum(x, 0.0)
    return np.where(m > 0, 1.0 / m, 0.0) + x     # NumPy's 1 / 0.0 is inf, which where drops


def guarded_power(x):
    m = np.minimum(-x, 0.0)
    return np.where(m < 0, (-m) ** -0.5, 0.0) + 2.0 * x


def numpy_scalar_branch(x):
    m = np.maximum(x, 0.1)
    if isinstance(m, np.floating):
        return 2.0 * x * x
    return 3.0 * x * x


def values(f, x):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = f(x)
    got_reverse, gradient = transpiler.value_and_grad(f)(x)
    got_forward, tangent = transpiler.jvp(f, (x,), (1.0,))
    return want, got_reverse, got_forward, gradient, tangent


@pytest.mark.parametrize("f", [guarded_inverse, guarded_power])
@pytest.mark.parametrize("x", [-0.5, 0.5])
def test_a_number_picked_by_maximum_divides_as_numpys_scalar(f, x):
    """At x = -0.5 the picked 0.0 was a Python float: ``1.0 / m`` raised ZeroDivisionError."""
    want, got_reverse, got_forward, gradient, tangent = values(f, x)
    assert got_reverse == pytest.approx(want) and got_forward == pytest.approx(want)
    assert tangent == pytest.approx(gradient)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert transpiler.check_grad(f, x).ok


@pytest.mark.parametrize("x", [-0.5, 0.5])
def test_the_picked_number_is_a_numpy_floating_as_numpys_result_is(x):
    """``isinstance(m, np.floating)`` ran on a Python float: the other branch, a wrong value."""
    want, got_reverse, got_forward, gradient, tangent = values(numpy_scalar_branch, x)
    assert got_reverse == pytest.approx(want) and got_forward == pytest.approx(want)
    assert gradient == pytest.approx(4.0 * x) and tangent == pytest.approx(4.0 * x)
    assert transpiler.hessian(numpy_scalar_branch)(x) == pytest.approx(4.0)
