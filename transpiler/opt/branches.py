"""Consecutive branches on the same condition joined into one.

The reverse of ``if c: body`` recomputes ``body``'s values under ``if c:`` and then runs their
adjoints under a second ``if c:``. Apart, the two blocks look to liveness (ir/liveness.py) as if
the second could read what the first did not define (liveness does not know the tests are the
same): every value the adjoints read stays live across the branch and back into the forward
sweep, which then computes them for nothing (a pair loop ``for j in range(n): if j > i:`` ran its
forward sweep in full). Joined, each value is defined just before it is read, and dead code
elimination drops what nothing else reads.
"""
from __future__ import annotations

import dataclasses

from ..ir.defuse import defines
from ..ir.nodes import Function, If, Loop, Var, walk
from .dead_code import eliminate_dead_code


def join_branches(fn: Function) -> Function:
    """``fn`` with consecutive branches on one test joined, then what that leaves dead dropped;
    ``fn`` itself where none are."""
    body = _join(fn.body)
    return fn if body is fn.body else eliminate_dead_code(dataclasses.replace(fn, body=body))


def _join(stmts: list) -> list:
    """``stmts`` with each run of ``If(c, A, B)`` ``If(c, C, D)`` (``c`` one value, which ``A``
    and ``B`` do not bind again) joined into ``If(c, A + C, B + D)``, in every block (``stmts``
    itself where none is). An ``if not c:`` (``If(c, [], B)``) is printed with another test and
    joins nothing."""
    out: list = []
    changed = False
    for stmt in stmts:
        inner = _joined_inside(stmt)
        changed |= inner is not stmt
        previous = out[-1] if out else None
        if _joinable(previous, inner):
            out[-1] = dataclasses.replace(previous, body=previous.body + inner.body,
                                          orelse=previous.orelse + inner.orelse)
            changed = True
        else:
            out.append(inner)
    return out if changed else stmts


def _joined_inside(stmt):
    if isinstance(stmt, If):
        body, orelse = _join(stmt.body), _join(stmt.orelse)
        if body is stmt.body and orelse is stmt.orelse:
            return stmt
        return dataclasses.replace(stmt, body=body, orelse=orelse)
    if isinstance(stmt, Loop):
        cond_body = stmt.cond_body if stmt.test_inline else _join(stmt.cond_body)
        body = _join(stmt.body)
        if body is stmt.body and cond_body is stmt.cond_body:
            return stmt
        return dataclasses.replace(stmt, cond_body=cond_body, body=body)
    return stmt


def _joinable(a, b) -> bool:
    if not (isinstance(a, If) and isinstance(b, If) and isinstance(a.test, Var) and a.test == b.test
            and a.body and b.body):
        return False
    return all(a.test not in defines(s) for s in walk(a.body + a.orelse))
