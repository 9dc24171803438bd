"""NumPy functions of order and position written as compositions of primitives, which the
lowering inlines where one is called (both modes and Hessians come from the composed rules):
``np.median``, ``np.quantile``, ``np.percentile`` (sorting, then NumPy's default "linear"
interpolation between neighbours), ``np.interp`` (piecewise linear in ``x``, ``xp`` and ``fp``),
``np.correlate`` (``np.convolve`` with ``v`` reversed; in 'same' mode the window NumPy's). ``np.convolve`` itself is a primitive
with a rule of its own (a composition as a banded matrix times ``a`` cost O(n²) time and memory
where NumPy's is O(n m): 240 times the primal for a 200-sample signal).

Where several elements are equal (a tie in a sort, ``x`` exactly on a knot), the derivative is
that of one of the sides, as for ``np.sort``; away from ties it is exact."""
import numpy as np

from .registry import composed, nondifferentiable, refused, shape_by_evaluation, vjp_rule
from .runtime import helper

FAMILY = "reductions"

# Positions carry no derivative (the interpolation weights carry it).
nondifferentiable(np.searchsorted, family="indexing and containers", shape_rule=None)


def _reduced_axes(a, axis):
    """The axes a reduction over ``axis`` (None, an int or a tuple; negative too) removes."""
    if axis is None:
        return tuple(range(np.ndim(a)))
    axes = axis if isinstance(axis, tuple) else (axis,)
    return tuple(sorted(i % np.ndim(a) for i in axes))


def merged_last(a, axis):
    """``a`` with the axes a reduction over ``axis`` removes merged into one, last."""
    axes = _reduced_axes(a, axis)
    kept = np.ndim(a) - len(axes)
    moved = np.moveaxis(a, axes, tuple(range(kept, np.ndim(a))))
    return np.reshape(moved, np.shape(moved)[:kept] + (-1,))


def sorted_last(a, axis):
    """``a`` with the reduced axes merged into one, last, and sorted along it."""
    return np.sort(merged_last(a, axis), axis=-1)


def with_kept_axes(value, a, axis, leading=()):
    """A reduction's result with its reduced axes back as length one (``keepdims=True``), after
    the ``leading`` axes NumPy puts first (the quantiles' axis of ``np.quantile(a, [q1, q2])``)."""
    axes = _reduced_axes(a, axis)
    shape = tuple(1 if i in axes else n for i, n in enumerate(np.shape(a)))
    return np.reshape(value, leading + shape)


def result_dtype(a, q):
    """The dtype of ``np.quantile(a, q)``: at least float, a Python number ``q`` weak."""
    return np.result_type(a, q if np.ndim(q) == 0 else np.asarray(q), 1.0)


@composed(np.median, family=FAMILY)
def median(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    if out is not None:                          # (it was ignored: out kept its old values)
        return quantile_with_another_method_or_out()
    s = sorted_last(a, axis)
    n = np.shape(s)[-1]
    middle = (s[..., (n - 1) // 2] + s[..., n // 2]) / 2
    return with_kept_axes(middle, a, axis) if keepdims else middle


def quantile_with_another_method_or_out():
    """Stands for ``np.quantile``/``np.percentile`` with another ``method`` or an ``out``, and
    ``np.median`` with an ``out``: refused."""


refused(quantile_with_another_method_or_out,
        reason="np.median, np.quantile and np.percentile are supported with no out= (and method='linear')",
        hint="leave method= at its default and assign the result")


@composed(np.quantile, family=FAMILY)
def quantile(a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False):
    if method != "linear" or out is not None:   # (a test known when compiling: here, not in the helper)
        return quantile_with_another_method_or_out()
    return quantile_of(a, q, 1, axis, keepdims)


def quantile_of(a, q, whole, axis, keepdims):
    """``np.quantile(a, q / whole)`` (``whole``: 1, or 100 for a percentile), in NumPy's dtype:
    float32 data stay float32 for a Python number ``q`` (weak), whatever ``whole`` is."""
    s = sorted_last(a, axis)
    n = np.shape(s)[-1]
    position = np.asarray(q) / whole * (n - 1)
    below = np.floor(position).astype(int)
    above = np.minimum(below + 1, n - 1)
    weight = (position - below).astype(result_dtype(s, q))
    value = s[..., below] * (1 - weight) + s[..., above] * weight
    if np.ndim(q) == 1:                          # NumPy puts the quantiles' axis first
        value = np.moveaxis(value, -1, 0)
    return with_kept_axes(value, a, axis, np.shape(q)) if keepdims else value


@composed(np.percentile, family=FAMILY)
def percentile(a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False):
    if method != "linear" or out is not None:   # (a test known when compiling: here, not in the helper)
        return quantile_with_another_method_or_out()
    return quantile_of(a, q, 100, axis, keepdims)


@composed(np.interp, family=FAMILY)
def interp(x, xp, fp, left=None, right=None, period=None):
    xp, fp = np.asarray(xp), np.asarray(fp)                 # (lists, as NumPy takes them: indexed below)
    if period is not None:
        x, xp, fp = _one_period(x, xp, fp, period)
        left = right = None                                 # (NumPy ignores them with a period)
    i = np.clip(np.searchsorted(xp, x, side="right") - 1, 0, len(xp) - 2)
    start, stop = xp[i], xp[i + 1]
    t = np.clip((x - start) / (stop - start), 0.0, 1.0)     # (fp[0], fp[-1] outside xp)
    y = fp[i] * (1 - t) + fp[i + 1] * t
    if left is not None:
        y = np.where(x < xp[0], left, y)
    if right is not None:
        y = np.where(x > xp[-1], right, y)
    return y


def _one_period(x, xp, fp, period):
    """NumPy's periodic ``interp``: ``x`` and ``xp`` taken modulo ``period``, the knots sorted,
    and each end joined to the other's knot one period away."""
    period = np.abs(period)
    x, xp = x % period, xp % period
    order = np.argsort(xp)
    xp, fp = xp[order], fp[order]
    return (x, np.concatenate([xp[-1:] - period, xp, xp[0:1] + period]),
            np.concatenate([fp[-1:], fp, fp[0:1]]))


@helper(linear="multi", args=(0, 2))
def convolve_adjoint(g, x, other, mode):
    """The adjoint for ``x`` of ``np.convolve(x, other, mode)`` (either order: convolution
    commutes) whose output's adjoint is ``g``: ``g`` put back where ``mode`` cut it from the full
    convolution (zeros elsewhere), then its valid convolution with ``other`` reversed, the real
    part for a real ``x``; shaped as ``x`` (a number is a sequence of one, as NumPy reads it)."""
    n, m = np.size(x), np.size(other)
    other = np.ravel(other)
    start = 0 if mode == "full" else (min(n, m) - 1) // 2 if mode == "same" else min(n, m) - 1
    whole = np.zeros(n + m - 1, dtype=np.result_type(g, other, 1.0))
    whole[start:start + np.size(g)] = g
    adjoint = np.convolve(whole, other[::-1], mode="valid")
    return np.reshape(adjoint if np.iscomplexobj(x) else np.real(adjoint), np.shape(x))


@vjp_rule(np.convolve, family="products", linear="multi", shape_rule=shape_by_evaluation(np.convolve),
          allocates=True)
def convolve(d_y, y, a, v, mode="full"):
    return convolve_adjoint(d_y, a, v, mode), convolve_adjoint(d_y, v, a, mode), None


@composed(np.correlate, family="products")
def correlate(a, v, mode="valid"):
    if mode == "same":
        # NumPy correlates the longer input with the shorter one and, where `a` is the shorter,
        # reverses that: its window of the full correlation starts at len(a) // 2 then, where
        # the reversed convolution's 'same' window starts at (len(a) - 1) // 2 (a bool counts 1)
        m, n = np.size(a), np.size(v)
        start = (min(m, n) - (m >= n)) // 2
        return np.convolve(a, v[::-1], mode="full")[start:start + max(m, n)]
    return np.convolve(a, v[::-1], mode=mode)
