"""A list of known length (a display, a list parameter taken apart) that a loop carries with an
item written (``layers[i] = f(layers[i])``, ``params = params.copy(); params[0] = ...``): the
analysis kept its adjoint item by item, as a tuple's, and reverse mode refused every such loop
("a tuple carried from one iteration to the next", hinting at separate names, which an indexed
write cannot use). Its adjoint is now a list (analysis/facts.py ``_written_in_loops``); a tuple a
loop carries is still refused (tests/test_unsupported.py)."""
import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad

X = np.array([0.3, 0.5, 0.7])
DIRECTION = np.array([0.3, -0.2, 0.5])
DECAY = 0.9


def each_item_in_turn(x):
    layers = [x, x * 2, x * 3]
    for i in range(3):
        layers[i] = np.sin(layers[i]) * layers[(i + 1) % 3]
    return sum(l.sum() for l in layers)


def under_a_branch_in_the_loop(x):
    layers = [x, x * 2, x * 3]
    for i in range(3):
        if layers[i].sum() > 1.0:
            layers[i] = np.sin(layers[i]) * x
    return sum((l * l).sum() for l in layers)


def numbers_added_into(x):
    totals = [0.0, 0.0]
    for i in range(3):
        totals[i % 2] += x[i] * x[(i + 1) % 3]
    return totals[0] * totals[1]


def copied_each_step(x):
    params = [x, x * 2]
    for step in range(3):
        params = params.copy()
        params[1] = params[0] * params[1] * DECAY       # (a global constant)
    return params[1].sum()


def in_a_while_loop(x):
    lst = [x, x * 2]
    i = 0
    while i < 3:
        lst[i % 2] = lst[i % 2] * np.cos(x)
        i += 1
    return (lst[0] + lst[1]).sum()


def step(params, x):
    params[0] = params[0] - 0.1 * np.sin(params[1] * x)
    return params


def through_a_helper(x):
    params = [x * 1.5, x * 2]
    for _ in range(3):
        params = step(params, x)
    return (params[0] * params[1]).sum()


CASES = [each_item_in_turn, under_a_branch_in_the_loop, numbers_added_into, copied_each_step, in_a_while_loop,
         through_a_helper]


def numeric_gradient(f, x, h=1e-6):
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(x.size)])


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_a_list_written_in_a_loop_in_both_modes(f):
    value, _ = transpiler.value_and_grad(f)(X.copy())
    assert np.isclose(value, f(X.copy()))
    assert check_grad(f, X.copy())
    _, tangent = transpiler.jvp(f, (X.copy(),), (DIRECTION,))
    assert np.isclose(tangent, numeric_gradient(f, X) @ DIRECTION, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("f", [each_item_in_turn, numbers_added_into], ids=lambda f: f.__name__)
def test_second_order_through_a_list_written_in_a_loop(f):
    gradient = transpiler.grad(f)
    expected = np.array([(gradient(X + 1e-5 * e) - gradient(X - 1e-5 * e)) / 2e-5 for e in np.eye(3)])
    assert np.allclose(transpiler.hessian(f)(X), expected, atol=1e-6)


def solver(params, x):
    for _ in range(3):
        params = params.copy()
        params[0] = params[0] - 0.1 * np.sin(params[1] * x)
        params[1] = params[1] * 0.9
    return (params[0] * params[1]).sum()


def test_a_list_parameter_copied_and_written_in_a_loop():
    assert check_grad(solver, [X * 1.5, X * 2], X, wrt=(0, 1))


def test_float32_items_written_in_a_loop():
    x = X.astype(np.float32)
    g = transpiler.grad(each_item_in_turn)(x)
    assert g.dtype == np.float32
    assert np.allclose(g, transpiler.grad(each_item_in_turn)(X), rtol=1e-4)
