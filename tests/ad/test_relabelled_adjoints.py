"""The adjoint of ``x[None, :]``, ``x[:, None]``, ``x[..., None]`` (every element once, in order)
is a view of the output's adjoint, ``d[0, :]``: no array of zeros filled in place."""
import numpy as np

import transpiler
from transpiler.check import check_grad

RNG = np.random.default_rng(5)
W, X = RNG.standard_normal(4), RNG.standard_normal((6, 4))


def row_broadcast(w, X):
    return np.sum(np.tanh(X * w[None, :]))


def column_broadcast(v, X):
    return np.sum((X - v[:, None]) ** 2)


def ellipsis_twice(w, X):
    return np.sum(X * w[..., None].T) + np.sum(np.exp(w[None]) * X)


def looped(w, X):
    total = 0.0
    for i in range(3):
        total = total + np.sum(np.sin(X * w[None, :] * i))
    return total


def test_the_adjoint_is_the_output_adjoint_indexed_back():
    for f, first in ((row_broadcast, W), (column_broadcast, RNG.standard_normal(6))):
        source = transpiler.grad(f).compiled((first, X)).source
        assert "np.zeros" not in source, f.__name__
        assert check_grad(f, first, X), f.__name__


def test_several_reads_loops_forward_mode_and_hessians_agree():
    for f in (ellipsis_twice, looped):
        assert check_grad(f, W, X), f.__name__
    direction = RNG.standard_normal(4)
    for f in (row_broadcast, ellipsis_twice, looped):
        _, tangent = transpiler.jvp(f, (W, X), (direction, np.zeros_like(X)))
        assert np.isclose(tangent, transpiler.grad(f)(W, X) @ direction), f.__name__
    h = transpiler.hessian(row_broadcast)(W, X)
    assert np.allclose(h, h.T) and h.shape == (4, 4)


def test_float32_keeps_its_dtype():
    g = transpiler.grad(row_broadcast)(W.astype(np.float32), X.astype(np.float32))
    assert g.dtype == np.float32 and np.allclose(g, transpiler.grad(row_broadcast)(W, X), atol=1e-4)
