"""``np.ravel(x, order=...)``, ``x.ravel("F")``, ``x.flatten(order="K")``: the order must be a
constant. "C" is ``np.ravel(x)``; "F" is ``ravel_in_order(x, "F")``; "K" and "A" (memory order)
are ``ravel_in_order(x, memory_order(x, order))`` (primitives/shape.py): the order is decided from
the primal array when the code runs, so its tangents and adjoints, whose layouts may differ, are read
in that same order (t-SNE's ``np.ravel(PQd[i], order="K")`` of a row, scikit-learn's
``squared_norm``'s ``np.ravel(x, order="K")`` of a matrix).

``x.reshape(2, -1, order="F")`` is ``np.reshape(x, (2, -1), order="F")``: the composition
``reshape_in_order`` (primitives/numpy_compositions.py), as the function spelling is.

``x.flatten(...)`` has ``x.ravel(...)``'s values but is always a new array, where a ravel may be
a view of ``x``: ``A = x.flatten(); A[0] = 0.0`` leaves ``x`` as it was. The generated code never
writes into an array, so no copy is made: the ravel's value gets a name of its own, whose memory
is its own to the lowering (:func:`flattened`)."""
from __future__ import annotations

import ast

import numpy as np

from .. import primitives as rules
from ..ir import Const, Copy, Var
from ..primitives import numpy_compositions, shape

ORDERS = ("C", "F", "A", "K")


def is_ordered_ravel(callee, node: ast.Call, n_receiver: int = 0) -> bool:
    """A call of ``np.ravel`` given its order (``n_receiver``: 1 for the method spelling, whose
    array is not among ``node.args``)."""
    return callee is np.ravel and (len(node.args) + n_receiver > 1 or any(k.arg == "order" for k in node.keywords))


def ordered_method(lowering, node: ast.Call, callee, name: str | None):
    """``x.ravel("F")``, ``x.reshape(2, 3, order="F")`` lowered (``callee``: the NumPy function
    the method spells); None for a method call given no order."""
    if is_ordered_ravel(callee, node, n_receiver=1):
        return lowered_ravel(lowering, node, node.func.value, node.args, name)
    if callee is not np.reshape or not any(k.arg == "order" for k in node.keywords) or not node.args:
        return None
    shape_given = node.args[0] if len(node.args) == 1 else ast.copy_location(ast.Tuple(elts=node.args, ctx=ast.Load()),
                                                                             node)
    call = ast.copy_location(ast.Call(func=node.func, args=[node.func.value, shape_given], keywords=node.keywords), node)
    return lowering._inline(call, numpy_compositions.reshape_in_order, static=True)


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
    resolved = Const(order) if order == "F" else \
        lowering._apply(node, rules.lookup(shape.memory_order), (array, Const(order)), (), None)
    return lowering._apply(node, rules.lookup(shape.ravel_in_order), (array, resolved), (), name)


def as_ravel(node: ast.Call) -> ast.Call:
    """``x.flatten(...)`` spelled ``x.ravel(...)``: the same values."""
    func = ast.copy_location(ast.Attribute(value=node.func.value, attr="ravel", ctx=ast.Load()), node.func)
    return ast.copy_location(ast.Call(func=func, args=node.args, keywords=node.keywords), node)


def flattened(lowering, node: ast.Call, raveled, name: str | None) -> Var:
    """``x.flatten(...)``: the value ``raveled()`` lowers, as a new array (the module's docstring)."""
    value = raveled()
    fresh = Var(lowering.names.fresh(name, own=name in lowering.user_names) if name else lowering.names.temp())
    lowering.body.append(Copy(fresh, value, lowering.parsed.location(node)))
    lowering.storage[fresh] = frozenset({fresh})
    lowering._older_than(fresh)          # (in a loop, a new array each iteration)
    lowering.allocated.add(fresh)        # (its rows share no memory: rows.py)
    lowering.never_none.add(fresh)
    return fresh
