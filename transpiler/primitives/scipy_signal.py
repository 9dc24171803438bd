"""``scipy.signal``'s convolutions: ``convolve`` is the primitive (1-D and n-D, every ``mode``
and ``method``), ``correlate``, ``fftconvolve``, ``oaconvolve``, ``convolve2d`` and
``correlate2d`` compositions of it, inlined where one is called.

A convolution is linear in each input, so its tangent is the sum of the convolutions with each
tangent. Its transpose is a correlation: the adjoint ``g`` put back where the ``mode`` cut it
from the full convolution (zeros elsewhere), then its ``"valid"`` convolution with the other
input reversed. No conjugate: under the complex convention of docs/syntax.md a linear map's VJP
is its transpose, so complex inputs are supported. The adjoint uses the call's ``method``, so
"direct", "fft" and "auto" give the same derivative up to rounding. Registered the first time a
lookup misses while ``scipy.signal`` is imported (registry.py).
"""
import numpy as np
import scipy.signal

from .helper_rules import declare_linear_helpers
from .registry import Spelling, composed, refused, vjp_rule
from .runtime import helper

FAMILY = "scipy.signal"
signal = scipy.signal


@helper(linear="multi", args=(0, 2))
def convolution_adjoint(g, x, other, method="auto"):
    """The adjoint for ``x`` of ``scipy.signal.convolve(x, other)`` (either order: convolution
    commutes) whose output ``g`` is: ``g`` in the middle of the full output's shape, where every
    mode cuts it from (SciPy's ``_centered``), then its valid convolution with ``other``
    reversed; the real part for a real ``x``."""
    other = np.asarray(other)       # (a list, as SciPy reads it)
    full = [a + b - 1 for a, b in zip(np.shape(x), np.shape(other))]
    where = tuple(slice((f - n) // 2, (f - n) // 2 + n) for f, n in zip(full, np.shape(g)))
    whole = np.zeros(full, dtype=np.result_type(g, other, 1.0))
    whole[where] = g
    reversed_other = other[(slice(None, None, -1),) * np.ndim(other)]
    adjoint = scipy.signal.convolve(whole, reversed_other, mode="valid", method=method)
    return adjoint if np.iscomplexobj(x) else np.real(adjoint)


@vjp_rule(signal.convolve, family=FAMILY, spelling=Spelling(path="scipy.signal.convolve"), linear="multi",
          shape_rule=None, allocates=True)
def convolve(d_y, y, in1, in2, mode="full", method="auto"):
    return convolution_adjoint(d_y, in1, in2, method), convolution_adjoint(d_y, in2, in1, method), None, None


declare_linear_helpers()        # (the family modules' were declared before SciPy's rules loaded)


@composed(signal.correlate, family=FAMILY)
def correlate(in1, in2, mode="full", method="auto"):
    """The convolution with ``in2`` reversed and conjugated (SciPy's own definition)."""
    return scipy.signal.convolve(in1, np.conj(np.flip(in2)), mode, method)


def convolution_along_some_axes():
    """Stands for ``fftconvolve``/``oaconvolve`` with ``axes=`` in the composition: refused."""


def convolution_with_a_boundary():
    """Stands for ``convolve2d``/``correlate2d`` with another ``boundary`` or a ``fillvalue``."""


refused(convolution_along_some_axes, reason="a convolution along some of the axes (axes=) has no rule",
        hint="convolve along every axis (axes=None), or give the other axes length 1")
refused(convolution_with_a_boundary, reason="a 2-D convolution with boundary='wrap'/'symm' or a nonzero fillvalue "
                                            "has no rule",
        hint="pad the input yourself (np.pad(x, k, constant_values=v) for a fill value; slices and "
             "np.concatenate for 'wrap' or 'symm') and convolve with mode='valid'")


@composed(signal.fftconvolve, family=FAMILY)
def fftconvolve(in1, in2, mode="full", axes=None):
    if axes is not None:
        return convolution_along_some_axes()
    return scipy.signal.convolve(in1, in2, mode, "fft")


@composed(signal.oaconvolve, family=FAMILY)
def oaconvolve(in1, in2, mode="full", axes=None):
    """The overlap-add method computes the same convolution (here by FFT)."""
    if axes is not None:
        return convolution_along_some_axes()
    return scipy.signal.convolve(in1, in2, mode, "fft")


@composed(signal.convolve2d, family=FAMILY)
def convolve2d(in1, in2, mode="full", boundary="fill", fillvalue=0):
    if (boundary != "fill" and boundary != "pad") or fillvalue != 0:
        return convolution_with_a_boundary()
    return scipy.signal.convolve(in1, in2, mode, "direct")


@composed(signal.correlate2d, family=FAMILY)
def correlate2d(in1, in2, mode="full", boundary="fill", fillvalue=0):
    """SciPy's 2-D correlation: its "same" output starts at half the kernel's length (rounded
    up, where ``correlate``'s rounds down); a "valid" one of a larger ``in2`` is that of the
    inputs swapped, reversed."""
    if (boundary != "fill" and boundary != "pad") or fillvalue != 0:
        return convolution_with_a_boundary()
    shape1, shape2 = np.shape(in1), np.shape(in2)
    if mode == "valid" and (shape1[0] < shape2[0] or shape1[1] < shape2[1]):
        swapped = scipy.signal.convolve(in2, np.conj(np.flip(in1)), "full", "direct")
        return np.flip(swapped[shape1[0] - 1:shape2[0], shape1[1] - 1:shape2[1]])
    full = scipy.signal.convolve(in1, np.conj(np.flip(in2)), "full", "direct")
    if mode == "full":
        return full
    if mode == "same":
        return full[shape2[0] // 2:shape2[0] // 2 + shape1[0], shape2[1] // 2:shape2[1] // 2 + shape1[1]]
    return full[shape2[0] - 1:shape1[0], shape2[1] - 1:shape1[1]]


from . import scipy_signal_filters  # noqa: E402,F401  (lfilter, sosfilt, detrend, hilbert: registered with these)
