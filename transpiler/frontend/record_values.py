"""Records as run-time values, and their methods.

A dataclass made in the function is a ``LocalObject`` (records.py): never built at run time.
Rebound in a loop (``p = Params(p.w - lr * g, p.b)``), each iteration makes another object,
which a compile-time object cannot be; so there it is built at run time as a record, like a
NamedTuple: ``record(Params, w=..., b=...)`` (primitives/fields.py), its fields read with
``p.w``; so is one used as a value (put in a list, returned, passed to a function that runs). Where a record's class is known while compiling (a NamedTuple or such a dataclass built
here, or a loop variable every iteration rebinds to one of the same class), its methods are
inlined with ``self`` bound to the record (``p.predict(X)`` after the loop). An object made a
record is not written afterwards (``q.w = v`` on another name for it would not reach the record).
"""
from __future__ import annotations

import ast
import dataclasses
import types

from ..ir import Atom, Const, Var
from . import aliasing
from .records import dataclass_origins, make_record, plain_dataclass, record_classes
from .values import LocalObject, is_user_class


def made_records(lowering) -> set:
    """The keys of dataclass objects built as records: their attributes are not written after."""
    return lowering.__dict__.setdefault("_made_records", set())


def dataclass_as_record(lowering, obj: LocalObject, node: ast.AST, why: str = "rebinding {} in a loop") -> Atom | None:
    """The run-time record of the dataclass object ``obj`` (its fields' current values); None if
    ``obj`` is no plain dataclass made in the function. ``why``: what needs it, for errors."""
    origin = dataclass_origins(lowering).get(obj.key)
    if origin is None or not plain_dataclass(obj.cls):
        return None
    fields = [f.name for f in dataclasses.fields(obj.cls)]
    prefix = f"{obj.key}."
    values = []
    for field in fields:
        value = aliasing.value_of(lowering.env.get(prefix + field))
        if not isinstance(value, (Var, Const)) or not dataclasses.fields(obj.cls)[fields.index(field)].init:
            lowering._unsupported(node, f"{why.format(obj.describe())} while its field `{field}` holds "
                                  "no plain value", "keep arrays and numbers in the dataclass's fields")
        values.append(value)
    extra = [k[len(prefix):] for k in lowering.env if k.startswith(prefix) and k[len(prefix):] not in fields]
    if extra:
        lowering._unsupported(node, f"{why.format(obj.describe())} after attributes that are not its "
                              f"fields were set (`{extra[0]}`)", "keep its values in the dataclass's fields")
    parsed, path = origin
    made = make_record(lowering, node, lowering._free_value(parsed, path, node), tuple(fields), values, None)
    record_classes(lowering)[made] = obj.cls
    made_records(lowering).add(obj.key)
    return made


def record_method(lowering, func: ast.Attribute):
    """The method ``func`` calls on a record of a known class (``p.predict``), as a function to
    inline with ``self`` bound to the record; None for any other call."""
    if not isinstance(func.value, ast.Name):
        return None
    value = aliasing.value_of(lowering.env.get(func.value.id))
    cls = record_classes(lowering).get(value) if isinstance(value, Var) else None
    if cls is None:
        return None
    found = lowering.dependencies.class_attribute(cls, func.attr)
    # (a NamedTuple's `_replace` is the collections module's: it simply runs, as NumPy's functions do)
    return found if isinstance(found, types.FunctionType) and is_user_class(found) else None


def carried_class(lowering, initial: Atom, var: Var) -> None:
    """A loop variable starting as a record of a known class: assumed to stay one (checked at
    the end of each iteration by :func:`check_rebound_record`)."""
    cls = record_classes(lowering).get(initial) if isinstance(initial, Var) else None
    if cls is not None:
        record_classes(lowering)[var] = cls


def check_rebound_record(lowering, var: Var, source: Atom, user_name: str, node: ast.AST) -> None:
    """The end of an iteration rebinds ``user_name`` (carried as ``var``): to a record of the
    class it started with, where its methods were inlined as that class's."""
    cls = record_classes(lowering).get(var)
    if cls is not None and record_classes(lowering).get(source) is not cls:
        lowering._unsupported(node, f"rebinding `{user_name}` (a `{cls.__name__}` before the loop) inside the loop "
                              f"to a value that is not a `{cls.__name__}` built in it",
                              f"rebind it to `{cls.__name__}(...)` in every iteration")


def is_dataclass_record(lowering, value) -> bool:
    """Is ``value`` a record of a dataclass (built at run time from an object made here)?"""
    cls = record_classes(lowering).get(value) if isinstance(value, Var) else None
    return cls is not None and dataclasses.is_dataclass(cls)
