"""Writes at the position a loop has just read: ``for i, v in enumerate(xs): xs[i] = f(v)``.
A write into a sequence a loop iterates over is refused (a later iteration would read the
changed item, which the lowering, reading the sequence as it was when the loop began, would
not see); a write at the position just read changes nothing a later iteration reads, as in
Python, where a list's iterator reads it live.

Likewise ``for k in params: params[k] -= lr * grads[k]`` over a value whose kind only the call
tells (a parameter): for a dict the write replaces the value at the key just read and no key
changes, so nothing the loop still iterates over changes (the caller's dict is changed as for
any write into it: parameter_writes.py). Where the call passes a list or tuple instead, the
write would land at the position an item names: opt/sequences.py refuses it then, located,
from the loop's location recorded here (:func:`keys_written`)."""
from __future__ import annotations

import ast


def current_positions(lowering) -> list:
    """Per enclosing ``for`` (as ``lowering.iterated``): ``(xs, i)`` where the loop is
    ``for i, v in enumerate(xs)`` (:func:`current_position`), else None."""
    return lowering.__dict__.setdefault("_current_positions", [])


def current_position(lowering, node: ast.For) -> tuple[str, str] | None:
    """``(xs, i)`` for ``for i, v in enumerate(xs):`` over a name, counting from 0, whose body
    never rebinds ``i``: a write ``xs[i] = ...`` there is at the position the loop has just
    read, which no later iteration reads, so it changes nothing the loop still iterates over
    (as in Python, where a list's iterator reads it live). None for any other loop."""
    it, target = node.iter, node.target
    if isinstance(it, ast.Name) and isinstance(target, ast.Name):          # for k in params:
        rebound = any(isinstance(n, ast.Name) and n.id == target.id and isinstance(n.ctx, ast.Store)
                      for stmt in node.body for n in ast.walk(stmt))
        return None if rebound else (it.id, target.id, lowering.parsed.location(it))   # (iterated(d)'s)
    if not (isinstance(it, ast.Call) and len(it.args) == 1 and not it.keywords
            and isinstance(it.args[0], ast.Name) and lowering._resolve(it.func) is enumerate
            and isinstance(target, ast.Tuple) and len(target.elts) == 2 and isinstance(target.elts[0], ast.Name)):
        return None
    counter = target.elts[0].id
    rebound = any(isinstance(n, ast.Name) and n.id == counter and isinstance(n.ctx, ast.Store)
                  for stmt in node.body for n in ast.walk(stmt))
    return None if rebound else (it.args[0].id, counter)


def keys_written(lowering) -> set:
    """The locations of the loops ``for k in d`` that write ``d[k]`` (module docstring)."""
    return lowering.__dict__.setdefault("_keys_written", set())


def at_current_position(node: ast.AST, name: str, position: tuple | None) -> bool:
    """``xs[i] = ...`` (or ``xs[i] += ...``) inside ``for i, v in enumerate(xs):``: a write at
    the position the loop has just read (:func:`current_position`)."""
    if position is None or position[0] != name:
        return False
    target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else \
        node.target if isinstance(node, ast.AugAssign) else node
    return isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) and target.value.id == name \
        and isinstance(target.slice, ast.Name) and target.slice.id == position[1]
