"""``d.update(...)`` on a dict the function made: one entry assignment per key, ``d[k] = v``.

``d.update({"b": x * w, "c": np.sin(x)})``, ``opts.update(scale=3.0)`` and ``d.update(other)``
with ``other`` a dict whose keys are known while compiling (a helper's ``**kwargs`` too: the
keywords its call passed), on a name or on an attribute of an object made in the function
(``self.param.update(kwargs)`` in ``__init__``), change ``d`` in place, key by key, as
``d[k] = v`` does; the lowering follows each such write (a new dict value, other names for the
same dict seeing it: dicts.py), so the update is those writes. Python evaluates the whole
argument before changing ``d``: where a value reads ``d`` itself, every value is first held under
a name of its own. A dict whose keys only the run time knows (a parameter, one built in a loop)
is updated entry by entry in a run-time loop where it is known to be a dict (``dict(zip(names,
theta))`` made in the call, a name bound to a dict): ``for k in other: d[k] = other[k]``. An
iterable of pairs made in the call (``zip(names, theta)``, ``[("a", x), ("b", y)]``, a generator
expression) updates as ``dict`` of it does. Another argument is still refused, located
(statements.py): write ``d[k] = v`` per key."""
from __future__ import annotations

import ast

from . import aliasing
from .shallow_copies import is_dict


def entry_assignments(lowering, stmt: ast.stmt) -> list[ast.stmt] | None:
    """The statements ``d.update(...)`` is, or None where ``stmt`` is not such a call on a dict
    known to the lowering with keys known while compiling."""
    call = stmt.value if isinstance(stmt, ast.Expr) else None
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "update"
            and len(call.args) <= 1):
        return None
    target = call.func.value
    if not is_dict(lowering, aliasing.value_of(_dict_named(lowering, target))):
        return None
    if call.args and _of_pairs(lowering, call.args[0]):      # d.update(zip(names, theta)): dict(...) of it
        _refuse_lazy_reads(lowering, call, target)
        call = ast.copy_location(ast.Call(func=call.func, args=[_as_dict(call.args[0])], keywords=call.keywords), call)
    if call.args and call.keywords and (parts := _split(lowering, stmt, call)) is not None:
        return parts
    pairs = [] if not call.args else _pairs(lowering, call.args[0])
    for keyword in call.keywords:         # (d.update(**kwargs): a spread dict's entries)
        spread = [(keyword.arg, keyword.value)] if keyword.arg is not None else _pairs(lowering, keyword.value)
        if pairs is None or spread is None:
            return None
        pairs += spread
    root = ast.unparse(target).split(".")[0]
    if pairs is None and len(call.args) == 1 and not call.keywords and _a_dict(lowering, call.args[0]):
        return _entry_loop(lowering, stmt, target, call.args[0], root)
    if pairs is None:
        return None
    held = []
    if any(isinstance(n, ast.Name) and n.id == root for _, value in pairs for n in ast.walk(value)):
        names = [lowering.names.invent(f"{root}_update") for _ in pairs]
        held = [ast.Assign(targets=[ast.Name(id=n, ctx=ast.Store())], value=v) for n, (_, v) in zip(names, pairs)]
        pairs = [(key, ast.Name(id=n, ctx=ast.Load())) for n, (key, _) in zip(names, pairs)]
    writes = [ast.Assign(targets=[ast.Subscript(value=target, slice=ast.Constant(key), ctx=ast.Store())], value=value)
              for key, value in pairs]
    return [ast.fix_missing_locations(ast.copy_location(s, stmt)) for s in held + writes]


def _of_pairs(lowering, argument: ast.expr) -> bool:
    """Is ``argument`` an iterable of (key, value) pairs made in the call: ``zip(ks, vs)``, a list
    or tuple display, or a generator expression? ``d.update`` of it writes each pair in order,
    as ``d.update(dict(argument))`` does (a key given twice: its last value, in its first place)."""
    if isinstance(argument, ast.Call):
        return isinstance(argument.func, ast.Name) and lowering._resolve(argument.func) is zip
    return isinstance(argument, (ast.List, ast.Tuple, ast.GeneratorExp, ast.ListComp))


def _refuse_lazy_reads(lowering, call: ast.Call, target: ast.expr) -> None:
    """``zip(...)`` and generator expressions are read while ``d`` changes: a pair computed from
    ``d`` (or a name that may share it, a view of it) sees the entries the earlier pairs wrote.
    Refused, located; ``dict(...)`` of them would read ``d`` before."""
    argument = call.args[0]
    if not isinstance(argument, (ast.Call, ast.GeneratorExp)):
        return          # (a display or list comprehension: evaluated whole first, as Python does)
    updated = lowering._list_identity(aliasing.value_of(_dict_named(lowering, target)))
    for node in ast.walk(argument):
        value = aliasing.value_of(lowering.env.get(node.id)) if isinstance(node, ast.Name) else None
        if value is not None and (lowering._storage(value) | lowering._list_identity(value)) & updated:
            lowering._unsupported(call, f"`{ast.unparse(call)}`, whose pairs are computed from `{node.id}` while "
                                  "the update changes it (Python reads the entries the earlier pairs wrote),",
                                  f"write the loop: `for k, v in ...: {ast.unparse(target)}[k] = v`")


def _as_dict(argument: ast.expr) -> ast.expr:
    """``dict(argument)`` of pairs; ``{k: v for ...}`` of a generator of pairs written ``(k, v)``."""
    if isinstance(argument, (ast.GeneratorExp, ast.ListComp)) and isinstance(argument.elt, ast.Tuple) \
            and len(argument.elt.elts) == 2 and not any(isinstance(e, ast.Starred) for e in argument.elt.elts):
        made = ast.DictComp(key=argument.elt.elts[0], value=argument.elt.elts[1], generators=argument.generators)
    else:
        made = ast.Call(func=ast.Name(id="dict", ctx=ast.Load()), args=[argument], keywords=[])
    return ast.fix_missing_locations(ast.copy_location(made, argument))


def _split(lowering, stmt: ast.stmt, call: ast.Call) -> list[ast.stmt] | None:
    """``d.update(other, k=v)`` as ``d.update(other)`` then ``d.update(k=v)``, where no keyword's
    value reads ``d`` (Python evaluates them all before changing it); None otherwise."""
    root = ast.unparse(call.func.value).split(".")[0]
    if any(isinstance(n, ast.Name) and n.id == root for k in call.keywords for n in ast.walk(k.value)):
        return None
    parts = []
    for args, keywords in (([call.args[0]], []), ([], call.keywords)):
        part = ast.Expr(value=ast.copy_location(ast.Call(func=call.func, args=args, keywords=keywords), call))
        lowered = entry_assignments(lowering, ast.copy_location(part, stmt))
        if lowered is None:
            return None
        parts += lowered
    return parts


def _a_dict(lowering, argument: ast.expr) -> bool:
    """Is ``argument`` a dict whose keys only the run time knows: ``dict(...)`` called here
    (``dict(zip(self.names, theta))``), or a name bound to a dict?"""
    if isinstance(argument, ast.Call):
        return isinstance(argument.func, ast.Name) and lowering._resolve(argument.func) is dict
    if isinstance(argument, ast.DictComp):
        return True
    return isinstance(argument, ast.Name) and is_dict(lowering, aliasing.value_of(lowering.env.get(argument.id)))


def _entry_loop(lowering, stmt: ast.stmt, target: ast.expr, argument: ast.expr, root: str) -> list[ast.stmt]:
    """``d.update(other)`` of a dict whose keys the run time gives: ``other`` held first (Python
    evaluates it before changing ``d``), then ``for k in other: d[k] = other[k]``, the writes the
    lowering follows as any (dict_spreads.py writes ``{**d, **other}`` so)."""
    held, key = lowering.names.invent(f"{root}_update"), lowering.names.invent("_update_key")
    hold = ast.Assign(targets=[ast.Name(id=held, ctx=ast.Store())], value=argument)
    write = ast.Assign(targets=[ast.Subscript(value=target, slice=ast.Name(id=key, ctx=ast.Load()), ctx=ast.Store())],
                       value=ast.Subscript(value=ast.Name(id=held, ctx=ast.Load()),
                                           slice=ast.Name(id=key, ctx=ast.Load()), ctx=ast.Load()))
    loop = ast.For(target=ast.Name(id=key, ctx=ast.Store()), iter=ast.Name(id=held, ctx=ast.Load()), body=[write],
                   orelse=[])
    return [ast.fix_missing_locations(ast.copy_location(s, stmt)) for s in (hold, loop)]


def _dict_named(lowering, target: ast.expr):
    """The value ``target`` names: a local name's, or an attribute's of an object made in the
    function (``self.param`` in ``__init__``); None for anything else."""
    if isinstance(target, ast.Name):
        return lowering.env.get(target.id)
    if isinstance(target, ast.Attribute) and (owner := lowering._local_object(target.value)) is not None:
        return lowering.env.get(owner.attribute_key(target.attr))
    return None


def _pairs(lowering, argument: ast.expr) -> list | None:
    """(key, value expression) of ``argument``: a display with constant keys, or a name bound to
    a dict whose keys are known while compiling; None for any other."""
    if isinstance(argument, ast.Dict):
        if not all(isinstance(k, ast.Constant) for k in argument.keys):   # (None: `**other` inside)
            return None
        return [(k.value, v) for k, v in zip(argument.keys, argument.values)]
    if isinstance(argument, ast.Name) and isinstance(keywords := lowering.displays.get(lowering.env.get(argument.id)),
                                                     dict):
        return [(key, ast.Subscript(value=ast.Name(id=argument.id, ctx=ast.Load()), slice=ast.Constant(key),
                                    ctx=ast.Load())) for key in keywords]     # d.update(kwargs) of a helper's **kwargs
    if isinstance(argument, ast.Name):
        entries = lowering.dict_entries.get(aliasing.value_of(lowering.env.get(argument.id)))
        if entries is None:
            return None
        return [(key, ast.Subscript(value=ast.Name(id=argument.id, ctx=ast.Load()), slice=ast.Constant(key),
                                    ctx=ast.Load())) for key in entries]
    return None
