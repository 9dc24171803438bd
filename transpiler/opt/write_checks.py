"""A list item's alias check made once before a loop that writes that item each iteration
(driver/pipeline.py runs it on both modes' IR as ``write_checks``, before ``dead_code``).

``grid[i][j] = v`` on a list of lists goes through ``alone_in(i, grid, where)``
(primitives/chained_writes.py): it raises where another entry of ``grid`` is the row ``grid[i]``
(``[[0.0] * n] * n``), since Python would change both. The check walks every entry, so in the
double loop that fills an n×n grid it ran n³ times over. In the inner loop ``i`` does not change
and the row written back is a new object each iteration::

    for j in range(n):                      alone_in(i, grid_1, where)
        _t8 = grid_1[i]                     for j in range(n):
        alone_in(i, grid_1, where)    ->        _t8 = grid_1[i]
        _t9 = assign_at(_t8, j, v)              _t9 = assign_at(_t8, j, v)
        grid_2 = assign_at(grid_1, i, _t9)      grid_2 = assign_at(grid_1, i, _t9)
        grid_1 = grid_2                         grid_1 = grid_2

After the first iteration ``grid_1[i]`` is ``_t9``, a copy made in that iteration, which no other
entry can be: only the first iteration's check can raise, and it reads the loop's initial value,
which is what the check before the loop reads. Made only where the loop runs at least once
(``if len(range(n)) > 0:`` before it, where its range is not constant), so that it raises exactly
where the loop would.
"""
from __future__ import annotations

import ast
import dataclasses

from ..ir.defuse import defines
from ..ir.nodes import Assign, Const, Copy, Effect, Function, If, Loop, Var, walk
from ..primitives import lookup
from ..primitives.chained_writes import ALONE_IN
from ..primitives.indexing import assign_at


ASSIGN_AT = lookup(assign_at)


def hoist_write_checks(fn: Function) -> Function:
    """``fn`` with each loop-invariant ``alone_in`` of a row the loop writes back fresh made
    once before that loop (``fn`` itself where there is none)."""
    names = fn.names.fork()
    body = _block(fn.body, names)
    return fn if body is fn.body else dataclasses.replace(fn, body=body, names=names)


def _block(stmts: list, names) -> list:
    out: list = []
    changed = False
    for stmt in stmts:
        if isinstance(stmt, If):
            body, orelse = _block(stmt.body, names), _block(stmt.orelse, names)
            if body is not stmt.body or orelse is not stmt.orelse:
                stmt, changed = dataclasses.replace(stmt, body=body, orelse=orelse), True
        elif isinstance(stmt, Loop):
            body = _block(stmt.body, names)
            hoisted = _hoistable(stmt, body) if _counted(stmt) else []
            if hoisted:
                body = [s for s in body if not any(s is h for h in hoisted)]
                out += hoisted if _runs(stmt) else _if_it_runs(stmt, hoisted, names)
            if body is not stmt.body:
                stmt, changed = dataclasses.replace(stmt, body=body), True
        out.append(stmt)
    return out if changed else stmts


def _counted(loop: Loop) -> bool:
    """Is ``loop`` a plain ``for`` loop over ``range(...)`` (the user's, not a reverse sweep's)?"""
    return (loop.kind == "for" and loop.exit_flag is None and not loop.cond_body and bool(loop.range_args)
            and loop.count is None and loop.first is None and not loop.backwards)


def _runs(loop: Loop) -> bool:
    """Does ``loop`` run at least once, by its constant range?"""
    bounds = loop.range_args
    return all(isinstance(a, Const) and type(a.value) is int for a in bounds) \
        and len(range(*(a.value for a in bounds))) > 0


def _if_it_runs(loop: Loop, checks: list, names) -> list:
    """``checks`` under ``if len(range(...)) > 0:``, for a loop whose range is known at run time."""
    counted, length, runs = (Var(names.fresh(label)) for label in ("_range", "_trips", "_runs"))
    return [Assign(counted, lookup(range), tuple(loop.range_args), (), loop.location),
            Assign(length, lookup(len), (counted,), (), loop.location),
            Assign(runs, lookup(ast.Gt), (length, Const(0)), (), loop.location),
            If(runs, list(checks), [], loop.location)]


def _hoistable(loop: Loop, body: list) -> list:
    """The top-level ``alone_in`` checks of ``body`` that only the first iteration can fail."""
    bound: dict[Var, list] = {}
    for stmt in walk(body):
        for var in defines(stmt):
            bound.setdefault(var, []).append(stmt)
    if loop.target is not None:
        bound.setdefault(loop.target, []).append(loop)
    top = {id(s) for s in body}
    position = {id(s): k for k, s in enumerate(body)}
    found = []
    for stmt in body:
        if not (isinstance(stmt, Effect) and stmt.prim is ALONE_IN and len(stmt.args) == 3):
            continue
        key, container = stmt.args[:2]
        if isinstance(key, Var) and key in bound or not isinstance(container, Var):
            continue            # the key changes within the loop
        carries = bound.get(container, [])
        if len(carries) != 1 or not isinstance(carries[0], Copy) or id(carries[0]) not in top \
                or not isinstance(carries[0].source, Var):
            continue            # the container is not carried by one copy of a new version
        update = bound.get(carries[0].source, [])
        if len(update) == 1 and id(update[0]) in top and _writes_fresh_item(update[0], container, key, bound, top) \
                and position[id(stmt)] < position[id(update[0])] < position[id(carries[0])]:
            found.append(stmt)          # (checked, then written, then carried: as the lowering orders them)
    return found


def _writes_fresh_item(stmt, container: Var, key, bound: dict, top: set) -> bool:
    """Is ``stmt`` ``container[key] = value`` on a copy (the lowering's element update,
    ``assign_at(x, __hole0, v)``, or the runtime helper ``assign_at(x, index, v)`` transforms print)
    with ``value`` made in this iteration by such an update (a copy: a new object)?"""
    written = _update(stmt)
    if written is None or written[0] != container or written[1] != key:
        return False
    value = written[2]
    made = bound.get(value, []) if isinstance(value, Var) else []
    return len(made) == 1 and id(made[0]) in top and _update(made[0]) is not None


def _update(stmt) -> tuple | None:
    """(container, index, value) of an element update on a copy, or None."""
    if not isinstance(stmt, Assign) or len(stmt.args) != 3 or stmt.kwargs:
        return None
    if getattr(stmt.prim, "updates", False) and stmt.prim.name == "assign_at(x, __hole0, v)":
        return stmt.args[0], stmt.args[2], stmt.args[1]
    if stmt.prim is ASSIGN_AT:
        return tuple(stmt.args)
    return None
