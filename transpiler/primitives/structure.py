"""Functions that move or copy elements, written as gathers (issue 16): ``np.take``,
``np.take_along_axis``, ``np.delete``, ``np.insert`` ...

Each runs NumPy's own function on the *positions* of its array's elements (``np.arange`` shaped
like the array; runtime helpers such as :func:`taken_positions`, which carry no derivative) and reads
the array's elements at the positions that come out: ``np.ravel(a)[positions]``. A gather is
differentiable in both modes (its adjoint scatter-adds, repeated positions accumulating), and so
are its second derivatives, whatever NumPy's function does with its index arguments (``mode=``,
negative or repeated indices, broadcasting), because NumPy itself decides where each element goes.
"""
import numpy as np

from .output_shapes import NOT_CONSTANT, reading_constants
from .registry import composed, nondifferentiable
from .runtime import helper

FAMILY = "indexing"


@helper()
def element_positions(shape):
    """The positions of an array's elements in its ravel, shaped like it."""
    return np.reshape(np.arange(int(np.prod(shape))), shape)


@helper("element_positions")
def taken_positions(shape, indices, axis, mode):
    """Where each element of ``np.take(a, indices, axis, mode=mode)`` comes from in ``ravel(a)``
    (``a`` shaped ``shape``)."""
    return np.take(element_positions(shape), indices, axis, mode=mode)


@helper("element_positions")
def taken_along_positions(shape, indices, axis):
    """Where each element of ``np.take_along_axis(a, indices, axis)`` comes from: the indices
    (negative ones counted from the end) times the axis' stride plus each other axis' positions
    times its stride, on arrays the size of ``indices`` (a label per row: no ``arange`` of the
    whole array). NumPy's own gather of the whole array's positions where the indices are not
    integers within the axis, or the call is not along one axis of a nonempty array: its errors."""
    n = len(shape)
    indices = np.asarray(indices)
    if (not isinstance(axis, (int, np.integer)) or not -n <= axis < n or indices.ndim != n
            or indices.dtype.kind not in "iu" or indices.size == 0 or 0 in shape):
        return np.take_along_axis(element_positions(shape), indices, axis)
    axis, extent = axis % n, int(shape[axis])
    low, high = indices.min(), indices.max()
    if low < -extent or high >= extent:
        return np.take_along_axis(element_positions(shape), indices, axis)
    strides = [1] * n                      # (C order: the product of the extents after each axis)
    for j in range(n - 1, 0, -1):
        strides[j - 1] = strides[j] * int(shape[j])
    positions = indices.astype(np.intp, copy=False)
    if low < 0:
        positions = positions + extent * (indices < 0)
    if strides[axis] != 1:
        positions = positions * strides[axis]
    for j in range(n):
        if j != axis and shape[j] > 1:
            positions = positions + (np.arange(shape[j]) * strides[j]).reshape([-1 if i == j else 1 for i in range(n)])
    return positions.copy() if positions is indices else positions      # (a new array, as NumPy's)


@helper("element_positions")
def kept_positions(shape, obj, axis):
    """Where each element of ``np.delete(a, obj, axis)`` comes from."""
    return np.delete(element_positions(shape), obj, axis)


@helper("element_positions")
def resized_positions(shape, new_shape):
    """Where each element of ``np.resize(a, new_shape)`` comes from."""
    return np.resize(element_positions(shape), new_shape)


def _positions_shape(numpy_function, index_at=None):
    """The shape rule of a positions helper: ``numpy_function`` run on a stand-in of the array (a
    broadcast zero of the constant ``shape``, no memory) and the constant arguments, or for the
    argument at ``index_at`` (indices, whose values only pick elements) a stand-in of its shape.
    Known once ``np.shape(a)`` folds, so that the gathered value's size folds too (a mean's
    adjoint reads it) and the gather itself becomes dead where nothing else reads it. None where
    an argument is unknown or the stand-ins do not run (an index out of a zero-length axis)."""
    def rule(shapes, kwargs, values):
        if kwargs or not values or not _is_shape(values[0]):
            return None
        args = [np.broadcast_to(np.zeros((), np.intp), values[0]), *values[1:]]
        for at, value in enumerate(values[1:], start=1):
            if value is NOT_CONSTANT:
                if at != index_at or not _is_shape(shapes[at]):
                    return None
                args[at] = np.broadcast_to(np.zeros((), np.intp), shapes[at])
        try:
            return tuple(np.shape(numpy_function(*args)))
        except Exception:        # (what NumPy refuses here is refused at run time too)
            return None
    return reading_constants(rule)


def _is_shape(value) -> bool:
    return isinstance(value, tuple) and all(isinstance(n, (int, np.integer)) and n >= 0 for n in value)


nondifferentiable(taken_positions, family="runtime helpers", result_kind="i8", shape_rule=_positions_shape(
    lambda a, indices, axis, mode: np.take(a, indices, axis, mode=mode), index_at=1))
nondifferentiable(taken_along_positions, family="runtime helpers", result_kind="i8",
                  shape_rule=_positions_shape(np.take_along_axis, index_at=1))
nondifferentiable(kept_positions, family="runtime helpers", result_kind="i8", shape_rule=_positions_shape(np.delete))
nondifferentiable(resized_positions, family="runtime helpers", result_kind="i8", shape_rule=_positions_shape(np.resize))


@composed(np.take, family=FAMILY)
def take(a, indices, axis=None, *, mode="raise"):
    return np.ravel(a)[taken_positions(np.shape(a), indices, axis, mode)]


@helper("element_positions")
def inserted_positions(shape, obj, values_shape, axis):
    """Where each element of ``np.insert(arr, obj, values, axis)`` comes from, in
    ``concatenate([ravel(arr), ravel(values)])``: the array's positions, the values' after them
    (NumPy broadcasts the values itself)."""
    values = int(np.prod(shape)) + element_positions(values_shape)
    return np.insert(element_positions(shape), obj, values, axis)


@helper("element_positions")
def chosen_positions(a, count, shape, mode):
    """Where each element of ``np.choose(a, choices, mode=mode)`` comes from, in the choices
    broadcast to ``shape`` and stacked (choice ``k``'s elements at ``k * size`` on)."""
    size = int(np.prod(shape))
    return np.choose(a, [k * size + element_positions(shape) for k in range(count)], mode=mode)


@helper()
def kept_window(filt, trim):
    """The positions ``np.trim_zeros(filt, trim)`` keeps of a vector: leading zeros dropped
    where ``trim`` has "f", trailing where it has "b"."""
    nonzero = np.flatnonzero(filt)
    if len(nonzero) == 0:
        return nonzero
    first = nonzero[0] if "f" in trim.lower() else 0
    last = nonzero[-1] + 1 if "b" in trim.lower() else len(filt)
    return np.arange(first, last)


nondifferentiable(inserted_positions, chosen_positions, kept_window, family="runtime helpers", shape_rule=None)


@composed(np.take_along_axis, family=FAMILY)
def take_along_axis(arr, indices, axis=-1):
    return np.ravel(arr)[taken_along_positions(np.shape(arr), indices, axis)]


@composed(np.delete, family=FAMILY)
def delete(arr, obj, axis=None):
    return np.ravel(arr)[kept_positions(np.shape(arr), obj, axis)]


@composed(np.insert, family=FAMILY)
def insert(arr, obj, values, axis=None):
    sources = np.concatenate([np.ravel(arr), np.ravel(values)])
    return sources[inserted_positions(np.shape(arr), obj, np.shape(values), axis)]


@composed(np.resize, family=FAMILY)
def resize(a, new_shape):
    return np.ravel(a)[resized_positions(np.shape(a), new_shape)]


@composed(np.compress, family=FAMILY)
def compress(condition, a, axis=None):
    return np.take(a, np.flatnonzero(condition), axis)


@composed(np.extract, family=FAMILY)
def extract(condition, arr):
    return np.ravel(arr)[np.flatnonzero(condition)]


@composed(np.choose, family=FAMILY)
def choose(a, choices, *, mode="raise"):
    shape = np.shape(a)
    for c in choices:
        shape = np.broadcast_shapes(shape, np.shape(c))
    stacked = np.concatenate([np.ravel(np.broadcast_to(c, shape)) for c in choices])
    return stacked[chosen_positions(a, len(choices), shape, mode)]


@composed(np.trim_zeros, family=FAMILY)
def trim_zeros(filt, trim="fb"):
    """Vectors only: which elements are kept depends on the values (a zero made non-zero would
    be kept), so the kept ones are read at the positions the values give; the dropped zeros
    get derivative 0."""
    return np.ravel(filt)[kept_window(filt, trim)]


@composed(np.broadcast_arrays, family="shape")
def broadcast_arrays(*args):
    shape = ()
    for a in args:
        shape = np.broadcast_shapes(shape, np.shape(a))
    return tuple([np.broadcast_to(a, shape) for a in args])


@composed(np.unstack, family="shape")
def unstack(x, /, *, axis=0):
    moved = np.moveaxis(x, axis, 0)
    return tuple([moved[i] for i in range(np.shape(moved)[0])])


@composed(np.ediff1d, family="shape")
def ediff1d(ary, to_end=None, to_begin=None):
    pieces = [np.diff(np.ravel(ary))]
    if to_begin is not None:
        pieces = [np.ravel(to_begin)] + pieces
    if to_end is not None:
        pieces = pieces + [np.ravel(to_end)]
    return np.concatenate(pieces)


@composed(np.matvec, family="linear algebra")
def matvec(x1, x2, /):
    """Real matrices times vectors over the last axes (broadcast over the others)."""
    return np.sum(x1 * np.expand_dims(x2, -2), axis=-1)


@composed(np.vecmat, family="linear algebra")
def vecmat(x1, x2, /):
    """Real vectors times matrices over the last axes (broadcast over the others)."""
    return np.sum(np.expand_dims(x1, -1) * x2, axis=-2)


@composed(np.vander, family="linear algebra")
def vander(x, N=None, increasing=False):
    """Running products of ``x`` (exact at 0, where a power rule would divide by it)."""
    n = np.shape(x)[0] if N is None else N
    column = x[:, np.newaxis]
    repeated = np.concatenate([np.ones_like(column), np.repeat(column, max(n - 1, 0), axis=1)], axis=1)
    powers = np.cumprod(repeated, axis=1)[:, :n]
    return powers if increasing else powers[:, ::-1]
