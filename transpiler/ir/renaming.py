"""Statements reading renamed values under their new names (a pass that drops a statement for
an equal value, or merges a value into another, renames its readers: opt/cse.py, opt/array_items.py)."""
from __future__ import annotations

import dataclasses

from .nodes import Assign, Copy, Effect, If, Loop, Var


def with_reads_renamed(stmts: list, renamed: dict[Var, Var]) -> list:
    """``stmts`` reading each renamed value under its new name."""
    def atom(a):
        return renamed.get(a, a) if isinstance(a, Var) else a

    out = []
    for stmt in stmts:
        if isinstance(stmt, Assign):
            stmt = dataclasses.replace(stmt, args=tuple(map(atom, stmt.args)),
                                       kwargs=tuple((k, atom(v)) for k, v in stmt.kwargs))
        elif isinstance(stmt, Copy):
            stmt = dataclasses.replace(stmt, source=atom(stmt.source))
        elif isinstance(stmt, Effect):
            stmt = dataclasses.replace(stmt, args=tuple(map(atom, stmt.args)))
        elif isinstance(stmt, If):
            stmt = dataclasses.replace(stmt, test=atom(stmt.test), body=with_reads_renamed(stmt.body, renamed),
                                       orelse=with_reads_renamed(stmt.orelse, renamed))
        elif isinstance(stmt, Loop):
            stmt = dataclasses.replace(stmt, range_args=tuple(map(atom, stmt.range_args)), cond=atom(stmt.cond),
                                       exit_flag=atom(stmt.exit_flag), count=atom(stmt.count), first=atom(stmt.first),
                                       cond_body=with_reads_renamed(stmt.cond_body, renamed),
                                       body=with_reads_renamed(stmt.body, renamed))
        out.append(stmt)
    return out
