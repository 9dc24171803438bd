"""``set(children)``, ``list(self.layers)``, ``tuple(nodes)`` of a list of objects made in the
function (object_lists.py): another list known while compiling."""
from __future__ import annotations

import ast

from ..ir import Const
from . import aliasing
from .values import StaticSequence

_COPIES = (list, tuple, set, frozenset)


def copied_object_list(lowering, node: ast.Call) -> StaticSequence | None:
    """``set(children)``, ``list(self.layers)``, ``tuple(nodes)`` of a list of objects known while
    compiling (micrograd's ``self._prev = set(_children)``), or of the empty tuple once objects are
    made (``_children=()``, the default of the same ``__init__``): another such list, a set without
    repeats (the same object twice is one; it is iterated in insertion order, where Python's
    order follows the objects' addresses, i.e. is arbitrary). None for any other call."""
    if not (isinstance(node.func, ast.Name) and node.func.id not in lowering.env and len(node.args) == 1
            and not node.keywords and lowering._resolve(node.func) in _COPIES):
        return None
    arg = node.args[0]
    key = lowering._env_key(arg) if isinstance(arg, (ast.Name, ast.Attribute)) else None
    items = aliasing.value_of(lowering.env.get(key)) if key is not None else None
    if isinstance(items, Const) and items.value == () and lowering.made_objects:
        return StaticSequence((), of_objects=True)     # `_children=()` of a leaf: no run-time set(())
    if not (isinstance(items, StaticSequence) and items.of_objects):
        return None
    kept = items.items
    if lowering._resolve(node.func) in (set, frozenset):
        kept = tuple({id(item): item for item in kept}.values())     # (objects compare by identity)
    return StaticSequence(kept, of_objects=True)

