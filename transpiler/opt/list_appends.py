"""Lists the generated code owns grown and shrunk in place: the last pass on reverse and forward
mode's IR, for the code a call runs (driver/pipeline.py runs it as ``list_appends``; nothing
transforms that code again).

The lowering gives lists value semantics (primitives/lists.py): ``traj.append(x)`` is
``traj = appended(traj, x)``, a new list, and the adjoint of that takes the list's adjoint
apart with ``d_traj[:-1]`` and ``d_traj[-1]``, a second copy. In a loop each step copies the
whole list, so a list grown over ``n`` steps costs ``n²/2`` item copies in each sweep::

    traj = appended(traj, x_1)                 traj.append(x_1)
    ...                                        ...
    d_traj_1 = d_traj[:-1]            ->       _part_3 = d_traj.pop()
    _part_3 = d_traj[-1]                       d_traj_1 = d_traj
    _part = owned(d_hs_1)                      _part = d_hs_1            (add_into then writes it)

Each is done in place where that changes no value any name reads: the list belongs to the
generated code (``Family``: every name that may hold it got it from a list display, a zero
adjoint, a sum's adjoint or one of these statements, never from a parameter, a tape or anything
else that may keep it; and it is read only by what copies what it reads: an item, its length,
its sum, an array of its items), and after the statement no other name of that list is live,
so no one reads the old version again (``live_after``). A list argument is never changed (its
first ``appended`` copies it, as before); a list pushed on a tape, returned, or handed to a
helper keeps its copies.
"""
from __future__ import annotations

import ast
import dataclasses

import numpy as np

from ..ir.defuse import defines
from ..ir.nodes import Assign, Copy, Effect, Function, If, Loop, Var, walk
from ..primitives.indexing import APPEND, POP
from ..primitives.lists import appended, sum_adjoint
from ..primitives.registry import spelled_as
from ..primitives.runtime import accumulate, add_into, owned, unreduce, zeros_like_adjoint
from .copies import merge_copies
from .list_rows import RowLists, item_read


def append_in_place(fn: Function) -> Function:
    """``fn`` with the appends, last-item pops and ``owned`` copies of the lists it owns made in
    place where no name reads the old version (see the module docstring); ``fn`` itself where none is."""
    pops = _last_item_reads(fn.body)
    if not pops and not any(isinstance(s, Assign) and spelled_as(s.prim, appended, owned) for s in walk(fn.body)):
        return fn           # (most functions: no list copied to change, its lists not worked out)
    lists = RowLists(fn, {})
    candidates = [s for s in walk(fn.body) if _candidate(s, lists, pops)]
    if not candidates:
        return fn
    kept = _in_place(fn, candidates, pops)
    if not kept:
        return fn
    chosen = {id(s) for s in kept}
    fn = merge_copies(dataclasses.replace(fn, body=_rewritten(fn.body, chosen, {id(pops[c]): c for c in chosen if c in pops})))
    while (body := _copies_folded(fn.body, _mentions(fn))) != fn.body:
        fn = dataclasses.replace(fn, body=body)
    return fn


# -- what is rewritten --------------------------------------------------------------------------

def _candidate(stmt, lists: RowLists, pops: dict) -> bool:
    """A statement that makes a changed copy of a list, and could change that list instead:
    ``appended(xs, v)``, ``owned(xs)``, ``xs[:-1]`` (where its last item is read just before)."""
    if not isinstance(stmt, Assign) or stmt.kwargs or not stmt.args or not isinstance(stmt.args[0], Var):
        return False
    source = stmt.args[0]
    if source in stmt.args[1:] or not lists.is_list(source):
        return False
    if spelled_as(stmt.prim, appended):
        return len(stmt.args) == 2
    if spelled_as(stmt.prim, owned):
        return len(stmt.args) == 1
    return id(stmt) in pops


def _all_but_last(stmt) -> bool:
    """``y = xs[:-1]``."""
    pattern = getattr(stmt.prim, "pattern", None)
    return (isinstance(pattern, ast.Slice) and pattern.lower is None and pattern.step is None
            and _minus_one(pattern.upper) and len(stmt.args) == 1)


def _minus_one(node) -> bool:
    if isinstance(node, ast.Constant):
        return node.value == -1
    return (isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant)
            and node.operand.value == 1)


def _last_item(stmt, of: Var) -> bool:
    """``g = of[-1]``."""
    return (isinstance(stmt, Assign) and not stmt.kwargs and stmt.args == (of,)
            and _minus_one(getattr(stmt.prim, "pattern", None)))


def _last_item_reads(stmts: list) -> dict:
    """id of each ``rest = xs[:-1]`` directly followed by ``last = xs[-1]`` (how ``appended``'s
    adjoint reads: the pair is one pop) -> that read."""
    pairs = {}
    for block in _blocks(stmts):
        for slice_, read in zip(block, block[1:]):
            if (isinstance(slice_, Assign) and _all_but_last(slice_) and isinstance(slice_.args[0], Var)
                    and _last_item(read, slice_.args[0]) and slice_.target != slice_.args[0]
                    and read.target not in (slice_.target, slice_.args[0])):
                pairs[id(slice_)] = read
    return pairs


def _blocks(stmts: list):
    yield stmts
    for stmt in stmts:
        if isinstance(stmt, (If, Loop)):
            for block in stmt.blocks():
                yield from _blocks(block)


def _rewritten(stmts: list, chosen: set[int], popped: dict) -> list:
    """``stmts`` with the ``chosen`` statements in place; ``popped``: the id of each chosen
    slice's read (a pop now: the slice's statement takes the item) -> the slice's id."""
    out = []
    for stmt in stmts:
        if isinstance(stmt, If):
            stmt = dataclasses.replace(stmt, body=_rewritten(stmt.body, chosen, popped),
                                       orelse=_rewritten(stmt.orelse, chosen, popped))
        elif isinstance(stmt, Loop):
            stmt = dataclasses.replace(stmt, cond_body=_rewritten(stmt.cond_body, chosen, popped),
                                       body=_rewritten(stmt.body, chosen, popped))
        if id(stmt) in popped:
            continue
        if id(stmt) not in chosen:
            out.append(stmt)
            continue
        source = stmt.args[0]
        if spelled_as(stmt.prim, appended):
            out.append(Effect(APPEND, (source, stmt.args[1]), stmt.location))
        elif not spelled_as(stmt.prim, owned):          # the pop: the item its read took, the rest the list
            read = next(s for s in stmts if popped.get(id(s)) == id(stmt))
            out.append(Assign(read.target, POP, (source,), (), read.location, rebinds=read.rebinds))
        if stmt.target != source:
            out.append(Copy(stmt.target, source, stmt.location, rebinds=stmt.rebinds))
    return out


# -- which lists are the generated code's own, and when no other name reads them ----------------

def _in_place(fn: Function, candidates: list, pops: dict) -> list:
    """The candidates that may change their list in place: those of lists the function owns
    whose other names are dead after them (dropped one by one until the rest hold)."""
    chosen = list(candidates)
    while chosen:
        families = _families(fn, chosen, candidates)
        live = live_after(fn, set(families))
        kept = []
        bad = set()
        for stmt, family in _mutations(fn, families):
            if live[id(stmt)] & (family - {stmt.target}):
                bad.add(family)         # an add_into's list read again under another name: not merged
        for stmt in chosen:
            family = families.get(stmt.args[0])
            end = pops.get(id(stmt), stmt)         # (a pop's list is read by its item's read too)
            if family is not None and family not in bad and not live[id(end)] & (family - {stmt.target}):
                kept.append(stmt)
        if len(kept) == len(chosen):
            return kept
        chosen = kept
    return chosen


def _mutations(fn: Function, families: dict):
    """(statement, family) of each ``add_into`` writing into a family's list (in place)."""
    for stmt in walk(fn.body):
        if isinstance(stmt, Assign) and spelled_as(stmt.prim, add_into) and stmt.args and stmt.args[0] in families:
            yield stmt, families[stmt.args[0]]


def _families(fn: Function, chosen: list, candidates: list) -> dict:
    """Each name of a list the function owns -> the names that may hold the same list once
    ``chosen`` change it in place (the names joined by copies, ``add_into`` and ``chosen``);
    names of any other list are left out."""
    parent: dict[Var, Var] = {}

    def root(v: Var) -> Var:
        while parent.setdefault(v, v) != v:
            v = parent[v]
        return v

    def join(a: Var, b: Var) -> None:
        parent[root(a)] = root(b)

    chosen_ids = {id(s) for s in chosen}
    for stmt in walk(fn.body):
        if isinstance(stmt, Copy) and isinstance(stmt.source, Var):
            join(stmt.target, stmt.source)
        elif isinstance(stmt, Assign) and stmt.args and isinstance(stmt.args[0], Var) and (
                id(stmt) in chosen_ids or spelled_as(stmt.prim, add_into)):
            join(stmt.target, stmt.args[0])
    groups: dict[Var, set] = {}
    for v in list(parent):
        groups.setdefault(root(v), set()).add(v)
    made = {id(s) for s in candidates}
    uses, binders = _uses(fn), _binders(fn)
    owned_groups = [frozenset(g) for g in groups.values()
                    if all(_bound_as_own(v, fn, binders.get(v, []), made) for v in g)
                    and all(_read_as_own(v, u) for v in g for u in uses.get(v, ()))]
    return {v: group for group in owned_groups for v in group}


def _uses(fn: Function) -> dict:
    found: dict[Var, list] = {}
    for stmt in walk(fn.body):
        for v in dict.fromkeys(stmt.uses()):
            found.setdefault(v, []).append(stmt)
    if isinstance(fn.result, Var):
        found.setdefault(fn.result, []).append(None)        # (returned: handed out)
    return found


def _binders(fn: Function) -> dict:
    found: dict[Var, list] = {}
    for stmt in walk(fn.body):
        for v in defines(stmt):
            found.setdefault(v, []).append(stmt)
    return found


def _bound_as_own(v: Var, fn: Function, bindings: list, made: set) -> bool:
    """Is every binding of ``v`` a new list (a display, a zero adjoint, a sum's adjoint, a sum
    of adjoints), or the same list another name held (a copy, an ``add_into``, a candidate)?
    Never a parameter's, a tape's or anything else's."""
    if not bindings or v in fn.params or v in fn.free.values():
        return False
    for stmt in bindings:
        if not isinstance(stmt, (Assign, Copy)):
            return False        # (a loop's counter; names bound together: `a, b = (x, y)`)
        if isinstance(stmt, Copy):
            if not isinstance(stmt.source, Var):
                return False
        elif not (id(stmt) in made or stmt.prim.spelling.display is ast.List
                  or spelled_as(stmt.prim, zeros_like_adjoint, sum_adjoint, accumulate, add_into)):
            return False
    return True


# what reads a list into something new, never keeping the list itself (NumPy copies a list's items)
_READERS = (len, sum, max, min, list, tuple, sorted, zeros_like_adjoint, accumulate, np.array, np.asarray, np.stack, np.vstack, np.hstack,
            np.concatenate, np.mean, np.sum, np.prod, np.max, np.min, np.size, np.shape, np.ndim)


def _read_as_own(v: Var, stmt) -> bool:
    """Does ``stmt`` read the list ``v`` without keeping it or changing it (or as one of the
    statements that join its names: a copy, a candidate, ``add_into``)?"""
    if isinstance(stmt, Copy):
        return True
    if not isinstance(stmt, Assign) or any(value == v for _, value in stmt.kwargs):
        return False
    first, rest = stmt.args[0] if stmt.args else None, stmt.args[1:]
    if spelled_as(stmt.prim, sum_adjoint, unreduce):     # (the list read for its shape)
        return len(stmt.args) >= 2 and stmt.args[1] == v and v not in (first, *stmt.args[2:])
    if v in rest:
        return False
    if spelled_as(stmt.prim, appended, owned, add_into, *_READERS) or _all_but_last(stmt):
        return True
    read = item_read(stmt)
    return read is not None and read[0] == v or _last_item(stmt, v)


# -- liveness -------------------------------------------------------------------------------------

def live_after(fn: Function, tracked: set) -> dict[int, frozenset]:
    """For each statement (by id), the names of ``tracked`` read after it before they are bound
    again, on some path (loops may run again; a branch may run either way)."""
    after: dict[int, frozenset] = {}
    end = frozenset({fn.result} & tracked) if isinstance(fn.result, Var) else frozenset()
    _block_live(fn.body, end, tracked, after)
    return after


def _block_live(stmts: list, live: frozenset, tracked: set, after: dict) -> frozenset:
    for stmt in reversed(stmts):
        after[id(stmt)] = live
        reads = frozenset(stmt.uses()) & tracked
        if isinstance(stmt, If):
            live = _block_live(stmt.body, live, tracked, after) | _block_live(stmt.orelse, live, tracked, after) | reads
        elif isinstance(stmt, Loop):
            live = _loop_live(stmt, live, tracked, after) | reads
        else:
            live = (live - defines(stmt)) | reads
    return live


def _loop_live(loop: Loop, exit_live: frozenset, tracked: set, after: dict) -> frozenset:
    """What is live at the top of ``loop`` (before its test): a fixpoint, an iteration's end
    reaching the next one's top or the loop's exit."""
    reads = frozenset(loop.uses()) & tracked
    top = frozenset()
    while True:
        body_live = _block_live(loop.body, top | exit_live | reads, tracked, after)
        new = _block_live(loop.cond_body, body_live | exit_live | reads, tracked, after)
        if new <= top:
            return top
        top = top | new


# -- the copies that leaves, folded ---------------------------------------------------------------

def _mentions(fn: Function) -> dict:
    """name -> ids of the statements reading or binding it (the result's name: a None among them)."""
    found: dict[Var, set] = {}
    for stmt in walk(fn.body):
        for v in (*stmt.uses(), *defines(stmt)):
            found.setdefault(v, set()).add(id(stmt))
    if isinstance(fn.result, Var):
        found.setdefault(fn.result, set()).add(None)
    return found


def _copies_folded(stmts: list, mentions: dict) -> list:
    """``rest = xs`` (a pop's, an append's) read up to a statement binding ``xs`` again (the
    loop's carry ``xs = rest``) with nothing in between mentioning ``xs``: ``rest`` is ``xs``,
    so those statements read ``xs`` itself and the copies go (``xs = xs`` too)."""
    out = [_nested_folded(stmt, mentions) for stmt in stmts
           if not (isinstance(stmt, Copy) and stmt.source == stmt.target)]
    i = 0
    while i < len(out):
        stmt = out[i]
        end = _fold_end(out, i, mentions) if isinstance(stmt, Copy) and isinstance(stmt.source, Var) \
            and mentions else None
        if end is not None:
            renamed = [_renamed(s, stmt.target, stmt.source) for s in out[i + 1:end + 1]]
            renamed = [s for s in renamed if not (isinstance(s, Copy) and s.source == s.target)]
            out[i:end + 1] = renamed
            mentions.clear()      # (one fold per pass: the statements' names changed, found again)
            return out
        i += 1
    return out


def _nested_folded(stmt, mentions: dict):
    if isinstance(stmt, If):
        return dataclasses.replace(stmt, body=_copies_folded(stmt.body, mentions),
                                   orelse=_copies_folded(stmt.orelse, mentions))
    if isinstance(stmt, Loop):
        return dataclasses.replace(stmt, cond_body=_copies_folded(stmt.cond_body, mentions),
                                   body=_copies_folded(stmt.body, mentions))
    return stmt


def _fold_end(block: list, i: int, mentions: dict) -> int | None:
    """The position of the statement binding the copy's source again, where ``block[i]``'s
    copy folds into the statements up to it (see :func:`_copies_folded`); None otherwise."""
    copy = block[i]
    rest, source = copy.target, copy.source
    if rest == source:
        return None
    span = {id(copy)}
    for k in range(i + 1, len(block)):
        stmt = block[k]
        if not isinstance(stmt, (Assign, Copy, Effect)) or isinstance(stmt, Effect) and defines(stmt):
            return None
        span.add(id(stmt))
        if isinstance(stmt, (Assign, Copy)) and stmt.target == source:
            return k if mentions.get(rest, set()) <= span else None
        if source in stmt.uses():
            return None
    return None


def _renamed(stmt, old: Var, new: Var):
    def atom(a):
        return new if a == old else a
    if isinstance(stmt, Copy):
        return dataclasses.replace(stmt, target=atom(stmt.target), source=atom(stmt.source))
    if isinstance(stmt, Assign):
        return dataclasses.replace(stmt, target=atom(stmt.target), args=tuple(map(atom, stmt.args)),
                                   kwargs=tuple((k, atom(v)) for k, v in stmt.kwargs))
    return dataclasses.replace(stmt, args=tuple(map(atom, stmt.args)))
