"""scipy.signal's zero-phase and smoothing filters (primitives/scipy_signal_smoothing.py):
filtfilt (every padtype, a padlen, along either axis, in the signal and in both coefficient
arrays), sosfiltfilt, lfilter_zi and sosfilt_zi, savgol_filter (mode="interp" with odd and even
windows and derivatives, and the modes ndimage pads with); the arrays against SciPy's to 1e-12,
reverse mode against central differences, forward mode along a random direction, the Hessian
against differences of the gradient; what has no composition refuses where written."""
import numpy as np
import pytest

pytest.importorskip("scipy")
from array_check import check_value_gradient_and_tangent, hessian_by_differences, rng  # noqa: E402
from scipy import signal  # noqa: E402

import transpiler  # noqa: E402
from transpiler import TranspileError  # noqa: E402

X30 = rng(31).normal(size=30)
B, A = signal.butter(3, 0.3)
SOS = signal.butter(4, [0.1, 0.4], btype="bandpass", output="sos")
WEIGHTS = np.linspace(0.5, 2.0, 30)


def zero_phase(x):
    return np.sum(signal.filtfilt(B, A, x) ** 2 * WEIGHTS)


def zero_phase_in_its_coefficients(b, a):
    return np.sum(signal.filtfilt(b, a, X30) ** 2 * WEIGHTS)


def every_padtype(x):
    return (np.sum(signal.filtfilt(B, A, x, padtype="even") ** 3) + np.sum(signal.filtfilt(B, A, x, padtype="constant")
                                                                          * WEIGHTS)
            + np.sum(signal.filtfilt(B, A, x, padtype=None) ** 2) + np.sum(signal.filtfilt(B, A, x, padlen=4) ** 2))


def along_either_axis(x):
    return (np.sum(signal.filtfilt(B, A, x.reshape(2, 15), axis=1) ** 2)
            + np.sum(signal.filtfilt([0.5, 0.5], [1.0], x.reshape(15, 2), axis=0) ** 3))


def sections_zero_phase(x):
    return np.sum(signal.sosfiltfilt(SOS, x) ** 2 * WEIGHTS) + np.sum(signal.sosfiltfilt(SOS, x.reshape(30, 1), axis=0,
                                                                                        padtype="even") ** 3)


def steady_states(b, a):
    return np.sum(signal.lfilter_zi(b, a) * np.arange(1.0, 4.0)) + np.sum(signal.lfilter_zi(b[:2], a) ** 2)


def steady_states_of_sections(x):
    sos = np.concatenate([SOS[:, :3] * x[:1], SOS[:, 3:]], axis=1)
    return np.sum(signal.sosfilt_zi(sos) ** 2)


def smoothed(x):
    return np.sum(signal.savgol_filter(x, 7, 2) ** 2 * WEIGHTS) + np.sum(signal.savgol_filter(x, 8, 3) ** 3)


def smoothed_derivatives(x):
    return (np.sum(signal.savgol_filter(x, 9, 3, deriv=1, delta=0.1) ** 2)
            + np.sum(signal.savgol_filter(x.reshape(10, 3), 5, 3, deriv=2, axis=0) * WEIGHTS.reshape(10, 3)))


def smoothed_with_padding(x):
    return sum(np.sum(signal.savgol_filter(x, 5, 2, mode=mode, cval=0.5) ** 2 * WEIGHTS)
               for mode in ("mirror", "nearest", "wrap", "constant"))


ALL = [pytest.param(f, args, wrt, id=f.__name__) for f, args, wrt in [
    (zero_phase, (X30,), (0,)), (zero_phase_in_its_coefficients, (B, A), (0, 1)), (every_padtype, (X30,), (0,)),
    (along_either_axis, (X30,), (0,)), (sections_zero_phase, (X30,), (0,)), (steady_states, (B, A), (0, 1)),
    (steady_states_of_sections, (X30[:1] + 2.0,), (0,)), (smoothed, (X30,), (0,)),
    (smoothed_derivatives, (X30,), (0,)), (smoothed_with_padding, (X30,), (0,))]]


@pytest.mark.parametrize("f, args, wrt", ALL)
def test_value_gradient_and_jvp_match_scipy_and_finite_differences(f, args, wrt):
    check_value_gradient_and_tangent(f, args, wrt, seed=80)


@pytest.mark.parametrize("f", [zero_phase, sections_zero_phase, smoothed])
def test_hessian_matches_differences_of_the_gradient(f):
    x = X30[:24] if f is not zero_phase else X30
    g = (lambda y: f(np.concatenate([y, X30[24:]]))) if f is not zero_phase else f
    np.testing.assert_allclose(transpiler.hessian(g)(x), hessian_by_differences(g, x), rtol=1e-4, atol=1e-4)


ARRAYS = {
    "filtfilt": (lambda x: signal.filtfilt(B, A, x), X30),
    "filtfilt_odd_padlen": (lambda x: signal.filtfilt(B, A, x, padlen=7), X30),
    "filtfilt_fir_2d": (lambda x: signal.filtfilt([0.2, 0.5, 0.3], 1.0, x, axis=0), X30.reshape(15, 2)),
    "filtfilt_a0_not_one": (lambda x: signal.filtfilt(2 * B, 2 * A, x), X30),
    "sosfiltfilt": (lambda x: signal.sosfiltfilt(SOS, x), X30),
    "sosfiltfilt_2d": (lambda x: signal.sosfiltfilt(SOS, x, axis=0), np.stack([X30, X30[::-1]], axis=1)),
    "lfilter_zi": (lambda b: signal.lfilter_zi(b, A), B),
    "sosfilt_zi": (lambda s: signal.sosfilt_zi(s), SOS),
    "savgol_odd": (lambda x: signal.savgol_filter(x, 11, 4), X30),
    "savgol_even": (lambda x: signal.savgol_filter(x, 6, 2), X30),
    "savgol_derivative": (lambda x: signal.savgol_filter(x, 7, 3, deriv=3, delta=0.2), X30),
    "savgol_window_is_signal": (lambda x: signal.savgol_filter(x, 9, 2), X30[:9]),
    "savgol_first_axis": (lambda x: signal.savgol_filter(x, 5, 1, axis=0), X30.reshape(10, 3)),
}


@pytest.mark.parametrize("name", ARRAYS)
def test_arrays_are_scipys_to_1e12(name):
    f, x = ARRAYS[name]
    value, tangent = transpiler.jvp(f, (x,), (np.ones_like(x),))
    np.testing.assert_allclose(value, f(x), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(tangent, (f(x + 1e-6) - f(x - 1e-6)) / 2e-6, rtol=1e-5, atol=1e-6)


def by_gustafsson(x):
    return np.sum(signal.filtfilt(B, A, x, method="gust"))


def a_designed_cutoff(cutoff):
    b, a = signal.butter(2, cutoff)
    return np.sum(signal.filtfilt(b, a, X30))


def a_designed_band(band):
    sos = signal.butter(2, band, btype="bandpass", output="sos")
    return np.sum(signal.sosfilt(sos, X30))


@pytest.mark.parametrize("fn, arg, says, hint", [
    (by_gustafsson, X30, "method='gust'", "method='pad'"),
    (a_designed_cutoff, 0.3, "differentiated cutoff", "design the filter outside"),
    (a_designed_band, np.array([0.1, 0.3]), "differentiated cutoff", "pass b and a as arguments")],
    ids=lambda v: getattr(v, "__name__", None))
def test_what_has_no_composition_is_refused_where_written(fn, arg, says, hint):
    with pytest.raises(TranspileError, match=says) as refusal:
        transpiler.grad(fn)(arg)
    assert f"test_scipy_signal_smoothing.py:{fn.__code__.co_firstlineno + 1}:" in str(refusal.value)
    assert hint in str(refusal.value)


def test_a_signal_no_longer_than_the_padding_raises_scipys_error():
    with pytest.raises(ValueError, match="must be greater than padlen"):
        transpiler.grad(zero_phase)(X30[:12])
