"""A real function of a complex global or closure value, differentiated twice: the forward pass
over the generated gradient reads the free values the gradient takes as keywords where the
function reads them (pipeline.free_values of generated code), so it knows they are complex.
It took them for real (its own module has no such names): ``hvp``, ``hessian`` and
``jvp(grad(f))`` gave [-0.0014, -0.381, -0.760] where central differences give [0.024, 0.771,
1.519]."""
import numpy as np
import pytest

import transpiler

W = np.arange(6.0).reshape(2, 3) / 4 * (1 + 1j)
X = np.array([0.3, -1.2, 2.0])
V = np.array([1.0, 0.5, -2.0])


def of_a_complex_global(x):
    return np.sum(np.tanh(np.abs(W @ x) ** 2))


def closure_over(w):
    def loss(x):
        return np.sum(np.real(np.conj(w @ x) * (w @ x)) ** 0.5)
    return loss


of_a_complex_closure = closure_over(W * (0.5 - 1j))


def central_hvp(f, x, v, h=1e-4):
    def gradient(y):
        return np.array([(f(y + h * e) - f(y - h * e)) / (2 * h) for e in np.eye(y.size)])
    return (gradient(x + h * v) - gradient(x - h * v)) / (2 * h)


@pytest.mark.parametrize("f", [of_a_complex_global, of_a_complex_closure])
def test_second_derivatives_of_a_real_function_of_complex_free_values(f):
    expected = central_hvp(f, X, V)
    np.testing.assert_allclose(transpiler.hvp(f, X, V), expected, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(transpiler.hessian(f)(X) @ V, expected, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(transpiler.jvp(transpiler.grad(f), (X,), (V,))[1], expected, rtol=1e-5, atol=1e-7)
