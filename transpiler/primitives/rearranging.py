"""Rearranging: functions that move, mask, pad or difference elements (``roll``, ``triu``,
``tril``, ``flipud``, ``fliplr``, ``rot90``, ``atleast_1d/2d/3d``, ``rollaxis``,
``column_stack``, ``append``, ``pad``, ``diff``).

Each is linear in its array argument, so its forward-mode tangent is the same call on the
tangent, and its VJP applies the transposed map: roll back, mask the same triangle, flip or
rotate back, cut the padding off (or, for a padding that copies elements, add
each copy's adjoint back to its element), difference the other way. The runtime helpers are linear in
the adjoint ``g`` they take first, so generated gradients can be differentiated again (Hessians).
"""
import dataclasses

import numpy as np

from .padding import COMPUTED_MODES, pad_computed_tangent, unpad_computed  # noqa: F401  (the rules call them)
from .registry import ON_OBJECT_ARRAYS, NOT_CONSTANT, REGISTRY, vjp_rule
from .templates import Template
from .runtime import helper
from .shape import evaluated, split_like  # noqa: F401  (split_like: the helpers below call it)

FAMILY = "shape"


def same_as_first(shapes, kwargs):
    """The shape of the first argument (the other arguments are counts, axes, offsets or a
    dtype, whose shapes the analysis may not know: ``x.astype(float)``)."""
    return shapes[0] if shapes and isinstance(shapes[0], tuple) else None


same_as_first.unknown_inputs = True     # type: ignore[attr-defined]


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


@helper("unpad_copies", linear="joint")
def unpad(g, array, pad_width, mode="constant"):
    """The adjoint of ``np.pad(array, pad_width, mode)``: in constant mode the padding cut off
    (``pad_width`` broadcasts to one (before, after) pair per axis, as NumPy reads it)."""
    if mode != "constant":
        return unpad_copies(g, array, pad_width, mode)
    widths = np.broadcast_to(np.asarray(pad_width, dtype=int), (np.ndim(array), 2))
    return g[tuple(slice(int(before), n - int(after)) for (before, after), n in zip(widths, np.shape(g)))]


@helper(linear="joint")
def unpad_copies(g, array, pad_width, mode):
    """The adjoint of ``np.pad(array, pad_width, mode)`` for a mode whose padding copies the
    array's own elements ("edge", "reflect", "symmetric", "wrap"): along each axis, each
    element's adjoint added to the element it copies (``np.pad`` of the positions says which)."""
    widths = np.broadcast_to(np.asarray(pad_width, dtype=int), (np.ndim(array), 2))
    for axis, (before, after) in enumerate(widths):
        n = np.shape(array)[axis]
        source = np.pad(np.arange(n), (int(before), int(after)), mode=mode)
        moved = np.moveaxis(g, axis, 0)
        gathered = np.zeros((n,) + np.shape(moved)[1:], dtype=np.result_type(g, 1.0))
        np.add.at(gathered, source, moved)
        g = np.moveaxis(gathered, 0, axis)
    return g


@helper(linear="joint")
def undiff(g, shape, n=1, axis=-1):
    """The adjoint of ``np.diff(x, n, axis)``: ``y[i] = x[i + 1] - x[i]``, so each ``x[j]``
    gets ``g[j - 1] - g[j]`` (zero past either end); ``n`` times. Where ``n`` is at least the
    axis's length the difference is empty, and so is its derivative: zeros of ``x``'s ``shape``."""
    if type(g) is np.ndarray and g.ndim == 1 and g.size and g.dtype.kind in "fc":
        # (the common case, a 1-d float array: no shape arithmetic, nor a dtype promotion asked)
        for _ in range(n):
            x = np.empty(g.size + 1, dtype=g.dtype)
            x[0] = 0.0
            x[1:] = g
            x[:-1] -= g
            g = x
        return g
    if np.shape(g)[axis] == 0:
        return np.zeros(shape, dtype=np.result_type(g, 1.0))
    before = (slice(None),) * (axis % np.ndim(g))       # (the axes before ``axis``)
    for _ in range(n):
        # written in place: ``g`` into all but the first, less ``g`` from all but the last (two
        # passes; two concatenates and their difference were three, and two more arrays)
        widened = list(np.shape(g))
        widened[axis] += 1
        x = np.empty(widened, dtype=np.result_type(g, 1.0))
        x[(*before, 0)] = 0.0
        x[(*before, slice(1, None))] = g
        x[(*before, slice(None, -1))] -= g
        g = x
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


@vjp_rule(np.atleast_3d, family=FAMILY, linear="joint", shape_rule=evaluated(np.atleast_3d), sympy=ON_OBJECT_ARRAYS,
          views=True)
@vjp_rule(np.atleast_2d, family=FAMILY, linear="joint", shape_rule=evaluated(np.atleast_2d), sympy=ON_OBJECT_ARRAYS,
          views=True)
@vjp_rule(np.atleast_1d, family=FAMILY, linear="joint", shape_rule=evaluated(np.atleast_1d), sympy=ON_OBJECT_ARRAYS,
          views=True)
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


COPYING_MODES = ("edge", "reflect", "symmetric", "wrap")      # padding that copies elements


def _pad_mode(values, keywords):
    return values[2] if len(values) > 2 else keywords.get("mode", "constant")


def _pad_refused(values, keywords):
    mode = _pad_mode(values, keywords)
    if mode != "constant" and mode not in COPYING_MODES + COMPUTED_MODES:
        return (f"with mode={mode!r}" if mode is not NOT_CONSTANT else "with a computed mode",
                "modes 'constant', 'edge', 'reflect', 'symmetric', 'wrap', 'mean', 'maximum', 'minimum', "
                "'median' and 'linear_ramp' have a derivative rule; build other paddings from slices and "
                "np.concatenate")
    if keywords.get("reflect_type", "even") != "even":
        return ("with reflect_type='odd'", "pad with reflect_type='even' (the default), or build the "
                                           "reflection 2 * edge - x from slices")
    if keywords.get("constant_values", 0) is NOT_CONSTANT:
        return ("with computed constant_values", "pad with a constant, or add the values after padding")
    if keywords.get("end_values", 0) is NOT_CONSTANT:
        return ("with computed end_values", "pad with constant end values, or add a ramp after padding")
    return None


def pad_tangent(t, y, array, pad_width, mode="constant", constant_values=0, reflect_type="even", stat_length=None,
                end_values=0):
    """Zeros where the padding is a constant, the tangent's own elements where it copies."""
    return np.pad(t, pad_width, mode=mode), None, None, None, None, None, None


def _computed_pad(values, keywords):
    """The rules of a call whose padding is computed from the array, else None."""
    return COMPUTED_PAD if _pad_mode(values, keywords) in COMPUTED_MODES else None


@vjp_rule(np.pad, family=FAMILY, jvp=pad_tangent, shape_rule=None, allocates=True, refuses=_pad_refused,
          variant=_computed_pad)
def pad(d_y, y, array, pad_width, mode="constant", constant_values=0, reflect_type="even", stat_length=None,
        end_values=0):
    return unpad(d_y, array, pad_width, mode), None, None, None, None, None, None


# The modes whose padding is computed from the array (primitives/padding.py) take rules of their own.
def computed_pad_tangent(t, y, array, pad_width, mode="constant", constant_values=0, reflect_type="even",
                         stat_length=None, end_values=0):
    return pad_computed_tangent(t, array, pad_width, mode, stat_length, end_values), None, None, None, None, None, None


def computed_pad(d_y, y, array, pad_width, mode="constant", constant_values=0, reflect_type="even",
                 stat_length=None, end_values=0):
    return unpad_computed(d_y, array, pad_width, mode, stat_length, end_values), None, None, None, None, None, None


COMPUTED_PAD = dataclasses.replace(REGISTRY[np.pad], vjp_rule=Template(computed_pad, REGISTRY[np.pad].vjp_rule.params),
                                   jvp_rule=Template(computed_pad_tangent, REGISTRY[np.pad].jvp_rule.params),
                                   refuses=None, variant=None)


# --------------------------------------------------------------------------- differences
@vjp_rule(np.diff, family=FAMILY, linear="joint", shape_rule=evaluated(np.diff), sympy=ON_OBJECT_ARRAYS,
          allocates=True)
def diff(d_y, y, a, n=1, axis=-1):
    return undiff(d_y, np.shape(a), n, axis), None, None
