"""A list of lists carried by a loop stays one (frontend/carried_inner_lists.py): grouping code
reads an inner list and grows it (``g = groups[i % K]; g.append(v)``, groups made by a display,
a comprehension ``[[] for _ in range(K)]`` or appends of ``[]``), and a comprehension copies a
global's rows (``rows = [list(r) for r in GL]``) before one is grown. These were refused as
"changing a list or dict that may be one the caller passed" or "writing into `rows`, which may
be (a view of) a global's value"; a write into the global's own rows still is. A helper whose
result is a list, its other paths never run (``isinstance`` known while compiling), rebinding
the name it was given (``parts = scale(parts, 0.5)``), passes a list on (ir/nodes.py ``walk_run``:
the paths never run were counted as a tuple's and a dict's, and `*` on the list refused)."""
import numpy as np
import pytest
from python_semantics import check_as_python

import transpiler
from transpiler import UnsupportedSyntaxError

X = np.array([0.5, -1.2, 0.7])
K = 2
GL = [[0.5, 1.0], [2.0, -1.0]]


def groups_of_a_comprehension(x):
    groups = [[] for _ in range(K)]
    for i in range(3):
        g = groups[i % K]
        g.append(x[i] * x[0])
    return sum(sum(g) * (k + 1.0) for k, g in enumerate(groups))


def groups_of_a_display(x):
    groups = [[], []]
    for i in range(3):
        g = groups[i % 2]
        g.append(np.sin(x[i]))
    return sum(sum(g) * (k + 1.0) for k, g in enumerate(groups))


def groups_appended_in_a_loop_first(x):
    groups = []
    for _ in range(2):
        groups.append([])
    for i in range(3):
        g = groups[i % 2]
        g.append(x[i] * x[i])
    return sum(sum(g) * (k + 1.0) for k, g in enumerate(groups))


def groups_of_a_parameters_items(x):
    groups = [[] for _ in range(K)]
    for i in range(3):
        g = groups[i % K]
        g.append(x[i])
    return sum(sum(g) * (k + 1.0) for k, g in enumerate(groups)) * x[1]


def rows_copied_from_a_global(x):
    rows = [list(r) for r in GL]
    rows[0].append(x[0] * x[1])
    return sum(sum(r) for r in rows) * x[2]


def rows_copied_from_a_global_grown_in_a_loop(x):
    rows = [list(r) for r in GL]
    for i in range(3):
        rows[i % 2].append(x[i] * x[0])
    return sum(sum(r) * (k + 1.0) for k, r in enumerate(rows))


def scale(v, c):
    if isinstance(v, list):
        return [u * c for u in v]
    if isinstance(v, tuple):
        return tuple(u * c for u in v)
    if isinstance(v, dict):
        return {k: u * c for k, u in v.items()}
    return v * c


def energy(v):
    if isinstance(v, (list, tuple)):
        return sum(energy(u) for u in v)
    return np.sum(v * v)


def a_list_rebound_through_a_helper(x):
    parts = [x] + [np.tanh(x)]
    parts = scale(parts, 0.5)
    return energy(parts) * x[0]


CASES = [groups_of_a_comprehension, groups_of_a_display, groups_appended_in_a_loop_first,
         groups_of_a_parameters_items, rows_copied_from_a_global, rows_copied_from_a_global_grown_in_a_loop,
         a_list_rebound_through_a_helper]


@pytest.mark.parametrize("f", CASES)
def test_the_value_and_gradient_are_pythons_in_both_modes(f):
    check_as_python(f, X.copy())
    assert GL == [[0.5, 1.0], [2.0, -1.0]]          # (the global's rows as they were)


def rows_of_a_global_not_copied(x):
    rows = [r for r in GL]
    rows[0].append(x[0] * x[1])
    return sum(sum(r) for r in rows) * x[2]


def test_growing_a_globals_own_row_is_still_refused_where_it_is_written():
    with pytest.raises(UnsupportedSyntaxError, match="may be \\(a view of\\) a global's") as raised:
        transpiler.grad(rows_of_a_global_not_copied)(X)
    assert raised.value.location.line == rows_of_a_global_not_copied.__code__.co_firstlineno + 2


def one_list_held_twice(x):
    r = []
    groups = [r, r]
    for i in range(3):
        g = groups[i % 2]
        g.append(x[i])
    return sum(sum(g) * (k + 1.0) for k, g in enumerate(groups))


def test_a_group_held_twice_is_refused_where_it_is_grown():
    line = one_list_held_twice.__code__.co_firstlineno + 5
    with pytest.raises(TypeError, match=rf"test_lists_of_lists_carried_by_loops.py:{line}:\d+: .*also another entry"):
        transpiler.grad(one_list_held_twice)(X)
