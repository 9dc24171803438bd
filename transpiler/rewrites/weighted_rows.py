"""Rewrite ``weighted_rows``: a vector spread along the rows (columns) of a matrix, times the
matrix, summed over those rows (columns), as a matrix-vector product; the product is never formed.

A row norm's adjoint is ``(g / n)[:, None] * x``, and when ``x`` is ``X - c`` (a centre
broadcast over the rows) the adjoint of ``c`` is that product's sum over the rows. ``sum_i w[i] *
M[i, :]`` is ``w @ M``: one pass over ``M`` in BLAS instead of an (n, k) product and a sum over
its first axis, which walks rows of k numbers (N61: a reverse loop doing it once per centre).
Likewise ``sum_j w[j] * M[:, j]`` (``w[None, :] * M`` summed over ``axis=1``) is ``M @ w``.

On the IR, in any straight-line block (a reverse loop's body, a ``while`` loop's test too), where the shapes are known
(calls only): ``M`` two-dimensional and ``w`` exactly its rows' (columns') length, the spread
``w[:, None]`` read only by the product, the product only by the sum, each bound once, the sum
without ``keepdims``. The sum is taken in another order, so the value agrees to rounding, not
bit for bit.
"""
from __future__ import annotations

import ast
import dataclasses

from ..ir.nodes import Assign, Function, If, Loop, Var
from ..primitives.registry import lookup
from .shapes import FunctionFacts
from .weighted_sums import sum_keywords

NAME = "weighted_rows"
DESCRIPTION = "np.sum(w[:, None] * M, axis=0) for a 2-d M as w @ M (and axis=1 of w[None, :] * M as M @ w)"

# the spread's index -> the axis the product is summed over
_SPREADS = {ast.dump(ast.parse("x[:, None]", mode="eval").body.slice): 0,
            ast.dump(ast.parse("x[None, :]", mode="eval").body.slice): 1}


def contract_weighted_rows(fn: Function, named_shapes: dict) -> Function:
    """``fn`` with each such sum computed as a matrix-vector product (``fn`` itself where there is
    none). The spreads and products left unread are for the dead-code pass to drop."""
    facts = FunctionFacts(fn, named_shapes)
    changed = []
    body = _block(fn.body, facts, changed)
    return dataclasses.replace(fn, body=body) if changed else fn


def _block(stmts: list, facts: FunctionFacts, changed: list) -> list:
    out = []
    for stmt in stmts:
        if isinstance(stmt, If):
            stmt = dataclasses.replace(stmt, body=_block(stmt.body, facts, changed),
                                       orelse=_block(stmt.orelse, facts, changed))
        elif isinstance(stmt, Loop):
            stmt = dataclasses.replace(stmt, cond_body=_block(stmt.cond_body, facts, changed),
                                       body=_block(stmt.body, facts, changed))
        else:
            product = _as_product(stmt, facts)
            if product is not None:
                changed.append(stmt)
                stmt = product
        out.append(stmt)
    return out


def _as_product(stmt, facts: FunctionFacts) -> Assign | None:
    """``stmt``, a sum over one axis of a spread vector times a matrix, as ``w @ M`` / ``M @ w``."""
    axis = _axis_summed(stmt)
    if axis is None or not isinstance(stmt.args[0], Var):
        return None
    product = _only(stmt.args[0], stmt, facts)
    if product is None or product.prim.spelling.binop is not ast.Mult or len(product.args) != 2 \
            or product.kwargs or not all(isinstance(a, Var) for a in product.args):
        return None
    for spread_var, matrix in (product.args, product.args[::-1]):
        spread = None if spread_var == matrix else _only(spread_var, product, facts)
        index = getattr(spread.prim, "pattern", None) if spread is not None else None
        if index is None or len(spread.args) != 1 or not isinstance(spread.args[0], Var) \
                or _SPREADS.get(ast.dump(index)) != axis:
            continue
        vector = spread.args[0]
        shape, length = facts.shapes.get(matrix), facts.shapes.get(vector)
        if not (isinstance(shape, tuple) and len(shape) == 2 and length == (shape[axis],)):
            continue
        args = (vector, matrix) if axis == 0 else (matrix, vector)
        return Assign(stmt.target, lookup(ast.MatMult), args, (), stmt.location, rebinds=stmt.rebinds)
    return None


def _only(var: Var, reader, facts: FunctionFacts) -> Assign | None:
    """The one ``Assign`` binding ``var`` where ``reader`` is its one reader."""
    bindings = facts.chains.definitions.get(var, [])
    readers = facts.chains.uses.get(var, [])
    if len(bindings) != 1 or not isinstance(bindings[0], Assign) or [id(r) for r in readers] != [id(reader)]:
        return None
    return bindings[0]


def _axis_summed(stmt) -> int | None:
    """0 or 1 for ``stmt`` summing one value over that axis without keepdims (``np.sum(p, axis=0)``,
    or the method as a transform wrote it, ``p.sum(axis=0)``); None otherwise."""
    keywords = sum_keywords(stmt)
    if keywords is None:
        return None
    axis = keywords.pop("axis", None)
    if keywords.pop("keepdims", False) is not False or keywords or type(axis) is not int:
        return None
    return axis % 2 if axis in (-2, -1, 0, 1) else None     # (of a 2-d product: checked by the caller)
