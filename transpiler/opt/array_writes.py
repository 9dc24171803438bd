"""Arrays filled item by item, written in place (driver/pipeline.py runs it as ``array_writes``,
last of reverse mode's passes on the code a call runs, which nothing transforms again).

``out[i] = v`` is lowered to ``out_1 = assign_at(out, i, v)``: a copy of ``out`` with one item
written, so that every version of the array stays what it was (the caller's arrays are never
written, a tape or a name holding an earlier version still reads it). In a loop filling an
array that is a copy of the whole array per item, in the forward sweep and again for the
adjoint's clearing in the reverse sweep (``d_out_2 = assign_at(d_out_1, i, 0.0)``): quadratic.

An SSA compiler writes in place where the old version is dead (Futhark's uniqueness types, a
destructive update). Here: each array written by ``assign_at`` is followed, as a *family*, from
the statement that made it through the copies between its versions (a loop's carried value, a
branch's merge) and the writes (old version → new). The writes become ``stored_at`` (the item
written into the array itself; ``assign_at``'s copy where the array is no array or its dtype
would change) where both hold:

* the memory is the generated code's own: the family's first value made by an allocating call
  (``np.zeros``, ``np.copy``) or by arithmetic, else copied once where it is made
  (``owned_copy``: an argument, a view, a value the caller may hold; an adjoint that starts as an
  argument, ``d_out = x``, starts a family of its own there);
* no name reads a version of the family after a later version was written: walked through the
  function in order, a name of the family is *current* from its binding until a write of the
  family (any version) runs; every read of a name must find it current (a branch's arms walked
  from the state before it, a loop's body until the state at its top settles); and the only
  readers are the family's writes and copies, calls that make a new value of what they read
  (arithmetic, a reduction, ``np.copy``, an item read of integers: a number) or read its shape
  only, and views (a slice or row read, ``unbroadcast`` of it), which are then followed as the
  family's names are, valid until the next write. Anything else, a tape's push, a container
  holding it, a call that may hand it back, refuses the family; but the tuple the function
  returns, built by its last statement (forward mode's ``(value, tangent)``, a gradient per
  argument), which no write follows.

A reverse loop clears the adjoint's item before it reads it (``assign_at`` then ``d_out_1[i]``):
the write is moved after the reads of the version it overwrites and of what they made (the values
it reads are bound before it, so it computes the same there) before the walk. Reverse mode adds
into an item of an adjoint another name may read as ``d = np.copy(d); d[j] += g``: where ``d``'s
family qualifies, the copy is dropped and ``d[j] += g`` is one more write of the family.
Last, where the dtypes are known to keep the array as it is (a float64 array, a real value), a
``stored_at`` is printed as the item write itself, ``out[i] = v`` (opt/item_stores.py).
"""
from __future__ import annotations

import ast
import dataclasses

from ..ir.defuse import defines
from ..ir.nodes import Assign, Copy, Effect, Function, If, Loop, Var, walk
from ..primitives.indexing import OWNED_COPY, assign_at, hole, stored_primitive, update_pattern
from ..primitives.registry import spelled_as
from ..primitives.runtime import unbroadcast
from .array_items import (added_into, copies_to_add_into, integers_of, known_integers, number_read,
                          parallel_copy, reads)
from .copies import merge_copies
from .dead_code import eliminate_dead_code
from .item_stores import float_kinds, stores_written_directly


def write_arrays_in_place(fn: Function, shapes: dict, input_kinds: dict) -> Function:
    """``fn`` with the writes of each family that qualifies (see the module docstring) made in
    place; ``fn`` itself where none does. ``input_kinds``: the parameters' and free names' dtype
    kinds (an index known an integer reads a number)."""
    adds = copies_to_add_into(fn.body)
    if not adds and not any(_write(stmt) for stmt in walk(fn.body)):
        return fn               # (most functions: no item write to work on)
    integers = known_integers(fn, input_kinds)
    original = fn
    done: set = set()
    for stmt in list(walk(fn.body)):     # (an adjoint only added into, d_x[i] += g, is a family too)
        if not (_write(stmt) or id(stmt) in adds) or stmt.target.name in done:
            continue
        moved = dataclasses.replace(fn, body=_writes_after_reads(fn.body))
        adds = copies_to_add_into(moved.body)
        family = _family(moved, stmt.target, adds)
        done.update(v.name for v in family)
        rewritten = _in_place(moved, family, shapes, integers_of(moved, integers), adds)
        if rewritten is not None:
            fn = rewritten
    if fn is original:
        return fn
    inputs = {v: input_kinds[v.name] for v in [*original.params, *original.free.values()]
              if input_kinds.get(v.name) is not None}
    written = merge_copies(fn)      # (``d_1 = stored_at(d, ...); d = d_1``: one name)
    # (what no name reads dropped while the writes are values: ``out[i] = v`` is a statement that
    # printed code's dead-code removal keeps, as it must a write into a list's row)
    return stores_written_directly(eliminate_dead_code(written), float_kinds(original, inputs))


def _write(stmt) -> bool:
    """``n = assign_at(o, ...)`` of an array: ``o[index] = v`` as a new version."""
    return isinstance(stmt, Assign) and spelled_as(stmt.prim, assign_at) and not stmt.kwargs \
        and isinstance(stmt.args[0], Var) and (update_pattern(stmt.prim) is not None or len(stmt.args) == 3)


def _family(fn: Function, seed: Var, adds: set[int]) -> set[Var]:
    """The names connected to ``seed`` by writes and copies, either way."""
    edges: dict[Var, set] = {}
    inputs = {*fn.params, *fn.free.values()}
    for stmt in walk(fn.body):
        for target, source in _copies(stmt, adds, inputs):
            if isinstance(source, Var):
                edges.setdefault(source, set()).add(target)
                edges.setdefault(target, set()).add(source)
    family, todo = {seed}, [seed]
    while todo:
        for other in edges.get(todo.pop(), ()):
            if other not in family:
                family.add(other)
                todo.append(other)
    return family


def _copies(stmt, adds: set[int], inputs: set[Var]) -> list[tuple[Var, object]]:
    """(target, source) of each value ``stmt`` passes on as it is, or as its new version: a write's,
    a copy's, each pair of a parallel copy ``a, b = c, d`` (a reverse loop's carried values), a copy
    made to add into (``adds``, array_items.copies_to_add_into). Not a copy of an argument or a free
    value (``d_out = x``: an adjoint that starts as an input): that starts a family of its own."""
    if _write(stmt) or id(stmt) in adds:
        return [(stmt.target, stmt.args[0])]
    if isinstance(stmt, Copy):
        return [] if stmt.source in inputs else [(stmt.target, stmt.source)]
    return parallel_copy(stmt) or []


def _binds_any(stmt, names: set) -> bool:
    if isinstance(stmt, Effect):
        return any(Var(name) in names for name in getattr(stmt.prim, "targets", ()))
    return _binds(stmt, names)


def _in_place(fn: Function, family: set[Var], shapes: dict, integers: set[Var], adds: set[int]) -> Function | None:
    if any(isinstance(s, Effect) and _binds_any(s, family) and parallel_copy(s) is None for s in walk(fn.body)):
        return None       # bound by a statement a transform wrote (a pop into the name)
    roots = [s for s in walk(fn.body) if _binds(s, family) and not _write(s) and id(s) not in adds
             and not (isinstance(s, Copy) and s.source in family)]
    params = [v for v in family if v in fn.params]
    if any(v in fn.free.values() for v in family) or len(roots) + len(params) != 1:
        return None       # made in one place: one allocation, or one argument
    if any(isinstance(s, Copy) and not isinstance(s.source, Var) for s in roots):
        return None       # a constant merged into a version
    if not all(_an_array(shapes.get(v.name)) for v in family if v.name in shapes) \
            or not any(v.name in shapes for v in family):
        return None
    root = roots[0] if roots else None
    first = root.target if root is not None else params[0]
    walker = _Versions(family, shapes, integers, adds)
    if not walker.run_function(fn, first):
        return None
    body = _rewritten(fn.body, family, adds)
    if isinstance(root, Copy):          # an argument's memory: its own copy, once
        owned_copy = Assign(first, OWNED_COPY, (root.source,), (), root.location, rebinds=root.rebinds)
        return dataclasses.replace(fn, body=_inserted_after(body, root, owned_copy, instead=True))
    if root is None or not (root.prim.allocates or _arithmetic(root)) or root.prim.may_view(root.args) \
            or any(name == "copy" for name, _ in root.kwargs):       # (np.array(x, copy=False): maybe x)
        copy = Assign(first, OWNED_COPY, (first,), (), root.location if root else None, rebinds=True)
        body = _inserted_after(body, root, copy) if root is not None else [copy, *body]
    return dataclasses.replace(fn, body=body)


def _an_array(shape) -> bool:
    return isinstance(shape, tuple) and len(shape) >= 1


def _arithmetic(stmt: Assign) -> bool:
    """Elementwise arithmetic: its result is a new array (of arrays; the family's are arrays)."""
    return stmt.prim.partials is not None or stmt.prim.spelling.binop is not None


def _binds(stmt, names: set) -> bool:
    return isinstance(stmt, (Assign, Copy)) and stmt.target in names


class _Versions:
    """The walk of the module docstring: which names of the family hold its latest version."""

    def __init__(self, family: set[Var], shapes: dict, integers: set[Var], adds: set[int]):
        self.family, self.shapes, self.integers, self.adds = family, shapes, integers, adds
        self.views: set[Var] = set()     # names that may be views of the family's array (``d[i, :]``)
        self.returned: Assign | None = None     # the display of the function's result, last
        self.ok = True

    def run_function(self, fn: Function, first: Var) -> bool:
        last = fn.body[-1] if fn.body else None
        self.returned = last if isinstance(last, Assign) and last.target == fn.result and last.prim.display else None
        current = self.block(fn.body, {first} if first in fn.params else set())
        self.read(fn.result, current)
        return self.ok

    def tracked(self, atom) -> bool:
        """A name of the family, or one that may be a view of its array."""
        return isinstance(atom, Var) and (atom in self.family or atom in self.views)

    def read(self, atom, current: set) -> None:
        if self.tracked(atom) and atom not in current:
            self.ok = False

    def block(self, stmts: list, current: set) -> set:
        for stmt in stmts:
            current = self.statement(stmt, current)
        return current

    def statement(self, stmt, current: set) -> set:
        if stmt is self.returned:       # (the returned tuple: its items read as the function's result is)
            for atom in stmt.uses():
                self.read(atom, current)
            return current
        if isinstance(stmt, If):
            self.read(stmt.test, current)
            return self.block(stmt.body, set(current)) & self.block(stmt.orelse, set(current))
        if isinstance(stmt, Loop):
            for atom in stmt.uses():
                self.read(atom, current)
            top = set(current)
            while True:
                end = self.block(stmt.body, self.block(stmt.cond_body, set(top)))
                settled = top & end
                if settled == top:
                    return self.block(stmt.cond_body, top)
                top = settled
        if isinstance(stmt, Copy):
            self.read(stmt.source, current)
            if stmt.source in self.views:
                self.views.add(stmt.target)
                return current | {stmt.target}
            if stmt.target in self.family and stmt.source not in self.family:
                return {stmt.target}        # the root: an input's copy
            return current | {stmt.target} if stmt.target in self.family else current
        pairs = parallel_copy(stmt)
        if pairs is not None:
            for _, source in pairs:
                self.read(source, current)
                if source in self.views:
                    self.ok = False
            moved = {target for target, source in pairs if target in self.family}
            kept = current - {target for target, _ in pairs}
            return kept | moved
        if id(stmt) in self.adds and stmt.args[0] in self.family:
            self.read(stmt.args[0], current)
            return {stmt.target}
        added = added_into(stmt)
        if added in self.family:     # ``d[j] += g`` into the family's array: a write of its own
            for atom in stmt.uses():
                self.read(atom, current)
                if atom != added and self.tracked(atom):
                    self.ok = False
            return {added}
        if _write(stmt) and stmt.args[0] in self.family:
            self.read(stmt.args[0], current)
            for atom in stmt.uses()[1:]:
                self.read(atom, current)
                if self.tracked(atom):      # (the value written a view of the array itself)
                    self.ok = False
            return {stmt.target}
        view = False
        for position, atom in enumerate(stmt.args if isinstance(stmt, (Assign, Effect)) else ()):
            if isinstance(atom, Var) and (atom in self.family or atom in self.views):
                self.read(atom, current)
                if self.reads_new_value(stmt, position):
                    continue
                view = _may_view(stmt, position)
                self.ok = self.ok and view
        if isinstance(stmt, Assign):
            if any(v in self.family or v in self.views for _, v in stmt.kwargs):
                self.ok = False
            if stmt.target in self.family:
                return {stmt.target}        # the root
            if view:                        # valid until the next write: then stale
                self.views.add(stmt.target)
                return current | {stmt.target}
            return current - {stmt.target}
        return current

    def reads_new_value(self, stmt, position: int) -> bool:
        """Does ``stmt`` read the family's array at ``position`` without holding its memory: a
        new array of arithmetic or a reduction, a number read of an item, or its shape only?"""
        if not isinstance(stmt, Assign):
            return False
        prim = stmt.prim
        if position in prim.reads_shape or prim.may_view(stmt.args):
            return position in prim.reads_shape
        if _arithmetic(stmt) or prim.family == "reductions" or prim.allocates:
            return True
        return position == 0 and self.number_read(stmt)

    def number_read(self, stmt: Assign) -> bool:
        return number_read(stmt, self.shapes, self.integers)


def _may_view(stmt, position: int) -> bool:
    """Is ``stmt``'s result a view of (or the same as) its argument at ``position``: a slice or a
    row read of it, ``unbroadcast`` of it (the same where the shapes agree), a primitive that views?"""
    if not isinstance(stmt, Assign):
        return False
    prim = stmt.prim
    return prim.may_view(stmt.args) or position == 0 and (
        prim.pattern is not None and not prim.updates or spelled_as(prim, unbroadcast))


def _rewritten(stmts: list, family: set[Var], adds: set[int]) -> list:
    out = []
    for stmt in stmts:
        if id(stmt) in adds and stmt.args[0] in family:      # the family's own version: no copy
            if stmt.target != stmt.args[0]:
                out.append(Copy(stmt.target, stmt.args[0], stmt.location, rebinds=stmt.rebinds))
        elif _write(stmt) and stmt.args[0] in family:
            pattern = update_pattern(stmt.prim)
            args = stmt.args if pattern is not None else (stmt.args[0], stmt.args[2], stmt.args[1])
            out.append(dataclasses.replace(stmt, prim=stored_primitive(pattern if pattern is not None else hole(0)),
                                           args=args))
        elif isinstance(stmt, If):
            out.append(dataclasses.replace(stmt, body=_rewritten(stmt.body, family, adds),
                                           orelse=_rewritten(stmt.orelse, family, adds)))
        elif isinstance(stmt, Loop):
            out.append(dataclasses.replace(stmt, cond_body=_rewritten(stmt.cond_body, family, adds),
                                           body=_rewritten(stmt.body, family, adds)))
        else:
            out.append(stmt)
    return out


def _inserted_after(stmts: list, anchor, new, instead: bool = False) -> list:
    """``stmts`` with ``new`` after the statement ``anchor`` (at any depth), or ``instead`` of it."""
    out = []
    for stmt in stmts:
        if isinstance(stmt, If):
            stmt = dataclasses.replace(stmt, body=_inserted_after(stmt.body, anchor, new, instead),
                                       orelse=_inserted_after(stmt.orelse, anchor, new, instead))
        elif isinstance(stmt, Loop):
            stmt = dataclasses.replace(stmt, cond_body=_inserted_after(stmt.cond_body, anchor, new, instead),
                                       body=_inserted_after(stmt.body, anchor, new, instead))
        if stmt is anchor:
            out.extend([new] if instead else [stmt, new])
        else:
            out.append(stmt)
    return out


def _writes_after_reads(stmts: list) -> list:
    """Each write moved down its block past the statements after it that read the version it
    overwrites, where none of those reads what it makes or binds what it reads."""
    out = [dataclasses.replace(s, body=_writes_after_reads(s.body), orelse=_writes_after_reads(s.orelse))
           if isinstance(s, If) else
           dataclasses.replace(s, cond_body=_writes_after_reads(s.cond_body), body=_writes_after_reads(s.body))
           if isinstance(s, Loop) else s for s in stmts]
    k, moved = 0, set()
    while k < len(out):
        stmt = out[k]
        # (each write moves once: two writes of one version each read what the other overwrites,
        # `assign_at(t, 0, 5.0)` and `assign_at(t, 0, 0.0)`, and would pass each other for ever)
        if _write(stmt) and stmt.target != stmt.args[0] and id(stmt) not in moved:
            last, derived = None, {stmt.args[0]}     # (what the old version's reads make may be views of it)
            for j in range(k + 1, len(out)):
                later = out[j]
                inner = list(walk([later]))
                if any(stmt.target in reads(s) or _binds(s, {stmt.target, *stmt.uses()})
                       or isinstance(s, Effect) and (s.observable or s.raises) for s in inner):
                    break       # (a write that raises, out of bounds, raises before what is seen outside)
                if any(derived & set(reads(s)) for s in inner):
                    last = j
                    derived |= {v for s in inner for v in defines(s)}
            if last is not None:
                out = out[:k] + out[k + 1:last + 1] + [stmt] + out[last + 1:]
                moved.add(id(stmt))
                continue
        k += 1
    return out


