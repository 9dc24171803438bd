"""Copy propagation on the IR: ``x = <expr>`` directly followed by the copy ``y = x``, with
``x`` read nowhere else, becomes ``y = <expr>`` (driver/pipeline.py runs it as the
``merge_copies`` stage of forward mode).

Most such copies are phis: the end-of-iteration update of a loop-carried value, a value leaving
a branch. The statement computing the value then binds the phi itself (the verifier takes any
binding statement in a phi's place: ir/verifier.py), one statement fewer per iteration. The
rule is that of the same pass on printed code (opt/cleanup.py: ``merge_copies``), so the
printed result is the same: only the statement right before the copy, in the same block, and
never a value that must be computed where it is though unused (a pop: ``liveness.pops``), whose
statement must stay a statement of its own.
"""
from __future__ import annotations

import dataclasses
from collections import Counter

from ..ir.liveness import pops
from ..ir.nodes import Assign, Copy, Function, If, Loop, Var, to_expr, walk


def merge_copies(fn: Function) -> Function:
    """``fn`` with each copy of a value read only by it merged into the statement before it
    (``fn`` itself where there is none)."""
    reads = Counter(v for stmt in walk(fn.body) for v in stmt.uses())
    if isinstance(fn.result, Var):
        reads[fn.result] += 1
    body = _block(fn.body, reads)
    return fn if body is fn.body else dataclasses.replace(fn, body=body)


def _block(stmts: list, reads: Counter) -> list:
    """``stmts`` with its copies merged (``stmts`` itself where none is)."""
    out: list = []
    changed = False
    for stmt in stmts:
        inner = _inner(stmt, reads)
        changed |= inner is not stmt
        merged = _merged(out[-1], inner, reads) if out else None
        if merged is not None:
            out[-1] = merged
            changed = True
        else:
            out.append(inner)
    return out if changed else stmts


def _inner(stmt, reads: Counter):
    """``stmt`` with the blocks nested in it merged."""
    if isinstance(stmt, If):
        body, orelse = _block(stmt.body, reads), _block(stmt.orelse, reads)
        if body is stmt.body and orelse is stmt.orelse:
            return stmt
        return dataclasses.replace(stmt, body=body, orelse=orelse)
    if isinstance(stmt, Loop):
        cond_body, body = _block(stmt.cond_body, reads), _block(stmt.body, reads)
        if cond_body is stmt.cond_body and body is stmt.body:
            return stmt
        return dataclasses.replace(stmt, cond_body=cond_body, body=body)
    return stmt


def _merged(previous, stmt, reads: Counter):
    """``previous`` binding what the copy ``stmt`` binds, where ``stmt`` copies the value
    ``previous`` binds and nothing else reads it; else None."""
    if not (isinstance(stmt, Copy) and isinstance(stmt.source, Var) and isinstance(previous, (Assign, Copy))
            and previous.target == stmt.source and reads[stmt.source] == 1 and not previous.rebinds):
        return None
    if isinstance(previous, Copy):
        return dataclasses.replace(stmt, source=previous.source)
    value = previous.prim.primal([to_expr(a) for a in previous.args], [(k, to_expr(v)) for k, v in previous.kwargs])
    if previous.prim.pops or pops(value):
        return None
    return dataclasses.replace(previous, target=stmt.target, rebinds=stmt.rebinds)
