"""``out.append(buf[i])`` *before* ``buf[i] = ...`` in a loop (Karplus-Strong's ring buffer,
tests/realworld/karplus_strong_pluck.py): the next iteration reads the list through the loop's
variable, a value merged after the write, which carries the write's mark only from the list the
write marked. The run-time check compares the array with that list (frontend/assignments.py
``_activate``): numbers of their own pass, rows of a matrix raise where the code runs, the whole
array appended stays refused while compiling. Both modes against finite differences."""
import numpy as np
import pytest

import transpiler
from transpiler.errors import UnsupportedSyntaxError

from sequence_checks import assert_both_modes

X = np.array([0.3, -0.7, 1.1])


def appended_then_halved(x):
    buf = x.copy()
    out = []
    for i in range(3):
        out.append(buf[i])
        buf[i] = 0.5 * buf[i] ** 2
    return sum(v ** 2 for v in out) + np.sum(buf)


def ring_buffer(x, n_samples=7, decay=0.9):
    buf = np.array(x, dtype=float)
    N = len(buf)
    out = []
    for i in range(n_samples):
        out.append(buf[i % N])
        buf[i % N] = decay * 0.5 * (buf[i % N] + buf[(i + 1) % N])
    return np.sum(np.array(out) ** 2)


def only_the_array_read_after(x):
    buf = x.copy()
    out = []
    for i in range(3):
        out.append(buf[i])
        buf[i] = np.sin(buf[i])
    return np.sum(buf ** 2)


def rows_appended_then_written(x):
    h = np.outer(x, x)
    hist = []
    for i in range(3):
        hist.append(h[i])          # a view: the write below changes it in NumPy
        h[i] = np.sin(h[i])
    return sum(np.sum(r) for r in hist)


def whole_array_appended_then_written(x):
    h = x.copy()
    hist = []
    for i in range(3):
        hist.append(h)
        h[i] = np.sin(h[i])
    return sum(np.sum(r) for r in hist)


@pytest.mark.parametrize("fn", [appended_then_halved, ring_buffer, only_the_array_read_after])
def test_elements_appended_before_the_write_are_numbers_of_their_own(fn):
    assert_both_modes(fn, X)


def test_the_ring_buffer_matches_numpy():
    assert np.isclose(transpiler.value_and_grad(ring_buffer)(X)[0], ring_buffer(X))


def test_rows_appended_before_the_write_raise_where_it_runs():
    with pytest.raises(UnsupportedSyntaxError, match="changes an array in place"):
        transpiler.grad(rows_appended_then_written)(X)


def test_the_whole_array_appended_before_the_write_stays_refused():
    with pytest.raises(UnsupportedSyntaxError):
        transpiler.grad(whole_array_appended_then_written)(X)
