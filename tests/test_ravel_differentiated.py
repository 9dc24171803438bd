"""``unravel`` from ``transpiler.ravel`` is plain Python written for the tree it rebuilds, so the
compiler inlines it: ``grad(lambda x: loss(unravel(x)))`` (the shape scipy optimisers want)
differentiates through it in both modes, for dicts, lists and tuples, nested, and float32
leaves, and its shape check runs in the generated code too. A tree holding a dataclass or
NamedTuple is refused naming the class (records are built only outside the function)."""
import dataclasses
import re
from typing import NamedTuple

import numpy as np
import pytest

import transpiler
from transpiler import check_grad


def mlp_loss(params, x):
    hidden = np.tanh(x @ params["W"] + params["b"])
    return np.sum(hidden ** 2) + params["scale"] ** 2


def layers_loss(layers, x):
    for w, b in layers:
        x = np.sin(x * w + b)
    return np.sum(x ** 2)


@dataclasses.dataclass
class Line:
    m: np.ndarray
    c: float


class Pair(NamedTuple):
    w: np.ndarray
    b: np.ndarray


X = np.linspace(0.2, 1.0, 12).reshape(4, 3)
TREES = {
    "dict": ({"W": np.linspace(-0.5, 0.5, 6).reshape(3, 2), "b": np.array([0.1, -0.2]), "scale": 0.7},
             lambda tree: mlp_loss(tree, X)),
    "list of tuples": ([(np.array([0.5, -0.3]), 0.2), (np.array([1.1, 0.4]), -0.1)],
                       lambda tree: layers_loss(tree, np.array([0.3, 0.7]))),
    "nested": ({"layer": (np.array([0.5, 1.5]), [np.array(0.25), 2.0])},
               lambda t: np.sum(np.exp(t["layer"][0] * t["layer"][1][0])) * t["layer"][1][1]),
}
RECORDS = {"Line": Line(np.array([0.5, -1.0, 2.0]), 0.3), "Pair": Pair(np.array([0.5, 1.5]), np.array(0.25))}


@pytest.mark.parametrize("name", list(TREES))
def test_grad_and_jvp_of_a_loss_of_unravel(name):
    tree, loss = TREES[name]
    flat, unravel = transpiler.ravel(tree)
    objective = lambda x: loss(unravel(x))  # noqa: E731   (as written for scipy.optimize)
    assert check_grad(objective, flat).ok
    value, gradient = transpiler.value_and_grad(objective)(flat)
    assert value == pytest.approx(loss(tree))
    direction = np.linspace(-1.0, 1.0, flat.size)
    _, tangent = transpiler.jvp(objective, (flat,), (direction,))
    assert tangent == pytest.approx(gradient @ direction)


def test_the_gradient_through_unravel_is_the_raveled_gradient_of_the_tree():
    tree, loss = TREES["dict"]
    flat, unravel = transpiler.ravel(tree)
    through = transpiler.grad(lambda x: loss(unravel(x)))(flat)
    assert np.allclose(through, transpiler.ravel(transpiler.grad(loss)(tree))[0])


def test_unravel_in_a_helper_in_a_loop_and_a_hessian():
    tree = {"m": np.array([0.5, -1.0, 2.0]), "c": 0.3}
    flat, unravel = transpiler.ravel(tree)

    def loss(x):
        p = unravel(x)
        return np.sum((p["m"] * np.arange(3.0) + p["c"]) ** 2)

    def objective(x):
        total = 0.0
        for k in range(2):
            total = total + (k + 1.0) * loss(x)
        return total

    assert check_grad(objective, flat).ok
    # sum_i (m_i a_i + c)^2: d2/dm_i dm_j = 2 a_i^2 [i = j], d2/dm_i dc = 2 a_i, d2/dc2 = 2 * 3
    a = np.arange(3.0)
    expected = np.zeros((4, 4))
    expected[:3, :3] = np.diag(2 * a ** 2)
    expected[:3, 3] = expected[3, :3] = 2 * a
    expected[3, 3] = 6.0
    assert np.allclose(transpiler.hessian(objective)(flat), 3.0 * expected)


FIRST_FIELD = {"Line": lambda record: record.m, "Pair": lambda record: record[0]}


@pytest.mark.parametrize("name", list(RECORDS))
def test_a_record_in_the_tree_is_rebuilt_and_differentiated(name):
    # a dataclass or NamedTuple unravel builds is made inside the differentiated function
    flat, unravel = transpiler.ravel(RECORDS[name])
    assert type(unravel(flat)) is type(RECORDS[name])          # (called outside: the record itself)

    first_field = FIRST_FIELD[name]

    def objective(x):
        return np.sum(first_field(unravel(x)) ** 2) * 3.0

    assert check_grad(objective, flat).ok
    n = len(first_field(RECORDS[name]))
    expected = np.zeros((len(flat), len(flat)))
    expected[:n, :n] = 6.0 * np.eye(n)
    np.testing.assert_allclose(transpiler.hessian(objective)(flat), expected)


def test_float32_leaves_keep_their_dtype_through_the_derivative():
    tree = {"w": np.array([0.5, -1.0], dtype=np.float32)}
    flat, unravel = transpiler.ravel(tree)
    assert flat.dtype == np.float32 and unravel(flat)["w"].dtype == np.float32
    gradient = transpiler.grad(lambda x: np.sum(unravel(x)["w"] ** 2))(flat)
    assert np.allclose(gradient, 2 * flat, rtol=1e-6)


def test_a_flat_array_of_the_wrong_shape_is_refused_in_the_generated_code_too():
    flat, unravel = transpiler.ravel({"a": np.ones(2), "b": 1.0})
    with pytest.raises(ValueError, match=r"shape \(3,\), got shape \(4,\)"):
        transpiler.grad(lambda x: np.sum(unravel(x)["a"]))(np.ones(4))
    assert re.search(r"expect_shape\(\w+, \(3,\), 'unravel'\)", transpiler.grad(lambda x: np.sum(unravel(x)["a"])).source())
