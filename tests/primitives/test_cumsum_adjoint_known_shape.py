"""``np.cumsum``'s adjoint where ``x``'s number of axes is known (1-d, or an ``axis``): the
reversed cumulative sum written out, ``np.cumsum(d[::-1])[::-1]`` (``d[:, ::-1]`` along axis 1),
that neither flattens ``d`` nor reads ``x``. A flattened cumsum of a 2-d array keeps ``uncumsum``
(its result is reshaped), as does one of a number (a 1-d result, the adjoint a number)."""
import numpy as np

import transpiler
from transpiler.check import check_grad

RNG = np.random.default_rng(3)
X = RNG.standard_normal(6)
M = RNG.standard_normal((3, 4))
WEIGHTS = RNG.standard_normal((3, 4))


def running_total(x):
    return np.sum(np.sin(np.cumsum(np.exp(x))) * np.arange(6.0))


def running_total_method(x):
    return np.sum(np.exp(x).cumsum() ** 2)


def along_rows(m):
    return np.sum(np.cumsum(m * m, axis=1) * WEIGHTS)


def along_columns_by_position(m):
    return np.sum(np.tanh(np.cumsum(m, 0)) * WEIGHTS)


def along_the_last_axis(m):
    return np.sum(np.cumsum(np.sin(m), axis=-1) ** 2)


def flattened(m):
    return np.sum(np.cumsum(m * m) * np.arange(12.0))


def of_a_number(x):
    return np.sum(np.cumsum(np.sum(x * x)) * 2.0)


def reverse_sweep(f, x):
    return transpiler.grad(f).compiled((x,)).source.split("# reverse sweep")[1]


def test_a_known_number_of_axes_gets_the_reversed_cumulative_sum_written_out():
    for f, x in ((running_total, X), (running_total_method, X), (along_rows, M), (along_columns_by_position, M),
                 (along_the_last_axis, M)):
        code = reverse_sweep(f, x)
        assert "uncumsum" not in code and "np.cumsum(" in code and "::-1]" in code, f.__name__
        assert check_grad(f, x), f.__name__


def test_a_flattened_2d_cumsum_and_one_of_a_number_keep_uncumsum():
    for f, x in ((flattened, M), (of_a_number, X)):
        assert "uncumsum(" in reverse_sweep(f, x), f.__name__
        assert check_grad(f, x), f.__name__


def test_forward_mode_and_hessians_agree():
    for f, x in ((running_total, X), (along_rows, M), (along_the_last_axis, M)):
        direction = RNG.standard_normal(x.shape)
        _, tangent = transpiler.jvp(f, (x,), (direction,))
        assert np.isclose(tangent, np.vdot(transpiler.grad(f)(x), direction)), f.__name__
    h = transpiler.hessian(running_total)(X)
    assert np.allclose(h, h.T) and h.shape == (6, 6)


def test_float32_keeps_its_dtype():
    for f, x in ((running_total, X), (along_rows, M)):
        g = transpiler.grad(f)(x.astype(np.float32))
        assert g.dtype == np.float32 and np.allclose(g, transpiler.grad(f)(x), rtol=1e-3, atol=1e-3), f.__name__
