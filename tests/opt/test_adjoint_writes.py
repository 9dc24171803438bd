"""A list's adjoint written in place by the reverse sweep (opt/adjoint_writes.py, helpers in
primitives/adjoint_writes.py): each helper gives the copying helper's value, and each spelling
of a loop writing a list's items (those the pass rewrites, and those it must leave, where a
name would see the adjoint after a write changed it) gives the gradient of central differences
and the value of the plain Python call, in reverse mode, forward mode and to second order."""
import re

import numpy as np
import pytest

import transpiler
from transpiler.primitives.adjoint_writes import adjoint_rows_plain, cleared_in_place, owned_adjoint, stored_in_place
from transpiler.primitives.indexing import cleared_at
from transpiler.primitives.lists import replaced_at

X = np.array([0.3, -0.7])
N = 5


def body_of(f, *args) -> str:
    source = transpiler.grad(f).compiled(args).source
    return source[source.index(f"def {f.__name__}_"):]


def central_differences(f, x, h=1e-6):
    x = np.asarray(x, dtype=float)
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(x.size)])


# ---------------------------------------------------------------- the helpers, against the copying ones
def _same(a, b) -> bool:
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return type(b) is dict and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return np.shape(a) == np.shape(b) and np.array_equal(a, b) and type(a) is type(b)


CASES = [      # (adjoint, position, primal before the write, the written item's adjoint)
    ([1.0, 2.0, 3.0], 1, [0.5, 0.25, 4.0], 7.0),
    ([[1.0, 2.0], [3.0, 4.0]], 0, [[0.5, 1.5], [2.5, 3.5]], [5.0, 0.0]),
    ([[1.0, 2.0], [3.0, 4.0]], 1, [[0.5, 1.5], [np.ones(2), 3.5]], [5.0, 6.0]),      # an array item before
    ([np.ones(3), np.ones(3)], 1, [np.zeros(3), np.zeros(3, dtype=np.float32)], np.full(3, 2.0, np.float32)),
    ((1.0, 2.0), 0, [0.5, 0.25], 3.0),                  # a list's adjoint come back as a tuple
    ({"a": 1.0, "b": [1.0, 2.0]}, "b", {"a": 0.0, "b": [0.0, 0.0]}, [3.0, 4.0]),
    ([1.0, 2.0], np.int64(1), [0.5, 0.25], 5.0),         # a NumPy integer position: the copy
    (np.arange(3.0), 2, np.zeros(3), 9.0),
    ([[1.0, 2.0], 3.0], 0, [[1, 2], 3.0], [np.ones(2), 2.0]),     # arrays for a row of numbers
]


@pytest.mark.parametrize("d, index, x, g", CASES)
def test_the_helpers_give_the_copying_helpers_values(d, index, x, g):
    expected = replaced_at(d, index, x, g)
    got = stored_in_place(owned_adjoint(d), index, x, g)
    assert _same(got, expected)
    assert _same(cleared_in_place(owned_adjoint(d), index, x), cleared_at(d, index, x))


def test_the_private_copy_gives_each_position_its_own_row():
    row = [1.0, 2.0]
    d = [row, row, (3.0, 4.0)]
    own = owned_adjoint(d)
    assert own == d and own[0] is not row and own[1] is not own[0] and own is not d
    cleared_in_place(own[0], 1, [0.0, 0.0])
    assert row == [1.0, 2.0] and own[1] == [1.0, 2.0] and own[0] == [1.0, 0.0]
    stored = stored_in_place(own, 1, [[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]], row)
    stored[1][0] = 9.0
    assert row == [1.0, 2.0]        # (a row stored is copied: a later write into it must not change it)


def test_rows_plain_only_where_zero_plus_each_row_is_itself():
    assert adjoint_rows_plain([[1.0, 2.0], [3.0, np.float64(4.0)]], [[0.0, 1], [True, 2.5]])
    assert not adjoint_rows_plain([[1.0, 2.0]], [[0.0, np.ones(2)]])
    assert not adjoint_rows_plain([[1.0, [2.0]]], [[0.0, 1.0]])
    assert not adjoint_rows_plain([[1.0, 2.0]], [[0.0, 1.0], [1.0, 1.0]])
    assert not adjoint_rows_plain(([1.0, 2.0],), [[0.0, 1.0]])


def test_rows_of_numbers_take_one_pass_in_the_adjoints_helpers():
    # (accumulate, zeros_like_adjoint and sum_adjoint on a row of numbers: each item's value as
    # the call per item gives it, in one pass)
    from transpiler.primitives.lists import sum_adjoint
    from transpiler.primitives.runtime import accumulate, zeros_like_adjoint
    row = [1.0, 2, np.float64(3.0)]
    added = accumulate(row, [np.ones(2), 1.0, np.float32(2.0)])
    assert np.array_equal(added[0], [2.0, 2.0]) and added[1:] == [3.0, 5.0] and type(added[2]) is np.float64
    assert accumulate(row, (1.0, 1.0)) == [2.0, 3.0]
    assert accumulate([True, [1.0]], [1.0, [2.0]]) == [2.0, [3.0]]       # (not a row of numbers: per item)
    zeros = zeros_like_adjoint(row)
    assert zeros == [0.0, 0.0, 0.0] and {type(z) for z in zeros} == {float}
    assert np.array_equal(zeros_like_adjoint([1.0, np.ones(2)])[1], np.zeros(2))
    assert sum_adjoint(2.0, row) == [2.0, 2.0, 2.0] and sum_adjoint(np.float64(2.0), (1.0,)) == [2.0]
    assert sum_adjoint(2.0, [1.0, np.ones(2)])[1] == 2.0


# ---------------------------------------------------------------- spellings, gradients checked
def grid_assigned(p):
    grid = [[0.0] * N for _ in range(N)]
    for i in range(N):
        for j in range(N):
            grid[i][j] = np.sin(p[0] * i) + p[1] * j * p[0]
    return sum(sum(row) for row in grid)


def grid_from_the_parameters(p):
    # the grid's items before the writes depend on p: the adjoint after the loops is read
    grid = [[p[0] * (k + 1) + p[1] for k in range(N)] for _ in range(N)]
    for i in range(N):
        for j in range(i + 1):
            grid[i][j] = grid[i][j] * p[1] + np.cos(p[0] * j)
    return sum(v * v for row in grid for v in row)


def grid_partly_overwritten(p):
    # the overwritten items' adjoints must be zero after the loops: the items before depend on p
    grid = [[p[0] * (k + 1) + p[1] for k in range(N)] for _ in range(N)]
    for i in range(N):
        for j in range(i + 1):
            grid[i][j] = np.cos(p[0] * j) * p[1]
    return sum(v * v for row in grid for v in row)


def grid_accumulated(p):
    grid = [[p[1] + 0.0] * N for _ in range(N)]
    for i in range(N):
        for j in range(N):
            grid[i][j] += p[0] * i
            grid[i][j] *= p[1] + grid[i][j]
    return sum(sum(row) for row in grid)


def cell(p, i, j):
    return np.tanh(p[0] * i - p[1]) * j


def grid_through_a_helper(p):
    grid = [[0.0 for _ in range(N)] for _ in range(N)]
    for i in range(N):
        for j in range(N):
            grid[i][j] = cell(p, i, j) + grid[i][j - 1] * 0.5
    total = 0.0
    for row in grid:
        for v in row:
            total += v * v
    return total


def accumulated_1d(p):
    acc = [p[0] + 0.0] * 6
    for k in range(3):
        for i in range(6):
            acc[i] += p[0] * i + p[1] * k * acc[i - 1]
    return sum(a * a for a in acc)


def rows_of_arrays(x):
    rows = [x * k for k in range(3)]
    for t in range(2):
        for i in range(3):
            rows[i] = rows[i] * x + 1.0
    return sum((r * r).sum() for r in rows)


def written_under_a_branch(p):
    grid = [[1.0] * 3 for _ in range(3)]
    for i in range(3):
        for j in range(3):
            if (i + j) % 2 == 0:
                grid[i][j] = grid[i][j] * p[0] + j
            else:
                grid[i][j] = np.exp(p[1] * i)
    return sum(sum(row) for row in grid) + grid[1][1] * grid[2][0]


def written_in_one_arm(p):
    # the other arm leaves the list as it is; the items before depend on p
    grid = [[p[0] + 0.0] * 4 for _ in range(3)]
    for i in range(3):
        for j in range(4):
            if j > i:
                grid[i][j] = np.sin(p[1] * j) + grid[i][j - 1]
    return sum(v * v for row in grid for v in row)


def row_read_whole_in_the_loop(p):
    # the row's adjoint is read after the write (the row summed): that adjoint must stay a copy
    grid = [[p[1] + 0.0] * 3 for _ in range(3)]
    total = 0.0
    for i in range(3):
        for j in range(3):
            grid[i][j] = grid[i][j] * p[0] + j
            total = total + sum(grid[i]) * p[1]
    return total + sum(sum(row) for row in grid)


def through_an_alias(p):
    lst = [p[0], p[1], 1.0]
    for k in range(3):
        a = lst
        a[k] = a[k] * p[1] + 1.0
    return lst[0] * lst[1] + a[2]


def a_copy_kept(p):
    lst = [p[0], p[1], 1.0]
    keep = list(lst)
    for k in range(3):
        lst[k] = lst[k] * p[0]
    return sum(lst) + keep[0] * keep[1]


def returned_whole(p):
    grid = [[p[0] + 0.0] * 3 for _ in range(2)]
    for i in range(2):
        for j in range(3):
            grid[i][j] = grid[i][j] * p[1] + i
    return grid


def a_cube(p):
    cube = [[[0.0] * 3 for _ in range(3)] for _ in range(2)]
    for i in range(2):
        for j in range(3):
            for k in range(3):
                cube[i][j][k] = p[0] * i + p[1] * j * k
    return sum(sum(sum(row) for row in plane) for plane in cube)


def a_while_loop(p):
    grid = [[0.0] * 3 for _ in range(3)]
    i = 0
    while i < 3:
        for j in range(3):
            grid[i][j] = p[0] ** 2 * i + p[1] * j
        i += 1
    return sum(sum(row) for row in grid)


def negative_positions(p):
    grid = [[p[1] + 0.0] * N for _ in range(N)]
    for i in range(N):
        for j in range(N):
            grid[i][j - N] = grid[i][j - 1] * p[0] + np.sin(p[1] * j)
    return sum(v * v for row in grid for v in row)


def numpy_positions(p):
    # NumPy integers as positions: the helpers' copies
    grid = [[0.0] * N for _ in range(N)]
    idx = np.arange(N)
    for i in range(N):
        for j in range(N):
            grid[idx[i]][idx[j]] = p[0] * i + p[1] ** 2 * j
    return sum(v * v for row in grid for v in row)


def two_grids(p):
    a = [[0.0] * N for _ in range(N)]
    b = [[1.0] * N for _ in range(N)]
    for i in range(N):
        for j in range(N):
            a[i][j] = p[0] * b[i][j] + j
            b[i][j] = a[i][j] * p[1]
    return sum(sum(r) for r in a) * sum(sum(r) for r in b)


def a_row_kept_after_the_loops(p):
    grid = [[p[0] * k for k in range(N)] for _ in range(N)]
    for i in range(N):
        for j in range(i):
            grid[i][j] = grid[i][j] * p[1]
    keep = grid[2]
    return sum(v * v for row in grid for v in row) + keep[1] * p[0]


SPELLINGS = [negative_positions, numpy_positions, two_grids, a_row_kept_after_the_loops, grid_assigned, grid_from_the_parameters, grid_partly_overwritten, grid_accumulated, grid_through_a_helper, accumulated_1d,
             rows_of_arrays, written_under_a_branch, written_in_one_arm, row_read_whole_in_the_loop, through_an_alias, a_copy_kept,
             a_cube, a_while_loop]


@pytest.mark.parametrize("f", SPELLINGS, ids=lambda f: f.__name__)
def test_spellings_in_both_modes(f):
    x = X if f is not rows_of_arrays else np.array([0.5, -1.5, 2.0])
    value, gradient = transpiler.value_and_grad(f)(x.copy())
    assert np.isclose(value, f(x.copy()))
    expected = central_differences(f, x)
    assert np.allclose(gradient, expected, rtol=1e-6, atol=1e-8)
    v = np.linspace(1.0, 2.0, x.size)
    _, tangent = transpiler.jvp(f, (x.copy(),), (v,))
    assert np.isclose(tangent, expected @ v, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("f", [grid_assigned, grid_partly_overwritten, accumulated_1d, a_cube],
                         ids=lambda f: f.__name__)
def test_spellings_to_second_order(f):
    grad = transpiler.grad(f)
    v = np.array([1.0, -2.0])
    expected = (grad(X + 1e-5 * v) - grad(X - 1e-5 * v)) / 2e-5
    assert np.allclose(transpiler.hvp(f, X, v), expected, rtol=1e-5, atol=1e-7)
    assert np.allclose(transpiler.hessian(f)(X) @ v, expected, rtol=1e-5, atol=1e-7)


def test_a_list_returned_whole():
    got = transpiler.jacobian(returned_whole)(X.copy())
    h = 1e-6
    plus, minus = returned_whole(X + [h, 0.0]), returned_whole(X - [h, 0.0])
    assert np.allclose(np.asarray(got)[..., 0], (np.array(plus) - np.array(minus)) / (2 * h), rtol=1e-6)


def test_a_parameters_grid_and_its_gradient():
    def f(grid, p):
        for i in range(3):
            for j in range(2):
                grid[i][j] = grid[i][j] * p[0] + p[1] * j
        return sum(v * v for row in grid for v in row)

    grid = [[0.5, 1.5], [2.0, -1.0], [0.25, 3.0]]
    d_grid, d_p = transpiler.grad(f, argnums=(0, 1))([row.copy() for row in grid], X.copy())
    assert grid == [[0.5, 1.5], [2.0, -1.0], [0.25, 3.0]]
    flat = np.array(grid).ravel()

    def of_flat(z):
        return f([list(z[:-2][k:k + 2]) for k in range(0, 6, 2)], z[-2:])
    expected = central_differences(of_flat, np.concatenate([flat, X]))
    assert np.allclose(np.array(d_grid, dtype=float).ravel(), expected[:-2], rtol=1e-6)
    assert np.allclose(d_p, expected[-2:], rtol=1e-6)


def test_float32_and_a_closure():
    def make(offset):
        def f(p):
            grid = [[0.0] * N for _ in range(N)]
            for i in range(N):
                for j in range(N):
                    grid[i][j] = np.sin(p[0] * i) * p[1] + offset * j
            return sum(sum(row) for row in grid)
        return f

    f = make(0.25)
    x32 = X.astype(np.float32)
    assert np.allclose(transpiler.grad(f)(x32), central_differences(f, X), rtol=1e-4)
    assert np.allclose(transpiler.grad(lambda p: grid_assigned(p) * 2.0)(X), 2 * central_differences(grid_assigned, X),
                       rtol=1e-6)


# ---------------------------------------------------------------- the code a call runs
@pytest.mark.parametrize("f", [grid_assigned, grid_partly_overwritten, grid_accumulated, grid_through_a_helper],
                         ids=lambda f: f.__name__)
def test_a_grid_s_adjoint_is_written_in_place(f):
    reverse = body_of(f, X).split("# reverse sweep")[1]
    assert "owned_adjoint(d_grid)" in reverse and "stored_in_place(d_" in reverse
    assert "replaced_at(" not in reverse and "cleared_at(" not in reverse
    assert ("cleared_in_place(d_" in reverse) == (f is not grid_accumulated)     # (+= reads the item: no clear)


def test_rows_plain_skip_the_test_per_element():
    reverse = " ".join(body_of(grid_assigned, X).split("# reverse sweep")[1].split())
    plain = reverse.split("= adjoint_rows_plain(")[0].split()[-1]
    assert reverse.count("adjoint_rows_plain(") == 1 and f", {plain})" in reverse


def test_cells_of_floats_are_cleared_by_a_store():
    """The items put back all floats (``cells_plain``, once): the adjoint's cell is cleared by
    ``d_row[j] = 0.0`` itself; the helpers run only where the test fails."""
    reverse = " ".join(body_of(grid_assigned, X).split("# reverse sweep")[1].split())
    flag = reverse.split("= cells_plain(")[0].split()[-1]
    assert reverse.count("cells_plain(") == 1 and re.search(rf"if {flag}: d_\w+\[j\] = 0\.0 else: d_\w+ = "
                                                           r"cleared_in_place\(", reverse)


def accumulated_in_place(p):
    acc = [0.0] * 6
    for k in range(3):
        for i in range(6):
            acc[i] += p[0] * i + p[1] * k
    return sum(a * a for a in acc)


def test_a_1d_list_accumulated_is_written_in_place():
    assert np.allclose(transpiler.grad(accumulated_in_place)(X), central_differences(accumulated_in_place, X),
                       rtol=1e-6)
    reverse = body_of(accumulated_in_place, X).split("# reverse sweep")[1]
    assert "owned_adjoint(d_acc" in reverse and "stored_in_place(d_acc" in reverse and "replaced_at(" not in reverse


@pytest.mark.parametrize("f", [written_under_a_branch, written_in_one_arm], ids=lambda f: f.__name__)
def test_writes_under_a_branch_write_the_adjoint_in_place(f):
    reverse = body_of(f, X).split("# reverse sweep")[1]
    assert "owned_adjoint(d_grid)" in reverse and "replaced_at(" not in reverse and "cleared_at(" not in reverse
    assert reverse.count("stored_in_place(d_grid") == (2 if f is written_under_a_branch else 1)


def test_a_row_read_whole_after_the_write_keeps_its_adjoint_copied():
    reverse = body_of(row_read_whole_in_the_loop, X).split("# reverse sweep")[1]
    assert "cleared_in_place(" not in reverse


def grid_of_ints_assigned(p):
    grid = [[0] * N for _ in range(N)]          # (items put back are ints: cells_plain is false)
    for i in range(N):
        for j in range(N):
            grid[i][j] = np.sin(p[0] * i) + p[1] * j * p[0]
    return sum(sum(row) for row in grid)


def grid_of_arrays_assigned(p):
    grid = [[np.zeros(2)] * N for _ in range(N)]     # (arrays put back, scalars written)
    for i in range(N):
        for j in range(N):
            grid[i][j] = np.sin(p[0] * i) + p[1] * j * p[0]
    return sum(sum(row) for row in grid)


@pytest.mark.parametrize("f", [grid_assigned, grid_of_ints_assigned])
def test_cells_cleared_by_a_store_or_by_the_helpers_where_the_test_fails(f):
    assert "cells_plain(" in body_of(f, X)
    value, gradient = transpiler.value_and_grad(f)(X)
    assert np.isclose(value, f(X)) and np.allclose(gradient, central_differences(f, X), rtol=1e-6)
    _, tangent = transpiler.jvp(f, (X,), (np.array([0.5, -1.0]),))
    assert np.isclose(tangent, central_differences(f, X) @ np.array([0.5, -1.0]), rtol=1e-6)


def test_array_items_put_back_keep_their_zeros():
    """The old items are arrays: their adjoints' zeros are arrays (the helpers), not 0.0."""
    f = grid_of_arrays_assigned
    value, gradient = transpiler.value_and_grad(f)(X)
    assert np.allclose(value, f(X)) and np.allclose(gradient, central_differences(lambda x: np.sum(f(x)), X),
                                                    rtol=1e-6)
