"""``c[k].append(v)`` on a list held by a list or dict the function made (grouping code), and
``d.setdefault(k, []).append(v)``, and a ``collections.defaultdict(list)`` made in the function
(frontend/list_defaultdicts.py): followed as ``c[k] += [v]`` (frontend/item_appends.py), both
modes and second order against finite differences. The inner list grown through another name
(``a = c[k]; a.append(v)``) is seen through the container; a copy (``list(c[k])``,
``c[k].copy()``) is not. Where Python would change two entries (``[[]] * 2``) or raise (an
array has no ``append``), the generated code raises, located; these were refused before as a
method the compiler does not follow."""
import collections
from collections import defaultdict

import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

import python_semantics

X0 = np.array([0.3, 0.7, 1.1, 1.3])
DIRECTION = np.array([1.0, -0.5, 0.25, 2.0])


def grouped_in_a_dict(x):
    groups = {0: [], 1: []}
    for i in range(4):
        groups[i % 2].append(x[i] * x[i])
    return sum(sum(g) for g in groups.values()) * np.prod(np.array(groups[1]))


def grouped_by_a_test(x):
    groups = {"big": [], "small": []}
    for i in range(4):
        groups["big" if x[i] > 0.5 else "small"].append(x[i] ** 3)
    return np.sum(np.array(groups["big"])) + 2.0 * sum(groups["small"])


def rows_of_a_list(x):
    rows = [[], []]
    for i in range(4):
        rows[i % 2].append(np.sin(x[i]))
    return np.sum(np.array(rows[0])) * np.sum(np.array(rows[1]))


def rows_appended_then_grown(x):
    rows = []
    for i in range(2):
        rows.append([])
        for j in range(2):
            rows[i].append(x[i] * x[j + 2])
    return sum(rows[0]) * sum(rows[1])


def grid_grown_by_appends_then_an_array(x):
    # (its adjoint comes as an array from np.array(rows), whose rows were shorter before each
    # append: add_into raised a broadcasting ValueError, with `rows[i] = rows[i] + [v]` too)
    rows = []
    for i in range(2):
        rows.append([])
        for j in range(2):
            rows[i].append(x[i] * x[j + 2])
    return np.sum(np.array(rows) ** 2)


def grouped_by_setdefault(x):
    d = {}
    for i in range(4):
        d.setdefault(int(i > 1), []).append(x[i] * x[0])
    out = 0.0
    for k in d:
        out = out + np.prod(np.array(d[k]))
    return out


def grouped_in_a_defaultdict(x):
    groups = defaultdict(list)
    for i in range(4):
        groups[i % 2].append(x[i] ** 2)
    return sum(np.sum(np.array(g)) * (k + 1) for k, g in groups.items())


def defaultdict_read_at_a_missing_key(x):
    groups = collections.defaultdict(list)
    for i in range(4):
        groups["a" if x[i] > 0.5 else "b"].append(np.sin(x[i]))
    return sum(groups["a"]) * (1.0 + sum(groups["c"])) + len(groups)     # ("c" is inserted: 3 keys)


def defaultdict_extended_in_place(x):
    groups = defaultdict(list)
    for i in range(4):
        groups[i % 2] += [x[i] * x[0]]
    out = 0.0
    for k in groups:
        out = out + np.prod(np.array(groups[k]))
    return out


def defaultdict_entries_rebound(x):
    groups = defaultdict(list)
    for i in range(4):
        groups[i % 2] = groups[i % 2] + [x[i] ** 2]
    return sum(groups[0]) * sum(groups[1])


def grown_through_another_name(x):
    rows = [[1.0], [2.0]]
    for i in range(4):
        a = rows[i % 2]
        a.append(x[i] * 2.0)
    return sum(rows[0]) * sum(rows[1])


def extended_through_another_name(x):
    rows = {"p": [1.0], "q": [2.0]}
    for k in ["p", "q", "p"]:
        a = rows[k]
        a += [x[0] * x[1], x[2]]
    return sum(rows["p"]) * sum(rows["q"])


def name_for_the_item_sees_the_append(x):
    rows = [[1.0], [2.0]]
    a = rows[0]
    b = a
    a.append(x[0])
    return sum(b) * x[1] + sum(rows[0]) * x[2]


def copies_do_not_see_the_append(x):
    rows = [[1.0], [2.0]]
    b = list(rows[0])
    c = rows[0].copy()
    rows[0].append(x[0] * x[2])
    return sum(b) * x[1] + sum(c) * x[3] + sum(rows[0]) * x[3]


@pytest.mark.parametrize("f", [grouped_in_a_dict, grouped_by_a_test, rows_of_a_list, rows_appended_then_grown,
                               grid_grown_by_appends_then_an_array, grouped_by_setdefault,
                               grouped_in_a_defaultdict, defaultdict_read_at_a_missing_key,
                               defaultdict_extended_in_place, defaultdict_entries_rebound, grown_through_another_name, extended_through_another_name,
                               name_for_the_item_sees_the_append, copies_do_not_see_the_append],
                         ids=lambda f: f.__name__)
def test_an_append_to_a_list_in_a_container_is_followed_in_both_modes(f):
    python_semantics.check(f, X0.copy(), DIRECTION, keeps_float32=False)


def one_list_twice(x):
    rows = [[]] * 2
    rows[0].append(x[0])
    return sum(rows[1]) * x[1]


def one_list_stored_twice_grown_through_a_name(x):
    inner = [1.0]
    rows = [inner, inner]
    a = rows[0]
    a.append(x[0])
    return sum(rows[1]) * x[1]


@pytest.mark.parametrize("f", [one_list_twice, one_list_stored_twice_grown_through_a_name],
                         ids=lambda f: f.__name__)
def test_an_append_to_a_list_another_entry_also_is_raises_where_it_is_written(f):
    for transform in (transpiler.grad(f), lambda x: transpiler.jvp(f, (x,), (DIRECTION,))):
        with pytest.raises(TypeError, match=r"test_item_appends.py:\d+:\d+.*also another entry"):
            transform(X0.copy())


def appended_to_an_array_item(x):
    rows = [np.zeros(2), np.zeros(2)]
    k = int(x[0] > 0)
    rows[k].append(x[0])
    return np.sum(rows[0])


def test_an_append_to_an_item_that_is_no_list_raises_pythons_error_located():
    with pytest.raises(AttributeError):
        appended_to_an_array_item(X0.copy())
    for transform in (transpiler.grad(appended_to_an_array_item),
                      lambda x: transpiler.jvp(appended_to_an_array_item, (x,), (DIRECTION,))):
        with pytest.raises(AttributeError, match=r"test_item_appends.py:\d+:\d+: 'ndarray' object has no "
                                                 r"attribute 'append'"):
            transform(X0.copy())


def item_read_before_then_appended_through_the_container(x):
    rows = [[1.0], [2.0]]
    a = rows[0]
    rows[0].append(x[0])
    return sum(a) * x[1]


def test_a_name_read_from_the_container_before_the_append_is_refused_located():
    with pytest.raises(UnsupportedSyntaxError, match="`a` is read after a write through `rows`") as caught:
        transpiler.grad(item_read_before_then_appended_through_the_container)(X0.copy())
    assert caught.value.location.line == item_read_before_then_appended_through_the_container.__code__.co_firstlineno + 4
