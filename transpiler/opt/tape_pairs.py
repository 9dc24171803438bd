"""A tape's pushes and pops whose popped values nothing reads, dropped in pairs (opt/dead_code.py).

Reverse mode pushes, per iteration of a forward loop, the values its reverse sweep needs onto a
tape (``_tape.append(s)``) and pops them again per iteration of the reverse loop, in the
opposite order (``s = _tape.pop()``). A pass after the transform may leave a popped value
unread (``unbroadcast(g, s)`` of two numbers dropped: s was read for its shape only). The pop
must still run while its push does, or every later pop would take the wrong value; the two go
together, and the tape stays in step: each iteration pushes one value fewer and pops one fewer.

Only where the pairing is plain: the tape (``_tape = []``, a name the transform made) is read by
nothing but its pushes and pops; the pushes stand in one block and the pops in another, as many of
each, so the j-th push of an iteration is the j-th pop from the end of the matching reverse
iteration (and each such pop binds the name its push pushed, as the transform writes them). (A loop under a memory budget pushes again as it replays a segment: pushes in two
blocks, left as they are.)"""
from __future__ import annotations

import dataclasses

from ..ir.nodes import Assign, Effect, If, Loop, Var
from ..primitives.indexing import APPEND, LIST, POP

TAPE_PREFIX = "_tape"       # ad/reverse.py: names.fresh("_tape")


def unread_pairs(body: list, unread_pops: set[int]) -> set[int]:
    """The ids of the pushes and pops to drop: each pop in ``unread_pops`` (ids of pops whose
    values nothing reads) of a tape paired plainly, and its push."""
    if not unread_pops:
        return set()        # (most functions: every pop read, decided without walking them)
    pushes: dict[Var, list] = {}
    pops: dict[Var, list] = {}
    made: dict[Var, int] = {}
    other_reads: set[Var] = set()
    for block in _blocks(body):
        for stmt in block:
            tape = _push_onto(stmt) or _pop_off(stmt)
            if tape is not None:
                (pushes if _push_onto(stmt) else pops).setdefault(tape, []).append((id(block), stmt))
                other_reads.update(stmt.uses()[1:])       # (a tape pushed onto another)
                continue
            if _new_list(stmt):
                made[stmt.target] = made.get(stmt.target, 0) + 1
            other_reads.update(stmt.uses())
    dropped: set[int] = set()
    for tape, popped in pops.items():
        pushed = pushes.get(tape, [])
        if not _plain(tape, pushed, popped, made, other_reads):
            continue
        for push, (_, pop) in zip(pushed, reversed(popped)):
            if id(pop) in unread_pops:
                dropped.update((id(push[1]), id(pop)))
    return dropped


def _plain(tape: Var, pushed: list, popped: list, made: dict, other_reads: set) -> bool:
    blocks_pushed = {block for block, _ in pushed}
    blocks_popped = {block for block, _ in popped}
    # (each pop binds the name its push pushed, ad/control.py's: a check that the pairs are these)
    same_names = all(isinstance(push.args[1], Var) and push.args[1] == pop.target
                     for (_, push), (_, pop) in zip(pushed, reversed(popped)))
    return tape.name.startswith(TAPE_PREFIX) and made.get(tape) == 1 and tape not in other_reads \
        and len(pushed) == len(popped) and len(blocks_pushed) == 1 and len(blocks_popped) == 1 \
        and blocks_pushed != blocks_popped and same_names


def _push_onto(stmt) -> Var | None:
    if isinstance(stmt, Effect) and stmt.prim is APPEND and len(stmt.args) == 2 and isinstance(stmt.args[0], Var):
        return stmt.args[0]
    return None


def _pop_off(stmt) -> Var | None:
    if isinstance(stmt, Assign) and stmt.prim is POP and len(stmt.args) == 1 and not stmt.kwargs \
            and isinstance(stmt.args[0], Var):
        return stmt.args[0]
    return None


def _new_list(stmt) -> bool:
    return isinstance(stmt, Assign) and stmt.prim is LIST and not stmt.args and not stmt.kwargs


def _blocks(stmts: list):
    yield stmts
    for stmt in stmts:
        if isinstance(stmt, (If, Loop)):
            for block in stmt.blocks():
                yield from _blocks(block)


def without(stmts: list, ids: set[int]) -> list:
    """``stmts`` without the statements whose ids are in ``ids`` (at any depth)."""
    out = []
    for stmt in stmts:
        if id(stmt) in ids:
            continue
        if isinstance(stmt, If):
            stmt = dataclasses.replace(stmt, body=without(stmt.body, ids), orelse=without(stmt.orelse, ids))
        elif isinstance(stmt, Loop):
            stmt = dataclasses.replace(stmt, cond_body=without(stmt.cond_body, ids), body=without(stmt.body, ids))
        out.append(stmt)
    return out
