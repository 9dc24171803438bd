"""``a = rows[i]`` (or ``a = d["k"]``) before a loop, ``a.append(v)`` / ``a += [v]`` / ``a.pop()``
inside it (frontend/carried_entries.py): the loop carries ``rows`` with ``a``, assuming that
``rows[i]`` is ``a`` at the top of every iteration, so the write reaches ``rows`` as Python's does.
It was refused ("`rows` is read after a write through `a`"). Where the iteration breaks the
relation (``rows[i] = [...]`` inside), or ``a`` is another list (a copy, ``a = a + [v]``), the
names do not share."""
import numpy as np
import pytest
from python_semantics import check_as_python

import transpiler
from transpiler import UnsupportedSyntaxError

X = np.array([1.5, 2.0, 0.7])


def appended_through_an_alias(x):
    rows = [[], [x[0]]]
    a = rows[1]
    for i in range(3):
        a.append(x[i] * 2.0)
    return sum(rows[1]) * x[0] + len(rows[0])


def appended_at_an_index_known_at_run_time(x):
    rows = [[x[0]], [x[1]]]
    i = int(x[1] > 1.0)
    a = rows[i]
    for n in range(3):
        a.append(x[n] * rows[0][0])
    return sum(rows[1]) * sum(rows[0])


def read_through_the_container_inside_the_loop(x):
    rows = [[x[0]], [x[1]]]
    a = rows[0]
    s = 0.0
    for n in range(3):
        a.append(x[n] ** 2)
        s = s + len(rows[0]) * sum(rows[0]) * x[n]
    return sum(rows[0]) + s


def dict_entry_appended_in_a_while_loop(x):
    d = {"k": [x[0]]}
    a = d["k"]
    n = 0
    s = 0.0
    while n < 3:
        a.append(x[n] ** 2)
        s = s + sum(d["k"]) * x[n]
        n += 1
    return sum(d["k"]) + s


def alias_made_in_an_outer_loop(x):
    rows = [[], []]
    for j in range(2):
        a = rows[j]
        for i in range(3):
            a.append(x[i] * (j + 1))
    return sum(rows[0]) * sum(rows[1])


def extended_through_an_alias(x):
    rows = [[x[0]], [x[1]]]
    a = rows[0]
    for i in range(2):
        a += [x[i] * x[2]]
    return sum(rows[0]) * sum(rows[1])


def popped_through_an_alias(x):
    rows = [[x[1]], [x[0], x[1], x[2]]]
    b = rows[1]
    t = 0.0
    for i in range(2):
        t = t + b.pop() * x[0]
    return t + sum(rows[1]) * rows[0][0] + len(rows[1])


def container_grown_too(x):
    rows = [[x[0]]]
    a = rows[0]
    for i in range(2):
        a.append(x[i])
        rows.append([x[2]])
    return sum(rows[0]) + len(rows) * x[2]


# must not share: another list under the name
def rebound_not_written(x):
    rows = [[x[1]], []]
    a = rows[0]
    for i in range(3):
        a = a + [x[i]]
    return sum(rows[0]) * 10.0 + sum(a)


def copied_first(x):
    rows = [[x[1]], []]
    a = list(rows[0])
    for i in range(3):
        a.append(x[i])
    return sum(rows[0]) * 10.0 + sum(a)


CASES = [appended_through_an_alias, appended_at_an_index_known_at_run_time, read_through_the_container_inside_the_loop,
         dict_entry_appended_in_a_while_loop, alias_made_in_an_outer_loop, extended_through_an_alias, popped_through_an_alias,
         container_grown_too,
         rebound_not_written, copied_first]


@pytest.mark.parametrize("f", CASES)
def test_the_value_and_gradient_are_pythons_in_both_modes(f):
    check_as_python(f, X)


@pytest.mark.parametrize("f", [read_through_the_container_inside_the_loop, dict_entry_appended_in_a_while_loop])
def test_the_hessian_matches_differences_of_the_gradient(f):
    step = 1e-6
    gradient = transpiler.grad(f)
    columns = [(gradient(X + step * e) - gradient(X - step * e)) / (2 * step) for e in np.eye(3)]
    np.testing.assert_allclose(transpiler.hessian(f)(X), np.array(columns).T, rtol=1e-6, atol=1e-6)


def entry_replaced_inside_the_loop(x):
    rows = [[x[1]], []]
    a = rows[0]
    for i in range(3):
        rows[0] = [x[2]]          # Python's `a` is the old list from here on
        a.append(x[i])
    return sum(rows[0]) * 10.0 + sum(a)


def test_an_entry_replaced_inside_the_loop_is_refused_where_it_is_read():
    with pytest.raises(UnsupportedSyntaxError, match="`rows` is read after a write through `a`") as raised:
        transpiler.grad(entry_replaced_inside_the_loop)(X)
    assert raised.value.location.line == entry_replaced_inside_the_loop.__code__.co_firstlineno + 4
