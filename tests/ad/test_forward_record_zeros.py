"""Forward mode's zero tangent of a record the function builds (ad/forward.py ``_records``,
primitives/fields.py ``zeros_like_records``): a NamedTuple state made from zeros and carried by a
loop, alone or in a tuple of states (optax's chained optimizer state), has a tangent read by
attribute (``t_state.mu``); its zero was ``zeros_like_adjoint``'s dict by field, an
AttributeError at run time. Checked against central differences and the reverse gradient."""
from typing import Any, NamedTuple

import numpy as np
import pytest

import transpiler


class State(NamedTuple):
    mu: Any
    count: Any


def moments_in_a_loop(w):
    params = {"w": w}
    state = State(mu={"w": np.zeros_like(w)}, count=0.0)
    for _ in range(3):
        mu = {k: 0.5 * state.mu[k] + params[k] for k in params}
        state = State(mu=mu, count=state.count + 1.0)
        params = {k: params[k] - 0.1 * mu[k] for k in params}
    return np.sum(params["w"] ** 2) + state.count


def chained_states(w):
    states = (State(mu=np.zeros_like(w), count=0.0), State(mu=np.ones_like(w), count=1.0))
    for _ in range(2):
        first, second = states
        states = (State(mu=first.mu + w, count=first.count), State(mu=second.mu * w, count=second.count))
    return np.sum(states[0].mu * states[1].mu)


@pytest.mark.parametrize("f", [moments_in_a_loop, chained_states])
def test_the_zero_tangent_of_a_record_is_a_record(f):
    w = np.array([1.0, -2.0, 0.5])
    direction = np.array([0.3, 0.7, -1.1])
    value, tangent = transpiler.jvp(f, (w,), (direction,))
    h = 1e-6
    assert value == pytest.approx(f(w))
    assert tangent == pytest.approx((f(w + h * direction) - f(w - h * direction)) / (2 * h), rel=1e-6)
    if f is moments_in_a_loop:      # (reverse mode refuses a tuple a loop carries whole)
        assert tangent == pytest.approx(transpiler.grad(f)(w) @ direction, rel=1e-9)
