"""``np.pad``'s modes whose padding is computed from the array: a statistic of the elements at
each end ("mean", "maximum", "minimum", "median", over ``stat_length`` of them, the whole axis by
default) and a linear ramp from ``end_values`` to the edge element ("linear_ramp").

NumPy pads one axis after the other, each on the array already padded along the axes before it.
Along one axis each padded block is a coefficient per position (1 for a statistic; ``i / width``
for a ramp) times a weighted sum of a chunk at that end: the mean weighs its elements equally;
the maximum, minimum and median weigh the elements they pick (ties split evenly, as the rules of
``np.max`` and ``np.median`` split them); a ramp takes the edge element (its end value is a
constant). The tangent applies these maps axis by axis and the adjoint their transposes in the
reverse order. Both helpers are linear in the tangent or adjoint they take first, with weights
piecewise constant in the array, so generated gradients can be differentiated again (Hessians).
"""
import numpy as np

from .runtime import helper

STATISTIC_MODES = ("maximum", "mean", "median", "minimum")
COMPUTED_MODES = STATISTIC_MODES + ("linear_ramp",)


@helper()
def pad_steps(array, pad_width, mode, stat_length=None, end_values=0):
    """The array before the padding of each axis (as ``np.pad`` pads: axis 0 first), with that
    axis, its (before, after) widths and the (before, after) lengths of its statistics."""
    ndim = np.ndim(array)
    widths = np.broadcast_to(np.asarray(pad_width, dtype=int), (ndim, 2))
    lengths = np.broadcast_to(np.asarray(stat_length if stat_length is not None else -1), (ndim, 2))
    values = np.broadcast_to(np.asarray(end_values), (ndim, 2))
    steps, x = [], np.asarray(array)
    for axis in range(ndim):
        n = np.shape(x)[axis]
        length = [n if stat_length is None or int(round(m)) > n else int(round(m)) for m in lengths[axis]]
        steps.append((x, axis, [int(w) for w in widths[axis]], length))
        one_axis = np.zeros((ndim, 2), dtype=int)
        one_axis[axis] = widths[axis]
        if mode == "linear_ramp":
            end = np.zeros((ndim, 2), dtype=values.dtype)
            end[axis] = values[axis]
            x = np.pad(x, one_axis, mode=mode, end_values=end)
        else:
            x = np.pad(x, one_axis, mode=mode, stat_length=[length if a == axis else (1, 1) for a in range(ndim)])
    return steps


@helper()
def pad_ends(x, before, after, length, mode):
    """For the axis 0 of ``x``: per end, the chunk it reads (start, stop), the chunk's weights
    and the coefficient of each padded position."""
    n = np.shape(x)[0]
    if mode == "linear_ramp":
        ones = np.ones((1,) + np.shape(x)[1:])
        return ((0, 1, ones, np.arange(before) / max(before, 1)),
                (n - 1, n, ones, (np.arange(after) / max(after, 1))[::-1]))
    ends = []
    for (start, stop), width in (((0, length[0]), before), ((n - length[1], n), after)):
        chunk = x[start:stop]
        if mode == "mean":
            weights = np.full(np.shape(chunk), 1 / max(stop - start, 1))
        elif mode == "median":
            ordered = np.sort(chunk, axis=0)
            lower, upper = ordered[(len(chunk) - 1) // 2], ordered[len(chunk) // 2]
            weights = 0.5 * pad_share(chunk == lower) + 0.5 * pad_share(chunk == upper)
        else:
            pick = np.max(chunk, axis=0) if mode == "maximum" else np.min(chunk, axis=0)
            weights = pad_share(chunk == pick)
        ends.append((start, stop, weights, np.ones(width)))
    return ends


@helper()
def pad_share(hit):
    """1 / (the number of hits along axis 0) at each hit, 0 elsewhere (a tie split evenly)."""
    return hit / np.maximum(np.sum(hit, axis=0), 1)


@helper("pad_steps", "pad_ends", "pad_share", linear="joint")
def pad_computed_tangent(t, array, pad_width, mode, stat_length=None, end_values=0):
    """The tangent of ``np.pad(array, pad_width, mode, stat_length=, end_values=)`` along ``t``
    for a mode of :data:`COMPUTED_MODES`."""
    dtype = np.result_type(t, 1.0)
    for x, axis, (before, after), length in pad_steps(array, pad_width, mode, stat_length, end_values):
        moved, x = np.moveaxis(t, axis, 0), np.moveaxis(x, axis, 0)
        (start, stop, weights, left), (r_start, r_stop, r_weights, right) = pad_ends(x, before, after, length, mode)
        shape = (-1,) + (1,) * (np.ndim(x) - 1)
        blocks = [np.reshape(left, shape) * np.sum(weights * moved[start:stop], axis=0, keepdims=True), moved,
                  np.reshape(right, shape) * np.sum(r_weights * moved[r_start:r_stop], axis=0, keepdims=True)]
        t = np.moveaxis(np.concatenate(blocks, axis=0), 0, axis)
    return t.astype(dtype, copy=False)


@helper("pad_steps", "pad_ends", "pad_share", linear="joint")
def unpad_computed(g, array, pad_width, mode, stat_length=None, end_values=0):
    """The adjoint of ``np.pad(array, pad_width, mode, stat_length=, end_values=)`` for a mode of
    :data:`COMPUTED_MODES`: each padded block's adjoint, weighed by its coefficients, added back
    to the chunk it was computed from, axis by axis in the reverse order."""
    dtype = np.result_type(g, 1.0)
    for x, axis, (before, after), length in reversed(pad_steps(array, pad_width, mode, stat_length, end_values)):
        moved, x = np.moveaxis(g, axis, 0), np.moveaxis(x, axis, 0)
        (start, stop, weights, left), (r_start, r_stop, r_weights, right) = pad_ends(x, before, after, length, mode)
        shape = (-1,) + (1,) * (np.ndim(x) - 1)
        n = np.shape(x)[0]
        inner = np.array(moved[before:before + n], dtype=np.result_type(g, 1.0))
        inner[start:stop] += weights * np.sum(np.reshape(left, shape) * moved[:before], axis=0, keepdims=True)
        inner[r_start:r_stop] += r_weights * np.sum(np.reshape(right, shape) * moved[before + n:], axis=0,
                                                    keepdims=True)
        g = np.moveaxis(inner, 0, axis)
    return g.astype(dtype, copy=False)
