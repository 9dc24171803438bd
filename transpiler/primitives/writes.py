"""NumPy functions that write into an array in place (``np.fill_diagonal``, ``np.put``,
``np.place``, ``np.put_along_axis``), called as statements on a local array: each is the
index assignment it performs, ``a[positions] = values``, lowered as the frontend lowers
``a[i] = v`` (a copy with the elements written; views of ``a`` see it as NumPy's do).
``np.add.at(a, indices, b)`` adds at repeated positions once per occurrence, which no
assignment does: it is the primitive ``added_at`` (``a`` rebound to its value).

Two functions per NumPy function: its ``positions`` (of the call's arguments), a tuple of
integer arrays (NumPy's own function run on element positions, by a helper with no
derivative), and its ``values`` (of the positions, then the call's arguments): the written
values, cycled or broadcast as NumPy does (``np.resize``, ``np.broadcast_to``: differentiable
in the values written).
"""
import ast

import numpy as np

from .registry import nondifferentiable, vjp_rule
from .runtime import helper, unbroadcast

# NumPy function -> the Python functions giving the positions it writes (of its own arguments)
# and the values (of the positions, then its arguments); see in_place_write.
IN_PLACE: dict = {}


def writes(*keys, positions):
    def register(values):
        for key in keys:
            IN_PLACE[key] = (positions, values)
        return values
    return register


def in_place_write(obj):
    """The functions giving the positions and the values ``obj`` (a NumPy function) writes
    (two: the positions carry no derivative, the values may), or None."""
    try:
        return IN_PLACE.get(obj)
    except TypeError:      # unhashable objects are never NumPy functions
        return None


@helper()
def diagonal_positions(shape, wrap):
    """The positions ``np.fill_diagonal`` writes in an array shaped ``shape``."""
    if len(shape) == 2:
        step, end = shape[1] + 1, None if wrap else shape[1] * shape[1]
    else:
        step, end = 1 + int(np.sum(np.cumprod(shape[:-1]))), None
    return np.unravel_index(np.arange(int(np.prod(shape)))[:end:step], shape)


@helper()
def flat_positions(shape, ind, mode):
    """The positions ``np.put(a, ind, v, mode)`` writes in an array shaped ``shape``."""
    flat = np.take(np.arange(int(np.prod(shape))), np.ravel(ind), mode=mode)
    return np.unravel_index(flat, shape)


@helper()
def along_axis_positions(shape, indices, axis):
    """The positions ``np.put_along_axis(a, indices, v, axis)`` writes in an array shaped ``shape``."""
    where = np.take_along_axis(np.reshape(np.arange(int(np.prod(shape))), shape), indices, axis)
    return np.unravel_index(where, shape)


nondifferentiable(diagonal_positions, flat_positions, along_axis_positions, family="runtime helpers",
                  shape_rule=None)


def fill_diagonal_positions(a, val, wrap=False):
    return diagonal_positions(np.shape(a), wrap)


def put_positions(a, ind, v, mode="raise"):
    return flat_positions(np.shape(a), ind, mode)


def place_positions(arr, mask, vals):
    # a boolean mask of arr's shape, not np.nonzero's integer arrays: those cannot index a 0-d
    # array (np.place(out, n != x.sum(-1), -np.inf) on a scalar `out`, scipy's logpmf)
    return (np.reshape(np.asarray(mask, dtype=bool), np.shape(arr)),)


def put_along_axis_positions(arr, indices, values, axis):
    return along_axis_positions(np.shape(arr), indices, axis)


@writes(np.fill_diagonal, positions=fill_diagonal_positions)
def fill_diagonal(where, a, val, wrap=False):
    return np.resize(val, np.shape(where[0]))


@writes(np.put, positions=put_positions)
def put(where, a, ind, v, mode="raise"):
    return np.resize(v, np.shape(where[0]))


@writes(np.place, positions=place_positions)
def place(where, arr, mask, vals):
    return np.resize(vals, np.count_nonzero(where[0]))


@writes(np.put_along_axis, positions=put_along_axis_positions)
def put_along_axis(where, arr, indices, values, axis):
    return np.broadcast_to(values, np.shape(where[0]))


@helper()
def added_at(a, indices, b):
    """``np.add.at(a, indices, b)`` on a copy of ``a`` (each occurrence of a position adds)."""
    out = np.array(a, dtype=np.result_type(a, b, 1.0))
    np.add.at(out, indices, b)
    return out


@vjp_rule(added_at, family="indexing", linear="joint")
def added_at_rule(d_y, y, a, indices, b):
    return d_y, None, unbroadcast(np.asarray(d_y)[indices], b)


ADD_AT = np.add.at


def written_name(node) -> str | None:
    """The name ``np.put(a, ...)`` (any spelling ending in a writer's name) writes, judged by
    its spelling alone: for code that must know before lowering which names a loop rebinds."""
    if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Name)):
        return None
    spelled = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
    return node.args[0].id if spelled in {key.__name__ for key in IN_PLACE} | {"at"} else None
