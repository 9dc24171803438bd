"""Copy propagation on the IR, both modes (driver/pipeline.py runs it as the ``merge_copies``
stage): a copy ``y = x`` whose ``x`` nothing else reads disappears into the statement computing
``x``, which binds ``y`` instead.

* ``x = <expr>`` directly followed by ``y = x`` becomes ``y = <expr>``. Most such copies are
  phis: the end-of-iteration update of a loop-carried value, a value leaving a branch. The
  statement computing the value then binds the phi itself (the verifier takes any binding
  statement in a phi's place: ir/verifier.py), one statement fewer per iteration.
* ``x = <expr>`` a few statements before ``y = x``, only simple statements in between and none
  of them mentioning ``x`` or ``y`` (a branch in between may ``break`` with ``y``'s old value):
  ``y = <expr>`` where ``x``'s was (a loop-carried value's new version bound under its own
  name: ``x_2 = r * x_1; ...; x_1 = x_2`` is ``x_1 = r * x_1``). Forward mode's tangent copy
  ``t_y = t_x`` stays where its primal's ``y = x`` does, so that each tangent is named after
  the primal it follows.
* ``x = a; ...; x = x + b`` becomes ``...; x = a + b`` (opt/accumulations.py).

Never a value that must be computed where it is though unused (a pop: ``liveness.pops``), whose
statement must stay a statement of its own. The IR is reverse mode's too, which binds a name
again (``rebinds``: adjoints accumulate): reads are counted by name, as Python reads them, and a
statement that now binds ``y`` rebinds it where the copy did (nothing in between mentions
``y``). The rules are those the same pass on printed code followed before it moved to the IR,
decided on the lines a backend prints (opt/lines.py), so that the printed result is the same.
"""
from __future__ import annotations

import ast
import dataclasses
from collections import Counter

from ..ir.code import load, store
from ..ir.nodes import Assign, Copy, Effect, Function, Var, to_expr, walk
from ..primitives.written import written_statement
from .accumulations import Accumulations
from .lines import Line, Lines, flat, read_counts, with_blocks_rewritten

# How far back a copy's source is looked for (each copy's scan is bounded: linear compile time).
_COPY_WINDOW = 16


def merge_copies(fn: Function) -> Function:
    """``fn`` with its copies merged (``fn`` itself where none is)."""
    reads = read_counts(fn)
    merger = _Merger(fn, reads)
    body = merger.block(fn.body, top=True)
    if not merger.changed:
        return fn
    return dataclasses.replace(fn, body=body, folded=fn.folded | merger.accumulations.folded)


class _Merger:
    def __init__(self, fn: Function, reads: Counter):
        self.lines = Lines(fn, reads)
        self.reads = reads
        self.accumulations = Accumulations(fn, self.lines)
        self.changed = False

    def block(self, stmts: list, top: bool = False) -> list:
        out: list[Line] = []
        for line in self.lines.group(stmts, top):
            line.head = with_blocks_rewritten(line.head, self.block)
            if self.accumulations.merge(line, out) or self._adjacent(line, out) or self._renamed(line, out):
                self.changed = True
            else:
                out.append(line)
        return flat(out)

    def _copy(self, line: Line) -> tuple[Var, Var] | None:
        """(target, source) of a line that is the copy ``y = x``."""
        head = line.head
        if isinstance(head, Copy) and isinstance(head.source, Var) and not line.parts and self.lines.binds_a_name(line):
            return head.target, head.source
        return None

    def _adjacent(self, line: Line, out: list[Line]) -> bool:
        copied = self._copy(line)
        if copied is None or not out:
            return False
        previous = out[-1]
        if not (self.lines.binds_a_name(previous) and previous.head.target == copied[1]
                and self.reads[copied[1]] == 1 and not self.lines.must_run(previous)):
            return False
        previous.head = self._retargeted(previous.head, line.head.target, line.head.rebinds, line.head)
        return True

    def _renamed(self, line: Line, out: list[Line]) -> bool:
        """Each copy ``y = x`` of ``line`` (one, or several made at once: ``a, b = a_1, b_1``)
        whose ``x`` is bound by one of the last lines of ``out``: that line binds ``y`` instead.
        True where no copy is left of ``line``; ``line`` keeps those left."""
        pairs = self._pairs(line)
        if pairs is None:
            return False
        left = []
        for y, x in pairs:
            others = {v for t, v in pairs if (t, v) != (y, x)}      # (read by the same parallel copy)
            position = (self._source_of(x.name, y.name, out)
                        if self.reads[x] == 1 and y not in others and not self._primal_copy_kept(y, x, out) else None)
            if position is None:
                left.append((y, x))
                continue
            # (one of several copies made at once binds a name bound before: reverse mode's loops')
            rebinds = line.head.rebinds if isinstance(line.head, Copy) else True
            out[position].head = self._retargeted(out[position].head, y, rebinds, line.head)
            self.reads[x] -= 1
        if len(left) == len(pairs):
            return False
        if not left:
            return True
        self.changed = True
        line.head = self._copies(left, line.head)
        return False

    def _pairs(self, line: Line) -> list[tuple[Var, Var]] | None:
        """(target, source) of each copy the line makes: ``y = x``, or ``a, b = a_1, b_1``
        (a statement the transform wrote)."""
        copied = self._copy(line)
        if copied is not None:
            return [copied]
        head = line.head
        if not (isinstance(head, Effect) and getattr(head.prim, "statement", None) and not line.parts):
            return None
        statement_class = getattr(head.prim, "statement_class", None)
        if statement_class is not None and statement_class() is not ast.Assign:
            return None         # (most: ``d_x[i] += g``, not built to be ruled out)
        printed = head.prim.statement([to_expr(a) for a in head.args])
        if not (isinstance(printed, ast.Assign) and len(printed.targets) == 1):
            return None
        target, value = printed.targets[0], printed.value
        if not (isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple) and len(target.elts) == len(value.elts)
                and all(isinstance(n, ast.Name) for n in target.elts + value.elts)):
            return None
        return [(Var(t.id), Var(v.id)) for t, v in zip(target.elts, value.elts)]

    def _copies(self, pairs: list[tuple[Var, Var]], made_by):
        """The copies ``pairs`` left of the statement ``made_by``: one ``Copy``, or the written
        statement making them at once."""
        if len(pairs) == 1:
            y, x = pairs[0]
            return Copy(y, x, location=made_by.location, rebinds=True)
        statement = ast.Assign(targets=[ast.Tuple(elts=[store(y.name) for y, _ in pairs], ctx=ast.Store())],
                               value=ast.Tuple(elts=[load(x.name) for _, x in pairs], ctx=ast.Load()))
        prim, reads = written_statement(statement, lambda name: True)
        return Effect(prim, tuple(map(Var, reads)), location=made_by.location)

    def _retargeted(self, head, target: Var, rebinds: bool, copy_):
        """``head`` binding the copy's ``target`` instead, as the copy did (rebinding it or not)."""
        extra = {"carry": getattr(copy_, "carry", False)} if isinstance(head, Copy) else {}
        new = dataclasses.replace(head, target=target, rebinds=rebinds, **extra)
        self.accumulations.moved(head, new)
        return new

    def _source_of(self, x: str, y: str, out: list[Line]) -> int | None:
        """The position in ``out`` of ``x = <expr>`` after which only simple statements come,
        none mentioning ``y`` or ``x``."""
        for k in range(len(out) - 1, max(-1, len(out) - 1 - _COPY_WINDOW), -1):
            earlier = out[k]
            head = earlier.head
            if isinstance(head, (Assign, Copy)) and head.target.name == x:
                return k if self.lines.binds_a_name(earlier) and not self.lines.must_run(earlier) else None
            if self.lines.printed_kind(earlier) not in (ast.Assign, ast.AugAssign, ast.Expr):
                return None
            mentioned = earlier.mentions()
            if y in mentioned or x in mentioned:
                return None
        return None

    def _primal_copy_kept(self, y: Var, x: Var, out: list[Line]) -> bool:
        """Forward mode's tangent ``t_y = t_x`` whose primal's copy ``y = x`` stays."""
        if not (y.name.startswith("t_") and x.name.startswith("t_")):
            return False
        copies = {(c[0].name, c[1].name) for c in map(self._copy, out[-_COPY_WINDOW:]) if c is not None}
        return any((p + y.name[2:], p + x.name[2:]) in copies for p in ("", "_"))
