"""``np.lib.stride_tricks.sliding_window_view``: every window of ``window_shape`` along ``axis``
(the last axes by default), a read-only view of the array's own elements.

It is linear in the array, so its tangent is the same view of the tangent. Each element of the
array appears in several windows (one per position it takes in a window), so its adjoint adds
back, for each position ``offsets`` inside a window, the windows' adjoint at that position onto
the elements it viewed: a shifted slice of the array per position, one vectorized addition each
(``prod(window_shape)`` of them, the size of one window). The helper is linear in the adjoint it
takes first, so a generated gradient can be differentiated again (Hessians).
"""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .output_shapes import NOT_CONSTANT, reading_constants
from .registry import Spelling, vjp_rule
from .runtime import helper

FAMILY = "shape"


@helper()
def window_axes(ndim, window_shape, axis=None):
    """(window lengths, the axis each runs along) as ``sliding_window_view`` reads them: one
    length per axis of ``axis`` (the last ``len(window_shape)`` axes where it is None)."""
    window = tuple(int(n) for n in np.atleast_1d(window_shape))
    if axis is None:
        axes = tuple(range(ndim - len(window), ndim))
    else:
        axes = tuple(int(a) % ndim for a in np.atleast_1d(axis))
    return window, axes


@helper("window_axes", linear="joint")
def unwindow(g, x, window_shape, axis=None):
    """The adjoint of ``sliding_window_view(x, window_shape, axis)``: for each position inside a
    window, the windows' adjoint there added onto the elements of ``x`` it viewed."""
    shape = np.shape(x)
    window, axes = window_axes(len(shape), window_shape, axis)
    windows = np.lib.stride_tricks.sliding_window_view(np.broadcast_to(np.zeros((), bool), shape), window, axis)
    g = np.broadcast_to(g, windows.shape)       # (an adjoint that is a broadcast scalar)
    counts = windows.shape[:len(shape)]         # the number of windows along each axis
    out = np.zeros(shape, dtype=np.result_type(g, 1.0))
    for offsets in np.ndindex(*window):
        starts = [0] * len(shape)
        for a, offset in zip(axes, offsets):    # (an axis named twice moves by both offsets)
            starts[a] += offset
        out[tuple(slice(s, s + n) for s, n in zip(starts, counts))] += g[(Ellipsis,) + offsets]
    return out


@reading_constants
def _window_view_shape(shapes, kwargs, values):
    """The windows' shape, where ``x``'s shape and the window shape and axes are known."""
    window = values[1] if len(values) > 1 else kwargs.get("window_shape", NOT_CONSTANT)
    axis = values[2] if len(values) > 2 else kwargs.get("axis")
    if not shapes or not isinstance(shapes[0], tuple) or window is NOT_CONSTANT or axis is NOT_CONSTANT:
        return None
    try:
        return sliding_window_view(np.broadcast_to(np.zeros(()), shapes[0]), window, axis).shape
    except (TypeError, ValueError):
        return None


def _writeable_refused(values, keywords):
    if keywords.get("writeable", False) is not False:
        return ("with writeable=True (writes through the windows reach the array unseen)",
                "write into the array itself (x[i:i + n] = ...), and take the read-only windows")
    return None


@vjp_rule(sliding_window_view, family=FAMILY, linear="joint", shape_rule=_window_view_shape, views=True,
          refuses=_writeable_refused)
def sliding_window(d_y, y, x, window_shape, axis=None, subok=False, writeable=False):
    return unwindow(d_y, x, window_shape, axis), None, None, None, None


# `np.lib.stride_tricks.as_strided(x, shape, strides=x.strides * 2)`: the windows of `x`, the
# offsets on the leading axes and the positions inside a window on the trailing ones,
# `y[i..., k...] = x[i + k]` (the lowering recognizes the spelling: frontend/strided_windows.py).
# It is `sliding_window_view(x, shape[n:])[:p0, :p1, ...]` where it stays inside `x`.
@helper()
def strided_windows(x, shape):
    """``as_strided(x, shape, x.strides * 2)`` for an ``x`` of ``n`` axes: ``shape`` the ``n``
    numbers of window offsets, then the ``n`` window lengths; raises where a window would reach
    past the end of ``x`` (memory that is not ``x``'s: NumPy reads it unchecked)."""
    n, shape = np.ndim(x), tuple(int(s) for s in shape)
    if len(shape) != 2 * n or any(p < 0 or q < 0 or p + q - 1 > m for p, q, m in zip(shape[:n], shape[n:], np.shape(x))):
        raise ValueError(f"as_strided(x, shape={shape}, strides=x.strides * 2) of an array of shape {np.shape(x)} "
                         "reads memory past its end; use np.lib.stride_tricks.sliding_window_view(x, window_shape), "
                         "which stays inside the array")
    windows = np.lib.stride_tricks.sliding_window_view(x, shape[n:])
    return windows[tuple(slice(0, p) for p in shape[:n])]


@helper(linear="joint")
def unstrided_windows(g, x, shape):
    """The adjoint of ``strided_windows(x, shape)``: each offset's window adjoint added back
    onto the elements it viewed (one addition per offset)."""
    n, shape = np.ndim(x), tuple(int(s) for s in shape)
    g = np.broadcast_to(g, shape)
    out = np.zeros(np.shape(x), dtype=np.result_type(g, 1.0))
    for offsets in np.ndindex(*shape[:n]):
        out[tuple(slice(o, o + q) for o, q in zip(offsets, shape[n:]))] += g[offsets]
    return out


@reading_constants
def _strided_shape(shapes, kwargs, values):
    shape = values[1] if len(values) > 1 else NOT_CONSTANT
    return None if shape is NOT_CONSTANT else tuple(int(s) for s in shape)


@vjp_rule(strided_windows, family=FAMILY, spelling=Spelling(path="strided_windows"), linear="joint",
          shape_rule=_strided_shape, views=True)
def strided_windows_rule(d_y, y, x, shape):
    return unstrided_windows(d_y, x, shape), None
