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
where the loop would. A row written back through several updates in one iteration (``grid[i][j] +=
v; grid[i][j] *= w``) is followed along their chain to the loop's value.

A check of a container made in this iteration by an update of the same key with a new object
(``grid_2 = assign_at(grid_1, i, _t9)``, ``_t9 = assign_at(...)``: the second write of ``grid[i][j]
+= v; grid[i][j] *= w``) cannot fail: ``grid_2[i]`` is ``_t9``, made just before, and no other
entry can be it. It is dropped, where nothing between the copy's making and the check writes into
a value (an update makes a copy, printed as the ``assign_at`` helper: it writes into none).
"""
from __future__ import annotations

import ast
import dataclasses

from ..analysis.number_items import ROW, number_sequences
from ..ir.defuse import defines
from ..ir.nodes import Assign, Const, Copy, Effect, Function, If, Loop, Var, walk
from ..primitives import lookup
from ..primitives.chained_writes import ALONE_IN
from ..primitives.indexing import UPDATE_ITEM, assign_at
from .present import primitives_in
from .repeated import may_write


ASSIGN_AT = lookup(assign_at)


def hoist_write_checks(fn: Function, shapes: dict | None = None, kinds: dict | None = None) -> Function:
    """``fn`` with each loop-invariant ``alone_in`` of a row the loop writes back fresh made
    once before that loop, and each check against a whole container of rows of numbers (a
    grid: ``alone_in(i, grid, where, grid)``) made one level deep, the one level there is to
    look into (``fn`` itself where there is none). ``shapes``, ``kinds``: the transform's, by name."""
    if ALONE_IN not in primitives_in(fn):
        return fn           # (most functions: no check to hoist or drop, no loop body's bindings worked out)
    names = fn.names.fork()
    body = _block(fn.body, names, number_sequences(fn, shapes or {}, kinds or {}))
    return fn if body is fn.body else dataclasses.replace(fn, body=body, names=names)


def _block(stmts: list, names, rows: dict) -> list:
    out: list = []
    changed = False
    for stmt in stmts:
        if isinstance(stmt, If):
            body, orelse = _block(stmt.body, names, rows), _block(stmt.orelse, names, rows)
            if body is not stmt.body or orelse is not stmt.orelse:
                stmt, changed = dataclasses.replace(stmt, body=body, orelse=orelse), True
        elif isinstance(stmt, Loop):
            body = _without_needless_checks(_block(stmt.body, names, rows))
            hoisted = _hoistable(stmt, body) if _counted(stmt) else []
            if hoisted:
                body = [s for s in body if not any(s is h for h in hoisted)]
                out += hoisted if _runs(stmt) else _if_it_runs(stmt, hoisted, names)
            if body is not stmt.body:
                stmt, changed = dataclasses.replace(stmt, body=body), True
        elif isinstance(stmt, Effect) and stmt.prim is ALONE_IN and ROW in rows.get(stmt.args[1], ()):
            changed = True
            continue        # (an item of a row of numbers is a number: no write into it in place)
        elif isinstance(stmt, Effect) and stmt.prim is ALONE_IN and len(stmt.args) == 4 and stmt.args[3] in rows:
            # (rows of numbers: no entry holds a list, a dict or an array another could be)
            stmt, changed = dataclasses.replace(stmt, args=stmt.args[:3]), True
        out.append(stmt)
    return out if changed else stmts


def _a_check(stmt) -> bool:
    """Is ``stmt`` an ``alone_in(key, container, where)`` check, one level deep or against the
    whole of ``container`` (``alone_in(key, container, where, container)``)?"""
    return isinstance(stmt, Effect) and stmt.prim is ALONE_IN and (
        len(stmt.args) == 3 or len(stmt.args) == 4 and stmt.args[3] == stmt.args[1])


def _without_needless_checks(body: list) -> list:
    """``body`` without its top-level ``alone_in(key, container)`` checks that cannot fail: the
    container made before them in ``body`` by an update writing a new object at ``key``."""
    bound = _bindings(body)
    position = {id(s): k for k, s in enumerate(body)}
    needless = set()
    for k, stmt in enumerate(body):
        if not _a_check(stmt):
            continue
        key, container = stmt.args[:2]
        made = _fresh_item_update(container, key, bound, position)
        if made is None or position[id(made)] > k:
            continue
        source, _, value = element_update(made)
        value_made = bound[value][0]
        if not _older_than(source, position[id(value_made)], position[id(made)], bound, position):
            continue            # the container copied may hold the new object already (stored at another key)
        between = [s for t in body[position[id(value_made)]:k] for s in walk([t])]
        if not any(may_write(s) and element_update(s) is None and not _a_check(s) for s in between):
            needless.add(id(stmt))      # (an update makes a copy: it writes into no value it reads)
    return [s for s in body if id(s) not in needless] if needless else body


def _older_than(var, made_at: int, read_at: int, bound: dict, position: dict) -> bool:
    """Was ``var``'s value, as read at top-level position ``read_at``, made before position
    ``made_at``: bound there, or bound only after ``read_at`` (the read sees the value from
    before the block: the last iteration's or the loop's initial one), or not in the block?"""
    if not isinstance(var, Var) or var not in bound:
        return True
    bindings = bound[var]
    return len(bindings) == 1 and id(bindings[0]) in position and (
        position[id(bindings[0])] < made_at or position[id(bindings[0])] > read_at)


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
    bound = _bindings(body)
    if loop.target is not None:
        bound.setdefault(loop.target, []).append(loop)
    position = {id(s): k for k, s in enumerate(body)}
    found = []
    for stmt in body:
        if not _a_check(stmt):
            continue
        key, container = stmt.args[:2]
        if isinstance(key, Var) and key in bound or not isinstance(container, Var):
            continue            # the key changes within the loop
        carries = bound.get(container, [])
        if len(carries) != 1 or not isinstance(carries[0], Copy) or id(carries[0]) not in position \
                or not isinstance(carries[0].source, Var):
            continue            # the container is not carried by one copy of a new version
        first = _first_of_chain(carries[0].source, container, key, bound, position)
        if first is not None and position[id(stmt)] < position[id(first)] < position[id(carries[0])]:
            found.append(stmt)          # (checked, then written, then carried: as the lowering orders them)
    return found


def _bindings(body: list) -> dict:
    """Each value bound in ``body`` (nested blocks included) -> the statements binding it."""
    bound: dict[Var, list] = {}
    for stmt in walk(body):
        for var in defines(stmt):
            bound.setdefault(var, []).append(stmt)
    return bound


def _first_of_chain(version: Var, container: Var, key, bound: dict, position: dict):
    """The first of the top-level updates that make ``version`` from ``container``, each
    ``x[key] = value`` on a copy with ``value`` a new object made in ``body``; None where
    ``version`` is not made so."""
    for _ in range(len(position)):
        update = _fresh_item_update(version, key, bound, position)
        if update is None:
            return None
        source = element_update(update)[0]
        if source == container:
            return update
        version = source
    return None


def _fresh_item_update(version, key, bound: dict, position: dict):
    """The one top-level statement binding ``version``, where it is ``x[key] = value`` on a copy
    (the lowering's element update, ``assign_at(x, __hole0, v)``, or the runtime helper
    ``assign_at(x, index, v)`` transforms print) with ``value`` made by such an update (a copy: a
    new object) before it; None otherwise."""
    made = bound.get(version, []) if isinstance(version, Var) else []
    if len(made) != 1 or id(made[0]) not in position:
        return None
    written = element_update(made[0])
    if written is None or written[1] != key or not isinstance(written[2], Var) or written[0] == written[2]:
        return None
    value_made = bound.get(written[2], [])
    if len(value_made) != 1 or id(value_made[0]) not in position or element_update(value_made[0]) is None \
            or position[id(value_made[0])] > position[id(made[0])]:
        return None
    return made[0]


def element_update(stmt) -> tuple | None:
    """(container, index, value) of an element update on a copy, or None."""
    if not isinstance(stmt, Assign) or len(stmt.args) != 3 or stmt.kwargs:
        return None
    if getattr(stmt.prim, "updates", False) and stmt.prim.name == UPDATE_ITEM.name:
        return stmt.args[0], stmt.args[2], stmt.args[1]
    if stmt.prim is ASSIGN_AT:
        return tuple(stmt.args)
    return None

