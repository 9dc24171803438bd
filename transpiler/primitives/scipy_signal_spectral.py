"""``scipy.signal``'s power spectral densities, compositions of ``np.fft``: ``welch`` (segments
of ``nperseg`` samples ``nperseg - noverlap`` apart, each detrended and windowed, their squared
FFT magnitudes scaled and averaged by mean or bias-corrected median) and ``periodogram`` (one
segment, the whole signal, a boxcar window by default). The one-sided spectrum doubles every bin
but the first (and the last for an even ``nfft``), as SciPy does. The squared magnitude is
``re² + im²``, whose derivative at a zero bin is zero (``|X|``'s would be undefined). Loaded by
scipy_signal_filters.py.
"""
import numpy as np
import scipy.signal

from .registry import composed, refused

FAMILY = "scipy.signal"
signal = scipy.signal


def spectrum_with_a_detrend_function():
    """Stands for ``welch``/``periodogram`` with ``detrend=`` a function: refused."""


refused(spectrum_with_a_detrend_function, reason="welch and periodogram are composed for detrend='constant', "
                                                 "'linear' or False (a detrend function has no composition)",
        hint="detrend the signal yourself before the call and pass detrend=False")


def _segment_window(window, nperseg, length):
    """SciPy's ``_triage_segments``: the window and the segment length."""
    if isinstance(window, str) or isinstance(window, tuple):
        nperseg = min(256 if nperseg is None else nperseg, length)
        return signal.get_window(window, nperseg), nperseg
    window = np.asarray(window)
    return window, (np.shape(window)[0] if nperseg is None else nperseg)


def _median_bias(count):
    """SciPy's bias of the median of ``count`` chi-squared (2 degrees of freedom) powers."""
    evens = 2 * np.arange(1.0, (count - 1) // 2 + 1)
    return 1 + np.sum(1.0 / (evens + 1) - 1.0 / evens)


def _power(moved, window, nperseg, noverlap, nfft, detrend, onesided, scale):
    """The scaled squared FFT magnitude of each segment along the last axis of ``moved``:
    shape ``(..., segments, frequencies)``."""
    hop = nperseg - noverlap
    count = (np.shape(moved)[-1] - noverlap) // hop
    segments = np.stack([moved[..., s * hop:s * hop + nperseg] for s in range(count)], axis=-2)
    if detrend == "constant" or detrend == "linear":
        segments = signal.detrend(segments, axis=-1, type=detrend)
    windowed = segments * window
    spectrum = np.fft.rfft(windowed, nfft, axis=-1) if onesided else np.fft.fft(windowed, nfft, axis=-1)
    power = (np.real(spectrum) ** 2 + np.imag(spectrum) ** 2) * scale
    if not onesided:
        return power
    doubled = np.full(np.shape(power)[-1], 2.0)
    doubled[0] = 1.0
    if nfft % 2 == 0:
        doubled[-1] = 1.0
    return power * doubled


@composed(signal.welch, family=FAMILY)
def welch(x, fs=1.0, window="hann", nperseg=None, noverlap=None, nfft=None, detrend="constant",
          return_onesided=True, scaling="density", axis=-1, average="mean"):
    if callable(detrend):
        return spectrum_with_a_detrend_function()
    moved = np.moveaxis(np.asarray(x), axis, -1)
    window, nperseg = _segment_window(window, nperseg, np.shape(moved)[-1])
    nfft = nperseg if nfft is None else int(nfft)
    noverlap = nperseg // 2 if noverlap is None else int(noverlap)
    if nfft < nperseg or noverlap >= nperseg:
        raise ValueError(f"welch needs nfft >= nperseg > noverlap (nfft={nfft}, nperseg={nperseg}, "
                         f"noverlap={noverlap})")
    onesided = return_onesided and not np.iscomplexobj(x)
    if scaling == "density":
        scale = 1.0 / (fs * np.sum(window * window))
    elif scaling == "spectrum":
        scale = 1.0 / np.sum(window) ** 2
    else:
        raise ValueError(f"Parameter scaling={scaling!r} not in {{'spectrum', 'density'}}")
    power = _power(moved, window, nperseg, noverlap, nfft, detrend, onesided, scale)
    if average == "median":
        averaged = np.median(power, axis=-2) / _median_bias(np.shape(power)[-2])
    else:
        averaged = np.mean(power, axis=-2)
    freqs = np.fft.rfftfreq(nfft, 1 / fs) if onesided else np.fft.fftfreq(nfft, 1 / fs)
    return freqs, np.moveaxis(averaged, -1, axis)


@composed(signal.periodogram, family=FAMILY)
def periodogram(x, fs=1.0, window="boxcar", nfft=None, detrend="constant", return_onesided=True,
                scaling="density", axis=-1):
    """``welch`` of one segment: the whole signal (its first ``nfft`` samples for a shorter
    ``nfft``, zero-padded to a longer one)."""
    length = np.shape(x)[axis]
    if nfft is not None and nfft < length:
        x = np.moveaxis(np.moveaxis(np.asarray(x), axis, -1)[..., :nfft], -1, axis)
        length, nfft = nfft, None
    return welch(x, fs=fs, window=window, nperseg=length, noverlap=0, nfft=nfft, detrend=detrend,
                 return_onesided=return_onesided, scaling=scaling, axis=axis)
