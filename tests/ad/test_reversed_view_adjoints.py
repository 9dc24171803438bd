"""The adjoint of ``x[::-1]`` (and ``x[:, ::-1]``, ``x[None, ::-1]``: whole axes reversed, every
element read once) is the output's adjoint reversed back, ``d[::-1]``: a view, no array of zeros
with the adjoint added in. A slice with a bound (``x[:-1:-1]``, ``x[5::-1]``) or another step
(``x[::-2]``) keeps the zeros."""
import numpy as np

import transpiler
from transpiler.check import check_grad

RNG = np.random.default_rng(11)
X = RNG.standard_normal(7)
M = RNG.standard_normal((3, 5))


def reversed_twice_over(x):
    return np.sum(np.cumsum((x * np.arange(1.0, 8.0))[::-1])[::-1] ** 2)


def columns_reversed(m):
    return np.sum(np.tanh(m[:, ::-1]) * np.arange(5.0))


def new_axis_and_reversed(x):
    return np.sum(np.sin(x[None, ::-1]) * np.ones((2, 1)) * np.arange(7.0))


def every_second_reversed(x):
    return np.sum(np.exp(x[::-2]) * np.arange(4.0))


def reversed_from_the_middle(x):
    return np.sum(np.exp(x[4::-1]) * np.arange(5.0))


def test_a_whole_axis_reversed_has_its_adjoint_reversed_back_without_zeros():
    for f, x in ((reversed_twice_over, X), (columns_reversed, M), (new_axis_and_reversed, X)):
        source = transpiler.grad(f).compiled((x,)).source
        assert "np.zeros" not in source and "add_into" not in source, f.__name__
        assert "::-1]" in source.split("# reverse sweep")[1], f.__name__
        assert check_grad(f, x), f.__name__


def test_a_slice_with_a_bound_or_another_step_keeps_the_zeros():
    for f in (every_second_reversed, reversed_from_the_middle):
        source = transpiler.grad(f).compiled((X,)).source
        assert "np.zeros" in source, f.__name__
        assert check_grad(f, X), f.__name__


def test_forward_mode_and_hessians_agree():
    direction = RNG.standard_normal(7)
    for f in (reversed_twice_over, new_axis_and_reversed, every_second_reversed):
        _, tangent = transpiler.jvp(f, (X,), (direction,))
        assert np.isclose(tangent, transpiler.grad(f)(X) @ direction), f.__name__
    h = transpiler.hessian(reversed_twice_over)(X)
    assert np.allclose(h, h.T) and h.shape == (7, 7)


def test_float32_keeps_its_dtype():
    for f, x in ((reversed_twice_over, X), (columns_reversed, M)):
        g = transpiler.grad(f)(x.astype(np.float32))
        assert g.dtype == np.float32 and np.allclose(g, transpiler.grad(f)(x), rtol=1e-3, atol=1e-3), f.__name__
