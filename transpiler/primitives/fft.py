"""The discrete Fourier transforms of ``np.fft``: ``fft``, ``ifft``, ``rfft``, ``irfft``, their
2-d and n-d forms, and ``fftshift`` / ``ifftshift``.

Each is linear, so its forward-mode tangent is the same call on the tangent. The VJPs follow the
complex convention of docs/syntax.md ("Complex numbers"): an adjoint is ``dL/dx - 1j dL/dy``,
so a linear map's VJP is its *transpose* (no conjugate). The DFT matrix is symmetric, so the
transpose of ``fft(x, n, axis, norm)`` is ``fft`` of the adjoint with the same ``norm``, cut or
zero-padded back to ``x``'s length (``n`` cut or padded ``x``); likewise for ``ifft``.

* ``rfft`` keeps the first ``n // 2 + 1`` outputs of the ``fft`` of a real ``x``: its VJP pads
  the adjoint with zeros to ``n``, takes the ``fft`` and the real part (``x`` is real).
* ``irfft(c, n)`` reads ``c`` as the first half of a Hermitian spectrum: each entry counts twice
  except ``c[0]`` (and ``c[n // 2]`` for even ``n``), whose imaginary parts it ignores. Its VJP
  is ``conj(rfft(g)) * weights`` scaled as ``norm`` scales the inverse transform.
* The 2-d and n-d transforms are these along each axis in turn (``rfftn``: ``rfft`` along the
  last axis, ``fft`` along the others; ``irfftn`` the reverse).
* ``hfft`` and ``ihfft`` are NumPy's compositions of these (``irfft`` of the conjugate,
  the conjugate of ``rfft``, with ``norm``'s direction swapped).
* ``fftshift`` and ``ifftshift`` roll the axes; each one's transpose is the other.
* ``fftfreq`` and ``rfftfreq`` (sample frequencies of a length and a spacing) carry no derivative.

The runtime helpers are linear in the adjoint ``g`` they take first, so generated gradients can
be differentiated again (Hessians through a power spectrum).
"""
import numpy as np

from .registry import composed, nondifferentiable, vjp_rule
from .rearranging import same_as_first
from .runtime import helper

FAMILY = "fft"


# --------------------------------------------------------------------------- runtime helpers
@helper(linear="joint")
def refit(g, x, axes):
    """``g`` cut or zero-padded along ``axes`` to ``x``'s lengths there: the transpose of the
    cutting or padding ``np.fft`` does for ``n=`` / ``s=``."""
    shape = np.shape(x)
    for axis in axes:
        have, want = np.shape(g)[axis], shape[axis]
        if have > want:
            g = np.take(g, np.arange(want), axis=axis)
        elif have < want:
            widths = [(0, 0)] * np.ndim(g)
            widths[axis] = (0, want - have)
            g = np.pad(g, widths)
    return g


@helper()
def fft_axes(x, s=None, axes=None):
    """The axes an n-d transform of ``x`` works along (as NumPy resolves ``s=`` and ``axes=``;
    a 1-d transform's ``n`` and ``axis`` are an ``s`` and ``axes`` of one), each as a
    non-negative number."""
    n = np.ndim(x)
    if axes is None:
        axes = range(n) if s is None else range(n - np.size(s), n)
    elif np.ndim(axes) == 0:
        axes = [axes]
    return [int(a) % n for a in axes]


@helper("refit", "fft_axes", linear="joint")
def fft_adjoint(g, x, s=None, axes=None, norm=None, inverse=False):
    """The transpose of ``np.fft.fftn(x, s, axes, norm)`` (``ifftn`` for ``inverse``) applied
    to ``g``: the same transform (the DFT matrix is symmetric), then ``x``'s lengths again."""
    along = fft_axes(x, s, axes)
    transform = np.fft.ifftn if inverse else np.fft.fftn
    return refit(transform(g, axes=along, norm=norm), x, along)


@helper("refit", "fft_axes", linear="joint")
def rfft_adjoint(g, x, s=None, axes=None, norm=None):
    """The transpose of ``np.fft.rfftn(x, s, axes, norm)`` for real ``x``: the ``fft`` along
    the other axes, then, along the last, the adjoint padded with zeros to its full length, its
    ``fft`` and real part."""
    along = fft_axes(x, s, axes)
    last = along[-1]
    full = np.ravel(s)[-1] if s is not None else np.shape(x)[last]
    if len(along) > 1:
        g = np.fft.fftn(g, axes=along[:-1], norm=norm)
    widths = [(0, 0)] * np.ndim(g)
    widths[last] = (0, full - np.shape(g)[last])
    g = np.real(np.fft.fft(np.pad(g, widths), axis=last, norm=norm))
    return refit(g, x, along)


@helper("refit", "fft_axes", linear="joint")
def irfft_adjoint(g, c, s=None, axes=None, norm=None):
    """The transpose of ``np.fft.irfftn(c, s, axes, norm)``: along the last axis
    ``conj(rfft(g)) * weights`` (each entry of the half spectrum counts twice but the first and,
    for an even length, the last), scaled as ``norm`` scales the inverse; then the ``ifft``
    along the other axes."""
    along = fft_axes(c, s, axes)
    last = along[-1]
    full = np.ravel(s)[-1] if s is not None else 2 * (np.shape(c)[last] - 1)
    half = np.conj(np.fft.rfft(g, axis=last))
    weights = np.full(full // 2 + 1, 2.0)
    weights[0] = 1.0
    if full % 2 == 0:
        weights[-1] = 1.0
    scale = {None: 1.0 / full, "backward": 1.0 / full, "ortho": 1.0 / np.sqrt(full), "forward": 1.0}[norm]
    shape = [1] * np.ndim(g)
    shape[last] = full // 2 + 1
    half = half * np.reshape(weights * scale, shape)
    if len(along) > 1:
        half = np.fft.ifftn(half, axes=along[:-1], norm=norm)
    if not np.iscomplexobj(c):       # a real ``c`` (read as complex): the real part is its adjoint
        half = np.real(half)
    return refit(half, c, along)


# --------------------------------------------------------------------------- 1-d transforms
@vjp_rule(np.fft.fft, family=FAMILY, linear="joint", shape_rule=None, allocates=True)
def fft(d_y, y, a, n=None, axis=-1, norm=None):
    return fft_adjoint(d_y, a, n, axis, norm), None, None, None


@vjp_rule(np.fft.ifft, family=FAMILY, linear="joint", shape_rule=None, allocates=True)
def ifft(d_y, y, a, n=None, axis=-1, norm=None):
    return fft_adjoint(d_y, a, n, axis, norm, True), None, None, None


@vjp_rule(np.fft.rfft, family=FAMILY, linear="joint", shape_rule=None, allocates=True)
def rfft(d_y, y, a, n=None, axis=-1, norm=None):
    return rfft_adjoint(d_y, a, n, axis, norm), None, None, None


@vjp_rule(np.fft.irfft, family=FAMILY, linear="joint", shape_rule=None, allocates=True)
def irfft(d_y, y, a, n=None, axis=-1, norm=None):
    return irfft_adjoint(d_y, a, n, axis, norm), None, None, None


# --------------------------------------------------------------------------- 2-d and n-d
@vjp_rule(np.fft.fftn, family=FAMILY, linear="joint", shape_rule=None, allocates=True)
def fftn(d_y, y, a, s=None, axes=None, norm=None):
    return fft_adjoint(d_y, a, s, axes, norm), None, None, None


@vjp_rule(np.fft.ifftn, family=FAMILY, linear="joint", shape_rule=None, allocates=True)
def ifftn(d_y, y, a, s=None, axes=None, norm=None):
    return fft_adjoint(d_y, a, s, axes, norm, True), None, None, None


@vjp_rule(np.fft.rfftn, family=FAMILY, linear="joint", shape_rule=None, allocates=True)
def rfftn(d_y, y, a, s=None, axes=None, norm=None):
    return rfft_adjoint(d_y, a, s, axes, norm), None, None, None


@vjp_rule(np.fft.irfftn, family=FAMILY, linear="joint", shape_rule=None, allocates=True)
def irfftn(d_y, y, a, s=None, axes=None, norm=None):
    return irfft_adjoint(d_y, a, s, axes, norm), None, None, None


@vjp_rule(np.fft.fft2, family=FAMILY, linear="joint", shape_rule=None, allocates=True)
def fft2(d_y, y, a, s=None, axes=(-2, -1), norm=None):
    return fft_adjoint(d_y, a, s, axes, norm), None, None, None


@vjp_rule(np.fft.ifft2, family=FAMILY, linear="joint", shape_rule=None, allocates=True)
def ifft2(d_y, y, a, s=None, axes=(-2, -1), norm=None):
    return fft_adjoint(d_y, a, s, axes, norm, True), None, None, None


@vjp_rule(np.fft.rfft2, family=FAMILY, linear="joint", shape_rule=None, allocates=True)
def rfft2(d_y, y, a, s=None, axes=(-2, -1), norm=None):
    return rfft_adjoint(d_y, a, s, axes, norm), None, None, None


@vjp_rule(np.fft.irfft2, family=FAMILY, linear="joint", shape_rule=None, allocates=True)
def irfft2(d_y, y, a, s=None, axes=(-2, -1), norm=None):
    return irfft_adjoint(d_y, a, s, axes, norm), None, None, None


# --------------------------------------------------------------------------- Hermitian transforms
# NumPy's own definitions: the inverse real transforms with the direction of ``norm`` swapped.
def _swapped(norm):
    if norm == "ortho":
        return "ortho"
    return "backward" if norm == "forward" else "forward"


@composed(np.fft.hfft, family=FAMILY)
def hfft(a, n=None, axis=-1, norm=None):
    """The real spectrum of a signal with Hermitian symmetry, given by its first half ``a``."""
    return np.fft.irfft(np.conj(a), n, axis, _swapped(norm))


@composed(np.fft.ihfft, family=FAMILY)
def ihfft(a, n=None, axis=-1, norm=None):
    """The inverse of ``hfft``: the first half of the Hermitian signal of the real ``a``."""
    return np.conj(np.fft.rfft(a, n, axis, _swapped(norm)))


# --------------------------------------------------------------------------- shifts
@vjp_rule(np.fft.fftshift, family=FAMILY, linear="joint", shape_rule=same_as_first, views=False)
def fftshift(d_y, y, x, axes=None):
    return np.fft.ifftshift(d_y, axes), None


@vjp_rule(np.fft.ifftshift, family=FAMILY, linear="joint", shape_rule=same_as_first, views=False)
def ifftshift(d_y, y, x, axes=None):
    return np.fft.fftshift(d_y, axes), None


# --------------------------------------------------------------------------- frequencies
nondifferentiable(np.fft.fftfreq, np.fft.rfftfreq, family=FAMILY, shape_rule=None)
