"""List primitives (primitives/lists.py): each rule against central finite differences, in
reverse mode and, through forward mode over the generated gradient, second order; and their
runtime helpers on arrays, tuples and empty lists."""
import numpy as np
import pytest
from array_check import check_gradient, rng

import transpiler
from transpiler.primitives import lists

X = rng(20).normal(size=(4,))
M = rng(21).normal(size=(3, 2))


def append_then_sum(x):
    out = [x[0]]
    out.append(x[1] * x[2])
    return sum(out) * out[1]


def extend_with_rows(m):
    out = [m[0] * 2]
    out.extend(m)
    return np.sum(np.stack(out) ** 2)


def concatenate_lists(x):
    joined = [x[0], x[1]] + [x[2] ** 2]
    return joined[2] * joined[0] + sum(joined)


def concatenate_a_list_and_an_array(x):         # NumPy's sum: ndarray.__radd__
    return np.sum(([x[0], 2.0, x[1] * x[3]] + x[1:]) ** 2) + np.sum((x[:2] + [[1.0], [x[2]]]) ** 2)


def multiply_a_list_and_an_array(x):            # NumPy's product: ndarray.__rmul__
    return np.sum([x[0], 2.0, x[1] * x[3]] * x[1:] ** 2) + np.sum(x[:2] * [1.5, x[2]] * x[1:3])


def repeat_lists_of_numbers_and_rows(x):
    doubled = [x[0], x[1] ** 2] * 2
    rows = 3 * [x[2:] * x[0]]
    return doubled[3] * doubled[0] + sum(doubled) + np.sum(np.stack(rows) ** 2)


def insert_at_the_front_and_past_the_end(x):
    out = [x[0], x[1]]
    out.insert(0, x[2] * 3)
    out.insert(10, x[3])
    return out[0] * out[3] + sum(out)


def pop_from_the_middle(x):
    out = [x[0], x[1] ** 2, x[2]]
    v = out.pop(1)
    return v * sum(out)


def transpose_pairs(x):
    pairs = [(x[0], x[1]), (x[2], x[3])]
    firsts, seconds = zip(*pairs)
    return firsts[1] * seconds[0] + sum(seconds)


def transpose_matrix_rows(m):
    columns = list(zip(*m))
    return sum(c[0] * c[2] for c in columns)


def tuple_and_list_of_an_array(x):
    t = tuple(x)
    return t[0] * t[3] + sum(list(x * 2))


def builtin_sum_with_an_array_start(m):
    return np.sum(sum(m, m[0] * 3.0) ** 2)


def iterate_over_a_row(m):
    total = 0.0
    for v in m[1]:            # `m`'s kind not known (no arguments to compile for): `iterated(m[1])`
        total = total + v * v * m[0, 0]
    return total


def sort_and_weigh(x):
    s = sorted([x[0] * 2, x[1], np.sin(x[2]), x[3]], reverse=True)
    return s[0] * 3 + s[1] * s[2] - s[3]


CASES = {
    lists.appended: [(append_then_sum, (X,), (0,))],
    lists.extended: [(extend_with_rows, (M,), (0,))],
    lists.concatenated: [(concatenate_lists, (X,), (0,)), (concatenate_a_list_and_an_array, (X,), (0,))],
    lists.repeated: [(repeat_lists_of_numbers_and_rows, (X,), (0,)), (multiply_a_list_and_an_array, (X,), (0,))],
    lists.inserted: [(insert_at_the_front_and_past_the_end, (X,), (0,))],
    lists.removed: [(pop_from_the_middle, (X,), (0,))],
    lists.transposed: [(transpose_pairs, (X,), (0,)), (transpose_matrix_rows, (M,), (0,))],
    list: [(tuple_and_list_of_an_array, (X,), (0,))],
    tuple: [(tuple_and_list_of_an_array, (X,), (0,))],
    sum: [(append_then_sum, (X,), (0,)), (builtin_sum_with_an_array_start, (M,), (0,))],
    lists.iterated: [(iterate_over_a_row, (M,), (0,))],
    sorted: [(sort_and_weigh, (X,), (0,))],
}


def test_an_iteration_whose_kind_is_unknown_keeps_its_rule():
    assert "iterated(" in transpiler.grad(iterate_over_a_row).source()


def test_an_iteration_over_a_row_of_a_float_array_iterates_the_row_itself():
    assert "iterated(" not in transpiler.grad(iterate_over_a_row).source(args=(M,))


def _case_id(value):
    return value[0].__name__ if isinstance(value, tuple) else getattr(value, "__name__", None)


@pytest.mark.parametrize("key, case", [(k, c) for k, cs in CASES.items() for c in cs], ids=_case_id)
def test_list_rule_matches_finite_differences(key, case):
    fn, args, wrt = case
    check_gradient(fn, args, wrt)


@pytest.mark.parametrize("fn, x", [(append_then_sum, X), (pop_from_the_middle, X), (transpose_pairs, X),
                                   (insert_at_the_front_and_past_the_end, X), (sort_and_weigh, X),
                                   (iterate_over_a_row, M)])
def test_hessian_through_list_rules_matches_differences_of_the_gradient(fn, x):
    h = transpiler.hessian(fn)(x)
    g = transpiler.grad(fn)
    eps = 1e-5
    numeric = np.array([(g(x + eps * e) - g(x - eps * e)) / (2 * eps) for e in np.eye(x.size).reshape(-1, *x.shape)])
    np.testing.assert_allclose(h.reshape(x.size, x.size), numeric.reshape(x.size, x.size), rtol=1e-5, atol=1e-7)


def test_adjoint_helpers_keep_the_form_of_their_sequence():
    assert isinstance(lists.like_sequence([1.0, 2.0], (0.0, 0.0)), list)
    assert lists.like_sequence([], np.zeros((0, 2))).shape == (0, 2)
    np.testing.assert_array_equal(lists.sum_adjoint(np.ones(2), np.zeros((3, 2))), np.ones((3, 2)))
    number, array = lists.sum_adjoint(np.full(2, 2.0), [1.0, np.zeros(2)])
    assert number == 4.0 and array.tolist() == [2.0, 2.0]        # summed back where broadcast
    assert lists.inserted_position([1, 2], -1) == 1 and lists.inserted_position([1, 2], 9) == 2
    assert lists.removed_adjoint([5.0], [1.0, 2.0], -1) == [5.0, 0.0]
    assert lists.untransposed([(1.0, 2.0)], [[0.0, 0.0], [0.0]]) == [[1.0, 0.0], [2.0]]


def test_a_list_and_an_array_add_and_multiply_as_numpy_does():
    assert lists.concatenated([1.0], [2.0]) == [1.0, 2.0] and lists.repeated((1.0,), 2) == (1.0, 1.0)
    np.testing.assert_array_equal(lists.concatenated([1.0, 2.0], np.ones(2)), [2.0, 3.0])
    np.testing.assert_array_equal(lists.repeated([1.0, 2.0], np.full(2, 3.0)), [3.0, 6.0])
