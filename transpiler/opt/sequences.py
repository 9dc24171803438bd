"""Operators on lists and tuples whose type only the call tells: ``xs + ys`` of two list
parameters is their concatenation, not a sum of arrays.

Lowering is the same for every call, so an operator on values it cannot see the type of (a
parameter, a slice of one) is lowered as arithmetic. The spec of a call knows each argument's
kind (``"list"``, ``"tuple"``: api/numbers.py ``kind_of``); before the transform, a ``+`` of two
sequences becomes the list primitive ``concatenated`` (its rule splits the adjoint), and ``*`` of
a sequence (a repetition) is refused at the user's line rather than differentiated as a product.
"""
from __future__ import annotations

import ast
from dataclasses import replace

from ..analysis.kinds import SEQUENCES, known_kinds
from ..errors import UnsupportedSyntaxError
from ..ir.nodes import Assign, Function, If, Loop
from ..primitives import lists, lookup


def resolve_sequence_operators(fn: Function, arg_kinds: tuple, free: tuple = ()) -> Function:
    """``fn`` with ``+`` of two lists (tuples) as their concatenation; ``fn`` itself where no
    operator reads a sequence."""
    if not any(k in SEQUENCES for k in arg_kinds) and not any(k in SEQUENCES for _, _, k in free):
        return fn
    kinds = known_kinds(fn, arg_kinds, free)
    sequence = lambda atom: kinds.get(atom) in SEQUENCES  # noqa: E731
    changed = []

    def block(stmts: list) -> list:
        out = []
        for stmt in stmts:
            if isinstance(stmt, Assign) and len(stmt.args) == 2 and any(map(sequence, stmt.args)):
                stmt = _resolved(stmt, sequence, changed)
            elif isinstance(stmt, If):
                stmt = replace(stmt, body=block(stmt.body), orelse=block(stmt.orelse))
            elif isinstance(stmt, Loop):
                stmt = replace(stmt, cond_body=block(stmt.cond_body), body=block(stmt.body))
            out.append(stmt)
        return out

    body = block(fn.body)
    return replace(fn, body=body, specialized={}) if changed else fn


def _resolved(stmt: Assign, sequence, changed: list) -> Assign:
    op = stmt.prim.spelling.binop
    if op is ast.Add and all(map(sequence, stmt.args)):
        changed.append(stmt)
        return replace(stmt, prim=lookup(lists.concatenated))
    if op is ast.Mult:
        raise UnsupportedSyntaxError(
            "`*` on a list or tuple (a repetition) is not supported in differentiated code", stmt.location,
            hint="build the list with a comprehension ([x for _ in range(n) for x in xs]), or use a NumPy array")
    return stmt
