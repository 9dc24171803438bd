"""Writes into a list's items in place, the overwritten items taped (as Tapenade tapes the
elements of arrays it overwrites): the last pass on reverse mode's IR, for the code a call runs
(driver/pipeline.py runs it as ``list_writes``; nothing transforms that code again).

A list the lowering writes into (``grid[i][j] = v``) is a value: each write is a copy
(``grid_1 = assign_at(grid_1, i, assign_at(grid_1[i], j, v))``, two copies of a row per cell of a
grid of lists), and the loop's tape holds each version for the reverse sweep. Here, in a loop whose
tape holds the list (``_tape.append(grid_1)``) and which writes its items at its top level, the
writes are made in place on a private copy of the list made before the loops, each logging the
item it overwrites on the same tape::

    grid = private_list(grid)              # once, before the loops: the outer list and its rows
    for i in range(n):
        grid_1 = grid
        for j in range(n):
            _tape.append(grid_1)            # (the list itself, no longer a copy of it)
            ...
            grid_1 = written_in_row(_tape, grid_1, i, j, _t9)    # logs (row, j, old item)
        grid = grid_1
    ...
    for i in reversed(range(n)):
        for j in reversed(range(n)):
            undo_write(_tape)               # the old item put back: the list as this iteration found it
            grid_1 = _tape.pop()
            ...

(Where the list and its rows are lists whatever runs and the loops count the positions, the
writes are the item stores themselves: opt/list_rows.py.) So every name of the list reads, in
either sweep, the items the value it names had: the reverse sweep undoes each iteration's writes
before its recomputation reads the list (the recomputation writes copies, as before), and runs
the iterations in reverse order. The pass proves that before it writes anything, and otherwise
leaves the code as it is. The names that may hold the list or one of its rows are followed
through the whole function (``Holders``): read in the loop only while no write has changed them
since they were bound; in the reverse loop only as recomputed there; between the loops' two
sweeps freely (nothing writes or undoes there); nowhere else (not after the reverse loop, not in
what the function returns, not through a helper that may keep them or another write into them).
"""
from __future__ import annotations

import dataclasses

import numpy as np

from ..ir.nodes import Assign, Copy, Effect, Function, If, Loop, Var, walk
from ..primitives.chained_writes import ALONE_IN
from ..primitives.indexing import APPEND, LIST as LIST_DISPLAY, POP
from ..primitives.lists import PRIVATE_LIST, UNDO_WRITE, WRITTEN_IN_ROW, WRITTEN_ITEM, iterated
from ..primitives.registry import spelled_as
from ..primitives.runtime import add_into
from ..primitives.written import WrittenPrimitive
from ..analysis.kinds import value_kinds
from .list_rows import (RowLists, direct_writes, item_read, items_read_as_they_are, reads_of, replaced_in,
                        without_unused_tape)
from .write_checks import element_update

LIST, ROW, ANY = "list", "row", "any"     # the list itself, one of its rows, anything holding either


def write_lists_in_place(fn: Function, input_kinds: dict | None = None) -> Function:
    """``fn`` with the item writes of each loop that qualifies (see the module docstring) made
    in place; ``fn`` itself where none does. ``input_kinds``: the parameters' dtype kinds (the
    kinds of the values then tell the written positions' integers, opt/list_rows.py)."""
    done: set = set()
    while True:
        for loop, tape, carried in _candidates(fn.body):
            if (tape, carried) in done:
                continue
            done.add((tape, carried))
            rewritten = _rewritten(fn, loop, tape, carried, input_kinds or {})
            if rewritten is not None:
                fn = rewritten
                break
        else:
            return fn


def _candidates(body: list):
    """(loop, tape, list) of each forward loop pushing a list it writes into on its tape."""
    for stmt in walk(body):
        if not isinstance(stmt, Loop) or stmt.backwards:
            continue
        written = None      # (the lists the body writes into, found once: a body pushes at every statement)
        for s in stmt.body:
            if isinstance(s, Effect) and s.prim is APPEND and all(isinstance(a, Var) for a in s.args):
                tape, pushed = s.args
                if written is None:
                    written = {u[0] for w in stmt.body if (u := _update(w)) is not None and isinstance(u[0], Var)}
                if pushed in written:
                    yield stmt, tape, pushed


def _update(stmt):
    return element_update(stmt) if isinstance(stmt, Assign) else None


@dataclasses.dataclass
class _Write:
    """One write of the chain in the loop's body: ``target = assign_at(source, i, value)``, or
    with ``row`` (the statement ``value = assign_at(row, j, item)``, ``row = source[i]``) the
    write of one item of a row."""

    stmt: Assign
    source: Var
    index: object
    value: object
    row: Assign | None = None       # the row's write
    inner: object = None            # its index j
    item: object = None             # the item written


def write_chain(loop: Loop, carried: Var) -> list[_Write] | None:
    """The writes of ``loop``'s body into ``carried``, version after version, all of one depth
    (items of the list, or items of its rows); None where that is not the body's shape."""
    body = loop.body
    current, writes = carried, []
    for k, stmt in enumerate(body):
        update = _update(stmt)
        if update is None or update[0] != current:
            continue
        source, index, value = update
        write = _Write(stmt, source, index, value)
        row_write = _binding(body, k, value) if isinstance(value, Var) else None
        inner = _update(row_write) if row_write is not None else None
        if inner is not None and isinstance(inner[0], Var):
            read = _binding(body, body.index(row_write), inner[0])
            if read is not None and item_read(read) == (source, index):
                write.row, write.inner, write.item = row_write, inner[1], inner[2]
        writes.append(write)
        current = stmt.target
    if not writes or len({w.row is None for w in writes}) != 1:
        return None
    ends = [s for s in body if isinstance(s, (Assign, Copy)) and s.target == carried]
    last = writes[-1].stmt
    if ends != [last] and not (len(ends) == 1 and isinstance(ends[0], Copy) and ends[0].source == last.target
                               and body.index(ends[0]) > body.index(last)):
        return None         # the last version is what the next iteration starts from, nothing else
    return writes


def _binding(body: list, before: int, var: Var):
    """The last top-level statement of ``body`` before position ``before`` binding ``var``."""
    for k in range(before - 1, -1, -1):
        stmt = body[k]
        if isinstance(stmt, (Assign, Copy)) and stmt.target == var:
            return stmt
    return None


def _rewritten(fn: Function, loop: Loop, tape: Var, carried: Var, input_kinds: dict) -> Function | None:
    writes = write_chain(loop, carried)
    if writes is None:
        return None
    nest_f = loop_nest(fn.body, loop)
    reverse = _reverse_loop(fn.body, tape)
    if nest_f is None or reverse is None:
        return None
    nest_r = loop_nest(fn.body, reverse)
    if nest_r is None or nest_r[0] <= nest_f[0]:
        return None
    family = copied_names(nest_f[1], carried)
    if family is None:
        return None
    holders = Holders(fn, loop, reverse, tape, carried, writes, family, rows=writes[0].row is not None)
    if not holders.safe(nest_f, nest_r):
        return None
    inputs = [*fn.params, *fn.free.values()]
    kinds = value_kinds(fn, {v: input_kinds[v.name] for v in inputs if input_kinds.get(v.name) is not None})
    return _applied(fn, loop, reverse, tape, writes, nest_f, family, nest_r[0], kinds)


def loop_nest(body: list, loop: Loop) -> tuple[int, list] | None:
    """(top-level position, the loops from the top-level one down to ``loop``), where ``loop``
    is in a top-level loop through loops' bodies only (no branch between)."""
    for position, stmt in enumerate(body):
        path = path_to_loop(stmt, loop)
        if path is not None:
            return position, path
    return None


def path_to_loop(stmt, loop: Loop) -> list | None:
    if stmt is loop:
        return [loop]
    if isinstance(stmt, Loop):
        for inner in stmt.body:
            path = path_to_loop(inner, loop)
            if path is not None:
                return [stmt, *path]
    return None


def _reverse_loop(body: list, tape: Var) -> Loop | None:
    """The one reverse loop popping ``tape`` at the top of its body (pops first, nothing else
    popping it in a loop's body but it)."""
    found = [s for s in walk(body) if isinstance(s, Loop)
             and any(isinstance(t, Assign) and t.prim is POP and t.args == (tape,) for t in s.body)]
    if len(found) != 1 or not found[0].backwards:
        return None
    loop = found[0]
    pops = [k for k, s in enumerate(loop.body) if isinstance(s, Assign) and s.prim is POP and s.args == (tape,)]
    return loop if pops == list(range(len(pops))) else None


def copied_names(path: list, carried: Var) -> list[Var] | None:
    """The names of the list through the nest (outermost loop's first): each enclosing loop's
    body copies its own name into the inner one's before it (``grid_1 = grid``) and back after
    (``grid = grid_1``); None where a loop does otherwise."""
    names = [carried]
    for outer, inner in zip(reversed(path[:-1]), reversed(path[1:])):
        position = outer.body.index(inner)
        entry = [s for s in outer.body[:position] if isinstance(s, Copy) and s.target == names[0]]
        back = [s for s in outer.body[position + 1:] if isinstance(s, Copy) and s.source == names[0]]
        if len(entry) != 1 or len(back) != 1 or not isinstance(entry[0].source, Var) \
                or entry[0].source != back[0].target or entry[0].source in names:
            return None
        names.insert(0, entry[0].source)
    return names


class Holders:
    """Which names may hold the list (or one of its rows) where, and whether every read of one
    reads what the value it names held (see the module docstring)."""

    def __init__(self, fn, loop, reverse, tape, carried, writes, family, rows: bool):
        self.fn, self.loop, self.reverse, self.tape, self.carried = fn, loop, reverse, tape, carried
        self.writes, self.family, self.rows = writes, family, rows
        self.consumed = {id(w.row): w for w in writes if w.row is not None}
        self.ever: set[Var] = set(family) | {w.stmt.target for w in writes}   # names ever a holder

    def safe(self, nest_f: tuple, nest_r: tuple) -> bool:
        f, path = nest_f
        r, _ = nest_r
        body = self.fn.body
        if not any(isinstance(s, (Assign, Copy)) and s.target == self.family[0] for s in body[:f]):
            return False        # (the list is bound before the loops: the private copy reads it)
        if not self._pushed_in(body[f]) or not self._rows_read_once():
            return False
        if not self._loop_reads() or not self._nest_reads(path) or not self._reverse_reads():
            return False
        inner = self.ever - {self.family[0]}       # (bound in the loops: stale after them)
        between: dict[Var, str] = {self.family[0]: LIST}
        for stmt in body[f + 1:r]:
            if any(set(reads_of(s)) & inner for s in walk([stmt])) or not self._flows(stmt, between):
                return False
        self.ever |= set(between)
        outside = [s for s in walk([body[r]]) if s is not self.reverse and not _inside(s, self.reverse)]
        if any(set(reads_of(s)) & self.ever for s in outside + list(walk(body[r + 1:])) if not isinstance(s, Loop)):
            return False        # (the reverse loop has undone the writes: none of them may be read)
        return not (isinstance(self.fn.result, Var) and self.fn.result in self.ever)

    def safe_in_forward_mode(self, nest_f: tuple) -> bool:
        """The same without a reverse sweep (forward mode's code): bound before the nest, read
        in it as in :meth:`safe`, and after it only by the name the nest leaves it in."""
        f, path = nest_f
        body = self.fn.body
        if not any(isinstance(s, (Assign, Copy)) and s.target == self.family[0] for s in body[:f]):
            return False
        if not (self._rows_read_once() and self._loop_reads() and self._nest_reads(path)):
            return False
        stale = self.ever - {self.family[0]}
        return not any(set(reads_of(s)) & stale for s in walk(body[f + 1:])) \
            and not (isinstance(self.fn.result, Var) and self.fn.result in stale)

    def _pushed_in(self, nest) -> bool:
        """The tape is pushed in the nest only (not by a loop the reverse sweep replays)."""
        pushes = [s for s in walk(self.fn.body) if isinstance(s, Effect) and s.prim is APPEND and s.args[0] == self.tape]
        inside = {id(s) for s in walk([nest])}
        return all(id(s) in inside for s in pushes)

    def _rows_read_once(self) -> bool:
        """A row's write (dropped: the item is written into the row itself) is read by the
        list's write alone, and by the reverse loop's own recomputation."""
        readers = [s for s in walk(self.fn.body)
                   if not (self.reverse and _inside(s, self.reverse)) and not isinstance(s, Loop)]
        for w in self.consumed.values():
            found = [s for s in readers if w.value in reads_of(s)]
            if found != [w.stmt]:
                return False
        return True

    def _flows(self, stmt, holders: dict) -> bool:
        """Follow ``stmt`` (anything between the two sweeps of the nest): the holders it binds;
        False where it changes one in place."""
        if isinstance(stmt, If):
            return all(self._flows(s, holders) for s in stmt.body + stmt.orelse)
        if isinstance(stmt, Loop):
            for _ in range(2):      # (a loop-carried holder: a second pass sees it)
                if not all(self._flows(s, holders) for s in stmt.cond_body + stmt.body):
                    return False
            return True
        return self._bind(stmt, holders)

    def _bind(self, stmt, holders: dict) -> bool:
        """``holders`` after ``stmt``; False where ``stmt`` may write into one, or keep one where
        it cannot be followed."""
        read = [a for a in reads_of(stmt) if a in holders]
        if isinstance(stmt, Effect):
            if stmt.prim is APPEND and stmt.args[1] in holders and stmt.args[0] != stmt.args[1]:
                holders[stmt.args[0]] = ANY        # a tape holding it: its pops hold it
                self.ever.add(stmt.args[0])
                return True
            return not read or stmt.prim is ALONE_IN and read == [stmt.args[1]]
        if isinstance(stmt, Assign) and stmt.prim is POP:
            if read:
                holders[stmt.target] = ANY         # a pop from a tape holding it
            else:
                holders.pop(stmt.target, None)
            return True
        if not read:
            if isinstance(stmt, (Assign, Copy)):
                holders.pop(stmt.target, None)
            return True
        if isinstance(stmt, Assign) and ((spelled_as(stmt.prim, add_into) or isinstance(stmt.prim, WrittenPrimitive)) or stmt.prim.pops
                                         or any(v in holders for _, v in stmt.kwargs)):
            return False           # (may write into its arguments in place, or keep one unseen)
        held = self._held(stmt, holders)
        if held is None:
            holders.pop(stmt.target, None)
        else:
            holders[stmt.target] = held
        return True

    def _held(self, stmt, holders: dict) -> str | None:
        """What ``stmt``'s value may hold of the list, given what its arguments may."""
        if isinstance(stmt, Copy):
            return holders[stmt.source]
        prim = stmt.prim
        kept = [k for k, a in enumerate(stmt.args) if a in holders and k not in prim.reads_shape]
        if not kept:
            return None
        levels = {holders[stmt.args[k]] for k in kept}
        level = holders[stmt.args[0]] if kept == [0] else ANY
        if spelled_as(prim, iterated):    # a list itself (a dict's keys)
            return level
        if item_read(stmt) is not None:        # an item: a row of the list, or a number of a row
            return (ROW if self.rows else None) if level == LIST else None if level == ROW else ANY
        if _update(stmt) is not None:           # a copy written into: a new list of the same items
            return (LIST if self.rows else None) if level == LIST else None if level == ROW else ANY
        flat = levels <= ({ROW} if self.rows else {LIST})      # a row, or a list of items
        if flat and (prim.partials is not None or prim.spelling.binop is not None
                     or prim.spelling.unaryop is not None or spelled_as(prim, sum, np.sum)):
            return None        # numbers or new arrays made from its items (none of them written in place)
        return ANY

    def _loop_reads(self) -> bool:
        """In the loop's body, holders are read only while no write has changed them since they
        were bound (and only at its top level); the tape is pushed before the first write. Twice:
        the second pass knows the names the first found holding the list, bound after a read
        of them (the next iteration's)."""
        return self._loop_pass() and self._loop_pass()

    def _loop_pass(self) -> bool:
        holders = {self.carried: LIST}
        writes = {id(w.stmt): w for w in self.writes}
        first = self.loop.body.index(self.writes[0].stmt)
        if any(set(reads_of(s)) & self.ever for s in walk(self.loop.cond_body)):
            return False
        for k, stmt in enumerate(self.loop.body):
            if isinstance(stmt, Effect) and stmt.prim is APPEND and stmt.args[0] == self.tape:
                if k > first or stmt.args[1] != self.carried and stmt.args[1] in set(holders) | self.ever:
                    return False
                continue
            if isinstance(stmt, (If, Loop)):
                if any(set(reads_of(s)) & (set(holders) | self.ever) for s in walk([stmt])):
                    return False
                continue
            if set(reads_of(stmt)) & (self.ever - set(holders)):
                return False        # a name that held the list, read after a write changed it
            if id(stmt) in self.consumed:       # the row's write: its row and nothing else held
                write = self.consumed[id(stmt)]
                if write.row.args[0] not in holders or any(
                        a in holders for a in (write.inner, write.item)):
                    return False
                continue
            write = writes.get(id(stmt))
            if write is not None:
                if holders.get(write.source) != LIST or any(a in holders for a in (write.index, write.value)
                                                            if write.row is None):
                    return False
                holders = {stmt.target: LIST}      # every other name of the list, or of a row, is stale
                continue
            if isinstance(stmt, (Assign, Copy, Effect)) and not self._bind(stmt, holders):
                return False
            if isinstance(stmt, (Assign, Copy)) and stmt.target in holders:
                self.ever.add(stmt.target)
        return True

    def _nest_reads(self, path: list) -> bool:
        """In the nest's loops around the loop, the list's names are only copied in and out
        and checked (``alone_in``)."""
        for outer, inner in zip(path[:-1], path[1:]):
            for s in walk(outer.cond_body + [stmt for stmt in outer.body if stmt is not inner]):
                read = set(reads_of(s)) & self.ever
                if not read or isinstance(s, Loop):
                    continue
                if isinstance(s, Copy) and s.source in self.family and s.target in self.family:
                    continue
                if isinstance(s, Effect) and s.prim is ALONE_IN and read == {s.args[1]}:
                    continue
                return False
        return True

    def _reverse_reads(self) -> bool:
        """In the reverse loop, holders are read only once bound in the same iteration (the
        pops at its top, the recomputation), and nothing there writes into them."""
        return self._bound_first(self.reverse.body, set(), {})

    def _bound_first(self, stmts: list, bound: set, holders: dict) -> bool:
        bound, holders = set(bound), dict(holders)
        for stmt in stmts:
            if isinstance(stmt, If):
                if not (self._bound_first(stmt.body, bound, holders) and self._bound_first(stmt.orelse, bound, holders)):
                    return False
                continue
            if isinstance(stmt, Loop):
                if not self._bound_first(stmt.cond_body + stmt.body, bound, holders) \
                        or not self._bound_first(stmt.cond_body + stmt.body, bound, holders):
                    return False
                continue
            if (set(reads_of(stmt)) & self.ever) - bound:
                return False
            if isinstance(stmt, Assign) and stmt.prim is POP and stmt.args == (self.tape,):
                holders[stmt.target] = LIST
            elif not self._bind(stmt, holders):
                return False
            if isinstance(stmt, (Assign, Copy)):
                if stmt.target in holders:
                    self.ever.add(stmt.target)
                if stmt.target in self.ever:
                    bound.add(stmt.target)
        return True


def _inside(stmt, loop: Loop) -> bool:
    return any(s is stmt for s in walk(loop.cond_body + loop.body))


def _applied(fn: Function, loop: Loop, reverse: Loop, tape: Var, writes: list[_Write],
             nest_f: tuple, family: list[Var], top_r: int, kinds: dict) -> Function:
    f, _ = nest_f
    lists = RowLists(fn, kinds)
    new_reverse = items_read_as_they_are(fn, lists, reverse, top_r, writes, kinds)
    private = Assign(family[0], PRIVATE_LIST, (family[0],), (), loop.location, rebinds=True)
    held = Var(fn.names.fresh("_written"))
    direct = direct_writes(fn, loop, new_reverse, tape, writes, lists, (nest_f[1], loop_nest(fn.body, reverse)[1]), held)
    if direct is not None:      # (item stores, the old items on a tape of their own)
        body, reverse_body, olds, temporaries = direct
        top = replaced_in(fn.body, {id(loop): dataclasses.replace(loop, body=body),
                                    id(reverse): dataclasses.replace(new_reverse, body=reverse_body)})
        made = [Copy(held, family[0], loop.location), Assign(olds, LIST_DISPLAY, (), (), loop.location)]
        top = without_unused_tape(top[:f] + [private] + made + top[f:], tape)
        return dataclasses.replace(fn, body=top, folded=fn.folded | temporaries)
    consumed = {id(w.row) for w in writes if w.row is not None}
    replaced = {}
    for w in writes:
        if w.row is None:
            replaced[id(w.stmt)] = dataclasses.replace(w.stmt, prim=WRITTEN_ITEM, args=(tape, w.source, w.index, w.value))
        else:
            replaced[id(w.stmt)] = dataclasses.replace(w.stmt, prim=WRITTEN_IN_ROW,
                                                       args=(tape, w.source, w.index, w.inner, w.item))
    consumed |= _unread_rows(fn, reverse, loop, writes)
    body = [replaced.get(id(s), s) for s in loop.body if id(s) not in consumed]
    undo = [Effect(UNDO_WRITE, (tape,), w.stmt.location) for w in writes]
    top = replaced_in(fn.body, {id(loop): dataclasses.replace(loop, body=body),
                                id(reverse): dataclasses.replace(new_reverse, body=undo + new_reverse.body)})
    return dataclasses.replace(fn, body=top[:f] + [private] + top[f:])


def _unread_rows(fn: Function, reverse: Loop, loop: Loop, writes: list[_Write]) -> set[int]:
    """The statements reading a row for its write (``_t10 = grid_1[i]``) that nothing else
    reads now (but the reverse loop's own recomputation)."""
    consumed = {id(w.row) for w in writes if w.row is not None}
    readers = [s for s in walk(fn.body) if not _inside(s, reverse) and not isinstance(s, Loop) and id(s) not in consumed]
    unread = set()
    for w in writes:
        if w.row is None:
            continue
        row = w.row.args[0]
        read = _binding(loop.body, loop.body.index(w.row), row)
        if read is not None and not any(row in reads_of(s) for s in readers):
            unread.add(id(read))
    return unread
