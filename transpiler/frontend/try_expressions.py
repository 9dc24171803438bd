"""The expressions of a ``try`` block as the rewriting (try_statements.py) sees them: which
compute nothing that raises (a name, a constant), which are one operation asked about on its
operands (``eye - KH``, ``ecc >= 1``: ``lambda a, b: a >= b``), which run as arithmetic does
where no clause catches what arithmetic raises, and which calls can be asked about in turn."""
from __future__ import annotations

import ast


def is_operation(node: ast.expr) -> bool:
    """One operator, comparison or subscript (``eye - KH``, ``ecc >= 1``, ``KH.shape[0]``),
    asked about on its own."""
    return isinstance(node, (ast.BinOp, ast.UnaryOp)) or isinstance(node, ast.Compare) and len(node.ops) == 1 \
        or isinstance(node, ast.Subscript) and not isinstance(node.slice, (ast.Slice, ast.Tuple))


def operands_of(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp):
        return [node.left, node.right]
    if isinstance(node, ast.UnaryOp):
        return [node.operand]
    if isinstance(node, ast.Compare):
        return [node.left, *node.comparators]
    if isinstance(node, (ast.Name, ast.Constant)):       # an `if` test that is a name: its truth asked
        return [node]
    return [node.value, node.slice]


def rebuilt(node: ast.expr, operands: list[ast.expr]) -> ast.expr:
    """The operation ``node`` on ``operands`` (in ``operands_of``' order)."""
    if isinstance(node, ast.BinOp):
        made: ast.expr = ast.BinOp(left=operands[0], op=node.op, right=operands[1])
    elif isinstance(node, ast.UnaryOp):
        made = ast.UnaryOp(op=node.op, operand=operands[0])
    elif isinstance(node, ast.Compare):
        made = ast.Compare(left=operands[0], ops=node.ops, comparators=operands[1:])
    elif isinstance(node, (ast.Name, ast.Constant)):
        return operands[0]
    else:
        made = ast.Subscript(value=operands[0], slice=operands[1], ctx=ast.Load())
    return ast.copy_location(made, node)


def askable(node: ast.expr) -> bool:
    """A call that can be a statement of its own in a ``try`` block (asked about in turn)."""
    return isinstance(node, ast.Call) and not isinstance(node.func, ast.Call) \
        and not any(isinstance(a, ast.Starred) for a in node.args) and all(k.arg for k in node.keywords)


def arithmetic(node: ast.expr) -> bool:
    """Operators on names, constants, attributes and calls (``K + 1e-6 * np.eye(n)``)."""
    if isinstance(node, ast.BinOp):
        return arithmetic(node.left) and arithmetic(node.right)
    if isinstance(node, ast.UnaryOp):
        return arithmetic(node.operand)
    if isinstance(node, ast.Subscript):       # `K.shape[0]`, `x[i]`: an IndexError is arithmetic's kin here
        return arithmetic(node.value) and arithmetic(node.slice)
    if isinstance(node, ast.Compare):         # (`a < b` of arrays raises what arithmetic does; a chain
        #                                        short-circuits: no call it could skip)
        return all(arithmetic(e) for e in (node.left, *node.comparators)) and (
            len(node.ops) == 1 or not any(calls_in(c) for c in node.comparators[1:]))
    if isinstance(node, ast.BoolOp):          # `a > 0 and b > 0`: no call a short circuit could skip
        return all(arithmetic(v) for v in node.values) and not calls_in(node)
    return simple(node) or askable(node)


def calls_in(node: ast.expr) -> bool:
    return any(isinstance(n, ast.Call) for n in ast.walk(node))


def value_name(call: ast.Call) -> str:
    """A name for a call's value: the function's (``eye`` for ``np.eye(n)``)."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "value")
    return name if name.isidentifier() and not name.startswith("_") else "value"


def names_only(target: ast.expr) -> bool:
    if isinstance(target, (ast.Tuple, ast.List)):
        return all(names_only(e) for e in target.elts)
    return isinstance(target, ast.Name)


def simple(node: ast.expr) -> bool:
    """An argument whose evaluation computes nothing that could raise: a name, a constant, a
    module attribute (``np.pi``), a tuple of them."""
    if isinstance(node, (ast.Name, ast.Constant)):
        return True
    if isinstance(node, ast.Attribute):
        return simple(node.value)
    if isinstance(node, (ast.Tuple, ast.List)):
        return all(simple(e) for e in node.elts)
    return isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant)
