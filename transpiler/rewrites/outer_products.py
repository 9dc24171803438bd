"""Rewrite ``outer_products``: sums of rank-one matrices contracted before they are formed.

``np.vdot(R * S, Q)`` for an outer product ``R`` of vectors ``u`` and ``v`` is ``u @ (S * Q) @
v``, and ``np.sum(R * S)`` (``(R * S).sum()``) is ``u @ S @ v``: the matrix ``R * S`` is never
formed (one pass over ``S * Q`` and a matrix-vector product instead of three passes). ``R``
itself, unscaled: ``np.vdot(R, Q)`` is ``u @ Q @ v`` and ``np.trace(R)`` (identity_traces.py's
``np.vdot(R, I)``) is ``u @ v``. This is the
adjoint of ``y @ solve(K, y)`` reaching a scalar that ``K`` depends on (a kernel's length scale).
``R`` is ``np.einsum('i,j->ij', u, v)``, ``np.outer(u, v)`` or ``u[:, None] * v`` (``v[None, :]``,
either order): each spelling the adjoint of a solve may take. On the reverse sweep's IR, where
the shapes are known (calls only): top-level statements, every value involved bound once, ``R *
S`` read only by such sums, all of ``R``'s shape (two-dimensional), none complex (``np.vdot``
conjugates its first argument: the pass runs for real arguments only, and here refuses a value a
complex constant makes). The sum is taken in another order, so the value agrees to rounding, not
bit for bit; switched off, the code forms the matrix.
"""
from __future__ import annotations

import ast
import dataclasses
import functools

import numpy as np

from ..analysis.complex_values import may_be_complex
from ..ir.nodes import Assign, Const, Function, Var, to_expr
from ..opt.repeated import fixed
from ..primitives.registry import lookup, spelled_as
from ..primitives.written import WrittenPrimitive
from .shapes import FunctionFacts
from .solve_reuse import scaling_step

NAME = "outer_products"
DESCRIPTION = "np.vdot(np.outer(u, v) * S, Q) as u @ (S * Q) @ v: the rank-one matrix is never formed"


class _Facts(FunctionFacts):
    """What the contractions are checked against; the shapes and the complex values worked out
    when a candidate first asks (most sums contract no outer product)."""

    @functools.cached_property
    def complex(self) -> frozenset:
        """The values that may be complex (a complex constant's)."""
        return may_be_complex(self._fn, {})


def contract_outer_products(fn: Function, named_shapes: dict) -> Function:
    """``fn`` with each ``np.vdot`` or ``np.sum`` of an outer product times a matrix computed as
    matrix-vector products (``fn`` itself where there is none). The products left unread are
    for the dead-code pass to drop."""
    if not any(_written_sum(stmt) is not None or _contraction(stmt) for stmt in fn.body):
        return fn           # (no contraction: the def-use chains and shapes not worked out)
    facts = _Facts(fn, named_shapes)
    body, changed = [], False
    for i, stmt in enumerate(fn.body):
        contracted = _contracted(stmt, i, facts, fn)
        body.extend(contracted or [stmt])
        changed |= contracted is not None
    return dataclasses.replace(fn, body=body) if changed else fn


def _contraction(stmt) -> bool:
    """Is ``stmt`` a top-level ``np.vdot(p, q)``, ``np.sum(p)`` or ``np.trace(p)`` of values?"""
    if not (isinstance(stmt, Assign) and not stmt.kwargs and all(isinstance(a, Var) for a in stmt.args)):
        return False
    return spelled_as(stmt.prim, np.vdot) and len(stmt.args) == 2 \
        or spelled_as(stmt.prim, np.sum, np.trace) and len(stmt.args) == 1


def _contracted(stmt, i: int, facts: _Facts, fn: Function) -> list | None:
    """The statements computing ``stmt``, a vdot or sum of an outer product times a matrix,
    as ``u @ (S * Q) @ v`` (``u @ S @ v``); None where it is not one."""
    if id(stmt) not in facts.position:
        return None
    written = _written_sum(stmt)
    if written is not None:                 # (r * s).sum() as a transform wrote it
        for r, s in (written, written[::-1]):
            factors = _outer(r, facts, i)
            if factors is not None and fixed(s, facts.chains, facts.position, i) \
                    and _fits(facts, factors, s, None, i):
                return _sandwich(stmt, factors, s, fn)
        return None
    if not _contraction(stmt):
        return None
    if spelled_as(stmt.prim, np.vdot):
        for p, q in ((stmt.args[0], stmt.args[1]), (stmt.args[1], stmt.args[0])):
            found = _scaled_outer(p, i, facts)
            if found is not None and _fits(facts, *found, q, i):
                factors, s = found
                scaled = Var(fn.names.temp())
                return [Assign(scaled, lookup(ast.Mult), (s, q), (), stmt.location),
                        *_sandwich(stmt, factors, scaled, fn)]
        for p, q in ((stmt.args[0], stmt.args[1]), (stmt.args[1], stmt.args[0])):
            factors = _read_outer(p, i, facts)       # np.vdot(R, Q) itself (a number times R's scale moved)
            if factors is not None and isinstance(q, Var) and fixed(q, facts.chains, facts.position, i) \
                    and _fits(facts, factors, q, None, i):
                return _sandwich(stmt, factors, q, fn)
    if spelled_as(stmt.prim, np.sum):
        found = _scaled_outer(stmt.args[0], i, facts)
        if found is not None and _fits(facts, *found, None, i):
            return _sandwich(stmt, *found, fn)
    if spelled_as(stmt.prim, np.trace):             # trace(u vᵀ) = u · v (identity_traces.py writes these)
        factors = _read_outer(stmt.args[0], i, facts)
        shape = factors.shape(facts.shapes) if factors is not None and not factors.low_rank else None
        if shape is not None and shape[0] == shape[1] and not {factors.u, factors.v} & facts.complex:
            return [Assign(stmt.target, lookup(np.vdot), (factors.u, factors.v), (), stmt.location,
                           rebinds=stmt.rebinds)]
    return None


def _written_sum(stmt) -> tuple | None:
    """The two values of ``(r * s).sum()`` as a transform wrote it, in either order."""
    if not (isinstance(stmt, Assign) and isinstance(stmt.prim, WrittenPrimitive) and len(stmt.args) == 2
            and all(isinstance(a, Var) for a in stmt.args)):
        return None
    printed = stmt.prim.primal([to_expr(a) for a in stmt.args])
    if not (isinstance(printed, ast.Call) and not printed.args and not printed.keywords
            and isinstance(printed.func, ast.Attribute) and printed.func.attr == "sum"):
        return None
    product = printed.func.value
    if not (isinstance(product, ast.BinOp) and isinstance(product.op, ast.Mult)
            and sorted([ast.dump(product.left), ast.dump(product.right)])
            == sorted(ast.dump(to_expr(a)) for a in stmt.args)):
        return None
    return stmt.args[0], stmt.args[1]


def _scaled_outer(p: Var, i: int, facts: _Facts) -> tuple | None:
    """(R's factors, S) for ``p = R * S`` (or ``S * R``), ``R`` an outer product, ``p`` read by
    such sums alone."""
    readers = facts.chains.uses.get(p, [])
    if not all(_contraction(r) for r in readers) or not fixed(p, facts.chains, facts.position, i):
        return None       # (read otherwise: the product is formed anyway)
    product = facts.chains.definition(p)
    if not (isinstance(product, Assign) and product.prim.spelling.binop is ast.Mult and not product.kwargs
            and len(product.args) == 2):
        return None
    for r, s in ((product.args[0], product.args[1]), (product.args[1], product.args[0])):
        factors = _outer(r, facts, i)
        if factors is not None and isinstance(s, Var) and fixed(s, facts.chains, facts.position, i):
            return factors, s
    return None


def _read_outer(p: Var, i: int, facts: _Facts) -> "_Factors | None":
    """``R``'s factors where ``p`` is an outer product ``R`` (read elsewhere too or not: where it is
    not, it is never formed; where it is, ``u @ Q @ v`` costs what ``np.vdot(R, Q)`` does)."""
    return _outer(p, facts, i) if fixed(p, facts.chains, facts.position, i) else None


@dataclasses.dataclass(frozen=True)
class _Factors:
    """``R`` as ``u[:, None] * v`` (vectors) or, ``low_rank``, as ``u @ v``, ``u`` (n, k) and
    ``v`` (k, m) with ``k`` below ``n`` and ``m`` (a column times a row: the rank-one adjoint of
    ``Y.T @ solve(K, Y)`` for a one-column ``Y``)."""

    u: Var
    v: Var
    low_rank: bool = False
    v_transposed: Var | None = None     # low rank: ``v.T`` where the function has it (``v`` is ``x.T``)

    def shape(self, shapes: dict) -> tuple:
        return (shapes[self.u][0], shapes[self.v][-1])


def _outer(r, facts: _Facts, i: int) -> _Factors | None:
    """``r``'s factors where it is bound once to an outer product of vectors or a product of a
    narrow and a flat matrix."""
    stmt = _definition(r, facts, i)
    if stmt is None or stmt.kwargs:
        return None
    args = stmt.args
    if spelled_as(stmt.prim, np.einsum) and len(args) == 3 and args[0] == Const("i,j->ij"):
        found = args[1], args[2]
    elif spelled_as(stmt.prim, np.outer) and len(args) == 2:
        found = args
    elif stmt.prim.spelling.binop is ast.Mult and len(args) == 2:
        found = _spread_product(args, facts, i)
    elif stmt.prim.spelling.binop is ast.MatMult and len(args) == 2:
        return _low_rank(args, facts, i)
    else:
        return None
    if found is None or not all(_vector(a, facts, i) for a in found):
        return None
    return _Factors(*found)


def _low_rank(args: tuple, facts: _Facts, i: int) -> _Factors | None:
    """``u @ v`` for matrices (n, k) and (k, m), ``k`` below ``n`` and ``m``, bound once."""
    u, v = args
    shapes = [facts.shapes.get(a) if isinstance(a, Var) and fixed(a, facts.chains, facts.position, i) else None
              for a in args]
    if not all(isinstance(shape, tuple) and len(shape) == 2 for shape in shapes):
        return None
    (n, k), (k2, m) = shapes
    if k != k2 or k >= min(n, m):
        return None
    made = _definition(v, facts, i)
    step = scaling_step(made) if made is not None else None
    transposed = step[2] if step is not None and step[:2] == (1.0, True) and isinstance(step[2], Var) \
        and fixed(step[2], facts.chains, facts.position, i) else None
    return _Factors(u, v, low_rank=True, v_transposed=transposed)


def _spread_product(args: tuple, facts: _Facts, i: int) -> tuple | None:
    """(u, v) for ``u[:, None] * v`` or ``u[:, None] * v[None, :]``, in either order."""
    for column, row in ((args[0], args[1]), (args[1], args[0])):
        u = _spread_of(column, _COLUMN, facts, i)
        if u is not None:
            return u, _spread_of(row, _ROW, facts, i) or row
    return None


_COLUMN, _ROW = (ast.dump(ast.parse(f"x[{index}]", mode="eval").body.slice) for index in (":, None", "None, :"))


def _spread_of(atom, pattern: str, facts: _Facts, i: int):
    """``x`` where ``atom`` is bound once to ``x`` indexed by ``pattern`` (dumped)."""
    stmt = _definition(atom, facts, i)
    index = getattr(stmt.prim, "pattern", None) if stmt is not None else None
    return stmt.args[0] if index is not None and len(stmt.args) == 1 and ast.dump(index) == pattern else None


def _definition(atom, facts: _Facts, i: int) -> Assign | None:
    """The one top-level statement binding ``atom`` before position ``i``."""
    if not fixed(atom, facts.chains, facts.position, i):
        return None
    stmt = facts.chains.definition(atom)
    return stmt if isinstance(stmt, Assign) else None


def _vector(atom, facts: _Facts, i: int) -> bool:
    shape = facts.shapes.get(atom)
    return isinstance(atom, Var) and fixed(atom, facts.chains, facts.position, i) \
        and isinstance(shape, tuple) and len(shape) == 1


def _fits(facts: _Facts, factors: _Factors, s: Var, q, i: int) -> bool:
    """Do the shapes make the contraction the sum (``S * Q`` of the outer product's shape, or,
    for ``np.sum``, ``S`` itself), none of the values complex, ``q`` bound once?"""
    matrix = factors.shape(facts.shapes)
    shape_s, shape_q = facts.shapes.get(s), facts.shapes.get(q) if q is not None else None
    if not isinstance(shape_s, tuple) or {factors.u, factors.v, s, q} & facts.complex:
        return False
    if q is None:
        return shape_s == matrix
    if shape_q != matrix or len(shape_s) > 2 or not fixed(q, facts.chains, facts.position, i):
        return False
    try:
        return np.broadcast_shapes(shape_s, matrix) == matrix
    except ValueError:
        return False


def _sandwich(stmt: Assign, factors: _Factors, matrix: Var, fn: Function) -> list:
    """``stmt``'s target bound to ``u @ matrix @ v`` (low rank: ``np.vdot(u, matrix @ v.T)``)."""
    first, second = Var(fn.names.temp()), Var(fn.names.temp())
    matmul = lookup(ast.MatMult)
    if factors.low_rank:
        transposed = [] if factors.v_transposed else [Assign(first, lookup(np.transpose), (factors.v,), (),
                                                             stmt.location)]
        return [*transposed, Assign(second, matmul, (matrix, factors.v_transposed or first), (), stmt.location),
                Assign(stmt.target, lookup(np.vdot), (factors.u, second), (), stmt.location, rebinds=stmt.rebinds)]
    return [Assign(first, matmul, (factors.u, matrix), (), stmt.location),
            Assign(stmt.target, matmul, (first, factors.v), (), stmt.location, rebinds=stmt.rebinds)]
