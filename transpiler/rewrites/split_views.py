"""Rewrite ``split_views``: ``np.split`` into pieces of known shape, read by index, as slices: ``parts = np.split(a, 3,
axis=1); parts[2]`` is ``a[:, 64:96]`` (a pass on the reverse sweep's IR, for calls: where shapes
are known).

``np.split`` is Python (``array_split``: a list, ``swapaxes`` per piece), 10 to 50 times the cost
of a slice: a GRU's gates split from one product twice a step, and its reverse loop splits again
to read one piece. The pieces are views of the array either way, so the slices are the same
values, aliasing alike; the name the pieces had is bound to the array (a copy, which the copy
passes merge), and each piece read is a slice of it. Only a split into equal pieces by a literal
count along a literal axis, every binding of its name such a split alike (the forward loop's and
the reverse loop's), every read of it an item by a literal index; its shape known (the array's,
or a piece's).
"""
from __future__ import annotations

import ast
import dataclasses

import numpy as np

from ..ir.defuse import def_use
from ..ir.nodes import Assign, Const, Copy, Function, Var, walk, with_blocks_rebuilt
from ..primitives.indexing import subscript_primitive
from ..primitives.registry import spelled_as
from .shapes import known_shapes

NAME = "split_views"
DESCRIPTION = "np.split into equal pieces of known shape, read by literal indices, as slices of the array"


def split_as_slices(fn: Function, named_shapes: dict) -> Function:
    """``fn`` with each qualifying ``np.split`` bound to the array it splits and its pieces read
    as slices of it (``fn`` itself where there is none)."""
    if not any(_split(stmt) is not None for stmt in walk(fn.body)):
        return fn           # (no split: the def-use chains not worked out)
    chains = def_use(fn)
    shapes = None
    slices: dict[int, object] = {}       # id(statement) -> what replaces it
    for name, bindings in chains.definitions.items():
        splits = [_split(stmt) for stmt in bindings]
        if not splits or None in splits or len({(count, axis) for _, count, axis in splits}) != 1:
            continue
        readers = chains.uses.get(name, [])
        indices = [_index(reader, name) for reader in readers]
        if not readers or None in indices:
            continue            # (read other than by a literal index)
        shapes = shapes if shapes is not None else known_shapes(fn, named_shapes)
        _, count, axis = splits[0]
        shape = _split_shape([array for array, _, _ in splits], readers, count, axis, shapes)
        if shape is None:
            continue
        axis %= len(shape)
        width = shape[axis] // count
        for stmt, (array, _, _) in zip(bindings, splits):
            slices[id(stmt)] = Copy(stmt.target, array, stmt.location, rebinds=stmt.rebinds)
        for reader, index in zip(readers, indices):
            index %= count
            piece = subscript_primitive(_along(axis, index * width, (index + 1) * width))
            slices[id(reader)] = Assign(reader.target, piece, (name,), (), reader.location, rebinds=reader.rebinds)
    if not slices:
        return fn
    return _replaced(fn, slices)


def _split(stmt) -> tuple | None:
    """(array, count, axis) for ``np.split(array, count, axis=axis)``, count and axis literals."""
    if not (isinstance(stmt, Assign) and spelled_as(stmt.prim, np.split) and 2 <= len(stmt.args) <= 3):
        return None
    keywords = dict(stmt.kwargs)
    if set(keywords) - {"axis"} or (len(stmt.args) == 3 and keywords):
        return None
    count = stmt.args[1]
    axis = stmt.args[2] if len(stmt.args) == 3 else keywords.get("axis", Const(0))
    if not (isinstance(stmt.args[0], Var) and _integer(count) and _integer(axis) and count.value > 0):
        return None
    return stmt.args[0], count.value, axis.value


def _index(reader, name: Var) -> int | None:
    """The literal index ``reader`` reads ``name`` by (``parts[2]``); None for any other read."""
    if not (isinstance(reader, Assign) and len(reader.args) == 1 and reader.args[0] == name and not reader.kwargs):
        return None
    item = getattr(reader.prim, "item", None)
    return item if type(item) is int else None


def _split_shape(arrays: list, readers: list, count: int, axis: int, shapes: dict) -> tuple | None:
    """The split array's shape, the same for every binding: the arrays' own where known, else a
    piece's with ``count`` times its length along ``axis``; None where unknown or not divisible."""
    found = {_known(shapes.get(array)) for array in arrays}
    if found == {None}:
        found = set()
        for reader in readers:
            piece = _known(shapes.get(reader.target))
            if piece and -len(piece) <= axis < len(piece):
                at = axis % len(piece)
                found.add(piece[:at] + (piece[at] * count,) + piece[at + 1:])
    if len(found) != 1:
        return None
    shape = found.pop()
    if not shape or not -len(shape) <= axis < len(shape) or shape[axis] % count:
        return None
    return shape


def _known(shape) -> tuple | None:
    return tuple(shape) if isinstance(shape, tuple) and all(type(n) is int for n in shape) else None


def _integer(atom) -> bool:
    return isinstance(atom, Const) and type(atom.value) is int


def _along(axis: int, start: int, stop: int) -> ast.expr:
    """The index ``[:, ..., start:stop]`` with ``axis`` full slices first."""
    full = [ast.Slice(lower=None, upper=None, step=None) for _ in range(axis)]
    piece = ast.Slice(lower=ast.Constant(value=start), upper=ast.Constant(value=stop), step=None)
    return ast.Tuple(elts=[*full, piece], ctx=ast.Load()) if full else piece


def _replaced(fn: Function, replacements: dict) -> Function:
    """``fn`` with the statements ``replacements`` names (by id) replaced, at any depth."""
    return dataclasses.replace(fn, body=with_blocks_rebuilt(fn.body, lambda stmt: replacements.get(id(stmt), stmt)))
