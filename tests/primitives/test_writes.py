"""NumPy's in-place writers called as statements on a local array (primitives/writes.py):
np.fill_diagonal, np.put, np.place, np.put_along_axis are the index assignments they perform,
differentiable in the values written and in the array; reverse mode, forward mode and Hessians
against finite differences. On an array the function does not own they run as before."""
import numpy as np
import pytest
from array_check import rng
from one_argument_checks import (gradient_matches_finite_differences, hessian_matches_differences_of_the_gradient,
                              jvp_matches_finite_differences)

import transpiler

X = rng(41).normal(size=(3, 4))
Q = rng(42).normal(size=(3, 3))
GLOBAL = np.zeros((3, 3))


def fill_diagonal_with_zero(q):
    a = q ** 2
    np.fill_diagonal(a, 0.0)
    return np.sum(np.sin(a))


def fill_diagonal_with_values_wrapping(x):
    a = np.concatenate([x, x * 2.0])
    np.fill_diagonal(a, x[0, :2] ** 2, wrap=True)
    return np.sum(a ** 3)


def put_flat_positions(x):
    a = np.zeros((3, 4))
    np.put(a, [0, 5, -1], x[1, :3] * 2.0)
    return np.sum((a + x) ** 2)


def put_repeated_positions_wrapping(x):
    a = np.copy(x)
    np.put(a, [0, 0, 13], [x[0, 1], x[2, 2] ** 2, 1.0], mode="wrap")    # the last write of 0 stays
    return np.sum(a ** 2)


def place_cycles_values(x):
    a = x + 0.0
    np.place(a, a < 0, [x[0, 0], 7.0])
    return np.sum(a ** 2)


def place_into_a_zero_dimensional_array(x):
    """scipy's logpmf: `np.place(out, n != x.sum(axis=-1), -np.inf)` on a 0-d `out`, then `out[()]`
    (np.nonzero cannot give the positions of a 0-d array); a mask of another shape, same size."""
    out = np.asarray(np.sum(x ** 2))
    np.place(out, np.sum(x) > 100.0, -np.inf)
    np.place(out, np.sum(x) < 100.0, x[1, 1] * out)
    a = x * 1.0
    np.place(a, np.ravel(x) > 0, np.ravel(x)[:2] ** 2)
    return out[()] + np.sum(a ** 2)


def put_along_axis_at_row_maxima(x):
    a = x * 2.0
    np.put_along_axis(a, np.argmax(x, axis=1)[:, None], x[:, :1] ** 2, axis=1)
    return np.sum(a ** 2)


def writes_in_a_loop_and_branch(x):
    a = x * 1.0
    for k in range(3):
        if k % 2 == 0:
            np.put(a, [k], [x[k, k] ** 2])
        else:
            np.fill_diagonal(a, np.sin(x[k, 0]))
    return np.sum(a ** 2)


def writes_in_a_while_loop(x):
    a = x * 1.0
    k = 0
    while k < 3:
        np.put(a, [k], [x[k, k] ** 2])
        k += 1
    return np.sum(a ** 2)


CASES = [(fill_diagonal_with_zero, Q), (fill_diagonal_with_values_wrapping, X), (put_flat_positions, X),
         (put_repeated_positions_wrapping, X), (place_cycles_values, X), (place_into_a_zero_dimensional_array, X), (put_along_axis_at_row_maxima, X),
         (writes_in_a_loop_and_branch, X), (writes_in_a_while_loop, X)]


def _id(case):
    return case[0].__name__


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_gradient_matches_finite_differences(case):
    gradient_matches_finite_differences(*case)


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_jvp_matches_finite_differences(case):
    jvp_matches_finite_differences(*case)


# (a while loop's reverse sweep pops the array and the counter off one tape, and forward mode over
# it then takes the counter for a differentiated value: index writes in while loops share this)
@pytest.mark.parametrize("case", [c for c in CASES if c[0] is not writes_in_a_while_loop], ids=_id)
def test_hessian_matches_differences_of_the_gradient(case):
    hessian_matches_differences_of_the_gradient(*case)


def test_a_write_into_a_constant_global_runs_as_numpy_does():
    """Not a local array: the call runs for its effect (as before), on a constant."""
    def into_global(q):
        np.fill_diagonal(GLOBAL, 1.0)
        return np.sum(q * GLOBAL)
    np.testing.assert_array_equal(transpiler.grad(into_global)(Q), np.eye(3))


def test_a_view_read_after_the_write_is_refused_as_for_index_assignment():
    def through_view(x):
        a = x * 1.0
        row = a[0]
        np.put(a, [1], [5.0])
        return np.sum(row ** 2)
    # (refused where the write is: the row read before it is a view, another name for that memory)
    with pytest.raises(transpiler.TranspileError, match="read after a write|changes an array in place"):
        transpiler.grad(through_view)(X)
