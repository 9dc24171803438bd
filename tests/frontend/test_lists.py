"""Lists of the user's code as values (frontend/containers.py, primitives/lists.py):
``append``, ``extend``, ``insert``, ``pop``, ``lst[i] = v``, ``lst += [...]``, ``lst + [...]`` and
``n * lst`` rebind the list to a new one, so both modes differentiate them, in loops too; checked against
central finite differences."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError
from sequence_checks import assert_both_modes

X = np.array([0.3, -1.2, 0.8])


def grown_in_a_loop_and_summed(x):
    out = []
    for i in range(3):
        out.append(x[i] * 2)
    return sum(out)


def grown_in_a_while_loop(x):
    out = [x[0]]
    k = 1
    while k < 3:
        out.append(out[-1] * x[k] + 1.0)
        k = k + 1
    return sum(out)


def arrays_appended_then_stacked(x):
    states = []
    h = x
    for _ in range(3):
        h = np.tanh(h * 1.5 + 0.1)
        states.append(h)
    return np.sum(np.stack(states) ** 2)


def appended_in_a_branch(x):
    out = []
    for i in range(3):
        if i != 1:
            out.append(np.sin(x[i]))
        else:
            out.append(x[i] ** 3)
    return sum(out) * out[0]


def every_method(x):
    out = [x[0], x[1] * 3, x[2] ** 2]
    v = out.pop()
    w = out.pop(0)
    out.insert(0, v * w)
    out.extend([x[1], x[2]])
    out += [x[0] * 5]
    out[1] = out[1] * x[2]
    return sum(out, x[1])


def extend_with_an_array(x):
    out = [x[0] * 2]
    out.extend(x * x)
    return sum(out) + out[2] * out[0]


def concatenation(x):
    a = [x, x]
    b = a + [x * 2]
    return np.sum(np.stack(b)) + np.sum(b[2] * b[0])


def pop_in_a_loop(x):
    stack = [x[0], x[1], x[2]]
    total = 0.0
    for k in range(3):
        total = total * 0.5 + stack.pop() * (k + 1)
    return total


def list_length_used(x):
    out = []
    for i in range(3):
        out.append(x[i])
    return sum(out) / len(out)


def list_of_lists(x):
    rows = []
    for i in range(2):
        row = []
        for j in range(3):
            row.append(x[j] * (i + 1))
        rows.append(row)
    return sum(sum(r) for r in rows) + rows[1][2] * rows[0][0]


def helper_appending(out, v):
    out.append(v * v)
    return out


def appended_by_a_helper(x):
    out = [x[0]]
    out = helper_appending(out, x[1])
    return sum(out)


@pytest.mark.parametrize("f", [
    grown_in_a_loop_and_summed, grown_in_a_while_loop, arrays_appended_then_stacked,
    appended_in_a_branch, every_method, extend_with_an_array, concatenation, pop_in_a_loop,
    list_length_used, list_of_lists, appended_by_a_helper,
])
def test_list_operations_match_finite_differences_in_both_modes(f):
    assert_both_modes(f, X)


def test_hessian_through_a_list_grown_in_a_loop():
    h = transpiler.hessian(appended_in_a_branch)(X)
    eps = 1e-5
    g = transpiler.grad(appended_in_a_branch)
    numeric = np.array([(g(X + eps * e) - g(X - eps * e)) / (2 * eps) for e in np.eye(3)])
    np.testing.assert_allclose(h, numeric, rtol=1e-5, atol=1e-8)


def test_reverse_code_grows_the_list_with_appended():
    source = transpiler.grad(grown_in_a_loop_and_summed).source()
    assert "appended(" in source and "sum_adjoint(" in source


def alias_read_after_append(x):
    a = [x[0]]
    b = a
    a.append(x[1])
    return sum(b)


def test_another_name_for_an_appended_list_is_read_as_that_list():
    # `b = a` bound once, neither rebound: `b` is `a`, appended to (frontend/views.py)
    assert alias_read_after_append(X) == X[0] + X[1]
    np.testing.assert_allclose(transpiler.grad(alias_read_after_append)(X), [1.0, 1.0] + [0.0] * (len(X) - 2))


def item_read_before_append(x):
    a = [x[0] * 2]
    first = a[0]
    a.append(x[1])
    return first * sum(a)


def test_an_item_read_before_an_append_keeps_its_value():
    assert_both_modes(item_read_before_append, X)


def repeats_a_list(x):
    a = [x[0]]
    return sum(a * 2)


def repeats_as_sklearn_does(x):
    # sklearn's _solve_cholesky: `np.array_equal(alpha, len(alpha) * [alpha[0]])`
    alphas = len(x) * [x[0]]
    pairs = [x[1], x[2] ** 2] * 2
    return np.sum(np.array(alphas) * x) + sum(pairs) * x[0]


def repeats_arrays_in_a_loop(x):
    total = 0.0
    for k in range(1, 3):
        rows = [x * k, np.sin(x)] * k
        total = total + np.sum(np.stack(rows) ** 2)
    return total + sum((x[0], x[1]) * 3)


def tuple_displays_joined_and_repeated(x):
    # (a wrong gradient: `(a, b) * 3` was differentiated as a product, 1 where 3 is right)
    pair = (x[0], x[1])
    return sum(pair * 3) + sum((x[0], x[1]) + (x[1],)) * sum(2 * (x[2], 1.0)) + sum(() + pair)


@pytest.mark.parametrize("f", [repeats_a_list, repeats_as_sklearn_does, repeats_arrays_in_a_loop,
                               tuple_displays_joined_and_repeated])
def test_repeating_a_list_matches_finite_differences_in_both_modes(f):
    assert_both_modes(f, X)


def test_hessian_through_a_repeated_list():
    g = transpiler.grad(repeats_as_sklearn_does)
    h = 1e-6
    numeric = np.stack([(g(X + h * e) - g(X - h * e)) / (2 * h) for e in np.eye(3)], axis=1)
    np.testing.assert_allclose(transpiler.hessian(repeats_as_sklearn_does)(X), numeric, rtol=1e-5, atol=1e-7)


def repeats_by_a_float(x):
    return sum([x[0]] * 2.0)


def test_repeating_a_list_by_a_non_integer_is_a_type_error_as_in_python():
    with pytest.raises(TypeError):
        repeats_by_a_float(X)
    with pytest.raises(UnsupportedSyntaxError, match="Python raises TypeError"):
        transpiler.grad(repeats_by_a_float)(X)


def starred_display(x):
    head = [x[0], x[1]]
    return sum([*head, x[2] * 2, *head]) * sum((*head, 1.0))


def list_parameters_joined(xs, ys):
    joined = [*xs, *ys] + list(ys)
    return np.sum(np.stack(joined) ** 2)


def test_starred_display_matches_finite_differences_in_both_modes():
    assert_both_modes(starred_display, X)


@pytest.mark.parametrize("wrt", [0, 1])
def test_list_parameters_joined_by_starred_display_and_list(wrt):
    xs = [np.array([0.5, 1.0]), np.array([2.0, -1.0])]
    ys = [np.array([3.0, 0.25])]
    expected = [2 * v for v in xs] if wrt == 0 else [4 * v for v in ys]
    got = transpiler.grad(list_parameters_joined, wrt=wrt)(xs, ys)
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g, e)


def empty_constructors(x):
    out = list()
    out.append(x[0] * 3)
    return sum(out + list(tuple())) + len(tuple())


def test_empty_list_and_tuple_constructors():
    assert_both_modes(empty_constructors, X)


def appends_to_its_parameter(x, history):
    history.append(x * 2)
    return sum(history)


def test_a_list_the_caller_passed_is_changed_as_python_changes_it():
    history = [1.0]
    assert transpiler.grad(appends_to_its_parameter)(0.5, history) == 2.0
    assert history == [1.0, 1.0]          # (it was left as [1.0]: tests/api/test_changed_list_arguments.py)


def rows_replaced_by_longer_lists(x):
    rows = [[x[0]], [2 * x[1]]]
    rows[1] = rows[1] + [x[2] * 3]
    return rows[1][0] * rows[1][1] + rows[0][0] ** 2


def rows_grown_by_rebinding_in_a_loop(x):
    rows = [[] for _ in range(2)]
    for i in range(2):
        rows[i] = rows[i] + [x[i] * (i + 1)]
    history = {"loss": []}
    history["loss"] = history["loss"] + [x[2] * x[2]]
    return rows[1][0] * rows[0][0] + history["loss"][-1]


@pytest.mark.parametrize("f", [rows_replaced_by_longer_lists, rows_grown_by_rebinding_in_a_loop])
def test_a_list_item_replaced_by_a_list_of_another_length_differentiates(f):
    # the replaced item's adjoint is a zero shaped like the old item (a list), not the number 0.0
    # (reverse mode crashed with "'float' object is not subscriptable")
    assert_both_modes(f, X)
