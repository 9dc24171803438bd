"""The check the frontend's tests of Python's in-place semantics share: a function's value and
gradient against the function as Python runs it (the caller's array left as it was), central
differences in both modes, float32, and the Hessian against differences of the gradient."""
import numpy as np
import pytest

import transpiler


def central(f, x, direction, h=1e-6):
    return (f(x + h * direction) - f(x - h * direction)) / (2 * h)


def check(f, x, direction, second_order=True, keeps_float32=True):
    given = np.copy(x)
    value, gradient = transpiler.value_and_grad(f)(given)
    np.testing.assert_array_equal(given, x)                    # the caller's array untouched
    np.testing.assert_allclose(value, f(np.copy(x)), rtol=1e-12)
    units = np.eye(x.size).reshape(x.size, *x.shape)
    numeric = np.array([central(f, x, e) for e in units]).reshape(x.shape)
    np.testing.assert_allclose(gradient, numeric, rtol=1e-6, atol=1e-8)
    _, derivative = transpiler.jvp(f, (np.copy(x),), (direction,))
    np.testing.assert_allclose(derivative, central(f, x, direction), rtol=1e-6, atol=1e-8)
    g32 = transpiler.grad(f)(x.astype(np.float32))
    assert not keeps_float32 or g32.dtype == np.float32
    np.testing.assert_allclose(g32, numeric, rtol=2e-3, atol=2e-3)
    if second_order:
        g = transpiler.grad(f)
        hessian = np.stack([central(g, x, e, 1e-5).ravel() for e in units], axis=1)
        np.testing.assert_allclose(transpiler.hessian(f)(np.copy(x)).reshape(x.size, x.size), hessian,
                                   rtol=1e-5, atol=1e-6)


def check_as_python(f, x):
    """``f``'s value at ``x`` as Python's, from reverse and forward mode, and its gradient against
    central differences (the shared test of the frontend's constructs that compute a number)."""
    value, _ = transpiler.value_and_grad(f)(x)
    assert value == pytest.approx(f(x), rel=1e-12)
    assert transpiler.jvp(f, (x,), (np.ones(x.shape),))[0] == pytest.approx(f(x), rel=1e-12)
    assert transpiler.check_grad(f, x).ok
