"""The generated module's text as astor prints it, the common statements printed directly.

astor visits every node through its generic machinery (a visitor per node, parentheses written
then discarded, a list item per token) and then measures each line for splitting: about 6 % of
a long function's compile. Most statements the backends emit are ``name = <expression>``,
``return <expression>``, a call (``np.add(a, b, out=a)``) and ``del a, b``, their expressions of
names, numbers, operators and calls of functions, on one line: those are printed here as one
string, exactly as astor prints them (its own precedence and operator tables, its parentheses
where an operand binds looser than its place asks). Every other statement, and one whose line
is long enough for astor to split it, is astor's own.
"""
from __future__ import annotations

import ast
import math

import astor
from astor.op_util import Precedence, get_op_precedence, get_op_symbol

_MAX_LINE = 79          # (astor's source_repr.split_lines: a longer line is wrapped)


def to_source(function: ast.FunctionDef) -> str:
    """``function`` printed as ``astor.to_source`` prints it."""
    return astor.to_source(function, source_generator_class=_Printer)


class _Printer(astor.code_gen.SourceGenerator):
    def visit_Assign(self, node):
        if len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            value = _expression(node.value, get_op_precedence(node))
            if value is not None and self._fits(node.targets[0].id, " = ", value):
                self.newline(node)
                self.write(f"{node.targets[0].id} = {value}")
                return
        super().visit_Assign(node)

    def visit_Return(self, node):
        if node.value is not None:
            value = _expression(node.value, get_op_precedence(node))
            if value is not None and self._fits("return ", value):
                self.newline(node)
                self.write(f"return {value}")
                return
        super().visit_Return(node)

    def visit_Expr(self, node):
        value = _expression(node.value, get_op_precedence(node))
        if value is not None and self._fits(value):
            self.newline(node)
            self.write(value)
            return
        super().visit_Expr(node)

    def visit_Delete(self, node):
        if all(type(t) is ast.Name for t in node.targets):
            names = ", ".join(t.id for t in node.targets)
            if self._fits("del ", names):
                self.newline(node)
                self.write(f"del {names}")
                return
        super().visit_Delete(node)

    def _fits(self, *parts: str) -> bool:
        return len(self.indent_with) * self.indentation + sum(map(len, parts)) <= _MAX_LINE


def _expression(node: ast.expr, place: int) -> str | None:
    """``node`` as astor prints it where its parent asks precedence ``place``, or None for a
    form printed by astor itself."""
    kind = type(node)
    if kind is ast.Name:
        return node.id
    if kind is ast.Constant:
        return _number(node.value)
    if kind is ast.BinOp:
        own = get_op_precedence(node.op)
        power = type(node.op) is ast.Pow
        left = _expression(node.left, Precedence.Pow + 1 if power else own)
        right = left and _expression(node.right, Precedence.PowRHS if power else own + 1)
        return right and _parenthesized(f"{left}{get_op_symbol(node.op, ' %s ')}{right}", own, place)
    if kind is ast.UnaryOp:
        own = get_op_precedence(node.op)
        operand = _expression(node.operand, own)
        symbol = get_op_symbol(node.op)
        return operand and _parenthesized(f"{symbol}{' ' if symbol.isalpha() else ''}{operand}", own, place)
    if kind is ast.Compare:
        own = get_op_precedence(node.ops[0])
        parts = [_expression(operand, own + 1) for operand in (node.left, *node.comparators)]
        if None in parts:
            return None
        text = parts[0] + "".join(get_op_symbol(op, " %s ") + part for op, part in zip(node.ops, parts[1:]))
        return _parenthesized(text, own, place)
    if kind is ast.Call:
        return _call(node)
    if kind is ast.Attribute:
        return _dotted(node)
    return None


def _call(node: ast.Call) -> str | None:
    func = _dotted(node.func)
    if func is None or any(type(a) is ast.Starred for a in node.args) or any(k.arg is None for k in node.keywords):
        return None
    place = Precedence.Comma if len(node.args) + len(node.keywords) > 1 else Precedence.call_one_arg
    parts = [_expression(a, place) for a in node.args]
    parts += [(value and f"{k.arg}={value}") for k in node.keywords
              for value in [_expression(k.value, Precedence.Comma)]]
    return None if None in parts else f"{func}({', '.join(parts)})"


def _dotted(node: ast.expr) -> str | None:
    """``np.linalg.solve``: a name or attributes of one (astor sets no precedence for an
    attribute's value, so any other value keeps one a previous print left on it)."""
    if type(node) is ast.Name:
        return node.id
    if type(node) is ast.Attribute:
        value = _dotted(node.value)
        return value and f"{value}.{node.attr}"
    return None


def _number(value) -> str | None:
    """A non-negative finite int or float as astor writes it (its ``repr``): never parenthesised,
    a constant's precedence being above any place. (Others, signs, strings: astor's.)"""
    if type(value) is int and value >= 0:
        return repr(value)
    if type(value) is float and math.isfinite(value) and math.copysign(1.0, value) > 0:
        return repr(value)
    return None


def _parenthesized(text: str, own: int, place: int) -> str:
    """astor's ``Delimit``: parentheses where the node binds looser than its place asks."""
    return text if own >= place else f"({text})"
