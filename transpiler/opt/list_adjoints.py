"""A written item's adjoint stored, not added to a zero: ``cleared_at`` then ``add_into`` at the
same position as one ``replaced_at`` (driver/pipeline.py runs it on reverse mode's IR as
``list_adjoints``, before ``dead_code``).

The adjoint of ``grid[i][j] = v`` (``grid = assign_at(grid, i, assign_at(grid[i], j, v))``)
clears position ``i`` of ``d_grid`` (the old row no longer reaches the output) and then adds
the new row's adjoint there::

    d_grid_2 = cleared_at(d_grid_1, i, grid_1)      # a copy of the list, a zero row built
    _part = owned(d_grid_2)                         # a second copy
    d_grid_2 = add_into(_part, i, d_row)            # the zero row plus d_row, entry by entry

For a list that is a zero of the row's shape made and walked once more per element written,
the cost of a double loop over a grid of lists growing as the cube of its side. Zero plus
``d_row`` is ``d_row``: ``replaced_at(d_grid_1, i, grid_1, d_row)`` stores it in one copy of
the list where that holds (primitives/lists.py; anything else runs the three helpers).

Rewritten only where it changes nothing else: the three statements in one block, the cleared
adjoint and the owned copy read by nothing else, and nothing between them rebinding or writing
into the adjoint, the position or the container.
"""
from __future__ import annotations

import dataclasses

from ..ir.defuse import def_use, defines
from ..ir.nodes import Assign, Function, If, Loop, Var, walk
from ..primitives import lists, lookup
from ..primitives.indexing import cleared_at
from ..primitives.registry import spelled_as
from ..primitives.runtime import add_into, owned
from .present import calls
from .repeated import may_write


def store_replaced_items(fn: Function) -> Function:
    """``fn`` with each clear-then-add at one position of an adjoint a ``replaced_at``
    (``fn`` itself where there is none)."""
    if not calls(fn, cleared_at):
        return fn           # (most functions: no adjoint's item cleared, the def-use not worked out)
    uses = def_use(fn).uses
    body = _block(fn.body, uses)
    return fn if body is fn.body else dataclasses.replace(fn, body=body)


def _block(stmts: list, uses: dict) -> list:
    out = [_nested(stmt, uses) for stmt in stmts]
    dropped: set[int] = set()
    for c, stmt in enumerate(out):
        found = _clear_then_add(out, c, uses)
        if found is None:
            continue
        a, b, (d1, index, x) = found
        g = stmt.args[2]
        out[c] = Assign(stmt.target, lookup(lists.replaced_at), (d1, index, x, g), (), stmt.location,
                        rebinds=stmt.rebinds)
        dropped |= {a, b}
    if dropped:
        out = [stmt for k, stmt in enumerate(out) if k not in dropped]
    return out if any(x is not y for x, y in zip(out, stmts)) or len(out) != len(stmts) else stmts


def _nested(stmt, uses: dict):
    if isinstance(stmt, If):
        body, orelse = _block(stmt.body, uses), _block(stmt.orelse, uses)
        return stmt if body is stmt.body and orelse is stmt.orelse \
            else dataclasses.replace(stmt, body=body, orelse=orelse)
    if isinstance(stmt, Loop):
        cond_body, body = _block(stmt.cond_body, uses), _block(stmt.body, uses)
        return stmt if cond_body is stmt.cond_body and body is stmt.body \
            else dataclasses.replace(stmt, cond_body=cond_body, body=body)
    return stmt


def _named(stmt, helper) -> bool:
    return isinstance(stmt, Assign) and spelled_as(stmt.prim, helper) and not stmt.kwargs


def _clear_then_add(block: list, c: int, uses: dict):
    """(position of the ``cleared_at``, of the ``owned``, its (adjoint, index, container)) where
    ``block[c]`` is ``add_into(owned(cleared_at(d, i, x)), i, g)`` spelled over three statements
    of ``block`` that nothing else reads; None otherwise."""
    add = block[c]
    if not (_named(add, add_into) and len(add.args) == 3 and isinstance(add.args[0], Var)):
        return None
    b = _last_binding(block, c, add.args[0])
    if b is None or not _named(block[b], owned) or not isinstance(block[b].args[0], Var) \
            or not _only(uses, add.args[0], add):
        return None
    cleared = block[b].args[0]
    a = _last_binding(block, b, cleared)
    if a is None or not _named(block[a], cleared_at) or len(block[a].args) != 3:
        return None
    d1, index, x = block[a].args
    if index != add.args[1] or (add.target != cleared and not _only(uses, cleared, block[b])):
        return None
    between = [s for stmt in block[a + 1:c] for s in walk([stmt])]
    if any(s is not block[b] and cleared in s.uses() for s in between):
        return None             # the cleared adjoint read by something else before the add
    kept = {v for v in (d1, index, x) if isinstance(v, Var)}
    if any(kept & set(defines(s)) for s in between) or any(may_write(s) and kept & set(s.uses()) for s in between):
        return None             # the adjoint, position or container changed between the two
    return a, b, (d1, index, x)


def _only(uses: dict, var: Var, reader) -> bool:
    """Is ``reader`` the one statement reading ``var``?"""
    found = uses.get(var, [])
    return len(found) == 1 and found[0] is reader


def _last_binding(block: list, before: int, var: Var) -> int | None:
    """The position in ``block`` of the last top-level statement before ``before`` binding ``var``."""
    for k in range(before - 1, -1, -1):
        if var in defines(block[k]):
            return k if isinstance(block[k], Assign) else None
    return None
