"""Functions of the ``operator`` module called in the differentiated code (``operator.add(a, b)``,
``operator.getitem(x, i)``, ``functools.reduce(operator.mul, xs)``): each is the expression it
spells, lowered as that expression is written; so is a getter's call on an item
(``sorted(pairs, key=operator.itemgetter(0))``: ``pair[0]``)."""
from __future__ import annotations

import ast
import operator

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


def getter_applied(lowering, getter: ast.expr, item: ast.expr) -> ast.expr | None:
    """``operator.itemgetter(k)(item)`` as the expression ``item[k]`` (``itemgetter(a, b)``:
    ``(item[a], item[b])``), ``operator.attrgetter("w")(item)`` as ``item.w``; None where
    ``getter`` is not such a call."""
    if not (isinstance(getter, ast.Call) and getter.args and not getter.keywords
            and not any(isinstance(a, ast.Starred) for a in getter.args)):
        return None
    made = lowering._resolve(getter.func)
    if made is operator.itemgetter:
        parts: list[ast.expr] = [ast.Subscript(value=item, slice=a, ctx=ast.Load()) for a in getter.args]
    elif made is operator.attrgetter and all(isinstance(a, ast.Constant) and isinstance(a.value, str)
                                             and a.value.isidentifier() for a in getter.args):
        parts = [ast.Attribute(value=item, attr=a.value, ctx=ast.Load()) for a in getter.args]
    else:
        return None
    applied = parts[0] if len(parts) == 1 else ast.Tuple(elts=parts, ctx=ast.Load())
    return ast.fix_missing_locations(ast.copy_location(applied, getter))
