"""Rewrite ``outer_products``: sums of rank-one matrices contracted before they are formed.

Applied to the code calls run (``source(args=...)`` prints it); switched off, that code forms the
matrix."""
from __future__ import annotations

import ast
import copy

from ..ir.code import bound_names, name_counts, read_names

NAME = "outer_products"
DESCRIPTION = "np.vdot(np.outer(u, v) * S, Q) as u @ (S * Q) @ v: the rank-one matrix is never formed"


def contract_outer_products(stmts: list, shapes: dict | None = None) -> list:
    """``np.vdot(R * S, Q)`` for an outer product ``R`` of vectors ``u`` and ``v`` as
    ``u @ (S * Q) @ v``, and ``(R * S).sum()`` as ``u @ S @ v``: the matrix ``R * S`` is never
    formed (one pass over ``S * Q`` and a matrix-vector product instead of three passes). This is
    the adjoint of ``y @ solve(K, y)`` reaching a scalar that ``K`` depends on (a kernel's length
    scale). ``R`` is ``np.einsum('i,j->ij', u, v)``, or, where ``shapes`` (by name) says ``u`` and
    ``v`` are vectors, ``np.outer(u, v)`` or ``u[:, None] * v``: each spelling the adjoint of a
    solve may take. The sum is taken in another order, so the value agrees to rounding, not bit
    for bit: used in the code calls run. Top-level statements only; ``R * S`` must be read
    nowhere else, and nothing ``R``, ``S``, ``u`` or ``v`` names may be bound again in between."""
    outers = {}       # R -> (u, v)
    products = {}     # P -> (position, R, S)
    loads = name_counts(stmts, ast.Load)
    vector = lambda node: isinstance(node, ast.Name) and len((shapes or {}).get(node.id) or ()) == 1  # noqa: E731
    out = list(stmts)
    for i, stmt in enumerate(stmts):
        if outers:            # (no outer product seen yet: nothing to contract, no walk)
            out[i] = _Contract(products, outers, out).visit(stmt)
            _forget_rebound(bound_names(stmt), outers, products)
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)):
            continue
        target, value = stmt.targets[0].id, stmt.value
        factors = _outer_factors(value, vector)
        if factors is not None:
            outers[target] = factors
        elif isinstance(value, ast.BinOp) and isinstance(value.op, ast.Mult):
            for r, s in ((value.left, value.right), (value.right, value.left)):
                if isinstance(r, ast.Name) and r.id in outers and loads.get(target) == 1:
                    products[target] = (i, r.id, s)
                    break
    return [s for s in out if s is not None]


def _forget_rebound(bound: set[str], outers: dict, products: dict) -> None:
    """Drop the outer products and products that read a name bound again: what they stand for
    is no longer what those names hold."""
    for r, (u, v) in list(outers.items()):
        if r in bound or (read_names(u) | read_names(v)) & bound:
            del outers[r]
    for p, (_, r, s) in list(products.items()):
        if p in bound or r not in outers or read_names(s) & bound:
            del products[p]


def _outer_factors(value: ast.expr, vector):
    """(u, v) for ``np.einsum('i,j->ij', u, v)`` on names; for ``np.outer(u, v)``,
    ``u[:, None] * v`` and ``u[:, None] * v[None, :]`` where ``vector(u)`` and ``vector(v)``."""
    if (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "einsum"
            and len(value.args) == 3 and isinstance(value.args[0], ast.Constant) and value.args[0].value == "i,j->ij"
            and all(isinstance(a, ast.Name) for a in value.args[1:]) and not value.keywords):
        return value.args[1], value.args[2]
    if (isinstance(value, ast.Call) and ast.unparse(value.func) == "np.outer" and len(value.args) == 2
            and not value.keywords and all(map(vector, value.args))):
        return value.args[0], value.args[1]
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Mult):
        u, v = _spread(value.left, (ast.Slice, ast.Constant)), _spread(value.right, (ast.Constant, ast.Slice))
        v = v if v is not None else value.right
        if u is not None and vector(u) and vector(v):
            return u, v
    return None


def _spread(node: ast.expr, kinds: tuple):
    """``u`` for ``u[:, None]`` (kinds (Slice, Constant)) or ``u[None, :]`` (Constant, Slice)."""
    if not (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Tuple) and len(node.slice.elts) == 2):
        return None
    full = lambda p: isinstance(p, ast.Slice) and p.lower is None and p.upper is None and p.step is None  # noqa: E731
    new = lambda p: isinstance(p, ast.Constant) and p.value is None  # noqa: E731
    checks = [full if kind is ast.Slice else new for kind in kinds]
    return node.value if all(check(p) for check, p in zip(checks, node.slice.elts)) else None


class _Contract(ast.NodeTransformer):
    def __init__(self, products, outers, stmts):
        self.products, self.outers, self.stmts = products, outers, stmts

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
                u, v = self.outers[r]
                self.stmts[at] = None            # R * S is no longer formed
                return _sandwich(u, ast.BinOp(left=s, op=ast.Mult(), right=q), v)
        return node


def _sandwich(u: ast.expr, matrix: ast.expr, v: ast.expr) -> ast.expr:
    """``u @ matrix @ v``"""
    left = ast.BinOp(left=copy.deepcopy(u), op=ast.MatMult(), right=matrix)
    return ast.BinOp(left=left, op=ast.MatMult(), right=copy.deepcopy(v))


