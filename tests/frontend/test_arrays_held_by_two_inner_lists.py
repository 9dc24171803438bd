"""An array (or list) held at two places of one container, at any depth (``g = [[a], [a]]``,
appended to two groups, ``c = [r, [r]]``, a dict holding a tuple that holds it) is one object:
a write into it through one path (``g[0][0] += w``, ``g[0][0][0] = 5.0``, ``c[0][0] = v``)
changes what the other path reads. The lowering writes the new value into the one entry only,
so the generated code checks at run time that each item on the written path is held once in
the whole of the container the path starts from (primitives/chained_writes.py ``alone_in``, which
once looked one level deep: a silent wrong value and gradient). Held twice: a located error.
Held once (a copy, another array), the value and gradient are Python's."""
import collections

import numpy as np
import pytest

import python_semantics
from transpiler import value_and_grad

X = np.array([0.5, -1.2, 0.7])
W = np.array([1.0, 2.0, 3.0])
S = 0.8
HERE = "test_arrays_held_by_two_inner_lists.py"


def written_through_a_display(x, w, s):
    a = x * s
    g = [[a], [a]]
    g[0][0] += w
    return np.sum(g[1][0] * x)


def written_through_appended_groups(x, w, s):
    g = collections.defaultdict(list)
    a = x * s
    g[0].append(a)
    g[1].append(a)
    g[0][0] += w
    return np.sum(g[1][0] * x)


def item_written_through_set_default_groups(x, w, s):
    g = {}
    a = x * s
    g.setdefault(0, []).append(a)
    g.setdefault(1, []).append(a)
    g[0][0][0] = 5.0
    return np.sum(g[1][0] * x * w)


def a_row_held_again_inside_another_entry(x, w, s):
    r = [x[0], x[1]]
    c = [r, [r]]
    c[0][0] = 5.0 * x[2]
    return c[1][0][0] * x[1]


def a_row_held_by_a_tuple_in_a_dict(x, w, s):
    r = [x[0], x[1]]
    c = {"a": r, "b": (r, s)}
    c["a"][0] = 5.0 * x[2]
    return c["b"][0][0] * x[1]


def an_array_entry_held_again_one_level_down(x, w, s):
    a = x * s
    c = [a, [a]]
    c[0] += w
    return np.sum(c[1][0] * x)


def three_levels_deep(x, w, s):
    a = x * s
    g = [[[a]], [[a]]]
    g[0][0][0] += w
    return np.sum(g[1][0][0] * x)


def held_by_a_tuple_root(x, w, s):
    a = x * s
    t = ([a], [a])
    t[0][0] += w
    return np.sum(t[1][0] * x)


HELD_TWICE = [(written_through_a_display, 26), (written_through_appended_groups, 35),
              (item_written_through_set_default_groups, 44), (a_row_held_again_inside_another_entry, 51),
              (a_row_held_by_a_tuple_in_a_dict, 58), (an_array_entry_held_again_one_level_down, 65),
              (three_levels_deep, 72), (held_by_a_tuple_root, 79)]


@pytest.mark.parametrize("f, line", HELD_TWICE, ids=[f.__name__ for f, _ in HELD_TWICE])
def test_a_write_into_an_object_held_twice_is_refused_where_it_is_written(f, line):
    with pytest.raises(TypeError, match=rf"{HERE}:{line}:\d+: the item written is also another entry"):
        value_and_grad(f)(X.copy(), W.copy(), S)


def one_array_per_inner_list(x):
    a = x * S
    b = x * x
    g = [[a], [b]]
    g[0][0] += W
    return np.sum(g[1][0] * x) + np.sum(g[0][0] * x)


def a_copy_in_the_other_inner_list(x):
    a = x * S
    g = [[a], [a.copy()]]
    g[0][0] *= x
    return np.sum(g[1][0] * x) + np.sum(np.sin(g[0][0]))


def groups_of_their_own_arrays(x):
    g = collections.defaultdict(list)
    for k in range(3):
        g[k % 2].append(x * (k + 1.0))
    g[0][1][0] = 5.0 * x[1]
    g[1][0] += x
    return sum(np.sum(v * x) for vs in g.values() for v in vs)


def rows_of_their_own_three_levels_deep(x):
    g = [[[x[0], x[1]]], [[x[1], x[2]]]]
    g[0][0][1] = g[1][0][0] * x[2]
    return g[0][0][0] * g[0][0][1] + g[1][0][1]


def a_grid_filled_column_by_column(x):
    n = 3
    grid = [[0.0] * n for _ in range(n)]
    for j in range(n):
        for i in range(n):
            grid[i][j] = x[i] * x[j] + i
    return sum(grid[i][(i + 1) % n] for i in range(n))


HELD_ONCE = [one_array_per_inner_list, a_copy_in_the_other_inner_list, groups_of_their_own_arrays,
             rows_of_their_own_three_levels_deep, a_grid_filled_column_by_column]


@pytest.mark.parametrize("f", HELD_ONCE, ids=[f.__name__ for f in HELD_ONCE])
def test_a_write_into_an_object_held_once_is_pythons(f):
    python_semantics.check_as_python(f, X.copy())
