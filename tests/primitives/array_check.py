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


def rng(seed=0):
    return np.random.default_rng(seed)
