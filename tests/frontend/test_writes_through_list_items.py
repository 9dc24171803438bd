"""An SGD step written into the loop variable: ``for p, g in zip(params, grads): p -= lr * g``
(frontend/rows.py's list items, entry_writes.py's write-back). NumPy changes the array the list
holds, so ``params[i]`` read later sees the new value; on a number ``p -= v`` rebinds ``p`` alone.
Before, every spelling here was refused ("`p -= ...` changes an array in place ..." or "writing
into `p`, which may share memory with the sequence an enclosing loop iterates over").

Each case is checked against Python's own value (run on a copy), central differences of Python's
function (grad, and jvp along a direction), the Hessian against differences of the gradient,
and float32; the argument is left as it was (the derivative never writes into it)."""
import numpy as np
import pytest

import python_semantics
import transpiler
from transpiler import TranspileError

X = np.array([0.7, -1.3, 0.4])
DIRECTION = np.array([0.5, -0.25, 1.0])


def check(f, x=X, second_order=True):
    python_semantics.check(f, x, DIRECTION, second_order=second_order)


def sgd_over_zip(x):
    params = [x * 1.0, x ** 2]
    grads = [np.sin(p) for p in params]
    for p, g in zip(params, grads):
        p -= 0.1 * g
    return np.sum(params[0] * params[1])


def sgd_list_second_in_zip(x):
    params = [x * 1.0, x ** 2]
    grads = [np.sin(x), np.cos(x)]
    for g, p in zip(grads, params):
        p -= 0.1 * g
    return np.sum(params[0] * params[1])


def decay_each_item(x):
    params = [x * 1.0, x ** 2]
    for p in params:
        p *= 0.9
        p -= 0.1 * p ** 2              # written twice: the list sees the second write too
    return np.sum(params[0] * params[1])


def write_every_element(x):
    params = [x * 1.0, x ** 2]
    for p in params:
        p[...] = np.sin(p)
    return np.sum(params[0] * params[1])


def subtract_into_a_slice(x):
    params = [x * 1.0, x ** 2]
    for p in params:
        p[:] -= 0.2 * p
    return np.sum(params[0] * params[1])


def step(params, grads, lr):
    for p, g in zip(params, grads):
        p -= lr * g                    # returns nothing: the caller's list changed


def through_a_helper(x):
    params = [x * 1.0, x ** 2]
    step(params, [np.sin(x), np.cos(x)], 0.1)
    return np.sum(params[0] * params[1])


LEARNING_RATE = 0.05


def through_a_lambda_and_a_global(x):
    params = [x * 1.0, x ** 3]
    update = lambda p: p - LEARNING_RATE * p ** 2        # noqa: E731
    for p in params:
        p[:] = update(p)
    return np.sum(params[0] + params[1] ** 2)


def epochs_of_sgd(x):
    params = [x * 1.0, x ** 2]
    for epoch in range(3):             # the list carried through an outer loop: no length needed
        grads = [np.tanh(p) for p in params]
        for p, g in zip(params, grads):
            p -= 0.1 * g
    return np.sum(params[0] * params[1])


def momentum(x):
    params = [x * 1.0, x ** 2]
    velocities = [np.zeros_like(p) for p in params]
    for epoch in range(2):
        for p, v in zip(params, velocities):
            v *= 0.9
            v += np.sin(p)
            p -= 0.1 * v
    return np.sum(params[0] * params[1]) + np.sum(velocities[1])


def branch_per_item(x):
    params = [x * 1.0, x ** 2, np.sin(x)]
    for i, p in enumerate(params):
        if i % 2 == 0:
            p *= 0.9
        else:
            p[...] = p + 0.5 * np.cos(p)
    return np.sum(params[0] * params[1] + params[2])


def branch_on_values(x):
    params = [x * 1.0, x ** 2]
    for p in params:
        if np.sum(p) > 0:
            p -= 0.3 * p
    return np.sum(params[0] * params[1])


def list_built_by_appends(x):
    params = []
    for k in range(3):
        params.append(x * (k + 1.0))
    for p in params:
        p += np.sin(p)
    return np.sum(params[0] * params[1] * params[2])


def loop_variable_read_after_the_write(x):
    params = [x * 1.0, x ** 2]
    total = 0.0
    for p in params:
        p -= 0.1 * p
        total = total + np.sum(p)
    return total + np.sum(params[1])


def items_are_numbers(x):
    params = [x[0] * 1.0, x[1] * 2.0]
    for p in params:
        p -= 0.5                       # a number: `p` alone changes, the list keeps the old ones
    return params[0] * params[1]


def fill_in_a_helper_loop(lst, x):
    for i in range(2):
        lst[i] = lst[i] * x


def list_filled_by_a_helper_loop(x):
    lst = [x * 1.0, x ** 2]
    fill_in_a_helper_loop(lst, x)      # (a helper's loop writing into its list parameter)
    return np.sum(lst[0] * lst[1])


def inner_lists_written(x):
    m = [[x[0], x[1]], [x[2], 1.0]]
    for row in m:
        row[0] = row[0] * 2.0          # a list item: the list `m` holds changes
        row[1] += 3.0
    return m[0][0] * m[1][0] + m[0][1] * m[1][1]


def inner_lists_extended(x):
    m = [[x[0]], [x[2], 1.0]]
    for row in m:
        row += [x[1]]                  # a list extends in place (the generated code raised IndexError)
    return m[0][1] * m[1][2] + m[0][0]


def sgd_in_reverse(x):
    params = [x * 1.0, x ** 2, np.sin(x)]
    for p in reversed(params):
        p -= 0.1 * p ** 2
    return np.sum(params[0] * params[1] * params[2])


def shrink(w):
    w -= 0.3 * np.tanh(w)


def dict_values_in_place(x):
    params = {"W": x * 1.0, "b": x ** 2}
    for p in params.values():
        p -= 0.1 * p                   # (a dict built with constant keys: entries read live)
    for p in params.values():
        shrink(p)
    return np.sum(params["W"] * params["b"])


def dict_items_in_place(x):
    params = {"W": x * 1.0, "b": x[0] * 2.0}
    grads = {"W": np.sin(x), "b": x[1]}
    for name, p in params.items():
        p -= 0.1 * grads[name]          # "b" a number: rebound alone
    return np.sum(params["W"]) * params["b"]


CASES = [sgd_over_zip, sgd_list_second_in_zip, decay_each_item, write_every_element, subtract_into_a_slice,
         through_a_helper, through_a_lambda_and_a_global, epochs_of_sgd, momentum, branch_per_item,
         branch_on_values, list_built_by_appends, loop_variable_read_after_the_write, items_are_numbers,
         list_filled_by_a_helper_loop, inner_lists_extended, sgd_in_reverse, dict_values_in_place,
         dict_items_in_place]


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_a_write_through_the_loop_variable_reaches_the_list(f):
    check(f)
    check(f, -X[::-1].copy(), second_order=False)


def one_array_twice(x):
    a = x * 1.0
    params = [a, a]                    # Python subtracts twice from `a`
    for p in params:
        p -= 0.1
    return np.sum(params[0])


def one_array_in_two_entries(x):
    a = x * 1.0
    params = {"W": a, "V": a}
    for p in params.values():
        p -= 0.1
    return np.sum(params["W"])


def argument_held_and_read(x):
    params = [x, x ** 2]
    for p in params:
        p *= 2.0                       # Python doubles the caller's `x` in place
    return np.sum(x) + np.sum(params[1])


@pytest.mark.parametrize("f", [one_array_twice, one_array_in_two_entries, argument_held_and_read],
                         ids=lambda f: f.__name__)
def test_a_write_another_name_would_see_is_refused_at_run_time(f):
    with pytest.raises(TranspileError, match="changes an array in place"):
        transpiler.grad(f)(np.copy(X))


def argument_held(x):
    params = [x, x ** 2]
    for p in params:
        p *= 2.0                       # Python doubles the caller's `x`; the derivative does not
    return np.sum(params[0] * params[1])


def test_the_callers_array_is_never_written():
    given = np.copy(X)
    gradient = transpiler.grad(argument_held)(given)
    np.testing.assert_array_equal(given, X)
    np.testing.assert_allclose(gradient, [python_semantics.central(argument_held, X, e) for e in np.eye(3)], rtol=1e-6)


def one_list_twice(x):
    r = [x[0], x[1]]
    m = [r, r]                         # Python doubles r[0] twice
    for row in m:
        row[0] = row[0] * 2.0
    return m[0][0] + m[1][0]


def test_inner_lists_written_through_the_loop_variable():
    # (first order only: its Hessian stops with a ValueError in broadcast_like of the
    # forward-over-reverse code, a list adjoint's tangent: an ad/ issue, reported)
    check(inner_lists_written, second_order=False)


def test_a_list_held_twice_is_refused_at_run_time():
    with pytest.raises(TypeError, match="also another entry of its container"):
        transpiler.grad(one_list_twice)(np.copy(X))
