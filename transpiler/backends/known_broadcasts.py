"""The adjoint of a reduction broadcast back where the shapes are known: no runtime helper.

``unreduce(g, x, axis, keepdims)`` (primitives/runtime.py) puts the reduced axis back into
``g`` and broadcasts it to ``x``'s shape; it asks NumPy for the shapes and builds the axes as a
tuple on every call, some 15-35 µs, as much as the arithmetic on a 2000×5 array. Where ``x``'s
shape and the axis are known (the code a call runs), this pass on the IR (the NumPy backend's,
after the general passes: it specialises the ``unreduce`` primitive to known shapes) writes it
out:

* ``d = unreduce(g, x, 1, False)`` read only by arithmetic with arrays of ``x``'s shape
  (``d * e``): ``d = g[:, None]``, a view; NumPy's broadcasting in ``d * e`` does the rest;
* anywhere else: ``np.broadcast_to(g[:, None], (2000, 5))``, the helper's own result.

A reader's other operand may be a part printed folded (``0.5 * e + unreduce(-0.5, x, None,
False)``, a KL term's): its shape is then its shape rule's (rewrites/shapes.py), and a number
copied into a part printed folded is read in the part's place (``0.5 * e + -0.5``).

The values are the helper's: the same elements, broadcast the same way. A statement of the
function's own body is rewritten, also a part the backend prints folded into its reader (a mean's
adjoint added to another contribution, ``np.broadcast_to(g * 0.001, (1000,)) + X @ d``: a
helper call per gradient call less); the readers are the IR's: the statements reading ``d``,
whatever the backend prints them as (``np.multiply(d, e, out=...)`` is still ``d * e`` here).
"""
from __future__ import annotations

import ast
import dataclasses

import numpy as np

from ..ir.defuse import def_use
from ..ir.nodes import Assign, Const, Copy, Function, Var
from ..primitives.indexing import subscript_primitive
from ..primitives.registry import lookup
from ..primitives.runtime import unreduce
from ..rewrites.shapes import known_shapes

_ELEMENTWISE = (ast.Add, ast.Sub, ast.Mult, ast.Div)


def write_out_unreduce(fn: Function, named_shapes: dict) -> Function:
    """``fn`` with each ``unreduce`` of a known shape and axis written out (``fn`` where none is)."""
    helper = lookup(unreduce)
    calls = [s for s in fn.body if isinstance(s, Assign) and s.prim is helper]
    if not calls:
        return fn
    shapes = {name: shape for name, shape in named_shapes.items() if _fixed(shape)}
    broadcast = {s.target.name for s in calls}      # (once: not once per name of a known shape)
    against = {n: s for n, s in shapes.items() if n not in broadcast}
    chains = def_use(fn)
    names = fn.names
    folded = set(fn.folded)
    replaced: dict[int, list] = {}
    temporaries = False        # (the shapes of the temporaries read too: worked out where first needed)
    top_level = {id(stmt) for stmt in fn.body}
    numbers: dict[int, dict] = {}              # id(reader) -> {part: the number read in its place}
    for stmt in calls:
        readers = chains.uses.get(stmt.target, [])
        axis, made = _literal(stmt.args[2] if len(stmt.args) == 4 else None, chains, folded)
        called = dataclasses.replace(stmt, args=(*stmt.args[:2], axis, *stmt.args[3:])) if made else stmt
        broadcast_by = _broadcast_against(stmt.target, readers, against)
        if broadcast_by is None and not temporaries:
            temporaries = True          # (a part printed folded, `0.5 * e + unreduce(...)`: its rule's shape)
            against.update((v.name, shape) for v, shape in known_shapes(fn, named_shapes).items()
                           if v.name not in broadcast and v.name not in against and _fixed(shape))
            broadcast_by = _broadcast_against(stmt.target, readers, against)
        written = _written_out(called, shapes, broadcast_by, names, folded)
        if written is not None:
            replaced[id(stmt)] = written
            _reshaped(named_shapes, written[-1], shapes)
            if made is not None:
                replaced[id(made)] = []        # (the axis's own statement, read by the call alone)
            if _number_read_in_place(written, readers, folded, top_level):
                replaced[id(stmt)] = []        # (a part printed folded: the number in its readers)
                for reader in readers:
                    numbers.setdefault(id(reader), {})[stmt.target] = written[0].source
    if not replaced:
        return fn
    body = [_with_numbers(new, numbers) for stmt in fn.body for new in replaced.get(id(stmt), [stmt])]
    return dataclasses.replace(fn, body=body, folded=frozenset(folded))


def _number_read_in_place(written: list, readers: list, folded: set, top_level: set) -> bool:
    """Is ``written`` a copy into a part printed folded of a constant (read by statements of the
    function's own body, where it can stand in the part's place) or of another part printed folded
    (``-0.5``: read by one such statement, so that part is still printed folded into its reader)?"""
    if not (len(written) == 1 and isinstance(written[0], Copy) and written[0].target.name in folded):
        return False
    source = written[0].source
    return (isinstance(source, Const) or source.name in folded and len(readers) == 1) \
        and all(id(reader) in top_level for reader in readers)


def _with_numbers(stmt, numbers: dict):
    """``stmt`` reading the numbers ``numbers`` holds for it in its parts' places."""
    found = numbers.get(id(stmt))
    if found is None:
        return stmt
    return dataclasses.replace(stmt, args=tuple(found.get(a, a) if isinstance(a, Var) else a for a in stmt.args))


def _fixed(shape) -> bool:
    return isinstance(shape, tuple) and all(type(n) is int for n in shape)


def _written_out(stmt: Assign, shapes: dict, broadcast_by: tuple | None, names, folded: set) -> list | None:
    """The statements computing ``stmt``'s ``unreduce`` from the known shape, or None."""
    if len(stmt.args) != 4 or stmt.kwargs or not isinstance(stmt.args[1], Var):
        return None
    g, x, axis, keepdims = stmt.args
    shape = shapes.get(x.name)
    if shape is None or not isinstance(keepdims, Const) or keepdims.value not in (True, False) \
            or not isinstance(axis, Const):
        return None
    target, location = stmt.target, stmt.location
    if axis.value is None or keepdims.value or len(shape) == 1:
        expanded, index = g, None          # (a vector reduced along its axis: a number, maybe a float)
    elif type(axis.value) is int and -len(shape) <= axis.value < len(shape) and isinstance(g, Var):
        k = axis.value % len(shape)
        parts = [ast.Slice() for _ in range(k)] + [ast.Constant(None)]
        expanded, index = None, ast.Tuple(elts=parts, ctx=ast.Load()) if k else parts[0]
    else:
        return None                        # an axis tuple, or an axis the shape does not have
    if broadcast_by == shape:
        if index is None:
            return [Copy(target, expanded, location, rebinds=stmt.rebinds)]
        return [Assign(target, subscript_primitive(index), (g,), (), location, rebinds=stmt.rebinds)]
    before = []
    if index is not None:                  # (printed folded into the broadcast: one expression)
        expanded = Var(names.fresh("_part"))
        folded.add(expanded.name)
        before.append(Assign(expanded, subscript_primitive(index), (g,), (), location))
    return [*before, Assign(target, lookup(np.broadcast_to), (expanded, Const(shape)), (), location,
                            rebinds=stmt.rebinds)]


def _reshaped(named_shapes: dict, written, shapes: dict) -> None:
    """A target written as ``g`` or ``g[:, None]`` (not broadcast) now has that value's shape, not
    ``x``'s: recorded in the transform's shapes, which the backend's in-place pass reads (it must
    never write an array of ``x``'s shape into a number)."""
    target = written.target.name
    if isinstance(written, Copy):
        value = written.source
        named_shapes[target] = () if isinstance(value, Const) else shapes.get(getattr(value, "name", None))
    elif isinstance(written, Assign) and written.prim is not lookup(np.broadcast_to):
        named_shapes[target] = None         # a view g[:, None]: not an array of its own to write into


def _literal(atom, chains, folded: set) -> tuple:
    """(the axis as a constant, the statement computing it that only the call reads, or None): a
    negative axis is a part of its own (``_part = -1``, printed folded into the call)."""
    if not isinstance(atom, Var) or atom.name not in folded or len(chains.uses.get(atom, [])) != 1:
        return atom, None
    made = chains.definitions.get(atom, [])
    if len(made) != 1 or not isinstance(made[0], Assign) or made[0].prim.spelling.unaryop is not ast.USub:
        return atom, None
    (operand,) = made[0].args
    if not (isinstance(operand, Const) and type(operand.value) is int):
        return atom, None
    return Const(-operand.value), made[0]


def _broadcast_against(name: Var, readers: list, shapes: dict) -> tuple | None:
    """The shape every reader of ``name`` broadcasts it against (the other operand of ``+ - * /``,
    a value of that shape in ``shapes``, not ``name`` itself), or None where some reader is
    anything else."""
    found: set = set()
    for reader in readers:
        binop = getattr(getattr(getattr(reader, "prim", None), "spelling", None), "binop", None)
        if not (isinstance(reader, Assign) and binop in _ELEMENTWISE and len(reader.args) == 2 and not reader.kwargs):
            return None
        left, right = reader.args
        other = right if left == name else left
        if other == name or not isinstance(other, Var) or shapes.get(other.name) is None:
            return None
        found.add(shapes[other.name])
    return found.pop() if len(found) == 1 else None

