"""Rewrite ``scaled_products``: a number times a matrix, read once by a matrix product whose result
is smaller, multiplies the product instead: ``s = 0.5 * a; s @ a.T`` is ``0.5 * (a @ a.T)``.

Adjoint rules scale what they are handed: the quadratic form of a Gaussian gives the covariance
the adjoint ``(0.5 * alpha) @ alpha.T``, ``alpha`` one column per sample (30 × 500), so the number
multiplies 15,000 elements where the product has 900. Applied to the code calls run, where the
shapes are known: top-level statements, the scaled value read once, nothing it reads bound again
in between, both operands of the product two-dimensional. The same to rounding (exact for a power
of two).
"""
from __future__ import annotations

import ast
import bisect
import math

from ..ir.code import name_nodes

NAME = "scaled_products"
DESCRIPTION = "s = c * a read once by s @ b with a smaller result: c * (a @ b)"


def move_scalars_to_products(stmts: list, shapes: dict) -> list:
    """``stmts`` with each ``s = c * a`` (``c`` a number) read once, by a matrix product smaller
    than ``a``, dropped and that product scaled instead."""
    reader, bound_at, compound_after = _index(stmts)
    out = list(stmts)
    for i, stmt in enumerate(stmts):
        scaled = _scaled(stmt)
        if scaled is None or scaled[0] not in reader:
            continue
        name, number, value = scaled
        j = reader[name]
        # (a loop or branch up to the read: what it binds before the read is not followed; nor is a
        # read after ``name`` or what it reads is bound again)
        if j <= i or compound_after[i] <= j or _bound_between(bound_at, (name, value.id), i, j):
            continue
        mover = _Mover(name, number, value, shapes)
        rewritten = mover.visit(out[j])
        if mover.moved:
            out[i], out[j] = None, rewritten
    return [s for s in out if s is not None]


def _index(stmts: list) -> tuple[dict, dict, list]:
    """One walk over ``stmts``: the statement reading each name read exactly once, the
    statements binding each name (in order), and for each statement the first loop, branch or
    other compound statement after it (``len(stmts)`` if none). Going straight to the one read
    keeps the pass linear: scanning forward from each candidate was quadratic in long code."""
    loads: dict[str, list] = {}
    bound_at: dict[str, list] = {}
    for j, stmt in enumerate(stmts):
        for node in name_nodes(stmt):
            if type(node.ctx) is ast.Load:
                loads.setdefault(node.id, []).append(j)
            elif type(node.ctx) is ast.Store:
                bound_at.setdefault(node.id, []).append(j)
    reader = {name: at[0] for name, at in loads.items() if len(at) == 1}
    compound_after, following = [0] * len(stmts), len(stmts)
    for j in range(len(stmts) - 1, -1, -1):
        compound_after[j] = following
        if not isinstance(stmts[j], _SIMPLE):
            following = j
    return reader, bound_at, compound_after


_SIMPLE = (ast.Assign, ast.AugAssign, ast.Expr, ast.Return)


def _bound_between(bound_at: dict, names: tuple, i: int, j: int) -> bool:
    """Is one of ``names`` bound by a statement strictly between ``i`` and ``j``? (``bound_at``'s
    lists are in order.)"""
    for name in names:
        at = bound_at.get(name, ())
        k = bisect.bisect_right(at, i)
        if k < len(at) and at[k] < j:
            return True
    return False


def _scaled(stmt):
    """(target, number, name) for ``target = number * name`` or ``name * number``."""
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)
            and isinstance(stmt.value, ast.BinOp) and isinstance(stmt.value.op, ast.Mult)):
        return None
    for number, other in ((stmt.value.left, stmt.value.right), (stmt.value.right, stmt.value.left)):
        if isinstance(number, ast.Constant) and type(number.value) in (int, float) and isinstance(other, ast.Name) \
                and other.id != stmt.targets[0].id:
            return stmt.targets[0].id, number, other
    return None


class _Mover(ast.NodeTransformer):
    """``name @ b`` (``b @ name``) as ``number * (value @ b)`` where the product is smaller than
    ``value``; ``read``: ``name`` is read otherwise."""

    def __init__(self, name: str, number: ast.Constant, value: ast.Name, shapes: dict):
        self.name, self.number, self.value, self.shapes = name, number, value, shapes
        self.moved = self.read = False

    def visit_BinOp(self, node: ast.BinOp) -> ast.expr:
        if isinstance(node.op, ast.MatMult) and not self.moved:
            left, right = node.left, node.right
            for side, other in ((left, right), (right, left)):
                if isinstance(side, ast.Name) and side.id == self.name and self._smaller(node, other, side is left):
                    self.moved = True
                    value = ast.Name(id=self.value.id, ctx=ast.Load())
                    product = ast.BinOp(left=value, op=ast.MatMult(), right=other) if side is left \
                        else ast.BinOp(left=other, op=ast.MatMult(), right=value)
                    return ast.BinOp(left=ast.Constant(value=self.number.value), op=ast.Mult(), right=product)
        return self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> ast.Name:
        if node.id == self.name and isinstance(node.ctx, ast.Load):
            self.read = True
        return node

    def _smaller(self, node, other, scaled_left: bool) -> bool:
        a, b = self.shapes.get(self.value.id), _shape(other, self.shapes)
        if a is None or b is None or len(a) != 2 or len(b) != 2:
            return False
        result = (a[0], b[1]) if scaled_left else (b[0], a[1])
        return math.prod(result) < math.prod(a) and (a[1] == b[0] if scaled_left else b[1] == a[0])


def _shape(node, shapes: dict):
    """The shape of a name or of its transpose ``.T``, where known."""
    if isinstance(node, ast.Name):
        shape = shapes.get(node.id)
        return tuple(shape) if shape is not None else None
    if isinstance(node, ast.Attribute) and node.attr == "T" and isinstance(node.value, ast.Name):
        shape = shapes.get(node.value.id)
        return tuple(reversed(shape)) if shape is not None else None
    return None
