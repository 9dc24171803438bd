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

import ast

from ..ir.code import bound_names


def merge_branches(stmts: list) -> list:
    """``stmts`` with each run of ``if c: A else: B`` ``if c: C else: D`` (the same name ``c``,
    which ``A`` and ``B`` do not rebind) joined into ``if c: A; C else: B; D``, in every block."""
    out: list = []
    for stmt in stmts:
        for attr in ("body", "orelse"):
            block = getattr(stmt, attr, None)
            if isinstance(block, list) and not isinstance(stmt, (ast.FunctionDef, ast.ClassDef)):
                setattr(stmt, attr, merge_branches(block))
        previous = out[-1] if out else None
        if _same_test(previous, stmt) and previous.test.id not in bound_names(previous):
            joined = ast.If(test=previous.test, body=_real(previous.body) + _real(stmt.body),
                            orelse=_real(previous.orelse) + _real(stmt.orelse))
            joined.body = joined.body or [ast.Pass()]
            out[-1] = joined
            continue
        out.append(stmt)
    return out


def _same_test(a: ast.stmt | None, b: ast.stmt) -> bool:
    return (isinstance(a, ast.If) and isinstance(b, ast.If) and isinstance(a.test, ast.Name)
            and isinstance(b.test, ast.Name) and a.test.id == b.test.id)


def _real(block: list) -> list:
    return [s for s in block if not isinstance(s, ast.Pass)]
