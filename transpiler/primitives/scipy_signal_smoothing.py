"""``scipy.signal``'s zero-phase and smoothing filters, compositions of ``lfilter`` (the
primitive ``iir_filter``, scipy_signal_filters.py) and ``scipy.ndimage.convolve1d``:
``filtfilt`` and ``sosfiltfilt`` (the signal extended at both ends, filtered forwards from the
steady state of its first value, then backwards from that of its last: SciPy's ``method="pad"``),
the steady states ``lfilter_zi`` and ``sosfilt_zi``, and ``savgol_filter`` (a fixed convolution;
with ``mode="interp"`` its edges are the values of polynomials fitted to the first and last
windows, a fixed matrix times those windows). Every value follows SciPy's own steps, so they
agree to rounding; each is differentiable in the signal and in the filter's coefficients.
Loaded by scipy_signal_filters.py.
"""
import numpy as np
import scipy.ndimage
import scipy.signal

from .registry import composed, refused, result_length_of

FAMILY = "scipy.signal"
signal = scipy.signal


@composed(signal.lfilter_zi, family=FAMILY)
def lfilter_zi(b, a):
    """The state ``zi`` of ``lfilter(b, a, x, zi=zi)`` in which a constant input of 1 gives a
    constant output: SciPy's ``solve(I - companion(a).T, b[1:] - a[1:] b[0])``, here by the
    closed form its comment gives (the matrix is the identity less a shift plus ``a[1:]`` in its
    first column), with ``a`` and ``b`` divided by ``a[0]`` and padded with zeros to one length."""
    b, a = np.atleast_1d(np.asarray(b, dtype=float)), np.atleast_1d(np.asarray(a, dtype=float))
    b, a = b / a[0], a / a[0]
    taps = max(np.size(a), np.size(b))
    a = np.concatenate([a, np.zeros(taps - np.size(a))])
    b = np.concatenate([b, np.zeros(taps - np.size(b))])
    forced = b[1:] - a[1:] * b[0]
    first = np.sum(forced) / np.sum(a)
    return np.cumsum(a)[:taps - 1] * first - np.concatenate([np.zeros(1), np.cumsum(forced)[:taps - 2]])


@composed(signal.sosfilt_zi, family=FAMILY)
def sosfilt_zi(sos):
    """Each section's ``lfilter_zi`` scaled by the DC gains ``sum(b) / sum(a)`` of the sections
    before it (the steady state of a step through the cascade)."""
    states, scale = [], 1.0
    for section in range(np.shape(sos)[0]):
        states.append(scale * lfilter_zi(sos[section, :3], sos[section, 3:]))
        scale = scale * np.sum(sos[section, :3]) / np.sum(sos[section, 3:])
    return np.stack(states)


def filtfilt_by_gust():
    """Stands for ``filtfilt(..., method="gust")``: refused."""


refused(filtfilt_by_gust, reason="filtfilt with method='gust' (Gustafsson's initial conditions) has no composition",
        hint="use the default method='pad' (padtype='odd', 'even', 'constant' or None)")


def _extended(x, edge, padtype):
    """``x`` (filtered along its last axis) extended by ``edge`` samples at each end as SciPy's
    ``odd_ext``, ``even_ext`` or ``const_ext`` extend it."""
    if padtype is None or edge == 0:
        return x
    if np.shape(x)[-1] <= edge:
        raise ValueError(f"The length of the input vector x must be greater than padlen, which is {edge}.")
    first, last = x[..., :1], x[..., -1:]
    before, after = np.flip(x[..., 1:edge + 1], -1), np.flip(x[..., -edge - 1:-1], -1)
    if padtype == "odd":
        return np.concatenate([2 * first - before, x, 2 * last - after], axis=-1)
    if padtype == "even":
        return np.concatenate([before, x, after], axis=-1)
    if padtype == "constant":
        ones = np.ones(edge)
        return np.concatenate([first * ones, x, last * ones], axis=-1)
    raise ValueError(f"Unknown value '{padtype}' given to padtype. padtype must be 'even', 'odd', 'constant', or None.")


def _trimmed(y, edge):
    return y if edge == 0 else y[..., edge:-edge]


@composed(signal.filtfilt, family=FAMILY)
def filtfilt(b, a, x, axis=-1, padtype="odd", padlen=None, method="pad", irlen=None):
    """Forwards from the steady state of the extended signal's first value, backwards from that
    of the forward output's last (``lfilter_zi`` scaled by it), the extension cut off."""
    if method != "pad":
        return filtfilt_by_gust()
    b, a = np.atleast_1d(np.asarray(b)), np.atleast_1d(np.asarray(a))
    edge = 0 if padtype is None else (3 * max(np.size(a), np.size(b)) if padlen is None else padlen)
    moved = _extended(np.moveaxis(x, axis, -1), edge, padtype)
    steady = lfilter_zi(b, a)
    forward, _ = signal.lfilter(b, a, moved, -1, steady * moved[..., :1])
    backward, _ = signal.lfilter(b, a, np.flip(forward, -1), -1, steady * forward[..., -1:])
    return np.moveaxis(_trimmed(np.flip(backward, -1), edge), -1, axis)


@composed(signal.sosfiltfilt, family=FAMILY)
def sosfiltfilt(sos, x, axis=-1, padtype="odd", padlen=None):
    """``filtfilt`` through the sections (``sosfilt_zi``'s states, one per section); the default
    padding is three times the cascade's order plus one, less the sections' trailing zeros."""
    sections = np.shape(sos)[0]
    taps = 2 * sections + 1 - min(np.sum(sos[:, 2] == 0), np.sum(sos[:, 5] == 0))
    edge = 0 if padtype is None else (3 * taps if padlen is None else padlen)
    moved = _extended(np.moveaxis(x, axis, -1), edge, padtype)
    steady = np.reshape(sosfilt_zi(sos), (sections,) + (1,) * (np.ndim(moved) - 1) + (2,))
    forward, _ = signal.sosfilt(sos, moved, -1, steady * moved[..., :1])
    backward, _ = signal.sosfilt(sos, np.flip(forward, -1), -1, steady * forward[..., -1:])
    return np.moveaxis(_trimmed(np.flip(backward, -1), edge), -1, axis)


def savgol_edge_matrix(window_length, polyorder, deriv, delta, at):
    """The matrix taking a window of ``window_length`` samples to the ``deriv``-th derivative, at
    the offsets ``at`` within it, of its least-squares polynomial of degree ``polyorder`` (SciPy's
    ``polyfit``, ``polyder`` and ``polyval`` applied to each unit window)."""
    fits = np.polyfit(np.arange(window_length, dtype=float), np.eye(window_length), polyorder)
    powers = np.arange(polyorder, -1, -1)                     # polyfit's coefficients: highest power first
    falling = np.ones(polyorder + 1)
    for k in range(deriv):
        falling = falling * (powers - k)
    exponents = np.maximum(powers - deriv, 0)
    at = np.asarray(at, dtype=float)
    evaluate = falling * at[:, None] ** exponents
    return evaluate @ fits / delta ** deriv


@composed(signal.savgol_filter, family=FAMILY)
def savgol_filter(x, window_length, polyorder, deriv=0, delta=1.0, axis=-1, mode="interp", cval=0.0):
    """The convolution with ``savgol_coeffs``; with ``mode="interp"`` the first and last
    ``window_length // 2`` values are those of the polynomials fitted to the first and last
    windows (:func:`savgol_edge_matrix`)."""
    coeffs = signal.savgol_coeffs(window_length, polyorder, deriv=deriv, delta=delta)
    x = np.asarray(x, dtype=float)
    if mode != "interp":
        return scipy.ndimage.convolve1d(x, coeffs, axis=axis, mode=mode, cval=cval)
    n = np.shape(x)[axis]
    if window_length > n:
        raise ValueError("If mode is 'interp', window_length must be less than or equal to the size of x.")
    half = window_length // 2
    middle = np.moveaxis(scipy.ndimage.convolve1d(x, coeffs, axis=axis, mode="constant"), axis, -1)
    moved = np.moveaxis(x, axis, -1)
    left = moved[..., :window_length] @ savgol_edge_matrix(window_length, polyorder, deriv, delta,
                                                           np.arange(half)).T
    right = moved[..., n - window_length:] @ savgol_edge_matrix(window_length, polyorder, deriv, delta,
                                                                np.arange(window_length - half, window_length)).T
    return np.moveaxis(np.concatenate([left, middle[..., half:n - half], right], axis=-1), -1, axis)


refused(signal.butter, signal.cheby1, signal.cheby2, signal.ellip, signal.bessel, signal.iirfilter,
        reason="designing an IIR filter from a differentiated cutoff (or order or ripple) has no rule",
        hint="design the filter outside the differentiated function (its b, a or sos as constants), or pass b "
             "and a as arguments and differentiate with respect to them", runs_when_inactive=True)


def _design_length(arguments):
    """``(b, a)`` for ``output="ba"``, ``(z, p, k)`` for ``"zpk"``; an ``"sos"`` array is no tuple."""
    return {"ba": 2, "zpk": 3}.get(arguments.get("output"))


result_length_of(signal.butter, signal.cheby1, signal.cheby2, signal.ellip, signal.bessel, signal.iirfilter,
                 length=_design_length)
result_length_of(signal.iirnotch, signal.iirpeak, length=lambda arguments: 2)
