"""Iterating over dicts the call passes in (frontend/loops.py ``_iterable``, opt/sequences.py
``resolve_iteration``): ``for k in params`` sees the keys, ``params.items()``, ``.values()``,
``.keys()``, ``list(params)``, ``sorted(params)``, ``enumerate(params)``; a dict nested in a list
(whose kind the call does not tell) too. ``sorted`` of numbers and ``math.fsum``. Both modes
against central finite differences, and the value."""
import math

import numpy as np
import pytest

import transpiler

from sequence_checks import assert_both_modes

PARAMS = {"w": np.array([0.5, -1.5, 2.0]), "b": np.array([0.3])}
X = np.array([0.3, -1.2, 2.0, 0.7])


def loop_over_keys(params):
    total = 0.0
    for k in params:
        total = total + np.sum(params[k] ** 2) * len(k)
    return total


def loop_over_items(params):
    total = 0.0
    for name, value in params.items():
        total = total + np.sum(np.sin(value)) * (2.0 if name == "w" else 1.0)
    return total


def sum_of_values(params):
    return sum(np.sum(v ** 3) for v in params.values())


def sorted_keys(params):
    total = 0.0
    for i, k in enumerate(sorted(params.keys())):
        total = total + (i + 1) * np.sum(params[k])
    return total


def first_key_of_list(params):
    names = list(params)
    return np.sum(params[names[0]] ** 2) + np.sum(params[names[-1]])


def enumerated_dict(params):
    total = 0.0
    for i, k in enumerate(params):
        total = total + i * np.sum(params[k] ** 2)
    return total


def nested_in_a_list(layers):
    total = 0.0
    for layer in layers:
        for k, v in layer.items():
            total = total + np.sum(v * layer[k])
    return total


def keys_of_a_nested_dict_by_iteration(layers):
    total = 0.0
    for layer in layers:
        for k in layer:           # the call tells that `layers` is a list, not what it holds
            total = total + np.sum(layer[k] * layer[k])
    return total


@pytest.mark.parametrize("f", [loop_over_keys, loop_over_items, sum_of_values, sorted_keys, first_key_of_list,
                               enumerated_dict])
def test_a_dict_parameter_iterated_in_each_spelling(f):
    report = transpiler.check_grad(f, PARAMS)
    assert report.ok, report
    value, tangent = transpiler.jvp(f, (PARAMS,), ({"w": np.ones(3), "b": np.ones(1)},))
    h = 1e-6
    up = f({k: v + h for k, v in PARAMS.items()})
    down = f({k: v - h for k, v in PARAMS.items()})
    assert np.isclose(value, f(PARAMS)) and np.isclose(tangent, (up - down) / (2 * h), rtol=1e-6)


def test_a_dict_nested_in_a_list_is_iterated_over_its_keys():
    layers = [PARAMS, {"v": np.array([1.0, 2.0])}]
    value, gradient = transpiler.value_and_grad(nested_in_a_list)(layers)
    assert np.isclose(value, nested_in_a_list(layers))
    np.testing.assert_allclose(gradient[0]["w"], 2 * PARAMS["w"])
    np.testing.assert_allclose(gradient[1]["v"], [2.0, 4.0])


@pytest.mark.parametrize("layers", [[PARAMS, {"v": np.array([1.0, 2.0])}], [{0: np.array([1.5]), 1: np.array([2.5])}]])
def test_a_dict_whose_kind_the_call_does_not_tell_is_iterated_over_its_keys(layers):
    # `for k in layer` of a dict inside a list: `iterated(layer)` resolved when it runs, or, where
    # the call's elements tell the dict's keys (a container argument taken apart), unrolled over them
    value, gradient = transpiler.value_and_grad(keys_of_a_nested_dict_by_iteration)(layers)
    assert np.isclose(value, keys_of_a_nested_dict_by_iteration(layers))
    for layer, d_layer in zip(layers, gradient):
        for k in layer:
            np.testing.assert_allclose(d_layer[k], 2 * layer[k])


def weighted_by_key(d, x):
    total = 0.0
    for k in d:
        total = total + k * x * d[k]
    return total


def test_integer_keys_are_keys_not_positions():
    # `for k in d` once read d[0], d[1] (the values) where Python reads the keys: a silent wrong answer
    d = {1: 2.0, 3: 5.0}
    value, gradient = transpiler.value_and_grad(weighted_by_key, 1)(d, 2.0)
    assert value == weighted_by_key(d, 2.0) == 34.0
    assert gradient == 1 * 2.0 + 3 * 5.0
    assert transpiler.grad(weighted_by_key, 0)(d, 2.0) == {1: 2.0, 3: 6.0}
    np.testing.assert_allclose(transpiler.hessian(lambda x: weighted_by_key(d, x) * x)(2.0), 2 * 17.0)


def sorted_keys_of_a_dict_built_from_an_array(x):
    named = {f"k{i}": v for i, v in enumerate(x)}      # keys known only when it runs
    return sum(named[k] ** 2 for k in sorted(named) if k != "k1")


def listed_keys_of_a_dict_filled_in_a_loop(x):
    named = {}
    for i in range(len(x)):
        named[str(i)] = np.sin(x[i])
    keys = list(named)
    return named[keys[0]] * named[keys[-1]] + sum(named[k] for k in reversed(keys))


@pytest.mark.parametrize("f", [sorted_keys_of_a_dict_built_from_an_array, listed_keys_of_a_dict_filled_in_a_loop])
def test_the_keys_of_a_dict_the_function_builds_carry_no_derivative(f):
    # `sorted(named)` of a dict filled in a loop was refused in reverse mode: its keys looked
    # differentiated ("`x[…]` has no derivative with respect to argument 2")
    assert_both_modes(f, X)


def unrolled_descent_writing_the_dict_it_iterates(x):
    params = {"w": x * 1.0, "b": 0.5}
    for _ in range(3):
        grads = {"w": 2 * params["w"] - 1.0, "b": params["b"] * np.sum(params["w"])}
        for k in params:
            params[k] -= 0.1 * grads[k]      # existing keys: the keys iterated do not change
    return np.sum(params["w"] ** 2) + params["b"]


def test_writing_the_entries_of_a_dict_while_iterating_its_keys():
    # `for k in params: params[k] -= ...` on a dict the loop carries was refused ("writing into
    # `params`, which may share memory with the sequence an enclosing loop iterates over")
    assert_both_modes(unrolled_descent_writing_the_dict_it_iterates, X)


CONSTANTS = {"a": 2.0, "b": -1.0}


def global_dict(x):
    return sum(CONSTANTS[k] * x[i] ** 2 for i, k in enumerate(CONSTANTS))


def test_a_global_dict_iterated():
    assert_both_modes(global_dict, X[:2])


def sorts_an_array(x):
    s = sorted(x)
    return s[0] * 2 + s[-1] * s[1]


def sorts_a_list_in_reverse(x):
    s = sorted([x[0] * 2, x[1], np.sin(x[2])], reverse=True)
    return s[0] * 2 + s[-1] * s[1]


def sums_exactly(x):
    return math.fsum([x[0] ** 2, x[1], np.cos(x[2])])


@pytest.mark.parametrize("f", [sorts_an_array, sorts_a_list_in_reverse, sums_exactly])
def test_sorted_and_fsum_in_both_modes_and_second_order(f):
    assert_both_modes(f, X)
    step = 1e-5
    numeric = np.array([(transpiler.grad(f)(X + step * e) - transpiler.grad(f)(X - step * e)) / (2 * step)
                        for e in np.eye(4)])
    np.testing.assert_allclose(transpiler.hessian(f)(X), numeric, atol=1e-6)
