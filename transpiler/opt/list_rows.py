"""Lists of lists known as such, and what ``list_writes`` (opt/list_writes.py, on the code a
call runs) then writes for a loop writing their items: no test of types per item written.

The kinds analysis knows ``grid`` is a list, not that its rows are: here a name holds a list (or
a list of lists) where every value it can hold is one, following the function's own bindings
(``grid = [[0.0] * n for _ in range(n)]`` appends lists; ``grid[i][j] = v`` on a copy keeps them
lists; a tape's pops are what its pushes pushed; a parameter's rows are unknown). Two uses:

* The adjoint of ``row[j] = v`` reads ``unbroadcast(d_row[j], v)`` where the row's kind is not
  known: an array's item takes ``v`` broadcast, so its adjoint is summed back to ``v``'s shape.
  A list's item is ``v`` itself, whose adjoint is ``d_row[j]`` as it is (primitives/indexing.py
  writes that where the container's kind is known). The reverse loop then stops recomputing
  ``v`` where nothing else reads it (``np.sin`` of the cell's value again, per cell).
* Where the positions are the loops' counters (so the reverse loop has them at its top), each
  write is the statement ``row[j] = v`` itself, the old item pushed on a tape of its own, and the
  reverse loop puts it back with ``row[j] = _overwritten.pop()``: not ``written_in_row`` and
  ``undo_write``, which test the types and log ``(row, j, old)`` per item.
"""
from __future__ import annotations

import ast
import dataclasses

from ..ir.nodes import Assign, Const, Copy, Effect, Function, If, Loop, Var, walk
from ..primitives.indexing import APPEND, POP, READ_ITEM, hole, subscript_primitive
from ..primitives.lists import STORED_ITEM, appended, private_list, repeated, sum_adjoint
from ..primitives.registry import spelled_as
from ..primitives.runtime import accumulate, add_into, owned, unbroadcast, zeros_like_adjoint
from .dead_code import dead_statements_dropped
from .write_checks import element_update

_INTEGERS = "iu"


class RowLists:
    """Which names hold a list (``is_list``) or a list of lists (``is_grid``) whatever runs: a
    name is one where each statement binding it makes one from names that are (the loops' own
    bindings assumed so while they are checked: every value then is, by induction on the run)."""

    def __init__(self, fn: Function, kinds: dict):
        self.kinds = kinds
        self.bindings: dict[Var, list] = {}
        self.pushed: dict[Var, list] = {}
        for stmt in walk(fn.body):
            if isinstance(stmt, (Assign, Copy)):
                self.bindings.setdefault(stmt.target, []).append(stmt)
            elif isinstance(stmt, Effect) and stmt.prim is APPEND and len(stmt.args) == 2:
                self.pushed.setdefault(stmt.args[0], []).append(stmt.args[1])
        self.memo: dict[tuple, bool] = {}

    def is_list(self, atom) -> bool:
        if isinstance(atom, Const):
            return type(atom.value) is list
        return self.kinds.get(atom) == "list" or self._every_binding(atom, "list")

    def is_grid(self, atom) -> bool:
        if isinstance(atom, Const):
            return type(atom.value) is list and all(type(row) is list for row in atom.value)
        return self._every_binding(atom, "grid")

    def _every_binding(self, name: Var, what: str) -> bool:
        key = (name, what)
        if key not in self.memo:
            self.memo[key] = True       # (assumed while its bindings are checked: a loop's carry)
            stmts = self.bindings.get(name)
            self.memo[key] = bool(stmts) and all(self._makes(stmt, what) for stmt in stmts)
        return self.memo[key]

    def _makes(self, stmt, what: str) -> bool:
        """Does ``stmt`` bind a list (``what`` "list") or a list of lists ("grid")?"""
        same = self.is_list if what == "list" else self.is_grid
        if isinstance(stmt, Copy):
            return same(stmt.source)
        args = stmt.args
        if stmt.kwargs:
            return False
        if stmt.prim is POP:        # a tape's pop: what its pushes pushed
            pushed = self.pushed.get(args[0])
            return bool(pushed) and all(same(v) for v in pushed)
        if stmt.prim.spelling.display is ast.List:
            return what == "list" or all(self.is_list(a) for a in args)
        update = element_update(stmt)
        if update is not None:          # xs[i] = v on a copy: xs's kind
            return same(update[0]) and (what == "list" or self.is_list(update[2]))
        if spelled_as(stmt.prim, appended) and len(args) == 2:
            return self.is_list(args[0]) if what == "list" else self.is_grid(args[0]) and self.is_list(args[1])
        if spelled_as(stmt.prim, zeros_like_adjoint, owned) and len(args) == 1:
            return same(args[0])        # (a list's zero is a list, each row's zero a list)
        if what == "list" and (spelled_as(stmt.prim, add_into) and len(args) == 3
                               or _all_items_from(stmt.prim) and len(args) == 1):
            return self.is_list(args[0])    # (an adjoint list added into, or sliced: still a list)
        if what == "list" and spelled_as(stmt.prim, sum_adjoint) and len(args) == 2:
            return self.is_list(args[1])    # (a sum's adjoint: a list of one adjoint per item)
        if what == "list" and spelled_as(stmt.prim, accumulate) and len(args) == 2:
            return self.is_list(args[0])    # (two adjoints of a list added: a list, item by item)
        if spelled_as(stmt.prim, repeated, private_list) and args:
            count = args[1] if spelled_as(stmt.prim, repeated) and len(args) == 2 else Const(1)
            integer = isinstance(count, Const) and type(count.value) is int \
                or (self.kinds.get(count) or "?")[0] in _INTEGERS
            return integer and same(args[0])
        if what == "list" and item_read(stmt) is not None:   # a row of a list of lists
            return self.is_grid(args[0])
        return False


def _all_items_from(prim) -> bool:
    """Is ``prim`` a slice ``x[a:b]`` with constant bounds (of a list: a list)?"""
    pattern = getattr(prim, "pattern", None)
    return isinstance(pattern, ast.Slice) and all(
        part is None or isinstance(part, ast.Constant) or isinstance(part, ast.UnaryOp) and isinstance(part.operand, ast.Constant)
        for part in (pattern.lower, pattern.upper, pattern.step))


def item_read(stmt):
    """(container, index) of ``y = x[index]`` (one index, a name or an int), or None."""
    if not isinstance(stmt, Assign) or stmt.kwargs or not stmt.args:
        return None
    if stmt.prim.name == READ_ITEM.name and len(stmt.args) == 2:
        return stmt.args[0], stmt.args[1]
    if type(stmt.prim.item) is int and len(stmt.args) == 1:      # x[2]
        return stmt.args[0], Const(stmt.prim.item)
    return None


def items_read_as_they_are(fn: Function, lists: RowLists, reverse: Loop, top: int, writes: list,
                           kinds: dict) -> Loop:
    """``reverse`` (in ``fn.body[top]``) with each ``unbroadcast(d_row[j], v)`` of an item ``v``
    written into a row that is a list read as ``d_row[j]``, and what that leaves unread dropped."""
    written = {}
    for w in writes:
        if w.row is not None and lists.is_list(w.row.args[0]) and _an_index(w.inner, kinds):
            written[w.item] = w
    if not written:
        return reverse
    bound = {s.target: s for s in reverse.body if isinstance(s, Assign)}
    body, changed = [], False
    for stmt in reverse.body:
        if isinstance(stmt, Assign) and spelled_as(stmt.prim, unbroadcast) and not stmt.kwargs \
                and len(stmt.args) == 2 and stmt.args[1] in written \
                and _reads_item(bound, stmt.args[0], written[stmt.args[1]]):
            stmt = Copy(stmt.target, stmt.args[0], stmt.location)
            changed = True
        body.append(stmt)
    if not changed:
        return reverse
    return unread_dropped(fn, reverse, top, dataclasses.replace(reverse, body=body))


def _an_index(atom, kinds: dict) -> bool:
    if isinstance(atom, Const):
        return type(atom.value) is int
    return (kinds.get(atom) or "?")[0] in _INTEGERS


def _reads_item(bound: dict, read, write) -> bool:
    """Is ``read`` bound in the reverse loop's body as ``d_row[j]`` of a row ``d_row = d[i]``,
    ``i`` and ``j`` the write's positions?"""
    stmt = bound.get(read) if isinstance(read, Var) else None
    item = item_read(stmt) if stmt is not None else None
    if item is None or item[1] != write.inner or not isinstance(item[0], Var):
        return False
    row = bound.get(item[0])
    outer = item_read(row) if row is not None else None
    return outer is not None and outer[1] == write.index


def unread_dropped(fn: Function, reverse: Loop, top: int, new: Loop) -> Loop:
    """``new`` (the loop ``reverse`` of the top-level statement ``fn.body[top]``, rewritten)
    without the statements whose values nothing reads: not the rest of its loop nest, not after
    it (the forward sweep's reads of the same names run before it, and the reverse loop's
    recomputation binds them again)."""
    inside = {id(s) for s in walk([reverse])}
    needed = {v.name for s in walk(fn.body[top:]) if id(s) not in inside for v in _uses(s)}
    if isinstance(fn.result, Var):
        needed.add(fn.result.name)
    return dead_statements_dropped(new, needed)


def _uses(stmt) -> list:
    exit_flag = [stmt.exit_flag] if isinstance(stmt, Loop) and isinstance(stmt.exit_flag, Var) else []
    return reads_of(stmt) + exit_flag


def direct_writes(fn: Function, loop: Loop, reverse: Loop, tape: Var, writes: list, lists: RowLists,
                  nests: tuple[list, list], held: Var) -> tuple[list, list, Var, set] | None:
    """(the loop's body, the reverse loop's body, a new tape, the temporaries it binds, each
    read once: printed folded into their readers) with each write ``xs[i][j] = v``
    (or ``xs[i] = v``) written as that statement itself, its overwritten item pushed on a tape
    of its own, and the reverse loop putting it back the same way, right after its pops; the
    list itself no longer pushed on ``tape`` per iteration (it is one object throughout, which
    the name ``held`` keeps for the reverse loop). Where
    the list (and each row of it, for ``xs[i][j]``) is a list whatever runs (``RowLists``) and
    each position a number the nest's loops count (bound by both sweeps' loops, nothing else;
    or a constant), so the reverse loop finds it again. None where not: ``written_in_row`` and
    ``undo_write`` then test the types per item written, as before."""
    carried, rows = writes[0].source, writes[0].row is not None
    if not (lists.is_grid(carried) if rows else lists.is_list(carried)):
        return None
    counters = _counters(*nests)
    positions = [p for w in writes for p in ((w.index, w.inner) if rows else (w.index,))]
    if not all(isinstance(p, Const) and type(p.value) is int or p in counters for p in positions):
        return None
    pops = [k for k, s in enumerate(reverse.body) if isinstance(s, Assign) and s.prim is POP and s.args == (tape,)]
    if not any(reverse.body[k].target == carried for k in pops):
        return None
    read = subscript_primitive(hole(0))
    olds = Var(fn.names.fresh("_overwritten"))
    by_write = {id(w.stmt): w for w in writes}
    consumed = {id(w.row) for w in writes if rows}
    body = []
    for stmt in loop.body:
        w = by_write.get(id(stmt))
        if id(stmt) in consumed or isinstance(stmt, Effect) and stmt.prim is APPEND and stmt.args == (tape, carried):
            continue
        if w is None:
            body.append(stmt)
            continue
        container, position, value = (w.row.args[0], w.inner, w.item) if rows else (w.source, w.index, w.value)
        old = Var(fn.names.fresh("_old"))
        body += [Assign(old, read, (container, position), (), stmt.location),
                 Effect(APPEND, (olds, old), stmt.location),
                 Effect(STORED_ITEM, (container, position, value), stmt.location)]
        if stmt.target != w.source:     # (the next write's version, the same list now)
            body.append(Copy(stmt.target, w.source, stmt.location, rebinds=stmt.rebinds))
    undo = []
    for w in reversed(writes):
        old = Var(fn.names.fresh("_old"))
        if rows:
            row = Var(fn.names.fresh("_row"))
            undo += [Assign(row, read, (carried, w.index), (), w.stmt.location),
                     Assign(old, POP, (olds,), (), w.stmt.location),
                     Effect(STORED_ITEM, (row, w.inner, old), w.stmt.location)]
        else:
            undo += [Assign(old, POP, (olds,), (), w.stmt.location),
                     Effect(STORED_ITEM, (carried, w.index, old), w.stmt.location)]
    at = pops[-1] + 1
    popped = [Copy(s.target, held, s.location, rebinds=s.rebinds) if k in pops and s.target == carried else s
              for k, s in enumerate(reverse.body)]
    temporaries = {s.target.name for s in body + undo
                   if isinstance(s, Assign) and s.target.name.startswith(("_old", "_row"))}
    return body, popped[:at] + undo + popped[at:], olds, temporaries


def without_unused_tape(body: list, tape: Var) -> list:
    """``body`` without the top-level statement making ``tape`` where nothing else reads it."""
    if any(tape in reads_of(s) for s in walk(body)):
        return body
    return [s for s in body if not (isinstance(s, Assign) and s.target == tape and not s.args)]


def _counters(forward: list, backward: list) -> set:
    """The names both nests' loops count with and nothing in them binds otherwise."""
    targets = [{l.target for l in nest if l.target is not None} for nest in (forward, backward)]
    both = targets[0] & targets[1]
    bound = {s.target for nest in (forward, backward) for s in walk([nest[0]]) if isinstance(s, (Assign, Copy))}
    return both - bound


def reads_of(stmt) -> list:
    if isinstance(stmt, Copy):
        return [stmt.source] if isinstance(stmt.source, Var) else []
    if isinstance(stmt, If):
        return [stmt.test] if isinstance(stmt.test, Var) else []
    if isinstance(stmt, Loop):
        return [a for a in (*stmt.range_args, stmt.cond) if isinstance(a, Var)]
    return stmt.uses()


def replaced_in(stmts: list, by_id: dict) -> list:
    """``stmts`` with each statement whose id is a key of ``by_id``, at any depth, replaced by
    its value."""
    out = []
    for stmt in stmts:
        if id(stmt) in by_id:
            out.append(by_id[id(stmt)])
        elif isinstance(stmt, If):
            out.append(dataclasses.replace(stmt, body=replaced_in(stmt.body, by_id), orelse=replaced_in(stmt.orelse, by_id)))
        elif isinstance(stmt, Loop):
            out.append(dataclasses.replace(stmt, cond_body=replaced_in(stmt.cond_body, by_id),
                                           body=replaced_in(stmt.body, by_id)))
        else:
            out.append(stmt)
    return out
