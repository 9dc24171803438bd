"""``scipy.signal``'s median filters, decimation and resampling, compositions. ``medfilt`` and
``medfilt2d``: the median of each zero-padded window, as SciPy's ``rank_filter`` with
``mode="constant"`` takes it (its derivative is that of ``np.median``: the window's middle value
moves). ``decimate``: SciPy's Chebyshev type I low-pass, ``sosfiltfilt`` or ``sosfilt``, then
every ``q``-th sample (its FIR filter without zero phase as ``lfilter``). ``resample``: SciPy's
Fourier method for a real signal (``rfft``, the bins both lengths share, ``irfft``). Loaded by
scipy_signal_filters.py.
"""
import numpy as np
import scipy.signal

from .registry import composed, refused

FAMILY = "scipy.signal"
signal = scipy.signal


def _window_median(volume, kernel):
    """The median over each window of shape ``kernel`` (odd sizes) centred on every element of
    ``volume``, zeros outside it."""
    shape = np.shape(volume)
    padded = np.pad(volume, [(k // 2, k // 2) for k in kernel])
    windows = []
    for flat in range(int(np.prod(kernel))):
        start = np.unravel_index(flat, kernel)
        windows.append(padded[tuple(slice(start[d], start[d] + shape[d]) for d in range(len(shape)))])
    return np.median(np.stack(windows), axis=0)


def _kernel_sizes(kernel_size, ndim):
    kernel = [3] * ndim if kernel_size is None else [int(k) for k in np.broadcast_to(kernel_size, (ndim,))]
    if any(k % 2 != 1 for k in kernel):
        raise ValueError("Each element of kernel_size should be odd.")
    return kernel


@composed(signal.medfilt, family=FAMILY)
def medfilt(volume, kernel_size=None):
    volume = np.atleast_1d(np.asarray(volume, dtype=float))
    return _window_median(volume, _kernel_sizes(kernel_size, np.ndim(volume)))


@composed(signal.medfilt2d, family=FAMILY)
def medfilt2d(input, kernel_size=3):
    input = np.asarray(input, dtype=float)
    return _window_median(input, _kernel_sizes(kernel_size, 2))


def decimation_by_resample_poly():
    """Stands for ``decimate(..., ftype="fir")`` with zero phase, or an ``ftype`` system."""


refused(decimation_by_resample_poly, reason="decimate is composed for ftype='iir' (either phase) and for ftype='fir' "
                                            "with zero_phase=False (a zero-phase FIR filter runs resample_poly, "
                                            "which has no rule; so does a dlti system)",
        hint="use ftype='iir' (the default), or filter yourself (lfilter/filtfilt with your b, a) and take every "
             "q-th sample: y[::q]")


@composed(signal.decimate, family=FAMILY)
def decimate(x, q, n=None, ftype="iir", axis=-1, zero_phase=True):
    """SciPy's steps: the low-pass ``cheby1(n or 8, 0.05, 0.8 / q)`` filtered forwards and
    backwards (or forwards only), every ``q``-th sample kept; an FIR ``firwin(n + 1, 1 / q)``
    (``n`` defaults to ``20 q``) filters forwards without zero phase (SciPy's ``upfirdn``: the
    same samples)."""
    moved = np.moveaxis(np.asarray(x, dtype=float), axis, -1)
    if ftype == "iir":
        sos = signal.cheby1(8 if n is None else n, 0.05, 0.8 / q, output="sos")
        filtered = signal.sosfiltfilt(sos, moved, axis=-1) if zero_phase else signal.sosfilt(sos, moved, axis=-1)
    elif ftype == "fir" and not zero_phase:
        taps = signal.firwin((20 * q if n is None else n) + 1, 1.0 / q, window="hamming")
        filtered = signal.lfilter(taps, np.ones(1), moved, axis=-1)
    else:
        return decimation_by_resample_poly()
    return np.moveaxis(filtered[..., ::q], -1, axis)


def resampling_without_a_composition():
    """Stands for ``resample`` with ``domain="freq"`` or a window function: refused."""


refused(resampling_without_a_composition,
        reason="resample is composed in the time domain with window=None, a window name or an array "
               "(domain='freq' or a window function has no composition)",
        hint="pass the window's values as an array (window(np.fft.fftfreq(n))); for domain='freq', np.fft.ifft "
             "of the spectrum cut or padded as you need")


@composed(signal.resample, family=FAMILY)
def resample(x, num, t=None, axis=0, window=None, domain="time"):
    """SciPy's Fourier method for a real signal: its ``rfft`` (times the window folded onto the
    one-sided bins), cut to the bins both lengths share, the unpaired bin at ``m // 2`` doubled
    (fewer samples) or halved (more), ``irfft`` to ``num`` samples, scaled by ``num / n``. (A
    complex signal meets ``rfft``'s refusal: resample its real and imaginary parts.)"""
    if domain != "time" or callable(window):
        return resampling_without_a_composition()
    moved = np.moveaxis(np.asarray(x), axis, -1)
    n = np.shape(moved)[-1]
    shared = min(num, n)
    spectrum = np.fft.rfft(moved, axis=-1)
    bins = np.shape(spectrum)[-1]
    if window is not None:
        weights = np.fft.fftshift(signal.get_window(window, n)) if isinstance(window, (str, tuple)) \
            else np.asarray(window, dtype=float)
        folded = np.concatenate([weights[:1], (weights[1:bins] + np.flip(weights[n - bins + 1:])) / 2])
        spectrum = spectrum * folded
    scale = np.ones(shared // 2 + 1)
    if shared % 2 == 0 and num != n:
        scale[shared // 2] = 2.0 if num < n else 0.5
    resampled = np.moveaxis(np.fft.irfft(spectrum[..., :shared // 2 + 1] * scale / (n / num), num, axis=-1), -1, axis)
    if t is None:
        return resampled
    return resampled, t[0] + (t[1] - t[0]) * (n / num) * np.arange(num)
