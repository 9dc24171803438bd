"""``np.ravel(x, order=...)``, ``x.ravel("F")``, ``x.flatten(order="K")``: the order must be a
constant. "C" is ``np.ravel(x)``; "F", "K" and "A" are ``ravel_in_order(x, order)``
(primitives/shape.py), which takes "K" and "A" (memory order) only for arrays of at most one
dimension, where every layout gives the same order as "C" (t-SNE's ``np.ravel(PQd[i], order="K")``
of a row)."""
from __future__ import annotations

import ast

import numpy as np

from .. import primitives as rules
from ..ir import Const
from ..primitives import shape

ORDERS = ("C", "F", "A", "K")


def is_ordered_ravel(callee, node: ast.Call, n_receiver: int = 0) -> bool:
    """A call of ``np.ravel`` given its order (``n_receiver``: 1 for the method spelling, whose
    array is not among ``node.args``)."""
    return callee is np.ravel and (len(node.args) + n_receiver > 1 or any(k.arg == "order" for k in node.keywords))


def lowered_ravel(lowering, node: ast.Call, x: ast.expr, rest: list, name: str | None):
    """``np.ravel(x, *rest, **node.keywords)`` lowered (``rest``: the positional arguments after
    the array)."""
    given = {k.arg: k.value for k in node.keywords}
    if len(rest) > 1 or set(given) - {"order"} or (rest and given):
        lowering._unsupported(node, f"`{ast.unparse(node.func)}` called this way", "call it as np.ravel(a, order='C')")
    written = rest[0] if rest else given["order"]
    order = written.value if isinstance(written, ast.Constant) else None
    if order not in ORDERS:
        lowering._unsupported(written, f"the order `{ast.unparse(written)}` of `{ast.unparse(node.func)}`",
                              "write one of the constants 'C', 'F', 'A' or 'K'")
    array = lowering._expr(x)
    if order == "C":
        return lowering._apply(node, rules.lookup(np.ravel), (array,), (), name)
    return lowering._apply(node, rules.lookup(shape.ravel_in_order), (array, Const(order)), (), name)
