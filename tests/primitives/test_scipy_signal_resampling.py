"""scipy.signal's median filters and decimation (primitives/scipy_signal_resampling.py): medfilt
(1-D, n-D with a kernel per axis) and medfilt2d, decimate (the Chebyshev filter with and without
zero phase, an order, along the first axis, the FIR filter without zero phase), resample (fewer
and more samples, odd and even lengths, a window, an axis, the times); the arrays
against SciPy's to 1e-12, reverse mode against central differences, forward mode along a random
direction, the Hessian of a decimation against differences of the gradient; what has no
composition refuses where written."""
import numpy as np
import pytest

pytest.importorskip("scipy")
from array_check import check_value_gradient_and_tangent, hessian_by_differences, rng  # noqa: E402
from scipy import signal  # noqa: E402

import transpiler  # noqa: E402
from transpiler import TranspileError  # noqa: E402

X48 = rng(41).normal(size=48)
M67 = rng(42).normal(size=(6, 7))


def median_filtered(x):
    return np.sum(signal.medfilt(x, 5) ** 2 * np.arange(48.0)) + np.sum(signal.medfilt(x) ** 3)


def median_filtered_images(m):
    return np.sum(signal.medfilt(m, [3, 5]) ** 2) + np.sum(signal.medfilt2d(m) * np.arange(7.0))


def decimated(x):
    return (np.sum(signal.decimate(x, 3) ** 2 * np.arange(16.0))
            + np.sum(signal.decimate(x, 2, n=4, zero_phase=False) ** 2)
            + np.sum(signal.decimate(x, 4, ftype="fir", zero_phase=False) ** 3))


def decimated_along_the_first_axis(x):
    return np.sum(signal.decimate(x.reshape(24, 2), 2, n=3, axis=0) ** 2)


def resampled(x):
    return (np.sum(signal.resample(x, 20) ** 2 * np.arange(20.0)) + np.sum(signal.resample(x[:47], 64) ** 3)
            + np.sum(signal.resample(x[:41], 30, window="hann") ** 2)
            + np.sum(signal.resample(x, 13) * np.arange(13.0)))


def resampled_along_an_axis_with_times(x):
    y, t = signal.resample(x.reshape(24, 2), 9, t=np.arange(24.0) * 0.5)
    return np.sum(y ** 2 * t[:, None]) + np.sum(signal.resample(x.reshape(2, 24), 36, axis=1, window=WINDOW) ** 2)


WINDOW = np.linspace(0.5, 1.0, 24)
ALL = [pytest.param(f, args, id=f.__name__) for f, args in [
    (median_filtered, (X48,)), (median_filtered_images, (M67,)), (decimated, (X48,)),
    (decimated_along_the_first_axis, (X48,)), (resampled, (X48,)), (resampled_along_an_axis_with_times, (X48,))]]


@pytest.mark.parametrize("f, args", ALL)
def test_value_gradient_and_jvp_match_scipy_and_finite_differences(f, args):
    check_value_gradient_and_tangent(f, args, (0,), seed=90)


def test_hessian_of_a_decimation_matches_differences_of_the_gradient():
    def energy(x):
        return np.sum(signal.decimate(x, 2, n=4) ** 2 * np.arange(1.0, 13.0))
    x = X48[:24]
    np.testing.assert_allclose(transpiler.hessian(energy)(x), hessian_by_differences(energy, x), rtol=1e-4, atol=1e-4)


ARRAYS = {
    "medfilt": (lambda x: signal.medfilt(x, 7), X48),
    "medfilt_nd": (lambda m: signal.medfilt(m, [5, 3]), M67),
    "medfilt2d": (lambda m: signal.medfilt2d(m, 5), M67),
    "decimate": (lambda x: signal.decimate(x, 5), X48),
    "decimate_causal": (lambda x: signal.decimate(x, 3, zero_phase=False), X48),
    "decimate_fir": (lambda x: signal.decimate(x, 2, ftype="fir", zero_phase=False), X48),
    "decimate_first_axis": (lambda m: signal.decimate(m, 2, n=2, axis=0), X48.reshape(16, 3)),
    "resample_down_even": (lambda x: signal.resample(x, 30), X48),
    "resample_down_odd": (lambda x: signal.resample(x, 17), X48[:45]),
    "resample_up": (lambda x: signal.resample(x, 70), X48[:45]),
    "resample_up_even": (lambda x: signal.resample(x, 64), X48),
    "resample_window": (lambda x: signal.resample(x, 40, window=("kaiser", 5.0)), X48),
    "resample_last_axis": (lambda m: signal.resample(m, 10, axis=-1), M67),
}


@pytest.mark.parametrize("name", ARRAYS)
def test_arrays_are_scipys_to_1e12(name):
    f, x = ARRAYS[name]
    direction = rng(91).normal(size=np.shape(x))
    value, tangent = transpiler.jvp(f, (x,), (direction,))
    np.testing.assert_allclose(value, f(x), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(tangent, (f(x + 1e-6 * direction) - f(x - 1e-6 * direction)) / 2e-6, rtol=1e-5,
                               atol=1e-6)


def a_zero_phase_fir_decimation(x):
    return np.sum(signal.decimate(x, 2, ftype="fir"))


def a_spectrum_resampled(x):
    return np.sum(np.real(signal.resample(np.fft.fft(x), 20, domain="freq")))


@pytest.mark.parametrize("fn, says, hint", [(a_zero_phase_fir_decimation, "resample_poly", "ftype='iir'"),
                                            (a_spectrum_resampled, "domain='freq'", "np.fft.ifft")],
                         ids=lambda v: getattr(v, "__name__", None))
def test_what_has_no_composition_is_refused_where_written(fn, says, hint):
    with pytest.raises(TranspileError, match=says) as refusal:
        transpiler.grad(fn)(X48)
    assert f"test_scipy_signal_resampling.py:{fn.__code__.co_firstlineno + 1}:" in str(refusal.value)
    assert hint in str(refusal.value)


def complex_resampled(x):
    return np.sum(np.abs(signal.resample(x * (1 + 1j), 20)))


def test_a_complex_signal_is_refused_at_the_users_call():
    # (the complex-value analysis runs after inlining: the composition's statements carry the
    # user's call as their place, frontend/array_like.py)
    with pytest.raises(TranspileError, match="rfft` of a complex value") as refusal:
        transpiler.grad(complex_resampled)(X48)
    assert refusal.value.location.filename == __file__
    assert refusal.value.location.line == complex_resampled.__code__.co_firstlineno + 1
