"""A NamedTuple made in the function holding functions (frontend/static_records.py): optax's
``GradientTransformation(init_fn, update_fn)``, ``opt.init(params)``, ``opt.update(g, state)``,
``chain(*transforms)`` with ``init_fns, update_fns = zip(*transforms)``; and a call spreading a
comprehension over a helper's ``*rest`` (``f(tree[k], *[r[k] for r in rest])``,
frontend/signatures.py). Both modes against central differences, in a loop, a branch, float32,
the hessian; assigning to a field is refused as Python refuses it."""
from typing import Callable, NamedTuple

import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

from sequence_checks import assert_both_modes


class Transformation(NamedTuple):
    init: Callable
    update: Callable


def scale(step):
    def init_fn(params):
        return ()

    def update_fn(updates, state):
        return step * updates, state

    return Transformation(init_fn, update_fn)


def momentum(decay):
    def init_fn(params):
        return np.zeros_like(params)

    def update_fn(updates, velocity):
        velocity = decay * velocity + updates
        return velocity, velocity

    return Transformation(init_fn, update_fn)


def chain(*transforms):
    init_fns, update_fns = zip(*transforms)

    def init_fn(params):
        return tuple(fn(params) for fn in init_fns)

    def update_fn(updates, state):
        new_state = []
        for s, fn in zip(state, update_fns):
            updates, new_s = fn(updates, s)
            new_state.append(new_s)
        return updates, tuple(new_state)

    return Transformation(init_fn, update_fn)


def loss(w):
    return np.sum(np.sin(w) * w ** 2)


def trained(w):
    opt = chain(momentum(0.9), scale(-0.1))
    state = opt.init(w)
    for _ in range(3):
        g = 2.0 * w * np.sin(w) + w ** 2 * np.cos(w)        # loss's gradient, by hand
        updates, state = opt.update(g, state)
        w = w + updates
    return loss(w)


def step_chosen_in_a_branch(w):
    opt = scale(-0.5 if np.sum(w) > 0 else 0.5)
    updates, _ = opt.update(w ** 2, opt.init(w))
    if np.sum(updates) > 0:
        updates, _ = opt.update(updates, ())
    return np.sum(np.tanh(w + updates))


def with_a_replaced_field(w):
    opt = scale(0.5)._replace(update=lambda u, s: (3.0 * np.sin(u), s))
    updates, _ = opt.update(w, opt.init(w))
    return np.sum(updates * w)


def record_chosen_in_a_branch(w):
    opt = scale(-0.5) if np.sum(w) > 0 else momentum(0.5)
    updates, _ = opt.update(w ** 2, opt.init(w))
    return np.sum(updates)


def tree_map(f, tree, *rest):
    return tuple(f(tree[k], *[r[k] for r in rest]) for k in range(len(tree)))


def spread_over_rest(w):
    params = (w, 2.0 * w)
    moments = (np.cos(w), w ** 2)
    decays = (0.5, 0.25)
    out = tree_map(lambda p, m, d: p * d + m, params, moments, decays)
    return np.sum(out[0] * out[1])


W = np.array([0.3, -0.8, 1.2])


@pytest.mark.parametrize("f", [trained, step_chosen_in_a_branch, spread_over_rest, with_a_replaced_field])
def test_records_of_functions_in_both_modes(f):
    assert_both_modes(f, W)
    assert_both_modes(f, -W)


def test_float32_and_hessian():
    g32 = transpiler.grad(trained)(W.astype(np.float32))
    assert g32.dtype == np.float32
    np.testing.assert_allclose(g32, transpiler.grad(trained)(W), rtol=1e-4)
    hessian = transpiler.hessian(trained)(W)
    gradient = transpiler.grad(trained)
    h = 1e-6
    numeric = np.stack([(gradient(W + h * e) - gradient(W - h * e)) / (2 * h) for e in np.eye(3)], axis=-1)
    np.testing.assert_allclose(hessian, numeric, rtol=1e-5, atol=1e-7)


def test_no_function_or_record_of_them_is_left_in_the_code():
    source = transpiler.grad(trained).source()
    assert "Transformation" not in source and "init_fn" not in source


def assigns_a_field(w):
    opt = scale(0.5)
    opt.init = None
    return np.sum(w)


def test_assigning_a_field_is_refused_as_python_refuses_it():
    with pytest.raises(UnsupportedSyntaxError, match="field of the NamedTuple"):
        transpiler.grad(assigns_a_field)(W)


def test_functions_chosen_by_a_run_time_test_are_refused_at_the_branch():
    # (which update function runs is known only at run time: generated code has no function values)
    with pytest.raises(UnsupportedSyntaxError, match="made inside the function") as caught:
        transpiler.grad(record_chosen_in_a_branch)(W)
    assert caught.value.location.line == record_chosen_in_a_branch.__code__.co_firstlineno + 1
