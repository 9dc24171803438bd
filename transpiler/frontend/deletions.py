"""``del`` statements: ``del name`` (the name unbound: reading it again raises, as in Python),
``del xs[i]`` of a list the function made (``xs.pop(i)``, its value dropped) and ``del d["k"]`` of
a dict whose entries the compiler knows (``d.pop("k")``). Anything else is refused, located.

The refusal used to say "drop the statement; unused values are removed automatically": right for
``del name``, but dropping ``del xs[0]`` changes what the function computes."""
from __future__ import annotations

import ast

from .unbound_reads import placeholder


def lower_delete(lowering, stmt: ast.Delete) -> None:
    for target in stmt.targets:
        for part in (target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target]):
            _delete(lowering, part)


def _delete(lowering, target: ast.expr) -> None:
    if isinstance(target, ast.Name) and target.id in lowering.env:
        lowering._load(target)                    # (deleting a stale name is reading it: refused)
        lowering.env[target.id] = placeholder(target.id, lowering.names)
        return
    if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) and target.value.id in lowering.env \
            and not isinstance(target.slice, ast.Slice):
        entries = lowering._dict_entries_of(target.value)
        if entries is not None and isinstance(target.slice, ast.Constant):
            lowering._dict_pop(_pop_call(target), entries)
            return
        if entries is None and lowering.env[target.value.id] in lowering.lists:
            lowering._pop(_pop_call(target))
            return
    lowering._unsupported(target, f"`del {lowering.parsed.spelled(target)}`",
                          "for a list the function made write `xs.pop(i)`, for a dict `d.pop(key)`, "
                          "for an array `x = np.delete(x, i)`; `del name` works for a local name")


def _pop_call(target: ast.Subscript) -> ast.Call:
    """``xs.pop(i)`` for ``del xs[i]``, located at it."""
    func = ast.copy_location(ast.Attribute(value=target.value, attr="pop", ctx=ast.Load()), target)
    return ast.copy_location(ast.Call(func=func, args=[target.slice], keywords=[]), target)
