"""Forward mode's tangents of solves and determinants, from what the primal computed of the same
matrix (driver/pipeline.py runs it as ``tangent_solves``, on the code a call runs: shapes known).

The rules are written for any layout and any matrix (primitives/linalg.py): a solve's tangent is
``solve_like(a, t_b, y) - solve_like(a, matvec_like(t_a, y, y), y)``, helpers that choose the
right-hand side's layout at run time, two solves of one matrix; a determinant's is
``np.sum(cofactors(a) * t_a, axis=(-2, -1))``, the cofactors from an SVD so that a singular
matrix has them too. On small matrices (a Kalman filter's 2×2) such calls cost what their
NumPy overhead costs, several times the primal's arithmetic. Where the shapes are known:

* two solves of one matrix subtracted, each read only there, are one solve of the difference
  (``solve(a, p) - solve(a, q)`` is ``solve(a, p - q)``: the rule's two terms, one factorization);
* a solve of a matrix (2-D) is ``np.linalg.solve(a, r)``, the layout the helper would choose
  (a vector right-hand side for a vector output), and ``matvec_like(m, z, y)`` is ``m @ z``;
  where the primal computed ``ai = np.linalg.inv(a)`` before it, the solve is ``ai @ r``;
* where the primal computed ``ai = np.linalg.inv(a)`` and ``d = np.linalg.det(a)`` before, the
  cofactors are ``d * ai.T`` (the inverse exists: ``inv`` raises for a singular matrix, so the
  code never gets here with one), and the determinant's tangent ``np.sum(cofactors(a) * t,
  axis=(-2, -1))`` is ``d * np.vdot(ai, t.T)`` (``d`` times the trace of ``ai @ t``);
* the tangent of a product with an inverse, ``k = a @ ai`` (a Kalman gain, ``P @ H.T @ inv(S)``),
  which the rules write ``t_a @ ai + a @ -(ai @ t_s @ ai)``, four products, is
  ``(t_a - k @ t_s) @ ai``, two, reading the primal's ``k`` (associativity alone: ``a @ ai`` is
  ``k``, whatever ``ai`` is).

Only for real values (``np.vdot`` conjugates its first argument), and only the tangents' helper
calls change: the primal's own solves, inverses and determinants stay as the function wrote
them. Each rewrite is exact in exact arithmetic; in floating point the difference is that of
``inv(a) @ r`` and ``solve(a, r)``, both within a multiple of ``cond(a)`` times the rounding unit.
"""
from __future__ import annotations

import ast
import dataclasses

import numpy as np

from ..ad.expressions import ExpressionLowering
from ..analysis.complex_values import may_be_complex
from ..ir.defuse import def_use, defines
from ..ir.nodes import Assign, Const, Function, If, Loop, Var, walk
from ..primitives.cofactors import cofactors
from ..primitives.linalg import matvec_like, solve_like
from ..primitives.registry import spelled_as
from ..rewrites.shapes import known_shapes


def share_factorizations(fn: Function, named_shapes: dict, input_kinds: dict) -> Function:
    """``fn`` with the tangents' solves, matrix-vector helpers and cofactors of matrices of
    known shapes written as the module's docstring says (``fn`` itself where none is): the
    solves subtracted made one first, then each helper call written for the shapes."""
    if not any(isinstance(s, Assign) and (spelled_as(s.prim, solve_like, matvec_like, cofactors) or _negation(s))
               for s in walk(fn.body)):
        return fn
    kinds = {v: input_kinds.get(v.name) for v in [*fn.params, *fn.free.values()]}
    shapes = known_shapes(fn, named_shapes)
    rewritten = fn
    for combining in (True, False):
        rewritten = _Rewriter(rewritten, shapes, may_be_complex(fn, kinds), combining).run()
    return rewritten


class _Rewriter:
    def __init__(self, fn: Function, shapes: dict, complex_values: frozenset, combining: bool):
        self.fn = fn
        self.combining = combining      # the solves subtracted made one, or (after) the calls written for shapes
        self.chains = def_use(fn)
        self.shapes = shapes
        self.complex_values = complex_values
        self.names = fn.names.fork()
        bound = {v.name for s in walk(fn.body) for v in defines(s)} | {v.name for v in [*fn.params, *fn.free.values()]}
        self.lowering = ExpressionLowering(self.names, lambda name: name in bound)
        self.changed = False

    def run(self) -> Function:
        body = self.block(self.fn.body, {})
        if not self.changed:
            return self.fn
        return dataclasses.replace(self.fn, body=body, names=self.names,
                                   folded=frozenset(self.fn.folded | self.lowering.folded))

    def block(self, stmts: list, known: dict) -> list:
        """``stmts`` rewritten; ``known``: ("inv" or "det", matrix) -> the value the primal
        computed of it, in the blocks around (its own entries added as they are bound)."""
        known = dict(known)
        out: list = []
        made_at: dict[Var, int] = {}        # a value bound in this block -> its statement's position in ``out``
        for stmt in stmts:
            if isinstance(stmt, (If, Loop)):
                bound = _bound_in(stmt)
                inner = {key: value for key, value in known.items() if not bound & {*key[1:], value}}
                stmt = dataclasses.replace(stmt, body=self.block(stmt.body, inner), **(
                    {"orelse": self.block(stmt.orelse, inner)} if isinstance(stmt, If)
                    else {"cond_body": self.block(stmt.cond_body, inner)}))
            replaced = self._rewritten(stmt, known, out, made_at) if isinstance(stmt, Assign) else None
            bound = _bound_in(stmt)
            known = {key: value for key, value in known.items() if not bound & {*key[1:], value}}
            if replaced is None:
                replaced = [stmt]
            else:
                self.changed = True
            for new in replaced:
                if isinstance(new, Assign):
                    made_at[new.target] = len(out)
                    self._remember(new, known)
                out.append(new)
        return [s for s in out if s is not None]

    def _remember(self, stmt: Assign, known: dict) -> None:
        if _product(stmt):
            known[("product", *stmt.args)] = stmt.target
        if len(stmt.args) == 1 and isinstance(stmt.args[0], Var) and not stmt.kwargs:
            if spelled_as(stmt.prim, np.linalg.inv):
                known[("inv", stmt.args[0])] = stmt.target
            elif spelled_as(stmt.prim, np.linalg.det):
                known[("det", stmt.args[0])] = stmt.target

    # The rewrites -------------------------------------------------------------------------------
    def _rewritten(self, stmt: Assign, known: dict, out: list, made_at: dict) -> list | None:
        if self.combining:
            subtraction = spelled_as(stmt.prim, np.subtract) or stmt.prim.spelling.binop is ast.Sub
            return self._one_solve(stmt, out, made_at) if subtraction else None
        if spelled_as(stmt.prim, solve_like):
            return self._solve(stmt, known)
        if spelled_as(stmt.prim, matvec_like) and self._matrix(stmt.args[0]) and self._layout(stmt.args[2]):
            return self._lowered(stmt, ast.BinOp(left=_load(stmt.args[0]), op=ast.MatMult(), right=_load(stmt.args[1])))
        if spelled_as(stmt.prim, np.sum):
            return self._determinant_tangent(stmt, known, out, made_at)
        if (spelled_as(stmt.prim, np.add) or stmt.prim.spelling.binop is ast.Add) and len(stmt.args) == 2 \
                and not stmt.kwargs:
            return self._inverse_product_tangent(stmt, known, out, made_at)
        return None

    def _inverse_product_tangent(self, stmt: Assign, known: dict, out: list, made_at: dict) -> list | None:
        """``v = u + w`` of ``u = t_a @ ai`` and ``w = a @ n``, ``n = -m``, ``m = l @ ai``, ``l = ai @
        t_s`` (each read there only, bound in this block), ``k = a @ ai`` computed before (none of
        them bound again since), all matrices of known shapes: ``v = (t_a - k @ t_s) @ ai``."""
        for u_atom, w_atom in (stmt.args, stmt.args[::-1]):
            u, w = self._read_once(u_atom, out, made_at), self._read_once(w_atom, out, made_at)
            if u is None or w is None or not (_product(u) and _product(w)):
                continue
            (t_a, ai), (a, n_atom) = u.args, w.args
            n = self._read_once(n_atom, out, made_at)
            m = self._read_once(n.args[0], out, made_at) if n is not None and _negation(n) else None
            ell = self._read_once(m.args[0], out, made_at) if m is not None and _product(m) and m.args[1] == ai else None
            k = known.get(("product", a, ai))
            if ell is None or not _product(ell) or ell.args[0] != ai or k is None:
                continue
            t_s = ell.args[1]
            if not all(self._matrix(v) for v in (t_a, ai, a, t_s)):
                continue
            for made in (u_atom, w_atom, n_atom, n.args[0], m.args[0]):
                out[made_at[made]] = None
            gain = ast.BinOp(left=_load(k), op=ast.MatMult(), right=_load(t_s))
            difference = ast.BinOp(left=_load(t_a), op=ast.Sub(), right=gain)
            return self._lowered(stmt, ast.BinOp(left=difference, op=ast.MatMult(), right=_load(ai)))
        return None

    def _one_solve(self, stmt: Assign, out: list, made_at: dict) -> list | None:
        """``v = u - w`` of ``u = solve_like(a, p, y)`` and ``w = solve_like(a, q, y)``, each read
        there only, bound in this block, ``a`` a matrix, none of ``a``, ``p``, ``q`` and ``y`` bound
        again since (a loop's carried value, copied): ``v = solve_like(a, p - q, y)``. (``p`` and ``q`` are laid out as ``y`` is,
        as a right-hand side of ``a`` of ``y``'s shape: the difference broadcasts nothing.)"""
        if stmt.kwargs or len(stmt.args) != 2:
            return None
        solves = [self._read_once(atom, out, made_at) for atom in stmt.args]
        if any(s is None or not spelled_as(s.prim, solve_like) for s in solves):
            return None
        (a, p, y), (b, q, x) = solves[0].args, solves[1].args
        since = min(made_at[v] for v in stmt.args)
        rebound = {v for v in (a, p, q, y) if len(self.chains.definitions.get(v, ())) > 1}   # (a merge, a loop's)
        if a != b or y != x or not (self._matrix(a) and self._layout(y)) \
                or any(_bound_in(s) & rebound for s in out[since:] if s is not None):
            return None
        for atom in stmt.args:
            out[made_at[atom]] = None
        difference = self.lowering.part(ast.BinOp(left=_load(p), op=ast.Sub(), right=_load(q)))
        return difference + [dataclasses.replace(stmt, prim=solves[0].prim, args=(a, difference[-1].target, y))]

    def _solve(self, stmt: Assign, known: dict) -> list | None:
        """``solve_like(a, r, y)`` of a matrix ``a`` of known shape and a vector or matrix ``r`` as
        ``ai @ r`` (``ai`` its inverse, computed before) or ``np.linalg.solve(a, r)``."""
        a, r, y = stmt.args
        if not (self._matrix(a) and self._layout(y)):       # (``r`` laid out as ``y`` is)
            return None
        inverse = known.get(("inv", a))
        if inverse is not None and a not in self.complex_values:
            return self._lowered(stmt, ast.BinOp(left=_load(inverse), op=ast.MatMult(), right=_load(r)))
        return self._lowered(stmt, _np_call("linalg.solve", _load(a), _load(r)))

    def _determinant_tangent(self, stmt: Assign, known: dict, out: list, made_at: dict) -> list | None:
        """``s = np.sum(e, axis=(-2, -1))`` of ``e = c * t`` of ``c = cofactors(a)`` (each read
        there only, bound in this block), ``a`` and ``t`` real n×n matrices, ``a``'s inverse
        ``ai`` and determinant ``d`` computed before: ``s = d * np.vdot(ai, t.T)``."""
        if len(stmt.args) != 1 or not _both_axes(stmt.kwargs):
            return None
        product = self._read_once(stmt.args[0], out, made_at)
        if product is None or not (spelled_as(product.prim, np.multiply) or product.prim.spelling.binop is ast.Mult):
            return None
        for c, t in (product.args, product.args[::-1]):
            made = self._read_once(c, out, made_at)
            if made is not None and spelled_as(made.prim, cofactors) and self._factored(made.args[0], known) \
                    and self.shapes.get(t) == self.shapes.get(made.args[0]) and t not in self.complex_values:
                a = made.args[0]
                out[made_at[c]] = out[made_at[stmt.args[0]]] = None
                trace = _np_call("vdot", _load(known[("inv", a)]), ast.Attribute(value=_load(t), attr="T", ctx=ast.Load()))
                return self._lowered(stmt, ast.BinOp(left=_load(known[("det", a)]), op=ast.Mult(), right=trace))
        return None

    # Facts ------------------------------------------------------------------------------------
    def _read_once(self, atom, out: list, made_at: dict) -> Assign | None:
        """The statement of this block binding ``atom``, where only one statement reads it."""
        if not isinstance(atom, Var) or atom not in made_at or out[made_at[atom]] is None:
            return None
        if len(self.chains.uses.get(atom, ())) != 1:
            return None
        return out[made_at[atom]]

    def _matrix(self, atom) -> bool:
        shape = self.shapes.get(atom)
        return isinstance(shape, tuple) and len(shape) == 2 and all(isinstance(n, int) for n in shape)

    def _layout(self, atom) -> bool:
        """Is ``atom`` a vector or a matrix (a solve's output: its right-hand side laid out so)?"""
        shape = self.shapes.get(atom)
        return isinstance(shape, tuple) and len(shape) in (1, 2)

    def _factored(self, a, known: dict) -> bool:
        """Is ``a`` a real square matrix whose inverse and determinant the code computed before?"""
        shape = self.shapes.get(a)
        return self._matrix(a) and shape[0] == shape[1] and ("inv", a) in known and ("det", a) in known \
            and a not in self.complex_values

    def _lowered(self, stmt: Assign, expr: ast.expr) -> list:
        return self.lowering.assign(stmt.target.name, expr, stmt.location)


def _load(atom: Var) -> ast.Name:
    return ast.Name(id=atom.name, ctx=ast.Load())


def _np_call(path: str, *args: ast.expr) -> ast.Call:
    func: ast.expr = ast.Name(id="np", ctx=ast.Load())
    for part in path.split("."):
        func = ast.Attribute(value=func, attr=part, ctx=ast.Load())
    return ast.Call(func=func, args=list(args), keywords=[])


def _product(stmt: Assign) -> bool:
    """``a @ b`` of two values?"""
    return (stmt.prim.spelling.binop is ast.MatMult or spelled_as(stmt.prim, np.matmul)) and len(stmt.args) == 2 \
        and not stmt.kwargs and all(isinstance(a, Var) for a in stmt.args)


def _negation(stmt) -> bool:
    """``-a`` of a value?"""
    return isinstance(stmt, Assign) and (stmt.prim.spelling.unaryop is ast.USub or spelled_as(stmt.prim, np.negative)) \
        and len(stmt.args) == 1 and isinstance(stmt.args[0], Var) and not stmt.kwargs


def _both_axes(kwargs: tuple) -> bool:
    """Are the keywords ``axis=`` alone, naming both axes of a matrix ((-2, -1), (0, 1), ...)?"""
    if len(kwargs) != 1 or kwargs[0][0] != "axis" or not isinstance(kwargs[0][1], Const):
        return False
    axis = kwargs[0][1].value
    return isinstance(axis, tuple) and len(axis) == 2 and all(type(k) is int and -2 <= k < 2 for k in axis) \
        and {k % 2 for k in axis} == {0, 1}


def _bound_in(stmt) -> set:
    """The values ``stmt`` binds, those of the statements nested in it too."""
    blocks = stmt.blocks() if hasattr(stmt, "blocks") else []
    return {var for inner in [stmt, *walk([s for block in blocks for s in block])] for var in defines(inner)}
