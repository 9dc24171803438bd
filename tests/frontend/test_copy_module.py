"""``copy.deepcopy`` and ``copy.copy`` in differentiated code (frontend/containers.py ``_copied``):
the same value under a new name (filterpy's ``self.z = deepcopy(z)``); they were inlined from
the standard library's source and refused. A deep copy is written independently of its source;
a shallow copy may share its items, so writing one and reading the other stays refused."""
import copy
from copy import deepcopy

import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError
from sequence_checks import assert_both_modes

X = np.array([0.3, -1.2, 0.8])


def deep_copies_written_and_read(x):
    z = deepcopy(x)
    z[0] = 5.0 * x[1]               # the copy is written, `x` keeps its values
    pair = deepcopy([x, x ** 2])
    w = copy.copy(x * 2)
    return np.sum(z * x) + np.sum(pair[1]) + np.sum(w) + x[0]


def copies_in_a_loop_of_a_helper(x):
    history = []
    state = x * 1.0
    for k in range(3):
        state = np.tanh(state + k)
        history.append(copy.deepcopy(state))
    return sum(np.sum(h ** 2) for h in history)


@pytest.mark.parametrize("f", [deep_copies_written_and_read, copies_in_a_loop_of_a_helper])
def test_copies_are_their_values_in_both_modes(f):
    assert_both_modes(f, X)


def shallow_copy_written(x):
    y = x * 1.0
    s = copy.copy(y)
    s[0] = 0.0
    return np.sum(y)


def test_writing_a_shallow_copy_and_reading_its_source_is_refused():
    with pytest.raises(UnsupportedSyntaxError, match="`y` is read after a write through `s`"):
        transpiler.grad(shallow_copy_written)(X)
