"""Forward mode's writes into a list's items made in place (opt/tangent_writes.py): a grid of
lists written cell by cell copied a row and the list per cell, for the values and again for their
tangents. Each spelling against Python's own value, central differences and second order; the
copies stay where a name read after a write holds what the list was before it."""
import numpy as np
import pytest

import transpiler

N = 5
M = np.int64(5)


def grid_by_cells(x, n=N):
    grid = [[0.0 for _ in range(n)] for _ in range(n)]
    for i in range(n):
        for j in range(n):
            grid[i][j] = np.sin(x * i) + x * j
    total = 0.0
    for row in grid:
        for v in row:
            total += v * v
    return total


def cell(x, i, j):
    return np.cos(x * (i + 1)) * j


def updated_twice_by_a_helper(x):
    n = 5
    grid = [[1.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            grid[i][j] += cell(x, i, j)
            grid[i][j] *= x
    return sum(sum(row) for row in grid)


def accumulator_at_computed_positions(x):
    acc = [0.0, 0.0, 0.0]
    for k in range(7):
        acc[(k * 2) % 3] = acc[(k * 2) % 3] + np.sin(x * k)
    return acc[0] * acc[1] + acc[2]


def stencil_in_rows(x):
    grid = [[0.0 for _ in range(N)] for _ in range(N)]
    for i in range(N):
        for j in range(1, N):
            grid[i][j] = 0.5 * grid[i][j - 1] + x * i
    return sum(sum(row) for row in grid)


def written_under_a_branch(x):
    grid = [[0.0 for _ in range(N)] for _ in range(N)]
    for i in range(N):
        for j in range(N):
            if (i + j) % 2 == 0:
                grid[i][j] = np.sin(x * i)
            else:
                grid[i][j] = x * j
    return sum(sum(row) for row in grid)


def a_count_of_unknown_kind(x):
    grid = [[1.0] * M for _ in range(M)]      # (M a NumPy integer: compiled for its type, not its value)
    for i in range(M):
        for j in range(M):
            grid[i][j] = x * grid[i][j] * (i + j)
    return sum(sum(row) for row in grid)


def a_global_count(x):
    grid = [[1.0] * N for _ in range(N)]      # (N a global int read as a count: compiled for its value)
    for i in range(N):
        for j in range(N):
            grid[i][j] = x * grid[i][j] * (i + j)
    return sum(sum(row) for row in grid)


def a_callers_grid(x, grid):
    for i in range(len(grid)):
        for j in range(len(grid[i])):
            grid[i][j] = grid[i][j] * x
    return sum(sum(row) for row in grid)


IN_PLACE = [grid_by_cells, updated_twice_by_a_helper, accumulator_at_computed_positions, stencil_in_rows, a_global_count]
KEPT = [written_under_a_branch, a_count_of_unknown_kind]


def forward_source(f, args):
    g = transpiler.grad(f)
    g(*args)
    g(*args)                # (the code a call runs is compiled at the second call)
    source = g.compiled(args).source
    assert "_jvp(" in source, "forward mode"
    return source.split("def " + f.__name__ + "_jvp")[1]


def central(f, x, h=1e-6):
    return (f(x + h) - f(x - h)) / (2 * h)


@pytest.mark.parametrize("f", IN_PLACE + KEPT, ids=lambda f: f.__name__)
def test_value_first_and_second_derivatives(f):
    x = 0.7
    value, directional = transpiler.jvp(f, (x,), (1.0,))
    assert value == pytest.approx(f(x), rel=1e-12)
    assert directional == pytest.approx(central(f, x), rel=1e-7)
    assert transpiler.grad(f)(x) == pytest.approx(directional, rel=1e-12)
    second = transpiler.grad(transpiler.grad(f))(x)
    assert second == pytest.approx(central(transpiler.grad(f), x, 1e-5), rel=1e-5)


@pytest.mark.parametrize("f", IN_PLACE, ids=lambda f: f.__name__)
def test_writes_are_item_stores_on_a_private_copy(f):
    body = forward_source(f, (0.7,))
    assert "private_list(" in body and "assign_at(" not in body


@pytest.mark.parametrize("f", KEPT, ids=lambda f: f.__name__)
def test_writes_the_pass_does_not_take_keep_the_copies(f):
    body = forward_source(f, (0.7,))
    assert "assign_at(" in body and "private_list(" not in body


def test_a_callers_grid_is_written_as_python_writes_it():
    g = transpiler.grad(a_callers_grid, wrt=0)
    for _ in range(3):          # (the third call runs the code specialised to the call)
        grid, same = [[1.0, 2.0], [3.0, 4.0]], [[1.0, 2.0], [3.0, 4.0]]
        assert g(0.7, grid) == pytest.approx(10.0)
        a_callers_grid(0.7, same)
        assert grid == same
