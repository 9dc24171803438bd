"""Index arguments carry no derivative (analysis/keys.py): a dict another ``transpiler.grad``
returns is iterated through ``iterated(d)`` (its kind unknown while compiling), so its keys
followed the dict's activity, and a write ``out[k] = ...`` at such a key was refused in reverse
mode ("`assign_at(x, …, v)` has no derivative with respect to argument 3"; optax's
``{k: f(tree[k], *[r[k] for r in rest]) for k in tree}`` in its training loop). Each spelling:
a loop, a dict comprehension, through a helper, a lambda, a closure, a dict in a list; reverse
and forward mode against central differences. (Second order of a function calling
``transpiler.grad`` inside is refused for another reason, so none is checked here.)"""
import numpy as np
import pytest

import transpiler

X = np.array([0.3, -1.2, 0.7])
DIRECTION = np.array([0.5, 0.2, -0.4])


def energy(params):
    return np.sum(params["w"] ** 2) + np.sum(params["w"] * params["b"])


def written_by_key_in_a_loop(w):
    g = transpiler.grad(energy)({"w": w, "b": np.sin(w)})
    out = {}
    for k in g:
        out[k] = g[k] * w
    return np.sum(out["w"]) + np.sum(out["b"] ** 2)


def tree_map(f, tree, *rest):
    return {k: f(tree[k], *[r[k] for r in rest]) for k in tree}


def comprehension_through_a_helper(w):
    params = {"w": w, "b": np.cos(w)}
    for _ in range(2):
        grads = transpiler.grad(energy)(params)
        params = tree_map(lambda p, u: p - 0.1 * u, params, grads)
    return np.sum(params["w"] ** 3) + np.sum(params["b"] * params["w"])


STEP = 0.2


def comprehension_reading_a_closure(w):
    grads = transpiler.grad(energy)({"w": w, "b": w ** 2})
    scaled = {k: STEP * v for k, v in grads.items()}
    return np.sum(scaled["w"] * scaled["b"])


FUNCTIONS = [written_by_key_in_a_loop, comprehension_through_a_helper, comprehension_reading_a_closure]


def _numeric_gradient(f, x, h=1e-6):
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(x.size)])


@pytest.mark.parametrize("f", FUNCTIONS)
def test_reverse_mode_writes_at_keys_of_a_differentiated_dict(f):
    value, gradient = transpiler.value_and_grad(f)(X)
    assert np.isclose(value, f(X))
    np.testing.assert_allclose(gradient, _numeric_gradient(f, X), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("f", FUNCTIONS)
def test_forward_mode_agrees(f):
    value, tangent = transpiler.jvp(f, (X,), (DIRECTION,))
    h = 1e-6
    assert np.isclose(value, f(X))
    np.testing.assert_allclose(tangent, (f(X + h * DIRECTION) - f(X - h * DIRECTION)) / (2 * h), rtol=1e-6)


def dicts_in_a_list(layers):
    out = {}
    for layer in layers:
        for k in layer:            # the call tells that `layers` is a list, not what it holds
            out[k] = np.tanh(layer[k])
    return np.sum(out["w"] * out["b"])


def test_keys_of_a_dict_parameter_inside_a_list_written_at():
    layers = [{"w": X[:2], "b": X[1:]}]
    value, gradient = transpiler.value_and_grad(dicts_in_a_list)(layers)
    assert np.isclose(value, dicts_in_a_list(layers))
    np.testing.assert_allclose(gradient[0]["w"], (1 - np.tanh(X[:2]) ** 2) * np.tanh(X[1:]), rtol=1e-12)
    np.testing.assert_allclose(gradient[0]["b"], (1 - np.tanh(X[1:]) ** 2) * np.tanh(X[:2]), rtol=1e-12)
    direction = [{"w": DIRECTION[:2], "b": DIRECTION[1:]}]
    _, tangent = transpiler.jvp(dicts_in_a_list, (layers,), (direction,))
    assert np.isclose(tangent, np.sum(gradient[0]["w"] * DIRECTION[:2]) + np.sum(gradient[0]["b"] * DIRECTION[1:]))
