"""``c[i][j] = v`` on an array (frontend/dicts.py, primitives/chained_writes.py): NumPy writes
through the view ``c[i]`` where ``i`` is a basic index, and into a discarded copy where it is an
index array, a list or a mask. The first is ``c[i, j] = v`` in both modes (the index, an integer
loop variable, shares no memory with ``c``); the second raises rather than change ``c``."""
import numpy as np
import pytest

import transpiler

from sequence_checks import assert_both_modes

LETTERS = "abc"


def letter_index(letter):
    return LETTERS.find(letter)


def one_hot(line):
    # the PyTorch char-RNN tutorial's lineToTensor: three chained indices, the first a loop index
    tensor = np.zeros((len(line), 1, len(LETTERS)))
    for li, letter in enumerate(line):
        tensor[li][0][letter_index(letter)] = 1
    return tensor


def score_of_helper(w, line):
    return np.sum(np.tanh(one_hot(line) * w))


def score_in_loop(w, line):
    tensor = np.zeros((len(line), 1, 3))
    for li in range(len(line)):
        tensor[li][0][li % 3] = w[li, 0, 0] ** 2
    return np.sum(tensor * w)


def score_in_branch(w, flag):
    tensor = np.zeros((2, 2, 3))
    if flag:
        tensor[1][0][2] = np.sin(w[0, 0, 0])
    else:
        tensor[0][1][1] = w[1, 1, 1]
    return np.sum(tensor * w)


def write_through_copy(w):
    tensor = np.zeros((3, 3))
    index = np.array([0, 2])
    tensor[index][0] = w[0]        # NumPy: into a copy of tensor[index]; tensor stays zero
    return np.sum(tensor * w)


def write_through_list_index(w):
    tensor = np.zeros((3, 3))
    tensor[[0, 2]][1] = w[1]
    return np.sum(tensor * w)


W = np.random.default_rng(1).standard_normal((3, 1, 3))


@pytest.mark.parametrize("f, args", [
    (score_of_helper, (W, "cab")),
    (score_in_loop, (W, "xyz")),
    (score_in_branch, (np.random.default_rng(2).standard_normal((2, 2, 3)), True)),
    (score_in_branch, (np.random.default_rng(2).standard_normal((2, 2, 3)), False)),
], ids=["helper_enumerate", "loop", "branch_true", "branch_false"])
def test_chained_index_write_through_a_basic_index_matches_finite_differences(f, args):
    assert_both_modes(f, *args)


@pytest.mark.parametrize("f", [write_through_copy, write_through_list_index])
def test_chained_index_write_through_an_index_array_raises_instead_of_changing_the_array(f):
    w = np.arange(1.0, 4.0)
    assert f(w) == 0.0          # what NumPy does
    with pytest.raises(TypeError, match=r"writes into a copy"):
        transpiler.grad(f)(w)
    with pytest.raises(TypeError, match=r"writes into a copy"):
        transpiler.jvp(f, (w,), (np.ones(3),))


def test_chained_write_into_a_dict_of_arrays_is_unchanged():
    def f(w):
        hs = {}
        for t in range(2):
            hs[t] = np.zeros(3)
            hs[t][t] = w[t]
        return hs[0] @ w + hs[1] @ w
    assert_both_modes(f, np.array([0.5, -1.0, 2.0]))
