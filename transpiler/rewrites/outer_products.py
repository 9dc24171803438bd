"""Rewrite ``outer_products``: sums of rank-one matrices contracted before they are formed.

Applied to the code calls run (never printed); switched off, that code forms the matrix."""
from __future__ import annotations

import ast
import copy

from ..ir.code import bound_names, name_counts, read_names

NAME = "outer_products"
DESCRIPTION = "np.vdot(np.outer(u, v) * S, Q) as u @ (S * Q) @ v: the rank-one matrix is never formed"


def contract_outer_products(stmts: list) -> list:
    """``np.vdot(R * S, Q)`` for an outer product ``R = np.einsum('i,j->ij', u, v)`` as
    ``u @ (S * Q) @ v``, and ``(R * S).sum()`` as ``u @ S @ v``: the matrix ``R * S`` is never
    formed (one pass over ``S * Q`` and a matrix-vector product instead of three passes). This is the adjoint of ``y @ solve(K, y)``
    reaching a scalar that ``K`` depends on (a kernel's length scale). The sum is taken in
    another order, so the value agrees to rounding, not bit for bit: used in the code calls run.
    Top-level statements only; ``R * S`` must be read nowhere else."""
    outers = {}       # R -> (u, v)
    products = {}     # P -> (position, R, S)
    loads = name_counts(stmts, ast.Load)
    out = list(stmts)
    for i, stmt in enumerate(stmts):
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)):
            continue
        target, value = stmt.targets[0].id, stmt.value
        factors = _outer_factors(value)
        if factors is not None:
            outers[target] = factors
        elif isinstance(value, ast.BinOp) and isinstance(value.op, ast.Mult):
            for r, s in ((value.left, value.right), (value.right, value.left)):
                if isinstance(r, ast.Name) and r.id in outers and loads.get(target) == 1:
                    products[target] = (i, r.id, s)
                    break
        rewrite = _Contract(products, outers, out, i)
        out[i] = rewrite.visit(stmt)
    return [s for s in out if s is not None]


def _outer_factors(value: ast.expr):
    """(u, v) for ``np.einsum('i,j->ij', u, v)`` or ``u[:, None] * v`` on names."""
    if (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "einsum"
            and len(value.args) == 3 and isinstance(value.args[0], ast.Constant) and value.args[0].value == "i,j->ij"
            and all(isinstance(a, ast.Name) for a in value.args[1:])):
        return value.args[1], value.args[2]
    return None


class _Contract(ast.NodeTransformer):
    def __init__(self, products, outers, stmts, position):
        self.products, self.outers, self.stmts, self.position = products, outers, stmts, position

    def visit_Call(self, node: ast.Call) -> ast.expr:
        self.generic_visit(node)
        func = node.func
        if (isinstance(func, ast.Attribute) and func.attr == "sum" and not node.args and not node.keywords
                and isinstance(func.value, ast.BinOp) and isinstance(func.value.op, ast.Mult)):
            product = func.value                   # (R * S).sum() = u @ S @ v
            for r, s in ((product.left, product.right), (product.right, product.left)):
                if isinstance(r, ast.Name) and r.id in self.outers:
                    u, v = self.outers[r.id]
                    return _sandwich(u, s, v)
            return node
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "np"
                and func.attr == "vdot" and len(node.args) == 2 and not node.keywords):
            return node
        for p, q in ((node.args[0], node.args[1]), (node.args[1], node.args[0])):
            if isinstance(p, ast.Name) and p.id in self.products:
                at, r, s = self.products.pop(p.id)
                if not self._unchanged(at, read_names(s) | read_names(q) | {r}):
                    return node
                u, v = self.outers[r]
                self.stmts[at] = None            # R * S is no longer formed
                return _sandwich(u, ast.BinOp(left=s, op=ast.Mult(), right=q), v)
        return node

    def _unchanged(self, start: int, names: set[str]) -> bool:
        """No statement between ``start`` and here binds any of ``names``."""
        return not any(s is not None and bound_names(s) & names for s in self.stmts[start + 1:self.position])


def _sandwich(u: ast.expr, matrix: ast.expr, v: ast.expr) -> ast.expr:
    """``u @ matrix @ v``"""
    left = ast.BinOp(left=copy.deepcopy(u), op=ast.MatMult(), right=matrix)
    return ast.BinOp(left=left, op=ast.MatMult(), right=copy.deepcopy(v))


