"""``for v in SCALE.values()`` / ``.items()`` / ``.keys()`` over a dict the function does not own
(frontend/loops.py ``_dict_view_iterated``): a module global's, a closure's, and one an object
holds (``self.params.items()`` in a method). The dict is read on every call, its keys too, so a
key added between calls is seen. Both modes against central differences, and hessian."""
import numpy as np

import transpiler

from sequence_checks import assert_both_modes

SCALE = {"a": 1.0, "b": 2.0, "c": -0.5}
WEIGHTS = {"w": np.array([0.5, -1.5, 2.0]), "v": np.array([1.0, 0.25, -1.0])}
X = np.array([0.3, -1.2, 2.0])


def over_global_values(x):
    total = 0.0
    for v in SCALE.values():
        total = total + v * np.sum(np.sin(x))
    return total


def over_global_items(x):
    total = 0.0
    for name, w in WEIGHTS.items():
        total = total + np.sum(w * x ** 2) * len(name)
    return total


def over_global_keys_in_a_branch(x):
    total = 0.0
    if np.sum(x) > 0:
        for k in SCALE.keys():
            total = total + SCALE[k] * np.sum(x ** 3)
    return total


def helper_over_global(x):
    return weighted(x) * 2.0


def weighted(x):
    return sum(np.sum(w * x) ** 2 for w in WEIGHTS.values())


def make_closure():
    coefficients = {"lin": 2.0, "cube": 0.5}

    def inner(x):
        total = 0.0
        for k, c in coefficients.items():
            total = total + c * np.sum(x ** 3 if k == "cube" else x)
        return total
    return inner


class Model:
    def __init__(self):
        self.params = {"first": np.array([1.5, -2.0, 0.5]), "second": np.array([0.1, 0.2, 0.3])}

    def loss(self, x):
        total = 0.0
        for name, p in self.params.items():
            total = total + np.sum(p * np.cos(x))
        return total


MODEL = Model()


def through_a_model(x):
    return MODEL.loss(x) ** 2


def test_global_dict_values():
    assert_both_modes(over_global_values, X)


def test_global_dict_items():
    assert_both_modes(over_global_items, X)


def test_global_dict_keys_inside_a_branch():
    assert_both_modes(over_global_keys_in_a_branch, X)
    assert_both_modes(over_global_keys_in_a_branch, -X)


def test_global_dict_in_a_helper_and_a_generator_expression():
    assert_both_modes(helper_over_global, X)


def test_closure_dict_items():
    assert_both_modes(make_closure(), X)


def test_dict_attribute_of_an_object_in_a_method():
    assert_both_modes(MODEL.loss, X)
    assert_both_modes(through_a_model, X)


def test_hessian_through_a_global_dict_loop():
    hessian = transpiler.hessian(over_global_items)(X)
    expected = np.diag(2 * sum(w * len(k) for k, w in WEIGHTS.items()))
    np.testing.assert_allclose(hessian, expected, rtol=1e-12)


def test_a_key_added_between_calls_is_seen():
    gradient = transpiler.grad(over_global_values)
    before = gradient(X)
    SCALE["d"] = 3.0
    try:
        np.testing.assert_allclose(gradient(X), before + 3.0 * np.cos(X), rtol=1e-12)
    finally:
        del SCALE["d"]
    np.testing.assert_allclose(gradient(X), before, rtol=1e-12)


class Holder:
    def __init__(self):
        self.params = {"a": np.array([1.5, -2.0, 0.5]), "b": np.array([0.1, 0.2, 0.3])}


def dict_attribute_of_a_parameter(x, holder):
    total = 0.0
    for k, p in holder.params.items():
        total = total + np.sum(p * np.cos(x))
    return total + sum(np.sum(v * x) for v in holder.params.values())


class Scaled:
    def __init__(self, scale):
        self.params = {"a": scale, "b": 2 * scale}

    def value(self, x):
        total = 0.0
        for name, p in self.params.items():
            total = total + np.sum(p * np.cos(x))
        return total


def dict_attribute_of_an_object_made_in_the_function(x):
    return Scaled(x ** 2).value(x)


def test_dict_attribute_of_an_object_parameter():
    assert_both_modes(dict_attribute_of_a_parameter, X, Holder())


def test_dict_attribute_of_an_object_made_in_the_function():
    assert_both_modes(dict_attribute_of_an_object_made_in_the_function, X)
