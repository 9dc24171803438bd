"""Shared checks for rules declared by a VJP: gradients against central finite differences."""
import numpy as np

import transpiler


def numeric_gradient(f, args, index, h=1e-6):
    """Central differences of scalar ``f`` with respect to ``args[index]``, element by element."""
    args = [np.array(a, dtype=float) if isinstance(a, (np.ndarray, float)) else a for a in args]
    x = args[index]
    grad = np.zeros_like(x, dtype=float)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        step = h * max(1.0, abs(old))
        x[idx] = old + step
        up = f(*args)
        x[idx] = old - step
        down = f(*args)
        x[idx] = old
        grad[idx] = (up - down) / (2 * step)
    return grad


def check_gradient(f, args, wrt=(0,), rtol=1e-6, atol=1e-8):
    """transpiler's gradient of ``f`` matches finite differences and has each argument's shape."""
    got = transpiler.grad(f, wrt=tuple(wrt))(*args)
    for g, i in zip(got, wrt):
        expected = numeric_gradient(f, list(args), i)
        assert np.shape(g) == np.shape(args[i]), (np.shape(g), np.shape(args[i]))
        np.testing.assert_allclose(g, expected, rtol=rtol, atol=atol)
    return got


def hessian_by_differences(f, x, h=1e-5):
    """Central differences of transpiler's gradient of ``f`` at ``x``: a Hessian to check against."""
    grad = transpiler.grad(f)
    expected = np.zeros(np.shape(x) * 2)
    for idx in np.ndindex(np.shape(x)):
        up, down = x.copy(), x.copy()
        up[idx] += h
        down[idx] -= h
        expected[(Ellipsis,) + idx] = (grad(up) - grad(down)) / (2 * h)
    return expected


def rng(seed=0):
    return np.random.default_rng(seed)


def both_directions(f, z, h=1e-6):
    """dL/dx - 1j dL/dy of real ``f`` at complex ``z`` by central differences (the gradient
    convention of docs/syntax.md, "Complex numbers"); dL/dx alone for a real ``z``."""
    z = np.asarray(z)
    out = np.zeros(z.shape, complex if np.iscomplexobj(z) else float)
    for i in range(z.size):
        step = np.zeros(z.shape, z.dtype)
        step.flat[i] = h
        out.flat[i] = (f(z + step) - f(z - step)) / (2 * h)
        if np.iscomplexobj(z):
            out.flat[i] -= 1j * (f(z + 1j * step) - f(z - 1j * step)) / (2 * h)
    return out


def check_value_gradient_and_tangent(f, args, wrt=(0,), seed=0, rtol=1e-5, atol=1e-6):
    """A library function's composition checked three ways: the value ``value_and_grad`` gives
    is the library's (to 1e-12), the gradient matches finite differences, and so does the jvp
    along a random direction per argument (``seed``)."""
    value, _ = transpiler.value_and_grad(f, wrt=tuple(wrt))(*args)
    np.testing.assert_allclose(value, f(*args), rtol=1e-12, atol=1e-12)
    check_gradient(f, args, wrt, rtol=rtol, atol=atol)
    directions = [rng(seed + i).normal(size=np.shape(a)) for i, a in enumerate(args)]
    value, tangent = transpiler.jvp(f, args, directions)
    expected = sum(np.sum(numeric_gradient(f, list(args), i) * directions[i]) for i in wrt)
    np.testing.assert_allclose(value, f(*args), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(tangent, expected, rtol=rtol, atol=atol)
