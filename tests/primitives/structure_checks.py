"""The three checks of the structure, composing and in-place-write tests: gradient, forward
mode along a random direction, and Hessian, each against central finite differences."""
import numpy as np
from array_check import check_gradient, numeric_gradient, rng

import transpiler


def gradient_matches_finite_differences(fn, x):
    before = np.copy(x)
    check_gradient(fn, (x,), rtol=1e-5, atol=1e-7)
    np.testing.assert_array_equal(x, before)          # the caller's array is never written


def jvp_matches_finite_differences(fn, x):
    direction = rng(60).normal(size=np.shape(x))
    value, tangent = transpiler.jvp(fn, (x,), (direction,))
    np.testing.assert_allclose(value, fn(x), rtol=1e-12)
    np.testing.assert_allclose(tangent, np.sum(numeric_gradient(fn, [x], 0) * direction), rtol=1e-5, atol=1e-7)


def hessian_matches_differences_of_the_gradient(fn, x):
    hessian = np.asarray(transpiler.hessian(fn)(x))
    grad = transpiler.grad(fn)
    expected = np.zeros(np.shape(x) * 2)
    for idx in np.ndindex(np.shape(x)):
        step = 1e-5 * max(1.0, abs(x[idx]))
        up, down = x.copy(), x.copy()
        up[idx] += step
        down[idx] -= step
        expected[(Ellipsis,) + idx] = (np.asarray(grad(up)) - np.asarray(grad(down))) / (2 * step)
    np.testing.assert_allclose(hessian, expected, rtol=1e-4, atol=1e-6)
