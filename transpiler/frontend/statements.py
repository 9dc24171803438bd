"""Lowering the statements that run for their effect: expression statements (``print(x)``,
``logging.info(...)``, a helper called for what it does), ``assert``, chained assignment
``a = b = x``, and ``with`` blocks.

An expression statement calling a function with a derivative rule or your own Python function
is lowered as the expression it is (a value nothing reads is dropped: ``np.sin(x)`` alone
computes nothing; a helper is inlined, its own prints kept). Any other call is run for its
effect: an ``Effect`` of the primitive ``primitives/effects.py`` builds from the call itself,
each argument a lowered value, the function read at call time like every free name."""
from __future__ import annotations

import ast
import builtins
import contextlib
import functools
import io
import logging
import sys
import types
import warnings

import numpy as np

from .. import primitives as rules
from ..ir import Assign, Const, Effect, Var
from ..ir.code import canonical_path, dotted
from ..primitives import effects, writes
from . import aliasing
from .dict_setdefault import lower_setdefault
from .dispatched_procedures import lower_dispatched_procedure, lower_partial_procedure, lower_procedure
from .expressions import stored_key
from .item_appends import lower_item_append
from .global_objects import refuse_method_writing_its_object
from .out_arguments import copied_into, lowered_ufunc_at
from .shuffles import is_shuffle, lower_shuffle
from .source import MISSING
from .array_methods import lowered_array_write


def store_versions(lowering) -> dict:
    """How many times each global's container was stored into (:meth:`StatementLowering.
    _stored_into_outer`) while lowering, or a loop began: a value known to be stored is read
    back only at the same count (a loop's next iteration may have stored another)."""
    return lowering.__dict__.setdefault("_store_versions", {})


def new_loop(lowering) -> None:
    """A loop begins: what was stored before it may be stored again by any iteration."""
    versions = store_versions(lowering)
    for container in versions:
        versions[container] += 1


class StatementLowering:
    """Statements run for their effect; a mixin of ``_Lowering`` (frontend/lowering.py)."""

    def _discarded(self, stmt: ast.Expr) -> None:
        """``call(...)`` whose value is discarded."""
        node = stmt.value
        if not isinstance(node, ast.Call):
            return          # `x`, `...`, a string: nothing happens (the value is dropped)
        if lower_setdefault(self, stmt):
            return          # config.setdefault('learning_rate', 1e-2): dict_setdefault.py
        if not self.parsed.filename.startswith("<transpiler") and lower_item_append(self, stmt):
            return          # groups[k].append(v) on a list item: item_appends.py
        if self._on_outer_list(node) and node.func.attr == "append":
            self._effect(stmt, node, may_change=False)      # as `history.append(v)` on the global itself
            return
        callee = self._resolve(node.func)
        if callee is MISSING and lowered_array_write(self, node):
            return          # out.fill(0.5), a.put(i, v): the writes they make (array_methods.py)
        generated = self.parsed.filename.startswith("<transpiler")
        if not generated:
            _refuse_unfollowed_change(self, node, callee)     # lst.remove(v): was dropped, its effect unseen
        if callee is np.copyto and copied_into(self, node):
            return                          # np.copyto(dst, src): dst[...] = src (out_arguments.py)
        if writes.in_place_write(callee) is not None and node.args and isinstance(node.args[0], ast.Name) \
                and node.args[0].id in self.env:
            self._written_in_place(node, writes.in_place_write(callee))    # np.fill_diagonal(a, 0)
            return
        if callee == writes.ADD_AT and len(node.args) == 3 and not node.keywords \
                and isinstance(node.args[0], ast.Name) and node.args[0].id in self.env:
            self._added_at(node)                                            # np.add.at(a, i, b)
            return
        if lowered_ufunc_at(self, node, callee):
            return                  # np.add.at(self.dW, i, b), np.subtract.at(a, i, b): out_arguments.py
        if is_shuffle(self, node, callee):
            lower_shuffle(self, node)                          # random.shuffle(indices): shuffles.py
            return
        if (check := _length_check(callee)) is not None:    # (generated code differentiated again: a Hessian)
            self.body.append(Effect(check, tuple(self._expr(a) for a in node.args), self.parsed.location(stmt)))
            return
        if callee is MISSING and self._free_callee(node.func) or _only_reads_arguments(callee):
            # (generated code calls only what was checked when it was generated)
            self._effect(stmt, node, may_change=not generated and callee is MISSING)
        elif callee is MISSING and lower_dispatched_procedure(self, node):
            pass        # act(h), `act` a helper picked while compiling: inlined, its writes kept
        elif isinstance(callee, functools.partial) and not any(isinstance(a, ast.Starred) for a in node.args) \
                and all(k.arg for k in node.keywords):
            lower_partial_procedure(self, node, self._partial_object(node.func, callee))     # FILL(M[0]), a global partial
        elif callee is MISSING or rules.lookup(callee) is not None or rules.composition(callee) is not None:
            # a method of a local value (`x.sum()`), a rule's function: dropped; a composition
            # (`scipy.special.zeta(s, q, out=o)`): inlined, its writes kept, never the library's own source
            self._expr(node)
        elif _has_source(callee) and not any(isinstance(a, ast.Starred) for a in node.args) \
                and all(k.arg for k in node.keywords):
            lower_procedure(self, node, lambda call: self._inline(call, callee, procedure=True))  # its effects kept
        elif _has_source(callee):
            self._expr(node)
        else:
            self._effect(stmt, node, may_change=True)

    def _added_at(self, call: ast.Call) -> None:
        """``np.add.at(a, indices, b)`` on a local array: ``a`` rebound to ``added_at(a, indices,
        b)``; other names for its memory are stale afterwards, as after ``a[i] = v``."""
        name = call.args[0].id
        array = self._expr(call.args[0])
        indices, values = self._arg(call.args[1]), self._arg(call.args[2])
        new = self._apply(call, rules.lookup(writes.added_at), (array, indices, values), (), name)
        self.storage[new] = self._storage(array)
        self._written(name, self._storage(array), call)
        self.env[name] = new

    def _written_in_place(self, call: ast.Call, write) -> None:
        """``np.put(a, ind, v)`` on a local array ``a``: the assignment ``a[positions] = values``
        it performs, lowered as ``a[i] = v`` is (primitives/writes.py gives both)."""
        positions_of, values_of = write
        held = " positions"            # (not an identifier: no name of the user's can be it)
        self.env[held] = self._inline(call, positions_of)
        where = ast.Name(id=held, ctx=ast.Load())
        try:
            values = self._inline(ast.copy_location(ast.Call(func=call.func, args=[where, *call.args],
                                                             keywords=call.keywords), call), values_of)
            target = ast.copy_location(ast.Subscript(value=call.args[0], slice=where, ctx=ast.Store()), call)
            self._update(target, values)
        finally:
            del self.env[held]

    def _effect(self, stmt: ast.stmt, call: ast.Call, may_change: bool) -> None:
        """Run ``call`` for its effect: the template is the call with each value a hole.
        ``may_change``: the callee might change what it is given (it is not print, logging...):
        then it may be given constants and free values only."""
        values = []

        def value(expr: ast.expr) -> ast.Name:
            values.append(self._as_atom(self._arg(expr), expr))    # (an object made here is refused)
            return effects.hole(len(values) - 1)

        if isinstance(call.func, ast.Name) and call.func.id in self.env:
            func = value(call.func)
        elif self._on_outer_list(call):        # a global's list a helper was given: `log.append(v)`
            func = ast.Attribute(value=value(call.func.value), attr=call.func.attr, ctx=ast.Load())
        elif isinstance(self._resolve(call.func), (effects.OuterNameWriter, effects.HandBack)):
            func = call.func                  # (a generated module's own name for it: outer_names.py)
        else:
            func = self._hole_for_free(call.func, values)
        args = [ast.Starred(value=value(a.value), ctx=ast.Load()) if isinstance(a, ast.Starred)
                else self._formatted(a, value) if isinstance(a, ast.JoinedStr) else value(a) for a in call.args]
        keywords = [ast.keyword(arg=k.arg, value=self._formatted(k.value, value)
                                if isinstance(k.value, ast.JoinedStr) else value(k.value)) for k in call.keywords]
        if may_change and any(isinstance(v, Var) and v not in self.external for v in values):
            refuse_method_writing_its_object(self, call, self._resolve(call.func))    # (a global estimator's)
            self._unsupported(call, f"calling `{ast.unparse(call.func)}` for its effect on values of the "
                              "function (it may change them in place, unseen by the derivative)",
                              "compute a new value and assign it (`y = ...`); calls that only report "
                              "values (print, logging, warnings) run as they are")
        template = ast.Call(func=func, args=args, keywords=keywords)
        prim = effects.effect_primitive(template, ast.unparse(call.func))
        self.body.append(Effect(prim, tuple(values), self.parsed.location(stmt)))
        owner = self.parsed.lookup(call.func.value.id) if isinstance(call.func, ast.Attribute) and isinstance(
            call.func.value, ast.Name) and call.func.value.id not in self.env else None
        if isinstance(owner, (list, dict)) or self._on_outer_list(call):
            self._forget_outer_reads(same_as=owner)     # history.append(v): history[-1] read before is another item
            if not all(map(self._inert, values)):       # (history[-1] after it: refused; also after record(history, y))
                self._note_stored(self._expr(call.func.value), owner, call)

    def _forget_outer_reads(self, same_as=MISSING) -> None:
        """After a change in place of a global's or closure's container: what was read from a
        value read at call time is read again where it is next asked for (it was taken from
        before the change: ``a = history[-1]; history.append(v); b = history[-1]`` made b a).
        A value stored at a key (:meth:`_stored_into_outer`) stays known, unless the change was
        to that very object (``same_as``) or may have moved its items (an append's ``None``)."""
        def kept(key) -> bool:
            if key[0] == "stored":
                return same_as is not None and self.stored_objects.get(key[1][0]) is not same_as
            return not any(isinstance(a, Var) and a in self.external for a in key[1])
        self.available = {k: v for k, v in self.available.items() if kept(k)}

    @property
    def stored_objects(self) -> dict:
        """The object each container stored into (:meth:`_stored_into_outer`) is, by its value."""
        return self.__dict__.setdefault("_stored_objects", {})

    def _stored_into_outer(self, target: ast.Subscript, value: ast.expr) -> bool:
        """``count[0] += 1``, ``LAST["loss"] = loss``: an item of a global's or closure's list or
        dict written, as Python does, in place, where the primal writes it (an effect: once per
        call, never in a reverse sweep), through the container's ``__setitem__`` read at call
        time (``count_setitem(0, _t2)`` in the printed code). A later ``count[0]`` in the call
        reads the value stored (with its derivative); other reads of the container read it when
        they run. False for any other target."""
        if not (isinstance(target.value, ast.Name) and target.value.id not in self.env
                and isinstance(self._resolve(target.value), (list, dict))):
            return False
        new = self._as_atom(self._arg(value), value)
        index = self._as_atom(self._arg(target.slice), target.slice)
        container = self._expr(target.value)
        path = f"{target.value.id}.__setitem__"
        key = (id(self.parsed.func), path)
        if key not in self.free:
            self.free[key] = var = Var(self.names.fresh(f"{target.value.id}_setitem"))
            self.readers[var.name] = (self.parsed, path)
            self.external.add(var)
        call = ast.Call(func=effects.hole(0), args=[effects.hole(1), effects.hole(2)], keywords=[])
        self.body.append(Effect(effects.effect_primitive(call, f"{target.value.id}[...] = ..."),
                                (self.free[key], index, new), self.parsed.location(target)))
        self._forget_outer_reads(same_as=self._resolve(target.value))
        if isinstance(container, Var):
            versions = store_versions(self)        # (never restored at a branch's end: a value stored
            versions[container] = versions.get(container, 0) + 1     # before it is not the one after it)
            if isinstance(index, Const):        # count[0] read after it: the value stored (expressions.py)
                self.available[stored_key(container, (versions[container], index.value))] = new
            self.stored_objects[container] = self._resolve(target.value)
            if not self._inert(new):
                self.stored_values.setdefault(container, target)
        return True

    def _note_stored(self, container, owner, call: ast.Call) -> None:
        """A value computed from the parameters put into a global's or closure's list or dict by
        a method (``history.append(y)``, also in a helper given it: ``log.append(y)``): a later
        item read (``history[-1]``), read when it runs, would carry no derivative
        (:meth:`_stored_item` refuses it)."""
        if isinstance(container, Var):
            if owner is None and container.name in self.readers:       # (the helper's `log`: the global read)
                parsed, path = self.readers[container.name]
                owner = parsed.lookup(path)
            self.stored_objects[container] = owner
            self.stored_values.setdefault(container, call)

    def _inert(self, atom) -> bool:
        """Is ``atom`` computed from constants and values read at call time only (a counter's
        ``count[0] + 1``), never from the function's parameters? (Unknown: False.)"""
        if isinstance(atom, Const) or atom in self.external:
            return True
        made = next((s for s in reversed(self.body) if isinstance(s, Assign) and s.target == atom), None)
        return made is not None and all(self._inert(a) for a in (*made.args, *(v for _, v in made.kwargs)))

    @property
    def stored_values(self) -> dict:
        """Containers read at call time into which a value computed from the parameters was
        stored, each with where (a later read not by its constant key is refused: no derivative)."""
        return self.__dict__.setdefault("_stored_values", {})

    def _stored_item(self, node: ast.Subscript, container):
        """``count[0]`` of a global's list stored into by this call: the value stored at that
        constant key, where known here; None to read it when it runs. Where a value computed
        from the parameters was stored into it, a read by another key (or after a branch) would
        carry no derivative: refused, located."""
        if not (isinstance(container, Var) and container in self.stored_objects):
            return None
        index = node.slice
        key = index.value if isinstance(index, ast.Constant) else (
            self.env[index.id].value if isinstance(index, ast.Name) and isinstance(self.env.get(index.id), Const)
            else MISSING)
        version = store_versions(self).get(container)
        if key is not MISSING and (stored := self.available.get(stored_key(container, (version, key)))) is not None:
            return stored
        if container in self.stored_values:
            where = self.stored_values[container]
            if isinstance(where, ast.Call) and _held_before(self.stored_objects[container], where.func.attr, key):
                return None     # (SEEN[0] after SEEN.append(x): an item the list held before, read when it runs)
            if isinstance(where, ast.Call):     # (history.append(y): by a method)
                holder, hint = where.func.value, (f"read the value from the name you gave "
                                                  f"(`{ast.unparse(where.func)}(v)`, then use `v`)")
            else:
                holder, hint = where.value, (f"read the value from the name you stored (`{ast.unparse(where)} = v`, "
                                             "then use `v`), or read it at the same constant key with no branch "
                                             "or loop between")
            self._unsupported(node, f"reading `{ast.unparse(node)}` after storing a computed value into "
                              f"`{ast.unparse(holder)}` at line {where.lineno} (read when it runs, it would "
                              "carry no derivative)", hint)
        return None

    def _hole_for_free(self, func: ast.expr, values: list) -> ast.Name:
        """The called function, read at call time (a global, a closure value, a module's)."""
        path = ast.unparse(func)
        key = (id(self.parsed.func), path)
        if key not in self.free:
            self.free[key] = var = Var(self.names.fresh(path.replace(".", "_"), own=isinstance(func, ast.Name), outer=True))
            self.readers[var.name] = (self.parsed, path)
            self.external.add(var)
        values.append(self.free[key])
        return effects.hole(len(values) - 1)

    def _free_callee(self, func: ast.expr) -> bool:
        """A function the generated code reads as a free value (the derivative of code that
        called it, transformed again)."""
        return isinstance(func, ast.Name) and self.env.get(func.id) in self.external

    @staticmethod
    def _formatted(text: ast.JoinedStr, value) -> ast.JoinedStr:
        """An f-string: each formatted value lowered, the text and format specs kept."""
        text = ast.JoinedStr(values=[ast.FormattedValue(value=value(part.value), conversion=part.conversion,
                                                        format_spec=part.format_spec)
                                     if isinstance(part, ast.FormattedValue) else part for part in text.values])
        for part in text.values:
            if isinstance(part, ast.FormattedValue) and part.format_spec is not None and any(
                    isinstance(p, ast.FormattedValue) for p in part.format_spec.values):
                part.format_spec = StatementLowering._formatted(part.format_spec, value)
        return text

    def _assert(self, stmt: ast.Assert) -> None:
        """``assert test, message``: checked in the forward sweep, printed as the same ``assert``
        (its message formatted only if the test fails)."""
        values = [self._expr(stmt.test)]
        if isinstance(values[0], Const) and values[0].value:
            return          # known to hold while compiling (micrograd's `assert isinstance(other, (int, float))`)

        def value(expr: ast.expr) -> ast.Name:
            values.append(self._arg(expr))
            return effects.hole(len(values) - 1)

        message = None if stmt.msg is None else self._formatted(stmt.msg, value) \
            if isinstance(stmt.msg, ast.JoinedStr) else value(stmt.msg)
        self.body.append(Effect(effects.assertion(message), tuple(values), self.parsed.location(stmt)))

    def _raise(self, stmt: ast.Raise) -> None:
        """``raise E(...)``: run where the primal runs it (in the forward sweep), printed as the same
        ``raise``; the code after it in its block never runs, and a branch ending in one merges
        nothing into the code after the branch (frontend/lowering.py ``_if``)."""
        if stmt.exc is None:
            self._unsupported(stmt, "a bare `raise` outside an `except` block (there is no exception to re-raise)",
                              "raise an exception: `raise ValueError(...)`")
        values = []

        def value(expr: ast.expr) -> ast.expr:
            if isinstance(expr, ast.JoinedStr):
                return self._formatted(expr, value)
            if isinstance(expr, ast.Starred):
                self._unsupported(expr, "`*args` in the exception raised", "pass the arguments explicitly")
            values.append(self._as_atom(self._arg(expr), expr))
            return effects.hole(len(values) - 1)

        call = stmt.exc if isinstance(stmt.exc, ast.Call) else None
        exception = self._exception_class(call.func if call is not None else stmt.exc, values)
        if call is not None:
            exception = ast.Call(func=exception, args=[value(a) for a in call.args],
                                 keywords=[ast.keyword(arg=k.arg, value=value(k.value)) for k in call.keywords])
        cause = None if stmt.cause is None else self._exception_class(stmt.cause, values)
        self.body.append(Effect(effects.raising(exception, cause), tuple(values), self.parsed.location(stmt)))

    def _exception_class(self, node: ast.expr, values: list) -> ast.expr:
        """The class a ``raise`` names: a built-in exception by its name, any other exception class
        read at call time like every free name; or an exception the function holds (``e`` of
        ``except ... as e``, frontend/tries.py), or ``None`` (``raise ... from None``)."""
        if isinstance(node, ast.Constant) and node.value is None:
            return node
        if isinstance(node, ast.Name) and node.id in self.env:
            values.append(self._load(node))
            return effects.hole(len(values) - 1)
        if self._free_callee(node):         # (generated code differentiated again: a Hessian)
            values.append(self._load(node))
            return effects.hole(len(values) - 1)
        cls = self._resolve(node)
        if not (isinstance(cls, type) and issubclass(cls, BaseException)):
            self._unsupported(node, f"raising `{ast.unparse(node)}`, which is not an exception class named "
                              "outside the function", "raise a built-in exception or a class defined at "
                              "module level: `raise ValueError(f\"...{x}\")`")
        if getattr(builtins, cls.__name__, None) is cls:
            return ast.Name(id=cls.__name__, ctx=ast.Load())
        return self._hole_for_free(node, values)

    def _with(self, stmt: ast.With) -> None:
        """``with np.errstate(...):``: the block lowered as it is, between the context's entry and
        exit; the derivative code runs the block's forward and reverse work in the context
        (primitives/effects.py). Only context managers that set state and may be entered again
        are accepted (re-entering an ``open(...)`` or a lock would not be the primal's meaning)."""
        if len(stmt.items) != 1 or stmt.items[0].optional_vars is not None:
            self._unsupported(stmt, "`with` of several context managers, or `with ... as name`,",
                              "nest one `with` per context manager and drop `as name`")
        manager = stmt.items[0].context_expr
        callee = self._resolve(manager.func) if isinstance(manager, ast.Call) else MISSING
        again = callee is MISSING and isinstance(manager, ast.Call) and self._free_callee(manager.func) \
            and self.parsed.filename.startswith("<transpiler")    # generated code, checked when generated
        if not again and not any(callee is c for c in _REENTRANT_CONTEXTS):
            self._unsupported(manager, f"the context manager `{ast.unparse(manager)}` (the derivative "
                              "enters its context again for the reverse sweep)",
                              "move it outside the differentiated function; inside, `np.errstate(...)`, "
                              "`np.printoptions(...)`, `warnings.catch_warnings()` and "
                              "`contextlib.nullcontext()` are supported")
        values = []

        def value(atom) -> ast.Name:
            values.append(atom)
            return effects.hole(len(values) - 1)

        # NumPy's own context managers are spelled as such (`np.errstate`); others read at call time
        if again:
            func = value(self._load(manager.func))
        elif callee.__module__.startswith("numpy"):
            func = dotted(canonical_path(callee))
        else:
            func = self._hole_for_free(manager.func, values)
        call = ast.Call(func=func, args=[value(self._arg(a)) for a in manager.args],
                        keywords=[ast.keyword(arg=k.arg, value=value(self._arg(k.value))) for k in manager.keywords])
        enter, leave = effects.context_primitives(call, ast.unparse(manager))
        self.body.append(Effect(enter, tuple(values), self.parsed.location(stmt)))
        self._block(stmt.body)
        self.body.append(Effect(leave, tuple(values), self.parsed.location(stmt)))

    def _chained(self, stmt: ast.Assign) -> None:
        """``a = b = value``: the value computed once, bound to each target from left to right."""
        first = stmt.targets[0]
        held = ast.copy_location(ast.Name(id=" chained", ctx=ast.Load()), stmt.value)
        self.env[held.id] = self._expr(stmt.value, name=first.id if isinstance(first, ast.Name) else None)
        try:
            for target in stmt.targets:
                self._assign(target, held)
        finally:
            del self.env[held.id]


# Context managers that only set state (entered again for the reverse sweep, as they may be).
_REENTRANT_CONTEXTS = (np.errstate, np.printoptions, warnings.catch_warnings, contextlib.nullcontext)


def _length_check(callee):
    """The primitive of a run-time check generated code calls (``expect_unpacked``)."""
    if not (getattr(callee, "__module__", None) or "").startswith("transpiler."):
        return None
    return next((p for p in effects.RUN_TIME_CHECKS if p.name == getattr(callee, "__name__", None)), None)


# list and dict methods that change the container in place and that the lowering does not follow
# (containers.py follows append, extend, insert, pop, sort, reverse): run on a constant or dropped,
# a later `len(lst)` read the list as it was (a wrong gradient)
_UNFOLLOWED = {"remove": "`lst.pop(lst.index(v))`", "clear": "`lst = []` (or `d = {}`)",
               "update": "`d[k] = v` for each entry, or `d = {**d, **other}`", "popitem": "`d.pop(key)`"}


def _refuse_unfollowed_change(lowering, call: ast.Call, callee) -> None:
    """Refuse ``name.remove(v)``, ``name.clear()``, ... on a list or dict of the function's: a
    constant's, one known to be a list or dict, or a parameter's (for ``update``, which other
    objects have too, a progress bar's: only where known)."""
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr in _UNFOLLOWED and isinstance(func.value, ast.Name)):
        return
    value = aliasing.value_of(lowering.env.get(func.value.id))
    known = isinstance(getattr(callee, "__self__", None), (list, dict)) or value in lowering.lists
    if callee is not MISSING and not known or not isinstance(value, (Var, Const)):
        return
    if known or func.attr != "update" and value in lowering.parameters:
        lowering._unsupported(call, f"`.{func.attr}()` on a list or dict of the function (a change in place the "
                              "compiler does not follow)", f"write {_UNFOLLOWED[func.attr]}")


def _only_reads_arguments(callee) -> bool:
    """Does ``callee`` only report its arguments (or store them in a global list), never change
    them: print, logging and warnings, a stream's ``write``, ``history.append`` on a list that
    is not the function's?"""
    if callee is print or getattr(callee, "__module__", None) in ("logging", "warnings", "_warnings", "pprint") \
            or isinstance(callee, (effects.OuterNameWriter, effects.HandBack)):   # (write-backs, lowered again)
        return True
    owner = getattr(callee, "__self__", None)
    if isinstance(owner, (logging.Logger, logging.LoggerAdapter)):
        return True
    if isinstance(owner, list) and getattr(callee, "__name__", "") in ("append", "extend", "insert"):
        return True
    return isinstance(owner, io.IOBase) and getattr(callee, "__name__", "") == "write" or owner is sys.stdout \
        or owner is sys.stderr


def _has_source(callee) -> bool:
    """A Python function the lowering inlines (a helper, also one decorated with @differentiate)."""
    return isinstance(getattr(callee, "__transpiler_original__", callee), types.FunctionType)


def _held_before(owner, method: str, key) -> bool:
    """Is ``owner[key]`` an item a global's list held while compiling, before the function's
    appends (``method``)? A nonnegative constant index below its length then: ``append`` and
    ``extend`` only add at the end (``insert`` moves items; a list a helper was given is not
    known here: None)."""
    return isinstance(owner, list) and method in ("append", "extend") and type(key) is int and 0 <= key < len(owner)
