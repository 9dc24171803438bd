"""``v = w[s]`` then ``w[s] -= step * v`` then ``v`` read again (Sutton & Barto's true online
TD(lambda): ``state_value = self.value(state)`` ... ``self.weights[self.last_state] -= ...`` ...
``self.old_state_value = state_value``). An element of a vector is a number of its own, a row of a
matrix a view: the generated code checks at run time that the array written and the value share
no memory (frontend/element_reads.py). Both modes against finite differences; a row read before
the write raises, a slice is refused while compiling."""
import numpy as np
import pytest

import transpiler
from transpiler.errors import UnsupportedSyntaxError

from sequence_checks import assert_both_modes


def element_then_write(w):
    w = w * 1.0
    v = w[1]
    w[1] -= 0.5 * v
    return v * np.sum(w)


def in_a_loop(w, states=(0, 2, 1, 2)):
    weights = np.zeros(3)
    total = 0.0
    for s in states:
        old = weights[s]
        weights[s] += w[s] - 0.3 * old
        total = total + old * w[s]
    return total + np.sum(weights ** 2)


class Values:
    def __init__(self, step):
        self.step = step
        self.weights = np.zeros(4)
        self.old = 0.0

    def value(self, state):
        return self.weights[state]

    def learn(self, state, reward):
        state_value = self.value(state)
        self.weights[state] -= self.step * (state_value - reward)
        self.old = state_value


def method_of_an_object(step):
    model = Values(step)
    for state, reward in [(1, 1.0), (2, 0.5), (1, 2.0)]:
        model.learn(state, reward)
    return model.old + np.sum(model.weights)


def row_then_write(w):
    t = np.outer(w, w)
    r = t[1]             # a view of the row
    t[1, 0] = 5.0
    return np.sum(r * w)


def slice_then_write(w):
    t = np.outer(w, w)
    r = t[1:2]
    t[1, 0] = 5.0
    return np.sum(r)


@pytest.mark.parametrize("f", [element_then_write, in_a_loop])
def test_element_read_before_a_write_matches_finite_differences(f):
    assert_both_modes(f, np.array([1.0, 2.0, 3.0]))


def test_element_read_in_a_method_before_the_write():
    assert_both_modes(method_of_an_object, 0.3)


def test_row_view_read_before_a_write_raises_at_run_time():
    assert row_then_write(np.array([1.0, 2.0, 3.0])) != np.sum(np.outer([1.0, 2.0, 3.0], [1.0, 2.0, 3.0])[1] * [1.0, 2.0, 3.0])
    with pytest.raises(UnsupportedSyntaxError, match="changes an array in place"):
        transpiler.grad(row_then_write)(np.array([1.0, 2.0, 3.0]))


def test_slice_read_before_a_write_is_refused():
    with pytest.raises(UnsupportedSyntaxError, match="is read after a write through"):
        transpiler.grad(slice_then_write)(np.array([1.0, 2.0, 3.0]))
