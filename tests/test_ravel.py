"""transpiler.ravel: a container of float parameters as one flat array and back (for optimisers
that want a vector, docs/optimizers.md)."""
from __future__ import annotations

import dataclasses
from typing import NamedTuple

import numpy as np
import pytest

import transpiler
from transpiler import ravel


@dataclasses.dataclass
class Layer:
    W: np.ndarray
    b: np.ndarray


class Prior(NamedTuple):
    loc: float
    log_scale: np.ndarray


def nested():
    return {"layers": [Layer(np.arange(6.0).reshape(2, 3), np.zeros(3)), Layer(np.ones((3, 1)), np.ones(1))],
            "prior": Prior(0.5, np.array(-1.0)),
            "extras": (np.float64(2.0), [7.0])}


def assert_same_tree(got, want):
    assert type(got) is type(want)
    if isinstance(want, dict):
        assert list(got) == list(want)
        for key in want:
            assert_same_tree(got[key], want[key])
    elif dataclasses.is_dataclass(want) or isinstance(want, (list, tuple)):
        got_items = dataclasses.astuple(got) if dataclasses.is_dataclass(want) else got
        want_items = dataclasses.astuple(want) if dataclasses.is_dataclass(want) else want
        assert len(got_items) == len(want_items)
        for g, w in zip(got_items, want_items):
            assert_same_tree(g, w)
    elif isinstance(want, np.ndarray):
        assert got.shape == want.shape and got.dtype == want.dtype
        np.testing.assert_array_equal(got, want)
    else:
        assert got == want


def test_a_nested_tree_round_trips_with_its_types_shapes_and_dtypes():
    tree = nested()
    flat, unravel = ravel(tree)
    assert flat.shape == (6 + 3 + 3 + 1 + 1 + 1 + 1 + 1,) and flat.dtype == np.float64
    np.testing.assert_array_equal(flat[:6], np.arange(6.0))      # leaves in order, each row-major
    assert_same_tree(unravel(flat), tree)


def test_unravel_puts_new_values_in_place_in_new_arrays():
    tree = {"w": np.zeros((2, 2)), "b": 0.0}
    flat, unravel = ravel(tree)
    values = np.arange(5.0)
    again = unravel(values)
    np.testing.assert_array_equal(again["w"], [[0.0, 1.0], [2.0, 3.0]])
    assert again["b"] == 4.0 and type(again["b"]) is float
    values[0] = 99.0
    assert again["w"][0, 0] == 0.0                  # never a view of the flat array
    assert not np.shares_memory(flat, tree["w"])


def test_float32_leaves_give_a_float32_vector_and_come_back_float32():
    tree = [np.ones((2, 3), dtype=np.float32), (np.float32(2.0), np.zeros(0, dtype=np.float32))]
    flat, unravel = ravel(tree)
    assert flat.dtype == np.float32 and flat.shape == (7,)
    again = unravel(flat.astype(np.float64) * 2)     # an optimiser works in float64
    assert again[0].dtype == np.float32 and type(again[1][0]) is np.float32 and again[1][1].shape == (0,)
    assert again[1][0] == 4.0


def test_mixed_precisions_promote_and_a_python_float_counts_as_float64():
    flat, unravel = ravel([np.ones(2, dtype=np.float32), 1.5])
    assert flat.dtype == np.float64
    assert unravel(flat)[0].dtype == np.float32


@pytest.mark.parametrize("tree", [[], {}, (), [[], {}]])
def test_an_empty_tree_is_an_empty_vector(tree):
    flat, unravel = ravel(tree)
    assert flat.shape == (0,)
    assert unravel(flat) == tree


def test_a_single_array_or_number_is_a_tree_of_one_leaf():
    flat, unravel = ravel(np.eye(2))
    np.testing.assert_array_equal(unravel(flat), np.eye(2))
    flat, unravel = ravel(3.0)
    assert flat.tolist() == [3.0] and unravel(np.array([4.0])) == 4.0


def test_a_vector_of_the_wrong_length_is_refused():
    _, unravel = ravel({"w": np.zeros(3)})
    with pytest.raises(ValueError, match=r"shape \(3,\), got shape \(4,\)"):
        unravel(np.zeros(4))


@pytest.mark.parametrize("tree, where", [({"n": 3, "w": 1.0}, "['n']"), ([1.0, np.arange(3)], "[1]"),
                                         (Prior(True, np.zeros(1)), ".loc"), ({"name": "w"}, "['name']")])
def test_integer_boolean_and_other_leaves_are_refused_by_their_path(tree, where):
    with pytest.raises(TypeError, match=re_escape(f"leaf at {where}")):
        ravel(tree)


def re_escape(text):
    import re
    return re.escape(text)


def test_a_gradient_ravels_in_line_with_its_parameters():
    def loss(params, x):
        return np.sum((params["layer"].W @ x + params["layer"].b) ** 2) + params["prior"].loc ** 2

    params = {"layer": Layer(np.arange(6.0).reshape(2, 3) / 6, np.ones(2)), "prior": Prior(0.5, np.array(0.0))}
    x = np.array([1.0, -2.0, 0.5])
    flat, unravel = ravel(params)
    _, grads = transpiler.value_and_grad(loss)(params, x)
    flat_grad, _ = ravel(grads)
    assert flat_grad.shape == flat.shape
    eps = 1e-6
    for k in range(flat.size):
        bump = np.zeros_like(flat)
        bump[k] = eps
        numeric = (loss(unravel(flat + bump), x) - loss(unravel(flat - bump), x)) / (2 * eps)
        assert flat_grad[k] == pytest.approx(numeric, rel=1e-6, abs=1e-8)
