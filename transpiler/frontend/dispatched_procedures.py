"""A helper called for its effect, writing into its argument: ``hidden_activation(activations[i + 1])``
after ``hidden_activation = ACTIVATIONS[self.activation]`` (scikit-learn's MLP), whose helpers
write into their argument (``np.tanh(X, out=X)``, ``X[X < 0] = 0``) and end without a ``return``.

A helper called by its own name for its effect was already inlined as a procedure (its value
None, its writes into an array it was given reaching the caller's names, helper_results.py);
called through a name that holds it (a function picked from a dict while compiling, a nested
``def``), it went through the expression path, which asks for a final ``return``: here it takes
the procedure path too.

Python passes the item itself, so the container sees the write. Where the argument is an item of
a list or dict the function made (``activations[i + 1]``), the helper gets that item, and after
it the container is rebound with the item replaced by the array as the helper left it
(``activations[i + 1] = <written>``; the same object in Python, which the container holds). Two
run-time checks make that exact, placed before the call: no other entry of the container is or
shares the item (``alone_in``: ``[h, h]`` would see the write in both entries), and, where the
container may hold a global's or closure's array (``[X] + [None] * n``), the item shares no
memory with any of them (``array_apart``: the item must be an array of the function's own; a
write into a global is refused, as ever). Other names for the container's memory stay stale, so
a read of one is refused as before, never wrong."""
from __future__ import annotations

import ast
import types

import numpy as np

from ..ir import Const, Effect, Var
from ..primitives import chained_writes, indexing, lookup
from . import aliasing
from .element_reads import element_reads
from .function_dicts import DispatchedFunction, call_dispatched, dict_of_functions
from .helper_results import parameter_finals, updated_from
from .values import PartialFunction, PythonFunction, SourceFunction


# Python's augmented assignments write into these in place (into arrays, lists and dicts): an
# item of one of them a helper updates with `delta *= v` is changed in its container too.
_IN_PLACE = (np.ndarray, list, dict)


def lower_dispatched_procedure(lowering, node: ast.Call) -> bool:
    """Lower the discarded call ``node`` as a procedure where its function is a name of the
    function being lowered holding a user function; False where it is not one."""
    func = node.func
    if any(isinstance(a, ast.Starred) for a in node.args) or not all(k.arg for k in node.keywords):
        return False
    if isinstance(func, ast.Subscript) and dict_of_functions(lowering, func.value) is not None:
        value = lowering._expr(func)             # ACTIVATIONS["tanh"](X), ACTIVATIONS[name](X)
    elif isinstance(func, ast.Name) and func.id in lowering.env \
            and lowering.free.get((None, func.id)) is not lowering.env[func.id]:
        value = lowering.env[func.id]
    else:
        return False
    if isinstance(value, PythonFunction) and value.receiver is None \
            and isinstance(getattr(value.obj, "__transpiler_original__", value.obj), types.FunctionType):
        lower_procedure(lowering, node, lambda call: lowering._inline(call, value.obj, procedure=True))
    elif isinstance(value, PartialFunction):          # fill = partial(_fill, v=0.0); fill(M[0])
        lower_partial_procedure(lowering, node, value)
    elif isinstance(value, DispatchedFunction):       # act = ACTIVATIONS[name], name known at run time
        call_dispatched(lowering, node, value, None, discarded=True)
    elif isinstance(value, SourceFunction) and isinstance(value.node, ast.FunctionDef):
        # (a nested def may read the container itself: its items are not passed apart)
        lowering._inline_source(node, value, procedure=True)
    else:
        return False
    return True


def lower_partial_procedure(lowering, node: ast.Call, partial: PartialFunction) -> None:
    """``p(b)`` for ``p = partial(f, a, k=v)``, called for its effect: ``f(a, b, k=v)`` lowered
    as the discarded call it is (a helper's writes into its arguments kept), not as a value."""
    given = {k.arg for k in node.keywords}
    with lowering._holding() as hold:
        call = ast.copy_location(ast.Call(
            func=hold(partial.func, node.func), args=[*(hold(v, node) for v in partial.args), *node.args],
            keywords=[*(ast.keyword(arg=k, value=hold(v, node)) for k, v in partial.keywords if k not in given),
                      *node.keywords]), node)
        if not lower_dispatched_procedure(lowering, call):
            lowering._expr(call)


def lower_procedure(lowering, node: ast.Call, call) -> None:
    """``call(node)`` inlines the module-level helper ``node`` calls, as a procedure; an argument
    that is an item of a list or dict the function made is passed as the item itself, and
    written back (the module's docstring)."""
    items = _item_arguments(lowering, node)
    if not items:
        call(node)
        return
    with lowering._holding() as hold:
        before = {i: lowering._expr(node.args[i]) for i in items}
        keys = {i: lowering._expr(node.args[i].slice) for i in items}
        containers = {i: lowering._expr(node.args[i].value) for i in items}
        args = [hold(before[i], arg) if i in items else arg for i, arg in enumerate(node.args)]
        held = ast.copy_location(ast.Call(func=node.func, args=args, keywords=node.keywords), node)
        holders = {i: _holders(lowering, containers[i]) for i in items}
        outside = {i: _outside_memory(lowering, before[i]) for i in items}
        mark = len(lowering.body)
        # (the items are the very objects the helper gets, not element reads that may be copies,
        # whose names a write only makes soft-stale: the names holding them see its writes)
        reads = element_reads(lowering)
        taken = {v for v in before.values() if v in reads}
        reads -= taken
        finals = parameter_finals(lowering)
        finals.clear()
        try:
            call(held)
        finally:
            reads |= taken
        checks = []
        for i, arg in items.items():
            entry, final = lowering.env.get(args[i].id), finals.get(before[i])
            if entry is before[i]:
                lowering.storage[before[i]] |= outside[i]      # not written: as it was
                continue
            where = f"{lowering.parsed.location(arg).filename}:{arg.lineno}:{arg.col_offset + 1}: " \
                    f"`{ast.unparse(arg)}`"
            how = None if final is None else "written" if entry is final else updated_from(lowering, final, before[i])
            in_place, augmented = how == "written", how == "augmented"
            if outside[i]:           # (written somehow: never into a global's array, whatever follows)
                prim = chained_writes.ARRAY_APART if in_place else indexing.UNSHARED
                checks.append(_check(lowering, prim, before[i], (Const(where), *outside[i]), arg))
            if in_place or augmented:
                checks.append(_check(lowering, chained_writes.ALONE_IN, keys[i], (containers[i], Const(where), containers[i]),
                                     arg))
                _seen_again(holders[i], containers[i])
                if augmented:                  # `delta *= v`: in place on an array, a rebinding on a number
                    test = lowering._apply(arg, lookup(isinstance), (before[i], Const(_IN_PLACE)), (), None)
                    final = lowering._if(test, lambda: final, lambda: before[i], arg, None)
                _write_item_back(lowering, arg, final, containers[i])
        lowering.body[mark:mark] = checks


def _item_arguments(lowering, node: ast.Call) -> dict:
    """Position -> argument, for each argument that is an item of a list or dict the function
    made (``acts[i + 1]``), by one index without calls, where no other argument is a name that
    may share its container's memory (so each write into the container is through an item
    passed apart)."""
    items = {i: arg for i, arg in enumerate(node.args)
             if isinstance(arg, ast.Subscript) and isinstance(arg.value, ast.Name)
             and isinstance(lowering.env.get(arg.value.id), Var) and lowering.env[arg.value.id] in lowering.lists
             and not any(isinstance(n, (ast.Call, ast.NamedExpr, ast.Await, ast.Slice, ast.Tuple, ast.Starred))
                         for n in ast.walk(arg.slice))}
    memory = frozenset().union(*(lowering._storage(lowering.env[arg.value.id]) for arg in items.values()))
    others = [a for i, a in enumerate(node.args) if i not in items] + [k.value for k in node.keywords]
    for other in others:
        if isinstance(other, ast.Name) and other.id in lowering.env:
            atom = lowering.env[other.id]
            if aliasing.hard(atom) or aliasing.soft(atom) or isinstance(atom, Var) and lowering._storage(atom) & memory:
                return {}
        elif not isinstance(other, ast.Constant):
            return {}
    if len({arg.value.id for arg in items.values()}) != len(items):
        return {}          # (two items of one container: one at a time)
    return items


def _outside_memory(lowering, item: Var) -> frozenset:
    """The globals' and closures' values ``item`` may share memory with (it is an item of a
    container that may hold one), taken out of its memory for the call: a write into them is
    refused while compiling, and the check ``array_apart`` makes sure at run time that the item
    is none of them."""
    outside = lowering._storage(item) & lowering.external
    lowering.storage[item] = lowering._storage(item) - outside
    return outside


def _holders(lowering, container) -> tuple:
    """Every (environment, name) holding the list or dict ``container`` itself."""
    return [(env, name) for env in (lowering.env, *lowering.callers) for name, atom in env.items()
            if isinstance(atom, Var) and atom == container]


def _check(lowering, prim, first, rest: tuple, node: ast.AST) -> Effect:
    """A run-time check (an effect: kept though nothing reads a value of it)."""
    return Effect(prim, (first, *rest), lowering.parsed.location(node))


def _seen_again(holders: list, container: Var) -> None:
    """The names for the container, made stale by the helper's write into its item (they share
    its memory): they hold the container again, to see the item written back."""
    for env, name in holders:
        if aliasing.hard(env.get(name)) or aliasing.soft(env.get(name)):
            env[name] = container


def _write_item_back(lowering, arg: ast.Subscript, final: Var, container: Var) -> None:
    """``acts[k] = final``: the item the helper wrote into, as it left it."""
    if lowering.env.get(arg.value.id) is not container:
        return                       # (rebound meanwhile: it stays as it is)
    target = ast.copy_location(ast.Subscript(value=ast.Name(id=arg.value.id, ctx=ast.Load()), slice=arg.slice,
                                             ctx=ast.Store()), arg)
    lowering._update(target, final)
