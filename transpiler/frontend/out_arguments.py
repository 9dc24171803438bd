"""NumPy's ``out=`` on elementwise calls: ``np.sqrt(a, out=b)``, ``np.clip(g, -5, 5, out=g)``,
``np.add(x, 1, x)`` are the writes into ``b`` that NumPy makes, with their aliasing checks; so are
``np.copyto(dst, src)`` and ``np.add.at(a, indices, b)``."""
from __future__ import annotations

import ast
import copy

import numpy as np

from ..ir import Atom
from ..primitives import in_place, writes
from .values import PythonFunction


def into_out(lowering, node: ast.Call, arity: int) -> Atom:
    """``np.sqrt(a, out=b)`` (or ``np.sqrt(a, b)``): ``b[...] = np.sqrt(a)``, the write into
    ``b`` that NumPy makes, with its checks (a view of ``b`` read after it: aliasing.py); the
    value is ``b``."""
    out = out_of(node, arity)
    if not (isinstance(out, ast.Name) and out.id in lowering.env):
        lowering._unsupported(node, f"`{ast.unparse(node.func)}` writing into `{ast.unparse(out)}`",
                              "write into a name local to the function (out=b), or assign the result")
    call = ast.copy_location(ast.Call(func=node.func, args=node.args[:arity],
                                      keywords=[k for k in node.keywords if k.arg != "out"]), node)
    whole = ast.copy_location(ast.Subscript(value=ast.Name(id=out.id, ctx=ast.Load()),
                                            slice=ast.Constant(Ellipsis), ctx=ast.Store()), node)
    with lowering._holding() as hold:       # (NumPy's shape and casting rules for `out`)
        lowering._assign(whole, checked(hold, in_place.in_place_result, call, out, node))
    return lowering._load(ast.copy_location(ast.Name(id=out.id, ctx=ast.Load()), node))


def out_of(node: ast.Call, arity: int, ufunc: bool = True) -> ast.expr | None:
    """An elementwise call's ``out`` array: ``out=`` (a name or a one-element tuple), or for a
    ufunc a positional argument after its inputs; None without one."""
    if ufunc and len(node.args) == arity + 1 and not any(isinstance(a, ast.Starred) for a in node.args):
        return node.args[arity]
    for keyword in node.keywords:
        if keyword.arg == "out" and not (isinstance(keyword.value, ast.Constant) and keyword.value.value is None):
            value = keyword.value                # (out=None: a new array, NumPy's default)
            return value.elts[0] if isinstance(value, ast.Tuple) and len(value.elts) == 1 else value
    return None


def copied_into(lowering, node: ast.Call) -> bool:
    """``np.copyto(dst, src)``, ``dst`` a name of the function, an attribute of one or an item
    (``M[t]``): the write ``dst[...] = src`` it makes (broadcast as NumPy does; with ``where=w``,
    ``dst[...] = np.where(w, src, dst)``), so a helper given ``dst`` writes into its caller's
    array as any write does (helper_results.py). False where the call is not one (``casting=``
    other than the default: left to the call's own path)."""
    keywords = {k.arg: k.value for k in node.keywords}
    root = node.args[0] if node.args else None
    while isinstance(root, (ast.Subscript, ast.Attribute)):
        root = root.value
    if len(node.args) != 2 or not isinstance(root, ast.Name) or root.id not in lowering.env \
            or not set(keywords) <= {"where", "casting"} or any(isinstance(a, ast.Starred) for a in node.args) \
            or "casting" in keywords and not (isinstance(keywords["casting"], ast.Constant)
                                              and keywords["casting"].value == "same_kind"):
        return False
    dst, value = node.args
    with lowering._holding() as hold:
        if "where" in keywords:
            where = lowering._numpy_function(hold, node)(np.where)
            value = ast.Call(func=where, args=[keywords["where"], value, _loaded(dst)], keywords=[])
        value = checked(hold, in_place.same_kind_cast, value, dst, node)     # (a float into an int array raises)
        whole = ast.Subscript(value=_loaded(dst), slice=ast.Constant(Ellipsis), ctx=ast.Store())
        lowering._assign(ast.fix_missing_locations(ast.copy_location(whole, node)),
                         ast.fix_missing_locations(ast.copy_location(value, node)))
    return True


_NEGATED = {writes.ADD_AT: False, np.subtract.at: True}


def lowered_ufunc_at(lowering, node: ast.Call, callee) -> bool:
    """``np.add.at(a, indices, b)`` or ``np.subtract.at(...)`` (unbuffered: a position given
    twice adds twice) on a name of the function, an attribute of one or an entry: the write
    ``a[...] = added_at(a, indices, b)`` it makes (``-b`` for ``subtract``; primitives/writes.py:
    the sum on a copy), so other names for ``a``'s memory and containers holding it follow as
    after any write into ``a`` (``np.add.at(self.dW, idx, dout)`` in a layer's backward). In an
    expression its value is None, as NumPy's. Before, these forms (a name's aside:
    statements.py ``_added_at``) were refused as calls for their effect, and
    ``r = np.add.at(out, idx, v)`` as a function without a derivative rule. False for any other call."""
    negated = next((sign for method, sign in _NEGATED.items() if callee == method), None)
    root = node.args[0] if node.args else None
    while isinstance(root, (ast.Subscript, ast.Attribute)):
        root = root.value
    if negated is None or len(node.args) != 3 or node.keywords or not isinstance(root, ast.Name) \
            or root.id not in lowering.env:
        return False
    target, indices, values = node.args
    if negated:
        values = ast.UnaryOp(op=ast.USub(), operand=values)
    with lowering._holding() as hold:
        added = hold(PythonFunction(writes.added_at, "added_at"), node)
        total = ast.Call(func=added, args=[_loaded(target), indices, values], keywords=[])
        whole = ast.Subscript(value=_loaded(target), slice=ast.Constant(Ellipsis), ctx=ast.Store())
        lowering._assign(ast.fix_missing_locations(ast.copy_location(whole, node)),
                         ast.fix_missing_locations(ast.copy_location(total, node)))
    return True


def checked(hold, helper, value: ast.expr, into: ast.expr, node: ast.AST) -> ast.expr:
    """``helper(value, into)``: ``value`` checked against (and cast to) the array ``into`` it is
    written into by NumPy's rules for in-place results (primitives/in_place.py). ``hold``: a
    ``_holding()`` of the lowering."""
    func = hold(PythonFunction(helper, helper.__name__), node)
    return ast.fix_missing_locations(ast.copy_location(ast.Call(func=func, args=[value, _loaded(into)], keywords=[]),
                                                       node))


def _loaded(node: ast.expr) -> ast.expr:
    """``node`` (read again, so a copy) in a load context."""
    node = copy.deepcopy(node)
    node.ctx = ast.Load()
    return node
