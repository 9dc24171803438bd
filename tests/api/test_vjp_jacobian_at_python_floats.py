"""``vjp`` and ``jacobian`` at a Python float where Python's float arithmetic raises (``1.0 / x``
at ``x = 0.0``) give what ``grad``, ``jvp`` and ``hessian`` give there: NumPy's ``inf``, as at
``np.float64(0.0)`` (Gradient.with_numpy_floats). Before, both raised ZeroDivisionError from the
function's own value at the Python float. A genuine zero division still raises."""
import numpy as np
import pytest

import transpiler


def reciprocal(x):
    return 1.0 / x


def reciprocal_of_a_pair(x, y):
    return np.array([1.0 / x, y / x])


NONE = 0


def integer_division(x):
    return x * (1 // NONE)      # (an int of the program's, not a number differentiated at)


@pytest.mark.parametrize("x", [0.0, 0])
def test_vjp_and_jacobian_agree_with_grad_at_a_python_zero(x):
    with np.errstate(divide="ignore", invalid="ignore"):
        want = transpiler.grad(reciprocal)(np.float64(x))
        assert want == -np.inf and transpiler.grad(reciprocal)(x) == want
        value, pullback = transpiler.vjp(reciprocal, x)
        assert value == np.inf and pullback(1.0) == (want,)
        assert transpiler.jacobian(reciprocal)(x) == want
        assert transpiler.jacobian(reciprocal, mode="forward")(x) == want


def test_jvp_agrees_at_a_python_float_zero():
    with np.errstate(divide="ignore", invalid="ignore"):
        assert transpiler.jvp(reciprocal, (0.0,), (1.0,)) == (np.inf, -np.inf)


def test_a_jacobian_of_an_array_output_at_a_python_zero():
    with np.errstate(divide="ignore", invalid="ignore"):
        got = transpiler.jacobian(reciprocal_of_a_pair)(0.0, 2.0)
        want = transpiler.jacobian(reciprocal_of_a_pair)(np.float64(0.0), 2.0)
    np.testing.assert_equal(got, want)
    assert np.all(np.isinf(got))


def test_a_genuine_zero_division_still_raises_in_vjp_and_jacobian():
    with pytest.raises(ZeroDivisionError):
        transpiler.vjp(integer_division, 2.0)
    with pytest.raises(ZeroDivisionError):
        transpiler.jacobian(integer_division)(2.0)
