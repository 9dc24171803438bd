"""``dict(p)`` of a dict *parameter* (or global) holding differentiated arrays
(frontend/shallow_copies.py): a new dict of the same entries, as ``p.copy()`` is. Before, it was
refused (``no derivative rule for dict``): a parameter's kind is the call's, so lowering could not
tell ``dict(p)`` from ``dict`` of a list of pairs. It is now lowered as ``p.copy()`` after a
run-time check that ``p`` is a dict. Each case checked against Python's own value, central
differences per entry (grad) and a directional difference (jvp)."""
import numpy as np
import pytest

import transpiler

P = {"w": np.array([0.7, -1.3]), "b": np.array([0.4])}


def central(f, p, direction, h=1e-6):
    plus = {k: v + h * direction[k] for k, v in p.items()}
    minus = {k: v - h * direction[k] for k, v in p.items()}
    return (f(plus) - f(minus)) / (2 * h)


def check(f, p=P):
    value, gradient = transpiler.value_and_grad(f)(p)
    np.testing.assert_allclose(value, f(p), rtol=1e-12)
    assert set(gradient) == set(p)
    for key, entry in p.items():
        for k in range(entry.size):
            e = {name: np.zeros_like(v) for name, v in p.items()}
            e[key][k] = 1.0
            np.testing.assert_allclose(gradient[key][k], central(f, p, e), rtol=1e-6, atol=1e-8)
    direction = {k: np.linspace(0.5, -1.0, v.size) for k, v in p.items()}
    value, derivative = transpiler.jvp(f, (p,), (direction,))
    np.testing.assert_allclose(value, f(p), rtol=1e-12)
    np.testing.assert_allclose(derivative, central(f, p, direction), rtol=1e-6, atol=1e-8)


def read_through_the_copy(p):
    q = dict(p)
    return np.sum(q["w"] ** 2) * q["b"][0]


def copy_written_original_read(p):
    q = dict(p)
    q["w"] = np.sin(q["w"])            # replaces the copy's entry; `p["w"]` is unchanged
    return np.sum(q["w"] * p["w"]) + q["b"][0] * p["b"][0]


def test_dict_of_a_dict_parameter():
    check(read_through_the_copy)
    check(copy_written_original_read)


def sgd_step(params, scale):
    # an optimizer's `new = dict(params)` on the dict it is given
    new = dict(params)
    new["w"] = params["w"] - scale * params["w"] ** 3
    return new


def stepped_twice(p):
    params = sgd_step(p, 0.1)
    return np.sum(params["w"] ** 2) + params["b"][0] + np.sum(sgd_step(p, 0.2)["w"])


def stepped_in_a_loop(p):
    total = 0.0
    for i in range(3):
        params = sgd_step(p, 0.1 * i)
        total = total + np.sum(params["w"] ** 2) * params["b"][0]
    return total


def stepped_in_a_branch(p):
    q = dict(p) if p["b"][0] > 0 else {"w": p["w"], "b": -p["b"]}
    if np.sum(q["w"]) < 0:
        q["b"] = 3.0 * q["b"]
    return np.sum(q["w"] * q["b"])


def test_dict_of_a_dict_parameter_through_a_helper_a_loop_and_a_branch():
    check(stepped_twice)
    check(stepped_in_a_loop)
    check(stepped_in_a_branch)
    check(lambda p: np.sum(dict(p)["w"] * p["b"]))


GLOBAL_SCALES = {"w": np.array([2.0, 3.0])}


def test_dict_of_a_global_dict():
    def scaled(p):
        s = dict(GLOBAL_SCALES)
        s["w"] = s["w"] * p["w"]
        return np.sum(s["w"] * GLOBAL_SCALES["w"]) + p["b"][0]
    check(scaled)


def test_copy_of_a_global_dict():
    # (was refused: writing into `s` was taken for a write into the global)
    def scaled(p):
        s = GLOBAL_SCALES.copy()
        s["w"] = s["w"] * p["w"]
        return np.sum(s["w"] * GLOBAL_SCALES["w"]) + p["b"][0]
    check(scaled)


def test_float32_and_second_order():
    p32 = {k: v.astype(np.float32) for k, v in P.items()}
    g = transpiler.grad(copy_written_original_read)(p32)
    assert g["w"].dtype == np.float32
    np.testing.assert_allclose(g["w"], transpiler.grad(copy_written_original_read)(P)["w"], rtol=1e-5)

    # second order: forward mode over the gradient (a Hessian-vector product) against a
    # central difference of the gradient
    direction = {k: np.linspace(1.0, -0.5, v.size) for k, v in P.items()}
    _, hvp = transpiler.jvp(transpiler.grad(copy_written_original_read), (P,), (direction,))
    h = 1e-6
    gradient = transpiler.grad(copy_written_original_read)
    plus = gradient({k: v + h * direction[k] for k, v in P.items()})
    minus = gradient({k: v - h * direction[k] for k, v in P.items()})
    for key in P:
        np.testing.assert_allclose(hvp[key], (plus[key] - minus[key]) / (2 * h), rtol=1e-6, atol=1e-8)


def test_dict_of_a_list_of_pairs_is_the_dict_of_those_pairs():
    def from_pairs(x, pairs):
        d = dict(pairs)
        return np.sum(d["a"] * x)
    x = np.array([1.0, 2.0])      # (more: test_dicts_of_pair_lists.py)
    np.testing.assert_allclose(transpiler.grad(from_pairs)(x, [("a", 2.0)]), [2.0, 2.0])
