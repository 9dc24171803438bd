"""Helpers wrapped by ``functools.lru_cache`` / ``functools.cache``: called on the function's own
values they are inlined as the function they wrap (they were refused: "no derivative rule for
`sq`"); called on constants and free names only they simply run, their cache serving the value,
and second derivatives run them again (they were refused in the generated gradient: "calling
`coef` (a value computed by the function)")."""
import functools

import numpy as np
import pytest

import transpiler

from sequence_checks import assert_both_modes

X = np.array([0.3, -0.7, 1.2])
N = 6


@functools.lru_cache(maxsize=None)
def squared_plus_sine(v):
    return v * v + np.sin(v)


@functools.cache
def weight(n):
    return 0.5 ** n


@functools.lru_cache
def fibonacci(n):
    return n if n < 2 else fibonacci(n - 1) + fibonacci(n - 2)


def on_active_values(x):
    return sum(squared_plus_sine(x[i]) * weight(i) for i in range(3))


def on_constants(x):
    return np.sum(x ** 3 * fibonacci(N)) + weight(2) * x[0]


@pytest.mark.parametrize("f", [on_active_values, on_constants])
def test_cached_helpers_differentiate_as_the_functions_they_wrap(f):
    assert_both_modes(f, X)
    g, h = transpiler.grad(f), 1e-6
    numeric = np.array([(g(X + h * e) - g(X - h * e)) / (2 * h) for e in np.eye(3)])
    np.testing.assert_allclose(transpiler.hessian(f)(X), numeric, rtol=1e-5, atol=1e-6)


def test_a_cached_helper_on_constants_runs_from_its_cache():
    fibonacci.cache_clear()
    transpiler.grad(on_constants)(X)
    transpiler.grad(on_constants)(X)
    info = fibonacci.cache_info()
    assert info.currsize == N + 1 and info.hits >= 1       # computed once, then served
