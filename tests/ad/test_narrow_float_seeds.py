"""A reduction's broadcast seed read as a number in an array's place (``np.where(c, 0.02, 0.0)``, a
mean's adjoint through a selection) has the dtype of the value it is the adjoint of: a float32
value's is ``np.float32(0.02)``, so the adjoint stays float32 (two Python numbers alone would make
``np.where`` float64, and ``X.T @ d`` then copies a float32 ``X`` to float64: N66)."""
import numpy as np

import transpiler
from transpiler.check import check_grad
from transpiler.primitives.runtime import unreduce

RNG = np.random.default_rng(7)
X = RNG.standard_normal((40, 3))
Y = X @ RNG.standard_normal(3) + 2 * RNG.standard_normal(40)
W = 0.1 * RNG.standard_normal(3)


def capped_smooth_l1(w, X, y):
    r = X @ w - y
    a = np.abs(r)
    return np.mean(np.where(a < 1.0, 0.5 * r * r, np.where(a < 3.0, a - 0.5, 2.5)))


def float32(*values):
    return tuple(v.astype(np.float32) for v in values)


def test_a_float32_selection_reads_the_mean_seed_as_a_float32_number():
    source = transpiler.grad(capped_smooth_l1).source(args=float32(W, X, Y))
    assert "np.where(_t2, np.float32(0.025), 0.0)" in source.replace("0.025000000000000001", "0.025")


def test_the_float32_gradient_is_float32_and_agrees_with_float64():
    g32 = transpiler.grad(capped_smooth_l1)(*float32(W, X, Y))
    g64 = transpiler.grad(capped_smooth_l1)(W, X, Y)
    assert g32.dtype == np.float32
    assert np.allclose(g32, g64, rtol=1e-4, atol=1e-5)


def test_finite_differences_in_both_modes():
    assert check_grad(capped_smooth_l1, W, X, Y)
    direction = RNG.standard_normal(3)
    _, tangent = transpiler.jvp(capped_smooth_l1, (W, X, Y), (direction, np.zeros_like(X), np.zeros_like(Y)))
    assert np.isclose(tangent, transpiler.grad(capped_smooth_l1)(W, X, Y) @ direction)
    h = 1e-6
    difference = (capped_smooth_l1(W + h * direction, X, Y) - capped_smooth_l1(W - h * direction, X, Y)) / (2 * h)
    assert np.isclose(tangent, difference, rtol=1e-5, atol=1e-8)


def test_float64_values_read_the_seed_as_a_python_number():
    source = transpiler.grad(capped_smooth_l1).source(args=(W, X, Y))
    assert "np.float32" not in source and "np.float64(" not in source


def test_the_runtime_broadcast_of_a_python_number_takes_a_float_arrays_dtype():
    assert unreduce(0.5, np.ones(3, np.float32)).dtype == np.float32
    assert unreduce(0.5, np.ones(3)).dtype == np.float64
    assert unreduce(0.5, np.ones(3, np.int64)).dtype == np.float64       # an integer array's adjoint: float
    assert unreduce(np.float64(0.5), np.ones(3, np.float32)).dtype == np.float64   # NumPy's number: strong
