"""NumPy's NaN-ignoring functions (``nansum``, ``nanmean``, ``nanmax`` ...) and the
array-API spellings of functions that have rules (``np.linalg.matmul``, ``np.linalg.diagonal``,
``np.vecdot`` ...), as compositions of primitives that the lowering inlines where one is called:
reverse and forward mode, and Hessians, come from the composed primitives' rules.

A NaN element is replaced by the reduction's identity (0 for sums, 1 for products, -inf/+inf
for extrema) through ``np.where``, so it gets derivative 0 and no NaN reaches the others'
derivatives. Where a whole slice is NaN the value is what NumPy returns (NaN for the mean,
variance and extrema, 0 for the sum), with derivative 0. ``dtype=`` and ``out=`` are not
parameters here: a call passing them is refused where it is written.
"""
import numpy as np

from .registry import composed

FAMILY = "reductions"


# --------------------------------------------------------------------------- cumulative
@composed(np.nancumprod, family=FAMILY)
def nancumprod(a, axis=None):
    return np.cumprod(np.where(np.isnan(a), 1.0, a), axis)


@composed(np.nancumsum, family=FAMILY)
def nancumsum(a, axis=None):
    return np.cumsum(np.where(np.isnan(a), 0.0, a), axis)


# --------------------------------------------------------------------------- reductions ignoring NaN
@composed(np.nansum, family=FAMILY)
def nansum(a, axis=None, *, keepdims=False):
    return np.sum(np.where(np.isnan(a), 0.0, a), axis=axis, keepdims=keepdims)


@composed(np.nanprod, family=FAMILY)
def nanprod(a, axis=None, *, keepdims=False):
    return np.prod(np.where(np.isnan(a), 1.0, a), axis=axis, keepdims=keepdims)


@composed(np.nanmean, family=FAMILY)
def nanmean(a, axis=None, *, keepdims=False):
    """The sum of the numbers over their count (NaN where a slice has none, as NumPy's)."""
    missing = np.isnan(a)
    count = np.sum(~missing, axis=axis, keepdims=keepdims)
    total = np.sum(np.where(missing, 0.0, a), axis=axis, keepdims=keepdims)
    return np.where(count == 0, np.nan, total / np.where(count == 0, 1, count))


@composed(np.nanvar, family=FAMILY)
def nanvar(a, axis=None, *, ddof=0, keepdims=False):
    missing = np.isnan(a)
    filled = np.where(missing, 0.0, a)     # no NaN in any branch: 0 * NaN would reach the others
    count = np.sum(~missing, axis=axis, keepdims=True)
    mean = np.sum(filled, axis=axis, keepdims=True) / np.where(count == 0, 1, count)
    squares = np.sum(np.where(missing, 0.0, (filled - mean) ** 2), axis=axis, keepdims=keepdims)
    count = np.sum(~missing, axis=axis, keepdims=keepdims) - ddof
    return np.where(count <= 0, np.nan, squares / np.where(count <= 0, 1, count))


@composed(np.nanstd, family=FAMILY)
def nanstd(a, axis=None, *, ddof=0, keepdims=False):
    """``sqrt(nanvar)``; a slice of equal numbers (variance 0) has derivative 0, as ``np.std``."""
    variance = nanvar(a, axis, ddof=ddof, keepdims=keepdims)
    return np.where(variance == 0, 0.0, np.sqrt(np.where(variance == 0, 1.0, variance)))


@composed(np.nanmax, family=FAMILY)
def nanmax(a, axis=None, *, keepdims=False):
    missing = np.isnan(a)
    largest = np.max(np.where(missing, -np.inf, a), axis=axis, keepdims=keepdims)
    return np.where(np.all(missing, axis=axis, keepdims=keepdims), np.nan, largest)


@composed(np.nanmin, family=FAMILY)
def nanmin(a, axis=None, *, keepdims=False):
    missing = np.isnan(a)
    smallest = np.min(np.where(missing, np.inf, a), axis=axis, keepdims=keepdims)
    return np.where(np.all(missing, axis=axis, keepdims=keepdims), np.nan, smallest)


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
    """The dot product of real vectors along ``axis`` (complex input is not supported)."""
    return np.sum(x1 * x2, axis=axis)


@composed(np.linalg.cross, family="linear algebra")
def linalg_cross(x1, x2, /, *, axis=-1):
    return np.cross(x1, x2, axis=axis)


@composed(np.linalg.tensordot, family="linear algebra")
def linalg_tensordot(x1, x2, /, *, axes=2):
    return np.tensordot(x1, x2, axes)


@composed(np.linalg.vector_norm, family="linear algebra")
def vector_norm(x, /, *, axis=None, keepdims=False, ord=2):
    """``np.linalg.norm`` of the flattened array (``axis=None``) or along ``axis``."""
    if axis is None:
        flat = np.linalg.norm(np.ravel(x), ord)
        return np.reshape(flat, (1,) * np.ndim(x)) if keepdims else flat
    return np.linalg.norm(x, ord, axis, keepdims)


@composed(np.linalg.matrix_norm, family="linear algebra")
def matrix_norm(x, /, *, keepdims=False, ord="fro"):
    return np.linalg.norm(x, ord, (-2, -1), keepdims)


@composed(np.row_stack, family="shape")
def row_stack(tup):
    return np.vstack(tup)
