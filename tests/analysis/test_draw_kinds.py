"""analysis/draw_shapes.py ``drawn_kind``: a floating draw from a NumPy generator the function
makes (or of a type the lowering knew) and a legacy ``np.random`` function's draw are float64,
or the dtype ``dtype=`` names; a draw that may be another dtype (a ``dtype`` passed by position
or by a value, ``out=``) or from an object not known to be a generator has no kind. The kind
reaches the reverse sweep's IR (ad/draws.py marks the call), so dtype-gated rewrites fire after a
draw: a VAE's sigmoid log-likelihood of a reparameterised draw gets ``cancelled_denominators``'
``p - x`` (no division), right in both modes and in float32."""
import numpy as np
import pytest

import transpiler
from transpiler.analysis import kinds
from transpiler.check import check_grad, numeric_gradient
from transpiler.driver import pipeline


def draws(x, rng, dtype):
    made = np.random.default_rng(0)
    by_shape = made.standard_normal(x.shape)
    by_size = made.normal(0.0, 1.0, size=(2, 3))
    legacy = np.random.normal(size=3)
    legacy_randn = np.random.randn(3)
    single = made.standard_normal(3, dtype=np.float32)
    positional_dtype = made.standard_normal(3, np.float32)
    dtype_by_value = made.standard_normal(3, dtype=dtype)
    into = made.standard_normal(out=x)
    from_unknown = rng.standard_normal(3)
    whole = made.integers(0, 3, size=3)
    return by_shape, by_size, legacy, legacy_randn, single, positional_dtype, dtype_by_value, into, from_unknown, whole


def test_draws_have_the_dtype_numpy_gives_them_where_the_call_says():
    found = {v.name: k for v, k in kinds.known_kinds(pipeline.lowered(draws), ("f8", None, None)).items()}
    assert [found.get(name) for name in ("by_shape", "by_size", "legacy", "legacy_randn", "single")] == \
        ["f8", "f8", "f8", "f8", "f4"]
    for name in ("positional_dtype", "dtype_by_value", "into", "from_unknown", "whole"):
        assert name not in found, name


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def log_likelihood(x, z):
    p = sigmoid(z)
    return -np.sum(x * np.log(p) + (1 - x) * np.log(1 - p)) / len(x)


def reconstruction(W, x):
    return log_likelihood(x, x @ W + 0.1 * np.random.default_rng(0).standard_normal((len(x), W.shape[1])))


def reconstruction_float32(W, x):
    noise = np.random.default_rng(0).standard_normal((len(x), W.shape[1]), dtype=np.float32)
    return log_likelihood(x, x @ W + 0.1 * noise)


RNG = np.random.default_rng(3)
X = RNG.uniform(0.05, 0.95, (6, 4))
W = 0.3 * RNG.standard_normal((4, 4))


def reverse_sweep(f, *args) -> str:
    return transpiler.grad(f).compiled(args).source.split("# reverse sweep")[1]


def test_a_sigmoid_log_loss_after_a_draw_has_no_division():
    sweep = reverse_sweep(reconstruction, W, X)
    assert "/" not in sweep and "np.divide" not in sweep, sweep
    rewritten = transpiler.grad(reconstruction)(W, X)
    as_written = transpiler.grad(reconstruction, rewrites={"cancelled_denominators": False})(W, X)
    np.testing.assert_allclose(rewritten, as_written, rtol=1e-12, atol=1e-15)


def test_a_sigmoid_log_loss_after_a_draw_against_finite_differences_in_both_modes():
    assert check_grad(reconstruction, W, X).ok
    expected = numeric_gradient(reconstruction, (W, X), 0)
    direction = RNG.standard_normal(W.shape)
    _, tangent = transpiler.jvp(reconstruction, (W, X), (direction, np.zeros_like(X)))
    assert tangent == pytest.approx(np.vdot(expected, direction), rel=1e-6)


def test_a_float32_draw_keeps_a_float32_gradient():
    args = (W.astype(np.float32), X.astype(np.float32))
    sweep = reverse_sweep(reconstruction_float32, *args)
    assert "/" not in sweep and "np.divide" not in sweep, sweep
    gradient = transpiler.grad(reconstruction_float32)(*args)
    assert gradient.dtype == np.float32
    as_written = transpiler.grad(reconstruction_float32, rewrites={"cancelled_denominators": False})(*args)
    np.testing.assert_allclose(gradient, as_written, rtol=1e-4, atol=1e-5)
