"""Unpacking into items of nested containers (``rows[0][1], rows[1][0] = a, b``,
``d["p"][0], d["p"][1] = ...``): each target is written as ``target = v`` would be, after every
value on the right is computed, as Python does (they were refused: "unpacking into an element or
attribute")."""
import numpy as np

from sequence_checks import assert_both_modes

X = np.array([0.5, -1.2, 2.0, 0.3])


def into_rows_of_a_list(x):
    rows = [np.zeros(2), np.zeros(2)]
    rows[0][1], rows[1][0] = x[0], x[1] * 3
    return np.sum(rows[0] * 2 + rows[1])


def into_an_array_in_a_dict(x):
    d = {"a": np.zeros(2)}
    d["a"][0], d["a"][1] = x[2], x[3] * x[0]
    return np.sum(d["a"] ** 2)


def into_a_list_in_a_dict_swapped(x):
    d = {"p": [x[0], x[1]]}
    d["p"][0], d["p"][1] = d["p"][1], d["p"][0] * 2
    return d["p"][0] * 3 + d["p"][1]


def test_unpacking_into_items_of_nested_containers_in_both_modes():
    for f in (into_rows_of_a_list, into_an_array_in_a_dict, into_a_list_in_a_dict_swapped):
        assert_both_modes(f, X)
