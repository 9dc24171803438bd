"""Shape: operations that move, copy or join elements without changing them; their VJPs move the
adjoint back (reshape it, sum the copies, split it into the joined pieces).

* ``shape``, ``ndim`` and ``size`` describe an array and carry no derivative; neither do the
  constructors (``zeros``, ``ones_like``, ``eye``, ``arange`` ...), whose values do not depend on
  their arguments' values. ``full`` and ``linspace`` do depend on their fill value / end points
  and have VJPs with respect to those.
* Functions taking a list of arrays (``concatenate``, ``stack``, ``hstack``, ``vstack``,
  ``array``) receive a list container; the adjoint they return for it is indexable by position
  (a list of per-piece adjoints, or an array whose first axis indexes the pieces).

Every rule here is linear in its differentiable arguments together (``linear="joint"``): its
forward-mode tangent is the same call on the tangents. The runtime helpers are linear in the
adjoint ``g`` they take first, so generated gradients can be differentiated again (Hessians).

Shape rules only see the shapes of the arguments and the values of constant keywords, not the
values of constant positional arguments: ``np.expand_dims(x, axis=0)`` has a known shape,
``np.expand_dims(x, 0)`` an unknown one (which only costs an ``unbroadcast`` downstream).
"""
import ast
import math

import numpy as np

from .runtime import helper, unbroadcast  # noqa: F401  (linspace_adjoint calls it when it runs
#                                                       as itself: linear helpers are primitives)
from .output_shapes import NOT_CONSTANT, Pieces, permuted_axes, reading_constants
from .cast_adjoints import adjoint_in_given_dtype
from .registry import ON_OBJECT_ARRAYS, Spelling, nondifferentiable, shape_by_evaluation, vjp_rule

FAMILY = "shape"


def evaluated(function, arrays=1):
    """``shape_by_evaluation`` for calls passing at most ``arrays`` positional arguments: the
    stand-ins replace arrays, and would give a wrong shape for a constant axis or count."""
    rule = shape_by_evaluation(function)

    def limited(shapes, kwargs):
        return rule(shapes, kwargs) if len(shapes) <= arrays else None

    limited.accepts_pieces = True
    return limited


def _like_shape(shapes, kwargs):
    """``np.zeros_like(x)`` and friends: ``x``'s shape, or the ``shape`` keyword."""
    if kwargs.get("shape") is not None:
        return _as_shape(kwargs["shape"])
    return shapes[0] if shapes else None


def _as_shape(value):
    return (int(value),) if np.ndim(value) == 0 else tuple(int(n) for n in value)


def from_values(shape_of_values):
    """A constructor's shape rule: it reads the constant values of the call's arguments (None
    for an argument that is not a constant) rather than their shapes."""
    def rule(values, kwargs):
        try:
            shape = shape_of_values(values, kwargs)
        except (TypeError, ValueError, OverflowError):
            return None
        return shape if shape is None or all(type(n) is int and n >= 0 for n in shape) else None
    rule.reads_values = True
    return rule


def _argument(values, kwargs, position, name, default=None):
    return values[position] if position < len(values) else kwargs.get(name, default)


def _sized(values, kwargs):
    """``np.zeros(shape)``, ``np.ones``, ``np.empty``, ``np.full(shape, fill)``."""
    shape = _argument(values, kwargs, 0, "shape")
    if shape is None or type(shape) not in (int, tuple):
        return None
    return _as_shape(shape)


def _eye(values, kwargs):
    n, m = _argument(values, kwargs, 0, "N"), _argument(values, kwargs, 1, "M")
    if type(n) is not int or (m is not None and type(m) is not int):
        return None
    return (n, n if m is None else m)


def _identity(values, kwargs):
    n = _argument(values, kwargs, 0, "n")
    return (n, n) if type(n) is int else None


def _arange(values, kwargs):
    """The length numpy gives: ``ceil((stop - start) / step)``, at least 0."""
    if kwargs or not 1 <= len(values) <= 3 or not all(type(v) in (int, float) for v in values):
        return None
    start, stop, step = (0, values[0], 1) if len(values) == 1 else (*values[:2], values[2] if len(values) == 3 else 1)
    if step == 0:
        return None
    if all(type(v) is int for v in (start, stop, step)):
        return (len(range(start, stop, step)),)
    return (max(0, math.ceil((stop - start) / step)),)


def _linspace_shape(shapes, kwargs):
    if len(shapes) != 2:          # ``num`` passed positionally: its value is not visible here
        return None
    try:
        out = list(np.broadcast_shapes(*shapes))
    except ValueError:
        return None
    axis = kwargs.get("axis", 0)
    out.insert(axis % (len(out) + 1), int(kwargs.get("num", 50)))
    return tuple(out)


# --------------------------------------------------------------------------- runtime helpers
@helper(linear="joint")
def split_like(g, xs, axis, sizes):
    """Split ``g`` along ``axis`` into pieces of the given sizes, each reshaped like its ``x``:
    a list, or one array when ``xs`` itself was an array (its first axis indexes the pieces)."""
    pieces = np.split(g, np.cumsum(sizes)[:-1], axis=axis)
    pieces = [np.reshape(p, np.shape(x)) for p, x in zip(pieces, xs)]
    return np.stack(pieces) if isinstance(xs, np.ndarray) else pieces


@helper("split_like", linear="joint")
def unconcatenate(g, xs, axis=0):
    """The adjoint of ``np.concatenate(xs, axis)``: ``g`` split back into the pieces."""
    if axis is None:          # the pieces were flattened first
        return split_like(np.ravel(g), xs, 0, [np.size(x) for x in xs])
    return split_like(g, xs, axis, [np.shape(x)[axis] for x in xs])


@helper("split_like", linear="joint")
def unhstack(g, xs):
    """The adjoint of ``np.hstack(xs)``: 0-d and 1-D pieces were joined end to end, others
    along their second axis."""
    if np.ndim(xs[0]) <= 1:
        return split_like(g, xs, 0, [np.size(x) for x in xs])
    return split_like(g, xs, 1, [np.shape(x)[1] for x in xs])


@helper("split_like", linear="joint")
def unvstack(g, xs):
    """The adjoint of ``np.vstack(xs)``: 0-d and 1-D pieces became one row each."""
    return split_like(g, xs, 0, [np.shape(x)[0] if np.ndim(x) >= 2 else 1 for x in xs])


@helper(linear="joint")
def untile(g, x, reps):
    """The adjoint of ``np.tile(x, reps)``: sum the tiles. Each output axis is (tile, element)
    in row-major order, so a reshape splits it and a sum over the tile axes adds the copies."""
    reps = (int(reps),) if np.ndim(reps) == 0 else tuple(reps)
    shape = np.shape(x)
    n = max(len(reps), len(shape))
    reps = (1,) * (n - len(reps)) + reps
    full = (1,) * (n - len(shape)) + shape
    g = np.reshape(g, [k for pair in zip(reps, full) for k in pair])
    return np.reshape(np.sum(g, axis=tuple(range(0, 2 * n, 2))), shape)


@helper(linear="joint")
def unrepeat(g, x, repeats, axis=None):
    """The adjoint of ``np.repeat(x, repeats, axis)``: sum each run of copies into its source."""
    shape = np.shape(x)
    if axis is None:          # x was flattened first
        source, axis = (int(np.size(x)),), 0
    else:
        source, axis = shape, axis % len(shape)
    n = source[axis]
    if np.ndim(repeats) == 0:
        g = np.reshape(g, source[:axis] + (n, int(repeats)) + source[axis + 1:])
        return np.reshape(np.sum(g, axis=axis + 1), shape)
    out = np.zeros(source, dtype=np.result_type(g, 1.0))
    np.add.at(out, (slice(None),) * axis + (np.repeat(np.arange(n), repeats),), g)
    return np.reshape(out, shape)


@helper("unbroadcast", linear="joint")
def linspace_adjoint(g, start, stop, num, endpoint, axis, which):
    """The adjoint of ``np.linspace`` w.r.t. ``start`` (which=0) or ``stop`` (which=1):
    sample i is ``(1 - t_i) * start + t_i * stop``."""
    t = np.linspace(0.0, 1.0, num, endpoint=endpoint)
    weight = t if which == 1 else 1.0 - t
    total = np.sum(np.moveaxis(g, axis, -1) * weight, axis=-1)
    return unbroadcast(total, stop if which == 1 else start)


# --------------------------------------------------------------------------- axes and shapes
@vjp_rule(np.transpose, family=FAMILY, linear="joint", shape_rule=shape_by_evaluation(np.transpose),
          sympy=ON_OBJECT_ARRAYS, views=True)
def transpose(d_y, y, x, axes=None):
    return untranspose(d_y, axes),


@reading_constants
def _reshaped(shapes, kwargs, values):
    """``np.reshape(x, (2, -1))``'s shape: the constant new shape (positional or ``newshape=``),
    its ``-1`` resolved from ``x``'s size; None where either is not known while compiling."""
    if not shapes or not isinstance(shapes[0], tuple) or any(v is NOT_CONSTANT for v in values[1:]):
        return None
    try:
        return tuple(np.shape(np.reshape(np.broadcast_to(np.zeros(()), shapes[0]), *values[1:], **kwargs)))
    except (TypeError, ValueError):      # (a size that does not fit: NumPy raises when it runs)
        return None


@vjp_rule(np.reshape, family=FAMILY, linear="joint", shape_rule=_reshaped,
          sympy=ON_OBJECT_ARRAYS, views=True)
def reshape(d_y, y, x, shape):
    return np.reshape(d_y, np.shape(x)), None


@vjp_rule(np.ravel, family=FAMILY, linear="joint", shape_rule=shape_by_evaluation(np.ravel),
          sympy=ON_OBJECT_ARRAYS, views=True)
def ravel(d_y, y, x):
    return np.reshape(d_y, np.shape(x)),


@helper()
def memory_order(x, order):
    """The order ``np.ravel(x, order=order)`` reads ``x`` in, for "K" and "A" (memory order)
    decided from the primal ``x`` when the code runs, so that its tangents and adjoints, whose
    layouts may differ, are read in the same order: "A" is "F" for an array only Fortran-contiguous,
    else "C"; "K" is "C" or "F" for a contiguous array (or strides of one such order), and refused
    for a view whose strides follow neither."""
    if np.ndim(x) <= 1 or x.flags.c_contiguous:
        return "C"
    if x.flags.f_contiguous:
        return "F"
    if order == "A":
        return "C"
    strides = [abs(s) for s, n in zip(x.strides, x.shape) if n > 1]
    if all(s >= 0 for s in x.strides) and strides == sorted(strides, reverse=True):
        return "C"
    if all(s >= 0 for s in x.strides) and strides == sorted(strides):
        return "F"
    raise ValueError(f"np.ravel(x, order={order!r}) of a {np.ndim(x)}-d view whose strides follow neither C's nor "
                     "Fortran's order; write order='C' or order='F'")


nondifferentiable(memory_order, family="runtime helpers", shape_rule=None, spelling=Spelling(path="memory_order"))


@helper(linear="joint")
def ravel_in_order(x, order):
    """``np.ravel(x, order=order)`` for ``order`` "C" or "F" (a memory order resolved by
    :func:`memory_order` from the primal)."""
    return np.ravel(x, order="F" if order == "F" else "C")


@helper(linear="joint")
def unraveled_in_order(d_y, x, order):
    """The adjoint of ``ravel_in_order(x, order)``: ``d_y`` put back in ``x``'s shape."""
    return np.reshape(d_y, np.shape(x), order="F" if order == "F" else "C")


@vjp_rule(ravel_in_order, family=FAMILY, linear="joint", shape_rule=None, spelling=Spelling(path="ravel_in_order"),
          views=True)
def ravel_in_order_rule(d_y, y, x, order):
    return unraveled_in_order(d_y, x, order), None


@vjp_rule(np.expand_dims, family=FAMILY, linear="joint", shape_rule=evaluated(np.expand_dims), views=True)
def expand_dims(d_y, y, x, axis=None):
    return np.reshape(d_y, np.shape(x)), None


@vjp_rule(np.squeeze, family=FAMILY, linear="joint", shape_rule=evaluated(np.squeeze), sympy=ON_OBJECT_ARRAYS,
          views=True)
def squeeze(d_y, y, x, axis=None):
    return np.reshape(d_y, np.shape(x)), None


@vjp_rule(np.swapaxes, family=FAMILY, linear="joint", shape_rule=permuted_axes(np.swapaxes), views=True)
def swapaxes(d_y, y, x, axis1, axis2):
    return np.swapaxes(d_y, axis1, axis2), None, None


@vjp_rule(np.moveaxis, family=FAMILY, linear="joint", shape_rule=permuted_axes(np.moveaxis), views=True)
def moveaxis(d_y, y, x, source, destination):
    return np.moveaxis(d_y, destination, source), None, None


@vjp_rule(np.flip, family=FAMILY, linear="joint", shape_rule="elementwise", views=True)
def flip(d_y, y, x, axis=None):
    return np.flip(d_y, axis), None


@vjp_rule(np.copy, family=FAMILY, linear="joint", shape_rule="elementwise", sympy=ON_OBJECT_ARRAYS,
          allocates=True)
def copy(d_y, y, x, order="K"):
    return d_y,


# --------------------------------------------------------------------------- copies
@vjp_rule(np.broadcast_to, family=FAMILY, linear="joint", shape_rule=evaluated(np.broadcast_to), views=True)
def broadcast_to(d_y, y, x, shape=None):
    return unbroadcast(d_y, x), None


@vjp_rule(np.tile, family=FAMILY, linear="joint", shape_rule=evaluated(np.tile), allocates=True)
def tile(d_y, y, x, reps=None):
    return untile(d_y, x, reps), None


@reading_constants
def _repeated_shape(shapes, kwargs, values):
    """``np.repeat(x, repeats, axis)``'s shape, its repeats and axis constants: computed, not
    evaluated (the stand-in of ``x`` would be repeated in memory)."""
    if not shapes or not isinstance(shapes[0], tuple):
        return None
    repeats = values[1] if len(values) > 1 else kwargs.get("repeats", NOT_CONSTANT)
    axis = values[2] if len(values) > 2 else kwargs.get("axis")
    if repeats is NOT_CONSTANT or axis is NOT_CONSTANT or (axis is not None and type(axis) is not int):
        return None
    length = math.prod(shapes[0]) if axis is None else shapes[0][axis] if -len(shapes[0]) <= axis < len(shapes[0]) \
        else None
    counts = np.asarray(repeats)
    counts = counts.reshape(()) if counts.size == 1 else counts       # (one count, broadcast)
    if length is None or counts.dtype.kind not in "iu" or counts.ndim > 1 or counts.ndim == 1 and counts.size != length:
        return None
    total = int(counts.sum()) if counts.ndim == 1 else length * int(counts)
    return (total,) if axis is None else shapes[0][:axis % len(shapes[0])] + (total,) \
        + shapes[0][axis % len(shapes[0]) + 1:]


@vjp_rule(np.repeat, family=FAMILY, linear="joint", shape_rule=_repeated_shape, sympy=ON_OBJECT_ARRAYS,
          allocates=True)
def repeat(d_y, y, x, repeats, axis=None):
    return unrepeat(d_y, x, repeats, axis), None


# --------------------------------------------------------------------------- joining
def _sliced_pieces(site, index, d_y):
    """``np.concatenate([a, b], axis)`` of pieces of known shapes (a list or tuple display) along a
    constant axis: the pieces' adjoints are slices of ``d_y``, a list display
    (``[d_y[:, :32], d_y[:, 32:]]``) whose items the passes read directly (``d_h = d_y[:, :32]``, a
    view, as ``unconcatenate``'s are), where the helper splits at run time (an LSTM's
    ``np.concatenate([h, x], axis=1)``, once per step)."""
    pieces = site.arg_shapes[0] if site.arg_shapes else None
    if index != 0 or not site.specialize or not isinstance(pieces, Pieces) or not pieces.shapes:
        return None
    axis = site.args[1] if len(site.args) > 1 else dict(site.kwargs).get("axis", ast.Constant(0))
    if isinstance(axis, ast.UnaryOp) and isinstance(axis.op, ast.USub) and isinstance(axis.operand, ast.Constant) \
            and type(axis.operand.value) is int:
        axis = ast.Constant(-axis.operand.value)          # (axis=-1)
    shapes = pieces.shapes
    if not (isinstance(axis, ast.Constant) and type(axis.value) is int) \
            or not all(isinstance(p, tuple) and p and all(type(n) is int for n in p) and len(p) == len(shapes[0])
                       for p in shapes) or not -len(shapes[0]) <= axis.value < len(shapes[0]):
        return None
    k, items, start = axis.value % len(shapes[0]), [], 0
    for shape in shapes:
        stop = start + shape[k]
        cut = ast.Slice(lower=ast.Constant(start) if start else None, upper=ast.Constant(stop))
        index_ = [ast.Slice() for _ in range(k)] + [cut]
        items.append(ast.Subscript(value=d_y, slice=ast.Tuple(elts=index_, ctx=ast.Load()) if k else cut,
                                   ctx=ast.Load()))
        start = stop
    return ast.List(elts=items, ctx=ast.Load())


@vjp_rule(np.concatenate, family=FAMILY, linear="joint", shape_rule=evaluated(np.concatenate), allocates=True,
          specialized=_sliced_pieces)
def concatenate(d_y, y, xs, axis=0):
    return unconcatenate(d_y, xs, axis), None


@vjp_rule(np.stack, family=FAMILY, linear="joint", shape_rule=evaluated(np.stack), allocates=True)
def stack(d_y, y, xs, axis=0):
    return np.moveaxis(d_y, axis, 0), None


@vjp_rule(np.hstack, family=FAMILY, linear="joint", shape_rule=evaluated(np.hstack), allocates=True)
def hstack(d_y, y, xs):
    return unhstack(d_y, xs),


@vjp_rule(np.vstack, family=FAMILY, linear="joint", shape_rule=evaluated(np.vstack), allocates=True)
def vstack(d_y, y, xs):
    return unvstack(d_y, xs),


def _array_shape(shapes, kwargs):
    """``np.array(x)``, ``np.asarray(x)``: ``x``'s shape (a symbolic one too); of a list or tuple
    of values of one known shape (a state vector built from numbers, ``np.array([omega, -k *
    np.sin(theta)])``): its length, then that shape. Ragged or unknown items: unknown."""
    first = shapes[0] if shapes else None
    if isinstance(first, Pieces):
        items = first.shapes
        alike = bool(items) and all(isinstance(s, tuple) for s in items) and len(set(items)) == 1
        return (len(items), *items[0]) if alike else None
    return first


_array_shape.accepts_pieces = True      # type: ignore[attr-defined]
_array_shape.unknown_inputs = True      # type: ignore[attr-defined]   (a symbolic shape passes through)


@vjp_rule(np.array, family=FAMILY, linear="joint", shape_rule=_array_shape, allocates=True,
          specialized=adjoint_in_given_dtype)
def array(d_y, y, x, dtype=None, copy=True, order="K"):
    return d_y,


@vjp_rule(np.asarray, family=FAMILY, linear="joint", shape_rule=_array_shape, views=True,
          specialized=adjoint_in_given_dtype)
def asarray(d_y, y, x, dtype=None, order=None, copy=None):
    return d_y,


# --------------------------------------------------------------------------- constructors
# np.full and np.full_like: the fill value cast to the output's dtype, given (`dtype=int`) or
# taken from the fill or `x`: a float or complex output passes its derivative on, an integer or
# boolean one is piecewise constant (a cast, casts.py), with none.
@helper(linear="joint")
def fill_part(d, dtype):
    """The adjoint or tangent of a constructor's fill value of an output of ``dtype``: ``d`` for
    a float or complex dtype, zeros for an integer or boolean one (as casts.inexact_part)."""
    return d if np.dtype(dtype).kind in "fc" else np.zeros(np.shape(d))


def full_jvp(t, y, shape, fill_value, dtype=None, order="C"):
    return None, fill_part(t, y.dtype) * np.ones(np.shape(y))


@vjp_rule(np.full, family=FAMILY, shape_rule=from_values(_sized), allocates=True, jvp=full_jvp)
def full(d_y, y, shape, fill_value, dtype=None, order="C"):
    return None, unbroadcast(fill_part(d_y, y.dtype), fill_value)


def _retstep_refused(values, keywords):
    retstep = values[4] if len(values) > 4 else keywords.get("retstep", False)
    if retstep is not False:
        return ("with retstep=True (a pair of the samples and their step)",
                "compute the step yourself: (stop - start) / (num - 1)")
    return None


@vjp_rule(np.linspace, family=FAMILY, linear="joint", shape_rule=_linspace_shape, allocates=True,
          refuses=_retstep_refused)
def linspace(d_y, y, start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    return (linspace_adjoint(d_y, start, stop, num, endpoint, axis, 0),
            linspace_adjoint(d_y, start, stop, num, endpoint, axis, 1), None)


nondifferentiable(np.shape, family=FAMILY, shape_rule=None, shape_query=lambda shape: shape, reads_shape=(0,))
nondifferentiable(np.ndim, np.size, family=FAMILY, shape_rule="scalar", reads_shape=(0,),
                  shape_query={np.ndim: len, np.size: math.prod})
nondifferentiable(np.zeros, np.ones, np.empty, family=FAMILY, shape_rule=from_values(_sized), allocates=True)
nondifferentiable(np.eye, family=FAMILY, shape_rule=from_values(_eye), allocates=True)
nondifferentiable(np.identity, family=FAMILY, shape_rule=from_values(_identity), allocates=True)


# np.arange(start, stop, step) is start + step * [0, 1, ..., n - 1]: for its length n, set by the
# three together, piecewise constant, it is linear in start and step; stop (also a lone argument,
# np.arange(stop)) only sets the length and has derivative 0.
def arange_jvp(t, y, start, stop=None, step=None, dtype=None):
    return arange_tangent(t, y, stop, 0), 0, arange_tangent(t, y, stop, 2)


@vjp_rule(np.arange, family=FAMILY, shape_rule=from_values(_arange), jvp=arange_jvp, allocates=True)
def arange(d_y, y, start, stop=None, step=None, dtype=None):
    return arange_adjoint(d_y, stop, 0), 0, arange_adjoint(d_y, stop, 2)


@helper(linear="joint")
def arange_adjoint(g, stop, which):
    """The adjoint of ``np.arange(start, stop, step)`` w.r.t. ``start`` (which=0) or ``step``
    (which=2). ``stop`` None: the call was ``np.arange(stop)``, whose values are constants."""
    if stop is None:
        return 0.0
    return np.sum(g) if which == 0 else np.vdot(g, np.arange(np.size(g)))


@helper(linear="joint")
def arange_tangent(t, y, stop, which):
    """The tangent of ``np.arange(start, stop, step)`` along ``start``'s (which=0) or ``step``'s
    (which=2) tangent ``t``."""
    if stop is None:
        return np.zeros(np.shape(y))
    return t * np.ones(np.shape(y)) if which == 0 else t * np.arange(np.size(y))
nondifferentiable(np.zeros_like, np.ones_like, np.empty_like, family=FAMILY,
                  shape_rule=_like_shape, allocates=True)


def full_like_jvp(t, y, x, fill_value, dtype=None, order="K", subok=True, shape=None):
    return 0, fill_part(t, y.dtype) * np.ones(np.shape(y))


@vjp_rule(np.full_like, family=FAMILY, shape_rule=_like_shape, allocates=True, jvp=full_like_jvp)
def full_like(d_y, y, x, fill_value, dtype=None, order="K", subok=True, shape=None):
    # the values do not depend on x (a literal 0: no contribution), only on the fill value
    return 0, unbroadcast(fill_part(d_y, y.dtype), fill_value)
