"""Rearranging: functions that move, mask, pad or difference elements (``roll``, ``triu``,
``tril``, ``flipud``, ``fliplr``, ``rot90``, ``atleast_1d/2d/3d``, ``rollaxis``,
``column_stack``, ``append``, ``pad``, ``diff``).

Each is linear in its array argument, so its forward-mode tangent is the same call on the
tangent, and its VJP applies the transposed map: roll back, mask the same triangle, flip or
rotate back, cut the padding off, difference the other way. The runtime helpers are linear in
the adjoint ``g`` they take first, so generated gradients can be differentiated again (Hessians).
"""
import numpy as np

from .registry import ON_OBJECT_ARRAYS, NOT_CONSTANT, vjp_rule
from .runtime import helper
from .shape import evaluated, split_like  # noqa: F401  (split_like: the helpers below call it)

FAMILY = "shape"


def same_as_first(shapes, kwargs):
    """The shape of the first argument (the other arguments are counts, axes or offsets)."""
    return shapes[0] if shapes else None


# --------------------------------------------------------------------------- runtime helpers
@helper(linear="joint")
def unroll(g, shift, axis=None):
    """The adjoint of ``np.roll(x, shift, axis)``: roll back by ``-shift``."""
    return np.roll(g, np.negative(shift), axis)


@helper(linear="joint")
def unrollaxis(g, x, axis, start=0):
    """The adjoint of ``np.rollaxis(x, axis, start)``: the inverse of its permutation of axes
    (as NumPy computes it: ``axis`` moved to just before ``start``)."""
    n = np.ndim(x)
    axis = axis % n
    start = start + n if start < 0 else start
    start = start - 1 if axis < start else start
    order = [i for i in range(n) if i != axis]
    order.insert(start, axis)
    return np.transpose(g, np.argsort(order))


@helper("split_like", linear="joint")
def uncolumn_stack(g, xs):
    """The adjoint of ``np.column_stack(xs)``: 1-D pieces became one column each."""
    return split_like(g, xs, 1, [np.shape(x)[1] if np.ndim(x) >= 2 else 1 for x in xs])


@helper("split_like", linear="joint")
def unappend(g, arr, values, axis, which):
    """The adjoint of ``np.append(arr, values, axis)`` w.r.t. ``arr`` (which=0) or ``values``
    (which=1); ``axis=None`` flattened both first."""
    if axis is None:
        pieces = split_like(np.ravel(g), [arr, values], 0, [np.size(arr), np.size(values)])
    else:
        pieces = split_like(g, [arr, values], axis, [np.shape(arr)[axis], np.shape(values)[axis]])
    return pieces[which]


@helper()
def padded_positions(n, before, after, mode):
    """The element of an axis of length ``n`` each position of ``np.pad``'s result along it
    copies (``mode`` 'edge', 'wrap', 'symmetric' or 'reflect'; the last two repeat with period
    2n and 2n - 2, which is how NumPy reflects padding wider than the axis)."""
    k = np.arange(-before, n + after)
    if mode == "edge":
        return np.clip(k, 0, n - 1)
    if mode == "wrap":
        return np.mod(k, n)
    if mode == "symmetric":
        k = np.mod(k, 2 * n)
        return np.where(k < n, k, 2 * n - 1 - k)
    if n == 1:
        return np.zeros_like(k)
    k = np.mod(k, 2 * n - 2)
    return np.where(k < n, k, 2 * n - 2 - k)


@helper("padded_positions", linear="joint")
def unpad(g, array, pad_width, mode="constant"):
    """The adjoint of ``np.pad(array, pad_width, mode)``: in constant mode the padding cut off;
    in the modes that copy elements each position's adjoint added to the element it copies, an
    axis at a time. ``pad_width`` broadcasts to one (before, after) pair per axis, as NumPy reads it."""
    widths = np.broadcast_to(np.asarray(pad_width, dtype=int), (np.ndim(array), 2))
    if mode == "constant":
        return g[tuple(slice(int(before), n - int(after)) for (before, after), n in zip(widths, np.shape(g)))]
    for axis, ((before, after), n) in enumerate(zip(widths, np.shape(array))):
        copies = padded_positions(n, int(before), int(after), mode)[:, None] == np.arange(n)
        g = np.moveaxis(np.tensordot(np.moveaxis(g, axis, -1), copies.astype(np.result_type(g, 1.0)), axes=1), -1, axis)
    return g


@helper(linear="joint")
def undiff(g, n=1, axis=-1):
    """The adjoint of ``np.diff(x, n, axis)``: ``y[i] = x[i + 1] - x[i]``, so each ``x[j]``
    gets ``g[j - 1] - g[j]`` (zero past either end); ``n`` times."""
    for _ in range(n):
        edge = list(np.shape(g))
        edge[axis] = 1
        zero = np.zeros(edge, dtype=np.result_type(g, 1.0))
        g = np.concatenate([zero, g], axis=axis) - np.concatenate([g, zero], axis=axis)
    return g


# --------------------------------------------------------------------------- moves
@vjp_rule(np.roll, family=FAMILY, linear="joint", shape_rule=same_as_first, sympy=ON_OBJECT_ARRAYS, allocates=True)
def roll(d_y, y, a, shift, axis=None):
    return unroll(d_y, shift, axis), None, None


@vjp_rule(np.rollaxis, family=FAMILY, linear="joint", shape_rule=None, views=True)
def rollaxis(d_y, y, a, axis, start=0):
    return unrollaxis(d_y, a, axis, start), None, None


@vjp_rule(np.flipud, family=FAMILY, linear="joint", shape_rule=same_as_first, sympy=ON_OBJECT_ARRAYS, views=True)
def flipud(d_y, y, m):
    return np.flipud(d_y),


@vjp_rule(np.fliplr, family=FAMILY, linear="joint", shape_rule=same_as_first, sympy=ON_OBJECT_ARRAYS, views=True)
def fliplr(d_y, y, m):
    return np.fliplr(d_y),


@vjp_rule(np.rot90, family=FAMILY, linear="joint", shape_rule=evaluated(np.rot90), sympy=ON_OBJECT_ARRAYS, views=True)
def rot90(d_y, y, m, k=1, axes=(0, 1)):
    return np.rot90(d_y, -k, axes), None, None


@vjp_rule(np.atleast_1d, np.atleast_2d, np.atleast_3d, family=FAMILY, linear="joint",
          shape_rule=None, sympy=ON_OBJECT_ARRAYS, views=True)
def atleast_nd(d_y, y, a):
    return np.reshape(d_y, np.shape(a)),


# --------------------------------------------------------------------------- masks
@vjp_rule(np.triu, family=FAMILY, linear="joint", shape_rule=same_as_first, sympy=ON_OBJECT_ARRAYS, allocates=True)
def triu(d_y, y, m, k=0):
    return np.triu(d_y, k), None


@vjp_rule(np.tril, family=FAMILY, linear="joint", shape_rule=same_as_first, sympy=ON_OBJECT_ARRAYS, allocates=True)
def tril(d_y, y, m, k=0):
    return np.tril(d_y, k), None


# --------------------------------------------------------------------------- joining
@vjp_rule(np.column_stack, family=FAMILY, linear="joint", shape_rule=evaluated(np.column_stack), allocates=True)
def column_stack(d_y, y, tup):
    return uncolumn_stack(d_y, tup),


@vjp_rule(np.append, family=FAMILY, linear="joint", shape_rule=None, allocates=True)
def append(d_y, y, arr, values, axis=None):
    return unappend(d_y, arr, values, axis, 0), unappend(d_y, arr, values, axis, 1), None


PAD_MODES = ("constant", "edge", "wrap", "reflect", "symmetric")      # (the modes that copy: linear)


def _pad_refused(values, keywords):
    mode = values[2] if len(values) > 2 else keywords.get("mode", "constant")
    if mode is NOT_CONSTANT or mode not in PAD_MODES:
        return (f"with mode={mode!r}" if mode is not NOT_CONSTANT else "with a computed mode",
                "the modes with a derivative rule are 'constant', 'edge', 'wrap', 'reflect' and "
                "'symmetric'; build other paddings from slices and np.concatenate")
    if keywords.get("constant_values", 0) is NOT_CONSTANT:
        return ("with computed constant_values", "pad with a constant, or add the values after padding")
    return None


def pad_tangent(t, y, array, pad_width, mode="constant", constant_values=0):
    return np.pad(t, pad_width, mode), None, None       # (constant mode: the tangent padded with 0)


@vjp_rule(np.pad, family=FAMILY, jvp=pad_tangent, shape_rule=None, allocates=True, refuses=_pad_refused)
def pad(d_y, y, array, pad_width, mode="constant", constant_values=0):
    return unpad(d_y, array, pad_width, mode), None, None


# --------------------------------------------------------------------------- differences
@vjp_rule(np.diff, family=FAMILY, linear="joint", shape_rule=evaluated(np.diff), sympy=ON_OBJECT_ARRAYS,
          allocates=True)
def diff(d_y, y, a, n=1, axis=-1):
    return undiff(d_y, n, axis), None, None
