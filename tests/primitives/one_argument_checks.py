"""The three checks of a function of one array (compositions and rules of issue 16's numerical
functions): the gradient against central finite differences, the forward-mode tangent along a
random direction against the same differences, and the Hessian (forward over the generated
gradient) against differences of the gradient."""
import numpy as np
from array_check import check_gradient, numeric_gradient, rng

import transpiler


def gradient_matches_finite_differences(fn, x, rtol=1e-5, atol=1e-7):
    before = np.copy(x)
    value, _ = transpiler.value_and_grad(fn)(x)
    np.testing.assert_allclose(value, fn(x), rtol=1e-12)
    check_gradient(fn, (x,), rtol=rtol, atol=atol)
    np.testing.assert_array_equal(x, before)


def jvp_matches_finite_differences(fn, x, rtol=1e-5, atol=1e-7):
    direction = rng(60).normal(size=np.shape(x))
    value, tangent = transpiler.jvp(fn, (x,), (direction,))
    np.testing.assert_allclose(value, fn(x), rtol=1e-12)
    np.testing.assert_allclose(tangent, np.sum(numeric_gradient(fn, [x], 0) * direction), rtol=rtol, atol=atol)


def hessian_matches_differences_of_the_gradient(fn, x, rtol=1e-4, atol=1e-6):
    hessian = np.asarray(transpiler.hessian(fn)(x))
    grad = transpiler.grad(fn)
    expected = np.zeros(np.shape(x) * 2)
    for idx in np.ndindex(np.shape(x)):
        step = 1e-5 * max(1.0, abs(x[idx]))
        up, down = x.copy(), x.copy()
        up[idx] += step
        down[idx] -= step
        expected[(Ellipsis,) + idx] = (np.asarray(grad(up)) - np.asarray(grad(down))) / (2 * step)
    np.testing.assert_allclose(hessian, expected, rtol=rtol, atol=atol)
