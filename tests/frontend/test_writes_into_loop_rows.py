"""A loop's row (a view of a 2-D array) written in place: ``for row in M: row *= w``, or given to
a helper that writes into it (``fill(row)`` doing ``row[:] = ...``, ``row *= 2``, ``row[0] = v``).
NumPy iterates an array by views of its rows, so each write changes ``M`` (frontend/rows.py:
the row is written back, ``M[i] = row``; a helper's write reaches ``M`` through the view it was
given, frontend/helper_results.py). Before, these were refused ("writing into `row`, which may
share memory with the sequence an enclosing loop iterates over", or the aliasing error at run
time). The array is one the function made (a NumPy function's or an operator's new array, or an
allocation), whose rows share no memory.

Each case against Python's value, central differences (grad, jvp), the Hessian and float32; the
argument is left as it was."""
import numpy as np
import pytest

import python_semantics
import transpiler
from transpiler import TranspileError

X = np.array([0.7, -1.3, 0.4])
DIRECTION = np.array([0.5, -0.25, 1.0])


def check(f, x=X):
    python_semantics.check(f, x, DIRECTION)


def scale_each_row(x):
    M = np.outer(x, x)
    w = np.cos(x)
    for row in M:
        row *= w
    return np.sum(M ** 2)


def fill(row):
    row[:] = row * 2 + np.sin(row)


def double(row):
    row *= 2.0


def set_first(row, v):
    row[0] = v


def helper_fills_each_row(x):
    M = np.outer(x, x)
    for row in M:
        fill(row)
    return np.sum(M ** 2)


def helper_scales_each_row(x):
    M = np.outer(x, np.ones(2)) + x[0]
    for row in M:
        double(row)
    return np.sum(M * np.arange(2.0))


def helper_sets_an_element(x):
    M = np.zeros((3, 3))
    M += np.outer(x, x)
    for i, row in enumerate(M):
        set_first(row, np.tanh(x[i]))
    return np.sum(M ** 2)


def rows_beside_weights(x):
    M = np.outer(x, x[::-1]) * 1.0
    W = np.outer(np.sin(x), x)
    for row, w in zip(M, W):
        fill(row)
        if np.sum(w) > 0:
            row -= 0.1 * w
        else:
            row[1:] = np.tanh(row[1:])
        row *= 1.5                     # (after the branch: the row still)
    return np.sum(M * W)


def rows_in_an_outer_loop(x):
    M = np.outer(x, x)
    for sweep in range(2):
        for row in M:
            row /= 1.0 + np.sum(row ** 2)
    return np.sum(M)


def rows_in_reverse(x):
    M = np.outer(x, x) + 1.0
    for row in reversed(M):
        row *= np.sum(row)
    return np.sum(M ** 2)


@pytest.mark.parametrize("f", [rows_in_reverse, scale_each_row, helper_fills_each_row, helper_scales_each_row, helper_sets_an_element,
                               rows_beside_weights, rows_in_an_outer_loop], ids=lambda f: f.__name__)
def test_a_write_into_a_loops_row_reaches_the_array(f):
    check(f)
    check(f, -X[::-1].copy())


def rows_of_the_argument(x2):
    for row in x2:
        row *= 2.0                     # Python writes into the caller's array
    return np.sum(x2)


def test_rows_of_an_argument_stay_refused():
    with pytest.raises(TranspileError):
        transpiler.grad(rows_of_the_argument)(np.outer(X, X))


def items_of_a_vector(x):
    v = np.exp(x) * 1.0
    for e in v:
        e *= 3.0                       # an item of a 1-D array is a number: Python rebinds `e` alone
    return np.sum(v ** 2)


def numbers_of_each_row(x):
    M = np.outer(x, x)
    for row in M:
        for e in row:
            e += 1.0                   # (rebinds `e`; M unchanged)
    return np.sum(M ** 2)


@pytest.mark.parametrize("f", [items_of_a_vector, numbers_of_each_row], ids=lambda f: f.__name__)
def test_op_assign_on_an_item_that_is_a_number_leaves_the_array(f):
    # found by the fuzzer (seed 500235) after `row *= w` learned to write rows back: the item of a
    # 1-D array was written back too (24.4 where Python gives 2.71)
    value, _ = transpiler.value_and_grad(f)(X)
    assert value == pytest.approx(f(X), rel=1e-12)
    check(f)
