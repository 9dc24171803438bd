"""Functions of the ``operator`` module called in the differentiated code (``operator.add(a, b)``,
``operator.getitem(x, i)``, ``functools.reduce(operator.mul, xs)``): each is the expression it
spells, lowered as that expression is written."""
from __future__ import annotations

import ast

from ..primitives.spellings import OPERATOR_FUNCTIONS


def operator_function(callee: object) -> object:
    """The operator (an ``ast`` class, or ``abs``) an ``operator`` module function spells."""
    try:
        return OPERATOR_FUNCTIONS.get(callee)
    except TypeError:        # unhashable: no function of the operator module
        return None


def as_operator(lowering, node: ast.Call, key) -> ast.expr:
    """``operator.add(a, b)`` as the expression ``a + b`` (``operator.getitem(x, i)``:
    ``x[i]``), lowered as that expression is."""
    arity = 2 if key is ast.Subscript or issubclass(key, (ast.operator, ast.cmpop)) else 1
    if len(node.args) != arity or node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
        lowering._unsupported(node, f"`{ast.unparse(node.func)}` with {len(node.args)} argument(s)",
                              f"call it with {arity} positional argument(s)")
    args = node.args
    if key is ast.Subscript:
        made = ast.Subscript(value=args[0], slice=args[1], ctx=ast.Load())
    elif issubclass(key, ast.operator):
        made = ast.BinOp(left=args[0], op=key(), right=args[1])
    elif issubclass(key, ast.cmpop):
        made = ast.Compare(left=args[0], ops=[key()], comparators=[args[1]])
    else:
        made = ast.UnaryOp(op=key(), operand=args[0])
    return ast.copy_location(made, node)
