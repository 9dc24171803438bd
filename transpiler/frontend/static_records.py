"""A NamedTuple made in the function holding functions: optax's ``GradientTransformation(init_fn,
update_fn)``, then ``opt.init(params)``, ``opt.update(g, state)``, ``init_fns, update_fns =
zip(*transforms)``.

A function has no run-time value in generated code (it is inlined where it is called), so such a
NamedTuple cannot be a record built at run time (records.py). It is an object known while
compiling instead, as an instance of a plain class made in the function is (objects.py): its
fields are its attributes (``opt.init`` is the nested function itself, and calling it inlines
it), and where Python would iterate it (``zip(*transforms)``, ``init, update = opt``, ``opt[0]``)
it is the sequence of its fields, known while compiling. Assigning to a field is refused, as
Python refuses it."""
from __future__ import annotations

import ast

from .values import LocalObject, Static, StaticSequence


def is_static_record(value) -> bool:
    """A NamedTuple made in the function whose fields are known while compiling."""
    return isinstance(value, LocalObject) and isinstance(getattr(value.cls, "_fields", None), tuple) \
        and issubclass(value.cls, tuple)


def holds_functions(cls: type, bound) -> bool:
    """Does a NamedTuple call bind a function (a static value) to one of its fields?"""
    return any(isinstance(bound.arguments[field], Static) for field in cls._fields)


def static_record(lowering, cls: type, bound, name: str | None) -> LocalObject:
    """``Cls(init_fn, update_fn)``: an object known while compiling, each field an attribute."""
    return _made(lowering, cls, {field: bound.arguments[field] for field in cls._fields}, name)


def _made(lowering, cls: type, fields: dict, name: str | None) -> LocalObject:
    label = name if name in lowering.names.user else cls.__name__.lower()
    made = LocalObject(cls, lowering.names.fresh(label, own=True))
    lowering.made_objects.append(made.key)
    for field, value in fields.items():
        lowering.env[made.attribute_key(field)] = value
    return made


def fields_of(lowering, value) -> StaticSequence | None:
    """The fields of a static record, in order, as a sequence known while compiling (None for any
    other value)."""
    if not is_static_record(value):
        return None
    items = tuple(lowering.env[value.attribute_key(field)] for field in value.cls._fields)
    return StaticSequence(items, of_objects=any(isinstance(i, LocalObject) for i in items))


def zipped_records(lowering, node: ast.Call) -> StaticSequence | None:
    """``zip(*transforms)`` of a sequence of static records known while compiling: the
    sequences of their first fields, second fields, ... (as Python's zip transposes them); None
    for any other call."""
    if not (isinstance(node.func, ast.Name) and node.func.id not in lowering.env and lowering._resolve(node.func) is zip
            and len(node.args) == 1 and isinstance(node.args[0], ast.Starred) and not node.keywords
            and isinstance(node.args[0].value, (ast.Name, ast.Attribute))):
        return None
    key = lowering._env_key(node.args[0].value)
    whole = lowering.env.get(key) if key is not None else None
    if not (isinstance(whole, StaticSequence) and whole.items and all(is_static_record(i) for i in whole.items)):
        return None
    rows = [fields_of(lowering, record).items for record in whole.items]
    columns = [StaticSequence(column, of_objects=any(isinstance(i, LocalObject) for i in column))
               for column in zip(*rows)]
    return StaticSequence(tuple(columns))


def replaced_record(lowering, node: ast.Call, name: str | None) -> LocalObject | None:
    """``opt._replace(update=f)`` of a static record: another one, those fields replaced (None
    for any other call)."""
    func = node.func
    if not (isinstance(func, ast.Attribute) and func.attr == "_replace" and not node.args
            and all(k.arg is not None for k in node.keywords)):
        return None
    owner = lowering._local_object(func.value)
    if not is_static_record(owner):
        return None
    fields = {field: lowering.env[owner.attribute_key(field)] for field in owner.cls._fields}
    for keyword in node.keywords:
        if keyword.arg not in fields:
            lowering._unsupported(keyword, f"`_replace({keyword.arg}=...)`: `{owner.cls.__name__}` has no field "
                                  f"`{keyword.arg}` (Python raises ValueError)", "replace one of its fields")
        fields[keyword.arg] = lowering._arg(keyword.value)
    return _made(lowering, owner.cls, fields, name)
