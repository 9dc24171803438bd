"""Functions that move or copy elements, written as gathers (issue 16): ``np.take``,
``np.take_along_axis``, ``np.delete``, ``np.insert`` ...

Each runs NumPy's own function on the *positions* of its array's elements (``np.arange`` shaped
like the array; a runtime helper, :func:`moved_elements`, that carries no derivative) and reads
the array's elements at the positions that come out: ``np.ravel(a)[positions]``. A gather is
differentiable in both modes (its adjoint scatter-adds, repeated positions accumulating), and so
are its second derivatives, whatever NumPy's function does with its index arguments (``mode=``,
negative or repeated indices, broadcasting), because NumPy itself decides where each element goes.
"""
import numpy as np

from .registry import composed, nondifferentiable
from .runtime import helper

FAMILY = "indexing"


@helper()
def moved_elements(name, shape, *args, **kwargs):
    """``np.<name>`` applied to the flat positions of an array shaped ``shape``: where each
    element of its result comes from."""
    return getattr(np, name)(np.reshape(np.arange(int(np.prod(shape))), shape), *args, **kwargs)


nondifferentiable(moved_elements, family="runtime helpers", shape_rule=None)


@composed(np.take, family=FAMILY)
def take(a, indices, axis=None, *, mode="raise"):
    return np.ravel(a)[moved_elements("take", np.shape(a), indices, axis, mode=mode)]


@helper()
def inserted_elements(shape, obj, values_shape, axis):
    """Where each element of ``np.insert(arr, obj, values, axis)`` comes from, in
    ``concatenate([ravel(arr), ravel(values)])``: the array's positions, the values' after them
    (NumPy broadcasts the values itself)."""
    size = int(np.prod(shape))
    values = size + np.reshape(np.arange(int(np.prod(values_shape))), values_shape)
    return np.insert(np.reshape(np.arange(size), shape), obj, values, axis)


@helper()
def chosen_elements(a, count, shape, mode):
    """Where each element of ``np.choose(a, choices, mode=mode)`` comes from, in the choices
    broadcast to ``shape`` and stacked (choice ``k``'s elements at ``k * size`` on)."""
    size = int(np.prod(shape))
    return np.choose(a, [k * size + np.reshape(np.arange(size), shape) for k in range(count)], mode=mode)


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


nondifferentiable(inserted_elements, chosen_elements, kept_window, family="runtime helpers", shape_rule=None)


@composed(np.take_along_axis, family=FAMILY)
def take_along_axis(arr, indices, axis=-1):
    return np.ravel(arr)[moved_elements("take_along_axis", np.shape(arr), indices, axis)]


@composed(np.delete, family=FAMILY)
def delete(arr, obj, axis=None):
    return np.ravel(arr)[moved_elements("delete", np.shape(arr), obj, axis)]


@composed(np.insert, family=FAMILY)
def insert(arr, obj, values, axis=None):
    sources = np.concatenate([np.ravel(arr), np.ravel(values)])
    return sources[inserted_elements(np.shape(arr), obj, np.shape(values), axis)]


@composed(np.resize, family=FAMILY)
def resize(a, new_shape):
    return np.ravel(a)[moved_elements("resize", np.shape(a), new_shape)]


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
    return stacked[chosen_elements(a, len(choices), shape, mode)]


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
    columns = [np.ones(np.shape(x)) + 0.0 * x] + [x for _ in range(n - 1)]
    powers = np.cumprod(np.stack(columns, axis=1), axis=1)
    return powers if increasing else powers[:, ::-1]
