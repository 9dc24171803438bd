"""Lowering lists of the user's code as values: ``lst.append(v)``, ``lst.extend(vs)``,
``lst.insert(i, v)``, ``lst.pop(i)``, ``lst += vs`` and ``lst + [v]``.

Each rebinds the list's name to a new list (primitives/lists.py), as ``x[i] = v`` rebinds an
array to an updated copy: a list grown in a loop is then an ordinary loop-carried value, which
both modes differentiate. Python changes the list in place, so every other name for it (``b =
lst``, a list holding it) becomes stale, as after a write into an array (aliasing.py). The
in-place ``append``/``pop`` of generated code's tapes are not user lists: they stay effects.
"""
from __future__ import annotations

import ast
import os

import numpy as np

from ..ir import Assign, Atom, Const, Copy, Var, walk
from ..primitives import indexing, lists, lookup
from . import aliasing
from .carried_inner_lists import grown_inner_lists
from .dict_spreads import dict_union
from .entry_writes import holders, write_back
from .element_reads import holds_only_elements, mark_elements
from .iterators import is_listed
from .object_lists import join_record_lists, known_length, record_length
from .shallow_copies import METHOD_SORT, is_method_copy, merged_dict
from .source import MISSING
from .values import LocalObject

# list methods that change the list: the statement rebinds its name (frontend/loops.py carries it)
MUTATORS = frozenset({"append", "extend", "insert", "pop", "sort", "reverse"})


class ContainerLowering:
    """List methods and list concatenation; a mixin of ``_Lowering`` (frontend/lowering.py),
    whose state (environment, storage, the values known to be lists) it works on."""

    @property
    def hidden_lists(self) -> set[str]:
        """Names the compiler invented for the lists comprehensions build (comprehensions.py):
        no other name holds such a list while it grows, so appending makes nothing stale."""
        return self.__dict__.setdefault("_hidden_lists", set())

    @property
    def _generated(self) -> bool:
        """Is this generated code (whose tapes are appended to and popped in place)?"""
        return self.parsed.filename.startswith("<transpiler")

    def _is_list_statement(self, stmt: ast.stmt) -> bool:
        """``lst.append(v)``, ``lst.extend(vs)``, ``lst.insert(i, v)``, ``lst.pop(...)`` as a
        statement, on a name local to the user's function."""
        call = getattr(stmt, "value", None)
        return (not self._generated and isinstance(stmt, ast.Expr) and isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute) and call.func.attr in MUTATORS
                and self._env_key(call.func.value) in self.env    # (a local object's self.costs too)
                and not isinstance(self.env[self._env_key(call.func.value)], LocalObject)   # (ray.append(p, k): its own)
                and not self._on_outer_list(call))

    def _on_outer_list(self, call: ast.expr) -> bool:
        """Is ``call`` a method call on a global's or closure's value a helper was given
        (``record(history, loss)`` doing ``log.append(v)``)? It runs for its effect, as the same
        call on the global does (statements.py), not as a list the function changes."""
        return (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                and aliasing.value_of(self.env.get(self._env_key(call.func.value))) in self.external)

    def _list_statement(self, stmt: ast.Expr) -> None:
        call = stmt.value
        method = call.func.attr
        if method == "pop":
            self._pop(call)
            return
        if method in ("sort", "reverse"):
            self._reordered(call)
            return
        expected = {"append": 1, "extend": 1, "insert": 2}[method]
        if len(call.args) != expected or call.keywords or any(isinstance(a, ast.Starred) for a in call.args):
            self._unsupported(call, f"this call of `.{method}()`",
                              f"pass {expected} positional argument(s), as list.{method} takes")
        atoms = tuple(self._arg(a) for a in call.args)
        helper = {"append": lists.appended, "extend": lists.extended, "insert": lists.inserted}[method]
        self._rebind_list(call, helper, atoms)

    def _pop(self, call: ast.Call) -> Atom:
        """``lst.pop()`` / ``lst.pop(i)``: the item ``lst[i]``, and ``lst`` rebound to the rest."""
        if (entries := self._dict_entries_of(call.func.value)) is not None:
            return self._dict_pop(call, entries)          # (dicts.py)
        if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
            return self._opaque(call, None, MISSING)       # a dict the call passes (`**kwargs`): run as written
        if len(call.args) > 1 or call.keywords:
            self._unsupported(call, "this call of `.pop()`", "call it as lst.pop() or lst.pop(i)")
        index = self._expr(call.args[0]) if call.args else Const(-1)
        seq = self._expr(call.func.value)
        item = self._item_at(call, seq, index)
        self._rebind_list(call, lists.removed, (index,))
        return item

    def _item_at(self, node: ast.AST, seq: Atom, index: Atom) -> Atom:
        if isinstance(index, Const) and type(index.value) is int:
            item = self._apply(node, indexing.subscript_primitive(ast.Constant(index.value)), (seq,), (), None)
        else:
            item = self._apply(node, indexing.subscript_primitive(indexing.hole(0)), (seq, index), (), None)
        return self._read_from_list(seq, item)

    def _tuple_slice(self, node: ast.Subscript, value: Atom, pattern: ast.Slice, holes: tuple,
                     name: str | None) -> Atom:
        """A slice of a tuple display: the display of its items where the bounds are constants;
        otherwise a sequence read at run time, known to be one (``t[:k] * 2`` repeats it, as
        Python does, never NumPy's product)."""
        if not holes:
            bounds = [None if part is None else ast.literal_eval(part) for part in (pattern.lower, pattern.upper,
                                                                                    pattern.step)]
            elts = self.displays[value][slice(*bounds)]
            if all(isinstance(e, Const) for e in elts):
                return Const(tuple(e.value for e in elts))
            made = self._apply(node, indexing.TUPLE, elts, (), name)
            self.displays[made] = elts
            return made
        read = self._apply(node, indexing.subscript_primitive(pattern), (value, *holes), (), name)
        self.lists[read] = frozenset({read})
        return read

    def _read_from_list(self, seq: Atom, read: Atom, sliced: bool = False) -> Atom:
        """``read`` (an item or slice of ``seq``) as a value apart from the list object: a
        later ``seq.append(...)`` does not change it. A slice (``sliced``) is a new list, known
        as one: ``xs[:2] * 2`` repeats it (it was NumPy's product, and its adjoint a wrong one)."""
        if seq in self.lists and isinstance(read, Var):
            self.storage[read] = self._storage(read) - self.lists[seq]
            if sliced:
                self.lists[read] = frozenset({read})
            elif seq in self.inner_lists:       # an item of a list of lists: a list (dicts.py)
                self.lists[read] = self.inner_lists[seq]
        return read

    def _reordered(self, call: ast.Call) -> None:
        """``lst.sort(reverse=...)``, ``lst.reverse()`` on a list: ``lst`` rebound to
        ``sorted(lst, ...)``, ``list(lst[::-1])``; ``x.sort(axis)`` on an array a NumPy function
        made: ``x`` rebound to ``np.sort(x, axis, kind)``, other names for its memory stale."""
        method, seq = call.func.attr, self._expr(call.func.value)
        if seq in self.lists and method == "sort":
            if call.args or any(k.arg not in ("key", "reverse") for k in call.keywords):
                self._unsupported(call, "`.sort()` with positional arguments", "write `xs.sort(key=f, reverse=r)`")
            key = next((k.value for k in call.keywords if k.arg == "key"), None)
            keywords = tuple((k.arg, self._arg(k.value)) for k in call.keywords if k.arg == "reverse")
            if key is None or isinstance(key, ast.Constant) and key.value is None:
                self._rebind_list(call, sorted, (), keywords)
            else:       # the items in the order sorted(xs, key=f) gives them: comprehensions.py
                self._rebind_list(call, list, (), (), seq=self._sorted_by_key(call, seq, key, keywords))
        elif seq in self.lists and not call.args and not call.keywords:
            backwards = self._apply(call, indexing.subscript_primitive(ast.Slice(step=ast.Constant(-1))), (seq,), (), None)
            self._rebind_list(call, list, (), (), seq=backwards)
        elif method == "sort" and seq in self.never_none and len(call.args) <= 2 and all(
                k.arg in ("axis", "kind") for k in call.keywords):
            name = self._env_key(call.func.value)
            positional = tuple(self._arg(a) for a in call.args)
            keywords = tuple((k.arg, self._arg(k.value)) for k in call.keywords)
            if is_method_copy(self, seq) and not positional:
                keywords += METHOD_SORT         # a parameter's copy: a list's sort or an array's
            new = self._apply(call, lookup(np.sort), (seq, *positional), keywords, name)
            self.storage[new] = self._storage(seq)
            self._written(name, self._storage(seq), call)
            self._changed_in_place(seq, new, call)
            self.env[name] = new
        else:
            self._unsupported(call, f"`.{method}()` here (on a value that may be the caller's, or with "
                              "arguments the compiler does not follow)",
                              "write `xs = sorted(xs)` for a list, `x = np.sort(x)` for an array, `xs = xs[::-1]`")

    def _rebind_list(self, call: ast.Call, helper, atoms: tuple, keywords: tuple = (), seq: Atom | None = None) -> None:
        """``name = helper(name, *atoms, **keywords)`` (``helper(seq, ...)`` given ``seq``, a
        value made from the list). Python changes the list object in place, not its items: every
        other name for that object is stale from here on."""
        name = self._env_key(call.func.value)
        old = self._expr(call.func.value)
        identity = self._list_identity(old)
        same_object = self._other_names_of(name, old)    # `b = lst`, a helper's parameter: one object
        found = holders(self, old) if isinstance(old, Var) else []     # `a = groups[k]`: entry_writes.py
        seq = old if seq is None else seq
        new = self._apply(call, lookup(helper), (seq, *atoms), keywords, name)
        if helper is lists.appended and seq is old and (length := known_length(self, self.env.get(name))) is not None:
            record_length(self, new, length + 1)         # (object_lists.py)
        self.storage[new] = self._storage(old) | frozenset().union(*(self._storage(a) for a in atoms))
        mark_elements(self, new, helper is not lists.extended and holds_only_elements(self, old)   # hist.append(h[i])
                      and all(holds_only_elements(self, a) for a in atoms))                      # (element_reads.py)
        if name not in self.hidden_lists:   # (a comprehension's list has no other name)
            self._written(name, identity, call)
        self.lists[new] = identity
        if helper is lists.appended and seq is old:
            grown_inner_lists(self, old, new, atoms[0])      # groups.append([]): carried_inner_lists.py
        self._changed_in_place(old, new, call, list_method=True)     # a caller's list: parameter_writes.py
        self.env[name] = new
        for env, other in same_object:      # (made stale just now: they see the change instead)
            env[other] = new
        if found:       # a list a container holds, grown through another name: the container sees it
            where = self.parsed.location(call)
            write_back(self, old, new, call, f"{os.path.basename(where.filename)}:{where.line}:{where.col + 1}: "
                       f"`{name}.{call.func.attr}(...)`{self._chain()}", found, always=True)

    def _list_identity(self, seq: Atom) -> frozenset:
        """The list objects ``seq`` may be: a display's own value, kept through the lists made
        from it in place; for a list from elsewhere (a parameter), all memory it may share."""
        return self.lists.get(seq) or self._storage(seq)

    def _list_sum(self, node: ast.BinOp, left: Atom, right: Atom, name: str | None) -> Atom | None:
        """``a + b`` where ``a`` or ``b`` is known to be a list: their concatenation; ``n * [v]``
        or ``[v] * n``: the list repeated (None when neither is known to be one: NumPy's or
        Python's operator); ``a | b`` where either is known to be a dict: their merge."""
        if (merged := dict_union(self, node, left, right, name)) is not None:
            return merged
        if (joined := self._tuple_display_sum(node, left, right, name)) is not None:
            return joined
        if not (left in self.lists or right in self.lists):
            return None
        if isinstance(node.op, ast.Mult) and (left in self.lists) != (right in self.lists):   # n * [v]
            xs, n = (left, right) if left in self.lists else (right, left)
            if _python_constant(n) and not (type(n.value) is int):
                self._unsupported(node, f"`*` of a list and the constant {n.value!r} (Python raises TypeError)",
                                  "repeat a list by an integer, or make it an array with np.array(...)")
            repeated = self._apply(node, lookup(lists.repeated), (xs, n), (), name)
            if isinstance(n, Const) or self._python_int(n):
                self.lists[repeated] = frozenset({repeated})     # a new list (a count known here, or a `len`)
            return repeated     # (a count known only at run time: a list, or NumPy's product with an array)
        if not isinstance(node.op, ast.Add) and (left in self.lists) != (right in self.lists) \
                and not _python_constant(right if left in self.lists else left):
            return self._list_with_array(node, left, right, name)       # values - TRUE_VALUE[1:-1]
        if not isinstance(node.op, ast.Add):
            self._unsupported(node, f"the operator `{_SYMBOLS.get(type(node.op), '?')}` on a list",
                              "build the list with a comprehension, or use a NumPy array")
        joined = self._apply(node, lookup(lists.concatenated), (left, right), (), name)
        if left in self.lists and right in self.lists:
            self.lists[joined] = frozenset({joined})   # a new list (a list and an array: NumPy's sum, an array)
            join_record_lists(self, joined, (left, right))      # (wells + images of one dataclass: object_lists.py)
        return joined

    def _python_int(self, atom: Atom, depth: int = 4) -> bool:
        """Is ``atom`` a Python int for certain: a constant int, ``len(...)``, ``x.ndim``, ``x.size``, or ``+``, ``-``,
        ``*``, ``//`` of such (``[None] * (len(layer_units) - 1)`` repeats a list, never NumPy's
        product with an array)? Asked of the statement that made it, in the block being lowered or one
        it is nested in (a loop's body reads `ndim` bound before the loop)."""
        if isinstance(atom, Const):
            return type(atom.value) is int
        made = next((s for body in (self.body, *reversed(self.enclosing_bodies)) for s in walk(body)
                     if isinstance(s, Assign) and s.target is atom), None)
        if made is None or depth == 0:
            return False
        if made.prim is lookup(len) or made.prim in _INT_COUNTS:
            return True
        return made.prim in _INT_ARITHMETIC and all(self._python_int(a, depth - 1) for a in made.args)

    def _list_with_array(self, node: ast.BinOp, left: Atom, right: Atom, name: str | None) -> Atom:
        """``values - x`` (``-``, ``/``, ``**``, ``@``, ...) of a list and a value that is not one:
        a list has no such operator, so Python asks the other operand, which for an array (or a
        NumPy number) is NumPy's operator on ``np.asarray(values)``. (For a Python number, where
        Python raises, the compiler gives NumPy's answer; a constant number is refused.)"""
        as_array = [self._apply(node, lookup(np.asarray), (side,), (), None) if side in self.lists else side
                    for side in (left, right)]
        return self._apply(node, lookup(type(node.op)), tuple(as_array), (), name)

    def _tuple_display_sum(self, node: ast.BinOp, left: Atom, right: Atom, name: str | None) -> Atom | None:
        """``(a, b) + (c,)`` and ``(a, b) * 3`` of tuple displays: the tuple display they make,
        item by item (None for anything else: ``+`` and ``*`` of arrays and numbers)."""
        items = {atom: self.displays.get(atom) for atom in (left, right)}
        items.update({atom: atom.value for atom in (left, right)
                      if isinstance(atom, Const) and type(atom.value) is tuple})
        lhs, rhs = items[left], items[right]
        if isinstance(node.op, ast.Add) and lhs is not None and rhs is not None:
            elts = tuple(lhs) + tuple(rhs)
        elif isinstance(node.op, ast.Mult) and (lhs is None) != (rhs is None):
            seq, count = (left, right) if lhs is not None else (right, left)
            if not (isinstance(count, Const) and type(count.value) is int):    # a count known at run time
                return self._apply(node, lookup(lists.repeated), (seq, count), (), name)
            elts = tuple(items[seq]) * count.value
        else:
            return None
        elts = tuple(e if isinstance(e, (Var, Const)) else Const(e) for e in elts)
        if all(isinstance(e, Const) for e in elts):
            return Const(tuple(e.value for e in elts))
        made = self._apply(node, indexing.TUPLE, elts, (), name)
        self.displays[made] = elts
        return made

    def _copied(self, node: ast.Call, deep: bool, name: str | None) -> Atom:
        """``copy.deepcopy(x)`` / ``copy.copy(x)`` (filterpy's ``self.z = deepcopy(z)``): the same
        value, as generated code never writes in place, under a name of its own. A deep copy
        shares no memory with ``x``; a shallow one may share its items (a list's arrays), so a
        write through either marks the other stale, as for an alias."""
        source = self._as_atom(self._expr(node.args[0]), node.args[0])
        target = Var(self.names.fresh(name or "copied"))
        self.body.append(Copy(target, source, self.parsed.location(node)))
        self.storage[target] = frozenset({target}) | (frozenset() if deep else self._storage(source))
        if source in self.lists:            # a list's copy is a new list: `xs[i] = v` leaves it alone
            self.lists[target] = frozenset({target})
            self._apart_from(target, source)
        return target

    def _augmented_list(self, name: str, stmt: ast.AugAssign) -> bool:
        """``lst += items`` on a list: ``lst.extend(items)`` (in place, as Python does)."""
        before = self.env.get(name)
        if not (isinstance(stmt.op, ast.Add) and before in self.lists):
            return False
        call = ast.copy_location(ast.Call(func=ast.Attribute(value=stmt.target, attr="extend", ctx=ast.Load()),
                                          args=[stmt.value], keywords=[]), stmt)
        self._rebind_list(call, lists.extended, (self._arg(stmt.value),))
        return True

    def _older_than(self, atom: Var) -> Var:
        """``atom`` is a value made afresh here: in a loop, what an earlier iteration's ``atom``
        went into (``u = un`` carried to the next iteration, ``rows.append(row)``) holds another
        object, named ``atom'`` from now on, so a write into the new one leaves it alone."""
        earlier = Var(f"{atom.name}'")
        for var in self.storage.holders(atom):
            if var != atom:
                self.storage[var] = self.storage[var] - {atom} | {earlier}
        return earlier

    def _python_sequence(self, atom: Atom) -> bool:
        """Is ``atom`` a list (or dict) or a tuple display, which NumPy copies into a new array?"""
        return isinstance(atom, Var) and (atom in self.lists or atom in self.displays)

    def _new_list(self, atom: Atom) -> Atom:
        """Mark ``atom`` as a new list (a display ``[...]``): ``+`` on it concatenates. In a loop
        the display makes a new list every iteration: what holds the list an earlier iteration
        made (``rows.append(row)``) holds another object than the new one, so writing into the
        new one (``row.append(v)``) leaves it alone."""
        if not isinstance(atom, Var):
            return atom
        earlier = self._older_than(atom)
        for var, identity in list(self.lists.items()):
            if atom in identity:
                self.lists[var] = identity - {atom} | {earlier}
        self.lists[atom] = frozenset({atom})
        return atom

    def _starred_display(self, node: ast.List | ast.Tuple) -> Atom:
        """``[*xs, v, *ys]``: a new list extended by each starred part and appended to with
        each other element (a tuple display is ``tuple`` of that list)."""
        first = next(i for i, e in enumerate(node.elts) if isinstance(e, ast.Starred))
        made = self._apply(node, indexing.LIST, tuple(self._arg(e) for e in node.elts[:first]), (), None)
        made = self._new_list(made)
        for elt in node.elts[first:]:
            if isinstance(elt, ast.Starred):
                made = self._grown(elt, lists.extended, made, self._expr(elt.value))
            else:
                made = self._grown(elt, lists.appended, made, self._arg(elt))
        if isinstance(node, ast.Tuple):
            made = self._grown(node, tuple, made)
        return made

    def _grown(self, node: ast.AST, key, *atoms: Atom) -> Atom:
        """``key(*atoms)`` (a list primitive), a list as new as ``atoms[0]``."""
        made = self._apply(node, lookup(key), atoms, (), None)
        self.lists[made] = self.lists.get(atoms[0], frozenset({made}))
        return self._apart_from(made, *atoms[1:])         # ([*xs]: xs's items, not the list xs)

    def _converted(self, node: ast.Call, callee) -> Atom:
        """``list(xs)``, ``tuple(xs)``: a new list (or tuple), which ``+`` concatenates."""
        if not node.args and not node.keywords:          # list(), tuple(): empty
            return self._new_list(self._apply(node, indexing.LIST, (), (), None)) if callee is list else Const(())
        if len(node.args) != 1 or node.keywords or isinstance(node.args[0], ast.Starred):
            self._unsupported(node, f"this call of `{callee.__name__}`", f"call it as {callee.__name__}(xs)")
        items = self._iterable(self._arg(node.args[0]), node.args[0])    # (a dict's keys; an iterator listed)
        if callee is list and is_listed(self, items):
            return items                # (list(iter(xs)): the list its reading made already: iterators.py)
        return self._apart_from(self._new_list(self._apply(node, lookup(callee), (items,), (), None)), items)

    def _apart_from(self, made: Atom, *sources: Atom) -> Atom:
        """``made``, a new list holding the items of the lists among ``sources`` (``list(xs)``,
        ``xs.copy()``, ``[*xs]``): it shares their items' memory, not the list objects, so
        replacing an item of one (``xs[i] = v``, ``xs.append(v)``) leaves the other as it was."""
        if isinstance(made, Var):
            for source in sources:
                if source in self.lists and not self.lists[source] & self.lists.get(made, frozenset()):
                    self.storage[made] = self._storage(made) - self.lists[source] | {made}
        return made

    def _merged_list(self, merged: Var, sources: list, on_every_path: bool = True) -> None:
        """A value merged from branches or loop iterations is a list if each source is one.
        ``on_every_path`` False: a name bound on one path only (unbound on the other), which is
        never the caller's object on both."""
        if sources and all(s in self.lists for s in sources):
            self.lists[merged] = frozenset().union(*(self.lists[s] for s in sources))
            if on_every_path and len(sources) > 1 and all(s in self.inner_lists for s in sources):
                # (a branch's paths: each item a list on both; not a loop's carried value, whose
                # later iterations are not known yet)
                self.inner_lists[merged] = frozenset().union(*(self.inner_lists[s] for s in sources))
        if on_every_path:
            self._merged_callers(merged, sources)   # (the caller's list on every path: parameter_writes.py)
        merged_dict(self, merged, sources)      # (and a dict if each is one: shallow_copies.py)


_SYMBOLS = {ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**", ast.Mod: "%", ast.FloorDiv: "//",
            ast.MatMult: "@"}


def mutated_list(node: ast.AST) -> str | None:
    """The name ``lst`` of a call ``lst.append(...)`` (or another method changing a list)."""
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATORS
            and isinstance(node.func.value, ast.Name)):
        return node.func.value.id
    return None


_INT_ARITHMETIC = tuple(lookup(op) for op in (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv))
# `x.ndim`, `x.size` (lowered as np.ndim, np.size) are Python ints whatever `x` holds: scikit-image's
# `slices = [slice(None)] * image.ndim` is a new list, not NumPy's product with an array
_INT_COUNTS = tuple(lookup(f) for f in (np.ndim, np.size))


def _python_constant(atom: Atom) -> bool:
    """A constant Python number, string or sequence: with a list, an operator Python refuses."""
    return isinstance(atom, Const) and isinstance(atom.value, (bool, int, float, complex, str, list, tuple))
