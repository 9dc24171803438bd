"""Container parameters as leaves (transpiler/trees.py): the structure forward mode, Jacobians
and Hessians give back."""
import numpy as np
import pytest

from transpiler.trees import basis, leaves, leaves_like, map_like, rebuild

NESTED = {"w": np.arange(6.0).reshape(2, 3), "b": [1.0, (2.0, np.zeros(2))]}


def test_leaves_are_read_in_order_and_rebuilt_into_the_same_structure():
    parts = leaves(NESTED)
    assert [np.shape(p) for p in parts] == [(2, 3), (), (), (2,)]
    again = rebuild(NESTED, parts)
    assert list(again) == ["w", "b"] and type(again["b"]) is list and type(again["b"][1]) is tuple
    assert again["w"] is NESTED["w"]


def test_leaves_like_reads_lists_for_tuples_and_array_rows_for_elements():
    assert leaves_like([3.0, 4.0], (1.0, 2.0)) == [3.0, 4.0]
    rows = leaves_like(np.arange(4.0).reshape(2, 2), (np.ones(2), np.ones(2)))    # np.stack's adjoint
    np.testing.assert_array_equal(rows[1], [2.0, 3.0])
    with pytest.raises(ValueError, match="expected 2 elements"):
        leaves_like([1.0], (1.0, 2.0))
    with pytest.raises(ValueError, match="keys"):
        leaves_like({"a": 1.0}, {"a": 1.0, "b": 2.0})


def test_map_like_gives_the_structure_of_its_second_argument():
    doubled = map_like(lambda v, like: 2 * v, [1.0, [2.0, 3.0]], (0.0, (0.0, 0.0)))
    assert doubled == (2.0, (4.0, 6.0))


def test_basis_has_one_unit_direction_per_element():
    directions = list(basis(NESTED))
    assert [leaf for leaf, _ in directions] == [0] * 6 + [1, 2, 3, 3]
    total = sum(sum(float(np.sum(p)) for p in leaves(e)) for _, e in directions)
    assert total == 10.0
    leaf, e = directions[7]
    assert e["b"][1][0] == 1.0 and e["b"][0] == 0.0 and type(e["b"][1]) is tuple
    assert [e for _, e in basis(2.5)] == [1.0]


# Dataclasses and NamedTuples: records of named fields --------------------------------------
from dataclasses import dataclass  # noqa: E402
from typing import NamedTuple  # noqa: E402

from transpiler.trees import is_container, is_record, record_like  # noqa: E402


@dataclass
class Layer:
    W: np.ndarray
    b: float


class Pair(NamedTuple):
    first: np.ndarray
    second: float


def test_dataclasses_and_named_tuples_are_containers_read_by_field_and_rebuilt_as_their_type():
    layer, pair = Layer(np.ones((2, 2)), 3.0), Pair(np.zeros(2), 1.0)
    assert is_record(layer) and is_record(pair) and is_container(layer) and not is_record((1.0, 2.0))
    assert not is_record(Layer)
    assert [np.shape(p) for p in leaves(layer)] == [(2, 2), ()]
    again = rebuild([pair, layer], [np.ones(2), 2.0, np.zeros((2, 2)), 5.0])
    assert type(again[0]) is Pair and again[0].second == 2.0 and type(again[1]) is Layer and again[1].b == 5.0
    # a gradient (a dict by field) read in a record's structure
    assert leaves_like({"W": 1.0, "b": 2.0}, layer) == [1.0, 2.0]
    assert record_like(pair, [np.ones(2), 4.0]).second == 4.0
    assert [leaf for leaf, _ in basis(pair)] == [0, 0, 1]
