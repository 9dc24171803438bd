"""A tuple carried through a loop, split into one value per item in the lowered IR: ``s = step(s)``
with a helper returning ``(x + dt * v, v - dt * x)``, ``s = rk4(f, s, dt)``, an object's
``self.state = (x, x_dot, theta, theta_dot)`` rebound in an inlined method.

Lowered, each of these is a loop-carried value bound only by copies of tuples whose items the IR
names: a display ``_t7 = (_t3, _t6)`` (the helper's ``return``, inlined), a constant ``(0.0, 1.0)``,
or another such value (a branch's merge of two displays)::

    s = _t1                      s_0 = x          (_t1 = (x, 0.0))
    for ...:                     s_1 = 0.0
        _t2 = s[0]       ->      for ...:
        ...                          _t2 = s_0
        s = _t7  (carry)             ...
    _t8 = s[1]                       s_0 = _t3  (carry)
                                     s_1 = _t6  (carry)
                                 _t8 = s_1

The items are then values of their own, as a loop over ``a, b = step(a, b)`` carries them:
reverse mode keeps one adjoint per item (a carried tuple it refuses), forward mode one tangent
per item (no run-time spreading). A read ``s[k]`` is the item's value; any other read of the
whole tuple (a helper given it, ``for v in s``, the function's result) reads a display of the
items built just before it, the tuple Python would have; ``expect_unpacked(s, n)`` (``a, b = s``
where ``s``'s length was not known while lowering) holds and is dropped.

Why on the IR, after inlining, and not on the source as tuple_loops.py (which splits a name the
loop rebinds to displays written in the loop): a helper's ``return (a, b)``, a method's
``self.state = (...)``, a branch choosing between two helpers are all, once inlined, the same
copies of displays; the source has a different spelling for each. Exact where it applies (a tuple
is immutable: a copy of one is a copy of its items, read where the copy is), and it applies only
where every binding of the value is such a copy, the display's items still hold their values
where the copy reads them (checked when an item is a value rebound in the loop), and no branch
or loop header reads the whole tuple. Anything else is left as it was.

tuple_loops.py still runs first, on the source: a loop rebinding a name to displays written in
it gets its items named as the user's versions (``s_0_1`` in a branch, where this pass would
name a merge's items ``s_1_0``), and both give the same code otherwise (tests/frontend's
test_tuple_loops.py passes with either alone).
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, replace

from ..ir.nodes import Assign, Atom, Const, Copy, Effect, If, Loop, Var, walk
from ..primitives import effects, indexing, registry
from ..primitives.fields import field_read, is_record, record_fields, record_primitive


def with_carried_tuples_apart(body: list, result: Atom, params: frozenset, names) -> tuple[list, Atom]:
    """(``body``, ``result``) with each loop-carried tuple of known items (see the module's
    docstring) split into one value per item; themselves where there is none. Again on what a
    split made: an item that is itself a tuple carried (``s = ((q, p), t)``) is split in turn."""
    split = False
    while True:
        found = _Found(body, params)
        layouts = _split_layouts(found)
        if not layouts:
            if split:
                body = _copies_read_through(_invariants_kept(_read_through(body, found), params), result, params, names)
            return body, result
        split = True
        items = {var: _Items(layout, [_item(names, n) for n in layout.item_names(var.name)])
                 for var, layout in layouts.items()}
        rewrite = _Rewrite(found, items, names)
        body = rewrite.block(body)
        if isinstance(result, Var) and result in items:
            body.append(rewrite.whole(result, None))
            result = body[-1].target


def _item(names, base: str) -> Var:
    """A new value named like the user's own (``s_0``, as tuple_loops.py names it): invented,
    then taken as any name the lowering binds is (the transforms tell a value of the code from a
    module or helper by the names taken)."""
    return Var(names.fresh(names.invent(base), own=True))


@dataclass(frozen=True)
class _Layout:
    """What a tuple holds: ``length`` items, or a NamedTuple's ``fields`` (its class an item
    too, the first: a read of ``type(s)``, a record built again)."""

    length: int
    fields: tuple | None = None

    def item_names(self, base: str) -> list[str]:
        if self.fields is None:
            return [f"{base}_{i}" for i in range(self.length)]
        return [f"{base}_type", *(f"{base}_{field}" for field in self.fields)]

    def position(self, stmt) -> int | None:
        """Which item ``stmt`` reads (``t = s[k]``, ``t = s.x``, ``t = type(s)``); None for
        another read."""
        if isinstance(stmt, Effect) or len(stmt.args) != 1 or (isinstance(stmt, Assign) and stmt.kwargs):
            return None
        offset = 0 if self.fields is None else 1
        pattern = stmt.prim.pattern
        if isinstance(pattern, ast.Constant) and type(pattern.value) is int:
            k = pattern.value
            return k % self.length + offset if -self.length <= k < self.length else None
        if self.fields is not None and field_read(stmt.prim) in self.fields:
            return self.fields.index(field_read(stmt.prim)) + 1
        if self.fields is not None and registry.spelled_as(stmt.prim, type):
            return 0
        return None

    def counted_by(self, stmt) -> bool:
        """Is ``stmt`` ``len(s)``?"""
        return isinstance(stmt, Assign) and len(stmt.args) == 1 and not stmt.kwargs \
            and registry.spelled_as(stmt.prim, len)

    def unpacked_by(self, stmt) -> bool:
        """Is ``stmt`` the check that the value unpacks into as many names as it has items?"""
        return isinstance(stmt, Effect) and stmt.prim is effects.EXPECT_UNPACKED and stmt.args[1] == Const(self.length)

    def built(self, items: list, target: Var, location) -> Assign:
        prim = indexing.TUPLE if self.fields is None else record_primitive(self.fields)
        return Assign(target, prim, tuple(items), (), location)


def _layout_of(stmt) -> _Layout | None:
    """The layout of what ``stmt`` binds where it is a tuple display or a record built."""
    if not isinstance(stmt, Assign) or stmt.kwargs:
        return None
    if stmt.prim.spelling.display is ast.Tuple:
        return _Layout(len(stmt.args))
    if is_record(stmt.prim):
        return _Layout(len(stmt.args) - 1, record_fields(stmt.prim))
    return None


@dataclass(frozen=True)
class _Items:
    layout: _Layout
    values: list


class _Found:
    """Where each value of the body is bound and read, and where each statement stands."""

    def __init__(self, body: list, params: frozenset):
        self.params = params
        self.definitions: dict[Var, list] = {}
        self.headers: set[Var] = set()          # read by a branch's test or a loop's bounds
        self.carried: set[Var] = set()
        self.place: dict[int, tuple[list, int]] = {}     # id(statement) -> (its block, its index)
        self.parent: dict[int, object] = {}     # id(statement) -> the branch or loop it is in
        self.uses: dict[Var, list] = {}
        self._index(body, None)

    def _index(self, block: list, parent) -> None:
        for i, stmt in enumerate(block):
            self.place[id(stmt)] = (block, i)
            self.parent[id(stmt)] = parent
            for var in stmt.uses():
                self.uses.setdefault(var, []).append(stmt)
            for var in _binds(stmt):
                self.definitions.setdefault(var, []).append(stmt)
            if isinstance(stmt, (If, Loop)):
                self.headers.update(stmt.uses())
                if isinstance(stmt, Loop):
                    self.carried.update(stmt.carried)
                for inner in stmt.blocks():
                    self._index(inner, stmt)

    def display(self, atom: Atom) -> Assign | None:
        """The tuple display (or record built) that alone binds ``atom``, if one does."""
        found = self.definitions.get(atom, []) if isinstance(atom, Var) else []
        stmt = found[0] if len(found) == 1 else None
        return stmt if _layout_of(stmt) is not None else None

    def rebound(self, var: Var) -> bool:
        """Can ``var`` hold different values at different points of one iteration (a merged or
        carried value, a parameter a loop rebinds)?"""
        found = self.definitions.get(var, [])
        return len(found) > 1 or (var in self.params and bool(found))

    def items_hold(self, reader, display: Assign) -> bool:
        """Do the items of ``display`` still hold, at ``reader`` (a statement of the body as it
        was indexed), the values the display read?"""
        moving = {a for a in display.args if isinstance(a, Var) and self.rebound(a)}
        if not moving:
            return True
        block, start = self.place[id(display)]
        other, end = self.place[id(reader)]
        if other is not block or end < start:
            return False
        return not any(_binds(stmt) & moving for stmt in walk(block[start + 1:end]))


    def holds_at(self, copy: Copy, reader) -> bool:
        """Does the value ``copy`` read still hold it at ``reader``: the same block, or a branch
        or loop there, after the copy and before anything binds the value again?"""
        if not isinstance(copy.source, Var) or not self.rebound(copy.source):
            return True
        if isinstance(reader, Copy) and reader.carry and copy.source in self.carried:
            return False        # (an end-of-iteration update reads no carried value: _item_copies)
        block, start = self.place[id(copy)]
        while reader is not None and self.place[id(reader)][0] is not block:
            reader = self.parent[id(reader)]
        if reader is None:
            return False
        end = self.place[id(reader)][1]
        between = block[start + 1:end] + ([reader] if isinstance(reader, (If, Loop)) else [])
        return end > start and not any(copy.source in _binds(stmt) for stmt in walk(between))


def _binds(stmt) -> set:
    if isinstance(stmt, (Assign, Copy)):
        return {stmt.target}
    if isinstance(stmt, Effect):
        return {Var(name) for name in getattr(stmt.prim, "targets", ())}
    return {stmt.target} if isinstance(stmt, Loop) and stmt.target is not None else set()


def _split_layouts(found: _Found) -> dict[Var, _Layout]:
    """Value -> its layout, for the values to split: bound two or more times, by copies of tuples
    of one layout whose items are known, read by no branch or loop header, and joined by those
    copies to a loop-carried value."""
    candidates = {var for var, stmts in found.definitions.items()
                  if len(stmts) > 1 and var not in found.params and var not in found.headers
                  and all(isinstance(s, Copy) for s in stmts)}
    while True:
        layouts = _layouts(found, candidates)
        kept = {var for var in layouts if all(layouts.get(s.source, layouts[var]) == layouts[var]
                                              for s in found.definitions[var] if isinstance(s.source, Var))}
        if kept == candidates:
            break
        candidates = kept
    joined = _joined_to_carried(found, candidates)
    # (in the order the values are first bound: their items' names are taken in that order)
    return {var: layouts[var] for var in found.definitions if var in joined}


def _layouts(found: _Found, candidates: set) -> dict[Var, _Layout]:
    """The layout of each candidate whose copies all copy tuples of known items (a candidate's
    layout found from its other copies)."""
    layouts: dict[Var, _Layout] = {}
    failed: set[Var] = set()
    changed = True
    while changed:
        changed = False
        for var in candidates - failed - set(layouts):
            known = set()
            for copy in found.definitions[var]:
                layout = _source_layout(found, copy, candidates - failed)
                if layout is False:
                    failed.add(var)
                    changed = True
                    break
                if layout is None:
                    layout = layouts.get(copy.source)
                if layout is not None:
                    known.add(layout)
            else:
                if len(known) > 1:
                    failed.add(var)
                    changed = True
                elif known:
                    layouts[var] = known.pop()
                    changed = True
    return {var: layout for var, layout in layouts.items() if var not in failed
            and all(not isinstance(s.source, Var) or s.source not in failed for s in found.definitions[var])}


def _source_layout(found: _Found, copy: Copy, candidates: set):
    """The layout of the tuple ``copy`` copies; None for a candidate (its layout found
    elsewhere); False where it is no tuple of known items."""
    source = copy.source
    if isinstance(source, Const):
        return _Layout(len(source.value)) if type(source.value) is tuple else False
    if source in candidates:
        return None
    display = found.display(source)
    return _layout_of(display) if display is not None and found.items_hold(copy, display) else False


def _joined_to_carried(found: _Found, candidates: set) -> set:
    """The candidates that copies join (either way) to a loop-carried one."""
    neighbours: dict[Var, set] = {var: set() for var in candidates}
    for var in candidates:
        for copy in found.definitions[var]:
            if copy.source in candidates:
                neighbours[var].add(copy.source)
                neighbours[copy.source].add(var)
    reached = set()
    todo = [var for var in candidates if var in found.carried]
    while todo:
        var = todo.pop()
        if var not in reached:
            reached.add(var)
            todo.extend(neighbours[var])
    return reached


class _Rewrite:
    """The body with each split value's copies and reads rewritten item by item."""

    def __init__(self, found: _Found, items: dict, names):
        self.found, self.items, self.names = found, items, names
        self.carried = found.carried | {item for var, split in items.items() if var in found.carried
                                        for item in split.values}

    def block(self, stmts: list) -> list:
        out: list = []
        for stmt in stmts:
            if isinstance(stmt, If):
                out.append(replace(stmt, body=self.block(stmt.body), orelse=self.block(stmt.orelse)))
            elif isinstance(stmt, Loop):
                carried = [item for var in stmt.carried
                           for item in (self.items[var].values if var in self.items else [var])]
                out.append(replace(stmt, cond_body=self.block(stmt.cond_body), body=self.block(stmt.body),
                                   carried=carried))
            elif isinstance(stmt, Copy) and stmt.target in self.items:
                for copy in self._item_copies(stmt):
                    out += self._reading_items(copy)
            else:
                out += self._reading_items(stmt)
        return out

    def _item_copies(self, copy: Copy) -> list[Copy]:
        source = copy.source
        if isinstance(source, Const):
            sources: list = [Const(v) for v in source.value]
        elif source in self.items:
            sources = self.items[source].values
        else:
            sources = list(self.found.display(source).args)
        # an end-of-iteration update reads no value a loop carries (the transforms take the
        # updates as made at once): such an item is read into a temporary first, as the
        # lowering writes `a, b = b, a` (`_t1 = b; _t2 = a; a = _t1; b = _t2`)
        temps = [Copy(Var(self.names.temp()), value, copy.location) if copy.carry and value in self.carried
                 else None for value in sources]
        sources = [temp.target if temp is not None else value for temp, value in zip(temps, sources)]
        return [*filter(None, temps), *(Copy(item, value, copy.location, carry=copy.carry, rebinds=copy.rebinds)
                                        for item, value in zip(self.items[copy.target].values, sources))]

    def _reading_items(self, stmt) -> list:
        """``stmt`` reading the items of the split values it reads: ``s[k]``, ``s.x``,
        ``type(s)`` the item, anything else the whole built again just before it."""
        read = list(dict.fromkeys(v for v in stmt.uses() if v in self.items))
        if not read:
            return [stmt]
        if len(read) == 1 and not isinstance(stmt, Copy):
            split = self.items[read[0]]
            k = split.layout.position(stmt) if isinstance(stmt, Assign) else None
            if k is not None:
                return [Copy(stmt.target, split.values[k], stmt.location, rebinds=stmt.rebinds)]
            if split.layout.counted_by(stmt):
                return [Copy(stmt.target, Const(split.layout.length), stmt.location, rebinds=stmt.rebinds)]
            if split.layout.unpacked_by(stmt) and stmt.args[0] == read[0]:
                return []       # (it unpacks as it has items: every binding has that layout)
        wholes = {v: self.whole(v, stmt.location) for v in read}
        swap = {v: w.target for v, w in wholes.items()}
        if isinstance(stmt, Assign):
            stmt = replace(stmt, args=_swapped(stmt.args, swap), kwargs=tuple(zip(
                [k for k, _ in stmt.kwargs], _swapped(tuple(a for _, a in stmt.kwargs), swap))))
        elif isinstance(stmt, Copy):
            stmt = replace(stmt, source=swap[stmt.source])
        else:
            stmt = replace(stmt, args=_swapped(stmt.args, swap))
        return [*wholes.values(), stmt]

    def whole(self, var: Var, location) -> Assign:
        """``(s_0, s_1, ...)`` (``record(s_type, x=s_x, ...)``): what ``var`` holds, built again."""
        split = self.items[var]
        return split.layout.built(split.values, Var(self.names.temp()), location)


def _read_through(body: list, found: _Found) -> list:
    """``body`` with what the splits left to read through read directly: ``t = w[k]`` of a tuple
    display ``w`` (or of a copy of one: a split item that was a tuple itself) the display's item,
    ``expect_unpacked(w, n)`` of a display of ``n`` items dropped."""
    def known(atom, reader) -> tuple | None:
        copied = found.definitions.get(atom, []) if isinstance(atom, Var) else []
        if len(copied) == 1 and isinstance(copied[0], Copy) and not found.rebound(atom):
            return known(copied[0].source, reader)
        display = found.display(atom)
        return display if display is not None and found.items_hold(reader, display) else None

    def each(stmt):
        if isinstance(stmt, (Assign, Effect)) and stmt.args and (display := known(stmt.args[0], stmt)) is not None:
            layout = _layout_of(display)
            k = layout.position(stmt) if isinstance(stmt, Assign) else None
            if k is not None:
                return Copy(stmt.target, display.args[k], stmt.location, rebinds=stmt.rebinds)
            if layout.unpacked_by(stmt):
                return None
        return stmt

    return _each_kept(body, each)


def _invariants_kept(body: list, params: frozenset) -> list:
    """``body`` without the end-of-iteration copies that give a carried value back the value it
    had (a NamedTuple's class, ``type(s)`` read and built into the next ``s``): bound only
    before the loop and by that copy, it is no longer carried."""
    found = _Found(body, params)

    def origin(atom):
        while isinstance(atom, Var) and not found.rebound(atom) \
                and isinstance(copied := found.definitions.get(atom, [None])[0], Copy):
            atom = copied.source
        return atom

    unchanged = {copy.target for var, stmts in found.definitions.items() if len(stmts) == 2
                 for copy in stmts if isinstance(copy, Copy) and copy.carry and origin(copy.source) == var}
    if not unchanged:
        return body

    def each(stmt):
        if isinstance(stmt, Loop) and unchanged & set(stmt.carried):
            return replace(stmt, carried=[v for v in stmt.carried if v not in unchanged])
        return None if isinstance(stmt, Copy) and stmt.carry and stmt.target in unchanged else stmt

    return _each_kept(body, each)


def _copies_read_through(body: list, result: Atom, params: frozenset, names) -> list:
    """``body`` with the temporaries that only copy another value (``_t2 = s_0``: an item read,
    split) replaced by that value where it still holds it at each of their reads, and their
    copies dropped: the code reads ``s_0`` as a display's item would have been read."""
    found = _Found(body, params)

    def reading(var: Var) -> Copy | None:
        """The copy that reads the value ``var`` is a copy of, through copies of copies."""
        copies = found.definitions.get(var, [])
        if len(copies) != 1 or not isinstance(copies[0], Copy) or var.name in names.user or var in params \
                or var == result or var in found.headers:
            return None
        return reading(copies[0].source) or copies[0] if isinstance(copies[0].source, Var) else copies[0]

    swap = {}
    for var in found.definitions:
        copy = reading(var)
        if copy is not None and all(found.holds_at(copy, u) for u in found.uses.get(var, [])):
            swap[var] = copy.source
    if not swap:
        return body

    def each(stmt):
        if isinstance(stmt, Copy) and stmt.target in swap:
            return None
        if isinstance(stmt, Copy) and stmt.source in swap:
            return replace(stmt, source=swap[stmt.source])
        if isinstance(stmt, (Assign, Effect)) and any(a in swap for a in stmt.uses()):
            changed = replace(stmt, args=_swapped(stmt.args, swap))
            return replace(changed, kwargs=tuple((k, swap.get(a, a)) for k, a in stmt.kwargs)) \
                if isinstance(stmt, Assign) else changed
        return stmt

    return _each_kept(body, each)


def _each_kept(stmts: list, each) -> list:
    out = []
    for stmt in stmts:
        if isinstance(stmt, If):
            stmt = replace(stmt, body=_each_kept(stmt.body, each), orelse=_each_kept(stmt.orelse, each))
        elif isinstance(stmt, Loop):
            stmt = each(replace(stmt, cond_body=_each_kept(stmt.cond_body, each), body=_each_kept(stmt.body, each)))
        else:
            stmt = each(stmt)
        if stmt is not None:
            out.append(stmt)
    return out


def _swapped(args: tuple, swap: dict) -> tuple:
    return tuple(swap.get(a, a) if isinstance(a, Var) else a for a in args)
