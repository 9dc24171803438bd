"""The ``nonzero_denominators`` rewrite (transpiler/rewrites/nonzero_denominators.py): ``xlogy``'s
partial in ``z``, ``x / np.where(x == 0, 1.0, z)``, is ``x / z`` where ``z`` is clipped away from
zero (a binary cross-entropy's ``np.clip(p, eps, 1 - eps)``, ``1 - p`` of it, ``np.maximum(u,
eps)``): no comparison or selection. Pinned: the code, finite differences in reverse and forward
mode, the same gradient as with the rewrite off, float32 kept, and what is left guarded (a ``z``
that may be 0, where ``x = 0`` must keep the guard's 0; bounds that round to the edge in float32)."""
import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad

special = pytest.importorskip("scipy.special")
xlogy, xlog1py = special.xlogy, special.xlog1py

RNG = np.random.default_rng(17)
X = RNG.standard_normal((40, 3))
W = 0.5 * RNG.standard_normal(3)
Y = (RNG.uniform(size=40) < 0.5).astype(float)


def cross_entropy(w, X, y):
    p = np.clip(special.expit(X @ w), 1e-6, 1 - 1e-6)
    return -np.mean(xlogy(y, p) + xlogy(1 - y, 1 - p))


def floored(w, X, y):
    return -np.sum(xlogy(y, np.maximum(np.tanh(X @ w) ** 2, 1e-3)))


def shifted_log1p(w, X, y):
    return np.sum(xlog1py(y, np.clip(X @ w, -0.5, 2.0)))


def below_zero(w, X, y):
    return np.sum(xlogy(y, -np.clip(X @ w, 0.25, None)) ** 2)       # (log of a negative: NaN, no guard then)


FIRES = {"cross_entropy": cross_entropy, "floored": floored, "shifted_log1p": shifted_log1p}


def source(f, args, **options) -> str:
    return transpiler.grad(f, **options).compiled(args).source


def reverse_sweep(f, args, **options) -> str:
    return source(f, args, **options).split("# reverse sweep")[1]


@pytest.mark.parametrize("name", FIRES)
def test_the_guard_is_dropped_and_the_gradient_matches_differences(name):
    f = FIRES[name]
    on, off = reverse_sweep(f, (W, X, Y)), reverse_sweep(f, (W, X, Y), rewrites={"nonzero_denominators": False})
    assert "np.where(" not in on and "== 0" not in on, on
    assert "np.where(" in off
    assert check_grad(f, W, X, Y)
    direction = RNG.standard_normal(3)
    _, tangent = transpiler.jvp(f, (W, X, Y), (direction, np.zeros_like(X), np.zeros_like(Y)))
    h = 1e-6
    fd = (f(W + h * direction, X, Y) - f(W - h * direction, X, Y)) / (2 * h)
    assert tangent == pytest.approx(fd, rel=1e-6, abs=1e-9)


@pytest.mark.parametrize("name", FIRES)
def test_switched_off_the_gradient_agrees(name):
    on = transpiler.grad(FIRES[name])(W, X, Y)
    off = transpiler.grad(FIRES[name], rewrites={"nonzero_denominators": False})(W, X, Y)
    np.testing.assert_allclose(on, off, rtol=1e-13, atol=1e-15)


def test_float32_stays_float32():
    X32, W32, Y32 = X.astype(np.float32), W.astype(np.float32), Y.astype(np.float32)
    g = transpiler.grad(cross_entropy)
    assert "np.where(" not in reverse_sweep(cross_entropy, (W32, X32, Y32))
    got = g(W32, X32, Y32)
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, transpiler.grad(cross_entropy)(W, X, Y), rtol=2e-4, atol=1e-6)


def unclipped(w, X, y):
    return -np.mean(xlogy(y, special.expit(X @ w)))


def clipped_at_zero(w, X, y):
    return -np.sum(xlogy(y, np.clip(X @ w, 0.0, 1.0)))


def near_one_in_float32(w, X, y):
    p = np.clip(special.expit(X @ w), 1e-9, 1 - 1e-9)        # 1 - 1e-9 is 1.0 in float32: 1 - p may be 0
    return -np.mean(xlogy(y, p) + xlogy(1 - y, 1 - p))


def test_a_denominator_that_may_be_zero_keeps_its_guard():
    assert "np.where(" in reverse_sweep(unclipped, (W, X, Y))
    assert "np.where(" in reverse_sweep(clipped_at_zero, (W, X, Y))
    # where x = 0 and z = 0 the partial is the guard's 0, not 0 / 0
    w = np.array([-1.0, 0.0, 0.0])
    X0 = np.array([[1.0, 0, 0], [-1.0, 0, 0], [2.0, 0, 0]])
    y0 = np.array([0.0, 1.0, 0.0])                 # z = clip(X0 @ w, 0, 1) = [0, 1, 0]
    g = transpiler.grad(clipped_at_zero)(w, X0, y0)
    assert np.all(np.isfinite(g))


def test_bounds_are_read_as_the_arrays_dtype_holds_them():
    X32, W32, Y32 = X.astype(np.float32), W.astype(np.float32), Y.astype(np.float32)
    assert reverse_sweep(near_one_in_float32, (W32, X32, Y32)).count("np.where(") == 1   # 1 - p kept, p not
    assert "np.where(" not in reverse_sweep(near_one_in_float32, (W, X, Y))            # float64 holds it


def test_a_nan_denominator_at_x_zero_gives_nan_as_the_value_is():
    # z NaN where x = 0: the value xlogy(0, nan) is NaN, and the partial follows the chain rule
    w = np.array([np.nan, 0.0, 0.0])
    value, g = transpiler.value_and_grad(cross_entropy)(w, X, Y)
    assert np.isnan(value) and np.all(np.isnan(g))


def test_a_negative_clip_is_nonzero_too():
    on, off = reverse_sweep(below_zero, (W, X, Y)), reverse_sweep(below_zero, (W, X, Y),
                                                                 rewrites={"nonzero_denominators": False})
    assert on.count("np.where(") < off.count("np.where(")
    with np.errstate(invalid="ignore"):
        np.testing.assert_array_equal(transpiler.grad(below_zero)(W, X, Y),
                                      transpiler.grad(below_zero, rewrites={"nonzero_denominators": False})(W, X, Y))
