"""A tuple carried through a loop whose every binding, once helpers and methods are inlined, is a
tuple of known items (frontend/carried_tuples.py) is carried as one value per item: `s = step(s)`
with a helper returning a display, `s = rk4(f, s, dt)`, an object's `self.state = (...)` rebound
in a method, a branch choosing between a helper and a display. The same values as Python, reverse
mode through it (refused before: a tuple carried from one iteration to the next), both modes
against finite differences. A tuple whose items are not known before the loop stays refused."""
import os
import subprocess
import sys
from collections import namedtuple
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pytest

import transpiler
from transpiler.api import tangent_source
from transpiler.errors import NonDifferentiableError

X = np.array([0.3, -1.2, 0.7, 2.0])


def step(s, dt):
    return (s[0] + dt * s[1], s[1] - dt * np.sin(s[0]))


def rebound_by_a_helper(x):
    s = (x, np.zeros_like(x))
    for _ in range(4):
        s = step(s, 0.1)
    return np.sum(s[0] ** 2) + np.sum(s[1])


def leapfrog(x, v, dt):
    v = v - dt / 2 * np.sin(x)
    x = x + dt * v
    return x, v - dt / 2 * np.sin(x)


def unpacked_from_a_helper(x):
    q, p = x, np.ones_like(x)
    for _ in range(4):
        q, p = leapfrog(q, p, 0.2)
    return np.sum(q * p)


def rate(s, k):
    q, p = s
    return (p, -k * np.sin(q))


def rk4(f, s, dt, k):
    k1 = f(s, k)
    k2 = f((s[0] + dt / 2 * k1[0], s[1] + dt / 2 * k1[1]), k)
    k3 = f((s[0] + dt / 2 * k2[0], s[1] + dt / 2 * k2[1]), k)
    k4 = f((s[0] + dt * k3[0], s[1] + dt * k3[1]), k)
    return (s[0] + dt / 6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]),
            s[1] + dt / 6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]))


def rk4_through_a_helper(x, dt=0.05, steps=8):
    s = (1.0, 0.0)
    for _ in range(steps):
        s = rk4(rate, s, dt, np.sum(x ** 2))
    return s[0] ** 2 + s[1]


def a_helper_or_a_display(x):
    s = (x, 1.0)
    for i in range(4):
        if i % 2:
            s = step(s, 0.3)
        else:
            s = (np.cos(s[0]), s[1] * 0.9)
    return np.sum(s[0]) * np.sum(s[1])


def while_a_helper_steps(x):
    s = (0.0, x)
    while s[0] < 1.0:
        s = (lambda t, y: (t + 0.25, y + 0.25 * np.tanh(y)))(*s)
    return np.sum(s[1] ** 2)


class Oscillator:
    """Gym's class form: the state a tuple attribute, unpacked and rebound by `step`."""

    def __init__(self, k):
        self.k = k
        self.dt = 0.1
        self.state = None

    def step(self, force):
        x, v = self.state
        a = force - self.k * np.sin(x)
        self.state = (x + self.dt * v, v + self.dt * a)
        return self.state


def an_object_s_tuple_attribute(x):
    env = Oscillator(np.sum(x ** 2))
    env.state = (0.5, 0.0)
    cost = 0.0
    for force in x:
        position, velocity = env.step(force)
        cost = cost + position ** 2 + 0.1 * velocity ** 2
    return cost + env.state[0]


def whole_tuple_read_too(x):
    s = (x, 2.0 * x, 0.5)
    for _ in range(3):
        s = step3(s)
    total = 0.0
    for item in s:
        total = total + np.sum(item)
    return total * len(s) + np.sum(s[-1])


def step3(s):
    a, b, c = s
    return (b * c, np.sin(a), c + np.sum(a) * 0.1)


def nested_tuple_state(x):
    s = ((x, 0.0), 1.0)
    for _ in range(3):
        s = nested_step(s)
    return np.sum(s[0][0]) + s[0][1] * s[1]


def nested_step(s):
    (q, p), t = s
    return ((q + 0.1 * p, p - 0.1 * np.sum(q)), t * 0.9)


def swap(s):
    return (s[1], s[0])


def swapped_by_a_helper(x):
    s = (x, x ** 2)
    for _ in range(3):
        s = swap(s)
    return np.sum(s[0] * np.arange(4.0)) + 3 * np.sum(s[1])


def pair_with(v, s):
    return (v, s[0] * 0.5)


def a_carried_name_as_an_item(x):
    v = x
    s = (x, 1.0)
    for _ in range(3):
        s = pair_with(v, s)
        v = np.sin(v) + s[1]
    return np.sum(s[0] * np.arange(4.0)) + np.sum(s[1]) + np.sum(v)


def step_by_parity(s, i):
    if i % 2:
        return (s[0] * 2, s[1])
    return (s[1] * 0.5, s[0] + 1)


def a_helper_with_two_returns(x):
    s = (x, x ** 2)
    for i in range(4):
        s = step_by_parity(s, i)
    return np.sum(s[0] * np.arange(4.0)) + np.sum(s[1])


class Phase(NamedTuple):
    q: np.ndarray
    p: np.ndarray

    def energy(self):
        return np.sum(self.q ** 2 + self.p ** 2)

    def step(self, dt):
        return Phase(self.q + dt * self.p, self.p - dt * self.q)


def a_named_tuple_s_own_methods(x):
    s = Phase(x, np.zeros_like(x))
    e = 0.0
    for _ in range(3):
        s = s.step(0.1)
        e = e + s.energy()
    return e


class State(NamedTuple):
    x: np.ndarray
    v: np.ndarray


def state_step(s, dt):
    return State(x=s.x + dt * s.v, v=s.v - dt * np.sin(s.x))


def a_named_tuple_stepped_by_a_helper(x):
    s = State(x=x, v=np.zeros_like(x))
    for _ in range(4):
        s = state_step(s, 0.1)
    return np.sum(s.x ** 2) + np.sum(s.v)


def a_named_tuple_replaced(x):
    s = State(x, np.zeros_like(x))
    for _ in range(4):
        s = s._replace(x=s.x + 0.1 * s.v)
        s = s._replace(v=s.v - 0.1 * np.sin(s.x))
    return np.sum(s.x ** 2) + np.sum(s.v) + len(s)


Pair = namedtuple("Pair", "q p")


def a_named_tuple_unpacked_and_indexed(x):
    s = Pair(x, 1.0)
    for _ in range(4):
        q, p = s
        s = Pair(q * 0.9 + p, p - 0.1 * np.sum(q))
    return np.sum(s.q) + s[1] + np.sum(s[-2])


def a_named_tuple_returned_whole(x):
    s = State(x, x ** 2)
    for _ in range(3):
        s = state_step(s, 0.2)
    return s


SPLIT = [rebound_by_a_helper, unpacked_from_a_helper, rk4_through_a_helper, a_helper_or_a_display,
         while_a_helper_steps, an_object_s_tuple_attribute, whole_tuple_read_too, nested_tuple_state,
         a_named_tuple_stepped_by_a_helper, a_named_tuple_replaced, a_named_tuple_unpacked_and_indexed,
         swapped_by_a_helper, a_carried_name_as_an_item, a_helper_with_two_returns, a_named_tuple_s_own_methods]


@pytest.mark.parametrize("f", SPLIT)
def test_python_s_value_and_derivatives_in_both_modes(f):
    value, g = transpiler.value_and_grad(f)(X)
    assert value == pytest.approx(f(X.copy()))
    assert transpiler.check_grad(f, X).ok
    direction = np.array([0.5, -1.0, 2.0, 0.25])
    _, tangent = transpiler.jvp(f, (X,), (direction,))
    assert tangent == pytest.approx(g @ direction)
    h = 1e-6
    assert tangent == pytest.approx((f(X + h * direction) - f(X - h * direction)) / (2 * h), rel=1e-5, abs=1e-7)


@pytest.mark.parametrize("f", [rebound_by_a_helper, rk4_through_a_helper, a_helper_or_a_display,
                               an_object_s_tuple_attribute, nested_tuple_state, a_named_tuple_stepped_by_a_helper,
                               a_named_tuple_replaced, a_named_tuple_unpacked_and_indexed, a_helper_with_two_returns,
                               a_named_tuple_s_own_methods])
def test_the_loop_carries_items_not_a_tuple(f):
    for code in (transpiler.grad(f).source(args=(X,)), tangent_source(f, args=(X,))):
        for helper in ("expect_unpacked", "zeros_like_adjoint((", "accumulate(", "add_into(", "field_adjoint(", "record("):
            assert helper not in code, helper


def test_a_named_tuple_read_whole_is_built_again_as_its_class():
    value = transpiler.jvp(a_named_tuple_returned_whole, (X,), (np.ones(4),))[0]
    expected = a_named_tuple_returned_whole(X.copy())
    assert type(value) is State
    np.testing.assert_allclose(value.x, expected.x)
    np.testing.assert_allclose(value.v, expected.v)
    jacobian = transpiler.jacobian(lambda x: np.concatenate(a_named_tuple_returned_whole(x)))(X)
    h = 1e-6
    for i in range(4):
        e = np.eye(4)[i] * h
        column = (np.concatenate(a_named_tuple_returned_whole(X + e)) - np.concatenate(a_named_tuple_returned_whole(X - e))) / (2 * h)
        np.testing.assert_allclose(jacobian[:, i], column, rtol=1e-5, atol=1e-7)


def from_a_parameter(x, s0=(1.0, 2.0)):
    s = s0
    for _ in range(3):
        s = step(s, np.sum(x))
    return s[0] * s[1]


def test_a_tuple_whose_items_are_unknown_before_the_loop_is_refused_located():
    assert np.isfinite(from_a_parameter(X))
    with pytest.raises(NonDifferentiableError, match="tuple carried from one iteration") as refused:
        transpiler.grad(from_a_parameter)(X)
    message = str(refused.value)
    assert "test_carried_tuples.py" in message and "for _ in range(3)" in message
    assert "hint:" in message


@pytest.mark.parametrize("f", [rk4_through_a_helper, an_object_s_tuple_attribute, a_named_tuple_replaced,
                               swapped_by_a_helper])
def test_second_derivatives_match_differences_of_the_gradient(f):
    hessian = transpiler.hessian(f)(X)
    gradient = transpiler.grad(f)
    h = 1e-5
    differences = np.array([(gradient(X + h * e) - gradient(X - h * e)) / (2 * h) for e in np.eye(4)])
    np.testing.assert_allclose(hessian, differences, rtol=1e-4, atol=1e-6)


def test_the_items_are_named_the_same_whatever_the_hash_seed():
    # (the values split are named in the order they are bound, not in a set's order: `s` and the
    # branch's merge `s_1` both want `s_1_1`)
    program = ("import sys, numpy as np, transpiler; sys.path.insert(0, sys.argv[1]); "
               "import test_carried_tuples as t; "
               "print(transpiler.grad(t.a_helper_or_a_display).source(args=(t.X,)))")
    texts = set()
    for seed in ("1", "2", "3", "4", "5", "6"):
        done = subprocess.run([sys.executable, "-c", program, str(Path(__file__).parent)], capture_output=True,
                              text=True, env={**os.environ, "PYTHONHASHSEED": seed}, check=True)
        texts.add(done.stdout)
    assert len(texts) == 1
