"""``state = update_state(state, a)`` in a loop of run-time length, the helper writing the object's
attributes and returning the object it was given (PythonRobotics' MPC path tracker,
tests/realworld/pythonrobotics_bicycle_mpc.py), was refused as "rebinding `state` ... each
iteration would make another object", though ``update_state(state, a)`` alone was compiled. The
name is bound to the same object: both modes against central differences. A helper returning a
new object, or another object on some path, is still refused."""
import numpy as np
import pytest

import transpiler


class State:
    def __init__(self, x=0.0, v=0.0):
        self.x = x
        self.v = v


def update_state(state, a, dt=0.1):
    state.x = state.x + state.v * dt
    state.v = state.v + a * dt
    if state.v > 1.2:
        state.v = 1.2
    return state


def new_state(state, a):
    return State(state.x + state.v * 0.1, state.v + a * 0.1)


def sometimes_new(state, a):
    if a > 0:
        return State(state.x, state.v + a)
    return state


def for_loop_over_an_array(oa):
    state = State(x=0.5, v=1.0)
    for a in oa:
        state = update_state(state, a)
    return state.x ** 2 + state.v


def while_loop_with_other_arguments(oa):
    state = State(v=oa[0])
    k = 0
    while k < len(oa):
        state = update_state(state, oa[k] ** 2, dt=0.2)
        k += 1
    return state.x * state.v


def zip_with_a_range(oa):
    state = State(x=0.1, v=0.8)
    xs = np.zeros(len(oa) + 1)
    for (a, i) in zip(oa, range(1, 4)):
        state = update_state(state, a)
        xs[i] = state.x
    return np.sum(xs ** 2)


CASES = [for_loop_over_an_array, while_loop_with_other_arguments, zip_with_a_range]
OA = np.array([0.3, 0.7, -0.2])


def central_differences(f, x, h=1e-6):
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(len(x))])


@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_an_object_rebound_to_the_helpers_result_matches_finite_differences(f):
    expected = central_differences(f, OA.copy())
    value, gradient = transpiler.value_and_grad(f)(OA.copy())
    assert value == pytest.approx(f(OA.copy()))
    np.testing.assert_allclose(gradient, expected, rtol=1e-6, atol=1e-9)
    direction = np.array([1.0, -0.5, 2.0])
    assert transpiler.jvp(f, (OA.copy(),), (direction,))[1] == pytest.approx(expected @ direction, rel=1e-6)


@pytest.mark.parametrize("helper", [new_state, sometimes_new])
def test_a_helper_returning_another_object_is_still_refused(helper):
    def f(oa):
        state = State(x=0.5, v=1.0)
        for a in oa:
            state = helper(state, a)
        return state.x

    with pytest.raises(transpiler.errors.UnsupportedSyntaxError):
        transpiler.grad(f)(OA.copy())
    if helper is new_state:
        with pytest.raises(transpiler.errors.UnsupportedSyntaxError, match="each iteration would make another object"):
            transpiler.grad(f)(OA.copy())
