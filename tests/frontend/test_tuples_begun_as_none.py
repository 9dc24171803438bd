"""A tuple carried through a loop from ``state = None`` (``if state is None: state = (a, b)``,
a best-so-far pair, the previous step's values): split into one name per item and a flag for
``None`` (frontend/tuple_loops.py), which reverse mode refused as a tuple carried from one
iteration to the next; also where a conditional expression binds it (``state = (v,) if state is
None else (state[0] + v,)``). Both modes and second order against finite differences. A loop that
reads the tuple in another way (``if state:``) would tell ``None`` from the items: refused as
before, the hint naming the reads allowed."""
import numpy as np
import pytest

import transpiler
from transpiler import NonDifferentiableError

import python_semantics

X0 = np.array([0.3, 0.7, 1.1, 1.3])
DIRECTION = np.array([1.0, -0.5, 0.25, 2.0])


def begun_in_the_first_iteration(x):
    state = None
    for i in range(3):
        if state is None:
            state = (x[0], x[1])
        else:
            state = (state[0] * state[1], state[1] + x[i])
    return state[0] + state[1]


def best_so_far(x):
    best = None
    for i in range(4):
        score = np.sin(x[i]) * x[0]
        if best is None or score > best[0]:
            best = (score, x[i] ** 2)
    return best[0] + best[1]


def previous_step(x):
    prev = None
    total = 0.0
    for i in range(4):
        if prev is not None:
            total = total + (x[i] - prev[0]) ** 2 * prev[1]
        prev = (x[i], np.exp(-x[i]))
    return total


def recurrent_state_of_arrays(x):
    h = None
    W = np.array([[0.5, -0.3], [0.2, 0.4]])
    for t in range(3):
        if h is None:
            h = (np.tanh(x[:2]), np.zeros(2))
        else:
            c = h[1] + np.tanh(W @ h[0])
            h = (np.tanh(c) * x[2 + t % 2], c)
    return np.sum(h[0] ** 2) + np.sum(h[1])


def in_a_while_loop(x):
    state = None
    i = 0
    while i < 3:
        if state is None:
            state = (x[0] * x[1], x[2])
        else:
            state = (state[0] + state[1] * x[i], state[1])
        i += 1
    return state[0] * state[1]


def begun_by_a_conditional_expression(x):
    state = None
    for v in x:
        state = (v * v,) if state is None else (state[0] + v * v,)
    return state[0]


def a_pair_begun_by_a_conditional_expression(x):
    state = None
    for v in x:
        state = (v, v * v) if state is None else (state[0] * v, state[1] + np.sin(v))
    return state[0] + state[1]


@pytest.mark.parametrize("f", [begun_in_the_first_iteration, best_so_far, previous_step, recurrent_state_of_arrays,
                               in_a_while_loop, begun_by_a_conditional_expression,
                               a_pair_begun_by_a_conditional_expression], ids=lambda f: f.__name__)
def test_a_tuple_carried_from_none_is_differentiated_in_both_modes(f):
    python_semantics.check(f, X0.copy(), DIRECTION, keeps_float32=False)


def still_none_after_a_loop_that_did_not_run(x, n):
    state = None
    for i in range(n):
        if state is None:
            state = (x[0], x[1])
    return 1.0 if state is None else state[0] * state[1]


def test_the_tuple_is_none_after_the_loop_where_no_iteration_bound_it():
    grad = transpiler.grad(still_none_after_a_loop_that_did_not_run)
    assert np.all(grad(X0.copy(), 0) == 0.0)
    np.testing.assert_allclose(grad(X0.copy(), 2), [X0[1], X0[0], 0.0, 0.0])


def read_as_a_truth_value(x):
    state = None
    for i in range(3):
        if state:
            state = (state[0] * 2, x[i])
        else:
            state = (x[0], x[1])
    return state[0] + state[1]


def test_a_tuple_begun_as_none_read_otherwise_is_refused_with_the_reads_allowed():
    with pytest.raises(NonDifferentiableError, match="tuple carried from one iteration") as caught:
        transpiler.grad(read_as_a_truth_value)(X0.copy())
    assert "`s is None`" in str(caught.value)
    assert caught.value.location.line == read_as_a_truth_value.__code__.co_firstlineno + 2


def step(state, v):
    if state is None:
        return (v,)
    return (state[0] + v,)


def stepped_by_a_helper(x):
    state = None
    for v in x:
        state = step(state, v * v)
    return state[0]


def test_a_tuple_begun_as_none_given_to_a_helper_is_refused_naming_the_update_to_write():
    # (the helper reads the whole of `state`, telling `None` from the items: not split)
    with pytest.raises(NonDifferentiableError, match="tuple carried from one iteration") as caught:
        transpiler.grad(stepped_by_a_helper)(X0.copy())
    assert "`s = (v,) if s is None else (s[0] + v,)`" in str(caught.value)
    assert caught.value.location.line == stepped_by_a_helper.__code__.co_firstlineno + 2
