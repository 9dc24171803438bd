"""The runner of gradients of float32 (or complex) arguments (api/fast_path.py ``narrow_runner``):
each gradient in its argument's dtype, the caller's own (never an argument, never shared between
calls), a complex one of a real argument refused; one argument or several, beside float64 arrays
and Python floats; no copy of an array the code made (``Generated.fresh``, float32 ones too)."""
import numpy as np
import pytest

import transpiler
from transpiler.errors import NonDifferentiableError

RNG = np.random.default_rng(7)
W1, B1, W2 = RNG.standard_normal((4, 6)), RNG.standard_normal(6), RNG.standard_normal((6, 2))
X, Y = RNG.standard_normal((9, 4)), RNG.standard_normal((9, 2))


def tanh_layers(W1, b1, W2, X, y):
    h = np.tanh(X @ W1 + b1)
    return np.mean((h @ W2 - y) ** 2)


def central_differences(f, args, position, h=1e-6):
    """d f / d args[position] by central differences, in float64."""
    args = [np.array(a, dtype=np.float64) if isinstance(a, np.ndarray) else float(a) for a in args]
    x = np.ravel(args[position]).astype(np.float64)
    gradient = np.zeros(x.size)
    for k in range(x.size):
        step = np.zeros(x.size)
        step[k] = h
        up, down = list(args), list(args)
        shape = np.shape(args[position])
        up[position], down[position] = (x + step).reshape(shape), (x - step).reshape(shape)
        gradient[k] = (f(*up) - f(*down)) / (2 * h)
    return gradient.reshape(np.shape(args[position]))


def as32(*values):
    return tuple(v.astype(np.float32) for v in values)


def test_float32_gradients_of_several_arguments_are_float32_and_match_differences():
    args = as32(W1, B1, W2, X, Y)
    gradients = transpiler.grad(tanh_layers, wrt=(0, 1, 2))(*args)
    for position, gradient in enumerate(gradients):
        assert type(gradient) is np.ndarray and gradient.dtype == np.float32
        np.testing.assert_allclose(gradient, central_differences(tanh_layers, args, position), rtol=2e-3, atol=2e-4)


def test_float32_gradients_the_code_makes_are_new_arrays_on_every_call():
    args = as32(W1, B1, W2, X, Y)
    g = transpiler.grad(tanh_layers, wrt=(0, 1, 2))
    assert all(g.compiled(args).fresh)         # (made by the code: handed back without a copy)
    first = g(*args)
    kept = [a.copy() for a in first]
    second = g(*args)
    for a, b, was in zip(first, second, kept):
        assert not np.shares_memory(a, b)
        np.testing.assert_array_equal(a, was)
        assert not any(np.shares_memory(a, arg) for arg in args)


def product_sum(x, y):
    return np.sum(x * y)


@pytest.mark.parametrize("wrt", [(0, 1), 0])
def test_a_float32_gradient_that_is_an_argument_comes_back_a_copy(wrt):
    x, y = np.arange(1.0, 4.0, dtype=np.float32), np.arange(4.0, 7.0, dtype=np.float32)
    g = transpiler.grad(product_sum, wrt=wrt)
    gradients = g(x, y) if wrt != 0 else (g(x, y),)
    assert not any(g.compiled((x, y)).fresh)
    for gradient, expected in zip(gradients, (y, x)):
        assert gradient.dtype == np.float32 and not np.shares_memory(gradient, x) and not np.shares_memory(gradient, y)
        np.testing.assert_array_equal(gradient, expected)
        gradient[:] = -1.0
    np.testing.assert_array_equal(y, [4.0, 5.0, 6.0])
    np.testing.assert_array_equal(x, [1.0, 2.0, 3.0])


def promoted(w, b, x):
    return np.sum(np.float64(2.0) * w * x) + np.sum(np.zeros(3) + b * b)


def test_a_float32_argument_beside_a_float64_one_and_a_number_each_gets_its_own_dtype():
    w, x = np.array([1.0, -2.0, 0.5], dtype=np.float32), np.array([0.3, 0.1, 2.0])
    gw, gb, gx = transpiler.grad(promoted, wrt=(0, 1, 2))(w, 1.5, x)
    assert gw.dtype == np.float32 and gx.dtype == np.float64 and np.ndim(gb) == 0 and not isinstance(gb, np.ndarray)
    args = (w, 1.5, x)
    for position, gradient in enumerate((gw, gb, gx)):
        np.testing.assert_allclose(gradient, central_differences(promoted, args, position), rtol=1e-5)


class Holder:
    def __init__(self):
        self.c = 1j          # (a complex value the compiler does not know of: an object's attribute)


def scaled_by_attribute(x, y, holder):
    return np.sum(x * y * holder.c)


@pytest.mark.parametrize("wrt", [(0, 1), 0])
def test_a_complex_gradient_of_a_real_float32_argument_is_refused(wrt):
    x, y = np.ones(3, np.float32), np.arange(3, dtype=np.float32)
    with pytest.raises(NonDifferentiableError, match="with respect to the real `x` came out complex"):
        transpiler.grad(scaled_by_attribute, wrt=wrt)(x, y, Holder())


def test_a_complex64_argument_keeps_a_complex64_gradient_among_several():
    z, w = np.array([1 + 2j, -0.5j], dtype=np.complex64), np.array([0.5, 2.0], dtype=np.float32)
    gz, gw = transpiler.grad(lambda z, w: np.sum(np.abs(z) ** 2 * w), wrt=(0, 1))(z, w)
    assert gz.dtype == np.complex64 and gw.dtype == np.float32
    np.testing.assert_allclose(gz, 2 * np.conj(z) * w, rtol=1e-6)          # dL/dx - 1j dL/dy
    np.testing.assert_allclose(gw, np.abs(z) ** 2, rtol=1e-6)
