"""The adjoint of a reduction broadcast back where the shapes are known: no runtime helper.

``unreduce(g, x, axis, keepdims)`` (primitives/runtime.py) puts the reduced axis back into
``g`` and broadcasts it to ``x``'s shape; it asks NumPy for the shapes and builds the axes as a
tuple on every call, some 15-35 µs, as much as the arithmetic on a 2000×5 array. Where ``x``'s
shape and the axis are known (the code a call runs), this pass writes it out:

* ``d = unreduce(g, x, 1, False)`` read only by arithmetic with arrays of ``x``'s shape
  (``d * e``): ``d = g[:, None]``, a view; NumPy's broadcasting in ``d * e`` does the rest;
* anywhere else: ``np.broadcast_to(g[:, None], (2000, 5))``, the helper's own result.

The values are the helper's: the same elements, broadcast the same way.
"""
from __future__ import annotations

import ast

from ..ad.derivative import Derivative
from ..ir.code import load, loads_with_parents

_ELEMENTWISE = (ast.Add, ast.Sub, ast.Mult, ast.Div)


def write_out_unreduce(d: Derivative) -> None:
    shapes = {name: shape for name, shape in {**d.param_shapes, **d.shapes}.items()
              if isinstance(shape, tuple) and all(type(n) is int for n in shape)}
    rewritten = {stmt.targets[0].id for stmt in d.body if isinstance(stmt, ast.Assign)
                 and isinstance(stmt.targets[0], ast.Name) and isinstance(stmt.value, ast.Call)
                 and isinstance(stmt.value.func, ast.Name) and stmt.value.func.id == "unreduce"}
    consumers = _broadcasting_reads(d.body, {n: s for n, s in shapes.items() if n not in rewritten})
    body = []
    for stmt in d.body:                    # straight-line assignments of the function's own body
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            written = _written_out(stmt.value, shapes, consumers.get(stmt.targets[0].id))
            if written is not None:        # (a new statement: the old one may be shared)
                stmt = ast.Assign(targets=stmt.targets, value=written, type_comment=None)
        body.append(stmt)
    d.body = body


def _written_out(value: ast.expr, shapes: dict, broadcast_by: tuple | None) -> ast.expr | None:
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "unreduce"
            and len(value.args) == 4 and not value.keywords and isinstance(value.args[1], ast.Name)):
        return None
    g, x, axis, keepdims = value.args
    shape = shapes.get(x.id)
    if shape is None or not isinstance(keepdims, ast.Constant) or keepdims.value not in (True, False):
        return None
    axis_value = _integer(axis)
    if isinstance(axis, ast.Constant) and axis.value is None or keepdims.value or len(shape) == 1:
        expanded = g                       # (a vector reduced along its axis: a number, maybe a float)
    elif axis_value is not None and shape and -len(shape) <= axis_value < len(shape):
        k = axis_value % len(shape)
        index = [ast.Slice() for _ in range(k)] + [ast.Constant(None)]
        expanded = ast.Subscript(value=g, slice=ast.Tuple(elts=index, ctx=ast.Load()) if k else index[0],
                                 ctx=ast.Load())
    else:
        return None                        # an axis tuple, or an axis the shape does not have
    if broadcast_by == shape:
        return expanded
    return ast.Call(func=ast.Attribute(value=load("np"), attr="broadcast_to", ctx=ast.Load()),
                    args=[expanded, ast.Tuple(elts=[ast.Constant(n) for n in shape], ctx=ast.Load())],
                    keywords=[])


def _integer(node: ast.expr) -> int | None:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _integer(node.operand)
        return None if inner is None else -inner
    return node.value if isinstance(node, ast.Constant) and type(node.value) is int else None


def _broadcasting_reads(body: list, shapes: dict) -> dict[str, tuple | None]:
    """name -> the shape every read of it is broadcast against (the other operand of ``+ - * /``,
    a name of that shape in ``shapes``, not itself), or None where some read is anything else.
    (Each read is seen from its parent: the generated code may share one Name node between
    places, so a node does not know its parent.)"""
    found: dict[str, tuple | None] = {}
    for parent, child in loads_with_parents(body):
        other = None
        if isinstance(parent, ast.BinOp) and isinstance(parent.op, _ELEMENTWISE):
            other = parent.right if parent.left is child else parent.left
        against = shapes.get(other.id) if isinstance(other, ast.Name) and other.id != child.id else None
        if child.id in found and found[child.id] != against:
            against = None
        found[child.id] = against
    return found
