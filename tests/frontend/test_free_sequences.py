"""Lists of objects or functions read from outside the differentiated function (a global
model's ``self.layers``, a global list of activations): items inlined, loops over them unrolled,
each item's arrays read at call time; appending or removing an item recompiles
(frontend/free_sequences.py)."""
from dataclasses import dataclass

import numpy as np
import pytest

import transpiler
from transpiler.check.finite_differences import numeric_gradient

RNG = np.random.default_rng(0)


class Linear:
    def __init__(self, n_in, n_out):
        self.W = RNG.normal(size=(n_in, n_out)) * 0.3
        self.b = RNG.normal(size=n_out) * 0.1

    def __call__(self, x):
        return x @ self.W + self.b


@dataclass
class Scale:
    s: np.ndarray

    def __call__(self, x):
        return x * self.s


class MLP:
    def __init__(self, sizes):
        self.layers = [Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])]

    def forward(self, x):
        for layer in self.layers[:-1]:
            x = np.tanh(layer(x))
        return self.layers[-1](x)

    def loss(self, x, y):
        return np.mean((self.forward(x) - y) ** 2)


MODEL = MLP([3, 5, 4, 1])
LAYERS = [Linear(3, 4), Scale(np.array([0.5, 1.5, -1.0, 2.0])), Linear(4, 2)]
ACTIVATIONS = [np.tanh, np.sin, np.cos]
X = RNG.normal(size=(6, 3))
Y = RNG.normal(size=(6, 1))


def through_the_global_model(x):
    return np.sum((MODEL.forward(x) - Y) ** 2)


def over_a_global_list_zipped_with_activations(x):
    h = x
    for layer, act in zip(LAYERS, ACTIVATIONS):
        h = act(layer(h))
    return np.sum(h ** 2)


def last_layer_and_length(x):
    return np.sum(MODEL.layers[-1](np.tanh(MODEL.layers[0](x) @ np.ones((5, 4))))) * len(MODEL.layers)


@pytest.mark.parametrize("f", [through_the_global_model, over_a_global_list_zipped_with_activations,
                               last_layer_and_length])
def test_items_of_a_global_list_are_inlined_in_both_modes(f):
    numeric = numeric_gradient(f, (X,), 0)
    np.testing.assert_allclose(transpiler.grad(f)(X), numeric, rtol=1e-6, atol=1e-8)
    _, slope = transpiler.jvp(f, (X,), (np.ones_like(X),))
    assert slope == pytest.approx(numeric.sum(), rel=1e-6, abs=1e-8)


def test_bound_method_of_a_model_with_a_list_of_layers_and_its_hessian():
    gradient = transpiler.grad(MODEL.loss)(X, Y)
    np.testing.assert_allclose(gradient, numeric_gradient(MODEL.loss, (X, Y), 0), rtol=1e-6, atol=1e-8)
    x0 = X[:1]
    hessian = transpiler.hessian(lambda x: MODEL.loss(x, Y[:1]))(x0)
    numeric = np.array([numeric_gradient(lambda x: transpiler.grad(MODEL.loss)(x, Y[:1]).ravel()[i], (x0,), 0)
                        for i in range(3)]).reshape(hessian.shape)
    np.testing.assert_allclose(hessian, numeric, rtol=1e-5, atol=1e-7)


def test_changing_the_list_recompiles_and_changing_an_items_array_is_read_at_call_time():
    model = MLP([3, 4, 1])

    def loss(x):
        return np.sum(model.forward(x) ** 2)

    gradient = transpiler.grad(loss)
    gradient(X)
    model.layers[0].W = model.layers[0].W * 2.0
    np.testing.assert_allclose(gradient(X), numeric_gradient(loss, (X,), 0), rtol=1e-6, atol=1e-8)
    model.layers.insert(1, Linear(4, 4))
    np.testing.assert_allclose(gradient(X), numeric_gradient(loss, (X,), 0), rtol=1e-6, atol=1e-8)
    model.layers.pop(0)
    model.layers.insert(0, Scale(np.ones(3)))
    model.layers.insert(1, Linear(3, 4))
    np.testing.assert_allclose(gradient(X), numeric_gradient(loss, (X,), 0), rtol=1e-6, atol=1e-8)


class Layers(list):                    # a list subclass that only names the list's role
    pass


class Dense:
    def __init__(self, w):
        self.w = w

    def __call__(self, x):
        return np.tanh(self.w * x)


FUNCTIONS = Layers([np.tanh, np.sin])
DENSE = Layers([Dense(0.5), Dense(np.array([2.0, -1.0, 0.5]))])


def run(layers, x):
    for layer in layers:
        x = layer(x)
    return x


def through_a_list_subclass_of_functions(x):
    for fn in FUNCTIONS:
        x = fn(x)
    return np.sum(x ** 2)


def list_subclass_passed_to_a_helper_in_a_loop(x):
    total = 0.0
    for k in range(2):
        total = total + np.sum(run(DENSE, x * (k + 1)))
    return total


@pytest.mark.parametrize("f", [through_a_list_subclass_of_functions, list_subclass_passed_to_a_helper_in_a_loop])
def test_a_global_list_subclass_is_a_list_of_its_items(f):
    # (refused as "calling `fn` (a value computed by the function)": the subclass was taken for an object)
    x = np.array([0.3, -0.7, 1.2])
    numeric = numeric_gradient(f, (x,), 0)
    np.testing.assert_allclose(transpiler.grad(f)(x), numeric, rtol=1e-6, atol=1e-8)
    _, slope = transpiler.jvp(f, (x,), (np.ones_like(x),))
    assert slope == pytest.approx(numeric.sum(), rel=1e-6, abs=1e-8)
