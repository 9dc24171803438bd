"""A dict the function made, carried through a loop and read and written at constant keys only,
is lowered with one name per entry (frontend/dict_loops.py): the same values as Python, and code
without run-time lookups, new dicts or adjoint dicts per iteration. Anything else — another name
for the dict, a container holding it, `d[k] += v`, a new key, a bare use — is lowered as before."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

X = np.array([0.3, -1.2, 0.7, 2.0])


def leapfrog(x):
    state = {"pos": x, "vel": np.zeros_like(x)}
    for _ in range(20):
        state["vel"] = state["vel"] - 0.1 * state["pos"]
        state["pos"] = state["pos"] + 0.1 * state["vel"]
    return np.sum(state["pos"] ** 2) + np.sum(state["vel"])


def until_time(x):
    s = {"t": 0.0, "y": x}
    while s["t"] < 1.0:
        s["y"] = s["y"] + 0.25 * np.sin(s["y"])
        s["t"] = s["t"] + 0.25
    return np.sum(s["y"])


def nested_loops(x):
    s = {"a": x, "b": 1.0}
    for i in range(3):
        for j in range(2):
            s["a"] = s["a"] * s["b"] + 0.1
        s["b"] = s["b"] * 0.9 + np.sum(s["a"]) * 0.01
    return np.sum(s["a"]) + s["b"]


def gradient_descent_on_a_dict(w):
    params = {"w": w, "b": 0.0}
    A = np.arange(8.0).reshape(2, 4) / 8
    for _ in range(4):
        r = A @ params["w"] + params["b"] - 1.0
        params["w"] = params["w"] - 0.1 * A.T @ r
        params["b"] = params["b"] - 0.1 * np.sum(r)
    return np.sum((A @ params["w"] + params["b"]) ** 2)


def integer_keys_swapped(x):
    s = {0: x, 1: x * 2}
    for _ in range(3):
        s[0], s[1] = s[1] * 0.5, s[0] + 0.1
    return np.sum(s[0] * s[1])


def read_whole_after_the_loop(x):
    s = dict(a=x, b=x ** 2)
    for _ in range(3):
        s["a"] = np.tanh(s["a"] + s["b"])
    return sum(np.sum(v) for v in s.values()) + len(s)


def returning_from_the_loop(x):
    s = {"a": x}
    for _ in range(5):
        s["a"] = s["a"] * 1.5
        if np.sum(s["a"]) > 4:
            return np.sum(s["a"])
    return np.sum(s["a"] ** 2)


def in_a_helper(x):
    def run(s):
        for _ in range(3):
            s["a"] = np.sin(s["a"])
        return s
    return np.sum(run({"a": x})["a"])


def written_into_entries(x):
    s = {"v": np.zeros(4), "hist": []}
    for i in range(4):
        s["v"][i] = x[i] ** 2
        s["hist"].append(np.sum(s["v"]))
    return np.sum(s["v"]) + sum(s["hist"])


def entries_in_order_after(x):
    s = {"a": x, "b": 2.0, "c": x ** 2}
    for _ in range(2):
        s["c"] = s["c"] * s["b"]
        s["a"] = np.sin(s["a"])
    return sum(np.sum(v) * (k + 1) for k, v in enumerate(s.values())) + float(list(s)[1] == "b")


SPLIT = [written_into_entries, entries_in_order_after, leapfrog, until_time, nested_loops, gradient_descent_on_a_dict, integer_keys_swapped,
         read_whole_after_the_loop, returning_from_the_loop, in_a_helper]


@pytest.mark.parametrize("f", SPLIT)
def test_entries_apart_give_python_s_value_and_exact_derivatives(f):
    value, g = transpiler.value_and_grad(f)(X)
    assert value == pytest.approx(f(X.copy()))
    assert transpiler.check_grad(f, X).ok
    _, tangent = transpiler.jvp(f, (X,), (np.ones(4),))
    assert tangent == pytest.approx(g.sum())
    h = transpiler.hessian(f)(X)
    assert np.allclose(h, h.T, atol=1e-8)


@pytest.mark.parametrize("f", [leapfrog, until_time, gradient_descent_on_a_dict, integer_keys_swapped])
def test_the_code_has_no_dict_in_the_loop(f):
    code = transpiler.grad(f).source(args=(X,))
    for helper in ("assign_at", "written_item", "cleared_at", "written_adjoint", "add_into", "dict_of"):
        assert helper not in code.split("def ")[-1], helper


def another_name_for_it(x):
    state = {"pos": x}
    other = state
    for _ in range(3):
        state["pos"] = state["pos"] * 1.1
    return np.sum(other["pos"])


def held_by_a_list(x):
    state = {"pos": x}
    history = [state]
    for _ in range(3):
        state["pos"] = state["pos"] * 1.1
    return np.sum(history[0]["pos"])


def augmented_entry(x):
    state = {"pos": x * 1.0, "vel": np.zeros_like(x)}
    for _ in range(5):
        state["vel"] -= 0.1 * state["pos"]
        state["pos"] += 0.1 * state["vel"]
    return np.sum(state["pos"] ** 2)


def new_key_in_the_loop(x):
    s = {"a": x}
    for _ in range(3):
        s["b"] = s["a"] * 2
        s["a"] = s["b"] + 1
    return np.sum(s["a"])


@pytest.mark.parametrize("f", [another_name_for_it, augmented_entry, new_key_in_the_loop])
def test_dicts_left_whole_are_still_exact(f):
    value, _ = transpiler.value_and_grad(f)(X)
    assert value == pytest.approx(f(X.copy()))
    assert transpiler.check_grad(f, X).ok
    assert "assign_at" in transpiler.grad(f).source(args=(X,)) or "written_item" in transpiler.grad(f).source(args=(X,))


def test_a_dict_held_by_a_list_is_still_refused_where_the_list_is_read():
    with pytest.raises(UnsupportedSyntaxError, match="`history` is read after a write through `state`"):
        transpiler.grad(held_by_a_list)(X)
