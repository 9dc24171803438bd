"""A record's fields as a dict or tuple: ``p._asdict()`` of a NamedTuple, ``dataclasses.asdict(d)``
and ``dataclasses.astuple(d)`` of a dataclass, where the compiler knows the value's class (made in
the function, or a parameter whose class the call tells: parameter_classes.py). Each is the
display of the fields read in their order (``{"w": p.w, "b": p.b}``, ``(d.w, d.b)``), so each
entry carries its field's derivative. ``asdict``/``astuple`` copy the values (the same values:
the generated code never writes into one) and convert records nested in them: a field holding a
record of a class known here is refused, located."""
from __future__ import annotations

import ast
import dataclasses

from ..ir import Atom, Var
from .records import user_namedtuple, record_classes
from .values import LocalObject


def record_view(lowering, node: ast.Call, name: str | None) -> Atom | None:
    """The lowered ``p._asdict()`` / ``dataclasses.asdict(d)`` / ``dataclasses.astuple(d)``, or
    None when ``node`` is none of them or the value's class is not known here."""
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr == "_asdict" and not node.args and not node.keywords:
        receiver = func.value
    elif lowering._resolve(func) in (dataclasses.asdict, dataclasses.astuple) and len(node.args) == 1 \
            and not node.keywords:
        receiver = node.args[0]
    else:
        return None
    namedtuple_spelling = receiver is not node.args[0] if node.args else True
    spelled = ast.unparse(receiver)           # (as the user wrote it, in a message)
    receiver = _named(lowering, receiver, namedtuple_spelling)     # asdict(Params(a, b)): made, then named
    cls = _class_of(lowering, receiver)
    if cls is None or not (user_namedtuple(cls) if namedtuple_spelling else dataclasses.is_dataclass(cls)):
        return None
    fields = cls._fields if namedtuple_spelling else tuple(f.name for f in dataclasses.fields(cls))
    with lowering._holding() as hold:
        values = []
        for f in fields:
            read = ast.copy_location(ast.Attribute(value=receiver, attr=f, ctx=ast.Load()), node)
            value = lowering._arg(read)
            if not namedtuple_spelling and _converted(lowering, value):
                lowering._unsupported(node, f"`{ast.unparse(func)}` of a `{cls.__name__}` whose field `{f}` holds "
                                      "a record (it would be converted to a dict or tuple too)",
                                      f"read the fields yourself: `{{'{fields[0]}': {spelled}."
                                      f"{fields[0]}, ...}}`")
            values.append(hold(value, read))
        if namedtuple_spelling or lowering._resolve(func) is dataclasses.asdict:
            display = ast.Dict(keys=[ast.Constant(f) for f in fields], values=values)
        else:
            display = ast.Tuple(elts=values, ctx=ast.Load())
        return lowering._expr(ast.copy_location(display, node), name=name)


def _named(lowering, receiver: ast.expr, namedtuple_spelling: bool) -> ast.expr:
    """``receiver``, or where it makes what the spelling converts (``asdict(P(a, b))`` of a
    dataclass, ``Params(w, b)._asdict()`` of a NamedTuple of the user's) a new name bound to what it
    makes, read as any record made in the function (made once: any other call is left as it is)."""
    cls = lowering._resolve(receiver.func) if isinstance(receiver, ast.Call) else None
    converted = isinstance(cls, type) and (user_namedtuple(cls) if namedtuple_spelling
                                           else dataclasses.is_dataclass(cls))
    if not converted:
        return receiver
    made = lowering.names.invent("_record")
    lowering._statement(ast.copy_location(ast.Assign(targets=[ast.Name(id=made, ctx=ast.Store())], value=receiver),
                                          receiver))
    return ast.copy_location(ast.Name(id=made, ctx=ast.Load()), receiver)


def _class_of(lowering, receiver: ast.expr) -> type | None:
    obj = lowering._local_object(receiver)
    if isinstance(obj, LocalObject):
        return obj.cls
    value = lowering.env.get(receiver.id) if isinstance(receiver, ast.Name) else None
    return record_classes(lowering).get(value) if isinstance(value, Var) else None


def _converted(lowering, value) -> bool:
    """Does ``asdict``/``astuple`` convert what this field holds (a record of a class known here)?"""
    return isinstance(value, LocalObject) or isinstance(value, Var) and value in record_classes(lowering)
