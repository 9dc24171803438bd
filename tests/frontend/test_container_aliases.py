"""Another name for the same list or dict sees a write through either (frontend/assignments.py
``_update``): numpy-ml's optimizers bind ``C = self.cache``, write ``C[name] = ...`` under a
branch, then read and write ``self.cache[name]``. In Python both names are the one object, so
the write is seen through both; before, the other name was stale after the write and reading it
was refused. A copy (``dict(d)``, ``d.copy()``) is another object and keeps its own entries, and
a container *holding* the written one still refuses a read (its item is not rebound). Each
case checked against Python's own value, central differences (grad) and a directional
difference (jvp)."""
import numpy as np
import pytest

import transpiler
from transpiler import TranspileError

X = np.array([0.7, -1.3])


def central(f, x, direction, h=1e-6):
    return (f(x + h * direction) - f(x - h * direction)) / (2 * h)


def check(f, x=X):
    value, gradient = transpiler.value_and_grad(f)(x)
    np.testing.assert_allclose(value, f(x), rtol=1e-12)
    for k in range(x.size):
        np.testing.assert_allclose(gradient[k], central(f, x, np.eye(x.size)[k]), rtol=1e-6, atol=1e-8)
    direction = np.linspace(0.5, -1.0, x.size)
    _, derivative = transpiler.jvp(f, (x,), (direction,))
    np.testing.assert_allclose(derivative, central(f, x, direction), rtol=1e-6, atol=1e-8)


class Momentum:
    """numpy-ml's SGD update, cut down: the cache bound to a name, written under a branch."""

    def __init__(self, lr):
        self.cache = {}
        self.lr = lr

    def rate(self):
        return self.lr

    def update(self, param, grad, name):
        C = self.cache
        lr = self.rate()                       # a call between the binding and the reads
        if name not in C:
            C[name] = np.zeros_like(grad)
        update = 0.9 * C[name] + lr * grad
        self.cache[name] = update
        return param - update


def momentum_steps(x):
    opt = Momentum(0.1)
    for _ in range(3):
        x = opt.update(x, np.sin(x) + x ** 2, "x")
    return np.sum(x ** 2) + np.sum(opt.cache["x"])


def test_an_attribute_dict_bound_to_a_name_sees_the_write():
    check(momentum_steps)


def aliased_names(x):
    d = {"a": x, "b": 2 * x}
    e = d
    for i in range(2):
        if i == 1:
            e["a"] = np.sin(e["a"]) * x      # written through e, read through d
        d["b"] = d["b"] * e["a"]             # written through d, read through e
    return np.sum(d["a"] * e["b"])


def listed(x):
    ys = [x, x ** 2]
    zs = ys
    zs[0] = np.tanh(zs[0] + ys[1])
    return np.sum(ys[0] * zs[1])


def test_plain_names_for_one_dict_or_list_in_a_loop_and_a_branch():
    check(aliased_names)
    check(listed)


def put(d, key, value):
    d[key] = value                           # the caller's dict changes


def through_a_helper(x):
    cache = {"h": x}
    put(cache, "h", np.exp(cache["h"]) - x)
    put(cache, "g", cache["h"] * x)
    return np.sum(cache["h"] + cache["g"])


def test_a_helper_writing_into_its_dict_parameter():
    check(through_a_helper)


def copies_keep_their_entries(x):
    d = {"a": x}
    e = dict(d)
    f = d.copy()
    d["a"] = 3 * x                          # neither copy sees it
    return np.sum(e["a"] * f["a"] + d["a"])


def test_copies_are_other_objects():
    check(copies_keep_their_entries)
    assert transpiler.grad(copies_keep_their_entries)(X) == pytest.approx(2 * X + 3)


def test_float32_and_second_order():
    g32 = transpiler.grad(momentum_steps)(X.astype(np.float32))
    assert g32.dtype == np.float32
    np.testing.assert_allclose(g32, transpiler.grad(momentum_steps)(X), rtol=1e-4)
    h = 1e-5
    numeric = np.array([central(transpiler.grad(aliased_names), X, e, h) for e in np.eye(2)])
    np.testing.assert_allclose(transpiler.hessian(aliased_names)(X), numeric, rtol=1e-5, atol=1e-7)


def held_in_another_dict(x):
    inner = {"a": x}
    outer = {"inner": inner}
    inner["a"] = 2 * x                       # outer["inner"] is inner: Python sees 2 * x
    return np.sum(outer["inner"]["a"])


def test_a_container_holding_the_written_one_is_right_or_refused():
    try:
        gradient = transpiler.grad(held_in_another_dict)(X)
    except TranspileError as error:
        assert "outer" in str(error)
    else:
        np.testing.assert_allclose(gradient, [2.0, 2.0])
