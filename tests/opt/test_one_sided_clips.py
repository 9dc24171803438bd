"""A clip with one bound (transpiler/opt/one_sided_clips.py): ``np.clip(z, 0, None)`` (a ReLU),
``z.clip(0)``, ``np.clip(x, None, hi)`` computed as ``np.maximum`` / ``np.minimum``, the same values
bit for bit without ``np.clip``'s checks of its bounds. Pinned: the code in both modes, finite
differences, float32 kept, NaN and signed zeros as ``np.clip`` gives them, and what is left a clip
(two bounds; no bound)."""
import numpy as np
import pytest

import transpiler

RNG = np.random.default_rng(5)
X = RNG.standard_normal((6, 3))
W = RNG.standard_normal((3, 4))


def relu_net(w, x):
    return np.sum(np.clip(x @ w, 0, None) ** 2)


def capped_method(w, x):
    return np.sum(np.cos((x @ w).clip(max=0.5)))


def two_bounds(w, x):
    return np.sum(np.clip(x @ w, -0.5, 0.5) ** 2)


ONE_SIDED = {"relu_net": (relu_net, "np.maximum("), "capped_method": (capped_method, "np.minimum(")}


@pytest.mark.parametrize("name", ONE_SIDED)
def test_a_one_sided_clip_is_an_extremum_in_both_modes(name):
    f, extremum = ONE_SIDED[name]
    gradient = transpiler.grad(f)
    gradient(W, X)
    reverse = gradient.compiled((W, X)).source.split(f"def {name}_grad(")[1]
    assert extremum in reverse and "np.clip(" not in reverse, reverse
    assert transpiler.check_grad(f, W, X)
    direction = RNG.standard_normal(W.shape)
    _, tangent = transpiler.jvp(f, (W, X), (direction, np.zeros_like(X)))
    h = 1e-6
    assert tangent == pytest.approx((f(W + h * direction, X) - f(W - h * direction, X)) / (2 * h), rel=1e-6)
    forward = transpiler.differentiate(f, mode="forward").source_at(W, X).split(f"def {name}_jvp(")[1]
    assert extremum in forward and "np.clip(" not in forward, forward      # (its tangent: clip_partial)


def test_float32_stays_float32():
    g = transpiler.grad(relu_net)(W.astype(np.float32), X.astype(np.float32))
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, transpiler.grad(relu_net)(W, X), rtol=1e-4, atol=1e-5)


def relu_value(x):
    return np.clip(x, 0.0, None) * 1.0


def test_values_are_np_clips_nan_and_signed_zeros_included():
    x = np.array([-0.0, 0.0, np.nan, -np.inf, np.inf, -1.0, 1.0])
    value, _ = transpiler.vjp(relu_value, x)
    expected = np.clip(x, 0.0, None)
    np.testing.assert_array_equal(value, expected)
    assert np.array_equal(np.signbit(value), np.signbit(expected))


def test_two_bounds_stay_a_clip():
    gradient = transpiler.grad(two_bounds)
    gradient(W, X)
    assert "np.clip(" in gradient.compiled((W, X)).source
    assert transpiler.check_grad(two_bounds, W, X)
