"""Operators on lists and tuples whose type only the call tells: ``xs + ys`` of two list
parameters is their concatenation, not a sum of arrays.

Lowering is the same for every call, so an operator on values it cannot see the type of (a
parameter, a slice of one) is lowered as arithmetic. The spec of a call knows each argument's
kind (``"list"``, ``"tuple"``: api/numbers.py ``kind_of``); before the transform, a ``+`` of two
sequences (parameters, slices of them, displays: ``t + (a,)``) becomes the list primitive
``concatenated`` (its rule splits the adjoint), and ``*`` of a sequence and an integer the list
primitive ``repeated`` (its rule adds the copies' adjoints). A tuple parameter plus a tuple display
was differentiated as a sum of arrays: a wrong gradient. ``*`` of a sequence and a value of
another or unknown kind is refused at the user's line.
"""
from __future__ import annotations

import ast
from dataclasses import replace

from ..analysis.kinds import SEQUENCES, known_kinds
from ..errors import UnsupportedSyntaxError
from ..ir.nodes import Assign, Const, Function, If, Loop, walk
from ..primitives import indexing, lists, lookup

INTEGERS = ("i8", "i4", "i2", "i1", "u8", "u4", "u2", "u1")


def resolve_sequence_operators(fn: Function, arg_kinds: tuple, free: tuple = ()) -> Function:
    """``fn`` with ``+`` and ``*`` of lists (tuples) as concatenation and repetition; ``fn``
    itself where no operator reads a sequence."""
    if not any(k in SEQUENCES for k in arg_kinds) and not any(k in SEQUENCES for _, _, k in free):
        return fn
    kinds = known_kinds(fn, arg_kinds, free)
    displays = {stmt.target for stmt in walk(fn.body)
                if isinstance(stmt, Assign) and stmt.prim in (indexing.TUPLE, indexing.LIST)}

    def sequence(atom) -> bool:          # a list or tuple parameter, a slice of one, a display
        if isinstance(atom, Const):
            return isinstance(atom.value, (tuple, list))
        return kinds.get(atom) in SEQUENCES or atom in displays

    def count(atom) -> bool:             # an integer
        if isinstance(atom, Const):
            return isinstance(atom.value, int) and not isinstance(atom.value, bool)
        return kinds.get(atom) in INTEGERS
    changed = []

    def block(stmts: list) -> list:
        out = []
        for stmt in stmts:
            if isinstance(stmt, Assign) and len(stmt.args) == 2 and any(map(sequence, stmt.args)):
                stmt = _resolved(stmt, sequence, count, changed)
            elif isinstance(stmt, If):
                stmt = replace(stmt, body=block(stmt.body), orelse=block(stmt.orelse))
            elif isinstance(stmt, Loop):
                stmt = replace(stmt, cond_body=block(stmt.cond_body), body=block(stmt.body))
            out.append(stmt)
        return out

    body = block(fn.body)
    return replace(fn, body=body, specialized={}) if changed else fn


def _resolved(stmt: Assign, sequence, count, changed: list) -> Assign:
    """``+`` of two lists (tuples) is their concatenation, ``*`` of one and an integer its
    repetition (``repeated(xs, n)``, the sequence first); a list times another value is refused."""
    op = stmt.prim.spelling.binop
    left, right = stmt.args
    if op is ast.Add and sequence(left) and sequence(right):
        changed.append(stmt)
        return replace(stmt, prim=lookup(lists.concatenated))
    if op is ast.Mult and (sequence(left) and count(right) or count(left) and sequence(right)):
        changed.append(stmt)
        return replace(stmt, prim=lookup(lists.repeated), args=(left, right) if sequence(left) else (right, left))
    if op is ast.Mult:
        raise UnsupportedSyntaxError(
            "`*` of a list or tuple and a value not known to be an integer is not supported in differentiated code",
            stmt.location, hint="repeat it by an integer (`xs * 2`, `n * xs`), or use a NumPy array")
    return stmt
