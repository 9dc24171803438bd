"""Dead code on the IR: statements whose values nothing the function returns reads, dropped
before a backend prints the IR (driver/pipeline.py runs it as the ``dead_code`` stage).

The rules are those of the same clean-up on printed code (ir/liveness.py: ``prune``), so the
printed result is the same whichever of the two ran; the IR's own nodes only decide faster:

* an ``Assign`` or ``Copy`` is kept where a later kept statement (or the return) reads its
  target, or where its value must run though unused (a tape's pop, a recursive call's
  generator step, a check that may refuse, a call that simply runs: ``liveness.pops``);
* an ``Effect`` is judged as the statement it prints: an update in place of an array (``d[i] +=
  g``) is kept where the array is needed, anything else (an append, ``print``) always;
* an ``If`` is kept where a branch still does something (more than entering and leaving a
  ``with`` block); a ``Loop`` where its body does, values flowing from one iteration to the
  next found by iterating to a fixpoint. A ``while`` loop tests its condition before every
  iteration: the condition (and, written in the loop's head, its one statement) is always
  needed, and such a loop is never dropped where the test is a statement of its body.

Liveness is over names, not SSA values: reverse mode's IR binds a name again (``rebinds``), and
a binding kills the name's liveness above it as an assignment does in Python.
"""
from __future__ import annotations

import ast
import dataclasses

from ..ir.code import store
from ..ir.liveness import does_something, keeps, pops
from ..ir.nodes import Assign, Copy, Effect, Function, If, Loop, Var, to_expr
from ..primitives.indexing import stores_item
from .tape_pairs import unread_pairs, without


def eliminate_dead_code(fn: Function) -> Function:
    """``fn`` without the statements nothing its result reads needs (``fn`` itself where there
    are none), a tape's pushes and pops of values nothing reads among them (opt/tape_pairs.py)."""
    unread: dict[int, bool] = {}
    body = _live(fn, fn.body, unread)
    pairs = unread_pairs(body, {key for key, is_unread in unread.items() if is_unread})
    if pairs:
        body = _live(fn, without(body, pairs), {})
    return fn if _same(body, fn.body) else dataclasses.replace(fn, body=body)


def _live(fn: Function, body: list, unread: dict[int, bool]) -> list:
    """``body`` without its dead statements; ``unread`` told, per pop kept, whether nothing reads
    its value (the last walk's word: a loop's body is walked until what it reads settles)."""
    needed = {fn.result.name} if isinstance(fn.result, Var) else set()
    kept, _ = _block(body, needed, unread)
    return kept


def dead_statements_dropped(loop: Loop, needed_after: set[str]) -> Loop:
    """``loop`` without the statements in it whose values nothing reads, given the names read
    after it (``needed_after``: a loop in the code a call runs, dropped from it by its caller
    only)."""
    kept, _ = _loop(loop, set(needed_after), {})
    return loop if kept is None else kept


def _block(stmts: list, needed: set[str], unread: dict[int, bool]) -> tuple[list, set[str]]:
    """The statements of ``stmts`` needed by what reads ``needed`` after them, and the names
    read before them then."""
    kept = []
    for stmt in reversed(stmts):
        if isinstance(stmt, If):
            stmt, needed = _branch(stmt, needed, unread)
        elif isinstance(stmt, Loop):
            stmt, needed = _loop(stmt, needed, unread)
        elif not _keeps(stmt, needed, unread):
            stmt = None
        if stmt is not None:
            kept.append(stmt)
    kept.reverse()
    return kept, needed


def _keeps(stmt, needed: set[str], unread: dict[int, bool]) -> bool:
    if isinstance(stmt, Copy):
        if stmt.target.name not in needed:
            return False
        needed.discard(stmt.target.name)
        needed.update(v.name for v in stmt.uses())
        return True
    if isinstance(stmt, Assign):
        if stmt.target.name not in needed and not pops(_value(stmt)):
            return False
        unread[id(stmt)] = stmt.target.name not in needed
        needed.discard(stmt.target.name)
        needed.update(v.name for v in stmt.uses())
        return True
    if isinstance(stmt, Effect) and stores_item(stmt.prim):
        # ``x[i] = v`` into an array only its names reach (opt/item_stores.py): needed where ``x`` is
        if stmt.args[0].name not in needed:
            return False
        needed.update(v.name for v in stmt.uses())
        return True
    return keeps(_statement(stmt), needed)


def _branch(stmt: If, needed, unread: dict[int, bool]) -> tuple[If | None, set[str]]:
    # each path is walked over an overlay of ``needed`` (what it unreads and reads), so that a
    # branch costs what it does, not the number of names read after it (a copy per path did)
    then_over, else_over = _Overlay(needed), _Overlay(needed)
    body, in_body = _block(stmt.body, then_over, unread)
    orelse, in_orelse = _block(stmt.orelse, else_over, unread)
    if not _does_something(body) and not _does_something(orelse):
        return None, needed
    if in_body is then_over and in_orelse is else_over:     # before: read on either path
        for name in then_over.removed & else_over.removed:
            needed.discard(name)
        needed.update(then_over.added, else_over.added, (v.name for v in stmt.uses()))
    else:                                                   # (a loop on a path took a whole set)
        needed = _whole(in_body) | _whole(in_orelse) | {v.name for v in stmt.uses()}
    if _same(body, stmt.body) and _same(orelse, stmt.orelse):
        return stmt, needed
    return dataclasses.replace(stmt, body=body, orelse=orelse), needed


class _Overlay:
    """The names needed on one path of a branch: those needed after the branch (``base``, not
    changed), less ``removed``, plus ``added`` (kept apart: ``added & removed`` is empty)."""

    def __init__(self, base):
        self.base, self.added, self.removed = base, set(), set()

    def __contains__(self, name: str) -> bool:
        return name in self.added or (name not in self.removed and name in self.base)

    def discard(self, name: str) -> None:
        self.added.discard(name)
        self.removed.add(name)

    def update(self, *names) -> None:
        for some in names:
            some = set(some)
            self.added |= some
            self.removed -= some

    def __ior__(self, names) -> _Overlay:
        self.update(names)
        return self


def _whole(needed) -> set[str]:
    """``needed`` as a set of its own (an overlay's names worked out)."""
    if isinstance(needed, _Overlay):
        return (_whole(needed.base) - needed.removed) | needed.added
    return set(needed)


def _loop(loop: Loop, needed, unread: dict[int, bool]) -> tuple[Loop | None, set[str]]:
    needed = _whole(needed) if isinstance(needed, _Overlay) else needed
    # the exit tests run after every iteration (``if flag: break``) or before it (a while loop's)
    tests = {v.name for v in (loop.exit_flag, loop.cond) if isinstance(v, Var)}
    head = loop.cond_body if loop.test_inline else []       # printed in `while <test>:`, always run
    tests |= {v.name for stmt in head for v in stmt.uses()}
    inside = needed | tests
    while True:
        body, used = _block(loop.body, set(inside), unread)
        cond_body = list(head)
        if not head:
            cond_body, used = _block(loop.cond_body, used | tests, unread)
        if used <= inside:
            break
        inside |= used
    tested_in_body = loop.kind == "while" and not loop.test_inline
    if not (_does_something(body) or loop.exit_flag is not None or tested_in_body):
        return None, needed
    needed = needed | inside | {v.name for v in loop.uses()}
    if _same(body, loop.body) and _same(cond_body, loop.cond_body):
        return loop, needed
    carried = [v for v in loop.carried if v in _bound(body) or v not in _bound(loop.body)]
    return dataclasses.replace(loop, body=body, cond_body=cond_body, carried=carried), needed


def _bound(body: list) -> set[Var]:
    """The values bound at the top level of a loop's body (a carried value's, its carry)."""
    return {s.target for s in body if isinstance(s, (Assign, Copy))}


def _does_something(stmts: list) -> bool:
    """Anything but entering and leaving a ``with`` block (which then surround nothing)."""
    return any(not isinstance(s, Effect) or does_something([_statement(s)]) for s in stmts)


def _same(new: list, old: list) -> bool:
    return len(new) == len(old) and all(a is b for a, b in zip(new, old))


def _value(stmt: Assign) -> ast.expr:
    return stmt.prim.primal([to_expr(a) for a in stmt.args], [(k, to_expr(v)) for k, v in stmt.kwargs])


def _statement(stmt) -> ast.stmt:
    """A simple statement as the Python statement it prints (backends/python_code.py)."""
    if isinstance(stmt, Assign):
        return ast.Assign(targets=[store(stmt.target.name)], value=_value(stmt))
    if isinstance(stmt, Copy):
        return ast.Assign(targets=[store(stmt.target.name)], value=to_expr(stmt.source))
    statement = getattr(stmt.prim, "statement", None)
    args = [to_expr(a) for a in stmt.args]
    return statement(args) if statement else ast.Expr(value=stmt.prim.primal(args))
