"""``for i, v in enumerate(xs): xs[i] = f(v)`` (frontend/loops.py ``_current_position``): a write at
the position the loop has just read changes nothing a later iteration reads, so it is no write
into the sequence being iterated over (which stays refused: ``xs[i + 1] = ...``, a counter
rebound in the body, a view of a row read after the write). Both modes and second order against
central differences."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

from sequence_checks import assert_both_modes

X = np.array([0.3, -1.2, 0.7, 2.0])


def squares_in_place(x):
    items = [x[0], x[1], x[2]]
    for i, v in enumerate(items):
        items[i] = v * v
    return sum(items) * x[3]


def array_elements_in_place(x):
    y = x * 1.0
    for i, v in enumerate(y):
        y[i] = np.sin(v) * y[i - 1]        # the previous position, written already: read live
    return np.sum(y)


@pytest.mark.parametrize("f", [squares_in_place, array_elements_in_place])
def test_a_write_at_the_position_just_read(f):
    # was refused: "writing into `items`, which may share memory with the sequence an enclosing loop
    # iterates over"
    assert transpiler.value_and_grad(f)(X)[0] == pytest.approx(f(X))
    assert_both_modes(f, X)
    h = transpiler.hessian(f)(X)
    np.testing.assert_allclose(h, h.T, atol=1e-9)


def writes_ahead(x):
    items = [x[0], x[1], x[2]]
    for i, v in enumerate(items):
        if i + 1 < len(items):
            items[i + 1] = v * 2            # a position a later iteration reads
    return sum(items)


def rebinds_the_counter(x):
    items = [x[0], x[1], x[2]]
    for i, v in enumerate(items):
        i = len(items) - 1 - i
        items[i] = v * 2
    return sum(items)


@pytest.mark.parametrize("f", [writes_ahead, rebinds_the_counter])
def test_a_write_elsewhere_in_the_sequence_stays_refused(f):
    with pytest.raises(UnsupportedSyntaxError, match="an enclosing loop iterates over"):
        transpiler.grad(f)(X)
