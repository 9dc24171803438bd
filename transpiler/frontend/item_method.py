"""``x.item()``, ``x.item(k)``, ``x.item(i, j)``: the number an array's element holds, as
``float`` of it (a derivative flows through, as through ``float(x[0])``)."""
from __future__ import annotations

import ast

import numpy as np

from .. import primitives as rules


def lowered_item(lowering, node: ast.Call, name: str | None):
    """``x.item()`` of a one-element array of any shape (``(b.T @ b).item()`` of a 1x1 matrix)
    is ``float(np.reshape(x, ()))``: ``float`` alone takes only 0-d arrays. ``x.item(k)`` is
    the k-th element in C order (``float(x.ravel()[k])``), ``x.item(i, j)`` and
    ``x.item((i, j))`` the element ``x[i, j]``."""
    if node.args:
        return lowering._apply(node, rules.lookup(float), (lowering._expr(_item_subscript(node)),), (), name)
    shape = ast.copy_location(ast.Tuple(elts=[], ctx=ast.Load()), node)
    reshaped = lowering._apply(node, rules.lookup(np.reshape),
                               (lowering._expr(node.func.value), lowering._arg(shape)), (), None)
    return lowering._apply(node, rules.lookup(float), (reshaped,), (), name)


def _item_subscript(node: ast.Call) -> ast.Subscript:
    """The subscript ``x.item(...)`` reads: ``x.ravel()[k]`` for one index, ``x[i, j]`` otherwise."""
    receiver, args = node.func.value, node.args
    if len(args) == 1 and not isinstance(args[0], ast.Tuple):
        receiver = ast.Call(func=ast.Attribute(value=receiver, attr="ravel", ctx=ast.Load()), args=[], keywords=[])
        index = args[0]
    else:
        index = args[0] if len(args) == 1 else ast.Tuple(elts=list(args), ctx=ast.Load())
    subscript = ast.Subscript(value=receiver, slice=index, ctx=ast.Load())
    return ast.fix_missing_locations(ast.copy_location(subscript, node))
