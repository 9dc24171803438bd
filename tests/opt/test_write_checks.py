"""opt/write_checks.py on the alias checks of writes into list items (primitives/chained_writes.py
``alone_in``). The lowering checks each item a write changes against the whole container the
write starts from, at any depth (``alone_in(i, c, where, c)``): ``g = [[a], [a]]`` holds ``a``
twice. Where that container holds rows of numbers (a grid), one level is all there is to look
into: the pass drops the root (the one-level check, hoisted before the inner loop as before),
and a check of an item of a row of numbers, which is a number, is dropped. Elsewhere the check
stays whole."""
import re

import numpy as np

import transpiler
from transpiler.check import check_grad

P = np.array([0.3, 0.7])


def grid_column_by_column(p):
    n = 4
    grid = [[0.0] * n for _ in range(n)]
    for j in range(n):
        for i in range(n):
            grid[i][j] += np.sin(p[0] * i) + p[1] * j
    return sum(sum(row) for row in grid)


def checks(f, x) -> list[str]:
    source = transpiler.grad(f).source(args=(x,))
    return re.findall(r"alone_in\(([^)]*)\)", source[source.index(f"def {f.__name__}"):])


def test_a_grid_of_numbers_is_checked_one_level_deep_and_its_numbers_not_at_all():
    found = checks(grid_column_by_column, P)
    assert found and all(len(c.split(", ")) == 3 and c.startswith("i, ") for c in found)
    assert check_grad(grid_column_by_column, P)


def arrays_in_inner_lists(x):
    a = x * 2.0
    b = x * x
    g = [[a], [b]]
    for k in range(2):
        g[k][0] += x
    return np.sum(g[0][0] * g[1][0])


def test_lists_of_arrays_are_checked_against_the_whole_container():
    x = np.array([0.5, -1.2, 0.7])
    found = checks(arrays_in_inner_lists, x)
    assert found and all(len(c.split(", ")) == 4 for c in found)
    value, _ = transpiler.value_and_grad(arrays_in_inner_lists)(x.copy())
    assert np.isclose(value, arrays_in_inner_lists(x.copy()))
    assert check_grad(arrays_in_inner_lists, x)
