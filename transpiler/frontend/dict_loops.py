"""A dict of the function's own carried through a loop, read and written at constant keys only:
``state = {"pos": x, "vel": v}`` then ``for _ in range(n): state["vel"] = state["vel"] - ...``.

Outside loops the compiler knows such a dict's entries, and ``state["pos"]`` is the value itself
(dicts.py). A loop carries the dict as one value, unknown inside it, so every read is a run-time
lookup, every write ``assign_at`` a new dict, the reverse sweep an adjoint dict per iteration
(cleared, owned, added into entry by entry): ten times the primal's time for two arrays.

The loop is lowered instead as Python would run it with one name per entry::

    state_pos = state["pos"]; state_vel = state["vel"]
    for _ in range(n):
        state_vel = state_vel - ...           # (each `state["vel"]` of the body)
    state = {"pos": state_pos, "vel": state_vel}

the same values in the same order, as Python's dict is read and written only by those subscripts,
and the dict after the loop holds what Python's holds, its keys in their order. Made again rather
than written into: nothing else can tell the two apart, since only where that holds is the loop
lowered so: the dict made by the function with its keys known (a display, ``{}`` then constant
keys), no other name for it or container holding it, every occurrence of its name in the loop a
subscript at one of its keys (no ``del``, no method, no iteration, no rebinding, no new key, no
``d[k] += v``, which changes an array entry in place and is left to dicts.py), not read by a
function defined in the loop, and no ``return`` or ``yield`` in the loop. Anything else is
lowered as before. (A write into an entry, ``state["v"][i] = ...``, is one into the entry's
name, with its aliasing checks, aliasing.py.)"""
from __future__ import annotations

import ast
import copy

from . import aliasing
from .carried_entries import entry_written_through_another_name

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def lowered_with_entries_apart(lowering, node: ast.For | ast.While) -> bool:
    """Lower the loop ``node`` with the entries of each dict it carries (see the module's
    docstring) as names of their own; False (nothing lowered) where no dict qualifies."""
    if any(isinstance(n, (ast.Return, ast.Yield, ast.YieldFrom)) for n in walk_outside_scopes(node)):
        return False
    split = {}
    augmented = _augmented_names(node)
    for name, keys in _subscripted_names(node).items():
        entries = _entries(lowering, name) if name not in augmented else None
        if entries is not None and keys <= set(entries) and _occurrences(node, name) == _subscript_count(node, name) \
                and not entry_written_through_another_name(lowering, node, name, entries):    # (a = d["k"]; a.append(v))
            split[name] = {key: lowering.names.invent(_readable(name, key, i)) for i, key in enumerate(entries)}
    if not split:
        return False
    loop = _Renamed(split).visit(copy.deepcopy(node))
    before = [_assign(ast.Name(id=local, ctx=ast.Store()), _entry(name, key), node)
              for name, locals_ in split.items() for key, local in locals_.items()]
    after = [_assign(ast.Name(id=name, ctx=ast.Store()), _display(locals_), node) for name, locals_ in split.items()]
    lowering._block([*before, ast.fix_missing_locations(loop), *after])
    return True


def _entries(lowering, name: str):
    """The entries of the dict ``name`` is bound to, where the function made it and knows its
    keys and no other name or container may hold it; else None."""
    if name not in lowering.env:
        return None
    value = aliasing.value_of(lowering.env[name])
    entries = lowering.dict_entries.get(value)
    if entries is None or not all(type(k) in (str, int) for k in entries):
        return None
    if any(other != name and aliasing.value_of(atom) is value for other, atom in lowering.env.items()):
        return None                         # (another name for the dict: it would miss the writes)
    if any(holder is not value for holder in lowering.storage.holders(value)):
        return None                         # (a list or dict holding it)
    return entries


def _subscripted_names(node: ast.AST) -> dict[str, set]:
    """Name -> the constant keys it is subscripted with in ``node``."""
    found: dict[str, set] = {}
    for sub in walk_outside_scopes(node):
        if isinstance(sub, ast.Subscript) and isinstance(sub.value, ast.Name) and isinstance(sub.slice, ast.Constant):
            found.setdefault(sub.value.id, set()).add(sub.slice.value)
    return found


def _augmented_names(node: ast.AST) -> set[str]:
    """Names of dicts whose entries ``node`` changes with ``d[k] += v``: in place for an array
    entry, which the entry's own name would share with the dict (refused as a write to shared
    memory), so such a dict stays whole."""
    return {n.target.value.id for n in walk_outside_scopes(node) if isinstance(n, ast.AugAssign)
            and isinstance(n.target, ast.Subscript) and isinstance(n.target.value, ast.Name)}


def _occurrences(node: ast.AST, name: str) -> int:
    """Every occurrence of ``name`` in ``node``, nested functions and lambdas included (one that
    reads the dict keeps it whole)."""
    return sum(1 for n in ast.walk(node) if isinstance(n, ast.Name) and n.id == name)


def _subscript_count(node: ast.AST, name: str) -> int:
    """Occurrences of ``name[<constant>]`` in ``node`` outside nested scopes, not deleted."""
    deleted = {id(t) for n in ast.walk(node) if isinstance(n, ast.Delete) for t in n.targets}
    return sum(1 for n in walk_outside_scopes(node) if isinstance(n, ast.Subscript) and id(n) not in deleted
               and isinstance(n.value, ast.Name) and n.value.id == name and isinstance(n.slice, ast.Constant))


def walk_outside_scopes(node: ast.AST):
    """``node`` and what it holds, not entering nested functions, lambdas and classes."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(c for c in ast.iter_child_nodes(n) if not isinstance(c, _SCOPES))


class _Renamed(ast.NodeTransformer):
    """``name[key]`` -> the entry's own name, outside nested scopes (which read none: checked)."""

    def __init__(self, split: dict):
        self.split = split

    def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
        if isinstance(node.value, ast.Name) and isinstance(node.slice, ast.Constant) \
                and node.slice.value in self.split.get(node.value.id, {}):
            return ast.copy_location(ast.Name(id=self.split[node.value.id][node.slice.value], ctx=node.ctx), node)
        return self.generic_visit(node)


def _entry(name: str, key) -> ast.Subscript:
    return ast.Subscript(value=ast.Name(id=name, ctx=ast.Load()), slice=ast.Constant(key), ctx=ast.Load())


def _display(locals_: dict) -> ast.Dict:
    """The dict made again from its entries' names, its keys in their order (no key is added or
    removed in the loop, and a key assigned keeps its place, as in Python)."""
    return ast.Dict(keys=[ast.Constant(k) for k in locals_], values=[ast.Name(id=v, ctx=ast.Load()) for v in locals_.values()])


def _assign(target: ast.expr, value: ast.expr, like: ast.AST) -> ast.stmt:
    return ast.fix_missing_locations(ast.copy_location(ast.Assign(targets=[target], value=value), like))


def _readable(name: str, key, index: int) -> str:
    return f"{name}_{key}" if isinstance(key, str) and key.isidentifier() else f"{name}_{index}"
