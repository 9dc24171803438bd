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
from .lines import Line, Lines, part_lowering, with_blocks_rewritten
from .loop_code import printed_line


def propagate_constants(fn: Function) -> Function:
    """``fn`` with its names bound once, at the top level, to a float replaced by the number where
    read (``fn`` itself where none is)."""
    changed = fn
    while True:
        propagated = _Propagation(changed).run()
        if propagated is None:
            return changed
        changed = propagated


class _Propagation:
    def __init__(self, fn: Function):
        self.fn = fn
        self.reads = Counter(v for stmt in walk(fn.body) for v in stmt.uses())
        if isinstance(fn.result, Var):
            self.reads[fn.result] += 1
        self.lines = Lines(fn, self.reads)
        self.lowering = None

    def run(self) -> Function | None:
        """One round: the floats bound at the top level now substituted (None where none is)."""
        bindings = Counter(var.name for stmt in walk(self.fn.body) for var in defines(stmt))
        values = {}
        for line in self.lines.group(self.fn.body, top=True):
            head = line.head
            if (isinstance(head, (Assign, Copy)) and not line.returned and bindings[head.target.name] == 1
                    and head.target != self.fn.result and self.lines.binds_a_name(line)):
                number = constant(self.lines.expression(line))
                if type(number) is float:
                    values[head.target.name] = number
        if not values:
            return None
        self.values = values
        body = self.block(self.fn.body, top=True)
        folded = self.fn.folded | (self.lowering.folded if self.lowering else set())
        return dataclasses.replace(self.fn, body=body, folded=folded)

    def block(self, stmts: list, top: bool = False) -> list:
        out = []
        for line in self.lines.group(stmts, top):
            head = line.head
            if isinstance(head, (Assign, Copy)) and head.target.name in self.values:
                continue                                  # (the number's own binding: read nowhere now)
            if isinstance(head, (If, Loop)):
                out += [*line.parts, with_blocks_rewritten(_atoms_replaced(head, self.values), self.block)]
            elif line.reads() & set(self.values):
                out += self._rewritten(line)
            else:
                out += line.stmts
        return out

    def _rewritten(self, line: Line) -> list:
        """``line`` reading the numbers, simplified, as IR statements again."""
        numbers = {name: ast.Constant(value) if value >= 0 else ast.UnaryOp(op=ast.USub(), operand=ast.Constant(-value))
                   for name, value in self.values.items()}
        stmt = simplify(Substitute(numbers).visit(printed_line(line)))
        if self.lowering is None:
            self.lowering = part_lowering(self.fn)
        head = line.head
        if isinstance(head, (Assign, Copy)):
            nodes = self.lowering.assign(head.target.name, stmt.value)
            nodes[-1].rebinds = head.rebinds
        else:
            nodes = list(built.nodes_of(built.statement(stmt, self.lowering)))
            nodes[-1].rebinds = head.rebinds
        for node in nodes:
            node.location = head.location
        return nodes


def _atoms_replaced(stmt, values: dict[str, float]):
    """An ``if``'s test or a loop's head reading one of the numbers: the number in its place."""
    def atom(a):
        return Const(values[a.name]) if isinstance(a, Var) and a.name in values else a
    if isinstance(stmt, If):
        return dataclasses.replace(stmt, test=atom(stmt.test))
    return dataclasses.replace(stmt, range_args=tuple(atom(a) for a in stmt.range_args), cond=atom(stmt.cond),
                               first=atom(stmt.first), count=atom(stmt.count), exit_flag=atom(stmt.exit_flag))
