"""The IR statements of a block grouped into the lines a backend prints them as
(backends/python_code.py): a statement and, before it, the temporaries the transform split out of
its expression (the function's ``folded``, each read once), which the printer folds back into it.

The passes that decide as the same passes on printed code did (opt/copies.py: which statement a
copy merges into, which accumulation takes in an adjoint's first contribution) look at lines, so
that "the statement before", "what it reads" and "how deep its expression is" mean what they
meant for the printed statement.
"""
from __future__ import annotations

import ast
import dataclasses
from collections import Counter
from dataclasses import dataclass

from ..ad.expressions import ExpressionLowering
from ..ir.liveness import pops
from ..ir.memo import remembered
from ..ir.nodes import Assign, Copy, Effect, Function, If, Loop, Var, to_expr, walk
from ..primitives.written import written_in_place


@dataclass
class Line:
    """``parts`` (folded into ``head`` when printed), then ``head``."""

    parts: list
    head: object
    returned: bool = False     # the result's binding, printed as the function's ``return``

    @property
    def stmts(self) -> list:
        return [*self.parts, self.head]

    def reads(self) -> set[str]:
        """The names the printed statement reads (the parts' own names are never printed)."""
        if not self.parts:          # (most lines)
            return {v.name for v in self.head.uses()}
        inner = {p.target.name for p in self.parts}
        return {v.name for s in self.stmts for v in s.uses()} - inner

    def mentions(self) -> set[str]:
        """The names the printed statement reads or binds."""
        return self.reads() | bound(self.head)


def read_counts(fn: Function) -> Counter:
    """How often each value is read: by each statement (``x * x`` twice) and by the return. A
    Counter of the caller's own (passes count their rewrites into it), copied from one worked out
    once per function (ir/memo.py): the passes run one after another, most leave the IR as it was."""
    return Counter(remembered(fn, "read counts", lambda: _read_counts(fn)))


def _read_counts(fn: Function) -> Counter:
    reads = Counter(v for stmt in walk(fn.body) for v in stmt.uses())
    if isinstance(fn.result, Var):
        reads[fn.result] += 1
    return reads


def bound(stmt) -> set[str]:
    """The names a simple statement binds."""
    if isinstance(stmt, (Assign, Copy)):
        return {stmt.target.name}
    return set(getattr(getattr(stmt, "prim", None), "targets", ()))


class Lines:
    """Groups a function's blocks into lines; knows which statements are folded parts and which
    lines print as something other than ``name = <expression>``."""

    def __init__(self, fn: Function, reads: dict):
        self.reads = reads
        self.folded = fn.folded
        # the result as the printer folds it into the return (a transform's name for it, read once)
        result = fn.result
        returned = isinstance(result, Var) and result.name not in fn.names.user and reads.get(result) == 1
        self.result = result if returned else None
        self.pairs = _unpacked_pairs(fn, reads)

    def group(self, stmts: list, top: bool = False) -> list[Line]:
        """The lines of the block ``stmts`` (``top``: the function's body, which the result's
        binding ends)."""
        lines, parts = [], []
        for stmt in stmts:
            if self.is_part(stmt):
                parts.append(stmt)
            else:
                returned = top and isinstance(stmt, (Assign, Copy)) and stmt.target == self.result
                reached = _reached(parts, stmt) if parts else frozenset()   # (most have no parts)
                # (a part the statement does not read, a second transform's statement having come
                # between a first one's part and its reader, is printed as a line of its own)
                lines.extend(Line([], p) for p in parts if p.target not in reached)
                lines.append(Line([p for p in parts if p.target in reached], stmt, returned))
                parts = []
        lines.extend(Line([], p) for p in parts)     # (never: a part is read by the statement after it)
        return lines

    def is_part(self, stmt) -> bool:
        return (isinstance(stmt, (Assign, Copy)) and stmt.target.name in self.folded
                and self.reads.get(stmt.target) == 1)

    def binds_a_name(self, line: Line) -> bool:
        """Is ``line`` printed ``name = <expression>`` (the value a name is bound to)? Not the
        result's (printed as the return), not a pair the printer unpacks (``p = e; a = p[0];
        b = p[1]`` printed ``a, b = e``), nor one of its items. (A transform's temporary read
        more than once, a part two equal parts became, is printed as a line of its own.)"""
        head = line.head
        if not isinstance(head, (Assign, Copy)) or line.returned or head.target.name in self.pairs:
            return False
        return not self.pairs or not any(v.name in self.pairs for s in line.stmts for v in s.uses())

    @staticmethod
    def expression(line: Line) -> ast.expr:
        """The expression the line's head binds, its parts folded in."""
        return _folded(line.head, {p.target: p for p in line.parts})

    def must_run(self, line: Line) -> bool:
        """Does the head's value have to be computed where it is, read or not (a tape's pop)?"""
        head = line.head
        if isinstance(head, Copy):
            return False
        return bool(getattr(head.prim, "pops", False)) or pops(self.top(head))

    @staticmethod
    def top(head: Assign) -> ast.expr:
        """The head's expression with its parts unprinted (enough to see what runs at its top)."""
        return head.prim.primal([to_expr(a) for a in head.args], [(k, to_expr(v)) for k, v in head.kwargs])

    @staticmethod
    def printed_kind(line: Line) -> type:
        """The kind of Python statement the line prints as (an effect's own)."""
        head = line.head
        if isinstance(head, (Assign, Copy)):
            return ast.Assign
        if isinstance(head, Effect):
            statement_class = getattr(head.prim, "statement_class", None)
            if statement_class is not None:
                return statement_class()
            statement = getattr(head.prim, "statement", None)
            return type(statement([to_expr(a) for a in head.args])) if statement else ast.Expr
        return type(head)


def _folded(stmt, parts: dict) -> ast.expr:
    """The expression ``stmt`` binds with ``parts`` (target -> statement) folded in. (Functions
    of the module, not closures calling each other: such a pair is a reference cycle, garbage
    only the cycle collector frees, made for every line printed.)"""
    if isinstance(stmt, Copy):
        return _atom(stmt.source, parts)
    return stmt.prim.primal([_atom(a, parts) for a in stmt.args], [(k, _atom(v, parts)) for k, v in stmt.kwargs])


def _atom(atom, parts: dict) -> ast.expr:
    stmt = parts.get(atom)
    return to_expr(atom) if stmt is None else _folded(stmt, parts)


def _reached(parts: list, head) -> set[Var]:
    """The targets of ``parts`` that ``head`` reads, directly or through other parts."""
    values = {p.target: p for p in parts}
    reached: set[Var] = set()
    stack = [head]
    while stack:
        for var in stack.pop().uses():
            if var in values and var not in reached:
                reached.add(var)
                stack.append(values[var])
    return reached


def _unpacked_pairs(fn: Function, reads: dict) -> set[str]:
    """The transform's temporaries the printer unpacks into their two items' names (forward
    mode's recursive call: ``p = e; a = p[0]; b = p[1]`` printed ``a, b = e``): read twice,
    each time by an item read ``p[k]``."""
    if not any(count == 2 and var.name in fn.folded for var, count in reads.items()):
        return set()            # (the common case, decided without walking the function)
    items: dict[str, int] = {}
    for stmt in walk(fn.body):
        if (isinstance(stmt, Assign) and len(stmt.args) == 1 and isinstance(stmt.args[0], Var)
                and stmt.args[0].name in fn.folded):
            value = Lines.top(stmt)
            if isinstance(value, ast.Subscript) and isinstance(value.slice, ast.Constant):
                items[stmt.args[0].name] = items.get(stmt.args[0].name, 0) + 1
    return {name for name, count in items.items() if count == 2 and reads.get(Var(name)) == 2}


def with_blocks_rewritten(stmt, block):
    """``stmt`` with each block nested in it rewritten by ``block`` (a ``while`` loop's test printed
    in its head is no block)."""
    if isinstance(stmt, If):
        return dataclasses.replace(stmt, body=block(stmt.body), orelse=block(stmt.orelse))
    if isinstance(stmt, Loop):
        cond_body = stmt.cond_body if stmt.test_inline else block(stmt.cond_body)
        return dataclasses.replace(stmt, cond_body=cond_body, body=block(stmt.body))
    return stmt


def flat(lines: list[Line]) -> list:
    return [s for line in lines for s in line.stmts]


def variable_names(fn: Function) -> set[str]:
    """Every name ``fn``'s statements bind or read, its parameters and free names."""
    found = {p.name for p in fn.params} | {v.name for v in fn.free.values()}
    for stmt in walk(fn.body):
        found.update(v.name for v in stmt.uses())
        found.update(bound(stmt))
        target = getattr(stmt, "target", None)
        if isinstance(target, Var):
            found.add(target.name)
    return found


def part_lowering(fn: Function) -> ExpressionLowering:
    """Lowers an expression a pass writes into ``fn``'s IR: its parts named ``_part``, which the
    backend prints folded back into their one reader (``fn.folded``)."""
    names = fn.names
    return ExpressionLowering(names, variable_names(fn).__contains__, lambda: names.fresh("_part"), written_in_place)
