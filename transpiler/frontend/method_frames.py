"""Is an inlined method call a recursion? A method on the stack of inlined calls again is one
only when it runs on the same object: ``Sequential.__call__`` calling ``layer(x)`` for each of its
layers runs ``Module.__call__`` once per object, a finite nest Python unwinds as the objects'
structure does (PyTorch-style containers, trees of objects). The same method on the same
object (``self.step(n - 1)``) is a recursion, refused as before, and so is any nest deeper than
``DEPTH`` (objects made anew at each level would never end)."""
from __future__ import annotations

from .values import LocalObject, ObjectValue

DEPTH = 16      # inlined frames of one method, on distinct objects, before it counts as recursion


def same_object(a, b) -> bool:
    """Do two receivers denote the same object? (A global's ObjectValue read by another path
    is still the object; a LocalObject is its key; a record is its SSA value.)"""
    if a is b:
        return True
    if isinstance(a, ObjectValue) and isinstance(b, ObjectValue):
        return a.obj is b.obj
    if isinstance(a, LocalObject) and isinstance(b, LocalObject):
        return a.key == b.key and a.cls is b.cls
    return type(a) is type(b) and not isinstance(a, (ObjectValue, LocalObject)) and a == b


def is_recursion(frames: list, func, receiver) -> bool:
    """``frames``: (function, receiver) of the inlined calls, innermost last."""
    same = [r for f, r in frames if f is func]
    if receiver is None or any(r is None for r in same):
        return bool(same)
    return len(same) >= DEPTH or any(same_object(r, receiver) for r in same)
