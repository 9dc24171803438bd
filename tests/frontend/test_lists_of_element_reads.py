"""``hist.append(h[i])`` after ``h[i] = ...``, in a loop or a method (``self.hist.append(self.h[i])``):
the list holds element reads, numbers of their own where ``h`` is a vector, so a later write into
``h`` leaves it as it was. The generated code checks at run time that the array written shares no
memory with the list's items (frontend/element_reads.py): rows of a matrix appended raise there,
the whole array appended stays refused while compiling. Both modes against finite differences."""
import numpy as np
import pytest

import transpiler
from transpiler.errors import UnsupportedSyntaxError

from sequence_checks import assert_both_modes

X = np.array([0.3, -0.7, 1.1])


def history_of_a_vector(x):
    h = np.zeros(3)
    hist = []
    for i in range(3):
        h[i] = np.sin(x[i]) + h[i - 1]
        hist.append(h[i])
    return np.sum(h ** 2) + sum(hist)


class Buffer:
    def __init__(self, n):
        self.h = np.zeros(n)
        self.hist = []

    def step(self, x, i):
        self.h[i] = np.sin(x[i]) + self.h[i - 1]
        self.hist.append(self.h[i])


def history_in_a_method(x):
    b = Buffer(3)
    for i in range(3):
        b.step(x, i)
    return np.sum(b.h ** 2) + sum(b.hist)


def history_of_rows(x):
    h = np.zeros((3, 2))
    hist = []
    for i in range(3):
        h[i] = np.sin(x[i]) + h[i - 1]
        hist.append(h[i])          # a view: the next write changes it in NumPy
    return np.sum(h ** 2) + sum(np.sum(r) for r in hist)


def history_of_the_whole_array(x):
    h = np.zeros(3)
    hist = []
    for i in range(3):
        h[i] = np.sin(x[i])
        hist.append(h)
    return sum(np.sum(r) for r in hist)


@pytest.mark.parametrize("fn", [history_of_a_vector, history_in_a_method])
def test_a_list_of_elements_read_after_writes_into_the_vector(fn):
    assert_both_modes(fn, X)


def test_rows_appended_and_written_raise_where_it_runs():
    with pytest.raises(UnsupportedSyntaxError, match="changes an array in place"):
        transpiler.grad(history_of_rows)(X)


def test_the_whole_array_appended_and_written_stays_refused():
    with pytest.raises(UnsupportedSyntaxError, match="is read after a write through `h`"):
        transpiler.grad(history_of_the_whole_array)(X)
