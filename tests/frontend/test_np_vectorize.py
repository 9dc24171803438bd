"""``np.vectorize``: a scalar function applied to each element of its arguments broadcast
together, lowered as that loop written out (frontend/vectorized.py), so branches on the element
are differentiated as in any loop: inline, made in the function, a global, a decorator, two
arguments broadcast, in both modes and through the Hessian."""
import math

import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError
from transpiler.check.finite_differences import numeric_gradient


def branchy(t):
    return t * t + math.sin(t) if t > 0 else t ** 3


@np.vectorize
def huber(r, delta):
    if abs(r) <= delta:
        return 0.5 * r * r
    return delta * (abs(r) - 0.5 * delta)


VECTORIZED_BRANCHY = np.vectorize(branchy)
DELTAS = np.array([0.5, 1.0, 1.5, 2.0])
X = np.array([0.3, 1.2, -0.7, 2.0])


def inline(x):
    return np.sum(np.vectorize(branchy)(x))


def global_on_a_matrix(x):
    return np.sum(VECTORIZED_BRANCHY(x.reshape(2, 2)) ** 2)


def decorator_with_a_number(x):
    return np.sum(huber(x, 1.0))


def decorator_broadcast(x):
    return np.sum(huber(x[:, None] - x[None, :], DELTAS))


def made_in_the_function(x):
    v = np.vectorize(branchy)
    return v(x).mean() + v(x[0])


def by_keyword(x):              # keywords broadcast like positional arguments, as np.vectorize's do
    return np.sum(huber(x, delta=0.5)) + np.sum(huber(r=x[::-1], delta=DELTAS))


def keyword_carrying_a_derivative(x):
    v = np.vectorize(lambda t, scale=1.0: branchy(t) * scale)
    return np.sum(v(x[:, None], scale=x[None, :] ** 2))


@pytest.mark.parametrize("f", [inline, global_on_a_matrix, decorator_with_a_number, decorator_broadcast,
                               made_in_the_function, by_keyword, keyword_carrying_a_derivative])
def test_vectorized_function_in_both_modes(f):
    numeric = numeric_gradient(f, (X,), 0)
    value, gradient = transpiler.value_and_grad(f)(X)
    assert value == pytest.approx(f(X), rel=1e-14)
    np.testing.assert_allclose(gradient, numeric, rtol=1e-6, atol=1e-8)
    _, slope = transpiler.jvp(f, (X,), (np.ones(4),))
    assert slope == pytest.approx(numeric.sum(), rel=1e-6, abs=1e-8)


def test_hessian_through_a_vectorized_function():
    second = np.where(X > 0, 2.0 - np.sin(X), 6.0 * X)
    np.testing.assert_allclose(transpiler.hessian(inline)(X), np.diag(second), rtol=1e-12)


def with_a_signature(x):
    return np.sum(np.vectorize(branchy, signature="()->()")(x))


def test_vectorize_with_a_signature_is_refused_where_written():
    with pytest.raises(UnsupportedSyntaxError) as info:
        transpiler.grad(with_a_signature)(X)
    assert info.value.location.line == with_a_signature.__code__.co_firstlineno + 1
