"""Forward mode's writes into a list's items made in place: the last pass on forward mode's IR,
for the code a call runs (driver/pipeline.py runs it as ``tangent_writes``; nothing transforms
that code again).

A list the lowering writes into is a value: ``grid[i][j] = v`` is ``_t8 = assign_at(grid_1[i],
j, v); grid_1 = assign_at(grid_1, i, _t8)``, a copy of the row and one of the list per cell, and
forward mode does the same for the list's tangent (four copies per cell of a grid of lists).
Where a loop writes a list's items at its top level, the writes are made in place on a private
copy of the list made before the loop nest (``private_list``: the outer list and its rows)::

    grid = private_list(grid)
    for i in range(n):
        grid_1 = grid
        for j in range(n):
            _t7 = grid_1[i]
            _t7[j] = v

Without a reverse sweep there is nothing to undo: it is enough that no name read after a write
holds what the list was before it. The proof is list_writes' (opt/list_writes.py, ``Holders``):
the names that may hold the list or a row of it are read in the loop only while no write has
changed them since they were bound, the loops around it only copy the list in and out (and check
a row's aliases, ``alone_in``), and after the nest only the name it leaves the list in reads it.
Where the list (and each row, for ``xs[i][j]``) is a list whatever runs (opt/list_rows.py,
``RowLists``: a count ``[0.0] * n`` must be known an integer) the write is the item store itself;
otherwise the code stays as it is.
"""
from __future__ import annotations

import dataclasses

from ..analysis.kinds import value_kinds
from ..ir.nodes import Assign, Copy, Effect, Function, Loop, Var, walk
from ..primitives.lists import PRIVATE_LIST, STORED_ITEM
from .list_rows import RowLists, replaced_in
from .list_writes import Holders, copied_names, loop_nest, write_chain
from .write_checks import element_update


def write_tangent_lists_in_place(fn: Function) -> Function:
    """``fn`` with the item writes of each loop that qualifies (see the module's docstring) made
    in place; ``fn`` itself where none does."""
    done: set = set()
    while True:
        for loop, carried in _candidates(fn.body):
            if carried in done:
                continue
            done.add(carried)
            rewritten = _rewritten(fn, loop, carried)
            if rewritten is not None:
                fn = rewritten
                break
        else:
            return fn


def _candidates(body: list):
    """(loop, list) of each forward loop writing items of a list it carries, at its top level."""
    for stmt in walk(body):
        if not isinstance(stmt, Loop) or stmt.backwards:
            continue
        carried = set(stmt.carried)
        found: list[Var] = []
        for s in stmt.body:
            update = element_update(s) if isinstance(s, Assign) else None
            if update is not None and update[0] in carried and update[0] not in found:
                found.append(update[0])
                yield stmt, update[0]


def _rewritten(fn: Function, loop: Loop, carried: Var) -> Function | None:
    writes = write_chain(loop, carried)
    nest = loop_nest(fn.body, loop) if writes is not None else None
    family = copied_names(nest[1], carried) if nest is not None else None
    if writes is None or nest is None or family is None:
        return None
    rows = writes[0].row is not None
    lists = RowLists(fn, value_kinds(fn, {}))
    if not (lists.is_grid(carried) if rows else lists.is_list(carried)):
        return None
    if not Holders(fn, loop, None, None, carried, writes, family, rows).safe_in_forward_mode(nest):
        return None
    by_write = {id(w.stmt): w for w in writes}
    consumed = {id(w.row) for w in writes if rows}
    body = []
    for stmt in loop.body:
        w = by_write.get(id(stmt))
        if id(stmt) in consumed:
            continue
        if w is None:
            body.append(stmt)
            continue
        container, position, value = (w.row.args[0], w.inner, w.item) if rows else (w.source, w.index, w.value)
        body.append(Effect(STORED_ITEM, (container, position, value), stmt.location))
        if stmt.target != w.source:     # (the next write's version: the same list now)
            body.append(Copy(stmt.target, w.source, stmt.location, rebinds=stmt.rebinds))
    f = nest[0]
    private = Assign(family[0], PRIVATE_LIST, (family[0],), (), loop.location, rebinds=True)
    top = replaced_in(fn.body, {id(loop): dataclasses.replace(loop, body=body)})
    return dataclasses.replace(fn, body=top[:f] + [private] + top[f:])
