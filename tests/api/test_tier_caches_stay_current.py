"""The caches a new argument shape goes through (api/tiers.py's families and their code for any
shapes, driver/pipeline.py's compiled code per spec and its reuse of a function compiled from
the same text, opt/specialize.py's specialisations per lowered function) never serve code made
for another shape, dtype, argument type, free-name value or option: each call below, made after
whatever a stale cache would answer wrongly, gives the gradient finite differences give at its
own arguments, and the code it runs is the one its options and types ask for."""
import numpy as np
import pytest

import transpiler

GENERIC = "Code for any shapes"        # (the docstring of api/tiers.py's code for any shapes)
rng = np.random.default_rng(29)


def log_sigmoid_sum(x):
    return np.sum(np.log(1.0 / (1.0 + np.exp(-x))) * 2.0)


def sine_weighted(x):
    return np.sum(np.sin(x) * x)


def agrees(f, *args, wrt=0):
    report = transpiler.check_grad(f, *args, wrt=wrt)
    assert report.ok, report


@pytest.mark.parametrize("n", [4, 6, 9])
def test_rewrites_on_and_off_never_share_code_at_any_shape(n):
    """The sigmoid rewrite changes the code: with one gradient object per option called in
    turn at each shape (specialised, then code for any shapes, then specialised again), neither
    ever runs the other's."""
    on, off = transpiler.grad(log_sigmoid_sum), transpiler.grad(log_sigmoid_sum, rewrites=False)
    for size in (3, 5, n, n):
        x = rng.normal(size=size)
        shown_on, shown_off = on.compiled((x,)).source, off.compiled((x,)).source
        assert shown_on != shown_off and (GENERIC in shown_on) == (GENERIC in shown_off)
        for got in (on(x), off(x)):
            np.testing.assert_allclose(got, 2.0 / (1.0 + np.exp(x)), rtol=1e-12)
    agrees(log_sigmoid_sum, x)


def test_a_float_then_arrays_then_a_float_again():
    """A float argument and arrays of several shapes and ranks (one of them 0-d) through one
    gradient: each call is its own family or shape, and gives what a new gradient object gives
    at that argument (the same type, shape and value)."""
    g = transpiler.grad(sine_weighted)
    for x in [0.3, rng.normal(size=3), rng.normal(size=5), rng.normal(size=5), np.array(0.7),
              rng.normal(size=(2, 3)), rng.normal(size=(2, 3)), 1.2, 1.2]:
        got, fresh = g(x), transpiler.grad(sine_weighted)(x)
        assert type(got) is type(fresh) and np.shape(got) == np.shape(x)
        np.testing.assert_allclose(got, fresh, rtol=1e-12)
        np.testing.assert_allclose(got, np.cos(x) * x + np.sin(x), rtol=1e-12)
    agrees(sine_weighted, rng.normal(size=(2, 3)))


def closure_with_setter(c):
    def f(x):
        return np.sum(np.tanh(c * x) ** 2)

    def set_c(value):
        nonlocal c
        c = value
    return f, set_c


def test_a_closure_cell_rebound_between_the_generic_and_the_specialised_call():
    """The cell holds a number, then an array of the new shape, then a float32 array, between
    the call at a new shape that runs the code for any shapes and the one that specialises."""
    f, set_c = closure_with_setter(0.5)
    g = transpiler.grad(f)
    g(rng.normal(size=3))                            # specialised: the family known
    x = rng.normal(size=6)
    for c in (0.5, rng.normal(size=6), rng.normal(size=6).astype(np.float32), 2.0):
        set_c(c)
        t = np.tanh(c * x)
        np.testing.assert_allclose(g(x), 2 * t * (1 - t ** 2) * c, rtol=1e-6)
        agrees(f, x)


SCALE = np.ones(4)


def scaled(x):
    return np.sum(np.exp(x * 0.1) * SCALE) / np.size(SCALE)     # (the size folded where specialised)


def test_a_global_rebound_between_the_generic_and_the_specialised_call(monkeypatch):
    """The global changes value, size and dtype between the two calls at a new shape, and
    again once the code is specialised to it."""
    g = transpiler.grad(scaled)
    g(rng.normal(size=4))
    x = rng.normal(size=(3, 4))
    for value in (np.full(4, 2.0), np.full(4, 2.0), rng.normal(size=(3, 4)), rng.normal(size=(3, 4)),
                  np.full(4, 3.0, dtype=np.float32), 1.5, np.ones(4)):
        monkeypatch.setitem(globals(), "SCALE", value)
        expected = 0.1 * np.exp(x * 0.1) * value / np.size(value)
        np.testing.assert_allclose(g(x), expected, rtol=1e-6)
        agrees(scaled, x)


def test_a_dtype_met_at_a_shape_seen_in_another_dtype_gets_code_of_its_own():
    """float32 and integer arrays of the shape float64 arrays were seen at: their own family,
    their own code, gradients in their own dtype (an integer argument's in float64)."""
    g = transpiler.grad(sine_weighted)
    x = rng.normal(size=5)
    g(x), g(rng.normal(size=7)), g(x)
    for cast, dtype in ((np.float32, np.float32), (np.int64, np.float64)):
        y = x.astype(cast) if cast is np.float32 else np.arange(5)
        assert GENERIC not in g.compiled((y,)).source        # (a new family: specialised first)
        got = g(y)
        assert got.dtype == dtype
        np.testing.assert_allclose(got, np.cos(y) * y + np.sin(y), rtol=1e-6)


def _inner(v):
    return np.sin(v)


def _inner_again(v):
    return np.exp(v)


def through_a_helper(x):
    return np.sum(_inner(x) * 2.0)


def test_a_helper_redefined_after_the_code_for_any_shapes_was_compiled(monkeypatch):
    """The helper the code inlined is rebound once a family has its code for any shapes: that
    code, and every specialisation, is made again from the helper as it is now."""
    g = transpiler.grad(through_a_helper)
    shapes = [rng.normal(size=n) for n in (3, 5, 7)]
    for x in shapes[:2]:
        np.testing.assert_allclose(g(x), 2 * np.cos(x), rtol=1e-12)
    monkeypatch.setitem(globals(), "_inner", _inner_again)
    for x in [shapes[2], shapes[1], shapes[1], shapes[0], shapes[2]]:
        np.testing.assert_allclose(g(x), 2 * np.exp(x), rtol=1e-12)
    agrees(through_a_helper, shapes[2])
