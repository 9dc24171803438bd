"""An adjoint's first contribution written into the sum that accumulates the next: ``x = a``
then, with nothing in between reading ``x`` or binding what ``a`` reads, ``x = x + b`` becomes
``x = a + b`` where the second was (reverse mode's ``d_x = g; ...; d_x = d_x + h`` is
``d_x = g + h``): one statement and one array fewer. Part of ``merge_copies`` (opt/copies.py).

The sum is the expression the two printed statements make, ``a + b`` with the identities at its
top applied (``ir.algebra.simplify_top``), lowered again into statements of primitives (the
transform's own lowering, ad/expressions.py: its parts are printed folded back into it). Sums
stop growing at ``cleanup.MAX_DEPTH``: a chain of 2,000 accumulations stays a chain of statements.
"""
from __future__ import annotations

import ast

from ..ad.expressions import ExpressionLowering
from ..ir.algebra import simplify_top
from ..ir.nodes import Assign, Function
from .cleanup import MAX_DEPTH, depth
from .lines import Line, Lines, part_lowering


class Accumulations:
    def __init__(self, fn: Function, lines: Lines):
        self.lines = lines
        self.fn = fn
        self._lowering: ExpressionLowering | None = None     # (made at the first sum)
        # a sum's line head (by id, kept) -> the depth its expression is taken to have (the
        # larger of its terms' plus two, as for the pass on printed code) and the expression
        # itself, the tree its statements were lowered from, which they print back as (a sum
        # taking in the next contribution reads it, not the line printed again: sums of up to
        # MAX_DEPTH terms were printed once per term)
        self._sums: dict[int, tuple[object, int, ast.expr]] = {}
        self._reads: dict[int, tuple[Line, set[str]]] = {}

    @property
    def folded(self) -> set[str]:
        return self._lowering.folded if self._lowering is not None else set()

    def merge(self, line: Line, out: list[Line]) -> bool:
        """Merge the accumulation ``line`` with the earlier binding of its name in ``out``
        (moved down to it, the sum appended to ``out``); False where it cannot."""
        position = self._earlier(line, out)
        if position is None:
            return False
        first = out[position]
        known = self._sums.get(id(first.head))
        a, whole = (self.lines.expression(first) if known is None else known[2]), self.lines.expression(line)
        a_depth = depth(a) if known is None else known[1]
        if a_depth + depth(whole) > MAX_DEPTH:
            return False
        total = simplify_top(ast.BinOp(left=a, op=whole.op, right=whole.right))
        estimate = max(a_depth, depth(whole.right)) + 2
        del out[position]
        stmts = self._lower(line.head.target.name, total)
        stmts[-1].rebinds = first.head.rebinds       # (the name's binding is where the sum is now)
        merged = Line(stmts[:-1], stmts[-1])
        self._sums[id(merged.head)] = (merged.head, estimate, total)
        out.append(merged)
        self.lines.reads[line.head.target] -= 1      # the `x` in `x + b` is gone
        return True

    def moved(self, old, new) -> None:
        """A sum's statement ``old`` binds another name as ``new`` now: its depth and expression
        go with it."""
        if id(old) in self._sums:
            self._sums[id(new)] = (new, *self._sums[id(old)][1:])

    def _earlier(self, line: Line, out: list[Line]) -> int | None:
        """For ``x = x + b`` (or ``- b``), the position in ``out`` of an earlier ``x = a`` that
        can move down to it: only ``name = <expression>`` lines in between, none reading ``x``
        or binding what ``a`` reads, and ``a`` no value that must run where it is (a pop)."""
        head = line.head
        if not (isinstance(head, Assign) and getattr(getattr(head.prim, "spelling", None), "binop", None) in (ast.Add, ast.Sub)
                and len(head.args) == 2 and not head.kwargs and head.args[0] == head.target
                and self.lines.binds_a_name(line)):
            return None
        name = head.target.name
        inner = {p.target.name for p in line.parts}
        right = {v.name for p in line.parts for v in p.uses()} - inner
        if name in right or head.args[1] == head.target:
            return None
        rebound: set[str] = set()
        for j in range(len(out) - 1, -1, -1):
            earlier = out[j]
            if not self.lines.binds_a_name(earlier):
                return None
            reads = self._reads_of(earlier)
            if earlier.head.target.name == name:
                return j if name not in reads and not reads & rebound and not self.lines.must_run(earlier) else None
            if name in reads:
                return None
            rebound.add(earlier.head.target.name)
        return None

    def _reads_of(self, line: Line) -> set[str]:
        """``line.reads()``, computed once per line (each asked of every later accumulation)."""
        if id(line) not in self._reads:
            self._reads[id(line)] = (line, line.reads())
        return self._reads[id(line)][1]

    def _lower(self, target: str, expr: ast.expr) -> list:
        if self._lowering is None:
            self._lowering = part_lowering(self.fn)
        return self._lowering.assign(target, expr)
