"""Dicts the differentiated function builds (frontend/dicts.py): ``d = {}``, ``d["a"] = v``,
displays with constant keys, keys known only at run time (``hs[t] = ...`` in a loop, Karpathy's
min-char-rnn), ``d[k][i] = v`` on a dict of arrays, and dict comprehensions over a run-time
sequence; in helpers, loops and branches. Both modes against central differences."""
import collections

import numpy as np
import pytest

import transpiler

from sequence_checks import assert_both_modes

X = np.array([0.3, -0.2, 0.9])


def constant_keys(x):
    d = {}
    d["a"] = x * 2
    d["b"] = np.sin(x)
    d["a"] = d["a"] + d["b"]          # rebinding an entry
    return np.sum(d["a"] * d["b"])


def test_entries_assigned_by_constant_key():
    assert_both_modes(constant_keys, X)


def test_constant_keys_are_read_without_a_run_time_lookup():
    source = transpiler.grad(constant_keys).source(args=(X,))
    assert "d['a']" not in source and 'd["a"]' not in source


def display_and_helper(x):
    params = {"scale": 2.0, "shift": x}
    return scaled(params, x)


def scaled(params, x):
    params["out"] = params["scale"] * x + params["shift"]      # written in a helper: the caller sees it
    return np.sum(params["out"] ** 2)


def test_display_with_constant_keys_written_in_a_helper():
    assert_both_modes(display_and_helper, X)


def hidden_states(h0):
    hs = {}
    hs[-1] = h0
    for t in range(4):
        hs[t] = np.tanh(1.5 * hs[t - 1] + 0.1 * t)        # keys known only at run time
    return np.sum(hs[3] ** 2) + np.sum(hs[1])


def test_keys_assigned_in_a_loop_by_its_counter():
    assert_both_modes(hidden_states, X)


def one_hot_inputs(x):
    xs = {}
    total = 0.0
    for t in range(3):
        xs[t] = np.zeros(3)
        xs[t][t] = x[t]                 # a write into an array the dict holds
        total = total + np.sum(xs[t] * x)
    return total


def test_write_into_an_array_held_by_a_dict():
    assert_both_modes(one_hot_inputs, X)


def in_branches(x):
    d = {"y": x}
    if np.sum(x) > 0:
        d["y"] = d["y"] * 3.0
    else:
        d["z"] = x
    return np.sum(d["y"] ** 2)


def test_entries_assigned_in_branches():
    assert_both_modes(in_branches, X)
    assert_both_modes(in_branches, -X)


STATES = ("rain", "sun")      # a global tuple: iterated over at run time


def forward_probabilities(p):
    f = {st: p[i] for i, st in enumerate(STATES)}
    g = {st: f[st] * 2.0 for st in STATES}
    return sum(g[st] * f[st] for st in STATES)


def test_dict_comprehension_over_a_run_time_sequence():
    assert_both_modes(forward_probabilities, np.array([0.4, 0.7]))


def aliased_dict(x):
    d = {"a": x}
    e = d
    d["a"] = 2 * x              # e is the same dict in Python: it sees the write
    return np.sum(e["a"] ** 2)


def test_a_second_name_for_a_written_dict_is_read_as_that_dict():
    # `e = d` bound once, neither rebound: every later `e` is `d` (frontend/views.py)
    np.testing.assert_allclose(transpiler.grad(aliased_dict)(X), 8 * X)
    assert_both_modes(aliased_dict, X)


def two_empty_dicts(x):
    a, b = {}, {}               # two dicts, not one
    a[0] = x
    b[0] = 2 * x
    return np.sum(a[0] * b[0])


def test_two_empty_displays_are_two_dicts():
    assert_both_modes(two_empty_dicts, X)


def views_of_a_built_dict(x):
    layer = {"w": x, "b": np.sin(x)}
    total = 0.0
    for name, value in layer.items():
        total = total + np.sum(value ** 2) * len(name)
    return total + sum(np.sum(v) for v in layer.values()) + len(list(layer.keys()))


def test_items_values_and_keys_of_a_dict_built_with_constant_keys():
    assert_both_modes(views_of_a_built_dict, X)


def test_hvp_through_dict_entries_written_in_a_loop():
    f = hidden_states
    v = np.array([1.0, -0.5, 0.25])
    hvp = transpiler.hvp(f, X, v)
    g = transpiler.grad(f)
    h = 1e-5
    np.testing.assert_allclose(hvp, (g(X + h * v) - g(X - h * v)) / (2 * h), rtol=1e-5, atol=1e-7)


def params_from_dict_call(x):
    params = dict(w=x[0] ** 2, b=np.sin(x[1]))
    return params["w"] * params["b"]


def test_dict_called_with_keywords_is_the_display():
    x = np.array([0.5, -0.3])
    assert transpiler.check_grad(params_from_dict_call, x).ok
    assert transpiler.jvp(params_from_dict_call, (x,), (np.ones(2),))[1] == pytest.approx(
        np.sum(transpiler.grad(params_from_dict_call)(x)), rel=1e-12)


def get_with_defaults(x):
    d = {"a": x * 2}
    d["b"] = np.sin(x)
    missing = d.get("c", x[0] ** 2)               # the default, differentiated
    return np.sum(d.get("a") * d.get("b", 0.0)) + missing + (1.0 if d.get("z") is None else 0.0)


def test_get_on_a_dict_built_with_constant_keys_reads_the_entry_or_the_default():
    assert_both_modes(get_with_defaults, X)


GLOBAL_COUNT = 3


def fstring_keys_over_the_arguments_length(x):
    d = {f"w{i}": x[i] ** 2 for i in range(len(x))}
    return d["w0"] + 2 * d["w2"] + sum(d.values())


def keys_over_a_global_count_and_a_default(x, n=3):
    d = {i: np.sin(x[i]) for i in range(GLOBAL_COUNT)}
    e = {f"k{i}": x[i] for i in range(n) if i != 1}
    return d[1] * d[2] + sum(v ** 2 for v in e.values())


@pytest.mark.parametrize("f", [fstring_keys_over_the_arguments_length, keys_over_a_global_count_and_a_default])
def test_dict_comprehension_over_a_range_known_only_when_called(f):
    # range(len(x)), range(GLOBAL_COUNT): refused ("over values known only at run time"); built in a loop now
    x = np.array([0.3, -0.7, 1.2])
    assert_both_modes(f, x)
    g, h = transpiler.grad(f), 1e-6
    numeric = np.array([(g(x + h * e) - g(x - h * e)) / (2 * h) for e in np.eye(3)])
    np.testing.assert_allclose(transpiler.hessian(f)(x), numeric, rtol=1e-5, atol=1e-6)


def ordered_entries(x):
    d = collections.OrderedDict(scale=x[0] * 2.0, shift=np.sin(x[1]))
    d["last"] = x[2] ** 2
    return sum(v * k for k, v in zip([1.0, 2.0, 3.0], d.values())) + d["scale"] * d["last"]


def test_an_ordered_dict_made_here_is_a_dict_in_insertion_order():
    assert_both_modes(ordered_entries, X)
