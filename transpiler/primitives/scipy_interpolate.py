"""scipy.interpolate's objects, evaluated as SciPy evaluates them, written in NumPy so that the
lowering inlines them (frontend/callable_objects.py binds ``f = interp1d(x, y)`` to a partial of
:func:`interp1d`; ``f(x_new)`` is that function's call). Differentiable in the data ``y``, the
points ``x`` and ``x_new``: the interval each new point falls in is a run-time integer
(``np.searchsorted``), so the value is linear in ``y`` and piecewise smooth in ``x`` and ``x_new``
(the piecewise constant kinds: constant in both). The spline kinds are scipy_splines.py's."""
from __future__ import annotations

import numpy as np

from .scipy_splines import spline_coefficients, spline_values

INTERP1D_KINDS = ("linear", "slinear", "nearest", "nearest-up", "previous", "next", "zero", "quadratic", "cubic")
_SPLINE_ORDERS = {"zero": 0, "quadratic": 2, "cubic": 3}


def interp1d(x, y, x_new, kind="linear", axis=-1, bounds_error=None, fill_value=np.nan, assume_sorted=False):
    """``scipy.interpolate.interp1d(x, y, kind, ...)(x_new)``: the kind's values (below), then
    SciPy's bounds: ``fill_value="extrapolate"`` keeps the end intervals' values (for
    "previous" and "next" only on the side that has a neighbour, NaN on the other); otherwise
    points outside ``[min(x), max(x)]`` raise ``ValueError`` (``bounds_error`` None or True) or
    take the fill value (one for both sides, or a ``(below, above)`` pair). The new points' axes
    take the place of ``axis`` in ``y``'s shape."""
    x, y = np.asarray(x), np.asarray(y)           # (SciPy's: lists of knots and values, `[0.0, a, b]`)
    extrapolate = isinstance(fill_value, str) and fill_value == "extrapolate"
    if bounds_error is None:
        bounds_error = not extrapolate
    if extrapolate and bounds_error:
        raise ValueError("Cannot extrapolate and raise at the same time.")
    axis = axis % np.ndim(y)
    if not assume_sorted:
        order = np.argsort(x, kind="mergesort")
        x = x[order]
        y = np.take(y, order, axis=axis)
    if len(x) < _SPLINE_ORDERS.get(kind, 0) + 1:
        raise ValueError("x and y arrays must have at least as many entries as the kind needs")
    rest = np.shape(y)[:axis] + np.shape(y)[axis + 1:]
    table = np.reshape(np.moveaxis(y, axis, 0), (np.shape(y)[axis], -1))
    flat = np.ravel(x_new)
    values = _kind_values(kind, x, table, flat)
    if extrapolate and (kind == "previous" or kind == "next"):
        extrapolate = False               # (SciPy's: the side without a neighbour is NaN)
        fill_value = (np.nan, table[-1]) if kind == "previous" else (table[0], np.nan)
    if not extrapolate:
        below = flat < x[0]
        above = flat > x[-1]
        if bounds_error and (np.any(below) or np.any(above)):
            raise ValueError("A value in x_new is outside the interpolation range (interp1d's bounds_error)")
        fill_below, fill_above = fill_value if isinstance(fill_value, tuple) else (fill_value, fill_value)
        filled = np.where(below[:, None], np.ravel(fill_below), np.where(above[:, None], np.ravel(fill_above), values))
        values = np.asarray(filled, dtype=values.dtype)     # (SciPy writes the fill into its result, keeping float32)
    shaped = np.reshape(values, np.shape(x_new) + rest)
    count = np.ndim(x_new)
    return np.moveaxis(shaped, list(range(count)), list(range(axis, axis + count)))


def _kind_values(kind, x, table, flat):
    """The rows of ``table`` (one per sorted point ``x``) interpolated at the points ``flat``."""
    if kind == "linear" or kind == "slinear":
        return _linear(x, table, flat)
    if kind == "nearest" or kind == "nearest-up":
        halfway = x[1:] / 2.0 + x[:-1] / 2.0      # (SciPy's x / 2.0 summed: a point halfway goes left, or up)
        side = "left" if kind == "nearest" else "right"
        return table[np.clip(np.searchsorted(halfway, flat, side=side), 0, len(x) - 1)]
    if kind == "previous":                         # (the last point at or below: SciPy's nextafter shift)
        return table[np.clip(np.searchsorted(x, flat, side="right"), 1, len(x)) - 1]
    if kind == "next":                             # (the first point at or above)
        return table[np.clip(np.searchsorted(x, flat, side="left"), 0, len(x) - 1)]
    order = _SPLINE_ORDERS[kind]                   # (SciPy's make_interp_spline(x, y, k=order))
    knots, coefficients = spline_coefficients(x, table, order)
    return spline_values(knots, coefficients, order, flat, 0, True)


def _linear(x, table, flat):
    """SciPy's ``_call_linear``: the slope of the interval ``searchsorted`` finds, clipped to the
    first and last."""
    hi = np.clip(np.searchsorted(x, flat), 1, len(x) - 1)
    lo = hi - 1
    slope = (table[hi] - table[lo]) / (x[hi] - x[lo])[:, None]
    return slope * (flat - x[lo])[:, None] + table[lo]
