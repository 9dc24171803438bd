"""Items of lists written in loops (issue 17's grid of lists), spelled as users write them: each
gradient against central differences and the value against the plain Python call, in reverse
mode, forward mode and to second order. The adjoint of a write into a list known to be one
(analysis/kinds.py) reads the written item's adjoint as it is, not through ``unbroadcast``: these
are the spellings that path must keep right, and the aliasing cases where a write must not
change another name's list."""
import re

import numpy as np
import pytest

import transpiler
from transpiler.analysis.kinds import known_kinds
from transpiler.driver.pipeline import lowered
from transpiler.opt.sequences import resolve_sequence_operators

X = np.array([0.3, 0.2])
N = 4


def grid_assigned(p):
    grid = [[0.0] * N for _ in range(N)]
    for i in range(N):
        for j in range(N):
            grid[i][j] = np.sin(p[0] * i) + p[1] * j * p[0]
    return sum(sum(row) for row in grid)


def grid_accumulated(p):
    grid = [[0.0] * N for _ in range(N)]
    for i in range(N):
        for j in range(N):
            grid[i][j] += p[0] * i
            grid[i][j] *= p[1] + grid[i][j]
    return sum(sum(row) for row in grid)


def cell(p, i, j):
    return np.cos(p[0] * i) * p[1] ** j


def grid_through_a_helper(p):
    n = 3
    grid = [[0.0 for _ in range(n)] for _ in range(n)]
    for i in range(n):
        for j in range(n):
            grid[i][j] = cell(p, i, j)
    total = 0.0
    for row in grid:
        for v in row:
            total += v * v
    return total


def accumulated_1d(p):
    acc = [0.0] * 5
    for i in range(5):
        acc[i] += p[0] * i
        acc[(i + 1) % 5] += p[1] * acc[i]
    return sum(a * a for a in acc)


def rows_of_arrays(x):
    rows = [x * k for k in range(3)]
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


def read_while_written(p):
    # each write reads the item written just before it (a value read, not only a structure)
    acc = [p[0], p[1], p[0] * p[1]]
    for k in range(6):
        acc[k % 3] = acc[(k + 2) % 3] * acc[k % 3] + 0.1
    return acc[0] + acc[1] * acc[2]


def through_an_alias(p):
    lst = [p[0], p[1]]
    a = lst
    for k in range(2):
        a[k] = np.sin(a[k]) * p[1]
    return lst[0] * lst[1]                   # (the same list: the writes show)


def a_copy_kept(p):
    lst = [p[0], p[1], p[0] + p[1]]
    keep = lst[:]          # (`list(lst)` and `lst.copy()` are refused by the lowering today)
    for k in range(3):
        lst[k] = lst[k] * lst[k]
    return sum(keep) * lst[0] + keep[2] * lst[2]   # (the copy keeps the old items)


def write_into(lst, p):
    for k in range(len(lst)):
        lst[k] = lst[k] * p[k % 2]
    return lst


def returned_list(p):
    lst = write_into([p[0], p[1], 1.0], p)
    return lst[0] + lst[1] * lst[2]


CASES = [grid_assigned, grid_accumulated, grid_through_a_helper, accumulated_1d, written_under_a_branch,
         read_while_written, through_an_alias, a_copy_kept, returned_list]


def central_differences(f, x, h=1e-6):
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(x.size)])


def check_both_modes(f):
    """Value against Python's, gradient against central differences, forward mode along one
    direction."""
    value, gradient = transpiler.value_and_grad(f)(X.copy())
    assert np.isclose(value, f(X.copy()), rtol=1e-12)
    expected = central_differences(f, X)
    assert np.allclose(gradient, expected, rtol=1e-6, atol=1e-8)
    direction = np.array([0.7, -0.4])
    _, tangent = transpiler.jvp(f, (X.copy(),), (direction,))
    assert np.isclose(tangent, expected @ direction, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_written_lists_in_loops_in_both_modes(f):
    check_both_modes(f)


@pytest.mark.parametrize("f", [grid_assigned, grid_accumulated, accumulated_1d, read_while_written],
                         ids=lambda f: f.__name__)
def test_written_lists_in_loops_to_second_order(f):
    gradient = transpiler.grad(f)
    hessian = transpiler.hessian(f)(X.copy())
    expected = np.array([(gradient(X + 1e-5 * e) - gradient(X - 1e-5 * e)) / 2e-5 for e in np.eye(2)])
    assert np.allclose(hessian, expected, rtol=1e-5, atol=1e-6)


def test_a_list_of_arrays_written_in_a_loop_float64_and_float32():
    x = np.array([0.5, -0.3, 0.8])
    gradient = transpiler.grad(rows_of_arrays)(x)
    assert np.allclose(gradient, central_differences(rows_of_arrays, x), rtol=1e-6)
    single = transpiler.grad(rows_of_arrays)(x.astype(np.float32))
    assert single.dtype == np.float32 and np.allclose(single, gradient, rtol=1e-4)


def test_a_lambda_and_a_closure_writing_a_grid():
    scale = 1.5
    fill = lambda p, i, j: np.tanh(p[0] * i - p[1] * j) * scale        # noqa: E731

    def f(p):
        grid = [[0.0] * 3 for _ in range(3)]
        for i in range(3):
            for j in range(3):
                grid[i][j] = fill(p, i, j)
        return sum(sum(v * v for v in row) for row in grid)
    assert np.allclose(transpiler.grad(f)(X), central_differences(f, X), rtol=1e-6)


def test_the_callers_list_is_changed_as_python_changes_it():
    """A list passed in by the caller and written: changed for the caller as Python's own call
    changes it (docs/syntax.md), once per gradient call."""
    def f(lst, p):
        for k in range(len(lst)):
            lst[k] = lst[k] * p[0] + p[1]
        return sum(lst)
    given, plain = [1.0, 2.0, 3.0], [1.0, 2.0, 3.0]
    gradient = transpiler.grad(f, wrt=1)(given, X)
    f(plain, X)
    assert given == plain
    assert np.allclose(gradient, [6.0, 3.0])


def test_the_grids_list_writes_read_their_adjoint_without_unbroadcast():
    """The outer write ``grid[i] = row`` into a list known to be one: its item's adjoint is read
    as it is (the inner row's kind is not known, so its write keeps ``unbroadcast``); the row's
    written position cleared in place (opt/adjoint_writes.py)."""
    source = transpiler.grad(grid_assigned).source(args=(X,))
    reverse = source.split("# reverse sweep")[1]
    assert "unbroadcast(d_grid" not in reverse and "cleared_in_place(d_" in reverse


def test_lists_made_by_list_helpers_and_written_are_lists():
    def f(p):
        grid = [[0.0] * 3 for _ in range(3)]
        grid[1][2] = p[0]
        acc = []
        acc.append(p[1])
        return grid, acc
    fn = resolve_sequence_operators(lowered(f), (None,))
    kinds = known_kinds(fn, (None,))
    by_name = {v.name: k for v, k in kinds.items()}
    # (the comprehension's list, `[0.0] * 3`, the outer write's copy, the appended list; the row
    # written, an item of a list, has no kind known)
    assert all(by_name[name] == "list" for name in ("_items", "_t3", "grid", "acc")), by_name


def rows_are_arrays(p):
    grid = [np.zeros(3) for _ in range(3)]
    for i in range(3):
        for j in range(3):
            grid[i][j] = np.sin(p[0] * i) * p[1] ** j
    return sum((row * row).sum() for row in grid)


def an_array_written(p):
    a = np.zeros(4)
    for i in range(4):
        a[i] = a[i - 1] * p[0] + p[1]
    return (a * a).sum()


def numpy_integer_positions(p):
    acc = [0.0] * 4
    for i in np.arange(4):
        acc[i] = acc[i - 1] * p[0] + p[1]
    return acc[3] * acc[2]


def a_dict_written(p):
    d = {0: 1.0, 1: 2.0, 2: 3.0}
    for k in range(3):
        d[k] = d[k] * p[0] + d[(k + 1) % 3] * p[1]
    return d[0] * d[1] + d[2]


def read_before_and_after(p):
    acc = [p[0], p[1], 1.0]
    first = acc[0] * 1.0
    for k in range(3):
        acc[k] = acc[k] * acc[(k + 2) % 3]
    return first * acc[0] + acc[1] * acc[2]


def a_parameters_list(lst, p):
    for k in range(len(lst)):
        lst[k] = lst[k] * p[0] + p[1] * lst[k - 1]
    return lst[0] * lst[-1]


MORE = [rows_are_arrays, an_array_written, numpy_integer_positions, a_dict_written, read_before_and_after]


@pytest.mark.parametrize("f", MORE, ids=lambda f: f.__name__)
def test_containers_that_are_not_lists_of_lists_written_in_loops(f):
    value, gradient = transpiler.value_and_grad(f)(X.copy())
    assert np.isclose(value, f(X.copy()), rtol=1e-12)
    assert np.allclose(gradient, central_differences(f, X), rtol=1e-6, atol=1e-8)
    _, tangent = transpiler.jvp(f, (X.copy(),), (np.array([0.7, -0.4]),))
    assert np.isclose(tangent, central_differences(f, X) @ [0.7, -0.4], rtol=1e-6, atol=1e-8)


def test_a_parameters_list_written_in_a_loop():
    given, plain = [1.0, 2.0, 0.5], [1.0, 2.0, 0.5]
    value, gradient = transpiler.value_and_grad(a_parameters_list, wrt=1)(given, X)
    assert value == a_parameters_list(plain, X) and given == plain
    expected = central_differences(lambda p: a_parameters_list([1.0, 2.0, 0.5], p), X)
    assert np.allclose(gradient, expected, rtol=1e-6)


def test_a_list_returned_whole_keeps_its_written_items():
    def f(p):
        acc = [0.0] * 3
        for i in range(3):
            acc[i] = acc[i - 1] * p[0] + p[1] * i
        return acc
    jacobian = np.array(transpiler.jacobian(f)(X))
    expected = np.array([[(a - b) / 2e-6 for a, b in zip(f(X + 1e-6 * e), f(X - 1e-6 * e))] for e in np.eye(2)]).T
    assert np.allclose(jacobian, expected, rtol=1e-6, atol=1e-8)
    value, pullback = transpiler.vjp(f, X)
    assert np.allclose(value, f(X))


def test_a_list_kept_by_another_list_in_the_loop():
    """``snaps`` keeps each version of ``acc`` (a copy each, or the list itself): no name may
    see a later write into what it kept."""
    def copies(p):
        acc, snaps = [0.0] * 3, []
        for k in range(3):
            snaps.append(acc[:])
            acc[k] = acc[k - 1] * p[0] + p[1]
        return sum(s[0] + s[2] for s in snaps) + acc[1]

    def itself(p):
        acc, snaps = [0.0] * 3, []
        for k in range(3):
            acc[k] = acc[k - 1] * p[0] + p[1]
            snaps.append(acc)
        return sum(s[0] * s[2] for s in snaps)
    for f in (copies, itself):
        try:
            value, gradient = transpiler.value_and_grad(f)(X.copy())
        except transpiler.TranspileError:
            continue        # (refused, located: the lowering's choice where the list is kept whole)
        assert np.isclose(value, f(X.copy()))
        assert np.allclose(gradient, central_differences(f, X), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("f, writes", [(grid_assigned, 1), (grid_accumulated, 2), (grid_through_a_helper, 1)],
                         ids=lambda v: getattr(v, "__name__", ""))
def test_a_grid_made_in_the_function_is_written_and_undone_by_item_stores(f, writes):
    """Rows known to be lists (opt/list_rows.py), positions the loops count: each write is
    ``row[j] = v`` itself, its old item pushed on a tape of its own, put back the same way."""
    source = transpiler.grad(f).source(args=(X,)).split(f"def {f.__name__}_")[-1]     # (not the helpers)
    forward, reverse = source.split("# reverse sweep")
    assert "private_list(" in forward and "assign_at(" not in forward.split("private_list(")[1]
    assert "written_in_row(" not in forward and "undo_write(" not in reverse
    assert forward.count("_overwritten.append(") == writes and reverse.count("= _overwritten.pop()") == writes
    assert ".append(grid" not in forward and "_written = grid" in forward    # (one list: kept, not taped)
    assert not re.search(r"unbroadcast\(\w+\[j\]", reverse)     # (the item's adjoint as it is: the row is a list)


@pytest.mark.parametrize("f, write", [(accumulated_1d, "written_item("), (rows_are_arrays, "written_in_row(")],
                         ids=lambda v: getattr(v, "__name__", ""))
def test_the_code_a_call_runs_writes_in_place_and_undoes_in_reverse(f, write):
    """Each write made in place on a private copy (one per write statement) and undone by the
    reverse loop, the tape holding the list itself (list_writes, opt/list_writes.py): where a
    position is computed (``(i + 1) % 5``) or the rows are arrays, by the helpers testing types."""
    source = transpiler.grad(f).source(args=(X,)).split(f"def {f.__name__}_")[-1]     # (not the helpers)
    forward, reverse = source.split("# reverse sweep")
    assert "private_list(" in forward and write in forward and "assign_at(" not in forward.split("private_list(")[1]
    assert reverse.count("undo_write(") == forward.count(write)


def test_a_slice_kept_in_the_loop_leaves_the_writes_copies():
    def f(p):
        acc, snaps = [0.0] * 3, []
        for k in range(3):
            snaps.append(acc[:])
            acc[k] = acc[k - 1] * p[0] + p[1]
        return sum(s[0] + s[2] for s in snaps) + acc[1]
    assert "written_item(" not in transpiler.grad(f).source(args=(X,))


def two_loops_one_list(p):
    acc = [1.0, 2.0, 3.0]
    for k in range(3):
        acc[k] = acc[k] * p[0] + acc[k - 1]
    for k in range(3):
        acc[k] = acc[(k + 1) % 3] * p[1] - acc[k] * acc[k]
    return acc[0] * acc[1] + acc[2]


def two_lists_one_loop(p):
    a, b = [p[0]] * 3, [p[1], 1.0, 2.0]
    for k in range(3):
        a[k] = a[k - 1] * b[k]
        b[k] = b[k] + a[k] * p[0]
    return sum(a) * b[2]


def a_position_from_the_data(p):
    acc = [0.5] * 4
    for k in range(4):
        where = int(abs(p[0]) * 7 + k) % 4         # (no jump near p[0] = 0.3)
        acc[where] = acc[where] * p[1] + acc[k]
    return acc[0] * acc[3] + acc[1]


def grown_and_written(p):
    acc = [p[0]]
    for k in range(3):
        acc.append(acc[-1] * p[1])
        acc[k] = acc[k] + acc[k + 1]
    return sum(a * a for a in acc)


def written_and_popped(p):
    acc = [p[0], p[1], 1.0, 2.0]
    for k in range(2):
        acc[0] = acc[0] * acc[-1]
        acc.pop()
    return acc[0] * acc[1]


TRICKY = [two_loops_one_list, two_lists_one_loop, a_position_from_the_data, grown_and_written, written_and_popped]


@pytest.mark.parametrize("f", TRICKY, ids=lambda f: f.__name__)
def test_lists_written_in_tricky_loops(f):
    value, gradient = transpiler.value_and_grad(f)(X.copy())
    assert np.isclose(value, f(X.copy()), rtol=1e-12)
    assert np.allclose(gradient, central_differences(f, X), rtol=1e-6, atol=1e-8)
    hessian = transpiler.hessian(f)(X.copy())
    g = transpiler.grad(f)
    expected = np.array([(g(X + 1e-5 * e) - g(X - 1e-5 * e)) / 2e-5 for e in np.eye(2)])
    assert np.allclose(hessian, expected, rtol=1e-5, atol=1e-6)


# Written by item stores (opt/list_rows.py: rows known to be lists, positions the loops count)
def written_twice_1d(p):
    acc = [0.0] * 5
    for i in range(5):
        acc[i] = p[0] * i
        acc[i] = acc[i] * p[1] + acc[i - 1]
    return sum(a * a for a in acc)


def stencil_in_rows_of_a_comprehension(p):
    grid = [[0.5 for _ in range(4)] for _ in range(3)]
    for i in range(3):
        for j in range(1, 4):
            grid[i][j] = grid[i][j - 1] * p[0] + p[1] * grid[i][j]
    return sum(sum(row) ** 2 for row in grid)


def counted_by_arange(p):
    grid = [[1.0] * 3 for _ in range(3)]
    for i in np.arange(3):
        for j in np.arange(3):
            grid[i][j] = np.sin(p[0] * i + grid[i][j]) * p[1]
    return sum(v * v for row in grid for v in row)


def overwritten_by_an_outer_loop(p):
    grid = [[0.0] * 3 for _ in range(2)]
    for k in range(3):
        for i in range(2):
            for j in range(3):
                grid[i][j] = grid[i][j] * p[0] + np.cos(p[1] * (i + j + k))
    return sum(sum(row) for row in grid) ** 2


def arrays_in_rows_of_lists(p):
    grid = [[np.zeros(2)] * 3 for _ in range(2)]
    for i in range(2):
        for j in range(3):
            grid[i][j] = p * (j + 1) + grid[i][j - 1] * p[0]
    return sum(float(np.sum(v * v)) for row in grid for v in row)


def integers_overwritten(p):
    grid = [[1] * 3 for _ in range(3)]      # (items put back are ints: the adjoint's helpers clear them)
    for i in range(3):
        for j in range(3):
            grid[i][j] = grid[i][j] * p[0] + p[1] * (i - j)
    return sum(sum(row) ** 2 for row in grid)


def numpy_floats_overwritten(p):
    grid = [[p[0] * 0.5] * 3 for _ in range(3)]
    for i in range(3):
        for j in range(3):
            grid[i][j] = np.tanh(grid[i][j] + p[1] * j) * p[0]
    return sum(sum(row) ** 2 for row in grid)


STORED = [written_twice_1d, stencil_in_rows_of_a_comprehension, counted_by_arange, overwritten_by_an_outer_loop,
          arrays_in_rows_of_lists, integers_overwritten, numpy_floats_overwritten]


@pytest.mark.parametrize("f", STORED, ids=lambda f: f.__name__)
def test_item_stores_against_differences_forward_and_second_order(f):
    check_both_modes(f)
    hessian = transpiler.hessian(f)(X.copy())
    g = transpiler.grad(f)
    numeric = np.array([(g(X + 1e-5 * e) - g(X - 1e-5 * e)) / 2e-5 for e in np.eye(2)])
    assert np.allclose(hessian, numeric, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("f", [f for f in STORED if f is not counted_by_arange], ids=lambda f: f.__name__)
def test_item_stores_are_what_the_code_runs(f):
    """(Not ``np.arange``'s positions: items of an array, not counters, so the helpers test them.)"""
    source = transpiler.grad(f).source(args=(X,)).split(f"def {f.__name__}_")[-1]
    forward, reverse = source.split("# reverse sweep")
    assert "_overwritten.append(" in forward and "written_in_row(" not in forward and "written_item(" not in forward
    assert "= _overwritten.pop()" in reverse and "undo_write(" not in reverse


@pytest.mark.parametrize("f", [grid_assigned, grid_accumulated, written_twice_1d])
def test_item_stores_under_a_memory_budget(f):
    """Checkpointed segments (``memory=``) replay the loops: the same gradient."""
    gradient = transpiler.grad(f, memory=2000)(X.copy())
    assert np.allclose(gradient, central_differences(f, X), rtol=1e-6, atol=1e-8)
