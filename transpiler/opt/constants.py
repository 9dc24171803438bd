"""A name bound once, at the top level, to a float (``d_s = 1.0``, an output's adjoint given a name
for a loop) replaced by the number where it is read, and the arithmetic on it simplified
(``d_s * g`` is ``g``, ``d_s * 100.0`` is ``100.0``, which is propagated in turn).

opt/passes.py runs it after opt/vectorize.py: a loop read the adjoint once per iteration, the
array code reads it once, where a multiplication by 1.0 over every iteration's array is work for
nothing. Each line reading the number (opt/lines.py: a statement with the parts folded into it)
is rewritten as its expression, the number in it, simplified (ir/algebra.py), and lowered again
into primitives whose parts the backend prints folded back (ad/expressions.py).
"""
from __future__ import annotations

import ast
import dataclasses
from collections import Counter

from ..ad import built
from ..ir.algebra import constant, simplify
from ..ir.defuse import defines
from ..ir.nodes import Assign, Const, Copy, Function, If, Loop, Var, walk
from .cleanup import Substitute
from .lines import Line, Lines, part_lowering, read_counts, with_blocks_rewritten
from .loop_code import printed_line


def propagate_constants(fn: Function) -> Function:
    """``fn`` with its names bound once, at the top level, to a float replaced by the number where
    read (``fn`` itself where none is). One walk in program order: a top-level binding comes
    before every read of its name, and a line the numbers made a number (``d_t8 = 1.0 * 100.0``)
    is one more number for the lines after it."""
    bindings = Counter(var.name for stmt in walk(fn.body) for var in defines(stmt))
    once = {s.target.name for s in fn.body if isinstance(s, (Assign, Copy)) and bindings[s.target.name] == 1}
    if not once:
        return fn
    return _Propagation(fn, once).run()


class _Propagation:
    def __init__(self, fn: Function, once: set[str]):
        self.fn, self.once = fn, once
        self.reads = read_counts(fn)
        self.lines = Lines(fn, self.reads)
        self.values: dict[str, float] = {}
        self.lowering = None

    def run(self) -> Function:
        body = self.block(self.fn.body, top=True)
        if not self.values:
            return self.fn
        folded = self.fn.folded | (self.lowering.folded if self.lowering else set())
        return dataclasses.replace(self.fn, body=body, folded=folded)

    def block(self, stmts: list, top: bool = False) -> list:
        out = []
        for line in self.lines.group(stmts, top):
            head = line.head
            if isinstance(head, (If, Loop)):
                if self.values:
                    head = with_blocks_rewritten(_atoms_replaced(head, self.values), self.block)
                out += [*line.parts, head]
                continue
            if self.values and line.reads() & set(self.values):
                line = self._rewritten(line)
            if top and self._number(line):
                continue                              # (read nowhere once it is propagated)
            out += line.stmts
        return out

    def _number(self, line: Line) -> bool:
        """Is ``line`` a float bound once at the top level? Then it is one of the numbers."""
        head = line.head
        if not (isinstance(head, (Assign, Copy)) and head.target.name in self.once and not line.returned
                and head.target != self.fn.result):
            return False
        if not (line.parts == [] and all(isinstance(a, Const) for a in _reads(head))):
            return False                              # (reads a value: no number)
        if not self.lines.binds_a_name(line):
            return False
        number = constant(self.lines.expression(line))
        if type(number) is not float:
            return False
        self.values[head.target.name] = number
        return True

    def _rewritten(self, line: Line) -> Line:
        """``line`` reading the numbers, simplified, as IR statements again."""
        numbers = {name: ast.Constant(value) if value >= 0 else ast.UnaryOp(op=ast.USub(), operand=ast.Constant(-value))
                   for name, value in self.values.items()}
        stmt = simplify(Substitute(numbers).visit(printed_line(line)))
        if self.lowering is None:
            self.lowering = part_lowering(self.fn)
        head = line.head
        if isinstance(head, (Assign, Copy)):
            nodes = self.lowering.assign(head.target.name, stmt.value)
        else:
            nodes = list(built.nodes_of(built.statement(stmt, self.lowering)))
        if hasattr(head, "rebinds"):          # (an Effect's line has none)
            nodes[-1].rebinds = head.rebinds
        for node in nodes:
            node.location = head.location
            if node is not nodes[-1]:
                self.reads[node.target] = 1       # (a part: read once, by the line's head)
        return Line(nodes[:-1], nodes[-1], line.returned)


def _reads(stmt) -> tuple:
    """The atoms a binding reads (a copy's source, an assignment's arguments)."""
    return (stmt.source,) if isinstance(stmt, Copy) else (*stmt.args, *(v for _, v in stmt.kwargs))


def _atoms_replaced(stmt, values: dict[str, float]):
    """An ``if``'s test or a loop's head reading one of the numbers: the number in its place (and
    in a ``while`` test printed in its head, which is no block of its own)."""
    def atom(a):
        return Const(values[a.name]) if isinstance(a, Var) and a.name in values else a
    if isinstance(stmt, If):
        return dataclasses.replace(stmt, test=atom(stmt.test))
    cond_body = stmt.cond_body
    if stmt.test_inline:
        cond_body = [dataclasses.replace(s, args=tuple(map(atom, s.args)), kwargs=tuple((k, atom(v)) for k, v in s.kwargs))
                     if isinstance(s, Assign) else s for s in cond_body]
    return dataclasses.replace(stmt, range_args=tuple(atom(a) for a in stmt.range_args), cond=atom(stmt.cond),
                               first=atom(stmt.first), count=atom(stmt.count), exit_flag=atom(stmt.exit_flag),
                               cond_body=cond_body)
