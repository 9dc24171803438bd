"""``has_aux=True`` on ``jvp``, ``vjp``, ``hessian`` and ``hvp``, with JAX's meaning (before, each
was a TypeError "unexpected keyword argument"): ``f`` returns ``(out, aux)``; the derivative is
``out``'s, and ``aux`` (any values) comes back as the function computed it, not differentiated:
``jvp`` -> ``(out, tangent, aux)``, ``vjp`` -> ``(out, pullback, aux)``, ``hessian`` ->
``(H, aux)``, ``hvp`` -> ``(H @ v, aux)``. Derivatives checked against finite differences."""
import numpy as np
import pytest

import transpiler
from transpiler.check.finite_differences import numeric_gradient
from transpiler.errors import OutputShapeError, UnsupportedSyntaxError

X = np.array([0.3, -1.2, 2.0])
V = np.array([1.0, 0.5, -2.0])


def _curve(x, k=2.0):
    y = np.sin(x) * x * k
    return y, {"count": len(x), "label": "step", "y": y, "largest": np.argmax(y)}


def _energy(x, k=2.0):
    y = np.sin(x) * x * k
    history = []
    for scale in (1.0, 0.5):
        history.append(np.sum(y) * scale)
    return np.sum(y * y) + np.prod(x), {"count": len(x), "history": history, "positive": x > 0}


def _expected_aux(aux, x, k=2.0):
    y = np.sin(x) * x * k
    np.testing.assert_array_equal(aux["positive"], x > 0)
    assert aux["count"] == 3 and aux["history"] == [np.sum(y), np.sum(y) * 0.5]


def _fd_jacobian(f, x, h=1e-6):
    return np.stack([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(x.size)], -1)


def _fd_hessian(loss, x, **keywords):
    return _fd_jacobian(lambda z: numeric_gradient(lambda w: loss(w, **keywords), [z], 0), x, h=1e-4)


def test_jvp_returns_out_its_tangent_and_aux():
    for _ in range(2):        # (a second call: the same, from the compiled code kept)
        out, tangent, aux = transpiler.jvp(_curve, (X,), (V,), has_aux=True)
        np.testing.assert_allclose(out, _curve(X)[0])
        np.testing.assert_allclose(tangent, _fd_jacobian(lambda x: _curve(x)[0], X) @ V, rtol=1e-7)
        assert aux["count"] == 3 and aux["label"] == "step" and aux["largest"] == np.argmax(_curve(X)[0])
        np.testing.assert_array_equal(aux["y"], _curve(X)[0])


def test_jvp_with_aux_of_a_scalar_loss_and_a_loop_history():
    out, tangent, aux = transpiler.jvp(_energy, (X, 3.0), (V, None), has_aux=True)
    assert out == pytest.approx(_energy(X, 3.0)[0])
    assert tangent == pytest.approx(numeric_gradient(lambda x: _energy(x, 3.0)[0], [X], 0) @ V, rel=1e-7)
    _expected_aux(aux, X, 3.0)


def test_vjp_returns_out_a_pullback_of_out_and_aux():
    out, pullback, aux = transpiler.vjp(_curve, X, 1.5, has_aux=True)
    np.testing.assert_allclose(out, _curve(X, 1.5)[0])
    cotangent = np.array([0.5, -1.0, 2.0])
    dx, dk = pullback(cotangent)
    np.testing.assert_allclose(dx, cotangent @ _fd_jacobian(lambda x: _curve(x, 1.5)[0], X), rtol=1e-7)
    assert dk == pytest.approx(cotangent @ (_curve(X, 1.5 + 1e-6)[0] - _curve(X, 1.5 - 1e-6)[0]) / 2e-6, rel=1e-7)
    assert aux["label"] == "step"
    np.testing.assert_array_equal(aux["y"], _curve(X, 1.5)[0])
    out, pullback, aux = transpiler.vjp(_energy, X, has_aux=True)
    (dx,) = pullback(1.0)
    np.testing.assert_allclose(dx, numeric_gradient(lambda x: _energy(x)[0], [X], 0), rtol=1e-7)
    _expected_aux(aux, X)


def test_hessian_returns_the_loss_hessian_and_aux():
    for keywords in ({}, {"k": 3.0}):
        H, aux = transpiler.hessian(_energy, has_aux=True)(X, **keywords)
        np.testing.assert_allclose(H, _fd_hessian(lambda x, **kw: _energy(x, **kw)[0], X, **keywords),
                                   rtol=1e-5, atol=1e-6)
        _expected_aux(aux, X, **keywords)


def test_hessian_blocks_with_aux_are_jaxs_layout():
    def weighted(a, b):
        return np.sum(a * b ** 2), {"product": a * b}
    (aa, ab), (ba, bb) = transpiler.hessian(weighted, (0, 1), has_aux=True)(X, V)[0]
    np.testing.assert_allclose(ab, np.diag(2 * V), atol=1e-12)
    np.testing.assert_allclose(bb, np.diag(2 * X), atol=1e-12)
    assert aa.shape == (len(X), len(X)) and not aa.any()        # (the loss is linear in a)
    np.testing.assert_allclose(ba, np.diag(2 * V), atol=1e-12)
    np.testing.assert_array_equal(transpiler.hessian(weighted, (0, 1), has_aux=True)(X, V)[1]["product"], X * V)


def test_hessian_blocks_with_aux_on_warm_calls():
    def weighted(a, b):
        return np.sum(a * b ** 3), a * b
    hessian = transpiler.hessian(weighted, (0, 1), has_aux=True)
    for a, b in ((X, V), (V, X), (X * 2, V + 1)):
        ((aa, ab), (ba, bb)), aux = hessian(a, b)
        np.testing.assert_allclose(ab, np.diag(3 * b ** 2), rtol=1e-12)
        np.testing.assert_allclose(bb, np.diag(6 * a * b), rtol=1e-12)
        np.testing.assert_array_equal(aux, a * b)


def test_hvp_returns_the_product_and_aux():
    product, aux = transpiler.hvp(_energy, X, V, has_aux=True)
    np.testing.assert_allclose(product, _fd_hessian(lambda x: _energy(x)[0], X) @ V, rtol=1e-5, atol=1e-6)
    _expected_aux(aux, X)
    assert transpiler.hvp(lambda x: (x ** 3, "n"), 2.0, 1.0, has_aux=True) == (pytest.approx(12.0), "n")


def test_aux_comes_from_the_same_random_draws_as_the_derivative():
    def noisy(x, rng):
        noise = rng.normal(size=x.shape)
        return np.sum((x + noise) ** 3), noise
    for transform in (lambda rng: transpiler.hessian(noisy, has_aux=True)(X, rng),
                      lambda rng: transpiler.hvp(noisy, X, V, rng, has_aux=True)):
        result, noise = transform(np.random.default_rng(7))
        expected = np.diag(6 * (X + np.random.default_rng(7).normal(size=3)))
        np.testing.assert_allclose(noise, np.random.default_rng(7).normal(size=3))
        np.testing.assert_allclose(result, expected if result.ndim == 2 else expected @ V, rtol=1e-12)


@pytest.mark.parametrize("transform", [
    lambda f: transpiler.jvp(f, (X,), (V,), has_aux=True), lambda f: transpiler.vjp(f, X, has_aux=True),
    lambda f: transpiler.hessian(f, has_aux=True)(X), lambda f: transpiler.hvp(f, X, V, has_aux=True)])
def test_a_function_not_returning_a_pair_is_a_clear_error(transform):
    with pytest.raises(OutputShapeError, match=r"has_aux=True, .* must return a pair \((out|loss), aux\)"):
        transform(lambda x: np.sum(x * x))


@pytest.mark.parametrize("transform", [
    lambda f: transpiler.jvp(f, (X,), (V,), has_aux=True), lambda f: transpiler.vjp(f, X, has_aux=True),
    lambda f: transpiler.hvp(f, X, V, has_aux=True)])
def test_an_aux_the_generated_code_cannot_return_is_refused_at_the_line(transform):
    def with_a_function(x):
        return np.sum(x * x), (lambda z: z)
    with pytest.raises(UnsupportedSyntaxError, match="returning a list of functions"):
        transform(with_a_function)


def test_has_aux_where_it_has_no_meaning_is_refused_saying_what_to_write():
    with pytest.raises(ValueError, match="mode='reverse'"):
        transpiler.hessian(_energy, mode="forward", has_aux=True)
    with pytest.raises(transpiler.TranspileError, match="hvp"):
        transpiler.jvp(transpiler.grad(lambda x: x ** 3), (1.0,), (1.0,), has_aux=True)


def test_warm_calls_of_jvp_vjp_hvp_and_hessian_with_aux_follow_the_values():
    # (the second and later calls of the same kinds of arguments run the warm runners: api/warm.py)
    for x in (X, X[::-1] * 0.7, X + 1.0):
        out, tangent, aux = transpiler.jvp(_energy, (x,), (V,), has_aux=True)
        assert out == pytest.approx(_energy(x)[0])
        assert tangent == pytest.approx(numeric_gradient(lambda z: _energy(z)[0], [x], 0) @ V, rel=1e-7)
        _expected_aux(aux, x)
        out, pullback, aux = transpiler.vjp(_curve, x, has_aux=True)
        np.testing.assert_array_equal(aux["y"], _curve(x)[0])
        np.testing.assert_allclose(pullback(V)[0], V @ _fd_jacobian(lambda z: _curve(z)[0], x), rtol=1e-7)
        product, aux = transpiler.hvp(_energy, x, V, has_aux=True)
        np.testing.assert_allclose(product, _fd_hessian(lambda z: _energy(z)[0], x) @ V, rtol=1e-5, atol=1e-6)
        _expected_aux(aux, x)
        for keywords in ({}, {"k": 0.5}):
            H, aux = transpiler.hessian(_energy, has_aux=True)(x, **keywords)
            np.testing.assert_allclose(H, _fd_hessian(lambda z, **kw: _energy(z, **kw)[0], x, **keywords),
                                       rtol=1e-5, atol=1e-6)
            _expected_aux(aux, x, **keywords)
    # without has_aux the same function gives the pair and its tangents, as before
    value, tangent = transpiler.jvp(_curve, (X,), (V,))
    assert type(value) is tuple and value[1]["label"] == "step"


def test_a_warm_call_returning_no_pair_is_the_same_clear_error():
    def sometimes(x, pair=True):
        return (np.sum(x * x), 1.0) if pair else np.sum(x * x)
    for call in (lambda pair: transpiler.jvp(sometimes, (X, pair), (V, None), has_aux=True),
                 lambda pair: transpiler.vjp(sometimes, X, pair, has_aux=True),
                 lambda pair: transpiler.hvp(sometimes, X, V, pair=pair, has_aux=True),
                 lambda pair: transpiler.hvp(sometimes, X, V, pair, has_aux=True),
                 lambda pair: transpiler.hessian(sometimes, has_aux=True)(X, pair),
                 lambda pair: transpiler.hessian(sometimes, has_aux=True)(X, pair=pair)):
        call(True)
        call(True)
        with pytest.raises(OutputShapeError, match="must return a pair"):
            call(False)


def test_differentiate_in_forward_mode_takes_has_aux_as_reverse_mode_does():
    # before: ValueError "has_aux=True is for reverse-mode gradients"
    forward = transpiler.differentiate(_energy, mode="forward", has_aux=True)
    reverse = transpiler.differentiate(_energy, has_aux=True)
    gradient, aux = forward.grad(X)
    np.testing.assert_allclose(gradient, numeric_gradient(lambda x: _energy(x)[0], [X], 0), rtol=1e-7)
    _expected_aux(aux, X)
    np.testing.assert_allclose(gradient, reverse.grad(X)[0], rtol=1e-12)
    (loss, aux), gradient = forward.value_and_grad(X, 3.0)
    assert loss == pytest.approx(_energy(X, 3.0)[0])
    _expected_aux(aux, X, 3.0)
    np.testing.assert_allclose(gradient, reverse.value_and_grad(X, 3.0)[1], rtol=1e-12)
