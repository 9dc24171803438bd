"""A reverse loop's IR as the Python a backend prints it as, and array code written for it as IR.

opt/vectorize.py rewrites a loop whose iterations are independent (opt/independence.py decides
that on the IR) as array code: element reads as slices, ``d_x[i] += g`` as a slice update or
``np.add.at``, a sum across iterations as ``np.sum``. The rewrite reads each statement as the
line it prints as (opt/lines.py: the transform's parts folded back into their reader, so that
``x[i + 1]`` is one read at the counter plus one), and writes Python statements; those are
lowered back into IR statements here, as the reverse builder's own are (ad/expressions.py for
``name = <expression>``, ad/built.py's ``statement`` for the rest), each binding of a name bound
before marked ``rebinds`` as ad/reverse_ir.py marks them.
"""
from __future__ import annotations

import ast
from collections import Counter

from ..ad import built
from ..ad.expressions import ExpressionLowering
from ..ad.syntax import call_to, countdown
from ..ir.code import store
from ..ir.defuse import defines
from ..ir.nodes import Assign, Copy, Function, If, Loop, Var, to_expr, walk
from .lines import Line, Lines, read_counts


class LoopCode:
    def __init__(self, fn: Function):
        reads = read_counts(fn)
        self.grouping = Lines(fn, reads)
        self.printed: dict[int, tuple] = {}    # id of a printed statement -> (it, the line it was printed from)

    def lines(self, stmts: list) -> list[Line]:
        return self.grouping.group(stmts)

    # IR -> Python -----------------------------------------------------------------------------
    def loop(self, loop: Loop, parts: list) -> ast.For | None:
        """``loop`` as printed (``parts``: its head's, folded back); None for a loop over a
        segment of a range (a checkpointed loop's), which no rewrite takes."""
        iterations = self._iterations(loop, _folding(parts))
        if iterations is None:
            return None
        return ast.For(target=store(loop.target.name), iter=iterations, body=self._block(loop.body), orelse=[])

    def _block(self, stmts: list) -> list[ast.stmt]:
        return [self._line(line) for line in self.lines(stmts)] or [ast.Pass()]

    def _line(self, line: Line) -> ast.stmt:
        expr, head = _folding(line.parts), line.head
        if not isinstance(head, (If, Loop)):
            printed = printed_line(line)
            self.printed[id(printed)] = (printed, line)     # (the printed statement kept: its id its own)
            return printed
        if isinstance(head, If):
            if not head.body and head.orelse:
                test = ast.UnaryOp(op=ast.Not(), operand=expr(head.test))
                return ast.If(test=test, body=self._block(head.orelse), orelse=[])
            return ast.If(test=expr(head.test), body=self._block(head.body),
                          orelse=self._block(head.orelse) if head.orelse else [])
        if isinstance(head, Loop) and head.kind == "for":
            iterations = self._iterations(head, expr)
            if iterations is not None:
                return ast.For(target=store(head.target.name), iter=iterations, body=self._block(head.body),
                               orelse=[])
        return ast.While(test=ast.Constant(True), body=self._block(head.body), orelse=[])   # (taken by no rewrite)

    @staticmethod
    def _iterations(loop: Loop, expr) -> ast.expr | None:
        """What the ``for`` loop iterates over, as backends/python_code.py prints it; None for a
        segment ``range(...)[first:count]``."""
        if loop.backwards and loop.countdown:     # (its bounds' parts not folded: numba's, never rewritten)
            return countdown(loop.range_args, expr(loop.count) if loop.count is not None else None)
        if loop.first is not None or loop.count is not None:
            return None
        iterations = call_to("range", *[expr(a) for a in loop.range_args])
        return ast.Call(func=ast.Name(id="reversed", ctx=ast.Load()), args=[iterations], keywords=[]) \
            if loop.backwards else iterations

    # Python -> IR -----------------------------------------------------------------------------
    def lowered(self, stmts: list[ast.stmt], loop: Loop, lowering: ExpressionLowering) -> list:
        """The IR of ``stmts``, the array code that replaces ``loop``: the first binding of a name
        marked ``rebinds`` where the loop's first binding of it was, any later one always. A
        statement the rewrite left as it was printed is the line it was printed from."""
        out, bound, marked = [], set(), _first_bindings([loop])
        for stmt in stmts:
            kept = self.printed.get(id(stmt))
            if kept is not None and kept[0] is stmt:
                out += kept[1].stmts
                bound.update(var.name for node in kept[1].stmts for var in defines(node))
                continue
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                nodes = lowering.assign(stmt.targets[0].id, stmt.value, loop.location)
            else:
                nodes = list(built.nodes_of(built.statement(stmt, lowering)))
            for node in nodes:
                node.location = loop.location
                for var in defines(node):
                    node.rebinds = var.name in bound or marked.get(var.name, False)
                    bound.add(var.name)
            out += nodes
        return out


def printed_line(line: Line) -> ast.stmt:
    """A line of a name's binding or an effect as the backend prints it: its parts folded in."""
    expr, head = _folding(line.parts), line.head
    if isinstance(head, Copy):
        return ast.Assign(targets=[store(head.target.name)], value=expr(head.source))
    if isinstance(head, Assign):
        value = head.prim.primal([expr(a) for a in head.args], [(k, expr(v)) for k, v in head.kwargs])
        return ast.Assign(targets=[store(head.target.name)], value=value)
    statement = getattr(head.prim, "statement", None)
    args = [expr(a) for a in head.args]
    return statement(args) if statement else ast.Expr(value=head.prim.primal(args))


def _folding(parts: list):
    """The expression of an atom, the statements ``parts`` (a line's) folded into it."""
    values = {p.target: p for p in parts}

    def expr(atom) -> ast.expr:
        stmt = values.get(atom)
        if stmt is None:
            return to_expr(atom)
        if isinstance(stmt, Copy):
            return expr(stmt.source)
        return stmt.prim.primal([expr(a) for a in stmt.args], [(k, expr(v)) for k, v in stmt.kwargs])
    return expr


def _first_bindings(stmts: list) -> dict[str, bool]:
    """Per name ``stmts`` bind, whether its first binding there is marked ``rebinds`` (bound
    before them; a loop's counter: the loop's mark)."""
    first: dict[str, bool] = {}
    for stmt in walk(stmts):
        for var in defines(stmt):
            first.setdefault(var.name, bool(getattr(stmt, "rebinds", False)))
    return first
