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
    """Central differences along ``v`` of the finite-difference gradient of ``scaled`` (nothing
    transpiler differentiated)."""
    loss = lambda x: scaled(x, **keywords)      # noqa: E731
    return (numeric_gradient(loss, [x + h * v], 0) - numeric_gradient(loss, [x - h * v], 0)) / (2 * h)


@pytest.mark.parametrize("keywords", [{"k": 3.0}, {"shift": 0.25}, {"shift": 0.25, "k": -1.5}])
def test_keywords_reach_f_and_change_the_product(keywords):
    for _ in range(2):        # (the second call: the same)
        product = transpiler.hvp(scaled, X, V, **keywords)
        np.testing.assert_allclose(product, _fd_hvp(X, V, **keywords), rtol=1e-4)
    assert not np.allclose(transpiler.hvp(scaled, X, V, **keywords), transpiler.hvp(scaled, X, V))


def test_keywords_and_extra_positional_arguments_together():
    np.testing.assert_allclose(transpiler.hvp(scaled, X, V, 0.25, k=3.0), _fd_hvp(X, V, shift=0.25, k=3.0),
                               rtol=1e-4)
    loss = lambda x: scaled(x, 0.25, k=3.0)      # noqa: E731
    fd = (numeric_gradient(loss, [X + 1e-5 * V], 0) - numeric_gradient(loss, [X - 1e-5 * V], 0)) / 2e-5
    np.testing.assert_allclose(transpiler.hvp(scaled, X, V, 0.25, k=3.0), fd, rtol=1e-4)


def test_an_unknown_keyword_is_pythons_error():
    with pytest.raises(TypeError, match="unexpected keyword argument 'scale'"):
        transpiler.hvp(scaled, X, V, scale=2.0)


def test_warm_calls_with_keywords_follow_the_values_and_the_keywords():
    # (from the second call of a kind, a warm runner: api/warm.py; keywords placed per call)
    for x, k, shift in ((X, 3.0, 0.0), (X * 0.5, -2.0, 0.1), (X + 1.0, 0.5, -0.3), (X, 3.0, 0.2)):
        np.testing.assert_allclose(transpiler.hvp(scaled, x, V, k=k), _fd_hvp(x, V, k=k), rtol=1e-4)
        np.testing.assert_allclose(transpiler.hvp(scaled, x, V, shift=shift, k=k),
                                   _fd_hvp(x, V, shift=shift, k=k), rtol=1e-4)
        np.testing.assert_allclose(transpiler.hvp(scaled, x, V, shift, k=k), _fd_hvp(x, V, shift=shift, k=k),
                                   rtol=1e-4)


def with_aux(x, k=2.0):
    return scaled(x, k=k), {"k": k, "x": x * 1.0}


def test_warm_calls_with_aux_give_each_calls_aux():
    for x, k in ((X, 3.0), (X * 0.5, -2.0), (X + 1.0, 0.5)):
        product, aux = transpiler.hvp(with_aux, x, V, has_aux=True, k=k)
        np.testing.assert_allclose(product, _fd_hvp(x, V, k=k), rtol=1e-4)
        assert aux["k"] == k
        np.testing.assert_array_equal(aux["x"], x)
        product, aux = transpiler.hvp(with_aux, x, V, k, has_aux=True)
        np.testing.assert_allclose(product, _fd_hvp(x, V, k=k), rtol=1e-4)
        assert aux["k"] == k


def data_loss(w, x, y):
    return np.sum((x @ w - y) ** 2) + np.sum(np.sin(w) * w)


def with_v(w, v):
    return np.sum(np.cos(w * v) * w)


@pytest.mark.parametrize("f, keywords", [(data_loss, {"x": np.eye(3) * 2.0, "y": X}), (with_v, {"v": V})])
def test_keywords_of_f_named_x_or_v_reach_f(f, keywords):
    """hvp's own ``x`` and ``v`` are positional-only: ``hvp(loss, w, v, x=X)`` passes ``x`` to
    ``loss`` (before: "got multiple values for argument 'x'")."""
    loss = lambda w: f(w, **keywords)      # noqa: E731
    h = 1e-5
    fd = (numeric_gradient(loss, [X + h * V], 0) - numeric_gradient(loss, [X - h * V], 0)) / (2 * h)
    for _ in range(2):        # (the first call and the warm one)
        np.testing.assert_allclose(transpiler.hvp(f, X, V, **keywords), fd, rtol=1e-4, atol=1e-6)
