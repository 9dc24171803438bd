"""scipy.signal's power spectral densities (primitives/scipy_signal_spectral.py): welch (its
defaults, a segment length, overlap, nfft, the median average, no detrending, an array window,
along either axis) and periodogram (a window, linear detrending, 'spectrum' scaling, a shorter
and a longer nfft, two-sided); frequencies and densities against SciPy's to 1e-12, reverse mode
against central differences, forward mode along a random direction, the Hessian against
differences of the gradient; a detrend function refuses where written."""
import warnings

import numpy as np
import pytest

pytest.importorskip("scipy")
from array_check import check_value_gradient_and_tangent, hessian_by_differences, rng  # noqa: E402
from scipy import signal  # noqa: E402

import transpiler  # noqa: E402
from transpiler import TranspileError  # noqa: E402

X64 = rng(51).normal(size=64)
M240 = rng(52).normal(size=(2, 40))


def periodograms(x):
    return (np.sum(signal.periodogram(x)[1] * np.arange(33.0))
            + np.sum(signal.periodogram(x[:63], fs=10.0, window="hann", scaling="spectrum", detrend="linear")[1] ** 0.5)
            + np.sum(signal.periodogram(x, nfft=50)[1])
            + np.sum(signal.periodogram(x, nfft=80, return_onesided=False)[1] ** 2))


def welch_densities(x):
    return (np.sum(signal.welch(x, nperseg=16)[1] * np.arange(9.0)) + np.sum(np.log(signal.welch(x[:32], fs=100.0)[1]))
            + np.sum(signal.welch(x, nperseg=16, noverlap=4, average="median", detrend=False, nfft=20)[1]))


def welch_along_either_axis(m):
    return (np.sum(signal.welch(m, nperseg=8)[1] ** 2)
            + np.sum(signal.welch(m.T, nperseg=10, axis=0, window=np.hanning(10), scaling="spectrum")[1]))


ALL = [pytest.param(f, args, id=f.__name__) for f, args in [
    (periodograms, (X64,)), (welch_densities, (X64,)), (welch_along_either_axis, (M240,))]]


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)        # (SciPy's: nperseg longer than the signal)
        yield


@pytest.mark.parametrize("f, args", ALL)
def test_value_gradient_and_jvp_match_scipy_and_finite_differences(f, args):
    check_value_gradient_and_tangent(f, args, (0,), seed=92)


def test_hessian_matches_differences_of_the_gradient():
    def band_power(x):
        return np.sum(signal.welch(x, nperseg=8)[1] * np.arange(1.0, 6.0))
    x = X64[:20]
    np.testing.assert_allclose(transpiler.hessian(band_power)(x), hessian_by_differences(band_power, x), rtol=1e-4,
                               atol=1e-4)


ARRAYS = {
    "periodogram": lambda x: signal.periodogram(x, fs=4.0),
    "periodogram_odd_flattop": lambda x: signal.periodogram(x[:41], window="flattop"),
    "periodogram_two_sided": lambda x: signal.periodogram(x, nfft=70, return_onesided=False, scaling="spectrum"),
    "welch": lambda x: signal.welch(x, nperseg=12, noverlap=5),
    "welch_median_linear": lambda x: signal.welch(x, nperseg=16, average="median", detrend="linear"),
}


@pytest.mark.parametrize("name", ARRAYS)
def test_frequencies_and_densities_are_scipys_to_1e12(name):
    f = ARRAYS[name]
    direction = rng(93).normal(size=64)
    (freqs, density), (_, tangent) = transpiler.jvp(f, (X64,), (direction,))
    expected_freqs, expected = f(X64)
    np.testing.assert_allclose(freqs, expected_freqs, rtol=1e-12, atol=0)
    np.testing.assert_allclose(density, expected, rtol=1e-12, atol=1e-12 * np.max(expected))
    difference = (f(X64 + 1e-6 * direction)[1] - f(X64 - 1e-6 * direction)[1]) / 2e-6
    np.testing.assert_allclose(tangent, difference, rtol=1e-5, atol=1e-6)


def a_detrend_function(x):
    return np.sum(signal.welch(x, nperseg=16, detrend=lambda d: d - np.median(d))[1])


def test_a_detrend_function_is_refused_where_written():
    with pytest.raises(TranspileError, match="detrend function") as refusal:
        transpiler.grad(a_detrend_function)(X64)
    assert f"test_scipy_signal_spectral.py:{a_detrend_function.__code__.co_firstlineno + 1}:" in str(refusal.value)
    assert "detrend=False" in str(refusal.value)
