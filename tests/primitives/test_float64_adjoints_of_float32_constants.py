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


def float32_buffer_filled_in_a_loop(x):
    out = np.zeros(len(x), dtype=np.float32)
    for i in range(len(x)):
        out[i] = x[i] * 3
    return np.sum(out * x)


def test_a_float32_buffer_read_by_a_float64_gradient_is_cast_once_not_per_item():
    """(tr5's cast was np.asarray, which may be the array itself: the forward loop then copied
    the buffer per item, and the reverse loop the gradient: quadratic. np.array makes a new one.)"""
    x = np.random.default_rng(5).standard_normal(6)
    g = transpiler.grad(float32_buffer_filled_in_a_loop)
    got = g(x)
    assert got.dtype == np.float64
    stored = (3 * x).astype(np.float32).astype(np.float64)     # (the buffer's items, as NumPy rounds them)
    np.testing.assert_allclose(got, stored + 3 * x, rtol=1e-15)    # (not rounded to float32 again)
    code = g.source(args=(x,)).split("def float32_buffer_filled_in_a_loop_grad(")[-1]
    assert "assign_at(" not in code and "np.copy(" not in code, code
    assert code.count("np.array(out_1, dtype=np.float64)") == 1, code
