"""``scipy.signal``'s linear filters: ``lfilter`` (an IIR filter ``A y = B x``, differentiable in
the coefficients ``b``, ``a`` and the signal), ``sosfilt`` (second-order sections, one
``lfilter`` after another; both also from a state ``zi``), ``detrend`` and ``hilbert``. Loaded by
scipy_signal.py; loads scipy_signal_smoothing.py (``filtfilt``, ``savgol_filter``),
scipy_signal_resampling.py (``medfilt``, ``decimate``) and scipy_signal_spectral.py (``welch``, ``periodogram``).

``lfilter`` is the primitive :func:`iir_filter`. With ``A y = B x`` (``A``, ``B`` the
polynomials in the delay of ``a``, ``b``; SciPy divides both by ``a[0]``, which changes neither),
``dy = A⁻¹ (dB x + B dx - dA y)``: the tangent is three filterings. The adjoint of filtering by
``A⁻¹`` is filtering backwards in time, so with ``u`` the adjoint ``g`` filtered backwards by
``1 / A``: ``d_x`` is ``g`` filtered backwards by ``B / A``, ``d_b[k] = Σ_n u[n] x[n-k]`` and
``d_a[k] = -Σ_n u[n] y[n-k]`` (:func:`lagged_products`). Initial conditions (``zi=``) are an input
that rings out through ``1 / A`` (:func:`filter_from_a_state`).
"""
import numpy as np
import scipy.signal

from .registry import Spelling, composed, refused, vjp_rule
from .runtime import helper

FAMILY = "scipy.signal"
signal = scipy.signal


@helper()
def iir_filter(b, a, x, axis=-1):
    """``scipy.signal.lfilter(b, a, x, axis)`` without initial conditions."""
    from scipy.signal import lfilter
    return lfilter(b, a, x, axis)


@helper(linear="multi", args=(0, 1))
def lagged_products(u, v, count, axis=-1):
    """``Σ_n u[n] v[n-k]`` along ``axis`` (summed over every other axis) for ``k < count``: the
    adjoint of a filter's coefficients."""
    u, v = np.moveaxis(u, axis, -1), np.moveaxis(v, axis, -1)
    length = np.shape(u)[-1]
    out = np.zeros(count, dtype=np.result_type(u, v, 1.0))
    for k in range(min(count, length)):
        out[k] = np.sum(u[..., k:] * v[..., :length - k])
    return out


def _signal_shape(shapes, kwargs):
    """A filter's output has the signal's shape."""
    return shapes[2] if len(shapes) > 2 and isinstance(shapes[2], tuple) else None


_signal_shape.unknown_inputs = True     # type: ignore[attr-defined]  (the coefficients' need not be known)


def iir_filter_tangent(t, y, b, a, x, axis=-1):
    return iir_filter(t, a, x, axis), -iir_filter(t, a, y, axis), iir_filter(b, a, t, axis), None


# (``np.flip(iir_filter(..., np.flip(g)))``: ``g`` filtered from its end to its start, the
# transpose of filtering; the filter by ``1 / A`` of ``d_b`` and ``d_a`` is one value to CSE)
@vjp_rule(iir_filter, family=FAMILY, spelling=Spelling(path="iir_filter"), shape_rule=_signal_shape, jvp=iir_filter_tangent,
          allocates=True)
def iir_filter_rule(d_y, y, b, a, x, axis=-1):
    return (np.reshape(lagged_products(np.flip(iir_filter(np.ones(1), a, np.flip(d_y, axis), axis), axis), x,
                                       np.size(b), axis), np.shape(b)),
            np.reshape(-lagged_products(np.flip(iir_filter(np.ones(1), a, np.flip(d_y, axis), axis), axis), y,
                                        np.size(a), axis), np.shape(a)),
            np.flip(iir_filter(b, a, np.flip(d_y, axis), axis), axis), None)


@composed(signal.lfilter, family=FAMILY)
def lfilter(b, a, x, axis=-1, zi=None):
    if zi is None:
        return iir_filter(np.asarray(b), np.asarray(a), x, axis)
    return filter_from_a_state(np.asarray(b), np.asarray(a), x, zi, axis)


def filter_from_a_state(b, a, x, zi, axis=-1):
    """``lfilter(b, a, x, axis, zi=zi)``: ``(y, zf)``. The state ``zi`` (of the filter divided by
    ``a[0]``, as SciPy keeps it) enters as an input ``v`` that is ``zi`` then zeros: ``A y = B x +
    a[0] v``. Filtering ``K - 1`` zeros past the end (``K`` the longer of ``b``, ``a``) gives the
    tail the final state ``zf`` rings out, and ``zf = (A / a[0]) tail`` (its first ``K - 1``
    terms; transposed direct form II). Differentiable in ``b``, ``a``, ``x`` and ``zi``."""
    moved, state = np.moveaxis(x, axis, -1), np.moveaxis(zi, axis, -1)
    n, taps = np.shape(moved)[-1], max(np.size(a), np.size(b))
    state = np.broadcast_to(state, np.shape(moved)[:-1] + (taps - 1,))
    zeros = np.zeros(np.shape(moved)[:-1] + (taps - 1,))
    padded = np.concatenate([moved, zeros], axis=-1)
    rings = np.concatenate([state, np.zeros(np.shape(moved))], axis=-1)
    out = iir_filter(b, a, padded, -1) + iir_filter(a[:1], a, rings, -1)
    final = iir_filter(a, a[:1], out[..., n:], -1)
    return np.moveaxis(out[..., :n], -1, axis), np.moveaxis(final, -1, axis)


@composed(signal.sosfilt, family=FAMILY)
def sosfilt(sos, x, axis=-1, zi=None):
    """Each second-order section ``sos[i] = (b0, b1, b2, a0, a1, a2)`` in turn; with ``zi`` (one
    state of two per section, ``zi[i]``), ``(y, zf)``."""
    if zi is None:
        for section in range(np.shape(sos)[0]):
            x = iir_filter(sos[section, :3], sos[section, 3:], x, axis)
        return x
    finals = []
    for section in range(np.shape(sos)[0]):
        x, final = filter_from_a_state(sos[section, :3], sos[section, 3:], x, zi[section], axis)
        finals.append(final)
    return x, np.stack(finals)


@composed(signal.detrend, family=FAMILY)
def detrend(data, axis=-1, type="linear", bp=0, overwrite_data=False):
    """``data`` less its mean (``type="constant"``) or less its least-squares line along ``axis``
    (one line: breakpoints ``bp`` are refused)."""
    if type == "constant" or type == "c":
        return data - np.mean(data, axis=axis, keepdims=True)
    if bp != 0:
        return detrend_with_breakpoints()
    moved = np.moveaxis(data, axis, -1)
    n = np.shape(moved)[-1]
    ramp = np.arange(n) / n - 0.5 * (n - 1) / n                  # centred: the two columns are orthogonal
    slope = np.sum(moved * ramp, axis=-1, keepdims=True) / np.sum(ramp * ramp)
    line = np.mean(moved, axis=-1, keepdims=True) + slope * ramp
    return np.moveaxis(moved - line, -1, axis)


def detrend_with_breakpoints():
    """Stands for ``detrend(..., bp=[...])``: refused."""


refused(detrend_with_breakpoints, reason="detrend with breakpoints (bp=) is not supported",
        hint="detrend each segment between breakpoints separately: `detrend(x[start:stop])`")


@composed(signal.hilbert, family=FAMILY)
def hilbert(x, N=None, axis=-1):
    """The analytic signal: ``x``'s FFT with the negative frequencies removed and the positive
    ones doubled, transformed back (linear in ``x``)."""
    n = np.shape(x)[axis] if N is None else N
    spectrum = np.fft.fft(x, n, axis=axis)
    weights = np.zeros(n)
    weights[0] = 1.0
    if n % 2 == 0:
        weights[n // 2] = 1.0
        weights[1:n // 2] = 2.0
    else:
        weights[1:(n + 1) // 2] = 2.0
    shape = [1] * np.ndim(x)
    shape[axis] = n
    return np.fft.ifft(spectrum * np.reshape(weights, shape), axis=axis)


from . import scipy_signal_smoothing  # noqa: E402,F401  (filtfilt, sosfiltfilt, savgol_filter: registered with these)
from . import scipy_signal_resampling  # noqa: E402,F401  (medfilt, decimate)
from . import scipy_signal_spectral  # noqa: E402,F401  (welch, periodogram)
