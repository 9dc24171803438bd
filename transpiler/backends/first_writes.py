"""Adjoint buffers filled region by region: the first write into each region stored, not added to
zeros; the zeros not made at all where the writes cover the buffer.

The adjoint of ``x[index]`` for an array of known shape is added in place into a buffer of zeros
(ad/adjoints.py), one region per slice read: the gates of a GRU sliced from one product,
``a[:, :H]``, ``a[:, H:2 * H]``, ``a[:, 2 * H:]``, get::

    d_a = np.zeros((16, 96))                d_a = np.empty((16, 96))
    d_a[:, 64:] += d_n              ->      d_a[:, 64:] = d_n
    d_a[:, 32:64] += d_r                    d_a[:, 32:64] = d_r
    d_a[:, :32] += d_z                      d_a[:, :32] = d_z

``d_a[s] += v`` reads the region, adds and writes it back (three NumPy calls); where the region is
still zero (no write since the zeros touched it) ``d_a[s] = v`` stores the same numbers in one.
Where every element is stored so before anything else reads or writes the buffer, its zeros are
never read: ``np.empty``. Only constant basic indices (numbers, slices, ``None``, ``...``) of a
buffer of constant shape, followed in one block up to the first other statement naming the
buffer; the regions are worked out on a mask of the buffer's shape, so overlapping slices, steps
and negative bounds are told exactly. (The code calls run: nothing transforms it again.)
"""
from __future__ import annotations

import ast

import numpy as np

from ..ad.derivative import Derivative
from ..ir.code import name_nodes

_LARGEST_MASK = 1 << 20        # elements: a buffer larger than this is left as it is


def store_first_writes(d: Derivative) -> None:
    d.body = _block(d.body)


def _block(stmts: list) -> list:
    out = [_nested(s) for s in stmts]
    for i, stmt in enumerate(out):
        made = _zeros_made(stmt)
        if made is not None:
            _rewrite_writes_after(out, i, *made)
    return out


def _nested(stmt: ast.stmt) -> ast.stmt:
    for field in ("body", "orelse", "finalbody"):
        block = getattr(stmt, field, None)
        if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
            setattr(stmt, field, _block(block))
    return stmt


def _zeros_made(stmt: ast.stmt) -> tuple[str, tuple] | None:
    """(name, shape) of ``name = np.zeros(shape)`` (``dtype=`` too) with a constant shape."""
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)):
        return None
    call = stmt.value
    if not (isinstance(call, ast.Call) and ast.unparse(call.func) == "np.zeros" and len(call.args) == 1
            and all(k.arg == "dtype" for k in call.keywords)):
        return None
    try:
        shape = ast.literal_eval(call.args[0])
    except ValueError:
        return None
    shape = (shape,) if type(shape) is int else shape
    if not (isinstance(shape, tuple) and all(type(n) is int and n >= 0 for n in shape)
            and int(np.prod(shape)) <= _LARGEST_MASK):
        return None
    return stmt.targets[0].id, shape


def _rewrite_writes_after(stmts: list, made_at: int, name: str, shape: tuple) -> None:
    """Turn each ``name[index] += v`` after ``stmts[made_at]`` into ``name[index] = v`` while its
    region is still untouched, up to the first other statement naming ``name``; ``np.empty``
    where those stores cover the buffer."""
    written = np.zeros(shape, dtype=bool)
    stored: list[int] = []
    all_stored = True
    for j in range(made_at + 1, len(stmts)):
        stmt = stmts[j]
        region = _region_added(stmt, name, written)
        if region is None:
            if any(n.id == name for n in name_nodes(stmt)):
                break
            continue
        if isinstance(stmt.op, ast.Add) and not written[region].any():
            stored.append(j)
        else:
            all_stored = False          # (``-=``, or a region written before: added as it was)
        written[region] = True
    for j in stored:
        stmt = stmts[j]
        stmts[j] = ast.copy_location(ast.Assign(targets=[ast.Subscript(
            value=stmt.target.value, slice=stmt.target.slice, ctx=ast.Store())], value=stmt.value), stmt)
    if stored and all_stored and written.all():
        zeros = stmts[made_at].value
        stmts[made_at].value = ast.copy_location(ast.Call(func=ast.Attribute(
            value=ast.Name(id="np", ctx=ast.Load()), attr="empty", ctx=ast.Load()), args=zeros.args,
            keywords=zeros.keywords), zeros)


def _region_added(stmt: ast.stmt, name: str, mask: np.ndarray):
    """The index of ``name[index] += v`` / ``-=`` (``v`` not reading ``name``), as a value that
    indexes ``mask``; None for any other statement or an index that is not constant and basic."""
    if not (isinstance(stmt, ast.AugAssign) and isinstance(stmt.op, (ast.Add, ast.Sub))
            and isinstance(stmt.target, ast.Subscript) and isinstance(stmt.target.value, ast.Name)
            and stmt.target.value.id == name) or any(n.id == name for n in name_nodes(stmt.value)):
        return None
    index = _basic_index(stmt.target.slice)
    if index is None:
        return None
    try:
        mask[index]
    except (IndexError, TypeError, ValueError):
        return None
    return index


def _basic_index(node: ast.expr):
    """The value of a constant basic index: an int, ``None``, ``...``, a slice of constant bounds,
    or a tuple of those; None for anything else (an array, a name: an index this pass cannot
    place). (``None`` as a part is returned as ``np.newaxis``, which is ``None``; a whole index
    of ``None`` alone is refused.)"""
    parts = node.elts if isinstance(node, ast.Tuple) else [node]
    values = []
    for part in parts:
        if isinstance(part, ast.Slice):
            bounds = [_constant_int(b) for b in (part.lower, part.upper, part.step)]
            if any(b is _NOT for b in bounds):
                return None
            values.append(slice(*bounds))
        else:
            value = _constant_int(part)
            if value is _NOT or (value is None and not isinstance(node, ast.Tuple)):
                return None
            values.append(value)
    return tuple(values) if isinstance(node, ast.Tuple) else values[0]


_NOT = object()


def _constant_int(node: ast.expr | None):
    """An int, ``None`` (an absent bound too) or ``...`` written as a constant; ``_NOT`` otherwise."""
    if node is None:
        return None
    try:
        value = ast.literal_eval(node)
    except ValueError:
        return _NOT
    return value if type(value) is int or value is None or value is Ellipsis else _NOT
