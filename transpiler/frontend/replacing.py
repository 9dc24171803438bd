"""A record with some fields replaced: ``p._replace(b=v)`` of a NamedTuple and
``dataclasses.replace(d, b=v)`` of a dataclass, where the compiler knows the value's class (made
in the function, or a parameter whose class the call tells: parameter_classes.py).

The new value is the class built again from the replaced fields' new values and the others'
current ones, as Python's ``_replace`` and ``dataclasses.replace`` build it, so each field
carries its own derivative: the replaced ones from their new values, the rest from the record
they are read from. The new values are evaluated first, in the order written, then the fields
read; reading a field has no effect, so that is Python's order too."""
from __future__ import annotations

import ast
import dataclasses

from ..ir import Atom, Var
from .. import primitives as rules
from .records import construct_dataclass, make_record, record_classes, user_namedtuple
from .values import LocalObject


def replaced(lowering, node: ast.Call, name: str | None) -> Atom | LocalObject | None:
    """The lowered ``p._replace(...)`` / ``dataclasses.replace(d, ...)``, or None when ``node``
    is neither, or is ``_replace`` of a value whose class is not known here (it then runs as any
    other method call)."""
    func = node.func
    namedtuple_spelling = isinstance(func, ast.Attribute) and func.attr == "_replace" and not node.args
    if not namedtuple_spelling and not (lowering._resolve(func) is dataclasses.replace and len(node.args) == 1):
        return None
    if any(k.arg is None for k in node.keywords):
        return None
    receiver = func.value if namedtuple_spelling else node.args[0]
    obj = lowering._local_object(receiver)
    if isinstance(obj, LocalObject) and dataclasses.is_dataclass(obj.cls):
        return _rebuilt(lowering, node, receiver, obj.cls, name, local=True)
    value = lowering.env.get(receiver.id) if isinstance(receiver, ast.Name) else None
    cls = record_classes(lowering).get(value) if isinstance(value, Var) else None
    if cls is not None and (user_namedtuple(cls) or dataclasses.is_dataclass(cls)):
        return _rebuilt(lowering, node, receiver, cls, name, local=False)
    if namedtuple_spelling:
        return None
    # dataclasses.replace of a value whose class is not known here (a listing of the function
    # alone): a call that simply runs, as a method call of such a value does (dataclasses' own
    # source is never inlined)
    return lowering._opaque(node, name, dataclasses.replace)


def _rebuilt(lowering, node: ast.Call, receiver: ast.expr, cls: type, name: str | None, local: bool):
    fields = cls._fields if user_namedtuple(cls) else tuple(f.name for f in dataclasses.fields(cls) if f.init)
    unknown = [k.arg for k in node.keywords if k.arg not in fields]
    if unknown:
        lowering._unsupported(node, f"replacing `{unknown[0]}`, which is no field of `{cls.__name__}` "
                              "(Python raises an error)", f"replace one of its fields: {', '.join(fields)}")
    with lowering._holding() as hold:
        new = {k.arg: hold(lowering._arg(k.value), k.value) for k in node.keywords}    # (in the order written)
        values = {f: new.get(f, ast.copy_location(ast.Attribute(value=receiver, attr=f, ctx=ast.Load()), node))
                  for f in fields}
        if local:
            call = ast.copy_location(ast.Call(func=ast.Name(id=cls.__name__, ctx=ast.Load()), args=[],
                                              keywords=[ast.keyword(arg=f, value=v) for f, v in values.items()]), node)
            return construct_dataclass(lowering, call, cls, name)
        atoms = [lowering._as_atom(lowering._arg(v), v) for v in values.values()]
        cls_atom = lowering._apply(node, rules.lookup(type), (lowering._expr(receiver),), (), None)
        made = make_record(lowering, node, cls_atom, fields, atoms, name)
    record_classes(lowering)[made] = cls
    return made
