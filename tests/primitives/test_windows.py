"""``np.lib.stride_tricks.sliding_window_view`` (primitives/windows.py): 1-d and 2-d windows, the
``axis`` keyword (an axis named twice too), windows taken with a step (``[::2, ::2]``), a window
shape passed by keyword, reached through a helper, a lambda, a closure, a loop, on float32.
Reverse mode, forward mode and second order against central finite differences; a writeable
view is refused where it is written."""
import numpy as np
import pytest
from array_check import check_gradient, hessian_by_differences, numeric_gradient, rng

import transpiler
from numpy.lib.stride_tricks import sliding_window_view
from transpiler import UnsupportedSyntaxError

V = rng(90).normal(size=7)
M = rng(91).normal(size=(5, 6))
K = rng(92).normal(size=(2, 3))


def moving_average_squared(x):
    return np.sum(sliding_window_view(x, 3).mean(axis=-1) ** 2)


def windows_weighted(x):
    w = sliding_window_view(x, window_shape=4)
    return np.sum(np.sin(w) * np.arange(1.0, 5.0))


def correlation(a):
    windows = sliding_window_view(a, K.shape)
    return np.sum(np.tanh(np.einsum("klij,ij->kl", windows, K)))


def pooled_maxima(a):
    return np.sum(sliding_window_view(a ** 2, (2, 2))[::2, ::2].max(axis=(-2, -1)))


def along_axis_zero(a):
    return np.sum(np.exp(0.3 * np.lib.stride_tricks.sliding_window_view(a, 2, axis=0)) * a[:1, :, None])


def one_axis_twice(a):
    windows = sliding_window_view(a, (2, 3), axis=(1, 1))      # 2-wide windows of 3-wide windows
    return np.sum(windows.prod(axis=-1) * windows[..., 0])


def _window_sums(x, n):
    return sliding_window_view(x, n).sum(axis=-1)


def through_a_helper_in_a_loop(x):
    total = 0.0
    for n in (2, 3):
        total = total + np.sum(_window_sums(x, n) ** 2) / n
    return total


WINDOW = 3
windowed = lambda x: sliding_window_view(x * x, WINDOW)     # noqa: E731  (a lambda reading a global)


def through_a_lambda(x):
    return np.sum(np.cos(windowed(x)))


CASES = {sliding_window_view: [
    (moving_average_squared, (V,), (0,)), (windows_weighted, (V,), (0,)), (correlation, (M,), (0,)),
    (pooled_maxima, (M,), (0,)), (along_axis_zero, (M,), (0,)), (one_axis_twice, (M,), (0,)),
    (through_a_helper_in_a_loop, (V,), (0,)), (through_a_lambda, (V,), (0,))]}
ALL = [pytest.param(*case, id=case[0].__name__) for case in CASES[sliding_window_view]]


@pytest.mark.parametrize("f, args, wrt", ALL)
def test_gradient_matches_finite_differences(f, args, wrt):
    check_gradient(f, args, wrt, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("f, args, wrt", ALL)
def test_jvp_matches_finite_differences(f, args, wrt):
    x = args[0]
    direction = rng(93).normal(size=np.shape(x))
    value, tangent = transpiler.jvp(f, (x,), (direction,))
    assert np.isclose(value, f(x))
    np.testing.assert_allclose(tangent, np.sum(numeric_gradient(f, [x], 0) * direction), rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("f", [moving_average_squared, correlation, one_axis_twice, through_a_lambda])
def test_hessian_matches_differences_of_the_gradient(f):
    x = V if f in (moving_average_squared, through_a_lambda) else M
    np.testing.assert_allclose(transpiler.hessian(f)(x), hessian_by_differences(f, x), rtol=1e-5, atol=1e-6)


def test_float32_keeps_its_dtype():
    x = M.astype(np.float32)
    gradient = transpiler.grad(correlation)(x)
    assert gradient.dtype == np.float32
    np.testing.assert_allclose(gradient, transpiler.grad(correlation)(M), rtol=1e-4, atol=1e-5)


def test_the_adjoint_adds_each_window_back():
    # every element of a length-5 signal is in min(i + 1, 3, 5 - i) of the 3-wide windows
    gradient = transpiler.grad(lambda x: np.sum(sliding_window_view(x, 3)))(np.ones(5))
    np.testing.assert_array_equal(gradient, [1.0, 2.0, 3.0, 2.0, 1.0])


def writes_through_the_windows(x):
    y = x.copy()
    w = sliding_window_view(y, 2, writeable=True)
    return np.sum(w ** 2)


def test_a_writeable_view_is_refused_located():
    with pytest.raises(UnsupportedSyntaxError, match="writeable=True") as error:
        transpiler.grad(writes_through_the_windows)(V)
    assert "sliding_window_view(y, 2, writeable=True)" in str(error.value)
