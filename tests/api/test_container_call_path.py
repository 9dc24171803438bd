"""The call path of a gradient with respect to a container (api/flat.py's ``taking_apart``: the
container taken apart and its gradient rebuilt by Python written once per structure; the
defaults filled in by the fast call, api/fast_path.py). Every spelling of the structure a user
may pass, checked against central finite differences per leaf: nested containers, numbers
among the arrays, other kinds of leaves (then nothing is taken apart), a dict in another key
order, the same structure at other shapes, records, several arguments, has_aux,
value_and_grad, float32, forward mode and second order."""
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pytest

import transpiler
from transpiler.trees import leaves, rebuild

RS = np.random.RandomState(3)


def numeric(f, args, i, h=1e-6):
    """Central differences of ``f(*args)`` per float leaf of ``args[i]``, in its structure
    (a leaf that is no float: None)."""
    parts = leaves(args[i])
    out = []
    for k, part in enumerate(parts):
        if not isinstance(part, (float, np.ndarray)):
            out.append(None)
            continue
        g = np.zeros(np.shape(part))
        for idx in np.ndindex(np.shape(part)):
            for sign in (1, -1):
                shifted = [p.copy() if isinstance(p, np.ndarray) else p for p in parts]
                if isinstance(part, np.ndarray):
                    shifted[k][idx] += sign * h
                else:
                    shifted[k] += sign * h
                g[idx] += sign * f(*args[:i], rebuild(args[i], shifted), *args[i + 1:])
        out.append(g / (2 * h) if isinstance(part, np.ndarray) else float(g) / (2 * h))
    return out


def assert_matches(gradient, f, args, i=0, rtol=1e-5):
    """``gradient`` has the structure and types of ``args[i]`` and its float leaves agree with
    finite differences."""
    assert type(gradient) is type(args[i])
    expected = numeric(f, args, i)
    got = leaves(gradient)
    assert len(got) == len(expected)
    for g, e, like in zip(got, expected, leaves(args[i])):
        if e is None:
            continue
        assert np.shape(g) == np.shape(like)
        np.testing.assert_allclose(g, e, rtol=rtol, atol=1e-7)


def adam_step(params, X, y, lr=0.1, beta1=0.9, eps=1e-8):
    """N24's spelling: a dict with a float among its arrays, a loop over ``params.items()``,
    keyword defaults."""
    r = X @ params["w"] + params["b"] - y
    grads = {"w": X.T @ r / len(y), "b": np.mean(r)}
    new = {}
    for name, value in params.items():
        m = (1 - beta1) * grads[name]
        new[name] = value - lr * m / (np.abs(m) + eps + 1.0)
    r2 = X @ new["w"] + new["b"] - y
    return 0.5 * np.mean(r2 ** 2)


X = RS.randn(7, 3)
Y = RS.randn(7)


def test_a_dict_with_a_float_leaf_and_keyword_defaults():
    params = {"w": RS.randn(3), "b": 0.3}
    g = transpiler.grad(adam_step)
    for _ in range(3):                         # (first call, then the kept runner)
        got = g(params, X, Y)
        assert list(got) == ["w", "b"] and type(got["b"]) in (float, np.float64)
        assert_matches(got, adam_step, (params, X, Y))
    assert_matches(g(params, X, Y, 0.2), lambda p, X, y: adam_step(p, X, y, 0.2), (params, X, Y))
    assert_matches(g(params, X, Y, beta1=0.5), lambda p, X, y: adam_step(p, X, y, beta1=0.5), (params, X, Y))


def test_a_dict_in_another_key_order_gets_its_gradient_in_that_order():
    g = transpiler.grad(adam_step)
    w = RS.randn(3)
    first = g({"w": w, "b": 0.3}, X, Y)
    second = g({"b": 0.3, "w": w}, X, Y)
    assert list(second) == ["b", "w"]
    np.testing.assert_allclose(second["w"], first["w"])
    assert second["b"] == pytest.approx(first["b"])


def test_the_same_structure_at_other_shapes_compiles_again():
    g = transpiler.grad(adam_step)
    for n, d in ((7, 3), (5, 2), (7, 3), (9, 4)):
        X_, y_ = RS.randn(n, d), RS.randn(n)
        params = {"w": RS.randn(d), "b": 0.1}
        assert_matches(g(params, X_, y_), adam_step, (params, X_, y_))


def nested(params, x):
    total = 0.0
    for W, b in params["layers"]:
        x = np.tanh(W @ x + b)
    return np.sum(x ** 2) * params["scale"][0] + total


def test_nested_containers():
    params = {"layers": [(RS.randn(3, 3), RS.randn(3)), (RS.randn(2, 3), RS.randn(2))], "scale": (1.5,)}
    x = RS.randn(3)
    got = transpiler.grad(nested)(params, x)
    assert type(got["layers"]) is list and type(got["layers"][0]) is tuple and type(got["scale"]) is tuple
    assert_matches(got, nested, (params, x))


def with_other_leaves(params, x):
    if params["name"] is None:
        return np.sum(params["w"] * x) * params["n"]
    return np.sum(params["w"] * x)


def test_integer_string_and_none_leaves_are_passed_whole():
    params = {"w": RS.randn(3), "n": 3, "name": None}
    x = RS.randn(3)
    got = transpiler.grad(with_other_leaves)(params, x)
    np.testing.assert_allclose(got["w"], 3 * x)
    assert_matches(got, with_other_leaves, (params, x))


@dataclass
class Layer:
    W: np.ndarray
    b: np.ndarray


@dataclass
class Model:
    W: np.ndarray
    b: np.ndarray
    name: str = "model"


class Pair(NamedTuple):
    W: np.ndarray
    b: np.ndarray


def layers(params, x):
    for layer in params:
        x = np.tanh(layer.W @ x + layer.b)
    return np.sum(x ** 2)


@pytest.mark.parametrize("record", [Layer, Pair])
def test_records_in_a_list_come_back_as_records(record):
    params = [record(RS.randn(3, 3), RS.randn(3)), record(RS.randn(2, 3), RS.randn(2))]
    x = RS.randn(3)
    g = transpiler.grad(layers)
    for _ in range(2):
        got = g(params, x)
        assert all(type(layer) is record for layer in got)
        assert_matches(got, layers, (params, x))


def model_loss(model, x):
    return np.sum(np.tanh(model.W @ x + model.b) ** 2)


def test_a_dataclass_with_a_field_not_differentiated():
    model = Model(RS.randn(2, 3), RS.randn(2), "mine")
    x = RS.randn(3)
    got = transpiler.grad(model_loss)(model, x)
    assert type(got) is Model           # (its string field's entry is 0.0, as before: no derivative)
    assert_matches(got, model_loss, (model, x))


@dataclass
class Dense:
    W: np.ndarray
    b: np.ndarray
    scale: float = 1.0


@pytest.mark.parametrize("record", [Dense, Pair])
def test_a_record_passed_itself_is_taken_apart_into_code_for_its_fields_shapes(record):
    # (it was passed whole: code for any shapes, a generic helper per adjoint, 2-3x slower)
    model = record(RS.randn(2, 3), RS.randn(2))
    x = RS.randn(3)
    g = transpiler.grad(model_loss)
    for _ in range(2):
        got = g(model, x)
        assert type(got) is record
        assert_matches(got, model_loss, (model, x))
    code = g.source(args=(model, x)).split("(reverse mode)")[-1]
    assert "unbroadcast(" not in code and "matmul_adjoint" not in code, code
    narrow = g(record(model.W.astype(np.float32), model.b.astype(np.float32)), x.astype(np.float32))
    assert narrow.W.dtype == narrow.b.dtype == np.float32


def scaled_loss(model, x):
    return model.scale * np.sum(np.tanh(model.W @ x + model.b) ** 2)


def test_a_records_number_field_gets_its_gradient_and_other_shapes_compile_again():
    g = transpiler.grad(scaled_loss)
    for n in (3, 4):
        model = Dense(RS.randn(2, n), RS.randn(2), 1.5)
        x = RS.randn(n)
        got = g(model, x)
        assert isinstance(got.scale, float)
        assert_matches(got, scaled_loss, (model, x))


def two_containers(params, x, weights):
    return np.sum(np.sin(params[0] @ x) * weights["a"]) + params[1] * np.sum(weights["b"] ** 2)


def test_argnums_over_two_containers_and_an_array():
    params, x, weights = (RS.randn(2, 3), 0.7), RS.randn(3), {"a": RS.randn(2), "b": RS.randn(4)}
    g = transpiler.grad(two_containers, (0, 1, 2))
    gp, gx, gw = g(params, x, weights)
    assert_matches(gp, two_containers, (params, x, weights), 0)
    np.testing.assert_allclose(gx, numeric(two_containers, (params, x, weights), 1)[0], rtol=1e-5)
    assert_matches(gw, two_containers, (params, x, weights), 2)
    only = transpiler.grad(two_containers, 2)(params, x, weights)
    np.testing.assert_allclose(only["b"], gw["b"])


def owned(params):
    return np.sum(params["w"] * params["v"])


def test_a_gradient_that_is_an_argument_comes_back_a_copy():
    params = {"w": RS.randn(4), "v": RS.randn(4)}
    got = transpiler.grad(owned)(params)
    assert got["w"] is not params["v"] and not np.shares_memory(got["w"], params["v"])
    np.testing.assert_array_equal(got["w"], params["v"])
    got["w"][:] = 0.0
    assert np.all(params["v"] != 0.0)


def with_aux(params, x):
    loss = np.sum((params["W"] @ x) ** 2)
    return loss, {"norm": np.sum(params["W"] ** 2)}


def test_has_aux_and_value_and_grad():
    params, x = {"W": RS.randn(2, 3)}, RS.randn(3)
    g, aux = transpiler.grad(with_aux, has_aux=True)(params, x)
    assert aux["norm"] == pytest.approx(np.sum(params["W"] ** 2))
    assert_matches(g, lambda p, x: with_aux(p, x)[0], (params, x))
    (value, aux2), g2 = transpiler.value_and_grad(with_aux, has_aux=True)(params, x)
    assert value == pytest.approx(with_aux(params, x)[0])
    np.testing.assert_allclose(g2["W"], g["W"])
    value, g3 = transpiler.value_and_grad(adam_step)({"w": np.ones(3), "b": 0.1}, X, Y)
    assert value == pytest.approx(adam_step({"w": np.ones(3), "b": 0.1}, X, Y))
    assert_matches(g3, adam_step, ({"w": np.ones(3), "b": 0.1}, X, Y))


def test_float32_leaves_keep_their_dtype():
    params = {"w": RS.randn(3).astype(np.float32), "b": 0.3}
    X32, y32 = X.astype(np.float32), Y.astype(np.float32)
    got = transpiler.grad(adam_step)(params, X32, y32)
    assert got["w"].dtype == np.float32
    expected = transpiler.grad(adam_step)({"w": params["w"].astype(float), "b": 0.3}, X32.astype(float),
                                          y32.astype(float))
    np.testing.assert_allclose(got["w"], expected["w"], rtol=1e-3)


SCALE = 2.0


def make_closure(c):
    return lambda p, x: c * np.sum(np.tanh(p["W"] @ x) ** 2) + SCALE * np.sum(p["b"] ** 2)


def branchy(p, x):
    h = p["W"] @ x
    if np.sum(h) > 0:
        h = np.tanh(h)
    else:
        h = np.sin(h)
    return np.sum(helper(h, p["b"]))


def helper(h, b):
    return (h + b) ** 2


@pytest.mark.parametrize("f", [make_closure(1.5), branchy], ids=["closure-lambda-global", "branch-helper"])
def test_spellings_in_both_modes_and_second_order(f):
    p, x = {"W": RS.randn(2, 3), "b": RS.randn(2)}, RS.randn(3)
    assert_matches(transpiler.grad(f)(p, x), f, (p, x))
    tangent = {"W": RS.randn(2, 3), "b": RS.randn(2)}
    _, derivative = transpiler.jvp(f, (p, x), (tangent, np.zeros(3)))
    g = transpiler.grad(f)(p, x)
    assert derivative == pytest.approx(np.sum(g["W"] * tangent["W"]) + np.sum(g["b"] * tangent["b"]), rel=1e-6)
    H = transpiler.hessian(f)(p, x)
    step = 1e-5
    bumped = {"W": p["W"], "b": p["b"] + step * np.eye(2)[0]}
    column = (transpiler.grad(f)(bumped, x)["b"] - g["b"]) / step
    np.testing.assert_allclose(H["b"]["b"][:, 0], column, rtol=1e-3, atol=1e-6)


def test_replaced_defaults_are_filled_in():
    def f(p, x, scale=1.0, power=2):
        return scale * np.sum(p["w"] ** power * x)
    p, x = {"w": RS.randn(3)}, RS.randn(3)
    g = transpiler.grad(f)
    np.testing.assert_allclose(g(p, x)["w"], 2 * p["w"] * x)
    f.__defaults__ = (3.0,)                    # now `power` must be passed
    with pytest.raises(TypeError):
        g(p, x)
    np.testing.assert_allclose(g(p, x, 3)["w"], 9 * p["w"] ** 2 * x)
    f.__defaults__ = (2.0, 1)
    np.testing.assert_allclose(g(p, x)["w"], 2.0 * x)
    with pytest.raises(TypeError):
        g(p)
