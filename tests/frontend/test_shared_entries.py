"""Writes that reach memory the lowering cannot follow by name: the entries of a container that
are one object (``[np.zeros(2)] * 2``, ``[[0.0] * n] * m``, ``[z, z]``, ``d["b"] = d["a"]``),
an entry changed in place by ``c[k] += v``, and the views a tuple assignment's right-hand side
holds while its targets are written (``y[1:], y[:-1] = y[:-1], y[1:]``). Each gave a wrong value
and gradient silently; each is now refused, located at the user's line, in both modes, while
the ordinary spellings (fresh entries, numbers, swaps of elements) keep working."""
import numpy as np
import pytest

from transpiler import UnsupportedSyntaxError, check_grad, grad, jvp

X = np.array([0.3, -1.2, 2.0, 0.7])


def repeated_list_of_arrays(x):
    rows = [np.zeros(2)] * 2
    rows[0][0] = x[0]
    return rows[1][0] * x[1]


def repeated_list_of_lists(x):
    grid = [[0.0] * 2] * 2
    grid[0][1] = x[0]
    return grid[1][1] * x[1]


def one_array_twice_in_a_display(x):
    z = np.zeros(2)
    rows = [z, z]
    rows[0][1] = x[0]
    return rows[1][1] * x[1]


def one_array_under_two_keys(x):
    d = {"a": np.zeros(2)}
    d["b"] = d["a"]
    d["a"][0] = x[0]
    return d["b"][0] * x[1]


def added_into_a_repeated_entry(x):
    rows = [np.zeros(2)] * 2
    rows[0] += x[:2]
    return rows[1][1] * x[1] + rows[0][1]


def added_into_an_entry_named_elsewhere(x):
    z = np.zeros(2)
    rows = [z]
    rows[0] += x[:2]
    return z[1] * x[1]


def added_into_a_dict_entry_named_elsewhere(x):
    z = np.zeros(2)
    d = {"a": z}
    d["a"] += x[:2]
    return z[1] * x[1]


def shifted_through_overlapping_slices(x):
    y = x.copy()
    y[1:], y[:-1] = y[:-1], y[1:]
    return np.dot(y, np.arange(4.0))


def rows_swapped_through_views(x):
    m = x.reshape(2, 2).copy()
    m[0], m[1] = m[1], m[0]          # NumPy: both rows end up the old second row
    return np.sum(m * np.arange(4.0).reshape(2, 2))


@pytest.mark.parametrize("f, written", [(repeated_list_of_arrays, "rows[0][0] = x[0]"),
                                        (repeated_list_of_lists, "grid[0][1] = x[0]"),
                                        (one_array_twice_in_a_display, "rows[0][1] = x[0]"),
                                        (one_array_under_two_keys, 'd["a"][0] = x[0]'),
                                        (added_into_a_repeated_entry, "rows[0] += x[:2]")])
def test_a_write_into_an_entry_that_is_another_entry_too_is_refused_at_its_line(f, written):
    line = next(i for i, text in enumerate(open(__file__).read().splitlines(), 1) if text.strip() == written)
    with pytest.raises(TypeError, match=rf"test_shared_entries.py:{line}:5: the item written is also another entry"):
        grad(f)(X)
    with pytest.raises(TypeError, match=rf"test_shared_entries.py:{line}:5: the item written is also another entry"):
        jvp(f, (X,), (np.ones(4),))


@pytest.mark.parametrize("f", [added_into_an_entry_named_elsewhere, added_into_a_dict_entry_named_elsewhere])
def test_a_name_for_an_entry_added_into_in_place_is_stale(f):
    with pytest.raises(UnsupportedSyntaxError, match="`z` is read after a write through"):
        grad(f)(X)
    with pytest.raises(UnsupportedSyntaxError, match="`z` is read after a write through"):
        jvp(f, (X,), (np.ones(4),))


def test_a_view_on_the_right_of_a_tuple_assignment_written_before_it_is_bound_is_refused():
    with pytest.raises(UnsupportedSyntaxError, match=r"`y\[1:\]` is read after a write through `y`"):
        grad(shifted_through_overlapping_slices)(X)
    with pytest.raises(UnsupportedSyntaxError, match=r"`y\[1:\]` is read after a write through `y`"):
        jvp(shifted_through_overlapping_slices, (X,), (np.ones(4),))


def test_rows_swapped_through_views_are_refused_where_numpy_would_not_swap():
    with pytest.raises(UnsupportedSyntaxError, match="changes an array in place"):
        grad(rows_swapped_through_views)(X)


# The ordinary spellings keep working -----------------------------------------------------------
def elements_swapped(x):
    y = x.copy()
    for i in range(len(y)):
        for j in range(len(y) - 1 - i):
            if y[j] > y[j + 1]:
                y[j], y[j + 1] = y[j + 1], y[j]
    return np.dot(y, np.arange(4.0))


def rows_swapped_as_copies(x):
    m = x.reshape(2, 2).copy()
    m[0], m[1] = m[1].copy(), m[0].copy()
    return np.sum(m * np.arange(4.0).reshape(2, 2))


def numbers_accumulated_in_a_list(x):
    s = [0.0] * 3
    for i in range(len(x)):
        s[i % 3] += x[i] ** 2
    return s[0] * s[1] + s[2]


def entries_accumulated_in_a_dict(x):
    d = {"a": 0.0, "b": np.zeros(2)}
    d["a"] += x[0]
    d["b"] += x[1:3]
    return d["a"] * d["b"].sum()


def arrays_of_their_own_in_a_list(x):
    g = [np.zeros(2) for _ in range(2)]
    for i in range(2):
        g[i] += x[2 * i:2 * i + 2] * (i + 1)
        g[i][0] = g[i][0] * 3
    return np.sum(g[0] * g[1])


def grid_of_lists_of_their_own(x):
    grid = [[0.0] * 2 for _ in range(2)]
    for i in range(2):
        for j in range(2):
            grid[i][j] = x[2 * i + j] ** 2
    return grid[0][0] * grid[1][1] - grid[0][1] * grid[1][0]


@pytest.mark.parametrize("f", [elements_swapped, rows_swapped_as_copies, numbers_accumulated_in_a_list,
                               entries_accumulated_in_a_dict, arrays_of_their_own_in_a_list,
                               grid_of_lists_of_their_own])
def test_entries_of_their_own_and_swapped_elements_are_differentiated(f):
    assert check_grad(f, X.copy()).ok
    value, tangent = jvp(f, (X,), (np.ones(4),))
    assert np.isclose(value, f(X.copy()))
    assert np.isclose(tangent, np.sum(grad(f)(X)))
