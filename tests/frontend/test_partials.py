"""``functools.partial`` inside the differentiated code (transpiler/frontend/partials.py): made in
the function or at module level, called, passed to helpers, with bound values active or not.
Reverse mode against central differences, forward mode along a random direction."""
import functools
from functools import partial

import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

X = np.array([0.5, -0.3, 1.2, -0.8])


def check_both(f, *args, wrt=0):
    report = transpiler.check_grad(f, *args, wrt=wrt)
    assert report.ok, report
    direction = np.random.default_rng(2).normal(size=np.shape(args[wrt]))
    tangents = [None] * len(args)
    tangents[wrt] = direction
    value, derivative = transpiler.jvp(f, args, tangents)
    h = 1e-6
    shifted = lambda s: f(*[a + s * direction if i == wrt else a for i, a in enumerate(args)])  # noqa: E731
    assert value == pytest.approx(f(*args), rel=1e-12)
    assert derivative == pytest.approx((shifted(h) - shifted(-h)) / (2 * h), rel=1e-5, abs=1e-8)


def leaky(z, alpha=0.01):
    return np.where(z > 0, z, alpha * z)


def scaled_power(x, p, scale=1.0):
    return scale * x ** p


ACT = partial(leaky, alpha=0.1)
CUBE = functools.partial(scaled_power, p=3, scale=0.5)


def uses_a_module_level_partial(x):
    return np.sum(ACT(x) ** 2) + np.sum(CUBE(x))


def makes_a_partial_with_an_active_bound_value(x):
    act = partial(leaky, alpha=x[0] ** 2)
    return np.sum(act(x) ** 2)


def dense(x, activation):
    return activation(2.0 * x + 0.1)


def passes_a_partial_to_a_helper(x):
    return np.sum(dense(x, partial(leaky, alpha=0.3))) + np.sum(dense(x, ACT))


def partial_of_numpy_and_of_a_lambda(x):
    cube = partial(np.power, x)
    shift = partial(lambda a, b: a - b, b=0.5)
    return np.sum(cube(3)) + np.sum(np.sin(shift(x)))


def call_keywords_override_the_bound_ones(x):
    act = partial(leaky, alpha=0.2)
    return np.sum(act(x, alpha=0.05) ** 2) + np.sum(CUBE(x, scale=2.0))


def partial_in_a_loop(x):
    h = x
    for act in [partial(leaky, alpha=0.1), ACT, partial(scaled_power, p=2)]:
        h = act(h) * 1.5
    for i in range(2):
        h = partial(leaky, alpha=0.1 * i)(h)
    return np.sum(h ** 2)


@pytest.mark.parametrize("f", [uses_a_module_level_partial, makes_a_partial_with_an_active_bound_value,
                               passes_a_partial_to_a_helper, partial_of_numpy_and_of_a_lambda,
                               call_keywords_override_the_bound_ones, partial_in_a_loop])
def test_partials_differentiate_in_both_modes(f):
    check_both(f, X)


def test_rebinding_a_module_level_partial_is_seen_by_the_next_call():
    global ACT
    g = transpiler.grad(uses_a_module_level_partial)
    before = g(X)
    saved, ACT = ACT, partial(leaky, alpha=0.5)
    try:
        after = g(X)
        assert transpiler.check_grad(uses_a_module_level_partial, X).ok
    finally:
        ACT = saved
    assert not np.allclose(before, after)
    np.testing.assert_allclose(g(X), before, rtol=1e-12)


def test_hessian_through_a_partial():
    f = makes_a_partial_with_an_active_bound_value
    H = transpiler.hessian(f)(X)
    g = transpiler.grad(f)
    h = 1e-5
    columns = [(g(X + h * e) - g(X - h * e)) / (2 * h) for e in np.eye(len(X))]
    np.testing.assert_allclose(H, np.stack(columns, axis=1), rtol=1e-5, atol=1e-7)


W = np.ones(4)
DOT_W = partial(np.dot, W)


def uses_a_partial_holding_an_array(x):
    return DOT_W(np.sin(x))


def test_a_module_level_partial_holding_an_array_is_refused_at_the_call():
    with pytest.raises(UnsupportedSyntaxError, match="holding an array") as error:
        transpiler.grad(uses_a_partial_holding_an_array)(X)
    assert error.value.location.line == uses_a_partial_holding_an_array.__code__.co_firstlineno + 1
    assert "np.dot(W, x)" in error.value.hint
