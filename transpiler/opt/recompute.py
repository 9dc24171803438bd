"""Store versus recompute across the sweeps of straight-line code, on the IR (driver/pipeline.py
runs it as the ``recompute_cheap`` stage in reverse mode, calls only).

The forward sweep binds values the reverse sweep reads; each one kept is an array alive from
the line computing it to the reverse sweep's last reader, beside everything computed between.
Where such a value is an elementwise operation on values alive at its readers anyway (the
parameters, or values the reverse sweep reads later: ``_t8 = 1 - p`` where the reverse reads
``p``), keeping it buys nothing but one operation: it is computed again in each reader instead,
as a reverse loop recomputes what is cheap rather than taping it (primitives/cost.py's policy,
``worth_keeping``). So logistic regression's reverse sweep reads ``(1 - y) / (1 - p)`` and
``p * (1 - p)`` where it kept ``_t7 = 1 - y`` and ``_t8 = 1 - p`` beside ``p`` from the forward
sweep: two arrays fewer at its peak, for one subtraction more.

A value is recomputed only where that cannot raise the peak and costs one operation per read: a
line of one primitive binding a name bound nowhere else (a loop's value rebound in the loop's
body is no candidate), read by no line of the forward sweep (no chain is moved), every reader a line of the reverse
sweep printed ``name = <expression>`` at the top level; every line of the value a free or cheap
elementwise primitive (arithmetic, comparisons, logic, ``np.where``, shapes and indexing: no
reduction, product, transcendental function, draw or pop), on operands no larger than the value
itself; each name it reads bound once, never written through, and alive at its last reader
(a parameter, a free name, or read at or after that reader). The recomputed value is the same
operations on the same operands: bit for bit the kept one.
"""
from __future__ import annotations

import ast
import dataclasses
import math
from collections import Counter

from ..ad.expressions import ExpressionLowering
from ..ir.code import is_comment
from ..ir.nodes import Assign, Copy, Effect, Function, Var, to_expr, walk
from ..primitives.cost import cost_class
from .cleanup import MAX_DEPTH, Substitute, depth
from .lines import Line, Lines, bound, flat, part_lowering, read_counts

# the primitive families whose free or cheap members are recomputed: elementwise work, views and
# selections (not reductions, products, containers, runtime helpers or calls that simply run)
RECOMPUTED_FAMILIES = frozenset({
    "arithmetic", "comparison", "logic", "elementwise", "elementwise math", "piecewise constant",
    "selection", "shape", "indexing", "constructors"})
# a value read more often than this stays kept (each read computes it once more)
MOST_READERS = 3


def recompute_cheap_values(fn: Function, shapes: dict) -> Function:
    """``fn`` with the forward sweep's cheap values that only the reverse sweep reads computed in
    their readers instead of kept (``fn`` itself where none is)."""
    if not any(_cheap_operation(stmt, shapes) for stmt in _forward_sweep(fn.body)):
        return fn               # (most functions: nothing to recompute, decided before the lines are grouped)
    return _Recomputation(fn, shapes).run()


def _forward_sweep(stmts: list):
    """The statements of the function's body before the reverse sweep's comment (all of them
    where there is none)."""
    for stmt in stmts:
        if _starts_reverse_sweep(stmt):
            return
        yield stmt


def _cheap_operation(stmt, shapes: dict) -> bool:
    """Is ``stmt`` a free or cheap elementwise primitive binding an array of known shape? (What
    the one statement of a line :meth:`_Recomputation._cheap` accepts must be.)"""
    prim = getattr(stmt, "prim", None)
    shape = shapes.get(stmt.target.name) if isinstance(stmt, Assign) else None
    return (_known(shape) and shape != () and getattr(prim, "family", None) in RECOMPUTED_FAMILIES
            and cost_class(prim) in ("free", "cheap"))


class _Recomputation:
    def __init__(self, fn: Function, shapes: dict):
        self.fn, self.shapes = fn, shapes
        self.reads = read_counts(fn)
        self.lines = Lines(fn, self.reads)
        self.lowering: ExpressionLowering | None = None       # (made at the first value recomputed)

    def run(self) -> Function:
        lines = self.lines.group(self.fn.body, top=True)
        boundary = next((k for k, line in enumerate(lines) if _starts_reverse_sweep(line.head)), None)
        if boundary is None:
            return self.fn
        # (the forward sweep's lines of one cheap operation: what no rewrite below changes, and, in
        # most functions, none, decided before the rest is worked out)
        candidates = [k for k in reversed(range(boundary)) if self._one_cheap_operation(lines[k])]
        if not candidates:
            return self.fn
        self.bindings = Counter(name for stmt in walk(self.fn.body) for name in bound(stmt))
        self.written = {v.name for stmt in walk(self.fn.body) if isinstance(stmt, Effect) for v in stmt.uses()}
        # (a value the forward sweep reads is no candidate even once its reader moved: recomputing
        # chains, `x > 0` then `np.where(...)` of it, costs more per read than one operation)
        self.read_forward = {name for line in lines[:boundary] for name in line.reads()}
        # (which lines read each name, kept up to date as readers are rewritten: asking every
        # line of the reverse sweep for each candidate was quadratic in the function's length)
        self.readers: dict[str, set[int]] = {}
        for k, line in enumerate(lines):
            self._index(k, line)
        # (last first: a value moved into the reverse sweep may leave the values it read read
        # only there, ``_t1 = x > 0`` once ``np.where(_t1, x, 0.1 * x)`` is computed in its reader)
        moved = {k for k in candidates if self._recomputed(k, lines, boundary)}
        if not moved:
            return self.fn
        kept = [line for k, line in enumerate(lines) if k not in moved]
        lowered = self.lowering.folded if self.lowering is not None else set()
        return dataclasses.replace(self.fn, body=flat(kept), folded=self.fn.folded | lowered)

    def _recomputed(self, i: int, lines: list[Line], boundary: int) -> bool:
        """Compute the value of the forward sweep's line ``i`` in each of its readers, where the
        rules allow; True where it was."""
        line = lines[i]
        name = line.head.target
        if name.name in self.read_forward or self.bindings[name.name] > 1:
            return False        # (bound again, in a loop after it: its readers may see that value)
        readers = sorted(k for k in self.readers.get(name.name, ()) if k >= boundary)
        # (every read of it in those lines: none in the forward sweep, none in a loop or a branch;
        # each read computes it once)
        top_reads = sum(s.uses().count(name) for k in readers for s in lines[k].stmts)
        if not readers or top_reads != self.reads[name] or top_reads > MOST_READERS:
            return False
        if not all(self._assignment(lines[k]) for k in readers):
            return False
        if any(self._for_its_shape(name, lines[k]) for k in readers):
            return False            # (`unreduce(g, y, ...)` reads `y`'s shape: the backend writes it out)
        if not all(self._alive_at(operand, readers[-1], i, lines) for operand in line.reads()):
            return False
        value = self.lines.expression(line)
        rewritten = []
        for k in readers:
            printed = ast.Assign(targets=[ast.Name(id="_", ctx=ast.Store())], value=self.lines.expression(lines[k]))
            substituted = Substitute({name.name: value}).visit(printed)
            if depth(substituted) > MAX_DEPTH:
                return False
            rewritten.append((k, substituted.value))
        for k, expr in rewritten:
            self._rewrite(k, lines[k], expr)
        self.reads[name] = 0
        inner = {part.target for part in line.parts}
        for stmt in line.stmts:         # (its operands read once more by each read after the first)
            for operand in stmt.uses():
                if operand not in inner:
                    self.reads[operand] += top_reads - 1
        return True

    def _one_cheap_operation(self, line: Line) -> bool:
        """Is ``line`` a name bound to one cheap operation? (One operation per read at most:
        ``1 - p``, not a chain.) A forward line: the rewrites of the reverse sweep's leave it as it is."""
        return self.lines.binds_a_name(line) and len(line.stmts) == 1 and self._cheap(line)

    def _cheap(self, line: Line) -> bool:
        """Is every statement of ``line`` a free or cheap elementwise primitive, its value an
        array of known shape no smaller than any array it reads?"""
        shape = self.shapes.get(line.head.target.name)
        if not _known(shape) or shape == ():
            return False
        for stmt in line.stmts:
            prim = getattr(stmt, "prim", None)
            if not isinstance(stmt, Assign) or getattr(prim, "family", None) not in RECOMPUTED_FAMILIES:
                return False
            if cost_class(prim) not in ("free", "cheap") or self.lines.must_run(Line([], stmt)):
                return False
        size = math.prod(shape)
        operands = [self.shapes.get(name) for name in line.reads()]
        return all(_known(s) and math.prod(s) <= size for s in operands)

    def _assignment(self, line: Line) -> bool:
        """Is ``line`` printed ``name = <expression>`` (a value bound, or the one returned)?"""
        return isinstance(line.head, (Assign, Copy)) and (self.lines.binds_a_name(line) or line.returned)

    @staticmethod
    def _for_its_shape(name: Var, line: Line) -> bool:
        """Does a statement of ``line`` read ``name`` only for its shape (or structure)?"""
        return any(isinstance(stmt, Assign) and any(a == name and k in stmt.prim.reads_shape
                                                    for k, a in enumerate(stmt.args)) for stmt in line.stmts)

    def _alive_at(self, operand: str, last: int, i: int, lines: list[Line]) -> bool:
        """Is ``operand`` bound once (or not at all: a parameter, a free name), never written
        through, and alive at the line ``last`` anyway: unbound in the body, or read there or after?"""
        if self.bindings[operand] > 1 or operand in self.written:
            return False
        if self.bindings[operand] == 0:
            return True
        return any(k >= last and k != i for k in self.readers.get(operand, ()))

    def _index(self, k: int, line: Line) -> None:
        for name in line.reads():
            self.readers.setdefault(name, set()).add(k)

    def _rewrite(self, k: int, reader: Line, expr: ast.expr) -> None:
        for name in reader.reads():
            self.readers[name].discard(k)
        head = reader.head
        if self.lowering is None:
            self.lowering = part_lowering(self.fn)
        stmts = self.lowering.assign(head.target.name, expr)
        for stmt in stmts:
            stmt.location = head.location
        stmts[-1].rebinds = head.rebinds
        reader.parts, reader.head = stmts[:-1], stmts[-1]
        self._index(k, reader)


def _starts_reverse_sweep(stmt) -> bool:
    """Is ``stmt`` the ``# reverse sweep`` comment reverse mode writes between its sweeps?"""
    if not isinstance(stmt, Effect):
        return False
    printed = stmt.prim.primal([to_expr(a) for a in stmt.args])
    return (isinstance(printed, ast.stmt) and is_comment(printed)
            and printed.value.args[0].value == "reverse sweep")


def _known(shape) -> bool:
    return isinstance(shape, tuple) and all(type(n) is int for n in shape)
