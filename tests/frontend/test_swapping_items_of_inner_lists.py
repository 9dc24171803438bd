"""Swapping two items of inner lists: ``m[0][1], m[1][0] = m[1][0], m[0][1]`` (a nested list
transposed in place). Python evaluates both right-hand sides, then replaces each item; replacing
an item of a list changes that list alone, never the memory of what it held. Before, the second
value, held while the first target was written, was stale ("`m[0][1]` is read after a write
through `m`"): the write was taken to reach every item's memory. Where each item of a list
display is itself a list, reading an item gives that list, and a write into it changes it alone
(frontend/dicts.py ``inner_lists``).

Checked against Python's value, central differences (grad, jvp), the Hessian and float32."""
import numpy as np
import pytest

import python_semantics
import transpiler

X = np.array([0.7, -1.3, 0.4])
DIRECTION = np.array([0.5, -0.25, 1.0])


def check(f, x=X):
    python_semantics.check(f, x, DIRECTION, keeps_float32=False)


def swap_two_items(x):
    m = [[x[0], x[1]], [x[2], x[0] * x[1]]]
    m[0][1], m[1][0] = m[1][0], m[0][1]
    return m[0][1] * 2 + m[1][0] ** 2 + m[1][1]


def swap_corners(m):
    m[0][2], m[2][0] = m[2][0], m[0][2]


def swapped_by_a_helper(x):
    m = [[x[0], x[1], 1.0], [x[2], x[0] * x[1], 2.0], [np.sin(x[0]), 3.0, x[2] ** 2]]
    swap_corners(m)
    if x[1] < 0:
        m[1][2], m[2][1] = m[2][1], m[1][2]
    m[0][1], m[1][0] = m[1][0], m[0][1]     # (after the branch: each item a list on both paths)
    return sum(m[i][j] * (i + 2 * j + 1.0) for i in range(3) for j in range(3))


def swap_rows_of_arrays(x):
    grid = [[x[:2] * 1.0, x[1:]], [np.sin(x[1:]), x[:2] ** 2]]
    if x[0] > 0:
        grid[0][1], grid[1][0] = grid[1][0], grid[0][1]
    return np.sum(grid[0][1] * grid[1][0]) + np.sum(grid[0][0] * grid[1][1])


@pytest.mark.parametrize("f", [swap_two_items, swapped_by_a_helper, swap_rows_of_arrays],
                         ids=lambda f: f.__name__)
def test_swapping_items_of_inner_lists(f):
    check(f)
    check(f, -X[::-1].copy())


def swap_one_list_twice(x):
    row = [x[0], x[1]]
    m = [row, row]                     # one list twice: a write into it changes both items
    m[0][1], m[1][0] = m[1][0], x[2]
    return m[0][0] * m[1][1] + m[0][1] * 3.0


def test_one_inner_list_held_twice_is_refused_at_run_time():
    # (primitives/chained_writes.py `alone_in`: Python changes both items; the lowering one)
    with pytest.raises(TypeError, match="also another entry of its container"):
        transpiler.grad(swap_one_list_twice)(np.copy(X))


def transpose_in_place(m):
    for i in range(len(m)):
        for j in range(i):
            m[i][j], m[j][i] = m[j][i], m[i][j]


def transposed_in_a_loop(x):
    m = [[x[0], x[1]], [x[2], 1.0]]
    transpose_in_place(m)
    return m[0][1] * 2.0 + m[1][0]


def test_swaps_in_a_loop_are_followed():
    # a loop's carried list of lists stays one where every iteration leaves lists there
    # (frontend/carried_inner_lists.py; refused as "read after a write through `m`" before)
    value, gradient = transpiler.value_and_grad(transposed_in_a_loop)(np.copy(X))
    assert value == pytest.approx(transposed_in_a_loop(np.copy(X)), rel=1e-12)
    assert transpiler.check_grad(transposed_in_a_loop, np.copy(X)).ok
    _, tangent = transpiler.jvp(transposed_in_a_loop, (np.copy(X),), (np.ones(len(X)),))
    assert tangent == pytest.approx(gradient.sum(), rel=1e-12)
