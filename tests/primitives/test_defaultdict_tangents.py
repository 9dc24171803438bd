"""A ``collections.defaultdict`` accumulated into (``acc[k] += v``) has a tangent that is a
defaultdict too (runtime.py ``zeros_like_adjoint``): a key read before it is written, whose value
is the factory's, has the factory value's zero tangent. The tangent was a plain dict, so forward
mode and the Hessian raised ``KeyError`` at the first such read."""
import collections

import numpy as np
import pytest

import transpiler
from transpiler.primitives.runtime import zeros_like_adjoint


def sums_by_parity(x):
    acc = collections.defaultdict(float)
    for i in range(3):
        acc[i % 2] += x[i] ** 2
    return acc[0] * acc[1]


def rows_by_parity(x):
    acc = collections.defaultdict(lambda: np.zeros(2))
    for i in range(3):
        acc[i % 2] += x[i] * np.array([1.0, 2.0])
    return np.sum(acc[0] * acc[1]) + np.sum(acc[1] ** 2)


def central_differences(f, x, h=1e-6):
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(x.size)])


@pytest.mark.parametrize("f", [sums_by_parity, rows_by_parity])
def test_forward_mode_reads_keys_the_default_made(f):
    x = np.array([0.7, -1.2, 0.9])
    expected = central_differences(f, x)
    np.testing.assert_allclose(transpiler.grad(f)(x), expected, rtol=1e-6)
    direction = np.array([0.3, 1.0, -0.5])
    value, tangent = transpiler.jvp(f, (x,), (direction,))
    assert value == pytest.approx(f(x))
    assert tangent == pytest.approx(expected @ direction)


@pytest.mark.parametrize("f", [sums_by_parity, rows_by_parity])
def test_hessian_reads_keys_the_default_made(f):
    x = np.array([0.7, -1.2, 0.9])
    g = transpiler.grad(f)
    expected = np.stack([(g(x + 1e-5 * e) - g(x - 1e-5 * e)) / 2e-5 for e in np.eye(3)], axis=-1)
    np.testing.assert_allclose(transpiler.hessian(f)(x), expected, rtol=1e-5, atol=1e-8)


def test_the_zero_of_a_defaultdict_keeps_a_default_of_zeros():
    acc = collections.defaultdict(lambda: np.ones(2), {"a": 3.0})
    zero = zeros_like_adjoint(acc)
    assert isinstance(zero, collections.defaultdict)
    assert zero["a"] == 0.0
    np.testing.assert_array_equal(zero["missing"], np.zeros(2))
    assert zeros_like_adjoint(collections.defaultdict(list))["k"] == []

