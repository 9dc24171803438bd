"""NumPy functions written as compositions of primitives, which the lowering inlines where one is
called (reverse and forward mode, and Hessians, come from the composed primitives' rules): the
NaN-ignoring functions (``nansum``, ``nanmean``, ``nanmax`` ...), the array-API spellings of
functions that have rules (``np.linalg.matmul``, ``np.linalg.diagonal``, ``np.vecdot`` ...),
and statistics and stacking (``average``, ``ptp``, ``cov``, ``corrcoef``, ``trapezoid``,
``polyval``, ``dstack``, ``diagflat``, ``cumulative_sum``, ``cumulative_prod``).

A NaN element is replaced by the reduction's identity (0 for sums, 1 for products, -inf/+inf
for extrema) through ``np.where``, so it gets derivative 0 and no NaN reaches the others'
derivatives. Where a whole slice is NaN the value is what NumPy returns (NaN for the mean,
variance and extrema, 0 for the sum), with derivative 0. ``dtype=`` and ``out=`` are not
parameters here: a call passing them is refused where it is written.
"""
import math

import numpy as np

from .order_statistics import merged_last, with_kept_axes
from .registry import composed, nondifferentiable, refused
from .runtime import helper

FAMILY = "reductions"


# --------------------------------------------------------------------------- cumulative
@composed(np.nancumprod, family=FAMILY)
def nancumprod(a, axis=None):
    return np.cumprod(np.where(np.isnan(a), 1.0, a), axis)


@composed(np.nancumsum, family=FAMILY)
def nancumsum(a, axis=None):
    return np.cumsum(np.where(np.isnan(a), 0.0, a), axis)


# --------------------------------------------------------------------------- reductions ignoring NaN
def _missing(a, where):
    """The elements left out: NaN ones, and those ``where=`` does not choose."""
    return np.isnan(a) if where is True else np.isnan(a) | np.logical_not(where)


@composed(np.nansum, family=FAMILY)
def nansum(a, axis=None, *, keepdims=False, initial=None, where=True):
    filled = np.where(_missing(a, where), 0.0, a)
    if initial is None:
        return np.sum(filled, axis=axis, keepdims=keepdims)
    return np.sum(filled, axis=axis, keepdims=keepdims, initial=initial)


@composed(np.nanprod, family=FAMILY)
def nanprod(a, axis=None, *, keepdims=False, initial=None, where=True):
    filled = np.where(_missing(a, where), 1.0, a)
    if initial is None:
        return np.prod(filled, axis=axis, keepdims=keepdims)
    return np.prod(filled, axis=axis, keepdims=keepdims, initial=initial)


@composed(np.nanmean, family=FAMILY)
def nanmean(a, axis=None, *, keepdims=False, where=True):
    """The sum of the numbers over their count (NaN where a slice has none, as NumPy's)."""
    missing = _missing(a, where)
    filled = np.where(missing, 0.0, a)
    count = _count(missing, filled, axis, keepdims)
    total = np.sum(filled, axis=axis, keepdims=keepdims)
    return np.where(count == 0, np.nan, total / np.where(count == 0, 1, count))


@composed(np.nanvar, family=FAMILY)
def nanvar(a, axis=None, *, ddof=0, keepdims=False, where=True):
    missing = _missing(a, where)
    filled = np.where(missing, 0.0, a)     # no NaN in any branch: 0 * NaN would reach the others
    count = _count(missing, filled, axis, True)
    mean = np.sum(filled, axis=axis, keepdims=True) / np.where(count == 0, 1, count)
    squares = np.sum(np.where(missing, 0.0, _squared_size(filled - mean)), axis=axis, keepdims=keepdims)
    count = _count(missing, filled, axis, keepdims) - ddof
    return np.where(count <= 0, np.nan, squares / np.where(count <= 0, 1, count))


def _squared_size(deviation):
    """``|d| ** 2``: ``d ** 2`` of real deviations, ``d * conj(d)``'s real part of complex ones (NumPy's)."""
    if np.iscomplexobj(deviation):
        return np.real(deviation * np.conj(deviation))
    return deviation ** 2


def _count(missing, filled, axis, keepdims):
    """How many numbers each slice has, in the dtype of the ``filled`` values (an integer count
    would promote float32 values to float64: NumPy's nanmean of float32 is float32)."""
    return np.sum(~missing, axis=axis, keepdims=keepdims).astype(filled.dtype)


@composed(np.nanstd, family=FAMILY)
def nanstd(a, axis=None, *, ddof=0, keepdims=False, where=True):
    """``sqrt(nanvar)``; a slice of equal numbers (variance 0) has derivative 0, as ``np.std``."""
    variance = nanvar(a, axis, ddof=ddof, keepdims=keepdims, where=where)
    return np.where(variance == 0, 0.0, np.sqrt(np.where(variance == 0, 1.0, variance)))


@composed(np.nanmax, family=FAMILY)
def nanmax(a, axis=None, *, keepdims=False, initial=None):
    """With ``initial`` a slice of NaNs (or an empty one) is ``initial``, as NumPy's."""
    missing = np.isnan(a)
    if initial is not None:
        return np.max(np.where(missing, -np.inf, a), axis=axis, keepdims=keepdims, initial=initial)
    largest = np.max(np.where(missing, -np.inf, a), axis=axis, keepdims=keepdims)
    return np.where(np.sum(~missing, axis=axis, keepdims=keepdims) == 0, np.nan, largest)


@composed(np.nanmin, family=FAMILY)
def nanmin(a, axis=None, *, keepdims=False, initial=None):
    missing = np.isnan(a)
    if initial is not None:
        return np.min(np.where(missing, np.inf, a), axis=axis, keepdims=keepdims, initial=initial)
    smallest = np.min(np.where(missing, np.inf, a), axis=axis, keepdims=keepdims)
    return np.where(np.sum(~missing, axis=axis, keepdims=keepdims) == 0, np.nan, smallest)


# --------------------------------------------------------------------------- array-API spellings
@composed(np.linalg.diagonal, family="linear algebra")
def linalg_diagonal(x, /, *, offset=0):
    return np.diagonal(x, offset, -2, -1)


@composed(np.linalg.trace, family="linear algebra")
def linalg_trace(x, /, *, offset=0):
    return np.trace(x, offset, -2, -1)


@composed(np.linalg.matmul, family="linear algebra")
def linalg_matmul(x1, x2, /):
    return x1 @ x2


@composed(np.linalg.matrix_transpose, np.matrix_transpose, family="linear algebra")
def matrix_transpose(x, /):
    return np.swapaxes(x, -1, -2)


@composed(np.linalg.outer, family="linear algebra")
def linalg_outer(x1, x2, /):
    return np.outer(x1, x2)


@composed(np.linalg.vecdot, np.vecdot, family="linear algebra")
def vecdot(x1, x2, /, *, axis=-1):
    """The dot product along ``axis`` of each (the other axes broadcast once it is moved last, as
    NumPy's gufunc does); complex ``x1`` is conjugated, as NumPy's."""
    if axis != -1:
        x1, x2 = np.moveaxis(x1, axis, -1), np.moveaxis(x2, axis, -1)
    return np.sum(np.conj(x1) * x2, axis=-1)


@composed(np.linalg.cross, family="linear algebra")
def linalg_cross(x1, x2, /, *, axis=-1):
    return np.cross(x1, x2, axis=axis)


@composed(np.linalg.tensordot, family="linear algebra")
def linalg_tensordot(x1, x2, /, *, axes=2):
    return np.tensordot(x1, x2, axes)


@composed(np.linalg.vector_norm, family="linear algebra")
def vector_norm(x, /, *, axis=None, keepdims=False, ord=2):
    """``np.linalg.norm`` along ``axis``; over several axes (None: all), of them flattened into one
    (a vector norm, where ``np.linalg.norm`` with two axes takes a matrix norm)."""
    if axis is not None and not isinstance(axis, tuple):
        return np.linalg.norm(x, ord, axis, keepdims)
    value = np.linalg.norm(merged_last(x, axis), ord, -1)
    return with_kept_axes(value, x, axis) if keepdims else value


@composed(np.linalg.matrix_norm, family="linear algebra")
def matrix_norm(x, /, *, keepdims=False, ord="fro"):
    return np.linalg.norm(x, ord, (-2, -1), keepdims)


@composed(np.row_stack, family="shape")
def row_stack(tup):
    return np.vstack(tup)


# --------------------------------------------------------------------------- statistics and stacking
@composed(np.average, family=FAMILY)
def average(a, axis=None, weights=None, returned=False, *, keepdims=False):
    """The (weighted) mean over ``axis``; with ``returned``, also the sum of the weights."""
    if weights is None:
        mean = np.mean(a, axis=axis, keepdims=keepdims)
        count = np.size(a) / np.size(mean) + 0.0 * mean
        return (mean, count) if returned else mean
    if axis is not None and np.ndim(weights) == 1 and np.ndim(a) > 1:
        weights = np.reshape(weights, [np.size(weights) if i == axis % np.ndim(a) else 1 for i in range(np.ndim(a))])
    total = np.sum(weights + 0.0 * a, axis=axis, keepdims=keepdims)
    mean = np.sum(a * weights, axis=axis, keepdims=keepdims) / total
    return (mean, total) if returned else mean


@composed(np.ptp, family=FAMILY)
def ptp(a, axis=None, *, keepdims=False):
    return np.max(a, axis=axis, keepdims=keepdims) - np.min(a, axis=axis, keepdims=keepdims)


@composed(np.cov, family=FAMILY)
def cov(m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None):
    """The covariance of the rows (``rowvar``) or columns of ``m`` (and ``y``), with NumPy's
    frequency and reliability weights; in float64 at least (as NumPy's, float32 input too),
    conjugating complex rows as NumPy does."""
    x = np.atleast_2d(m) + np.float64(0.0)
    if not rowvar and np.shape(x)[0] != 1:        # (NumPy leaves a single row, a vector, as it is)
        x = np.transpose(x)
    if y is not None:
        extra = np.atleast_2d(y)
        x = np.concatenate([x, extra if rowvar or np.shape(extra)[0] == 1 else np.transpose(extra)], axis=0)
    if ddof is None:
        ddof = 0 if bias else 1
    if fweights is None and aweights is None:
        centred = x - np.mean(x, axis=1, keepdims=True)
        c = centred @ np.conj(np.transpose(centred)) / (np.shape(x)[1] - ddof)
    else:
        c = _weighted_cov(x, ddof, fweights, aweights)
    return np.squeeze(c) if np.shape(x)[0] == 1 else c


def _weighted_cov(x, ddof, fweights, aweights):
    """NumPy's weighted covariance of the rows of ``x``: the weights ``w`` are the product of the
    given ones, the rows are centred on their ``w``-weighted means, and the sum of ``w`` is
    corrected by ``ddof`` times the reliability weights' share (``sum(w * aweights) / sum(w)``)."""
    if fweights is None:
        w = np.asarray(aweights) + 0.0
    elif aweights is None:
        w = np.asarray(fweights) + 0.0
    else:
        w = np.asarray(fweights) * np.asarray(aweights)
    total = np.sum(w)
    centred = x - np.sum(x * w, axis=1, keepdims=True) / total
    if aweights is None:
        fact = total - ddof
    else:
        fact = total - ddof * np.sum(w * aweights) / total
    return (centred * w) @ np.conj(np.transpose(centred)) / fact


@composed(np.corrcoef, family=FAMILY)
def corrcoef(x, y=None, rowvar=True):
    c = cov(x, y, rowvar)
    if np.ndim(c) == 0:
        return c / c
    spread = np.sqrt(np.diagonal(c))
    return np.clip(c / spread[:, None] / spread[None, :], -1.0, 1.0)


@composed(np.trapezoid, family=FAMILY)
def trapezoid(y, x=None, dx=1.0, axis=-1):
    """The trapezoidal rule along ``axis``, with spacing ``dx`` or sample points ``x``."""
    y = np.moveaxis(y, axis, 0)
    if x is None:
        return dx * np.sum((y[1:] + y[:-1]) / 2.0, axis=0)
    if np.ndim(x) == 1:
        d = np.reshape(np.diff(x), (-1,) + (1,) * (np.ndim(y) - 1))
    else:
        d = np.diff(np.moveaxis(x, axis, 0), axis=0)
    return np.sum(d * (y[1:] + y[:-1]) / 2.0, axis=0)


@composed(np.polyval, family=FAMILY)
def polyval(p, x):
    """Horner's rule: ``p[0] x^(n-1) + ... + p[n-1]``."""
    y = 0.0 * x
    for coefficient in p:
        y = y * x + coefficient
    return y


@composed(np.dstack, family="shape")
def dstack(tup):
    return np.concatenate([np.atleast_3d(a) for a in tup], axis=2)


@composed(np.diagflat, family="linear algebra")
def diagflat(v, k=0):
    return np.diag(np.ravel(v), k)


@composed(np.cumulative_sum, family=FAMILY)
def cumulative_sum(x, /, *, axis=None, include_initial=False):
    """``np.cumsum`` (``axis`` may be None only for a vector), with a leading 0 when
    ``include_initial``."""
    axis = 0 if axis is None else axis
    summed = np.cumsum(x, axis=axis)
    return _led_by(summed, 0.0, axis) if include_initial else summed


@composed(np.cumulative_prod, family=FAMILY)
def cumulative_prod(x, /, *, axis=None, include_initial=False):
    """``np.cumprod`` (``axis`` may be None only for a vector), with a leading 1 when
    ``include_initial``."""
    axis = 0 if axis is None else axis
    product = np.cumprod(x, axis=axis)
    return _led_by(product, 1.0, axis) if include_initial else product


def _led_by(running, first, axis):
    """``running`` (a cumulative sum or product along ``axis``) with ``first`` put before it."""
    front = np.moveaxis(running, axis, 0)
    return np.moveaxis(np.concatenate([np.zeros_like(front[:1]) + first, front]), 0, axis)


# --------------------------------------------------------------------------- constructors
def ndarray_over_a_buffer():
    """Stands for ``np.ndarray(shape, buffer=b)``: refused."""


refused(ndarray_over_a_buffer, reason="np.ndarray(..., buffer=b) is a view of b's memory",
        hint="allocate with np.empty(shape, dtype), or reshape b")


@composed(np.ndarray, family="shape")
def ndarray(shape, dtype=float, buffer=None, offset=0, strides=None, order=None):
    """``np.ndarray(shape, dtype)`` (sklearn's t-SNE gradient): a new array, ``np.empty``'s."""
    if buffer is not None or strides is not None:
        return ndarray_over_a_buffer()
    return np.empty(shape, dtype=dtype, order="F" if order == "F" else "C")


def log_with_base(x, base):
    """``math.log(x, base)``, which the lowering calls instead where a base is given (the primitive
    ``log`` has one argument)."""
    return math.log(x) / math.log(base)


def reshape_in_order(a, newshape, order="C"):
    """``np.reshape(a, newshape, order=...)``, which the lowering calls instead of ``np.reshape``
    where an order is given: "F" fills the new shape first index fastest, which is the C-order
    reshape of the reversed axes to the reversed shape, reversed back (Sammon mapping's
    ``np.reshape(s, (-1, n), order='F')``)."""
    if order == "F":
        return np.transpose(np.reshape(np.transpose(a), tuple(np.atleast_1d(newshape))[::-1]))
    if order == "C":
        return np.reshape(a, newshape)
    raise NotImplementedError("np.reshape with order='A' or 'K' (the memory layout's order): write 'C' or 'F'")


def gradient_per_axis(f, *spacings, axis=None, edge_order=1):
    """``np.gradient(f, dx, dy, ...)``: a spacing per axis, the gradient along each axis with its
    own (as NumPy's, a tuple where there are several axes), which the lowering calls instead of
    ``np.gradient`` where more than one spacing is given."""
    axes = tuple(range(len(spacings))) if axis is None else axis if isinstance(axis, tuple) else (axis,)
    parts = tuple(np.gradient(f, s, axis=a, edge_order=edge_order) for s, a in zip(spacings, axes))
    return parts[0] if len(parts) == 1 else parts


def diff_with_ends(a, n=1, axis=-1, prepend=None, append=None):
    """``np.diff(a, n, axis, prepend=, append=)``: the difference of ``a`` with the values
    joined before and after it along ``axis`` (a number spread to one slice, as NumPy's), which the
    lowering calls instead of ``np.diff`` where either keyword is given."""
    pieces = [a]
    if prepend is not None:
        pieces.insert(0, _end_slice(a, prepend, axis))
    if append is not None:
        pieces.append(_end_slice(a, append, axis))
    return np.diff(np.concatenate(pieces, axis=axis), n, axis=axis)


def _end_slice(a, value, axis):
    if np.ndim(value) == 0:
        shape = list(np.shape(a))
        shape[axis] = 1
        return np.broadcast_to(value, tuple(shape))
    return value


@helper()
def sort_complex_order(a):
    """The permutation ``np.sort_complex`` applies along the last axis (real parts, then
    imaginary): NumPy's argsort of complex numbers orders them so."""
    return np.argsort(a, axis=-1)


@helper()
def sort_complex_dtype(a):
    """The complex dtype ``np.sort_complex`` returns for ``a``'s (a complex one kept; small
    integers complex64; long double clongdouble; any other complex128, float32 included)."""
    return np.sort_complex(np.zeros(0, dtype=np.asarray(a).dtype)).dtype


nondifferentiable(sort_complex_order, sort_complex_dtype, family="runtime helpers", shape_rule=None)


@composed(np.sort_complex, family="selecting")
def sort_complex(a):
    """``a`` permuted along the last axis as NumPy sorts complex numbers (by real part, then
    imaginary; the derivative flows back through the permutation), cast to NumPy's complex dtype
    (float32's is complex128: ``+ 0j`` alone would give complex64)."""
    return (np.take_along_axis(a, sort_complex_order(a), axis=-1) + 0j).astype(sort_complex_dtype(a))
