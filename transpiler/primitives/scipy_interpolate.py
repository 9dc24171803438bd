"""scipy.interpolate's objects, evaluated as SciPy evaluates them, written in NumPy so that the
lowering inlines them (frontend/callable_objects.py binds ``f = interp1d(x, y)`` to a partial of
:func:`interp1d_linear`; ``f(x_new)`` is that function's call). Differentiable in the data ``y``,
the points ``x`` and ``x_new``: the interval each new point falls in is a run-time integer
(``np.searchsorted``), so the value is linear in ``y`` and piecewise smooth in ``x`` and ``x_new``."""
from __future__ import annotations

import numpy as np


def interp1d_linear(x, y, x_new, axis=-1, bounds_error=None, fill_value=np.nan, assume_sorted=False):
    """``scipy.interpolate.interp1d(x, y, kind="linear", ...)(x_new)``: SciPy's ``_call_linear``
    (the slope of the interval ``searchsorted`` finds, clipped to the first and last), then its
    bounds: ``fill_value="extrapolate"`` keeps the end intervals' lines; otherwise points outside
    ``[min(x), max(x)]`` raise ``ValueError`` (``bounds_error`` None or True) or take the fill
    value (one for both sides, or a ``(below, above)`` pair). The new points' axes take the
    place of ``axis`` in ``y``'s shape."""
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
    rest = np.shape(y)[:axis] + np.shape(y)[axis + 1:]
    table = np.reshape(np.moveaxis(y, axis, 0), (np.shape(y)[axis], -1))
    flat = np.ravel(x_new)
    hi = np.clip(np.searchsorted(x, flat), 1, len(x) - 1)
    lo = hi - 1
    slope = (table[hi] - table[lo]) / (x[hi] - x[lo])[:, None]
    values = slope * (flat - x[lo])[:, None] + table[lo]
    if not extrapolate:
        below = flat < x[0]
        above = flat > x[-1]
        if bounds_error and (np.any(below) or np.any(above)):
            raise ValueError("A value in x_new is outside the interpolation range (interp1d's bounds_error)")
        fill_below, fill_above = fill_value if isinstance(fill_value, tuple) else (fill_value, fill_value)
        values = np.where(below[:, None], np.ravel(fill_below), np.where(above[:, None], np.ravel(fill_above), values))
    shaped = np.reshape(values, np.shape(x_new) + rest)
    count = np.ndim(x_new)
    return np.moveaxis(shaped, list(range(count)), list(range(axis, axis + count)))
