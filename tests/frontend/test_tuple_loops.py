"""A tuple carried through a loop, rebound there only to displays of its length, is lowered with
one name per item (frontend/tuple_loops.py): the same values as Python, reverse mode through it
(refused before: a tuple carried from one iteration to the next), and forward-mode code without
run-time spreading of tangents. A NamedTuple, a tuple a helper returns, a lambda reading it are
split later, on the IR (frontend/carried_tuples.py: tests/frontend/test_carried_tuples.py); a
length that changes is carried whole, as before."""
from typing import NamedTuple

import numpy as np
import pytest

import transpiler

X = np.array([0.3, -1.2, 0.7, 2.0])


def rk4_pendulum(x, dt=0.05, steps=8):
    def rate(s):
        q, p = s
        return (p, -np.sum(x ** 2) * np.sin(q))
    s = (1.0, 0.0)
    for _ in range(steps):
        k1 = rate(s)
        k2 = rate((s[0] + dt / 2 * k1[0], s[1] + dt / 2 * k1[1]))
        k3 = rate((s[0] + dt / 2 * k2[0], s[1] + dt / 2 * k2[1]))
        k4 = rate((s[0] + dt * k3[0], s[1] + dt * k3[1]))
        s = (s[0] + dt / 6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]),
             s[1] + dt / 6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]))
    return s[0] ** 2 + s[1]


def pair_of_arrays(x):
    s = (x, np.zeros_like(x))
    for _ in range(5):
        pos, vel = s
        s = (pos + 0.1 * vel, vel - 0.1 * np.sin(pos))
    return np.sum(s[0] ** 2) + np.sum(s[1])


def swapped_items(x):
    a = (x[0], x[1])
    for k in range(4):
        a = (a[1], a[0] * 0.5 + x[2] * a[1] + k)
    return a[0] * a[1]


def while_on_an_item(x):
    s = (0.0, x)
    while s[0] < 1.0:
        s = (s[0] + 0.25, s[1] + 0.25 * np.tanh(s[1]))
    return np.sum(s[1] ** 2)


def branch_in_the_loop(x):
    s = (x, 1.0)
    for i in range(4):
        if i % 2:
            s = (s[0] * s[1], s[1] + 0.5)
        else:
            s = (np.cos(s[0]), s[1] * 0.9)
    return np.sum(s[0]) * s[1]


def nested_loops(x):
    s = (x, 0.0)
    for i in range(3):
        for j in range(2):
            s = (s[0] * 0.9 + 0.1 * j, s[1] + np.sum(s[0]))
        s = (np.sin(s[0]), s[1] * 0.5)
    return np.sum(s[0]) + s[1]


def zero_iterations_and_whole_afterwards(x, n=0):
    s = (x, x ** 2)
    for _ in range(n):
        s = (s[1], s[0])
    total = 0.0
    for v in s:
        total = total + np.sum(v)
    return total * len(s)


SPLIT = [rk4_pendulum, pair_of_arrays, swapped_items, while_on_an_item, branch_in_the_loop, nested_loops,
         zero_iterations_and_whole_afterwards]


@pytest.mark.parametrize("f", SPLIT)
def test_items_apart_give_python_s_value_and_exact_derivatives(f):
    value, g = transpiler.value_and_grad(f)(X)
    assert value == pytest.approx(f(X.copy()))
    assert transpiler.check_grad(f, X).ok
    _, tangent = transpiler.jvp(f, (X,), (np.ones(4),))
    assert tangent == pytest.approx(g.sum())
    h = transpiler.hessian(f)(X)
    assert np.allclose(h, h.T, atol=1e-8)


@pytest.mark.parametrize("f", [rk4_pendulum, pair_of_arrays, swapped_items, nested_loops])
def test_the_loop_carries_names_not_a_tuple(f):
    code = transpiler.grad(f).source(args=(X,)).split("def ")[-1]
    assert "s_0" in code or "a_0" in code
    for helper in ("expect_unpacked", "zeros_like_adjoint((", "accumulate("):
        assert helper not in code, helper


def test_a_float32_state_stays_float32():
    x = X.astype(np.float32)
    g = transpiler.grad(pair_of_arrays)(x)
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, transpiler.grad(pair_of_arrays)(X), rtol=1e-4)


class State(NamedTuple):
    pos: np.ndarray
    vel: np.ndarray


def named_tuple_state(x):
    s = State(x, np.zeros_like(x))
    for _ in range(3):
        s = State(s.pos + 0.1 * s.vel, s.vel - 0.1 * s.pos)
    return np.sum(s.pos ** 2) + np.sum(s.vel)


def step(s):
    return (s[0] * 0.9, s[1] + np.sum(s[0]))


def rebound_by_a_helper(x):
    s = (x, 0.0)
    for _ in range(3):
        s = step(s)
    return np.sum(s[0]) + s[1]


def length_changes(x):
    s = (x, 1.0)
    for i in range(3):
        s = (s[0] * 2, s[1], 0.5)
    return np.sum(s[0])


@pytest.mark.parametrize("f", [named_tuple_state, length_changes])
def test_tuples_the_source_leaves_whole_are_still_exact(f):
    value, _ = transpiler.value_and_grad(f)(X)
    assert value == pytest.approx(f(X.copy()))
    assert transpiler.check_grad(f, X).ok


def read_by_a_lambda(x):
    s = (x, 1.0)
    for _ in range(3):
        total = lambda: np.sum(s[0]) * s[1]
        s = (s[0] * 0.5, s[1] + total())
    return s[1]


@pytest.mark.parametrize("f", [rebound_by_a_helper, read_by_a_lambda])
def test_a_tuple_the_loop_rebinds_through_a_helper_or_reads_in_a_lambda_is_split_once_inlined(f):
    value, _ = transpiler.value_and_grad(f)(X)     # (refused in reverse mode before carried_tuples.py)
    assert value == pytest.approx(f(X.copy()))
    assert transpiler.check_grad(f, X).ok
    assert "zeros_like_adjoint((" not in transpiler.grad(f).source(args=(X,))
