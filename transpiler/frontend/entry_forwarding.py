"""The entry ``c[k] += v`` adds into, right after ``c[k] = w`` of a list or dict: ``w`` itself.

Python's list and dict hand back the very object stored: ``activations[i + 1] = a @ W`` then
``activations[i + 1] += b`` (scikit-learn's MLP forward pass) adds into the array the matmul just
made, whatever ``i`` is at run time. Taken as any item the list may hold (the caller's ``X`` in
``[X] + [None] * n``), the in-place add was a write into a global's array, refused. Where the
container is the value that write made (no other write, merge or loop between) and the index
the same value, the entry is ``w``: exact, since the write would have raised (an index out of
range, an unhashable key) before. Only the memory the add writes into is taken from it
(assignments.py ``_augmented_item``); reads stay run-time lookups (a dict entry read as its
value would give reverse mode two adjoints of one dict to add). Arrays are not followed:
``x[k] = w`` copies ``w`` into ``x``'s memory."""
from __future__ import annotations

import ast

from ..ir import Assign, Atom, Var


def _writes(lowering) -> dict:
    """container value after the write -> (index pattern, index values, value written)."""
    return lowering.__dict__.setdefault("_entry_writes", {})


def remember_write(lowering, before: Atom, after: Atom, pattern: ast.expr, holes: list, value: Atom,
                   container_kind: bool) -> None:
    """``after`` is ``before`` with ``before[pattern] = value``; ``container_kind``: ``before`` is
    a list or dict (not an array)."""
    body = lowering.body
    write = body[-1] if body and isinstance(body[-1], Assign) and body[-1].target == after else None
    if container_kind and write is not None and not isinstance(pattern, (ast.Slice, ast.Tuple)) \
            and not any(isinstance(n, ast.Slice) for n in ast.walk(pattern)):
        _writes(lowering)[after] = (write, ast.dump(pattern), tuple(holes), value)


def written_entry(lowering, container: Atom, pattern: ast.expr, holes: list) -> Atom | None:
    """The value ``container[pattern]`` is known to be (just written), or None. Only where the
    write is a statement of the block being lowered: not from a branch, nor from an earlier try
    at a loop's body (lowered again until its carried values settle, its names reused)."""
    known = _writes(lowering).get(container) if isinstance(container, Var) else None
    if known is None or known[1] != ast.dump(pattern) or len(known[2]) != len(holes) \
            or not any(s is known[0] for s in lowering.body):
        return None
    return known[3] if all(_same(a, b) for a, b in zip(known[2], holes)) else None


def _same(a: Atom, b: Atom) -> bool:
    """The same index value: one SSA value, or equal integer or string constants."""
    if isinstance(a, Var) or isinstance(b, Var):
        return a == b
    return type(a.value) is type(b.value) and isinstance(a.value, (int, str)) and a.value == b.value
