"""``np.lib.stride_tricks.sliding_window_view`` (primitives/windows.py): 1-d and 2-d windows, the
``axis`` keyword (an axis named twice too), windows taken with a step (``[::2, ::2]``), a window
shape passed by keyword, reached through a helper, a lambda, a closure, a loop, on float32; and
``as_strided(a, shape, strides=a.strides * 2)``, the windows of ``a`` (``strided_windows``), of a
view too; other strides, and ``.strides`` read elsewhere, refused, located.
Reverse mode, forward mode and second order against central finite differences; a writeable
view is refused where it is written."""
import numpy as np
import pytest
from array_check import check_gradient, hessian_by_differences, numeric_gradient, rng

import transpiler
from numpy.lib.stride_tricks import as_strided, sliding_window_view
from transpiler import UnsupportedSyntaxError
from transpiler.primitives.windows import strided_windows

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


def as_strided_correlation(a):
    s = K.shape + tuple(np.subtract(a.shape, K.shape) + 1)
    strd = np.lib.stride_tricks.as_strided
    windows = strd(a, shape=s, strides=a.strides * 2)      # windows[i, j, k, l] = a[i + k, j + l]
    return np.sum(np.einsum("ij,ijkl->kl", K, windows) ** 2)


def as_strided_fewer_offsets(x):
    windows = as_strided(x[1:], (3, 2), 2 * x[1:].strides)   # 3 offsets of 2-wide windows, fewer than fit
    return np.sum(np.sin(windows) * np.arange(1.0, 3.0))


def as_strided_of_a_transposed_view(a):
    t = a.T
    windows = as_strided(t, shape=(2, 2, 5, 4), strides=t.strides + t.strides)
    return np.sum(windows ** 3 * windows[0, 1])


CASES = {sliding_window_view: [
    (moving_average_squared, (V,), (0,)), (windows_weighted, (V,), (0,)), (correlation, (M,), (0,)),
    (pooled_maxima, (M,), (0,)), (along_axis_zero, (M,), (0,)), (one_axis_twice, (M,), (0,)),
    (through_a_helper_in_a_loop, (V,), (0,)), (through_a_lambda, (V,), (0,))]}
CASES[strided_windows] = [(as_strided_correlation, (M,), (0,)), (as_strided_fewer_offsets, (V,), (0,)),
                          (as_strided_of_a_transposed_view, (M,), (0,))]
ALL = [pytest.param(*case, id=case[0].__name__) for cases in CASES.values() for case in cases]


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


@pytest.mark.parametrize("f", [moving_average_squared, correlation, one_axis_twice, through_a_lambda,
                               as_strided_correlation, as_strided_fewer_offsets])
def test_hessian_matches_differences_of_the_gradient(f):
    x = V if f in (moving_average_squared, through_a_lambda, as_strided_fewer_offsets) else M
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


def other_strides(x):
    return np.sum(as_strided(x, shape=(3, 2), strides=(x.strides[0], 0)))


def strides_read_elsewhere(x):
    return np.sum(x) * x.strides[0]


@pytest.mark.parametrize("f, line", [(other_strides, 1), (strides_read_elsewhere, 1)])
def test_other_strides_are_refused_located(f, line):
    with pytest.raises(UnsupportedSyntaxError, match="sliding_window_view") as error:
        transpiler.grad(f)(V)
    assert error.value.location.line == f.__code__.co_firstlineno + line


def past_the_end(x):
    return np.sum(as_strided(x, shape=(5, 4), strides=x.strides * 2))     # 5 + 4 - 1 > 7


def test_windows_past_the_end_raise_instead_of_reading_other_memory():
    with pytest.raises(ValueError, match="past its end"):
        transpiler.grad(past_the_end)(V)


def windows_of_a_dict_entry(params):
    return np.sum(sliding_window_view(params["x"], 2).prod(axis=-1))


def test_windows_of_a_dict_parameters_entry():
    report = transpiler.check_grad(windows_of_a_dict_entry, {"x": V})
    assert report.ok, report
