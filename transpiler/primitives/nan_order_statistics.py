"""``np.nanquantile``, ``np.nanpercentile`` and ``np.nanmedian`` as compositions the lowering
inlines: each slice sorted (NaN sorts last), its numbers counted, and NumPy's default "linear"
interpolation between the two neighbours of ``q (count - 1)`` written as a weighted sum over the
sorted slice (the weights are constants of the derivative; NaN replaced by 0 so none reaches a
derivative). A slice with no numbers gives NaN, with derivative 0. Another ``method``, an ``out``
or ``weights=`` is refused where it is written. Ties take the derivative of one side, as for ``np.sort``.
"""
import numpy as np

from .order_statistics import result_dtype, sorted_last, with_kept_axes
from .registry import composed, refused

FAMILY = "reductions"


def nanquantile_with_another_method_or_out():
    """Stands for a call with another interpolation ``method`` or an ``out`` array: refused."""


refused(nanquantile_with_another_method_or_out,
        reason="np.nanquantile, nanpercentile and nanmedian are supported with method='linear' and no out=",
        hint="leave method= at its default and assign the result")


@composed(np.nanquantile, family=FAMILY)
def nanquantile(a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False):
    if method != "linear" or out is not None:   # (a test known when compiling: here, not in the helper)
        return nanquantile_with_another_method_or_out()
    return nanquantile_of(a, q, 1, axis, keepdims)


def nanquantile_of(a, q, whole, axis, keepdims):
    """``np.nanquantile(a, q / whole)`` (``whole``: 1, or 100 for a percentile), in NumPy's
    dtype (float32 data stay float32 for a Python number ``q``)."""
    ordered = sorted_last(a, axis)
    missing = np.isnan(ordered)
    numbers = np.where(missing, 0.0, ordered)
    count = np.sum(~missing, axis=-1, keepdims=True)                       # (..., 1)
    position = np.reshape(np.asarray(q, dtype=float) / whole, (-1,)) * (count - 1)  # (..., quantiles)
    below = np.floor(position)
    above = np.minimum(below + 1, count - 1)
    weight = position - below
    element = np.arange(np.shape(ordered)[-1])
    weights = ((element == below[..., None]) * (1.0 - weight[..., None])
               + (element == above[..., None]) * weight[..., None]).astype(result_dtype(numbers, q))
    value = np.sum(numbers[..., None, :] * weights, axis=-1)
    value = np.where(count == 0, np.nan, value)
    value = value[..., 0] if np.ndim(q) == 0 else np.moveaxis(value, -1, 0)
    return with_kept_axes(value, a, axis, np.shape(q)) if keepdims else value


@composed(np.nanpercentile, family=FAMILY)
def nanpercentile(a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False):
    if method != "linear" or out is not None:   # (a test known when compiling: here, not in the helper)
        return nanquantile_with_another_method_or_out()
    return nanquantile_of(a, q, 100, axis, keepdims)


@composed(np.nanmedian, family=FAMILY)
def nanmedian(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    return np.nanquantile(a, 0.5, axis, out, overwrite_input, keepdims=keepdims)
