"""A list's adjoint written in place by the reverse sweep of a loop writing the list's items
(driver/pipeline.py runs it as ``adjoint_writes``, after ``list_writes``: the code a call runs,
which nothing transforms again).

The adjoint of ``grid[i][j] = v`` in reverse mode's IR is a copy of the row's adjoint with
position ``j`` zero and a copy of the outer list holding it (opt/list_adjoints.py)::

    d_row = d_grid_1[i]
    d_row_1 = cleared_at(d_row, j, row)                   # a copy of the row
    ... d_row[j] ...                                      # the written item's adjoint
    d_grid_1 = replaced_at(d_grid_1, i, grid_1, d_row_1)  # a copy of the outer list, and a test
                                                          # of both rows' items' types

per element: a grid of n × n items costs n³. The adjoint is the reverse sweep's own, so where
nothing else can see it, each of these writes the same values into it in place (the helpers in
primitives/adjoint_writes.py; each falls back on the copy where the adjoint is no list)::

    d_grid = owned_adjoint(d_grid)                 # once, before the loops: each row its own copy
    _plain = adjoint_rows_plain(d_grid, grid)      # rows of numbers: no test per element
    for i in reversed(range(n)):
        d_grid_1 = d_grid
        for j in reversed(range(n)):
            d_row = d_grid_1[i]
            ... d_row[j] ...                       # (read before the clear: moved after the reads)
            d_row_1 = cleared_in_place(d_row, j, row)
            d_grid_1 = stored_in_place(d_grid_1, i, grid_1, d_row_1, _plain)
        d_grid = d_grid_1

The pass proves first that no name reads the adjoint after a write changed it (the names of the
list: the current version only; of a row: before its write only, and in a loop writing rows in
place, by item reads only) and that the loops around copy it in and out and nothing else;
otherwise it leaves the code as it is. ``grid[i] = row`` (``cleared_at`` and ``replaced_at`` of
the outer list) and ``acc[i] += v`` are written in place the same way; so are writes under a
branch of the loop (each arm walked from the state before it), and the adjoint of reading a
neighbour, ``add_into(owned(d_row), j - 1, g)`` on a row written in place already (its copy
dropped). Where the list's items are written by item stores (opt/list_rows.py) and a test made
once before the loops (``cells_plain``: rows plain, every item put back a float) holds, each
pair ``cleared_in_place`` / ``stored_in_place`` of a written item is ``d_row[j] = 0.0`` alone,
the helpers running only where it fails.
"""
from __future__ import annotations

import dataclasses

from ..ir.defuse import defines
from ..ir.memo import remembered
from ..ir.nodes import Assign, Const, Copy, Effect, Function, If, Loop, Var, walk
from ..primitives.adjoint_writes import (ADJOINT_ROWS_PLAIN, CELLS_PLAIN, CLEARED_IN_PLACE, OWNED_ADJOINT,
                                         STORED_IN_PLACE)
from ..primitives.lists import STORED_ITEM, replaced_at
from ..primitives.indexing import APPEND, POP, cleared_at
from ..primitives.registry import spelled_as
from ..primitives import runtime
from .list_rows import item_read, reads_of
from .list_writes import copied_names, loop_nest, replaced_in
from .repeated import may_write



def write_adjoints_in_place(fn: Function) -> Function:
    """``fn`` with the adjoint writes of each reverse loop that qualifies (see the module
    docstring) made in place; ``fn`` itself where none does."""
    tried: set = set()
    while True:
        for loop in walk(fn.body):
            if not isinstance(loop, Loop) or not loop.backwards:
                continue
            for carried in _carried_candidates(loop):
                key = (loop.location, carried, len(loop.body))
                if key in tried:
                    continue
                tried.add(key)
                rewritten = _rewritten(fn, loop, carried)
                if rewritten is not None:
                    fn = rewritten
                    break
            else:
                continue
            break
        else:
            return fn


def _carried_candidates(loop: Loop) -> list[Var]:
    """Names a write of the body (or of a branch in it) binds to a new version of what it
    wrote, and names the body copies a value into (a branch's merged version), in body order."""
    out = []
    for block in _blocks(loop.body):
        for stmt in block:
            new = stmt.target if _write(stmt) and isinstance(stmt.args[0], Var) \
                else stmt.target if isinstance(stmt, Copy) and block is loop.body else None
            if new is not None and new not in out:
                out.append(new)
    return out


def _write(stmt) -> bool:
    return isinstance(stmt, Assign) and spelled_as(stmt.prim, cleared_at, replaced_at) and not stmt.kwargs \
        and len(stmt.args) == (3 if spelled_as(stmt.prim, cleared_at) else 4)


def _named(stmt, helper, arity: int) -> bool:
    return isinstance(stmt, Assign) and spelled_as(stmt.prim, helper) and not stmt.kwargs and len(stmt.args) == arity


def _rewritten(fn: Function, loop: Loop, carried: Var) -> Function | None:
    facts = _facts(fn)
    nest = facts.nests.get(id(loop))
    if nest is None:
        return None
    position, path = nest
    family = copied_names(path, carried)
    if family is None or not facts.first_binding.get(family[0], position) < position:
        return None
    body = _reordered(fn, loop.body)
    reads = facts.reads
    walker = _Walk(carried, rows_written=any(_row_write_of(s, block) for block in _blocks(body) for s in block),
                   read_once=lambda name: reads.get(name) == 1)
    if any(set(reads_of(s)) & set(family) for s in walk(loop.cond_body)) \
            or not walker.run(body, outer=set(family[:-1])) or not _nest_reads(path, family):
        return None
    plain = None
    if walker.plain_wanted:
        primal = _primal_list(fn, loop, position, path)
        plain = Var(fn.names.fresh("_plain")) if primal is not None else None
    new_body = walker.block(body, plain or Const(False))
    cells = _cells_cleared_by_stores(fn, new_body, plain) if plain is not None else None
    if cells is not None:
        new_body, flag, tape = cells
    top = replaced_in(fn.body, {id(loop): dataclasses.replace(loop, body=new_body)})
    before = [Assign(family[0], OWNED_ADJOINT, (family[0],), (), loop.location, rebinds=True)]
    if plain is not None:
        before.append(Assign(plain, ADJOINT_ROWS_PLAIN, (family[0], primal), (), loop.location))
    if cells is not None:
        before.append(Assign(flag, CELLS_PLAIN, (family[0], primal, tape), (), loop.location))
    return dataclasses.replace(fn, body=top[:position] + before + top[position:])


def _cells_cleared_by_stores(fn: Function, body: list, plain: Var) -> tuple[list, Var, Var] | None:
    """(``body``, a flag, the tape) with each ``d_row_1 = cleared_in_place(d_row, j, row)``
    followed by ``d_list = stored_in_place(d_list, i, xs, d_row_1, _plain)`` run only where the
    flag is false, ``d_row[j] = 0.0`` where it is true (``cells_plain``: the rows plain, and every
    item the reverse loop puts back a float, so the zero is 0.0 and the store finds the row in
    place already): where the items put back are those of the tape ``_overwritten`` of item
    stores (``row[j] = _overwritten.pop()``, opt/list_rows.py), at the position cleared. None
    where there is no such pair."""
    bound = {s.target: s for s in body if isinstance(s, Assign)}
    restored = {}           # (list, i, j) -> the tape its item at row i, position j came back from
    for s in body:
        if isinstance(s, Effect) and s.prim is STORED_ITEM and isinstance(s.args[0], Var):
            row, old = bound.get(s.args[0]), bound.get(s.args[2]) if isinstance(s.args[2], Var) else None
            item = item_read(row) if row is not None else None
            if item is not None and old is not None and old.prim is POP:
                restored[(*item, s.args[1])] = old.args[0]
    reads: dict = {}
    for s in walk(fn.body):
        for name in reads_of(s):
            reads[name] = reads.get(name, 0) + 1
    flag, tapes, out, k = Var(fn.names.fresh("_cells")), set(), [], 0
    while k < len(body):
        s, after = body[k], body[k + 1] if k + 1 < len(body) else None
        row = bound.get(s.args[2]) if isinstance(s, Assign) and s.prim is CLEARED_IN_PLACE else None
        tape = restored.get((*item_read(row), s.args[1])) if row is not None and item_read(row) else None
        if tape is not None and isinstance(after, Assign) and after.prim is STORED_IN_PLACE \
                and after.args[3] == s.target and after.args[4:] == (plain,) and reads.get(s.target) == 1 \
                and after.args[1] == item_read(row)[1] and after.args[2] == item_read(row)[0]:
            out.append(If(flag, [Effect(STORED_ITEM, (s.args[0], s.args[1], Const(0.0)), s.location)], [s, after],
                          s.location))
            tapes.add(tape)
            k += 2
            continue
        out.append(s)
        k += 1
    return (out, flag, tapes.pop()) if len(tapes) == 1 else None


def _row_write_of(stmt, body: list) -> bool:
    """Is ``stmt`` a write into a row read from a list in ``body`` (``cleared_at(d_row, j, ...)``,
    ``d_row = d_list[i]``)?"""
    if not _write(stmt) or not isinstance(stmt.args[0], Var):
        return False
    return any(isinstance(s, Assign) and s.target == stmt.args[0] and item_read(s) is not None for s in body)


class _Walk:
    """The body's statements in order: which names hold the current version of the adjoint list
    (``current``) or a row of it (``rows``: name -> (index, written in place already)), which
    did before a write (``stale``: never read again); the statements to rewrite."""

    def __init__(self, carried: Var, rows_written: bool, read_once=lambda name: False):
        self.carried, self.rows_written, self.read_once = carried, rows_written, read_once
        self.current, self.rows, self.stale = {carried}, {}, set()
        self.plan: dict[int, tuple] = {}     # id(stmt) -> (helper, plain?)
        self.owned: dict[Var, Var] = {}      # owned(row)'s name -> the row's (read by one add_into)
        self.plain_wanted = False

    def holders(self) -> set:
        return self.current | set(self.rows)

    def run(self, body: list, outer: set) -> bool:
        for stmt in body:
            if outer & (set(reads_of(stmt)) | defines(stmt)) or not self._step(stmt):
                return False
        return self.carried in self.current and bool(self.plan)

    def _step(self, stmt) -> bool:
        if isinstance(stmt, If) and not (isinstance(stmt.test, Var) and stmt.test in self.holders() | self.stale) \
                and any(set(reads_of(s)) & (self.holders() | self.stale) for s in walk(stmt.body + stmt.orelse)):
            return self._branch(stmt)
        if isinstance(stmt, (If, Loop)):
            inner = list(walk([stmt]))
            names = self.holders() | self.stale
            if any(set(reads_of(s)) & names or defines(s) & self.holders() for s in inner):
                return False
            for s in inner:
                for name in defines(s):
                    self._rebound(name)
            return True
        read = set(reads_of(stmt))
        if read & self.stale:
            return False
        if isinstance(stmt, Effect):
            return not read & self.holders()
        if read & self.holders():
            return self._copy(stmt) if isinstance(stmt, Copy) else self._assign(stmt, read)
        for name in defines(stmt):
            self._rebound(name)
        return True

    def _branch(self, stmt: If) -> bool:
        """A branch writing the list: each arm walked from the state before it; after it, the
        list is the names both arms leave holding its current version (the merge's), and every
        other name either arm left holding it or a row is stale."""
        arms = []
        for block in (stmt.body, stmt.orelse):
            arm = _Walk(self.carried, self.rows_written, self.read_once)
            arm.current, arm.rows, arm.stale = set(self.current), dict(self.rows), set(self.stale)
            arm.owned = self.owned
            if not all(arm._step(s) for s in block):
                return False
            arms.append(arm)
        current = arms[0].current & arms[1].current
        if not current:
            return False
        self.stale = arms[0].stale | arms[1].stale | ((arms[0].holders() | arms[1].holders()) - current)
        self.current, self.rows = current, {}
        for arm in arms:
            self.plan.update(arm.plan)
            self.plain_wanted |= arm.plain_wanted
        return True

    def _rebound(self, name: Var) -> None:
        """``name`` bound anew: no longer a holder; rows read at it as a position are stale."""
        self.current.discard(name)
        self.rows.pop(name, None)
        self.stale.discard(name)
        for row, (index, _) in list(self.rows.items()):
            if index == name:
                del self.rows[row]
                self.stale.add(row)

    def _copy(self, stmt: Copy) -> bool:
        held = stmt.source in self.current, self.rows.get(stmt.source)
        self._rebound(stmt.target)
        if held[0]:
            self.current.add(stmt.target)
        else:
            self.rows[stmt.target] = held[1]
        return True

    def _assign(self, stmt: Assign, read: set) -> bool:
        item = item_read(stmt)
        args = stmt.args
        if item is not None and item[0] in self.current and item[1] not in self.holders():
            self._rebound(stmt.target)
            self.rows[stmt.target] = (item[1], False)
            return True
        if item is not None and item[0] in self.rows and not self.rows[item[0]][1]:
            self._rebound(stmt.target)
            return True             # an item of a row: never written in place, only replaced
        if _write(stmt) and args[0] in self.rows and not self.rows[args[0]][1] \
                and not set(args[1:]) & self.holders():
            index = self.rows[args[0]][0]
            self._all_rows_stale()
            self._rebound(stmt.target)
            self.rows[stmt.target] = (index, True)
            self.plan[id(stmt)] = ("row", False)
            return True
        if _named(stmt, runtime.owned, 1) and args[0] in self.rows and self.rows[args[0]][1] \
                and self.read_once(stmt.target):
            held = self.rows[args[0]]           # (a row written in place already: its own copy)
            self._all_rows_stale()
            self._rebound(stmt.target)
            self.rows[stmt.target] = held
            self.plan[id(stmt)] = ("own", False)
            self.owned[stmt.target] = args[0]
            return True
        if _named(stmt, runtime.add_into, 3) and args[0] in self.rows and self.rows[args[0]][1] \
                and not set(args[1:]) & self.holders():
            # (added into in place: zero plus the row is still the row, for zero plus the item added
            # into was the item, and the sum covers the item's shape as the item did)
            index = self.rows[args[0]][0]
            owned = self.owned.get(args[0])
            if owned is None:
                return False
            self._all_rows_stale()
            self._rebound(stmt.target)
            self.rows[stmt.target] = (index, True)
            self.plan[id(stmt)] = ("add", owned)
            return True
        if _write(stmt) and args[0] in self.current and not set(args[1:3]) & self.holders():
            plain = False
            if spelled_as(stmt.prim, replaced_at) and args[3] in self.holders():
                if args[3] in self.current or self.rows[args[3]][0] != args[1]:
                    return False
                plain = self.rows[args[3]][1]
            self.plain_wanted |= plain
            self.stale |= self.current
            self._all_rows_stale()
            self._rebound(stmt.target)
            self.current = {stmt.target}
            self.plan[id(stmt)] = ("list", plain)
            return True
        if self.rows_written or read & self.current or any(self.rows[v][1] for v in read & set(self.rows)):
            return False            # (the list itself, or a row a write may change later, kept unseen)
        self._rebound(stmt.target)
        return True                 # an item of a list no write changes in place: a value

    def _all_rows_stale(self) -> None:
        self.stale |= set(self.rows)
        self.rows = {}

    def block(self, stmts: list, plain) -> list:
        return [new for new in (self.rewritten(s, plain) for s in stmts) if new is not None]

    def rewritten(self, stmt, plain):
        if isinstance(stmt, If):
            return dataclasses.replace(stmt, body=self.block(stmt.body, plain), orelse=self.block(stmt.orelse, plain))
        planned = self.plan.get(id(stmt))
        if planned is None:
            return stmt
        if planned[0] == "add":
            return dataclasses.replace(stmt, args=(planned[1], *stmt.args[1:]))
        if planned[0] == "own":      # (its one reader, the add_into, reads the row itself)
            return None
        if spelled_as(stmt.prim, cleared_at):
            return dataclasses.replace(stmt, prim=CLEARED_IN_PLACE)
        args = stmt.args + ((plain,) if planned[1] else ())
        return dataclasses.replace(stmt, prim=STORED_IN_PLACE, args=args)


def _blocks(body: list) -> list[list]:
    """``body`` and the arms of the branches in it, at any depth (not loops' bodies)."""
    out = [body]
    for stmt in body:
        if isinstance(stmt, If):
            out += _blocks(stmt.body) + _blocks(stmt.orelse)
    return out


def _reordered(fn: Function, body: list) -> list:
    """``body`` (and each branch's arms in it) as ``_reads_moved_before_row_writes`` gives it."""
    body = [dataclasses.replace(s, body=_reordered(fn, s.body), orelse=_reordered(fn, s.orelse))
            if isinstance(s, If) else s for s in body]
    return _reads_moved_before_row_writes(fn, body)


def _reads_moved_before_row_writes(fn: Function, body: list) -> list:
    """``body`` with each write into a row read from the list (whose result only one later
    statement of ``body`` reads, the list's write) moved to just before that reader, and the
    reads of the row's items after it to just before it, where nothing between changes what
    they read or reads what they bind: moves that change no value, after which the row's items
    are read before it is written in place."""
    body = list(body)
    for stmt in list(body):
        if not _row_write_of(stmt, body):
            continue
        readers = _readers_of_this_value(fn, body, stmt)
        if len(readers) != 1 or not any(s is readers[0] for s in body):
            continue
        at = _position(body, stmt)
        to = _position(body, readers[0])
        if to > at and _movable(stmt, body[at + 1:to]):
            body = body[:at] + body[at + 1:to] + [stmt] + body[to:]
        row = stmt.args[0]
        for later in body[_position(body, stmt) + 1:]:
            item = item_read(later)
            at, to = _position(body, stmt), _position(body, later)
            if item is not None and item[0] == row and _movable(later, body[at:to]):
                body = body[:at] + [later] + body[at:to] + body[to + 1:]
    return body


def _readers_of_this_value(fn: Function, body: list, stmt) -> list:
    """The statements reading what ``stmt`` binds: anywhere in ``fn`` but, in ``body``, not
    after a later statement of ``body`` binds its name again (``d_row = add_into(_part, ...)``)."""
    at = _position(body, stmt)
    again = next((k for k in range(at + 1, len(body)) if stmt.target in defines(body[k])), len(body))
    hidden = {id(s) for b in body[again + 1:] for s in walk([b])}
    return [s for s in walk(fn.body) if stmt.target in reads_of(s) and id(s) not in hidden]


def _position(body: list, stmt) -> int:
    return next(k for k, s in enumerate(body) if s is stmt)


def _movable(stmt, over: list) -> bool:
    """May ``stmt`` (a pure one) move over the statements ``over``: none of them binds what it
    reads or binds, reads what it binds, or may write into what it reads?"""
    reads = {a for a in stmt.args if isinstance(a, Var)}
    kept = reads | {stmt.target}
    return not any(kept & defines(s) or stmt.target in reads_of(s) or (may_write(s) and reads & set(s.uses()))
                   for b in over for s in walk([b]))


def _nest_reads(path: list, family: list[Var]) -> bool:
    """In the loops around the innermost, the list's names are only copied in and out."""
    names = set(family)
    for outer, inner in zip(path[:-1], path[1:]):
        for s in walk(outer.cond_body + [stmt for stmt in outer.body if stmt is not inner]):
            if not (set(reads_of(s)) | defines(s)) & names:
                continue
            if isinstance(s, Copy) and s.source in names and s.target in names:
                continue
            return False
    return True


class _Facts:
    """What every candidate (a reverse loop and a name it carries) asks of the whole function,
    found in one walk of it and kept with it (ir/memo.py: a function is never changed; the pass
    makes a new one where a candidate is rewritten). Each candidate walked the function again
    for them: a function of many reverse loops (one per comprehension) was quadratic."""

    def __init__(self, fn: Function):
        # the nest of each loop in a top-level loop through loops' bodies only (list_writes.py
        # ``loop_nest``: the first top-level position, then the first path, where a loop recurs)
        self.nests: dict[int, tuple[int, list]] = {}
        for position, stmt in enumerate(fn.body):
            self._index(stmt, position, [])
        # the top-level position of each name's first binding (by an Assign or a Copy)
        self.first_binding: dict[Var, int] = {}
        for position, stmt in enumerate(fn.body):
            if isinstance(stmt, (Assign, Copy)):
                self.first_binding.setdefault(stmt.target, position)
        # how many statements read each name (list_rows.py ``reads_of``), at any depth
        self.reads: dict[Var, int] = {}
        for stmt in walk(fn.body):
            for name in set(reads_of(stmt)):
                self.reads[name] = self.reads.get(name, 0) + 1

    def _index(self, stmt, position: int, outer: list) -> None:
        if not isinstance(stmt, Loop):
            return
        path = [*outer, stmt]
        self.nests.setdefault(id(stmt), (position, path))
        for inner in stmt.body:
            self._index(inner, position, path)


def _facts(fn: Function) -> _Facts:
    return remembered(fn, "adjoint_writes: facts", lambda: _Facts(fn))


def _primal_list(fn: Function, loop: Loop, position: int, path: list) -> Var | None:
    """The list whose adjoint the nest starts from, where one tape links the two sweeps: the
    forward loop's list (pushed on the tape this loop pops, once each) under its name after the
    forward nest, which nothing between the two nests rebinds."""
    lists = {s.args[2] for s in walk(loop.body) if _named(s, replaced_at, 4)}
    pops = [s for s in loop.body if isinstance(s, Assign) and s.prim is POP and s.target in lists]
    held = [s.source for s in loop.body if isinstance(s, Copy) and s.target in lists and isinstance(s.source, Var)]
    if not pops and len(held) == 1:     # (the list itself, one object kept for the reverse loop: list_rows.py)
        bindings = [s for s in walk(fn.body) if held[0] in defines(s)]
        return held[0] if len(bindings) == 1 and any(s is bindings[0] for s in fn.body[:position]) else None
    if len(pops) != 1:
        return None
    tape = pops[0].args[0]
    pushes = [s for s in walk(fn.body) if isinstance(s, Effect) and s.prim is APPEND and s.args[0] == tape]
    if len(pushes) != 1 or not isinstance(pushes[0].args[1], Var):
        return None
    forward = [s for s in walk(fn.body) if isinstance(s, Loop) and any(t is pushes[0] for t in s.body)]
    nest = loop_nest(fn.body, forward[0]) if len(forward) == 1 else None
    if nest is None or nest[0] >= position:
        return None
    family = copied_names(nest[1], pushes[0].args[1])
    if family is None or any(family[0] in defines(s) for s in walk(fn.body[nest[0] + 1:position])):
        return None
    return family[0]


