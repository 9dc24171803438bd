"""``a ** b`` of Python floats with ``a < 0`` and a fractional ``b`` is complex in Python (NumPy's
float64 power gives nan). The gradient of a complex value is not defined by grad: one error, the
same whichever argument is differentiated (it was nan with respect to ``a`` and an error about a
complex gradient with respect to ``b``), through helpers, loops and branches; a real value of the
same spelling is differentiated as before."""
import numpy as np
import pytest

import transpiler
from transpiler.errors import TranspileError


def power(a, b):
    return a ** b


def _root(a, b):
    return a ** b


def through_a_helper_in_a_loop(a, b):
    total = 0.0
    for k in range(2):
        if k > 0:
            total = total + _root(a, b) * k
    return total


@pytest.mark.parametrize("f", [power, through_a_helper_in_a_loop], ids=lambda f: f.__name__)
@pytest.mark.parametrize("wrt", [0, 1, (0, 1)])
def test_a_complex_value_of_real_floats_is_one_error_whatever_is_differentiated(f, wrt):
    # (grad with respect to both numbers at once runs the reverse-mode code bare, unchecked, its
    # fastest path: there the gradient is nan and complex nan, as the code computes; value_and_grad
    # checks the value)
    transforms = [transpiler.value_and_grad(f, wrt)] + ([transpiler.grad(f, wrt)] if wrt != (0, 1) else [])
    for transform in transforms:
        with pytest.raises(TranspileError, match="returns the complex number") as error:
            transform(-2.0, 0.5)
        assert "fractional power" in str(error.value) and "abs(a) ** b" in str(error.value)


def test_a_real_power_is_differentiated_as_before():
    a, b = 2.0, 0.5
    assert transpiler.grad(power, 0)(a, b) == pytest.approx(b * a ** (b - 1))
    assert transpiler.grad(power, 1)(a, b) == pytest.approx(a ** b * np.log(a))
    assert transpiler.grad(power, 0)(-2.0, 3.0) == pytest.approx(3.0 * 4.0)      # an integer power of a negative base
