"""``xs.copy()`` of a list, ``d.copy()`` and ``dict(d)`` of a dict (frontend/shallow_copies.py):
a new container holding the same items, as Python makes it. Before, ``xs.copy()`` of a list
parameter was ``np.copy(xs)``, an array, so ``xs.copy() + [x]`` added instead of concatenating:
a silent wrong value. Each checked against Python's own value, central differences (grad) and a
directional difference (jvp)."""
import numpy as np
import pytest

import transpiler
from transpiler import TranspileError

X = np.array([0.7, -1.3])


def central(f, x, direction, h=1e-6):
    return (f(x + h * direction) - f(x - h * direction)) / (2 * h)


def check(f, x, *rest):
    value, gradient = transpiler.value_and_grad(f)(x, *rest)
    np.testing.assert_allclose(value, f(x, *rest), rtol=1e-12)
    for k in range(np.size(x)):
        e = np.zeros(np.shape(x))
        e.reshape(-1)[k] = 1.0
        np.testing.assert_allclose(np.reshape(gradient, -1)[k], central(lambda v: f(v, *rest), x, e),
                                   rtol=1e-6, atol=1e-8)
    direction = np.linspace(0.5, -1.0, np.size(x)).reshape(np.shape(x))
    tangents = (direction,) + (None,) * len(rest)
    _, derivative = transpiler.jvp(f, (x, *rest), tangents)
    np.testing.assert_allclose(derivative, central(lambda v: f(v, *rest), x, direction), rtol=1e-6, atol=1e-8)


def concatenated(x, xs):
    ys = xs.copy()                       # a list: `+` below concatenates
    return np.sum(np.array(ys + [x[0], x[1]]) ** 2)


def test_copy_of_a_list_parameter_is_a_list():
    check(concatenated, X, [1.0, 2.0])
    assert transpiler.grad(concatenated)(X, [1.0, 2.0, 3.0]) == pytest.approx(2 * X)


def grown(x):
    xs = [x, 2 * x]
    ys = xs.copy()
    ys.append(x ** 2)                    # the copy grows, the original does not
    ys[0] = 3 * x                        # an item of the copy replaced
    return np.sum(np.stack(ys)) + len(xs) * np.sum(xs[0])


def test_copy_of_a_list_made_in_the_function():
    check(grown, X)


def entries_replaced(x):
    d = {"a": x, "b": 2 * x}
    e = d.copy()
    f = dict(d)
    e["a"] = e["a"] ** 2
    f["b"] = np.sin(f["b"])
    return np.sum(e["a"]) + np.sum(d["a"] * d["b"]) + np.sum(e["b"] + f["b"]) + len(f)


def test_dict_copy_and_dict_of_a_dict():
    check(entries_replaced, X)


def step(params, scale):
    # a helper returning an updated copy (an optimizer's `new = dict(params)` style)
    new = dict(params)
    for key in ("w", "b"):
        new[key] = params[key] * scale
    return new


def trained(x):
    params = {"w": x, "b": x[::-1]}
    for i in range(3):
        if i % 2 == 0:
            params = step(params, 0.5 + i)
        else:
            params = dict(params)
            params["w"] = np.tanh(params["w"])
    return np.sum(params["w"] * params["b"])


def test_dict_copies_through_a_helper_a_loop_and_a_branch():
    check(trained, X)
    hessian = transpiler.hessian(trained)(X)
    h = 1e-5
    numeric = np.array([central(lambda v: transpiler.grad(trained)(v)[k], X, np.eye(2)[j], h)
                        for k in range(2) for j in range(2)]).reshape(2, 2)
    np.testing.assert_allclose(hessian, numeric, rtol=1e-5, atol=1e-7)


def item_written(x):
    d = {"a": x.copy()}
    e = dict(d)
    e["a"][0] = 5.0                      # the array both dicts hold: d sees it too
    return np.sum(d["a"] * x)


def test_a_write_into_a_shared_item_is_seen_or_refused_never_lost():
    try:
        value, gradient = transpiler.value_and_grad(item_written)(X)
    except TranspileError:
        return
    assert value == pytest.approx(item_written(X))
    np.testing.assert_allclose(gradient, [5.0, 2 * X[1]])


def test_float32_copies():
    x32 = X.astype(np.float32)
    g = transpiler.grad(entries_replaced)(x32)
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, transpiler.grad(entries_replaced)(X), rtol=1e-5)


def scaled_entry(x, p):
    q = p.copy()                         # a dict parameter: a dict, not a 0-d object array
    q["w"] = q["w"] * x
    return np.sum(q["w"] + p["w"])


def test_copy_of_a_dict_parameter_is_a_dict():
    check(scaled_entry, X, {"w": np.array([2.0, -1.0])})


def test_copy_of_an_array_parameter_is_still_an_array():
    def sorted_sum(x):
        y = x.copy()
        y.sort()
        return y[0] * 3 + y[-1]
    check(sorted_sum, np.array([0.3, -1.2, 2.0]))


def test_np_copy_of_a_list_parameter_is_still_an_array():
    # NumPy's function makes an array of a list: `+` then adds, as NumPy does
    def added(x, xs):
        return np.sum(np.copy(xs) + x)
    check(added, X, [1.0, 2.0])


GLOBAL_OFFSETS = [0.5, 1.5]


def test_copy_of_a_global_list_is_a_list():
    def extended(x):
        ys = GLOBAL_OFFSETS.copy()
        return np.sum(np.array(ys + [x[0]]) * x[1])
    check(extended, X)


def test_sorting_a_copy_of_a_list_parameter_keeps_a_list():
    # `ys.sort()` of `xs.copy()`: the list sorted, so `+` still concatenates (an array would add)
    def sorted_then_extended(x, xs):
        ys = xs.copy()
        ys.sort()
        return np.sum(np.array(ys + [x[0]]) * x[1])
    check(sorted_then_extended, X, [2.0, 1.0])
    assert transpiler.grad(sorted_then_extended)(np.array([1.5, 2.0]), [2.0, 1.0]) == pytest.approx([2.0, 4.5])
