"""A float32 constant in a float64 function (``x * np.ones(3, np.float32)``, NumPy's result float64)
leaves the gradient float64, as the argument is (JAX's rule: an adjoint has its argument's dtype).
Before, the seed 1.0 (a Python float) times the float32 constant was float32: the gradient's
dtype was float32, and an item's derivative through it was rounded to float32 (3.5e-8 off; pr5's
B4). A float32 argument's gradient stays float32."""
import numpy as np
import pytest

import transpiler

X = np.array([0.3, -0.7, 1.1])
ONES32 = np.ones(3, dtype=np.float32)


def scaled_by_a_float32_constant(x):
    return np.sum(x * np.ones(3, dtype=np.float32))


def an_item_scaled_then_a_float32_constant(x):
    y = x * 1.0
    y[1] = np.sin(y[1]) * 1.2345678901234
    return np.sum(y * np.ones(3, dtype=np.float32))


def by_a_global_float32_array(x):
    return np.sum(np.sin(x) * ONES32)


@pytest.mark.parametrize("f", [scaled_by_a_float32_constant, an_item_scaled_then_a_float32_constant,
                               by_a_global_float32_array], ids=lambda f: f.__name__)
def test_a_float64_arguments_gradient_is_float64(f):
    assert transpiler.grad(f)(X).dtype == np.float64
    assert transpiler.vjp(f, X)[1](1.0)[0].dtype == np.float64
    assert transpiler.check_grad(f, X).ok


def test_the_items_derivative_is_not_rounded_to_float32():
    g = transpiler.grad(an_item_scaled_then_a_float32_constant)(X)
    assert abs(g[1] - np.cos(X[1]) * 1.2345678901234) < 1e-15


def test_a_float32_arguments_gradient_stays_float32():
    x32 = X.astype(np.float32)
    assert transpiler.grad(lambda x: np.sum(x * np.ones(3, dtype=np.float32)))(x32).dtype == np.float32
