"""The ``clipped_selections`` rewrite (transpiler/rewrites/clipped_selections.py): a selection
between ``x`` and ``d * np.sign(x)`` by ``|x| <= d``, each scaled alike, computed from one clip
(``np.clip`` for a literal bound, ``clip_within`` for one known at run time). Pinned: the code
(no ``np.sign``, no magnitude or comparison left in the forward sweep), the gradient against
central finite differences and against the rewrite off in the spellings users write (a keyword
default, a closure constant, a literal, a helper, a lambda, ``<`` and ``>`` with the branches
swapped, ``abs``, float32, in a loop), bounds that are negative, zero, NaN or infinite, residuals on
the boundary, Hessians and forward mode (which the rewrite leaves alone), and the look-alikes left
alone."""
import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad
from transpiler.primitives.elementwise import _clip_within_tangent, clip_within

RNG = np.random.default_rng(57)
X = RNG.standard_normal((40, 3))
Y = X @ RNG.standard_normal(3) + RNG.standard_t(2, size=40)
W = RNG.standard_normal(3)
DELTA = 0.7
OFF = {"clipped_selections": False}


def huber(w, X, y, delta=1.0):
    r = X @ w - y
    return np.mean(np.where(np.abs(r) <= delta, 0.5 * r ** 2, delta * (np.abs(r) - 0.5 * delta)))


def huber_literal(w, X, y):
    r = X @ w - y
    return np.sum(np.where(np.abs(r) < 1.5, 0.5 * r ** 2, 1.5 * np.abs(r) - 0.5 * 1.5 ** 2))


def _huber_terms(r, delta):
    outside = delta < abs(r)
    return np.where(outside, delta * abs(r) - 0.5 * delta ** 2, 0.5 * r ** 2)


def huber_helper_closure(w, X, y):
    return 3.0 * np.sum(_huber_terms(X @ w - y, DELTA)) / len(y)


smooth_l1 = lambda w, X, y: np.mean(np.where(np.abs(X @ w - y) < 0.5,                   # noqa: E731
                                             0.5 * (X @ w - y) ** 2 / 0.5, np.abs(X @ w - y) - 0.25))


def huber_steps(w, X, y, delta=0.9):
    total = 0.0
    for k in range(3):
        r = X @ (w * (1.0 + 0.1 * k)) - y
        total = total + np.sum(np.where(np.abs(r) <= delta, 0.5 * r ** 2, delta * (np.abs(r) - 0.5 * delta)))
    return total


def not_continuous(w, X, y, delta=1.0):
    # the sign's scale is not the kept value's times the bound: no clip
    r = X @ w - y
    return np.sum(np.where(np.abs(r) <= delta, 0.5 * r ** 2, 2.0 * delta * np.abs(r)))


def other_condition(w, X, y, delta=1.0):
    # compared with something else than the magnitude: no clip
    r = X @ w - y
    return np.sum(np.where(r <= delta, 0.5 * r ** 2, delta * np.abs(r)))


CASES = [(huber, (W, X, Y)), (huber, (W, X, Y, 0.3)), (huber_literal, (W, X, Y)), (huber_helper_closure, (W, X, Y)),
         (smooth_l1, (W, X, Y)), (huber_steps, (W, X, Y))]


@pytest.mark.parametrize("fn, args", CASES, ids=lambda v: getattr(v, "__name__", "") if callable(v) else "")
def test_gradient_matches_finite_differences_and_the_rewrite_off(fn, args):
    on = transpiler.grad(fn)(*args)
    off = transpiler.grad(fn, rewrites=OFF)(*args)
    np.testing.assert_allclose(on, off, rtol=1e-12, atol=1e-15)
    assert check_grad(fn, *args).ok


def _sweeps(fn, args, rewrites=True):
    source = transpiler.grad(fn, rewrites=rewrites).source(args=args)
    body = source[source.index("# forward sweep"):]
    return body[:body.index("# reverse sweep")], body[body.index("# reverse sweep"):]


@pytest.mark.parametrize("fn, args, clip", [(huber, (W, X, Y), "clip_within(r, delta)"),
                                             (huber_literal, (W, X, Y), "np.clip(r, -1.5, 1.5)"),
                                             (huber_helper_closure, (W, X, Y), "clip_within("),
                                             (smooth_l1, (W, X, Y), "np.clip(")])
def test_the_selection_is_one_clip_and_the_forward_sweep_keeps_no_magnitude(fn, args, clip):
    forward, reverse = _sweeps(fn, args)
    assert clip in reverse and "np.sign" not in reverse and "np.where" not in reverse, reverse
    assert "np.absolute" not in forward and "abs(" not in forward and "<" not in forward, forward
    off_forward, off_reverse = _sweeps(fn, args, rewrites=OFF)
    assert "np.sign" in off_reverse


@pytest.mark.parametrize("delta", [-0.5, 0.0, np.nan, np.inf, 1e-300])
def test_bounds_negative_zero_nan_or_infinite_give_the_selection_s_values(delta):
    # a negative bound: |r| <= delta never holds, every residual gets delta * sign(r), which no clip is
    on = transpiler.grad(huber)(W, X, Y, delta)
    off = transpiler.grad(huber, rewrites=OFF)(W, X, Y, delta)
    np.testing.assert_allclose(on, off, rtol=1e-12, atol=0.0)
    if np.isfinite(delta) and delta != 0.0:
        assert check_grad(huber, W, X, Y, delta).ok


def test_residuals_on_the_boundary_zero_and_infinite():
    # r = X @ w - y with w = 0: the residuals are -y exactly
    eye = np.eye(6)
    w = np.zeros(6)
    y = -np.array([1.0, -1.0, 0.0, 1.5, np.inf, -1.5])
    for fn in (huber, huber_literal):
        on = transpiler.grad(fn)(w, eye, y)
        off = transpiler.grad(fn, rewrites=OFF)(w, eye, y)
        np.testing.assert_array_equal(on, off)


def test_float32_keeps_its_dtype():
    args = tuple(a.astype(np.float32) for a in (W, X, Y))
    got = transpiler.grad(huber)(*args)
    assert got.dtype == transpiler.grad(huber, rewrites=OFF)(*args).dtype
    np.testing.assert_allclose(got, transpiler.grad(huber)(W, X, Y), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("fn", [not_continuous, other_condition])
def test_look_alikes_are_left_alone(fn):
    _, reverse = _sweeps(fn, (W, X, Y))
    assert "clip" not in reverse
    np.testing.assert_allclose(transpiler.grad(fn)(W, X, Y), transpiler.grad(fn, rewrites=OFF)(W, X, Y), rtol=1e-12)
    assert check_grad(fn, W, X, Y).ok


def test_hessians_and_forward_mode_agree_with_the_gradient():
    t = RNG.standard_normal(W.shape)
    _, tangent = transpiler.jvp(huber, (W, X, Y), (t, np.zeros_like(X), np.zeros_like(Y)))
    assert tangent == pytest.approx(np.dot(transpiler.grad(huber)(W, X, Y), t), rel=1e-12)
    g, h = transpiler.grad(huber), 1e-6
    expected = (g(W + h * t, X, Y) - g(W - h * t, X, Y)) / (2 * h)
    np.testing.assert_allclose(transpiler.hvp(huber, W, t, X, Y), expected, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(transpiler.hessian(huber)(W, X, Y) @ t, expected, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("bound", [0.6, 0.0, -0.4])
def test_clip_within_is_the_selection_and_its_tangent_is_the_selection_s(bound):
    x = np.array([-2.0, -0.6, -0.1, 0.0, 0.3, 0.6, 1.5])
    np.testing.assert_array_equal(clip_within(x, bound), np.where(np.abs(x) <= bound, x, bound * np.sign(x)))
    t_x, t_bound = _clip_within_tangent(1.0, None, x, bound)
    h = 1e-7
    inner = (np.abs(np.abs(x) - bound) > 1e-3) & (x != 0)     # (away from the kinks and sign's jump)
    np.testing.assert_allclose(t_x[inner], ((clip_within(x + h, bound) - clip_within(x - h, bound)) / (2 * h))[inner],
                               atol=1e-6)
    np.testing.assert_allclose(t_bound[inner],
                               ((clip_within(x, bound + h) - clip_within(x, bound - h)) / (2 * h))[inner], atol=1e-6)


@pytest.mark.parametrize("backend", ["numba", "array_api"])
@pytest.mark.parametrize("delta", [0.8, -0.5])
def test_other_backends_run_the_clip_and_agree(backend, delta):
    if backend == "numba":
        pytest.importorskip("numba")
    g = transpiler.grad(huber, backend=backend)
    for _ in range(3):                      # (the code specialised to the shapes from the second call)
        got = g(W, X, Y, delta)
    assert "clip_within(" in g.compiled((W, X, Y, delta)).source
    np.testing.assert_allclose(got, transpiler.grad(huber, rewrites=OFF)(W, X, Y, delta), rtol=1e-12, atol=1e-15)
