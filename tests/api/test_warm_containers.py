"""Warm calls with containers among their arguments (a dataclass of matrices, a NamedTuple, a
tuple, list or dict of arrays: api/warm.py ``containers_passed``), as defaults or given without
a tangent, run on the warm path of every transform, as a plain function's. A runner must never
answer for a call it was not made for: each test changes one thing between calls (a field
rebound to other values, to another shape or dtype, an element appended, the argument passed by
position or by keyword, a derivative taken with respect to the container) and checks every
answer against central differences."""
import dataclasses
from typing import NamedTuple

import numpy as np
import pytest

import transpiler
from transpiler.api import gradient as gradient_module, second, transforms

X = np.array([0.3, -1.2, 2.0])
V = np.array([1.0, 0.5, -2.0])
A = np.arange(6.0).reshape(2, 3) / 4
B = np.array([0.1, -0.2])


@dataclasses.dataclass
class Layer:
    A: np.ndarray
    b: np.ndarray


class Pair(NamedTuple):
    A: np.ndarray
    b: np.ndarray


LAYER = Layer(A, B)
WEIGHTS = [A, B]
BY_NAME = {"A": A, "b": B}


def energy(x, layer=LAYER):
    return np.sum(np.tanh(layer.A @ x + layer.b) ** 2)


def outputs(x, layer=LAYER):
    return np.tanh(layer.A @ x + layer.b)


def energy_of_pair(x, pair=Pair(A, B)):
    return np.sum(np.tanh(pair.A @ x + pair.b) ** 2)


def outputs_of_pair(x, pair=Pair(A, B)):
    return np.tanh(pair.A @ x + pair.b)


def energy_of_list(x, weights=WEIGHTS):
    return np.sum(np.tanh(weights[0] @ x + weights[1]) ** 2)


def outputs_of_list(x, weights=WEIGHTS):
    return np.tanh(weights[0] @ x + weights[1])


def energy_of_dict(x, scale=1.5, weights=BY_NAME):
    return scale * np.sum(np.tanh(weights["A"] @ x + weights["b"]) ** 2)


def outputs_of_dict(x, scale=1.5, weights=BY_NAME):
    return scale * np.tanh(weights["A"] @ x + weights["b"])


@pytest.fixture(autouse=True)
def _defaults_restored():
    yield
    LAYER.A, LAYER.b = A, B
    WEIGHTS[:] = [A, B]
    BY_NAME.clear()
    BY_NAME.update(A=A, b=B)


def _central(f, x, v, h=1e-6):
    return (f(x + h * v) - f(x - h * v)) / (2 * h)


def _jacobian_by_differences(f, x, h=1e-6):
    return np.stack([_central(f, x, e, h) for e in np.eye(len(x))], axis=-1)


class Transforms:
    """Every transform of a scalar ``f`` and a vector ``g``, the gradients made once (their runners
    are kept per Gradient object)."""

    def __init__(self, f, g):
        self.f, self.g = f, g
        self.grad, self.value_and_grad = transpiler.grad(f), transpiler.value_and_grad(f)
        self.forward, self.reverse = transpiler.jacobian(g, mode="forward"), transpiler.jacobian(g, mode="reverse")
        self.hessian = transpiler.hessian(f)

    def answers(self, x=X, v=V):
        value, gradient = self.value_and_grad(x)
        return (self.grad(x), value, gradient, transpiler.jvp(self.f, (x,), (v,))[1],
                transpiler.vjp(self.f, x)[1](1.0)[0], self.forward(x), self.reverse(x), self.hessian(x),
                transpiler.hvp(self.f, x, v))

    def check(self, x=X, v=V):
        gradient = _jacobian_by_differences(self.f, x)
        hessian = _jacobian_by_differences(lambda y: _jacobian_by_differences(self.f, y, 1e-4), x, 1e-4)
        jacobian = _jacobian_by_differences(self.g, x)
        expected = (gradient, self.f(x), gradient, gradient @ v, gradient, jacobian, jacobian, hessian, hessian @ v)
        for got, wanted in zip(self.answers(x, v), expected):
            np.testing.assert_allclose(got, wanted, rtol=1e-4, atol=1e-6)


FUNCTIONS = [(energy, outputs), (energy_of_pair, outputs_of_pair), (energy_of_list, outputs_of_list),
             (energy_of_dict, outputs_of_dict)]


@pytest.mark.parametrize("f, g", FUNCTIONS, ids=["dataclass", "NamedTuple", "list", "dict"])
def test_a_warm_call_with_a_default_container_skips_the_general_path(monkeypatch, f, g):
    every = Transforms(f, g)
    every.check()
    every.answers()           # (each runner made: a Jacobian's and a Hessian's on their first call)

    def refused(*args, **kwargs):
        raise AssertionError("the general path ran")
    monkeypatch.setattr(transforms, "bind_call", refused)
    monkeypatch.setattr(second, "bind_call", refused)
    monkeypatch.setattr(gradient_module.Gradient, "_call", refused)
    every.answers()


def test_a_field_rebound_to_other_values_is_read_afresh():
    every = Transforms(energy, outputs)
    every.check()
    LAYER.A = -2 * A
    every.check()
    LAYER.b = B + 1.0
    every.check()


@pytest.mark.parametrize("field, value", [("A", np.full((1, 3), 0.7)), ("b", np.array(0.5)), ("A", A.astype(np.float32)),
                                          ("b", 0.25), ("b", np.linspace(-1.0, 1.0, 8).reshape(4, 2))])
def test_a_field_rebound_to_another_shape_dtype_or_type_compiles_anew(field, value):
    every = Transforms(energy, outputs)
    every.check()
    setattr(LAYER, field, value)
    every.check()
    setattr(LAYER, field, {"A": A, "b": B}[field])
    every.check()


def test_a_list_default_changed_in_place_is_read_as_it_now_is():
    every = Transforms(energy_of_list, outputs_of_list)
    every.check()
    WEIGHTS[0] = np.ones((4, 3))
    WEIGHTS[1] = np.zeros(4)
    every.check()
    WEIGHTS.append(np.ones(2))         # (another length: another key)
    every.check()


def test_a_dict_default_changed_in_place_is_read_as_it_now_is():
    every = Transforms(energy_of_dict, outputs_of_dict)
    every.check()
    BY_NAME["b"] = np.ones((3, 2))      # (broadcast: the output is now 3 × 2)
    assert transpiler.jvp(energy_of_dict, (X,), (V,))[1] == pytest.approx(_central(energy_of_dict, X, V), rel=1e-5)
    BY_NAME["b"] = B
    every.check()
    BY_NAME["c"] = np.ones(7)          # (read by no one: another key all the same)
    every.check()


def test_the_argument_passed_by_position_or_keyword_is_the_one_used():
    other = Layer(np.ones((4, 3)), np.zeros(4))
    every = Transforms(energy, outputs)
    for _ in range(2):
        every.check()
        for layer in (other, Layer(-A, B)):
            for f, g in ((lambda x: energy(x, layer), lambda x: outputs(x, layer)),
                         (lambda x: energy(x, layer=layer), lambda x: outputs(x, layer=layer))):
                value, tangent = transpiler.jvp(energy, (X, layer), (V, None))
                assert value == pytest.approx(f(X))
                assert tangent == pytest.approx(_central(f, X, V), rel=1e-5)
                np.testing.assert_allclose(transpiler.grad(energy)(X, layer), _jacobian_by_differences(f, X), rtol=1e-5)
                np.testing.assert_allclose(transpiler.jacobian(outputs)(X, layer=layer), _jacobian_by_differences(g, X),
                                           rtol=1e-5)
                np.testing.assert_allclose(transpiler.hessian(energy)(X, layer=layer),
                                           _jacobian_by_differences(lambda y: _jacobian_by_differences(f, y, 1e-4),
                                                                    X, 1e-4), rtol=1e-4, atol=1e-6)


def test_a_derivative_with_respect_to_the_default_container_is_the_general_paths():
    # (a runner differentiates numbers and arrays only: warm_runners.differentiated)
    pair = (A, B)

    def f(x, weights=pair):
        return np.sum(np.tanh(weights[0] @ x + weights[1]) ** 2)

    def g(x, weights=pair):
        return np.tanh(weights[0] @ x + weights[1])
    for _ in range(2):
        jacobian = transpiler.jacobian(g, wrt=1)(X)
        expected = _jacobian_by_differences(lambda b: g(X, (A, b)), B)
        np.testing.assert_allclose(jacobian[1], expected, rtol=1e-5, atol=1e-8)
        hessian = transpiler.hessian(f, wrt=1)(X)
        expected = _jacobian_by_differences(lambda b: _jacobian_by_differences(lambda c: f(X, (A, c)), b, 1e-4), B, 1e-4)
        np.testing.assert_allclose(hessian[1][1], expected, rtol=1e-4, atol=1e-6)
        np.testing.assert_allclose(transpiler.hessian(f, wrt=1, mode="forward")(X)[1][1], expected, rtol=1e-4,
                                   atol=1e-6)
        gradient = transpiler.grad(f, wrt=1)
        value, tangent = transpiler.jvp(gradient, (X,), (V,))
        np.testing.assert_allclose(value[1], _jacobian_by_differences(lambda b: f(X, (A, b)), B), rtol=1e-5)
        np.testing.assert_allclose(tangent[1], _central(lambda y: gradient(y)[1], X, V, 1e-4), rtol=1e-4, atol=1e-6)


def test_a_default_holding_an_integer_takes_the_general_path():
    # (an int inside a mutable default may be compiled for its value: no runner stands for it)
    steps = [A, 2]

    def f(x, setting=steps):
        y = x
        for _ in range(setting[1]):
            y = np.sin(setting[0].T @ (setting[0] @ y))
        return np.sum(y)
    for count in (2, 3, 1):
        steps[1] = count
        for _ in range(2):
            assert transpiler.jvp(f, (X,), (V,))[1] == pytest.approx(_central(f, X, V), rel=1e-5)
    assert not transforms._WARM_JVP._per_function.get(f)


SQUARES = [A.T @ A / 2, np.eye(3) - A.T @ A / 4]


def layered(x, weights=SQUARES):
    for w in weights:
        x = np.tanh(w @ x)
    return x


def layered_energy(x, weights=SQUARES):
    return np.sum(layered(x, weights) ** 2)


def test_a_layer_appended_to_a_list_default_is_run_through():
    # (the code unrolls the loop over the list for its length: a runner of the old length is stale)
    saved = list(SQUARES)
    try:
        every = Transforms(layered_energy, layered)
        every.check()
        SQUARES.append(np.eye(3) * 2)
        every.check()
        SQUARES[:] = saved[:1]
        every.check()
    finally:
        SQUARES[:] = saved


def scaled_layers(x, scale=1.0, weights=SQUARES):
    return scale * layered(x, weights)


def scaled_energy(x, scale=1.0, weights=SQUARES):
    return scale * layered_energy(x, weights)


def test_keywords_with_a_list_default_filled_in_follow_the_list():
    saved = list(SQUARES)
    jacobian, hessian = transpiler.jacobian(scaled_layers), transpiler.hessian(scaled_energy)
    try:
        for weights in (saved, saved + [np.eye(3) * 2], saved[:1]):
            SQUARES[:] = weights
            for _ in range(2):
                np.testing.assert_allclose(jacobian(X, scale=2.0),
                                           _jacobian_by_differences(lambda y: scaled_layers(y, 2.0), X), rtol=1e-5)
                expected = _jacobian_by_differences(
                    lambda y: _jacobian_by_differences(lambda z: scaled_energy(z, scale=2.0), y, 1e-4), X, 1e-4)
                np.testing.assert_allclose(hessian(X, scale=2.0), expected, rtol=1e-4, atol=1e-6)
    finally:
        SQUARES[:] = saved


def energy_t(x, pair):
    return np.sum(np.tanh(pair[0] @ x + pair[1]) ** 2)


def test_a_container_given_without_a_tangent_runs_warm(monkeypatch):
    layer, pair = Layer(-A, B), (A, 2 * B)
    jacobian, hessian = transpiler.jacobian(outputs), transpiler.hessian(energy)

    def answers():
        return (transpiler.jvp(energy, (X, layer), (V, None)), transpiler.jvp(energy_t, (X, pair), (V, None)),
                jacobian(X, layer), hessian(X, layer), transpiler.hvp(energy, X, V, layer))
    expected = answers()
    answers()

    def refused(*args, **kwargs):
        raise AssertionError("the general path ran")
    monkeypatch.setattr(transforms, "bind_call", refused)
    monkeypatch.setattr(second, "bind_call", refused)
    for got, wanted in zip(answers(), expected):
        np.testing.assert_allclose(np.array(got, dtype=float), np.array(wanted, dtype=float))


def test_a_container_given_is_read_as_it_is_at_each_call():
    layer, layers = Layer(A, B), [A.T @ A / 2]
    jacobian, hessian = transpiler.jacobian(outputs), transpiler.hessian(layered_energy)
    for change in (lambda: None, lambda: setattr(layer, "A", -A), lambda: setattr(layer, "b", np.ones((4, 2))),
                   lambda: layers.append(np.eye(3) * 2), lambda: setattr(layer, "A", np.full((1, 3), 0.5))):
        change()
        for _ in range(2):
            f = lambda y: energy(y, layer)
            assert transpiler.jvp(energy, (X, layer), (V, None))[1] == pytest.approx(_central(f, X, V), rel=1e-5)
            np.testing.assert_allclose(jacobian(X, layer), _jacobian_by_differences(lambda y: outputs(y, layer), X),
                                       rtol=1e-5, atol=1e-8)
            g = lambda y: layered_energy(y, layers)
            assert transpiler.jvp(layered_energy, (X, layers), (V, None))[1] == pytest.approx(_central(g, X, V), rel=1e-5)
            expected = _jacobian_by_differences(lambda y: _jacobian_by_differences(g, y, 1e-4), X, 1e-4)
            np.testing.assert_allclose(hessian(X, layers), expected, rtol=1e-4, atol=1e-6)
            np.testing.assert_allclose(transpiler.hvp(layered_energy, X, V, layers), expected @ V, rtol=1e-4, atol=1e-6)


def test_a_container_given_with_a_tangent_or_differentiated_takes_the_general_path():
    # (a runner differentiates numbers and arrays only: warm_runners.differentiated)
    pair, d_pair, layer = (A, B), (np.ones_like(A), np.array([1.0, -1.0])), Layer(A, B)
    along = lambda h: energy_t(X + h * V, (A + h * d_pair[0], B + h * d_pair[1]))
    gradient = transpiler.grad(energy_t, wrt=(0, 1))
    for _ in range(3):
        assert transpiler.jvp(energy_t, (X, pair), (V, d_pair))[1] == pytest.approx(_central(along, 0.0, 1.0), rel=1e-5)
        adjoint = transpiler.vjp(energy_t, X, pair)[1](1.0)[1]       # (in the container's structure)
        assert type(adjoint) is tuple
        np.testing.assert_allclose(adjoint[1], _jacobian_by_differences(lambda b: energy_t(X, (A, b)), B), rtol=1e-5)
        adjoint = transpiler.vjp(energy, X, layer)[1](1.0)[1]
        assert type(adjoint) is Layer
        np.testing.assert_allclose(adjoint.b, _jacobian_by_differences(lambda b: energy(X, Layer(A, b)), B), rtol=1e-5)
        _, tangent = transpiler.jvp(gradient, (X, pair), (V, d_pair))
        np.testing.assert_allclose(tangent[1][1], _central(lambda h: gradient(X + h * V, (A + h * d_pair[0],
                                                                                          B + h * d_pair[1]))[1][1],
                                                           0.0, 1.0, 1e-4), rtol=1e-4, atol=1e-6)
