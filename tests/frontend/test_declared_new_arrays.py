"""A primitive declared to make a new array (``allocates``: ``np.sort``, ``np.partition``,
``np.fft.fft``...; the ufuncs of the "elementwise" family: ``np.copysign``, ``np.fmod``) shares no
memory with its operands (frontend/aliasing.py ``result_storage``):
writing into the operand afterwards leaves the result as it was, so reading the result is no
read through an alias. ``a = np.sort(y); y[1:] += s; np.sum(a * y)`` was refused ("`a` is read
after a write through `y`"), as for a view; ``y.copy()`` in its place compiled. Both modes
against central differences; a view of ``y`` read after the write stays refused."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

from sequence_checks import assert_both_modes

X = np.array([0.3, -1.0, 2.0, 0.6])


def sorted_then_operand_written(x):
    y = x * 1.0
    a = np.sort(y)
    y[1:] += x[0] * 0.5
    return np.sum(a * y)


def sorted_twice_around_a_write(x):
    y = np.tanh(x)
    a = np.sort(y)
    y *= x
    b = np.sort(y)
    return np.sum(a * b)


def partitioned_then_operand_written(x):
    y = x * 2.0
    a = np.partition(y, 1)
    y[0] = x[1] ** 2
    return np.sum(a * np.sin(y))


def sorted_result_written(x):
    y = x * 1.0
    a = np.sort(y)
    a[0] = 3.0 * x[2]
    return np.sum(a * y)


def signs_copied_then_operand_written(x):
    y = x * 1.0
    a = np.copysign(y, x - 0.5)
    y[0] = x[1] * x[2]
    return np.sum(a * y) + np.sum(np.fmod(y, 0.7) * a)


@pytest.mark.parametrize("f", [sorted_then_operand_written, sorted_twice_around_a_write,
                               partitioned_then_operand_written, sorted_result_written,
                               signs_copied_then_operand_written])
def test_a_new_array_is_read_after_its_operand_is_written(f):
    assert_both_modes(f, X)


def view_then_operand_written(x):
    y = x * 1.0
    a = y[::-1]
    y[1:] += x[0] * 0.5
    return np.sum(a * y)


def test_a_view_read_after_its_base_is_written_stays_refused():
    with pytest.raises(UnsupportedSyntaxError, match="`a` is read after a write through `y`"):
        transpiler.grad(view_then_operand_written)(X)
