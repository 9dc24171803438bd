"""``scipy.ndimage``'s linear filters as compositions, inlined where one is called:
``correlate``, ``convolve``, ``correlate1d``, ``convolve1d``, ``uniform_filter1d``,
``uniform_filter``, ``gaussian_filter1d`` and ``gaussian_filter`` (``order=0``), and the edge
filters ``sobel``, ``prewitt`` and ``laplace``.

Each is the input extended past its edges as the ``mode`` says (``np.pad``: "reflect" is
NumPy's "symmetric", "mirror" its "reflect", "nearest" its "edge", "wrap" and "constant" with
``cval``; the ``grid-`` spellings alike), then a "valid" ``scipy.signal.convolve`` with the
weights reversed, the window placed by ``origin``. Both steps have rules, so the filter is
differentiable in the input (the adjoint is exact for every mode: ``np.pad``'s adds each copied
element's adjoint back to the element it copies) and in the weights, and Hessians go through.
The filters with several axes run axis by axis as SciPy's do. Registered the first time a
lookup misses while ``scipy.ndimage`` is imported (registry.py).
"""
import numpy as np
import scipy.ndimage
import scipy.signal

from . import scipy_signal  # noqa: F401  (the convolution these compose)
from .registry import composed, refused

FAMILY = "scipy.ndimage"
ndimage = scipy.ndimage


def filter_with_an_output():
    """Stands for a filter called with ``output=``: refused."""


def gaussian_derivative_filter():
    """Stands for ``gaussian_filter(..., order=k)`` with ``k > 0``: refused."""


refused(filter_with_an_output, reason="output= writes into an array the derivative cannot follow",
        hint="use the filter's return value (cast it with .astype if a dtype was the point)")
refused(gaussian_derivative_filter, reason="the Gaussian derivative kernels (order > 0) have no composition",
        hint="differentiate the smoothed array with np.gradient or np.diff, or smooth a derivative")


def _extended(x, widths, mode, cval):
    """``x`` extended by ``widths`` (before, after) per axis as ``mode`` extends it."""
    if mode == "reflect":
        return np.pad(x, widths, "symmetric")
    if mode == "grid-mirror":
        return np.pad(x, widths, "symmetric")
    if mode == "mirror":
        return np.pad(x, widths, "reflect")
    if mode == "nearest":
        return np.pad(x, widths, "edge")
    if mode == "wrap":
        return np.pad(x, widths, "wrap")
    if mode == "grid-wrap":
        return np.pad(x, widths, "wrap")
    if mode == "constant":
        return np.pad(x, widths, "constant", constant_values=cval)
    if mode == "grid-constant":
        return np.pad(x, widths, "constant", constant_values=cval)
    # (this helper's branches are all lowered: an unknown mode stops where the filter runs)
    raise NotImplementedError("a scipy.ndimage filter's mode is composed for one of 'reflect', 'mirror', "
                              "'nearest', 'wrap', 'constant' (and their 'grid-' spellings): pass one such string")


def _correlated(x, weights, mode, cval, origins):
    """The correlation of ``x`` with ``weights`` (as many axes), each window centred at
    ``size // 2 + origin``."""
    sizes = np.array(np.shape(weights))
    before = sizes // 2 + np.broadcast_to(np.asarray(origins), np.shape(sizes))
    widths = np.stack([before, sizes - 1 - before], axis=1)
    return scipy.signal.convolve(_extended(x, widths, mode, cval), np.flip(weights), "valid", "direct")


@composed(ndimage.correlate, family=FAMILY)
def correlate(input, weights, output=None, mode="reflect", cval=0.0, origin=0):
    if output is not None:
        return filter_with_an_output()
    return _correlated(input, weights, mode, cval, origin)


@composed(ndimage.convolve, family=FAMILY)
def convolve(input, weights, output=None, mode="reflect", cval=0.0, origin=0):
    """The correlation with the weights reversed, each origin mirrored (one less for an even size)."""
    if output is not None:
        return filter_with_an_output()
    sizes = np.array(np.shape(weights))
    origins = -np.broadcast_to(np.asarray(origin), np.shape(sizes)) - (sizes % 2 == 0)
    return _correlated(input, np.flip(weights), mode, cval, origins)


def _along(weights, axis, ndim):
    """1-D ``weights`` as an array of ``ndim`` axes, along ``axis``."""
    return np.moveaxis(np.reshape(weights, (-1,) + (1,) * (ndim - 1)), 0, axis)


def _at_axis(origin, axis, ndim):
    return np.where(np.arange(ndim) == axis % ndim, origin, 0)


@composed(ndimage.correlate1d, family=FAMILY)
def correlate1d(input, weights, axis=-1, output=None, mode="reflect", cval=0.0, origin=0):
    if output is not None:
        return filter_with_an_output()
    ndim = np.ndim(input)
    return _correlated(input, _along(weights, axis, ndim), mode, cval, _at_axis(origin, axis, ndim))


@composed(ndimage.convolve1d, family=FAMILY)
def convolve1d(input, weights, axis=-1, output=None, mode="reflect", cval=0.0, origin=0):
    if output is not None:
        return filter_with_an_output()
    ndim = np.ndim(input)
    mirrored = -origin - (np.shape(weights)[0] % 2 == 0)
    return _correlated(input, _along(np.flip(weights), axis, ndim), mode, cval, _at_axis(mirrored, axis, ndim))


@composed(ndimage.uniform_filter1d, family=FAMILY)
def uniform_filter1d(input, size, axis=-1, output=None, mode="reflect", cval=0.0, origin=0):
    if output is not None:
        return filter_with_an_output()
    ndim = np.ndim(input)
    return _correlated(input, _along(np.full(size, 1.0 / size), axis, ndim), mode, cval, _at_axis(origin, axis, ndim))


@composed(ndimage.uniform_filter, family=FAMILY)
def uniform_filter(input, size=3, output=None, mode="reflect", cval=0.0, origin=0):
    """The mean over a box, axis by axis."""
    if output is not None:
        return filter_with_an_output()
    ndim = np.ndim(input)
    sizes = np.broadcast_to(np.asarray(size), (ndim,))
    origins = np.broadcast_to(np.asarray(origin), (ndim,))
    result = input
    for axis in range(ndim):
        result = uniform_filter1d(result, sizes[axis], axis, None, mode, cval, origins[axis])
    return result


def _gaussian_kernel(sigma, radius):
    """SciPy's Gaussian weights at ``-radius .. radius``, normalised to sum 1."""
    offsets = np.arange(-radius, radius + 1)
    density = np.exp(-0.5 / (sigma * sigma) * offsets * offsets)
    return density / np.sum(density)


@composed(ndimage.gaussian_filter1d, family=FAMILY)
def gaussian_filter1d(input, sigma, axis=-1, order=0, output=None, mode="reflect", cval=0.0, truncate=4.0, *,
                      radius=None):
    if order != 0:
        return gaussian_derivative_filter()
    if output is not None:
        return filter_with_an_output()
    if radius is None:
        radius = int(truncate * float(sigma) + 0.5)
    ndim = np.ndim(input)
    weights = np.flip(_gaussian_kernel(sigma, radius))
    return _correlated(input, _along(weights, axis, ndim), mode, cval, _at_axis(0, axis, ndim))


@composed(ndimage.gaussian_filter, family=FAMILY)
def gaussian_filter(input, sigma, order=0, output=None, mode="reflect", cval=0.0, truncate=4.0, *, radius=None):
    """The 1-D Gaussian filter along each axis in turn."""
    if order != 0:
        return gaussian_derivative_filter()
    if output is not None:
        return filter_with_an_output()
    ndim = np.ndim(input)
    sigmas = np.broadcast_to(np.asarray(sigma), (ndim,))
    result = input
    for axis in range(ndim):
        if sigmas[axis] > 1e-15:      # (SciPy passes an axis of zero sigma through)
            if radius is None:
                result = gaussian_filter1d(result, sigmas[axis], axis, 0, None, mode, cval, truncate)
            else:                     # (one radius, or one per axis)
                result = gaussian_filter1d(result, sigmas[axis], axis, 0, None, mode, cval, truncate,
                                           radius=np.broadcast_to(np.asarray(radius), (ndim,))[axis])
    return result


# --------------------------------------------------------------------------- edge filters
def _derivative_filter(input, axis, smoothing, mode, cval):
    """SciPy's ``sobel``/``prewitt``: the central difference ``[-1, 0, 1]`` along ``axis``, then
    ``smoothing`` along every other axis."""
    ndim = np.ndim(input)
    axis = axis % ndim
    result = correlate1d(input, np.array([-1.0, 0.0, 1.0]), axis, None, mode, cval, 0)
    for other in range(ndim):
        if other != axis:
            result = correlate1d(result, smoothing, other, None, mode, cval, 0)
    return result


@composed(ndimage.sobel, family=FAMILY)
def sobel(input, axis=-1, output=None, mode="reflect", cval=0.0):
    if output is not None:
        return filter_with_an_output()
    return _derivative_filter(input, axis, np.array([1.0, 2.0, 1.0]), mode, cval)


@composed(ndimage.prewitt, family=FAMILY)
def prewitt(input, axis=-1, output=None, mode="reflect", cval=0.0):
    if output is not None:
        return filter_with_an_output()
    return _derivative_filter(input, axis, np.array([1.0, 1.0, 1.0]), mode, cval)


@composed(ndimage.laplace, family=FAMILY)
def laplace(input, output=None, mode="reflect", cval=0.0):
    """The sum over the axes of the second difference ``[1, -2, 1]`` along each."""
    if output is not None:
        return filter_with_an_output()
    result = correlate1d(input, np.array([1.0, -2.0, 1.0]), 0, None, mode, cval, 0)
    for axis in range(1, np.ndim(input)):
        result = result + correlate1d(input, np.array([1.0, -2.0, 1.0]), axis, None, mode, cval, 0)
    return result
