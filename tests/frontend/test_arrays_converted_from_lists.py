"""A NumPy call that may return a view of an array makes a new array of a Python list or tuple
(``np.diag([e, -0.2 * e, -0.2 * e])``: NumPy converts the list first). Writing into it was refused
as a write into "the sequence an enclosing loop iterates over" when an item was the loop's
element (tests/realworld/j2_radial_return.py's ``strain_tensor(e)`` in ``for e in path``), and as
a write into shared memory when an item was a parameter. ``np.diag`` of a matrix is still its
view."""
import numpy as np
import pytest

import transpiler
from transpiler.check import roundtrip


def diag_of_a_list_of_loop_elements(x):
    total = 0.0
    for e in x:
        m = np.diag([e, -0.2 * e, 3.0])
        m[0, 1] = m[1, 0] = 0.5 * e
        total = total + np.sum(m @ m)
    return total


def reshape_of_a_list_of_parameter_items(x):
    m = np.reshape([x[0], x[1], 1.0, x[0] * x[1]], (2, 2))
    m[0, 0] = 7.0
    return np.sum(m * x[0]) + np.sum(x)


def transpose_of_a_tuple_display(x):
    a, b = x[0], x[1]
    m = np.transpose(((a, b), (b * a, 2.0)))
    m[1] *= a
    return np.sum(m ** 2)


CASES = [diag_of_a_list_of_loop_elements, reshape_of_a_list_of_parameter_items, transpose_of_a_tuple_display]
X = np.array([0.3, 0.7])


@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_the_printed_ir_computes_the_functions_value(f):
    assert roundtrip.mismatch(f, (X.copy(),)) is None


@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_reverse_mode_matches_finite_differences(f):
    report = transpiler.check_grad(f, X.copy())
    assert report.ok, report


@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_forward_mode_matches_finite_differences(f):
    direction = np.array([0.6, -1.1])
    value, derivative = transpiler.jvp(f, (X.copy(),), (direction,))
    h = 1e-6
    assert value == pytest.approx(f(X.copy()), rel=1e-12)
    assert derivative == pytest.approx((f(X + h * direction) - f(X - h * direction)) / (2 * h), rel=1e-6)


def test_the_diagonal_of_a_matrix_is_still_a_view_of_it():
    def f(x):
        m = np.outer(x, x)
        d = np.diag(m)
        m[0, 0] = 5.0
        return np.sum(d * x)

    with pytest.raises(transpiler.errors.UnsupportedSyntaxError, match="`d` is read after a write through `m`"):
        transpiler.grad(f)(X.copy())
