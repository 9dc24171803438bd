"""Algebraic clean-up of rule templates once names are substituted.

Rules are written for the general case (``d_y * 1``, ``b * a ** (b - 1)``); with a constant
argument they simplify (``d_y``, ``2 * a``). Only identities exact in floating point are applied,
and only where they cannot change a value's shape (``x * 1`` keeps ``x``'s shape). The one
exception is a product with a literal zero, which becomes ``0``: a structurally zero partial means
"no contribution", which the transforms drop (the adjoint's shape comes from elsewhere).
"""
from __future__ import annotations

import ast
import math
import operator

from .code import Transformer

_FOLD = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
         ast.Div: operator.truediv, ast.Pow: operator.pow}


_COMPARE = {ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
            ast.Gt: operator.gt, ast.GtE: operator.ge}


def _is_np(func: ast.expr, attr: str) -> bool:
    return (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "np"
            and func.attr == attr)


def simplify(node: ast.AST) -> ast.AST:
    """``node`` (an expression or a statement) with the identities below applied, in place."""
    return _Simplifier().visit(node)


def simplify_top(node: ast.expr) -> ast.expr:
    """``node`` with the identities applied at its top only: for a node made of parts that are
    simplified already (a sum of two simplified terms), without walking them again."""
    return _TopSimplifier().visit(node)


def constant(node: ast.expr):
    """The number a node stands for, or None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(
            node.value, bool):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = constant(node.operand)
        return -inner if inner is not None else None
    return None


def number(value) -> ast.expr:
    if value < 0:
        return ast.UnaryOp(op=ast.USub(), operand=ast.Constant(-value))
    return ast.Constant(value)


def negate(node: ast.expr) -> ast.expr:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return node.operand
    return ast.UnaryOp(op=ast.USub(), operand=node)


class _Simplifier(Transformer):
    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.expr:
        self.generic_visit(node)
        if isinstance(node.op, ast.USub):
            value = constant(node.operand)
            if value is not None:
                return number(-value)
            if isinstance(node.operand, ast.UnaryOp) and isinstance(node.operand.op, ast.USub):
                return node.operand.operand
        return node

    def visit_Compare(self, node: ast.Compare) -> ast.expr:
        """A comparison of two numbers (``2 == 0`` in a rule instantiated with a constant)."""
        self.generic_visit(node)
        if len(node.ops) == 1 and type(node.ops[0]) in _COMPARE:
            a, b = constant(node.left), constant(node.comparators[0])
            if a is not None and b is not None:
                return ast.Constant(_COMPARE[type(node.ops[0])](a, b))
        return node

    def visit_Call(self, node: ast.Call) -> ast.expr:
        """A sign taken out of a product or sum: ``np.vdot(-a, b)`` is ``-np.vdot(a, b)`` bit for
        bit (every term is negated exactly), one negation of an array fewer. ``np.where`` of a
        constant condition is the branch it picks."""
        self.generic_visit(node)
        func = node.func
        if (_is_np(func, "where") and len(node.args) == 3 and not node.keywords
                and isinstance(node.args[0], ast.Constant) and type(node.args[0].value) is bool):
            return node.args[1] if node.args[0].value else node.args[2]
        if _is_np(func, "power") and len(node.args) == 2 and not node.keywords and constant(node.args[1]) == 1:
            return node.args[0]
        if isinstance(func, ast.Name) and func.id in _EXTREMA and len(node.args) > 1 and not node.keywords \
                and all(constant(a) is not None for a in node.args):
            return number(_EXTREMA[func.id](constant(a) for a in node.args))    # max(12, 1): a known size's count
        linear = (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "np"
                  and func.attr in _SIGN_THROUGH and not node.keywords)
        if linear and any(is_negation(a) for a in node.args[:_SIGN_THROUGH[func.attr]]):
            flips = 0
            args = list(node.args)
            for i in range(_SIGN_THROUGH[func.attr]):
                if i < len(args) and is_negation(args[i]):
                    args[i], flips = args[i].operand, flips + 1
            call = ast.Call(func=func, args=args, keywords=[])
            return negate(call) if flips % 2 else call
        return node

    def visit_BinOp(self, node: ast.BinOp) -> ast.expr:
        self.generic_visit(node)
        if getattr(node, "keeps_float", False):      # 1.0 * mask: a conversion (primitives/model.py: as_float)
            return node
        left, right, op = node.left, node.right, type(node.op)
        a, b = constant(left), constant(right)
        if a is not None and b is not None and op in _FOLD:
            try:
                return number(_FOLD[op](a, b))
            except (ZeroDivisionError, OverflowError):
                return node
        if op is ast.Mult and (a == 0 or b == 0):
            return ast.Constant(0)      # a structurally zero partial (d/dx x**0): no contribution
        if op is ast.Mult:
            if b == 1:
                return left
            if a == 1:
                return right
            if b == -1:
                return negate(left)
            if a == -1:
                return negate(right)
            if isinstance(right, ast.UnaryOp) and isinstance(right.op, ast.USub):
                return negate(self.visit(ast.BinOp(left=left, op=ast.Mult(), right=right.operand)))
        if op is ast.Mult and (cancelled := _reciprocal_powers_of_two(left, right)) is not None:
            return self.visit(cancelled)        # (g * 0.5) * (2 * z) = g * z, exactly
        if op is ast.Mult and a is not None and isinstance(right, ast.BinOp) and isinstance(right.op, ast.Mult):
            c = constant(right.left)     # c1 * (c2 * e) = (c1 * c2) * e when c2 is 2, 4, 8, ...: c2 * e
            if _power_of_two(c) and _exact_product(a, c):   # is exact, so only one rounding either way
                return self.visit(ast.BinOp(left=number(a * c), op=ast.Mult(), right=right.right))
        if op is ast.Mult and isinstance(right, ast.BinOp) and isinstance(right.op, ast.Div) \
                and constant(right.left) == 1:
            return self.visit(ast.BinOp(left=left, op=ast.Div(), right=right.right))   # a * (1 / b)
        if op is ast.Mult and isinstance(left, ast.BinOp) and isinstance(left.op, ast.Div) \
                and constant(left.left) == 1:
            return self.visit(ast.BinOp(left=right, op=ast.Div(), right=left.right))   # (1 / b) * t
        if op is ast.Div and b == 1:
            return left
        if op in (ast.Div, ast.MatMult) and is_negation(right):      # a / -b = -(a / b)
            return negate(self.visit(ast.BinOp(left=left, op=node.op, right=right.operand)))
        if op in (ast.Div, ast.MatMult) and is_negation(left):       # -a / b = -(a / b)
            return negate(self.visit(ast.BinOp(left=left.operand, op=node.op, right=right)))
        if op is ast.Sub and b == 0 and not isinstance(left, ast.Constant):   # x - 0 = x
            return left
        if op is ast.Sub and is_negation(right):                      # a - -b = a + b
            return ast.BinOp(left=left, op=ast.Add(), right=right.operand)
        if op is ast.Sub and is_negation(left):                       # -a - b = -(a + b)
            return negate(ast.BinOp(left=left.operand, op=ast.Add(), right=right))
        if op is ast.Pow and b == 1:
            return left
        if op is ast.Add and isinstance(right, ast.UnaryOp) and isinstance(right.op, ast.USub):
            return ast.BinOp(left=left, op=ast.Sub(), right=right.operand)
        if op is ast.Add and isinstance(left, ast.UnaryOp) and isinstance(left.op, ast.USub):
            return ast.BinOp(left=right, op=ast.Sub(), right=left.operand)     # -a + b = b - a
        if op is ast.Mult and isinstance(left, ast.UnaryOp) and isinstance(left.op, ast.USub):
            return negate(self.visit(ast.BinOp(left=left.operand, op=ast.Mult(), right=right)))
        return node


class _TopSimplifier(_Simplifier):
    def generic_visit(self, node: ast.AST) -> ast.AST:
        return node          # (the children are simplified already)


_EXTREMA = {"max": max, "min": min}

# functions linear in each of their first k arguments, whose sign can be taken out
_SIGN_THROUGH = {"vdot": 2, "dot": 2, "inner": 2, "outer": 2, "sum": 1}


def _scaling(node: ast.expr):
    """``(c, e)`` for ``c * e`` or ``e * c`` with a number ``c``; None otherwise."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        for c, e in ((node.left, node.right), (node.right, node.left)):
            if type(constant(c)) in (int, float):
                return constant(c), e
    return None


def _reciprocal_powers_of_two(left: ast.expr, right: ast.expr) -> ast.expr | None:
    """``(c * a) * (b / c)``-like products whose two constant factors are powers of two that
    multiply to 1 (0.5 and 2, 0.25 and 4): ``a * b``, exactly (scaling by a power of two is
    exact, away from overflow and underflow)."""
    l, r = _scaling(left), _scaling(right)
    if l is None or r is None or l[0] * r[0] != 1:
        return None
    if not all(c > 0 and math.isfinite(c) and math.frexp(c)[0] == 0.5 for c in (l[0], r[0])):
        return None
    return ast.BinOp(left=l[1], op=ast.Mult(), right=r[1])


def _power_of_two(c) -> bool:
    return type(c) in (int, float) and c >= 2 and math.isfinite(c) and math.frexp(c)[0] == 0.5


def _exact_product(a, c) -> bool:
    product = a * c
    return type(product) is float and math.isfinite(product) and product / c == a or type(product) is int


def is_negation(node: ast.expr) -> bool:
    return isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub)


