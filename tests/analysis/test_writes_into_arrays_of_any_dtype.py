"""A float written into an integer or boolean array is truncated by NumPy: its derivative is 0.
Where analysis/kinds.py knows the array's dtype the derivative is cut at compile time
(``np.array([0, 0])``, ``np.zeros(2, np.int32)``, ``np.arange(n)``, a list of ints made an
array); where it does not (a value merged from arrays of two dtypes), ``written_share`` decides
at run time by the array's dtype. Before, these spellings gave a wrong gradient (6.6 where
NumPy's function has 3.0) in reverse mode, forward mode or both. Each is checked against
NumPy's value and central differences, in both modes."""
import numpy as np
import pytest

import transpiler
from transpiler import check_grad

X = np.array([1.2, 0.5])      # (x * 3 and x * 2 far from an integer: truncation is locally constant)


def a_list_display_of_ints(x):
    k = np.array([0, 0])
    k[0] = x[0] * 3
    return np.sum(k * x)


def an_augmented_write(x):
    k = np.array([0, 0])
    k[0] += x[0] * 3
    return np.sum(k * x)


def a_whole_slice(x):
    k = np.array([0, 0])
    k[:] = x * 3
    return np.sum(k * x)


def np_put(x):
    k = np.array([0, 0])
    np.put(k, [0], x[0] * 3)
    return np.sum(k * x)


def a_mask(x):
    k = np.array([0, 0])
    positive = x > 0
    k[positive] = x[positive] * 3
    return np.sum(k * x)


def a_partial_slice(x):
    k = np.array([0, 0, 0])
    k[1:] = x * 3
    return np.sum(k[1:] * x)


def a_row_of_a_matrix(x):
    k = np.array([[0, 0], [0, 0]])
    k[0] = x * 3
    return np.sum(k[0] * x) + np.sum(k[1] * x)


def a_boolean_array(x):
    k = np.array([False, False])
    k[0] = x[0]
    return np.sum(k * x) + np.sum(x ** 2)


def an_int32_array(x):
    k = np.zeros(2, np.int32)
    k[0] = x[0] * 3
    return np.sum(k * x)


def an_arange(x):
    k = np.arange(2)
    k[0] = x[0] * 3
    return np.sum(k * x)


def a_list_of_ints_made_an_array(x):
    counts = [0, 0]
    k = np.array(counts)
    k[0] = x[0] * 3
    return np.sum(k * x)


def picked_by_a_flag(x, use_ints):
    k = np.zeros(2, dtype=int) if use_ints else np.zeros(2)     # (a dtype only the run knows)
    k[0] = x[0] * 3
    return np.sum(k * x)


def copies_in_a_loop_over_arrays_of_two_dtypes(x):
    total = 0.0
    for buf in (np.zeros(2, int), np.zeros(2)):
        b = buf.copy()
        b[0] = x[0] * 2
        total = total + np.sum(b * x)
    return total


def a_float_display_with_an_integer_looking_dtype(x):
    k = np.array([1, 2], dtype=float)     # float: the written value keeps its derivative
    k[0] = x[0] * 3
    return np.sum(k * x)


CASES = [(a_list_display_of_ints, ()), (an_augmented_write, ()), (a_whole_slice, ()), (np_put, ()),
         (a_mask, ()), (a_partial_slice, ()), (a_row_of_a_matrix, ()), (a_boolean_array, ()),
         (an_int32_array, ()), (an_arange, ()), (a_list_of_ints_made_an_array, ()),
         (picked_by_a_flag, (True,)), (picked_by_a_flag, (False,)),
         (copies_in_a_loop_over_arrays_of_two_dtypes, ()), (a_float_display_with_an_integer_looking_dtype, ())]


def central_difference(f, x, direction, rest, h=1e-6):
    return (f(x + h * direction, *rest) - f(x - h * direction, *rest)) / (2 * h)


@pytest.mark.parametrize("f, rest", CASES, ids=lambda c: getattr(c, "__name__", str(c)))
def test_a_value_written_into_an_array_has_the_derivative_numpy_gives_it_in_both_modes(f, rest):
    value, gradient = transpiler.value_and_grad(f)(X.copy(), *rest)
    assert value == pytest.approx(f(X.copy(), *rest), rel=1e-14)
    assert check_grad(f, X.copy(), *rest).ok
    direction = np.array([1.0, 2.0])
    _, directional = transpiler.jvp(f, (X.copy(), *rest), (direction, *[False for _ in rest]))
    assert directional == pytest.approx(central_difference(f, X, direction, rest), rel=1e-6)
    assert directional == pytest.approx(np.dot(gradient, direction), rel=1e-12)


def test_the_truncated_value_contributes_nothing():
    # k = [3, 0] whatever x's fraction: d/dx sum(k * x) = k
    np.testing.assert_allclose(transpiler.grad(a_list_display_of_ints)(X), [3.0, 0.0])
    np.testing.assert_allclose(transpiler.grad(picked_by_a_flag)(X, True), [3.0, 0.0])
    np.testing.assert_allclose(transpiler.grad(picked_by_a_flag)(X, False), [7.2, 0.0])


def test_the_run_time_decision_is_made_only_where_the_dtype_is_unknown():
    assert "written_share" in transpiler.grad(picked_by_a_flag).source()
    assert "written_share" not in transpiler.grad(a_list_display_of_ints).source()
    assert "written_share" not in transpiler.grad(a_float_display_with_an_integer_looking_dtype).source()


N = 3


def a_grid_of_lists(x):
    grid = [[0.0] * N for _ in range(N)]
    for i in range(N):
        for j in range(N):
            grid[i][j] = np.sin(x[0] * i) + x[1] * j
    return sum(sum(row) for row in grid)


def copies_of_a_list_of_integer_arrays(x):
    rows = [np.zeros(2, dtype=int) for _ in range(2)]
    total = 0.0
    for i in range(2):
        row = rows[i].copy()       # (an item of a list of arrays: its dtype unknown to the analysis)
        row[0] = x[0] * 3
        total = total + np.sum(row * x)
    return total


def test_a_list_whose_items_are_lists_is_written_without_a_run_time_decision():
    """A list's rows, lists themselves (analysis/kinds.py: what a list's items are), keep what
    is written: no ``written_share`` per element (a helper call per write of the grid)."""
    assert "written_share" not in transpiler.grad(a_grid_of_lists).source(args=(X,))
    assert check_grad(a_grid_of_lists, X.copy()).ok


def test_an_item_of_a_list_of_integer_arrays_is_decided_at_run_time():
    np.testing.assert_allclose(transpiler.grad(copies_of_a_list_of_integer_arrays)(X), [6.0, 0.0])
    direction = np.array([1.0, 2.0])
    _, directional = transpiler.jvp(copies_of_a_list_of_integer_arrays, (X,), (direction,))
    assert directional == pytest.approx(central_difference(copies_of_a_list_of_integer_arrays, X, direction, ()))


def rows_then_integer_arrays(x):
    rows = [[0.0, 0.0]]
    total = 0.0
    for i in range(3):
        row = rows[i]          # a list at i = 0, an integer array after
        rows.append(np.zeros(2, dtype=int))
        total = total + np.sum(row)
    return total


def test_an_item_of_a_list_is_a_list_only_while_every_item_put_in_is_one():
    from transpiler.analysis.kinds import value_kinds
    from transpiler.driver.pipeline import lowered
    fn = lowered(rows_then_integer_arrays)
    kinds = {v.name: k for v, k in value_kinds(fn, {fn.params[0]: "f8"}).items()}
    assert kinds["rows"] == "list" and "row" not in kinds      # (the first pass's guess withdrawn)
