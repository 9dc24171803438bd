"""Lowering dicts the function builds: ``d = {}``, ``{"a": x, "b": y}``, ``d[k] = v`` (also in
loops and branches, with keys known only at run time: ``hs[t] = ...``), ``d[k][i] = v``.

A dict is a value like a list (containers.py): a display is ``dict_of(keys, *values)``
(primitives/lists.py) and ``d[k] = v`` rebinds ``d`` to ``assign_at(d, k, v)``, a new dict, as
``x[i] = v`` rebinds an array; Python changes the dict in place, so every other name for it is
stale afterwards (aliasing.py). Where the key is a constant the compiler remembers the entry,
and ``d["a"]`` is then the value itself (no run-time lookup, no adjoint dict)."""
from __future__ import annotations

import ast
import os

from ..ir import Atom, Const, Effect, Var
from ..primitives import chained_writes, indexing, lists
from . import aliasing
from .entry_forwarding import remember_write
from .entry_writes import record_entry_read
from .shallow_copies import is_dict, known_dicts
from .source import MISSING
from .dict_spreads import merged_display
from .dict_views import record_view
from .display_items import items_apart
from .values import Static


class DictLowering:
    """Dict displays and writes into elements of containers' elements; a mixin of
    ``_Lowering`` (frontend/lowering.py). ``dict_entries`` (comprehensions.py) maps a dict value
    to its entries, where the compiler knows them all."""

    def _dict_display(self, node: ast.Dict, name: str | None) -> Atom:
        """``{k1: v1, k2: v2}`` with constant keys (``{}`` too); ``{**d, k: v}``: dict_spreads.py."""
        if any(k is None for k in node.keys):
            return merged_display(self, node, name)
        keys = [self._expr(k) for k in node.keys]
        values = list(items_apart(self, node.values))      # ({"a": x * 1.0, "b": x * 1.0}: two arrays)
        if not all(isinstance(k, Const) and _hashable(k.value) for k in keys):
            return self._dict_filled(node, keys, values)
        entries = {}
        for key, value in zip(keys, values):
            entries.pop(key.value, None)      # a repeated key: the last value, in its last place
            entries[key.value] = value
        made = self._apply(node, lists.DICT_OF, (Const(tuple(entries)), *entries.values()), (), name)
        self.dict_entries[made] = entries
        self._new_list(made)          # a new container: `d2 = d` then `d[k] = v` makes `d2` stale
        return made

    def _dict_filled(self, node: ast.Dict, keys: list, values: list) -> Atom:
        """``{ch: bumped}`` with a key known only at run time (a loop's over channel names): as
        ``d = {}`` then ``d[k] = v`` for each entry in order, which write keys of any kind."""
        if any(isinstance(v, Static) for v in values):       # (functions or objects: known only while compiling)
            self._unsupported(node, "a dict display of functions or objects whose keys are known only at run time",
                              "use constant keys (`{\"act\": np.tanh}`), or a list indexed by position")
        made = self.names.invent("_entries")
        self.hidden_lists.add(made)              # (no other name holds it: containers.py)
        self.env[made] = self._dict_display(ast.copy_location(ast.Dict(keys=[], values=[]), node), made)
        with self._holding() as hold:
            for key, value, key_node, value_node in zip(keys, values, node.keys, node.values):
                target = ast.Subscript(value=ast.Name(id=made, ctx=ast.Load()), slice=hold(key, key_node),
                                       ctx=ast.Store())
                self._statement(ast.copy_location(ast.Assign(targets=[target], value=hold(value, value_node)), node))
        return self.env.pop(made)

    def _dict_pop(self, call: ast.Call, entries: dict) -> Atom:
        """``d.pop("key")`` / ``d.pop("key", default)`` (``kwargs.pop("lr", 0.1)``) of a dict whose
        entries the compiler knows (a display, a helper's ``**kwargs``): the entry's value, or
        the default where the key is absent; ``d`` rebound to a new dict without it, and every
        other name for the old one stale (Python changes the dict in place)."""
        if call.keywords or not 1 <= len(call.args) <= 2 or not isinstance(call.args[0], ast.Constant):
            self._unsupported(call, f"`{ast.unparse(call)}` on a dict",
                              "pop a constant key: `d.pop(\"lr\")` or `d.pop(\"lr\", 0.1)`")
        key = call.args[0].value
        if key not in entries and len(call.args) == 1:
            self._unsupported(call, f"`{ast.unparse(call)}` of a key the dict does not hold (Python raises KeyError)",
                              "give a default: `d.pop(key, default)`")
        old = self._expr(call.func.value)                 # (a stale name is refused here)
        value = entries[key] if key in entries else self._arg(call.args[1])
        rest = {k: v for k, v in entries.items() if k != key}
        name = self._env_key(call.func.value)
        made = self._apply(call, lists.DICT_OF, (Const(tuple(rest)), *rest.values()), (), name)
        self.dict_entries[made] = rest
        if isinstance(self.displays.get(old), dict):
            self.displays[made] = rest                    # (still a helper's **kwargs: `f(**kwargs)`)
        self._written(name, self._list_identity(old), call)
        self.lists[made] = self._list_identity(old)
        self._changed_in_place(old, made, call, list_method=True)
        self.env[name] = made
        return value

    def _dict_view(self, node: ast.Call) -> Atom | None:
        """``d.keys()``, ``d.values()``, ``d.items()``: :meth:`_dict_view_entries`, remembered as
        a view of ``d`` (its class, and that a write into ``d`` changes it: dict_views.py)."""
        func = node.func
        if func.attr not in ("keys", "values", "items") or node.args or node.keywords:
            return None
        viewed = self.env.get(func.value.id) if isinstance(func.value, ast.Name) else None
        view = self._dict_view_entries(node)
        return view if view is None else record_view(self, view, func.attr, aliasing.value_of(viewed),
                                                      func.value.id if isinstance(func.value, ast.Name) else None)

    def _dict_view_entries(self, node: ast.Call) -> Atom | None:
        """``d.keys()``, ``d.values()``, ``d.items()`` of a dict whose entries the compiler knows
        (built in the function with constant keys): a new list of them, in the dict's order, as
        ``list(d.items())`` would give. None for any other call."""
        func = node.func
        if isinstance(func.value, ast.Attribute) and self._may_hold_a_dict(func.value) \
                or isinstance(func.value, (ast.Dict, ast.DictComp)):      # {'lr': lr}.items()
            return self._view_of_held_dict(node)
        if not isinstance(func.value, ast.Name) or func.value.id not in self.env:
            return None
        current = self.env[func.value.id]
        entries = self.dict_entries.get(current) if isinstance(current, (Var, Const)) else None
        if entries is None:
            return self._dict_view_at_run_time(node) if isinstance(current, Var) else None
        self._load(func.value)                          # (a stale name is refused here)
        if func.attr == "keys":
            items = tuple(Const(k) for k in entries)
        elif func.attr == "values":
            items = tuple(entries.values())
        else:
            items = tuple(self._pair(node, Const(k), v) for k, v in entries.items())
        return self._new_list(self._apply(node, indexing.LIST, items, (), None))

    def _may_hold_a_dict(self, receiver: ast.Attribute) -> bool:
        """``self.params`` in ``self.params.items()``: an attribute of a parameter or of an object
        made in the function (not known until it is lowered), or a dict a global object holds."""
        root = receiver
        while isinstance(root, ast.Attribute):
            root = root.value
        held = self._resolve(receiver)
        return isinstance(held, dict) or held is MISSING and isinstance(root, ast.Name) and root.id in self.env

    def _view_of_held_dict(self, node: ast.Call) -> Atom | None:
        """``self.params.items()``: the attribute's value given a name, then viewed as a named
        dict is (its entries known where the function built it, else its keys read at run time)."""
        name = self.names.invent("_dict")
        with self._scoped([name]):
            self.env[name] = self._expr(node.func.value)
            named = ast.Call(func=ast.Attribute(value=ast.Name(id=name, ctx=ast.Load()), attr=node.func.attr,
                                                ctx=ast.Load()), args=[], keywords=[])
            return self._dict_view(_located(named, node))

    def _dict_view_at_run_time(self, node: ast.Call) -> Atom:
        """``d.keys()``, ``d.values()``, ``d.items()`` of a dict whose keys the call tells (a
        parameter: ``for k, v in params.items()``): the keys, which carry no derivative, and
        ``[d[k] for k in keys]`` or ``[(k, d[k]) for k in keys]``."""
        func = node.func
        keys = self._new_list(self._apply(node, lists.DICT_KEYS, (self._load(func.value),), (), "_keys"))
        if func.attr == "keys":
            return keys
        keys_name, key = self.names.invent("_keys"), self.names.invent("_key")
        self.env[keys_name] = keys
        entry = ast.Subscript(value=ast.Name(id=func.value.id, ctx=ast.Load()),
                              slice=ast.Name(id=key, ctx=ast.Load()), ctx=ast.Load())
        element = entry if func.attr == "values" else ast.Tuple(elts=[ast.Name(id=key, ctx=ast.Load()), entry],
                                                                 ctx=ast.Load())
        comprehension = ast.ListComp(elt=element, generators=[ast.comprehension(
            target=ast.Name(id=key, ctx=ast.Store()), iter=ast.Name(id=keys_name, ctx=ast.Load()), ifs=[],
            is_async=0)])
        with self._scoped([keys_name, key]):
            return self._comprehension(_located(comprehension, node))

    def _dict_of_zip(self, node: ast.Call) -> ast.DictComp | None:
        """``dict(zip(ks, vs))`` as the comprehension ``{k: v for k, v in zip(ks, vs)}`` (None for
        any other call of ``dict``)."""
        if len(node.args) != 1 or node.keywords or not isinstance(node.args[0], ast.Call) \
                or self._resolve(node.args[0].func) is not zip:
            return None
        key, value = self.names.invent("_key"), self.names.invent("_value")
        target = ast.Tuple(elts=[ast.Name(id=key, ctx=ast.Store()), ast.Name(id=value, ctx=ast.Store())],
                           ctx=ast.Store())
        pairs = ast.DictComp(key=ast.Name(id=key, ctx=ast.Load()), value=ast.Name(id=value, ctx=ast.Load()),
                             generators=[ast.comprehension(target=target, iter=node.args[0], ifs=[], is_async=0)])
        return _located(pairs, node)

    def _pair(self, node: ast.AST, key: Const, value: Atom) -> Atom:
        """The tuple ``(key, value)``, its elements known (``k, v = pair`` unpacks them)."""
        if isinstance(value, Const):
            return Const((key.value, value.value))
        pair = self._apply(node, indexing.TUPLE, (key, value), (), None)
        self.displays[pair] = (key, value)
        return pair

    def _entries_after(self, before: Atom, after: Atom, pattern: ast.expr, holes: list, value: Atom) -> None:
        """``after`` is ``before`` with ``before[key] = value``: its entries are known if
        ``before``'s were and the key is a constant."""
        if is_dict(self, before):
            known_dicts(self).add(after)        # (a dict still, whatever the key)
        remember_write(self, before, after, pattern, holes, value,       # c[k] read next is value
                       before in self.lists or is_dict(self, before))   # (entry_forwarding.py)
        entries = self.dict_entries.get(before)
        if entries is None:
            return
        if isinstance(pattern, ast.Constant):
            key = pattern.value
        elif isinstance(pattern, ast.Name) and pattern.id == indexing.hole(0).id and len(holes) == 1 \
                and isinstance(holes[0], Const) and _hashable(holes[0].value):
            key = holes[0].value
        else:
            return                                  # a key known only at run time
        self.dict_entries[after] = {**entries, key: value}

    def _iterates_known_values(self, node: ast.DictComp) -> bool:
        """Does every ``for`` of the comprehension iterate over values the compiler knows (a
        display, ``range`` of constants, a string, ``enumerate``/``zip`` of those, a name bound to a
        constant)? Decided from the source, before lowering anything."""
        def known(it: ast.expr) -> bool:
            if isinstance(it, (ast.List, ast.Tuple)) or isinstance(it, ast.Constant) and isinstance(it.value, str):
                return True
            if isinstance(it, ast.Name) and it.id in self.env:
                return isinstance(self.env[it.id], Const)
            if isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id not in self.env:
                callee = self._resolve(it.func)
                return callee is range and all(map(known_count, it.args)) or (
                    callee in (enumerate, zip) and all(known(a) for a in it.args))
            return False

        def known_count(bound: ast.expr) -> bool:      # range(3), range(-1, n) of a constant n; not range(len(x))
            if isinstance(bound, ast.UnaryOp) and isinstance(bound.op, ast.USub):
                return known_count(bound.operand)
            if isinstance(bound, ast.Name) and bound.id in self.env:
                return isinstance(self.env[bound.id], Const)
            return isinstance(bound, ast.Constant)
        return all(known(g.iter) for g in node.generators)

    def _dict_built_in_a_loop(self, node: ast.DictComp) -> Atom:
        """``{k: v for t in ts if c}`` over a sequence known only at run time: the loop it
        stands for, ``d = {}; for t in ts: if c: d[k] = v`` (``d`` a name the compiler invents)."""
        if any(g.is_async for g in node.generators):
            self._unsupported(node, "an async comprehension", "use a plain comprehension")
        made = self.names.invent("_entries")
        self.env[made] = self._dict_display(_located(ast.Dict(keys=[], values=[]), node), None)
        body: ast.stmt = _located(ast.Assign(targets=[ast.Subscript(value=ast.Name(id=made, ctx=ast.Load()),
                                                                     slice=node.key, ctx=ast.Store())],
                                             value=node.value), node.value)
        return self._as_loops(node, body, made)

    def _nested_update(self, target: ast.Subscript, value: ast.expr) -> None:
        """``c[i][j] = v``: Python writes into the object ``c[i]`` in place: it is
        ``inner = c[i]; inner[j] = v; c[i] = inner``, where every other name for ``c[i]``'s
        memory becomes stale (``hs[t][k] = 1`` on a dict of arrays)."""
        new_value = self._expr(value)
        container = self._expr(target.value.value)
        # an array's c[i] is a view only for a basic index (lists and dicts hold their items)
        inner = self._expr(target.value) if container in self.lists else self._read_through_view(target.value, container)
        self._check_alone(target.value, container)
        pattern, holes = self._index_pattern(target.slice)
        updated = self._apply(target, indexing.update_primitive(pattern), (inner, new_value, *holes), (), None)
        items = self._storage(container) - self.lists.get(container, frozenset())   # what c[i] may share
        self.storage[updated] = items
        if inner in self.lists:
            self.lists[updated] = self.lists[inner]     # (the same list, its item replaced)
        identities = frozenset().union(*self.lists.values())
        if (inner in self.lists or items and items <= identities) \
                and not (new_value in self.lists or is_dict(self, new_value)):
            # `c[i]` is a list (all it may share are lists' identities): it holds `v` itself, not
            # a copy, so a later write through `v` changes it
            self.storage[updated] = items | self._storage(new_value)
        root = target.value.value
        while isinstance(root, ast.Subscript):
            root = root.value
        # other names for c[i] are stale; where c[i] is a list, replacing its item changes that
        # list alone, not the memory of what it holds (`m[0][1], m[1][0] = m[1][0], m[0][1]`)
        inner_lists = self.lists[inner] if inner in self.lists else self.inner_lists.get(container)
        if inner_lists is None and container in self.lists and _a_string_key(holes):
            # `C[p]["t"] = t`: an array (a structured one aside) is never indexed by a string, so
            # `C[p]` is a dict: its entry is replaced, and no array it holds is written (numpy-ml's
            # Adam reads `var = C[p]["var"]` before `C[p]["t"] = t`)
            inner_lists = items & identities | _containers_sharing(self, items)
        self._written(self._env_key(root) or "", items if inner_lists is None else inner_lists, target)
        outer = ast.copy_location(ast.Subscript(value=target.value.value, slice=target.value.slice,
                                                ctx=ast.Store()), target.value)
        with self._holding() as hold:
            self._into_item(lambda: self._assign(outer, hold(updated, target)))   # (parameter_writes.py)

    @property
    def inner_lists(self) -> dict:
        """List -> the identities of the lists that are its items, where each is known to be a
        list (``[[a, b], [c, d]]``, or an item replaced by a list since): reading one gives a
        list (containers.py ``_read_from_list``), and writing into one changes that list alone."""
        return self.__dict__.setdefault("_inner_lists", {})

    def _check_alone(self, item: ast.Subscript, container: Atom) -> None:
        """Writing into the item ``c[i]`` in place (``c[i][j] = v``, ``c[i] += v``) changes every
        other entry of ``c`` that is the same object, at any depth; the lowering changes the one
        entry, so the generated code checks that no other entry is (primitives/chained_writes.py).
        Where ``c`` is itself an item (``g[0]`` of ``g[0][0][1] = v``), against the whole of the
        name ``g`` the write starts from: ``g = [[a], [a]]`` holds ``a`` twice. Not where the
        entries of that name's value are known to be objects of their own (``[np.zeros(2), np.ones(2)]``)."""
        if not isinstance(container, Var) or any(isinstance(n, ast.Slice) for n in ast.walk(item.slice)):
            return          # (a slice: `c` is an array, or a list whose slice is a new list)
        root = _written_root(self, item)
        entries = self.displays.get(container if root is None else root)
        if entries is not None and _apart([self._storage(e) for e in entries]):
            return
        where = self.parsed.location(item)
        label = Const(f"{os.path.basename(where.filename)}:{where.line}:{where.col + 1}")
        self.body.append(Effect(chained_writes.ALONE_IN, (self._expr(item.slice), container, label,
                                                          container if root is None else root), where))

    def _read_through_view(self, read: ast.Subscript, container: Atom) -> Atom:
        """``c[i]`` of ``c[i][j] = v`` with each index checked at run time to be basic where
        ``c`` is an array (primitives/chained_writes.py): else NumPy's write goes into a copy."""
        pattern, holes = self._index_pattern(read.slice)
        if not holes:
            return self._expr(read)
        where = self.parsed.location(read)
        label = Const(f"{os.path.basename(where.filename)}:{where.line}:{where.col + 1}")
        checked = [self._apply(read, chained_writes.THROUGH_VIEW, (hole, container, label), (), None)
                   for hole in holes]
        return self._apply(read, indexing.subscript_primitive(pattern), (container, *checked), (), None)

    def _dict_view_iterated(self, node: ast.For):
        """``for k, v in d.items()`` (``.keys()``, ``.values()``) over a dict whose keys the call
        tells, or one built with constant keys whose entries the body may write: a loop over the
        keys, ``v`` read as ``d[k]`` of the dict as it is then (the keys carry no derivative).
        None for any other loop."""
        it = node.iter
        if not (isinstance(it, ast.Call) and isinstance(it.func, ast.Attribute) and not it.args and not it.keywords
                and it.func.attr in ("items", "keys", "values")):
            return None
        receiver = it.func.value
        if isinstance(receiver, ast.Name) and receiver.id in self.env:
            current = self.env[receiver.id]
            if not isinstance(current, Var) or self.dict_entries.get(current) is not None \
                    and not _may_write_into(node.body, receiver.id) and not _writes_through(node.body, node.target):
                return None          # (a list of its entries: dicts.py `_dict_view`)
        elif not isinstance(self._resolve(receiver), dict):
            return None        # (a global's or closure's dict, or one an object holds: read on every call)
        d = self._expr(receiver)
        keys = self._apply(it, lists.DICT_KEYS, (d,), (), "_keys")
        pair = node.target.elts if isinstance(node.target, ast.Tuple) else None
        if it.func.attr == "items" and (pair is None or len(pair) != 2):
            self._unsupported(node.target, "this target for `.items()`", "unpack each item: `for k, v in d.items()`")

        def bind(index: Var):
            key = self._index(keys, index, node)
            # the dict as it is now, as Python's view reads it: the body may have written an entry
            # that a later iteration reads (`d[other] = v`, `params[p] = w` of the one just read)
            current = self._expr(receiver) if isinstance(receiver, ast.Name) else d

            def entry():
                pattern = indexing.hole(0)
                read = self._apply(node, indexing.subscript_primitive(pattern), (current, key), (), None)
                record_entry_read(self, current, read, pattern, [key])     # (entry_writes.py)
                self._current_item(read)      # (`p -= v` of `for p in d.values()`: at the entry just read, rows.py)
                return self._read_from_list(current, read)        # (an item: not the dict object)
            if it.func.attr == "keys":
                self._bind(node.target, key)
            elif it.func.attr == "values":
                self._bind(node.target, entry())
            else:
                self._bind(pair[0], key)
                self._bind(pair[1], entry())
        return (self._length([keys], node),), bind


def _containers_sharing(lowering, items: frozenset) -> frozenset:
    """The identities of the lists and dicts named here that may share memory with ``items``:
    which of them ``c[i]`` is, where it is one, is not known (``inner`` of ``rows[0] = inner``)."""
    shared = frozenset()
    for env in (lowering.env, *lowering.callers):
        for atom in env.values():
            value = aliasing.value_of(atom)
            if isinstance(value, Var) and value in lowering.lists and lowering._storage(value) & items:
                shared |= lowering.lists[value]
    return shared


def _a_string_key(holes: list) -> bool:
    """The index of ``c[i][k] = v`` is one constant string ``k``."""
    return len(holes) == 1 and isinstance(holes[0], Const) and isinstance(holes[0].value, str)


def _apart(storages: list[frozenset]) -> bool:
    """No two of ``storages`` overlap."""
    seen: set = set()
    for storage in storages:
        if storage & seen:
            return False
        seen |= storage
    return True


def _located(node: ast.AST, where: ast.AST) -> ast.AST:
    return ast.fix_missing_locations(ast.copy_location(node, where))


def _hashable(value) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


_MUTATING_METHODS = {"update", "pop", "popitem", "setdefault", "clear", "__setitem__"}


def _may_write_into(body: list[ast.stmt], name: str) -> bool:
    """Could ``body`` change the entries of the dict ``name``: a write ``name[k] = v`` (or
    ``+=``, ``del``), a mutating method, or ``name`` passed to a call (a helper may write into
    it)? Decided from the source."""
    for node in (n for stmt in body for n in ast.walk(stmt)):
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == name \
                and isinstance(node.ctx, (ast.Store, ast.Del)):
            return True
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) \
                    and node.func.value.id == name and node.func.attr in _MUTATING_METHODS:
                return True
            if any(isinstance(a, ast.Name) and a.id == name for a in (*node.args, *(k.value for k in node.keywords))):
                return True
    return False


def _writes_through(body: list[ast.stmt], target: ast.expr) -> bool:
    """Could ``body`` write in place into the value a loop target names (``p -= v``,
    ``p[...] = v``, ``p`` passed to a helper), an entry of the dict it iterates over?"""
    names = {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
    return any(isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) and node.target.id in names
               for stmt in body for node in ast.walk(stmt)) or any(_may_write_into(body, name) for name in names)


def _written_root(lowering, item: ast.Subscript) -> Var | None:
    """The value of the name a chain of items starts from (``g`` of ``g[0][1]``), where ``item``
    is an item's item and that name holds a local value; None for ``c[i]`` of a name ``c``."""
    root = item.value
    if not isinstance(root, ast.Subscript):
        return None
    while isinstance(root, ast.Subscript):
        root = root.value
    value = lowering.env.get(root.id) if isinstance(root, ast.Name) else None
    return value if isinstance(value, Var) else None
