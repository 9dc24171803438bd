"""A nested ``def`` calling itself: where it reads nothing of the enclosing function (its
parameters, its own name, the module's globals only), it is compiled on its own from its source
and its recursive calls are those of a module-level function (driver/recursion.py): reverse
mode through a generator of its own gradient, forward mode through its tangent code. Where it
reads the enclosing function's names (or has a default, or is a lambda), the refusal is located
and says what to write."""
import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad
from transpiler.errors import UnsupportedSyntaxError

SCALE = 0.9


def nested_power(x):
    def power(y, n):
        if n == 0:
            return 1.0
        return y * power(y, n - 1)
    return power(x, 3) + np.sin(x)


def nested_sum_of_halves(x):
    # (arrays, a global read inside, called in a loop and a branch of the enclosing function)
    def halves(v, n):
        if n == 0:
            return np.sum(v ** 2)
        return np.sum(np.tanh(v)) + halves(v * SCALE, n - 1)
    total = 0.0
    for k in range(2):
        if k > 0:
            total = total + halves(x, 2) * k
    return total


@pytest.mark.parametrize("f, x", [(nested_power, 0.7), (nested_sum_of_halves, np.array([0.3, -0.8, 1.1]))],
                         ids=["power", "halves"])
def test_a_nested_def_calling_itself_is_differentiated_in_both_modes(f, x):
    assert check_grad(f, x)
    direction = np.cos(np.arange(np.size(x)) + 1.0).reshape(np.shape(x)) if np.ndim(x) else 1.0
    _, tangent = transpiler.jvp(f, (x,), (direction,))
    np.testing.assert_allclose(tangent, np.sum(transpiler.grad(f)(x) * direction), rtol=1e-10)
    if np.ndim(x):
        g32 = transpiler.grad(f)(x.astype(np.float32))
        assert g32.dtype == np.float32


def test_second_derivatives_through_it_are_refused_as_for_a_module_level_one():
    with pytest.raises(transpiler.TranspileError, match="recursive call of `power`"):
        transpiler.hessian(nested_power)(0.7)


def reads_the_enclosing_functions_name(x):
    k = 2.0

    def power(y, n):
        if n == 0:
            return 1.0
        return k * y * power(y, n - 1)
    return power(x, 3)


def recursive_lambda(x):
    fact = lambda n: n * fact(n - 1) if n > 1 else x  # noqa: E731
    return fact(3.0)


@pytest.mark.parametrize("f, what", [
    (reads_the_enclosing_functions_name, "which reads names of the function it is defined in"),
    (recursive_lambda, "a recursive call of a lambda"),
])
def test_one_reading_the_enclosing_function_is_refused_saying_what_to_write(f, what):
    with pytest.raises(UnsupportedSyntaxError, match=what) as error:
        transpiler.grad(f)(0.7)
    assert "pass those values as arguments" in str(error.value)
    assert "test_nested_recursion.py" in str(error.value)
