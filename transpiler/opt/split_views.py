"""``np.split`` into pieces of known shape, read by index, as slices: ``parts = np.split(a, 3,
axis=1); parts[2]`` is ``a[:, 64:96]`` (a pass on the code a call runs, where shapes are known).

``np.split`` is Python (``array_split``: a list, ``swapaxes`` per piece), 10 to 50 times the cost
of a slice: a GRU's gates split from one product twice a step, and its reverse loop splits again
to read one piece. The pieces are views of the array either way, so the slices are the same
values, aliasing alike; the array is bound to the name the pieces had (``parts = a``), whose
slices the in-place pass sees as views. Only a split into equal pieces by a literal count along a
literal axis, bound once, every read of it an index by a literal; its shape known (the array's,
or a piece's).
"""
from __future__ import annotations

import ast

from ..ir.code import name_counts


def split_as_slices(stmts: list, shapes: dict) -> list:
    """``stmts`` with each qualifying ``np.split`` bound to the array it splits and its indexed
    pieces read as slices of it."""
    stores = name_counts(stmts, ast.Store)
    splits: dict = {}
    for node in _assignments(stmts):
        found = _split(node)
        if found is not None:
            splits.setdefault(node.targets[0].id, []).append((node, *found))
    # (a name bound more than once, the forward loop's split and the reverse loop's: every
    # binding a split alike, each read one of them)
    splits = {name: found for name, found in splits.items() if len(found) == stores.get(name)
              and len({(count, axis) for _, _, count, axis in found}) == 1}
    if not splits:
        return stmts
    reads, bound = _reads(stmts, set(splits))
    for name, found in splits.items():
        pieces = reads.get(name)
        if not pieces or any(index is None for index, _ in pieces):
            continue            # (read other than by a literal index)
        _, _, count, axis = found[0]
        shapes_found = {_array_shape(array, pieces, count, axis, shapes, bound) for _, array, _, _ in found}
        if len(shapes_found) != 1 or None in shapes_found:
            continue
        shape = shapes_found.pop()
        axis %= len(shape)
        width = shape[axis] // count
        for node, array, _, _ in found:
            node.value = array
        for index, subscript in pieces:
            index %= count
            subscript.slice = _along(axis, index * width, (index + 1) * width)
    return stmts


def _assignments(stmts: list):
    for stmt in stmts:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                yield node


def _split(node: ast.Assign):
    """(array, count, axis) for ``np.split(array, count, axis=axis)`` with literal count and axis."""
    call = node.value
    if not (isinstance(call, ast.Call) and ast.unparse(call.func) == "np.split" and 2 <= len(call.args) <= 3):
        return None
    keywords = {k.arg: k.value for k in call.keywords}
    if set(keywords) - {"axis"} or (len(call.args) == 3 and keywords):
        return None
    count = _integer(call.args[1])
    axis = _integer(call.args[2] if len(call.args) == 3 else keywords.get("axis", ast.Constant(value=0)))
    if count is None or axis is None or count <= 0:
        return None
    return call.args[0], count, axis


def _reads(stmts: list, names: set) -> tuple[dict, dict]:
    """(name -> [(literal index or None, the Subscript or Name node)] for each read of it,
    id of a Subscript node -> the name it is bound to where it is an assignment's whole value)."""
    found: dict = {}
    indexed, bound = set(), {}
    for stmt in stmts:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id in names:
                index = _integer(node.slice) if isinstance(node.ctx, ast.Load) else None   # (`p[0] = x`: no)
                found.setdefault(node.value.id, []).append((index, node))
                indexed.add(id(node.value))
            elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                bound[id(node.value)] = node.targets[0].id
    for stmt in stmts:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Name) and node.id in names and isinstance(node.ctx, ast.Load) \
                    and id(node) not in indexed:
                found.setdefault(node.id, []).append((None, node))
    return found, bound


def _array_shape(array, pieces: list, count: int, axis: int, shapes: dict, bound: dict):
    """The split array's shape: its own where it is a name of known shape, else a piece's (one
    bound to a name of known shape) with ``count`` times its length along ``axis``."""
    shape = None
    if isinstance(array, ast.Name) and shapes.get(array.id) is not None:
        shape = tuple(shapes[array.id])
    else:
        for _, subscript in pieces:
            piece = shapes.get(bound.get(id(subscript)))
            if piece is not None and len(piece) > 0 and -len(piece) <= axis < len(piece):
                piece = tuple(piece)
                shape = piece[:axis % len(piece)] + (piece[axis] * count,) + piece[axis % len(piece) + 1:]
                break
    if shape is None or not shape or not -len(shape) <= axis < len(shape) or shape[axis] % count:
        return None
    return shape


def _along(axis: int, start: int, stop: int):
    full = [ast.Slice(lower=None, upper=None, step=None) for _ in range(axis)]
    piece = ast.Slice(lower=ast.Constant(value=start), upper=ast.Constant(value=stop), step=None)
    return ast.Tuple(elts=[*full, piece], ctx=ast.Load()) if full else piece


def _integer(node) -> int | None:
    """The value of an integer literal (``-1`` too), else None."""
    sign = 1
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node, sign = node.operand, -1
    return sign * node.value if isinstance(node, ast.Constant) and type(node.value) is int else None
