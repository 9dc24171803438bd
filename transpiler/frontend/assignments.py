"""Lowering assignments, and the bookkeeping of writes: ``x = ...``, unpacking, ``x[i] = v``,
``x += v``.

A write into an array makes every other name for its memory stale (see aliasing.py): reading
one afterwards is an error, or, where the write happens only if ``x`` is an array (``x += v``),
a run-time check in the generated code."""
from __future__ import annotations

import ast
import dataclasses
import os

import numpy as np

from ..errors import UnpackingError
from ..ir import Assign, Atom, Const, Copy, Effect, If, Var
from ..primitives import effects, in_place, indexing, lookup
from ..primitives.model import NOT_CONSTANT
from . import aliasing
from .aliasing import Stale
from .element_reads import element_reads
from .entry_forwarding import written_entry
from .entry_writes import holders, record_entry_read, write_back
from .recomputed_values import note_written
from .flat_index import is_flat_index, unflattened
from .current_positions import at_current_position, current_positions, keys_written
from .frozen_distributions import FrozenDistribution, frozen_binding
from .helper_results import augmented_updates, element_updates
from .shallow_copies import is_dict
from .callable_objects import callable_binding
from .values import StaticSequence


class AssignmentLowering:
    """Assignments and the memory they write; a mixin of ``_Lowering`` (frontend/lowering.py),
    whose state (environment, storage, stale names, pending run-time checks) it works on."""

    def _assign(self, target: ast.expr, value: ast.expr) -> None:
        if isinstance(target, ast.Name):
            frozen = frozen_binding(self, value) or callable_binding(self, value)   # rv = norm(0, 1), p = np.poly1d(c)
            self.env[target.id] = frozen if frozen is not None else self._expr(value, name=target.id)
            self._note_same_object(target.id, value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            if any(isinstance(t, ast.Starred) for t in target.elts):
                self._bind(target, self._expr(value))       # `a, *rest = xs`
                return
            if isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts):
                self._assign_pairwise(target.elts, value.elts)
                return
            whole = self._expr(value)
            atoms = self._unpacked(whole, target)   # `sign, logdet = np.linalg.slogdet(A)`
            if isinstance(value, ast.Call):
                self._outputs_apart(whole, atoms)   # `V, S, W = np.linalg.svd(C)`: three new arrays
            for t, atom in zip(target.elts, atoms):
                self._bind(t, atom)
        elif is_flat_index(target) and target.value.value.id in self.env:
            with self._holding() as hold:       # A.flat[::n + 1] = v (flat_index.py)
                self._update(unflattened(target, self._numpy_function(hold, target)), value)
        elif isinstance(target, ast.Subscript) and self._env_key(target.value) in self.env:
            self._update(target, value)       # x[i] = v, and self.w[i] = v on a local object
        elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Subscript):
            self._nested_update(target, value)     # hs[t][k] = 1 (dicts.py)
        elif isinstance(target, ast.Attribute) and self._set_attribute(
                target, self._expr(value, name=self._env_key(target) or target.attr)):
            pass                              # self.output = v on a local object (objects.py)
        elif isinstance(target, ast.Subscript) and self._stored_into_outer(target, value):
            pass                              # count[0] += 1 on a global's or closure's list (statements.py)
        else:
            self._unsupported(target, f"assignment to {_describe(target)}",
                              "assign to a plain name; only arrays local to the function can be updated (x[i] = v), not globals or closed-over objects")

    def _assign_pairwise(self, targets: list[ast.expr], values: list[ast.expr]) -> None:
        """``a, b = b, a``: every right-hand side evaluated before any target is bound, as Python
        does. A right-hand side may be a view (``y[1:], y[:-1] = y[:-1], y[1:]``) that an earlier
        target's write changes before it is bound: each is held under a name, so that the write
        makes it stale like any other name for that memory (refused where it is then bound)."""
        atoms = [self._expr(v) for v in values]
        if all(isinstance(t, ast.Name) for t in targets[:-1]):     # no write before the last binding
            for t, atom in zip(targets, atoms):
                self._bind(t, atom)
            return
        with self._holding() as hold:
            held = [hold(atom, v) for atom, v in zip(atoms, values)]
            for t, name in zip(targets, held):
                self._bind(t, self._load(name))

    def _update(self, target: ast.Subscript, value: ast.expr | Atom) -> None:
        """``x[i] = v`` rebinds ``x`` to an updated copy, so no array the caller passed is written.
        ``value``: the expression ``v``, or its value lowered already."""
        name = self._env_key(target.value)
        new_value = self._expr(value) if isinstance(value, ast.AST) else value
        array = self._expr(target.value)
        storage = self._storage(array)
        same_object = self._other_names_of(name, array)
        pattern, holes = self._index_pattern(target.slice)
        prim = indexing.update_primitive(pattern)
        updated = self._apply(target, prim, (array, new_value, *holes), (), name)
        self.storage[updated] = storage         # NumPy writes in place: the same memory
        if isinstance(array, Var) and isinstance(updated, Var):
            element_updates(self)[updated] = array     # (the same object: helper_results.py)
        if array in self.lists:                 # a list or dict: the object changes, not its items
            self.lists[updated] = self.lists[array]
            if array in self.inner_lists and new_value in self.lists and not isinstance(pattern, (ast.Slice, ast.Tuple)):
                # (an item replaced by a list: each item a list still, dicts.py)
                self.inner_lists[updated] = self.inner_lists[array] | self.lists[new_value]
            self._holds_stored(array, updated, new_value, pattern, holes)
        self._entries_after(array, updated, pattern, holes, new_value)     # d["a"] = v (dicts.py)
        if self._row_written(name, array, updated, target):                 # coef[:] = v of a loop's row (rows.py)
            return
        # p[...] = v of params' item, inner[k] = v of a list or dict `rows[0] = inner` stored: every
        # container known to hold it is rebound with the entry written (entry_writes.py)
        found = holders(self, array) if isinstance(array, Var) else []
        written = self.lists.get(array, storage)
        elements = frozenset(v for v in element_reads(self) if self._storage(v) & written)
        if elements and isinstance(array, Var):      # v = w[s] read before: checked at run time
            key = (array, self.parsed.location(target))
            site = next((s for s in reversed(self.body) if isinstance(s, Assign) and s.target == updated), None)
            where = key[1]
            label = f"{os.path.basename(where.filename)}:{where.line}:{where.col + 1}: `{name}[...] = ...`{self._chain()}"
            self.pending_checks[key] = [self.body, site, array, label, None, False]
            self._written(name, written, target, key, soft_values=elements)
            if key in self.activated:
                self._activate(key, name)
        else:
            self._written(name, written, target)
        self._changed_in_place(array, updated, target)     # a caller's list or dict: parameter_writes.py
        if found:
            where = self.parsed.location(target)
            write_back(self, array, updated, target, f"{os.path.basename(where.filename)}:{where.line}:"
                       f"{where.col + 1}: `{name}[...] = ...`{self._chain()}", found, always=True)
        self._item_written(name, updated)
        self.env[name] = updated
        for env, other in same_object:          # (made stale just now: they see the write instead)
            env[other] = updated

    def _holds_stored(self, container: Atom, updated: Atom, stored: Atom, pattern: ast.expr, holes: list) -> None:
        """``container[k] = stored`` (``container`` a list or dict) holds ``stored`` itself, not a
        copy, as a display ``[stored]`` does. A later write through an array ``stored``, or into
        an array a list or dict ``stored`` holds, changes the entry: the container shares that
        memory, so the write makes it stale. A list or dict ``stored`` is an entry the container
        is known to hold (``rows[0]`` is ``inner``): a write ``inner[i] = v`` rebinds the container
        with that entry written (``_update``). A list's own object is shared too, so a write
        the rebinding does not follow (``inner.append(v)``) makes the container stale; a dict's
        is not: CS231n's ``config`` dicts (``optim_configs[p] = d``, then ``config.setdefault``
        in the update rule) are followed by entry_writes.py. A dict stored in a dict shares its
        arrays the same way (numpy-ml's Adam, ``var = C[p]["var"]`` read before ``C[p]["t"] = t``,
        keeps working: a string key writes no array, dicts.py ``_nested_update``). An array stored in a dict is shared
        where a NumPy function or operator made it (a dict built in a loop, ``d[k] = x * 1.0``
        at keys known only at run time, then ``w = d["W"]; w *= 2``)."""
        if is_dict(self, stored):
            self.storage[updated] = self._storage(container) | (self._storage(stored) - self.lists.get(stored, frozenset()))
        elif not is_dict(self, stored) and (not is_dict(self, container) or stored in self.never_none
                                            or stored in self.lists):
            self.storage[updated] = self._storage(container) | self._storage(stored)
        if stored in self.lists and isinstance(updated, Var):
            record_entry_read(self, updated, stored, pattern, holes)

    def _other_names_of(self, name: str, container) -> list[tuple[dict, str]]:
        """The other names (here, and in the functions this one is inlined into) that hold the
        list or dict ``container`` itself, and so see a write ``name[k] = v`` into it, as the
        object it is: numpy-ml's ``C = self.cache`` then ``C[name] = ...`` and
        ``self.cache[name]`` read. Only for a list or dict made in the function: a name bound
        to the same value is then the same object (a copy or a new container is another value),
        while a name for an array may hold a view or another array of equal value."""
        if not (isinstance(container, Var) and container in self.lists):
            return []
        return [(env, other) for env in (self.env, *self.callers) for other, atom in env.items()
                if isinstance(atom, Var) and atom == container and (env is not self.env or other != name)]

    def _augmented_name(self, name: str, value: ast.BinOp, stmt: ast.AugAssign) -> None:
        """``x += v``: on an array NumPy adds in place, so other names for ``x``'s memory see it
        (they become stale); on a number it just rebinds ``x``. Values known to be numbers share
        no memory, so ``total += v`` never makes anything stale."""
        if self._augmented_list(name, stmt):     # `lst += items` extends the list in place
            return
        before = aliasing.value_of(self.env.get(name))
        mark = len(self.body)
        array = isinstance(before, Var) and bool(self._storage(before))      # (may be: checked below)
        new = self._expr(value, name=None if array else name)
        if isinstance(before, Var) and isinstance(new, Var) \
                and self._row_written(name, before, new, stmt, augmented=True):
            return                      # `row *= w` of `for row in M`: in place on an array's row (rows.py)
        if isinstance(before, Var) and self._storage(before):
            key = (before, self.parsed.location(stmt))
            made = self.body[mark:]
            site = made[-1] if made and isinstance(made[-1], Assign) and made[-1].target == new else None
            # where the run-time check goes, should it be needed: into the statement computing the
            # new value, or, where that value was computed before (`x * x` reused), after the
            # statement that precedes this one (None: at the start of the block)
            after = self.body[mark - 1] if mark else None
            where = key[1]
            label = (f"{os.path.basename(where.filename)}:{where.line}:{where.col + 1}: "
                     f"`{name} {_OPERATORS.get(type(stmt.op), '')}= ...`{self._chain()}")
            self.pending_checks[key] = [self.body, site, before, label, after, False]
            never_none, new = new in self.never_none, self._apply(stmt, in_place.IN_PLACE_RESULT, (new, before), (), name)
            if never_none:                # (NumPy's shape and dtype rules: primitives/in_place.py; its result is `new`)
                self.never_none.add(new)
            same_object = self._same_object_as(name, before)
            self._written(name, self._storage(before), stmt, key)      # (appends what it marked)
            self._same_object_updated(same_object, before, new, stmt)
            if key in self.activated:
                self._activate(key, name)
            write_back(self, before, new, stmt, label)      # a list's or dict's entry (entry_writes.py)
            self._item_written(name, new)
        self._changed_in_place(before, new, stmt)     # `log += [v]` on a caller's list: parameter_writes.py
        if isinstance(before, Var) and isinstance(new, Var):
            augmented_updates(self)[new] = before      # (a helper's `delta *= v` on an item: dispatched_procedures.py)
        self.env[name] = new

    def _note_same_object(self, name: str, value: ast.expr) -> None:
        """``name = y`` (``y`` a name or a local object's attribute ``self.w``): ``name`` and ``y``
        are one object, whatever it is. (Two names bound to equal values are not: ``a = x * 1.0``
        and ``b = x * 1.0`` are two arrays the lowering may give one value.)"""
        atom = self.env[name]
        if isinstance(value, (ast.Name, ast.Attribute)) and isinstance(atom, Var) \
                and (other := self._env_key(value)) in self.env and self.env[other] == atom:
            objects = self.__dict__.setdefault("_same_objects", {})
            objects[atom] = objects.get(atom, frozenset()) | {name, other}

    def _same_object_as(self, name: str, value: Var) -> list[str]:
        """The other names bound to ``value`` that are the object ``name`` is (``_note_same_object``)."""
        group = self.__dict__.get("_same_objects", {}).get(value, frozenset())
        return sorted(other for other in group if other != name and self.env.get(other) == value) \
            if name in group else []

    def _same_object_updated(self, others: list[str], before: Var, new: Atom, stmt: ast.AugAssign) -> None:
        """``z += v`` where ``others`` are names for the object ``z`` is (``z = y``, ``y = x`` of an
        argument, ``t = self.total``). On an array NumPy writes into it, so each of them sees the
        new value; on a number (or a tuple) ``z`` alone is rebound: each is rebound to ``new``
        where ``before`` is an array at run time, else keeps ``before``. A view (``v = y[1:]``)
        is another value: still made stale by the write (``_written``), as are names for the
        object in a function this one is inlined into (a helper's ``c = a; c += b``)."""
        if not others or not isinstance(new, Var):
            return
        where = self.parsed.location(stmt)
        in_place = self._apply(stmt, lookup(isinstance), (before, Const(_WRITTEN_IN_PLACE)), (), None)
        seen = Var(self.names.fresh(others[0]))
        self.body.append(If(in_place, [Copy(seen, new, where)], [Copy(seen, before, where)], where))
        self.storage[seen] = self._storage(new) | self._storage(before)
        for other in others:
            self.env[other] = seen

    def _augmented_item(self, stmt: ast.AugAssign, value: ast.BinOp) -> bool:
        """``c[k] += v`` on a list's or dict's entry: where the entry is an array NumPy adds into
        it in place, so every other name for it, and every other entry that is the same array,
        sees the change. The entry is rebound to the new value like ``c[k] = c[k] + v``, and the
        others are made stale (or checked at run time: dicts.py ``_check_alone``). False where
        ``c`` is not known to be a list or dict (an array's ``x[i] += v`` is ``x[i] = x[i] + v``)."""
        target = stmt.target
        container = self.env.get(self._env_key(target.value)) if isinstance(target, ast.Subscript) else None
        if not isinstance(container, Var) or container not in self.lists:
            return False
        new = self._expr(value)
        pattern, holes = self._index_pattern(target.slice)
        entry = written_entry(self, container, pattern, holes)      # c[k] = v just before: v itself
        left = entry if entry is not None else self._expr(value.left)
        # (a list or dict item changes as an object: what it holds is not written, `rows[i] += [x[i]]`)
        item = self.lists[left] if left in self.lists else self._storage(left) - self.lists[container]
        self._check_alone(value.left, container)
        with self._holding() as hold:
            self._update(target, hold(new, value))
        if item:
            updated = self.env[self._env_key(target.value)]
            holders = [(env, n) for env in (self.env, *self.callers) for n, a in env.items() if a is updated]
            self._written(self._env_key(target.value), item, stmt)
            for env, n in holders:      # the container itself (a caller's name too) holds the new entry
                env[n] = updated
        return True

    def _written(self, name: str, storage: frozenset, node: ast.AST, before: tuple | None = None,
                 soft_values: frozenset | None = None) -> None:
        """Memory ``storage`` was just written through ``name``: every other name that may
        share it is stale from here on (reading it is an error). ``before``: the value of ``x``
        in ``x += v`` and where, which writes in place only on an array; then they are stale
        only if it is one (soft-stale: the generated code checks at run time). With
        ``soft_values`` (``x[i] = v``, element_reads.py) only names holding one of those values
        are soft-stale, checked against the array ``before`` names; the others are stale."""
        if not storage:
            return
        note_written(self, storage)         # (a new array shared: recomputed_values.py)
        self.writes_parameters |= bool(storage & self.parameters)
        where = self.parsed.location(node)
        augmented = before is not None and soft_values is None
        stale = Stale(name, where, external=bool(storage & (self.external | aliasing.callers_lists(self))),
                      unless_number=(before,) if before is not None else ())
        hard = Stale(name, where, external=stale.external)
        at_keys = [position[2] for seen, position in zip(self.iterated, current_positions(self))
                   if storage & seen and at_current_position(node, name, position) and len(position) == 3]
        keys_written(self).update(at_keys)       # d[k] in `for k in d`: a dict's, or refused (current_positions.py)
        own = self._item_loop(name)          # p -= v of `for p in params`: at the item just read (rows.py)
        if any(storage & seen and seen is not own and not at_current_position(node, name, position)
               for seen, position in zip(self.iterated, current_positions(self))) or stale.external:
            if not augmented and stale.external:
                raise aliasing.written_into_global(name, where, self._chain(), node)
            if not augmented:
                self._unsupported(node, f"writing into `{name}`, which may share memory with the sequence "
                                  "an enclosing loop iterates over,",
                                  "loop over indices instead (`for i in range(len(xs)): xs[i, ...] = ...`)")
            self._record_check(stale, name, where)     # the loop's sequence, or a global, changes
        marked = set()           # the values a run-time check may compare with: defined by now
        for env in (self.env, *self.callers):
            for other, atom in env.items():
                if isinstance(atom, FrozenDistribution) and any(self._storage(v) & storage for v in atom.values()):
                    env[other] = hard       # rv = norm(mu, 1), then mu written: rv holds the old mu
                    continue
                value = aliasing.value_of(atom)
                if (env is not self.env or other != name) and isinstance(value, Var) \
                        and self._storage(value) & storage and not aliasing.hard(atom):
                    soft = before is not None and (soft_values is None or value in soft_values)
                    env[other] = self._marked(value, [atom, stale]) if soft else hard
                    if soft:
                        marked.add(value)
        if before in self.pending_checks:
            self.pending_checks[before].append(frozenset(marked))
        for key, var in self.free.items():
            if var in storage and not aliasing.hard(self.stale_free.get(key)):
                self.stale_free[key] = self._marked(var, [self.stale_free.get(key), stale]) \
                    if augmented else hard

    def _record_check(self, stale: Stale, name: str, where, other: Var | None = None) -> None:
        """Reading ``name`` relies on each ``x += v`` in ``stale.unless_number`` having been on a
        number, or on memory ``name``'s value ``other`` does not share (None: not known here):
        the generated code checks that at run time."""
        for key in stale.unless_number:
            self.activated.add(key)
            known = self.check_others.get(key, frozenset())
            self.check_others[key] = None if other is None or known is None else known | {other}
            if key in self.pending_checks:
                self._activate(key, name, stale, where)

    def _activate(self, key: tuple, name: str, stale: Stale | None = None, where=None) -> None:
        body, site, before, label, after, done, *marked = self.pending_checks[key]
        defined = marked[0] if marked else frozenset()
        others = self.check_others.get(key)
        if others is not None and not others <= defined:
            # A value merged after the write (the loop variable the next iteration reads, a branch's
            # merge) carries this write's mark only from the values it marked: at run time it is one
            # of those, each defined by the check (`out.append(buf[i])` before `buf[i] = v`).
            others = defined or None
        args = (before, Const(label), *sorted(others or (), key=lambda v: v.name))
        if done:                 # a name read later: the check compares its value too
            done.args = args
            return
        checked = Var(self.names.fresh(f"{before.name}_checked"))   # (a name a loop's next try reuses)
        check = Assign(checked, indexing.UNSHARED, args, (), key[1])
        if site is None:         # the new value was computed before: the check stands alone
            position = 0 if after is None else next(i for i, s in enumerate(body) if s is after) + 1
            body.insert(position, check)
        elif before in site.args:
            check.location = site.location
            body.insert(next(i for i, s in enumerate(body) if s is site), check)
            site.args = tuple(checked if a == before else a for a in site.args)
        else:
            raise (stale or Stale(name, key[1], unless_number=(key,))).error(name, where or key[1], self._chain())
        self.storage[checked] = self._storage(before)
        self.pending_checks[key][5] = check

    def _storage(self, atom) -> frozenset:
        """The values whose memory ``atom`` may share (none for a constant)."""
        if isinstance(atom, Var):
            return self.storage.get(atom, frozenset({atom}))
        return frozenset()

    @staticmethod
    def _marked(atom, marks: list):
        """``atom``, soft-stale as the soft-stale entries among ``marks`` were (see aliasing.py)."""
        marks = [m for m in marks if aliasing.soft(m)]
        if not marks or atom is None:
            return atom
        mark = marks[0]
        for other in marks[1:]:
            mark = aliasing.worse(mark, other)
        return dataclasses.replace(mark, value=atom)

    def _bind(self, target: ast.expr, atom: Atom) -> None:
        if isinstance(target, ast.Name):
            self.env[target.id] = atom
        elif isinstance(target, ast.Attribute) and self._set_attribute(target, atom):
            pass                              # self.a, self.b = ... on a local object
        elif isinstance(target, ast.Subscript) and self._env_key(target.value) in self.env:
            self._update(target, atom)        # y[0], y[1] = b, a: every value first, then each write
        elif isinstance(target, (ast.Tuple, ast.List)) and not any(isinstance(t, ast.Starred) for t in target.elts):
            for t, item in zip(target.elts, self._unpacked(atom, target)):
                self._bind(t, item)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for t, item in zip(target.elts, self._unpacked_with_rest(atom, target)):
                self._bind(t.value if isinstance(t, ast.Starred) else t, item)
        elif isinstance(target, (ast.Subscript, ast.Attribute)):
            with self._holding() as hold:     # m[0][1], m[1][0] = ...: each as `m[0][1] = v`
                self._assign(target, hold(atom, target))
        else:
            self._unsupported(target, "unpacking into an element or attribute", "unpack into names")

    def _unpacked(self, whole: Atom, target: ast.Tuple | ast.List) -> list[Atom]:
        """``whole``'s values unpacked into ``target``'s names, as Python unpacks: never the first
        ones of more. A length known here that differs is an error now; one known only at run
        time is checked there (Python's ValueError; code specialised to shapes drops the check
        where the shape answers it: opt/specialize.py)."""
        count = len(target.elts)
        self._length_checked(whole, target, count, exact=True)
        return [self._item(whole, k, target) for k in range(count)]

    def _outputs_apart(self, whole: Atom, items: list[Atom]) -> None:
        """The outputs of a primitive returning several new arrays (``np.linalg.svd``, ``qr``,
        ``eigh``), unpacked where it is called: each its own memory, so a write through one
        (Kabsch's ``S[-1] = -S[-1]``) leaves the others as they are. (The tuple has no name to be
        read through afterwards; where it has one, its items keep sharing its memory.)"""
        made = next((s for s in reversed(self.body) if isinstance(s, Assign) and s.target == whole), None)
        if made is None or not made.prim.outputs or self._storage(whole) != frozenset({whole}):
            return
        for item in items:
            if isinstance(item, Var) and self._storage(item) == frozenset({whole}):
                self.storage[item] = frozenset({item})

    def _length_checked(self, whole: Atom, target: ast.Tuple | ast.List, count: int, exact: bool) -> int | None:
        """``whole``'s length where lowering knows it, checked now against the ``count`` names
        (``exact``: as many, else at least as many: a starred name takes the rest); where it is
        known only at run time, the check is put there. Python raises ValueError either way."""
        known, where, spelled = self._known_length(whole), self.parsed.location(target), _spelled(target)
        if known is not None and (known != count if exact else known < count):
            raise UnpackingError(f"`{spelled} = ...` unpacks {known} values into {'' if exact else 'at least '}"
                                 f"{count} names{self._chain()} (Python raises ValueError)", where,
                                 f"unpack into {known} names, or take the values you need by index" if exact
                                 else f"unpack into at most {known} names")
        if known is None:
            label = f"{os.path.basename(where.filename)}:{where.line}:{where.col + 1}: `{spelled} = ...`"
            check = effects.EXPECT_UNPACKED if exact else effects.EXPECT_AT_LEAST
            self.body.append(Effect(check, (whole, Const(count), Const(label)), where))
        return known

    def _unpacked_with_rest(self, whole: Atom, target: ast.Tuple | ast.List) -> list[Atom]:
        """``a, *rest, z = whole``: the names before and after the starred one by position from
        each end, the starred one a new list of what is left between them, as Python unpacks
        (after a check that there are enough values)."""
        star = next(i for i, t in enumerate(target.elts) if isinstance(t, ast.Starred))   # (Python allows one)
        count = len(target.elts) - 1
        after = count - star
        known = self._length_checked(whole, target, count, exact=False)
        if whole in self.displays and known is not None:
            items = list(self.displays[whole])
            rest = self._new_list(self._apply(target, indexing.LIST, tuple(items[star:known - after]), (), None))
        else:
            pattern = ast.Slice(lower=ast.Constant(star), upper=ast.Constant(-after) if after else None)
            part = self._apply(target, indexing.subscript_primitive(pattern), (whole,), (), None)
            rest = self._new_list(self._apply(target, lookup(list), (part,), (), None))
        return ([self._item(whole, k, target) for k in range(star)] + [rest]
                + [self._item(whole, k - after, target) for k in range(after)])

    def _known_length(self, whole: Atom) -> int | None:
        """How many values ``whole`` holds, where lowering knows: a display, a constant, a list of
        functions, the tuple a primitive returns (``np.linalg.slogdet(A)``); else None."""
        if isinstance(whole, StaticSequence):
            return len(whole.items)
        if isinstance(self.displays.get(whole), (tuple, list)):
            return len(self.displays[whole])
        if isinstance(whole, Const):
            return len(whole.value) if isinstance(whole.value, (tuple, list)) or np.ndim(whole.value) else None
        made = next((s for s in reversed(self.body) if isinstance(s, Assign) and s.target == whole), None)
        if made is not None and made.prim.outputs:
            return made.prim.output_count([a.value if isinstance(a, Const) else NOT_CONSTANT for a in made.args],
                                          {k: v.value if isinstance(v, Const) else NOT_CONSTANT for k, v in made.kwargs})
        return None

    def _item(self, whole: Atom, k: int, node: ast.AST) -> Atom:
        """``whole[k]`` for a constant position k (tuple unpacking)."""
        if isinstance(whole, StaticSequence):        # `act1, act2 = (np.tanh, np.sin)`
            return whole.items[k]
        if whole in self.displays:
            return self.displays[whole][k]
        item = self._apply(node, indexing.subscript_primitive(ast.Constant(k)), (whole,), (), None)
        element_reads(self).add(item)   # `a, b = traj[i]`: numbers or rows, as `traj[i][k]` (element_reads.py)
        return item


# `z op= v` writes into these (a list extends); a number or tuple it rebinds
_WRITTEN_IN_PLACE = (np.ndarray, list)
_OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%",
              ast.Pow: "**", ast.MatMult: "@", ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^",
              ast.LShift: "<<", ast.RShift: ">>"}


def _spelled(target: ast.Tuple | ast.List) -> str:
    """``a, b`` as the user writes it on the left of ``=`` (``ast.unparse`` adds parentheses)."""
    return ", ".join(ast.unparse(e) for e in target.elts) if isinstance(target, ast.Tuple) else ast.unparse(target)


def _describe(node: ast.expr) -> str:
    """The target as the user wrote it, what it is named by: ``the element `calls["n"]```."""
    if isinstance(node, ast.Subscript):
        return f"the element `{ast.unparse(node)}`"
    if isinstance(node, ast.Attribute):
        return f"the attribute `{ast.unparse(node)}`"
    return f"`{type(node).__name__}`"
