"""Warm runners (api/warm.py) for more call forms than a plain function's positional call: a
method bound to an object (a new method object per attribute access: runners are kept per object
and method), a ``functools.partial`` binding positional values, and keywords given to a Jacobian
or Hessian. A runner must never answer for a call it was not made for: each test changes one
thing between calls (the object, an attribute's shape or dtype, a function the object holds, the
keywords' names or types) and checks the answers against closed forms or central differences."""
import functools

import numpy as np
import pytest

import transpiler
from transpiler.api import second, transforms

X = np.array([0.3, -1.2, 2.0])
V = np.array([1.0, 0.5, -2.0])
W = np.arange(6.0).reshape(2, 3) / 4


def _central(f, x, v, h=1e-6):
    return (f(x + h * v) - f(x - h * v)) / (2 * h)


def _jacobian_by_differences(f, x, h=1e-6):
    return np.stack([_central(f, x, e, h) for e in np.eye(len(x))], axis=-1)


def _hessian_by_differences(f, x, h=1e-4):
    return _jacobian_by_differences(lambda y: _jacobian_by_differences(f, y, h), x, h)


class Layer:
    def __init__(self, weights):
        self.weights = weights

    def activation(self, z):
        return np.tanh(z)

    def loss(self, x):
        return np.sum(self.activation(self.weights @ x))

    def outputs(self, x):
        return self.activation(self.weights @ x)


def _every_derivative(layer, x, v):
    """jvp, vjp's pullback, forward and reverse Jacobians, hessian and hvp of ``layer``'s methods,
    each through a fresh bound method."""
    return (transpiler.jvp(layer.loss, (x,), (v,))[1], transpiler.vjp(layer.loss, x)[1](1.0)[0],
            transpiler.jacobian(layer.outputs, mode="forward")(x), transpiler.jacobian(layer.outputs, mode="reverse")(x),
            transpiler.hessian(layer.loss)(x), transpiler.hvp(layer.loss, x, v))


def _expected(layer, x, v):
    gradient = _jacobian_by_differences(layer.loss, x)
    hessian = _hessian_by_differences(layer.loss, x)
    jacobian = _jacobian_by_differences(layer.outputs, x)
    return gradient @ v, gradient, jacobian, jacobian, hessian, hessian @ v


def _check(layer, x=X, v=V):
    for got, expected in zip(_every_derivative(layer, x, v), _expected(layer, x, v)):
        np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-6)


def test_a_bound_method_gets_a_runner_per_object_and_method():
    layer = Layer(W)
    for _ in range(3):
        _check(layer)
    for runners in (transforms._WARM_JVP, transforms._WARM_VJP, transforms._WARM_JACOBIAN, second._WARM_HESSIAN,
                    second._WARM_HVP):
        assert any(getattr(held, "__qualname__", "").startswith("Layer.") for held in runners._per_function.keys())


def test_a_warm_call_of_a_bound_method_skips_the_general_path(monkeypatch):
    layer = Layer(W)
    _check(layer)
    hessian, jacobian = transpiler.hessian(layer.loss), transpiler.jacobian(layer.outputs)
    hessian(X), jacobian(X)

    def refused(*args, **kwargs):
        raise AssertionError("the general path ran")
    monkeypatch.setattr(transforms, "bind_call", refused)
    monkeypatch.setattr(second, "bind_call", refused)
    transpiler.jvp(layer.loss, (X,), (V,)), transpiler.vjp(layer.loss, X)[1](1.0), transpiler.hvp(layer.loss, X, V)
    hessian(X), jacobian(X)


def test_each_object_is_differentiated_with_its_own_attributes():
    layers = [Layer(W), Layer(2 * W), Layer(W[:1]), Layer(W.astype(np.float32))]
    for layer in layers + layers:
        _check(layer)


def test_an_attribute_rebound_to_another_shape_or_dtype_is_read_as_it_now_is():
    layer = Layer(W)
    for weights in (W, W[:1], -W, W.astype(np.float32), np.ones((4, 3)), W):
        layer.weights = weights
        _check(layer)


def test_a_function_the_object_holds_is_the_one_called():
    layer = Layer(W)
    _check(layer)
    layer.activation = np.sin          # (the object's own, not its class's)
    _check(layer)
    layer.activation = lambda z: z ** 3
    _check(layer)
    del layer.activation
    _check(layer)


def test_a_method_of_the_class_rebound_is_followed(monkeypatch):
    layer = Layer(W)
    _check(layer)
    monkeypatch.setattr(Layer, "activation", lambda self, z: np.sin(z) * z)
    _check(layer)


def _weighted(weights, x, scale=1.0, shift=0.0):
    return np.sum(scale * np.sin(weights @ x)) + shift * np.sum(x * x)


@pytest.mark.parametrize("weights", [W, W[:1]])
def test_a_partial_binding_positional_values_is_differentiated_with_them(weights):
    for bound in (weights, 3 * weights, weights, weights.astype(np.float32)):
        f = functools.partial(_weighted, bound)
        for _ in range(2):
            assert np.isclose(transpiler.jvp(f, (X,), (V,))[1], _central(f, X, V), rtol=1e-5)
            np.testing.assert_allclose(transpiler.vjp(f, X)[1](1.0)[0], _jacobian_by_differences(f, X), rtol=1e-5)
            np.testing.assert_allclose(transpiler.hvp(f, X, V),
                                       _hessian_by_differences(f, X) @ V,
                                       rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("mode", ["forward", "reverse"])
def test_keywords_are_placed_by_name_on_warm_calls(mode):
    """The keyword set changes between calls of one Jacobian and one Hessian: each call's
    keywords go to their own parameters, the others take their defaults."""
    jacobian, hessian = transpiler.jacobian(_weighted, 1, mode=mode), transpiler.hessian(_weighted, 1)
    calls = [{}, {"scale": 2.0}, {"shift": 3.0}, {"scale": 2.0, "shift": 3.0}, {"shift": 3.0, "scale": 2.0},
             {"shift": 3.0}, {"scale": np.float32(2.0)}, {"scale": np.array(2.0)}, {}, {"shift": 5}]
    for keywords in calls + calls:
        f = functools.partial(_weighted, W, **keywords)
        np.testing.assert_allclose(jacobian(W, X, **keywords), _jacobian_by_differences(f, X), rtol=1e-5)
        np.testing.assert_allclose(hessian(W, X, **keywords),
                                   _hessian_by_differences(f, X),
                                   rtol=1e-4, atol=1e-6)


def test_a_keyword_given_positionally_then_by_name_is_the_same_parameter():
    jacobian = transpiler.jacobian(_weighted, 1)
    for _ in range(2):
        by_position, by_name = jacobian(W, X, 2.0, 3.0), jacobian(W, X, shift=3.0, scale=2.0)
        np.testing.assert_allclose(by_position, by_name)
        np.testing.assert_allclose(jacobian(W, X, 2.0, shift=1.0), jacobian(W, X, scale=2.0, shift=1.0))


def _through(layer, x):
    return np.sum(layer.activation(layer.weights @ x))


def _sine(z):
    return np.sin(z)


def _cube(z):
    return z ** 3


def test_an_object_a_partial_binds_is_checked_for_functions_of_its_own():
    """The object is an argument: its class's ``activation`` is inlined into the code, which a
    function the object holds itself must then replace (api/instances.py)."""
    layer = Layer(W)
    f = functools.partial(_through, layer)
    for activation in (None, _sine, _cube, None):
        if activation is None:
            layer.__dict__.pop("activation", None)
        else:
            layer.activation = activation
        for _ in range(2):
            assert np.isclose(transpiler.jvp(f, (X,), (V,))[1], _central(f, X, V), rtol=1e-5)
            np.testing.assert_allclose(transpiler.vjp(f, X)[1](1.0)[0], _jacobian_by_differences(f, X), rtol=1e-5)
            np.testing.assert_allclose(transpiler.hvp(f, X, V), _hessian_by_differences(f, X) @ V, rtol=1e-4, atol=1e-6)


STEPS = 2


def _tanh_of_weights(x):
    total = np.sum(x ** 3)
    for _ in range(STEPS):
        total = total + np.sum(np.tanh(np.abs(W @ x) ** 2))
    return total


def test_jvp_of_a_gradient_runs_warm_and_follows_shapes_dtypes_and_free_names(monkeypatch):
    """jvp(grad(f)): a runner per Gradient object and call key. Each warm answer is a new
    Gradient's (compiled for the call as it is), and for a real ``W`` central differences'; a
    complex ``W`` takes the complex rules (``abs``), which code compiled for a real one does not
    (its second derivatives are wrong on the general path too: see the report of branch jv2)."""
    gradient = transpiler.grad(_tanh_of_weights)
    cases = [(X, V), (X, V), (X.astype(np.float32), V.astype(np.float32)), (X, V)]
    for weights, steps in ((W, 2), (W[:1], 2), (W, 3), (W * (1 + 1j), 2), (W, 2)):
        monkeypatch.setitem(globals(), "W", weights)
        monkeypatch.setitem(globals(), "STEPS", steps)
        for x, v in cases:
            value, along = transpiler.jvp(gradient, (x,), (v,))
            fresh_value, fresh_along = transpiler.jvp(transpiler.grad(_tanh_of_weights), (x,), (v,))
            np.testing.assert_array_equal(value, fresh_value)
            np.testing.assert_array_equal(along, fresh_along)
            assert along.dtype == fresh_along.dtype
            if weights.dtype.kind == "f":
                np.testing.assert_allclose(value, _jacobian_by_differences(_tanh_of_weights, x.astype(float)),
                                           rtol=1e-5)
                np.testing.assert_allclose(along, _hessian_by_differences(_tanh_of_weights, x.astype(float)) @ v,
                                           rtol=1e-3 if x.dtype == np.float32 else 1e-5)
    assert gradient in transforms._WARM_GRADIENT_JVP._per_function


def test_a_warm_jvp_of_a_gradient_skips_the_general_path(monkeypatch):
    gradient = transpiler.grad(_tanh_of_weights)
    expected = transpiler.jvp(gradient, (X,), (V,))

    def refused(*args, **kwargs):
        raise AssertionError("the general path ran")
    monkeypatch.setattr(transforms, "_primals_and_tangents", refused)
    for got, want in zip(transpiler.jvp(gradient, (X,), (V,)), expected):
        np.testing.assert_array_equal(got, want)


def _coupled(a, b, scale=1.0):
    return scale * np.sum(np.sin(a) * np.sum(b ** 2)) + np.sum(a ** 3)


def _blocks_by_differences(a, b, scale=1.0):
    """((H_aa, H_ab), (H_ba, H_bb)) of ``_coupled`` by central differences of central differences."""
    a, b = np.atleast_1d(np.asarray(a, dtype=float)), np.atleast_1d(np.asarray(b, dtype=float))
    joined = np.concatenate([a, b])
    H = _hessian_by_differences(lambda z: _coupled(z[:len(a)], z[len(a):], scale), joined)
    return ((H[:len(a), :len(a)], H[:len(a), len(a):]), (H[len(a):, :len(a)], H[len(a):, len(a):]))


def test_hessian_blocks_run_warm_and_follow_each_parameters_shape_and_dtype(monkeypatch):
    hessian = transpiler.hessian(_coupled, (0, 1))
    calls = [(X, V[:2], {}), (X, V[:2], {}), (X, V, {}), (X[:2], V, {"scale": 2.0}), (X, V[:2], {}),
             (X.astype(np.float32), V[:2], {}), (X, V[:2].astype(np.float32), {}), (X, V[:2], {"scale": 3.0})]
    for a, b, keywords in calls + calls:
        blocks = hessian(a, b, **keywords)
        expected = _blocks_by_differences(a, b, **keywords)
        for row, expected_row in zip(blocks, expected):
            for got, want in zip(row, expected_row):
                np.testing.assert_allclose(got, want, rtol=1e-3 if np.float32 in (a.dtype, b.dtype) else 1e-5,
                                           atol=1e-6)
        assert [[block.dtype for block in row] for row in blocks] == [
            [np.result_type(p, q) for q in (a, b)] for p in (a, b)]
    monkeypatch.setattr(second, "hessian_block", None)       # (warm calls never reach it)
    hessian(X, V[:2])


def _sines(x, scale=1.0):
    return scale * np.sum(np.sin(x) * x) + np.sum(x) ** 2


def _sines_hessian(x, scale=1.0):
    x = np.atleast_1d(x)
    return scale * np.diag(2 * np.cos(x) - x * np.sin(x)) + 2 * np.ones((len(x), len(x)))


def test_a_forward_over_forward_hessian_runs_warm_and_follows_shapes_dtypes_and_keywords(monkeypatch):
    hessian = transpiler.hessian(_sines, mode="forward")
    calls = [(X, {}), (X, {}), (X[:2], {}), (X.astype(np.float32), {}), (0.7, {}), (X, {"scale": 2.0}),
             (X, {}), (np.float32(0.7), {"scale": 3.0})]
    for x, keywords in calls + calls:
        H = hessian(x, **keywords)
        expected = _sines_hessian(x, **keywords)
        if np.ndim(x):
            np.testing.assert_allclose(H, expected, rtol=1e-5 if x.dtype == np.float64 else 1e-4)
            assert H.dtype == x.dtype
        else:
            assert type(H) is float and np.isclose(H, expected[0, 0])
    monkeypatch.setattr(second, "forward_hessian", None)       # (warm calls never reach it)
    hessian(X)


def test_a_forward_over_forward_hessian_with_nan_entries_takes_the_general_path_each_call():
    x = np.array([0.0, 4.0])
    hessian = transpiler.hessian(_masked_root, mode="forward")
    for _ in range(3):
        np.testing.assert_allclose(hessian(x), [[0.0, 0.0], [0.0, -4.0 ** -1.5 / 4]])


def _masked_root(x):
    return np.sum(np.where(x > 0, np.sqrt(np.abs(x)), 0.0))


def _with_aux(x):
    y = np.sin(x) * x
    return y, {"norm": np.sum(y * y), "size": len(x)}


@pytest.mark.parametrize("mode", ["forward", "reverse"])
def test_a_jacobian_with_aux_runs_warm_and_hands_back_each_calls_aux(mode, monkeypatch):
    jacobian = transpiler.jacobian(_with_aux, mode=mode, has_aux=True)
    for x in (X, X, 2 * X, X[:2], X.astype(np.float32), X, 2 * X):
        J, aux = jacobian(x)
        np.testing.assert_allclose(J, np.diag(np.cos(x) * x + np.sin(x)), rtol=1e-6)
        assert aux["size"] == len(x) and np.isclose(aux["norm"], np.sum((np.sin(x) * x) ** 2))
        assert J.dtype == x.dtype
    monkeypatch.setattr(transforms, "bind_call", None)       # (warm calls never reach it)
    assert np.isclose(jacobian(X)[1]["norm"], np.sum((np.sin(X) * X) ** 2))


def _pair_or_not(x):
    return (x * x, 1.0) if np.sum(x) < 10 else x * x


def test_a_jacobian_with_aux_of_a_value_that_is_no_pair_is_refused_on_warm_calls_too():
    jacobian = transpiler.jacobian(_pair_or_not, has_aux=True)
    for _ in range(2):
        np.testing.assert_allclose(jacobian(X)[0], np.diag(2 * X))
        with pytest.raises(transpiler.errors.OutputShapeError):
            jacobian(X + 10)


class Held:
    def __init__(self, weights):
        self.params = {"w": weights}

    def loss(self, x):
        return np.sum(np.abs(self.params["w"] * x) ** 2)


def test_an_attribute_holding_a_dict_whose_entry_turns_complex_is_refused_on_warm_calls_too():
    """``self.params["w"]``, read from a dict the object holds, turns complex after warm calls:
    refused as on a first call, never differentiated by the real rules."""
    held = Held(np.full(3, 2.0))
    for _ in range(2):
        assert np.isclose(transpiler.jvp(held.loss, (X,), (V,))[1], np.sum(8 * X * V))
        np.testing.assert_allclose(transpiler.hvp(held.loss, X, V), 8 * V)
    held.params["w"] = np.full(3, 1.0 + 1.0j)
    with pytest.raises(transpiler.errors.NonDifferentiableError):
        transpiler.jvp(held.loss, (X,), (V,))
    with pytest.raises(transpiler.errors.NonDifferentiableError):
        transpiler.hvp(held.loss, X, V)
