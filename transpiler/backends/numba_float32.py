"""Python numbers next to float32 arrays, for numba: NumPy's dtype, NumPy's values.

NumPy 2 (NEP 50) converts a Python number to the dtype of the float array it meets:
``0.5 * h`` and ``1 - h * h`` of a float32 ``h`` are float32. numba types the number as a
float64 (or int64) and the result as float64, so a float32 gradient comes out float64, and a
matrix product of that with a float32 array does not compile (numba's ``@`` needs one dtype).

This pass finds the values of the generated code known to be float32 — from the parameters'
dtypes, through arithmetic, elementwise functions, reductions, views and transposes, each name
having one kind wherever it is assigned — and writes each number that meets one in arithmetic
as ``np.float32(c)``: the conversion NumPy makes, so the values are NumPy's. A value whose
dtype it cannot tell (a tape's pop, a helper's result, float64 anywhere in it) keeps its numbers
as written.
"""
from __future__ import annotations

import ast

from ..ad.derivative import Derivative
from ..ir.code import load

F4 = "f4"
_WEAK = "weak"                    # a Python number: takes the dtype of the float array it meets
_SAME_KIND_CALLS = {"exp", "log", "sqrt", "sin", "cos", "tan", "tanh", "sinh", "cosh", "arcsin", "arccos",
                    "arctan", "arcsinh", "expm1", "log1p", "abs", "sign", "square", "sum", "mean", "max", "min",
                    "transpose", "broadcast_to", "expand_dims", "ravel", "reshape", "copy", "ascontiguousarray"}
_ARITHMETIC = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.MatMult)


def narrow_numbers(d: Derivative) -> None:
    """Numbers meeting float32 values in ``d.body``'s arithmetic written as ``np.float32(c)``."""
    kinds = {name: kind for name, kind in d.param_kinds.items() if kind is not None}
    if F4 not in kinds.values():
        return
    kinds = _name_kinds(d.body, kinds)
    d.body = [_Narrow(kinds).visit(stmt) for stmt in d.body]


def _name_kinds(body: list, params: dict[str, str]) -> dict[str, str]:
    """Each name's dtype kind where every assignment to it gives the same known one."""
    assigned: dict[str, set] = {}
    statements = [s for stmt in body for s in ast.walk(stmt) if isinstance(s, (ast.Assign, ast.AugAssign,
                                                                                 ast.AnnAssign, ast.For))]
    kinds = dict(params)
    for _ in range(4):                                 # (a loop's names: a few rounds settle them)
        assigned = {name: {kind} for name, kind in params.items()}
        for stmt in statements:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                assigned.setdefault(stmt.targets[0].id, set()).add(expression_kind(stmt.value, kinds))
            else:                                      # unpacking, augmented, loop targets: not known
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                for target in targets:
                    for node in ast.walk(target):
                        if isinstance(node, ast.Name):
                            assigned.setdefault(node.id, set()).add(None)
        settled = {name: next(iter(found)) for name, found in assigned.items()
                   if len(found) == 1 and None not in found}
        if settled == kinds:
            break
        kinds = settled
    return kinds


def expression_kind(node: ast.expr, kinds: dict[str, str]) -> str | None:
    """"f4", "f8", ... or "weak" (a Python number) where known, else None."""
    if isinstance(node, ast.Constant):
        return _WEAK if type(node.value) in (int, float) else None
    if isinstance(node, ast.Name):
        return kinds.get(node.id)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return expression_kind(node.operand, kinds)
    if isinstance(node, ast.BinOp) and isinstance(node.op, _ARITHMETIC):
        return _combined(expression_kind(node.left, kinds), expression_kind(node.right, kinds))
    if isinstance(node, ast.Subscript) or isinstance(node, ast.Attribute) and node.attr == "T":
        return expression_kind(node.value, kinds)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        func = node.func
        if isinstance(func.value, ast.Name) and func.value.id == "np":
            if func.attr == "float32":
                return F4
            return expression_kind(node.args[0], kinds) if func.attr in _SAME_KIND_CALLS and node.args else None
        return expression_kind(func.value, kinds) if func.attr in _SAME_KIND_CALLS else None
    return None


def _combined(left: str | None, right: str | None) -> str | None:
    """NumPy's result kind of arithmetic on two operands, for the cases this pass needs."""
    if left is None or right is None:
        return None
    if left == _WEAK:
        return right
    if right == _WEAK or left == right:
        return left
    return None          # mixed dtypes: not float32 (float64 or other), left as written


class _Narrow(ast.NodeTransformer):
    def __init__(self, kinds: dict[str, str]):
        self.kinds = kinds

    def visit_BinOp(self, node: ast.BinOp) -> ast.expr:
        self.generic_visit(node)
        if not isinstance(node.op, _ARITHMETIC) or isinstance(node.op, ast.MatMult):
            return node
        if _number(node.left) and expression_kind(node.right, self.kinds) == F4:
            node.left = _float32(node.left)
        elif _number(node.right) and expression_kind(node.left, self.kinds) == F4:
            node.right = _float32(node.right)
        return node


def _number(node: ast.expr) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return _number(node.operand)
    return isinstance(node, ast.Constant) and type(node.value) in (int, float)


def _float32(number: ast.expr) -> ast.expr:
    return ast.Call(func=ast.Attribute(value=load("np"), attr="float32", ctx=ast.Load()), args=[number], keywords=[])
