"""``d.update(...)`` on a dict the function made: one entry assignment per key, ``d[k] = v``.

``d.update({"b": x * w, "c": np.sin(x)})``, ``opts.update(scale=3.0)`` and ``d.update(other)``
with ``other`` a dict whose keys are known while compiling change ``d`` in place, key by key, as
``d[k] = v`` does; the lowering follows each such write (a new dict value, other names for the
same dict seeing it: dicts.py), so the update is those writes. Python evaluates the whole
argument before changing ``d``: where a value reads ``d`` itself, every value is first held under
a name of its own. A dict whose keys only the run time knows (a parameter, one built in a loop)
is still refused, located (statements.py): write ``d[k] = v`` per key."""
from __future__ import annotations

import ast

from . import aliasing
from .shallow_copies import is_dict


def entry_assignments(lowering, stmt: ast.stmt) -> list[ast.stmt] | None:
    """The statements ``d.update(...)`` is, or None where ``stmt`` is not such a call on a dict
    known to the lowering with keys known while compiling."""
    call = stmt.value if isinstance(stmt, ast.Expr) else None
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "update"
            and isinstance(call.func.value, ast.Name) and len(call.args) <= 1
            and all(k.arg is not None for k in call.keywords)):
        return None
    target = call.func.value.id
    if not is_dict(lowering, aliasing.value_of(lowering.env.get(target))):
        return None
    pairs = _pairs(lowering, call.args[0]) if call.args else []
    if pairs is None:
        return None
    pairs += [(k.arg, k.value) for k in call.keywords]
    held = []
    if any(isinstance(n, ast.Name) and n.id == target for _, value in pairs for n in ast.walk(value)):
        names = [lowering.names.invent(f"{target}_update") for _ in pairs]
        held = [ast.Assign(targets=[ast.Name(id=n, ctx=ast.Store())], value=v) for n, (_, v) in zip(names, pairs)]
        pairs = [(key, ast.Name(id=n, ctx=ast.Load())) for n, (key, _) in zip(names, pairs)]
    writes = [ast.Assign(targets=[ast.Subscript(value=ast.Name(id=target, ctx=ast.Load()), slice=ast.Constant(key),
                                                ctx=ast.Store())], value=value) for key, value in pairs]
    return [ast.fix_missing_locations(ast.copy_location(s, stmt)) for s in held + writes]


def _pairs(lowering, argument: ast.expr) -> list | None:
    """(key, value expression) of ``argument``: a display with constant keys, or a name bound to
    a dict whose keys are known while compiling; None for any other."""
    if isinstance(argument, ast.Dict):
        if not all(isinstance(k, ast.Constant) for k in argument.keys):   # (None: `**other` inside)
            return None
        return [(k.value, v) for k, v in zip(argument.keys, argument.values)]
    if isinstance(argument, ast.Name):
        entries = lowering.dict_entries.get(aliasing.value_of(lowering.env.get(argument.id)))
        if entries is None:
            return None
        return [(key, ast.Subscript(value=ast.Name(id=argument.id, ctx=ast.Load()), slice=ast.Constant(key),
                                    ctx=ast.Load())) for key in entries]
    return None
