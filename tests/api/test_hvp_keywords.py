"""``hvp(f, x, v, *args, **kwargs)``: keyword arguments go to ``f``, as ``grad(f)(x, k=...)`` and
``jvp`` take them (before, ``hvp(f, x, v, k=3.0)`` was a TypeError "unexpected keyword argument").
Checked against finite differences of the gradient."""
import numpy as np
import pytest

import transpiler
from transpiler.check.finite_differences import numeric_gradient

X = np.array([0.3, -1.2, 2.0])
V = np.array([1.0, 0.5, -2.0])


def scaled(x, shift=0.0, *, k=2.0):
    return np.sum(np.sin(x + shift) * x ** 2) * k


def _fd_hvp(x, v, h=1e-5, **keywords):
    gradient = transpiler.grad(scaled)
    return (gradient(x + h * v, **keywords) - gradient(x - h * v, **keywords)) / (2 * h)


@pytest.mark.parametrize("keywords", [{"k": 3.0}, {"shift": 0.25}, {"shift": 0.25, "k": -1.5}])
def test_keywords_reach_f_and_change_the_product(keywords):
    for _ in range(2):        # (the second call: the same)
        product = transpiler.hvp(scaled, X, V, **keywords)
        np.testing.assert_allclose(product, _fd_hvp(X, V, **keywords), rtol=1e-6)
    assert not np.allclose(transpiler.hvp(scaled, X, V, **keywords), transpiler.hvp(scaled, X, V))


def test_keywords_and_extra_positional_arguments_together():
    np.testing.assert_allclose(transpiler.hvp(scaled, X, V, 0.25, k=3.0), _fd_hvp(X, V, shift=0.25, k=3.0),
                               rtol=1e-6)
    loss = lambda x: scaled(x, 0.25, k=3.0)      # noqa: E731
    fd = (numeric_gradient(loss, [X + 1e-5 * V], 0) - numeric_gradient(loss, [X - 1e-5 * V], 0)) / 2e-5
    np.testing.assert_allclose(transpiler.hvp(scaled, X, V, 0.25, k=3.0), fd, rtol=1e-4)


def test_an_unknown_keyword_is_pythons_error():
    with pytest.raises(TypeError, match="unexpected keyword argument 'scale'"):
        transpiler.hvp(scaled, X, V, scale=2.0)


def test_warm_calls_with_keywords_follow_the_values_and_the_keywords():
    # (from the second call of a kind, a warm runner: api/warm.py; keywords placed per call)
    for x, k, shift in ((X, 3.0, 0.0), (X * 0.5, -2.0, 0.1), (X + 1.0, 0.5, -0.3), (X, 3.0, 0.2)):
        np.testing.assert_allclose(transpiler.hvp(scaled, x, V, k=k), _fd_hvp(x, V, k=k), rtol=1e-6)
        np.testing.assert_allclose(transpiler.hvp(scaled, x, V, shift=shift, k=k),
                                   _fd_hvp(x, V, shift=shift, k=k), rtol=1e-6)
        np.testing.assert_allclose(transpiler.hvp(scaled, x, V, shift, k=k), _fd_hvp(x, V, shift=shift, k=k),
                                   rtol=1e-6)


def with_aux(x, k=2.0):
    return scaled(x, k=k), {"k": k, "x": x * 1.0}


def test_warm_calls_with_aux_give_each_calls_aux():
    for x, k in ((X, 3.0), (X * 0.5, -2.0), (X + 1.0, 0.5)):
        product, aux = transpiler.hvp(with_aux, x, V, has_aux=True, k=k)
        np.testing.assert_allclose(product, _fd_hvp(x, V, k=k), rtol=1e-6)
        assert aux["k"] == k
        np.testing.assert_array_equal(aux["x"], x)
        product, aux = transpiler.hvp(with_aux, x, V, k, has_aux=True)
        np.testing.assert_allclose(product, _fd_hvp(x, V, k=k), rtol=1e-6)
        assert aux["k"] == k
