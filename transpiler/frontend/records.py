"""Dataclass and NamedTuple instances constructed inside the function: ``p = Params(w=x * 2,
b=1.0)``, ``State(pos, vel)``. The ``__init__`` a dataclass generates has no source to inline, but what it
does is known: each field is the argument bound to it, or its default. So the instance is a
``LocalObject`` (values.py, frontend/objects.py) whose attributes are bound here, and then
``__post_init__`` (if any) is inlined like a method. Parameters that are dataclasses are another
mechanism (primitives/fields.py).

A NamedTuple is a value: ``State(x=..., v=...)`` is built at run time by the primitive
``record`` (primitives/fields.py), so it may be returned, put in a list, or rebound in a loop
(``s = step(s)``). Where the lowering saw it built, ``s.x``, ``s[0]`` and ``x, v = s`` are the
values it was built from; elsewhere (carried by a loop) they are read at run time."""
from __future__ import annotations

import ast
import dataclasses
import inspect

import numpy as np

from ..ir import Atom, Const, Var
from ..primitives import indexing, lookup
from ..primitives.fields import record_primitive
from .static_records import holds_functions, static_record
from .values import LocalObject, is_user_class

_CONSTANTS = (bool, int, float, complex, str, type(None))


def plain_dataclass(cls) -> bool:
    """A user dataclass built by the ``__init__`` dataclasses generates (no ``__init__`` of its
    own, no ``__new__``, no built-in base, no ``InitVar``), attributes stored plainly."""
    if not (isinstance(cls, type) and dataclasses.is_dataclass(cls) and is_user_class(cls)):
        return False
    init = getattr(cls.__init__, "__code__", None)
    if init is None or not init.co_filename.startswith("<"):        # (generated: no source file)
        return False
    if cls.__new__ is not object.__new__ or type(cls) is not type or hasattr(cls, "__getattr__") \
            or cls.__getattribute__ is not object.__getattribute__:
        return False
    if any(base is not object and base.__module__ == "builtins" for base in cls.__mro__):
        return False
    return not any(isinstance(f.type, dataclasses.InitVar) for f in cls.__dataclass_fields__.values())


def construct_dataclass(lowering, node: ast.Call, cls: type, name: str | None) -> LocalObject:
    """``Cls(args)`` of a plain dataclass: a new local object whose fields are the arguments
    (bound by the signature Python would bind them with) or the fields' defaults."""
    if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
        lowering._unsupported(node, f"`*args` or `**kwargs` in a call of `{cls.__name__}`", "pass the fields explicitly")
    values = [lowering._arg(a) for a in node.args]                  # (evaluated in the order written)
    keywords = {k.arg: lowering._arg(k.value) for k in node.keywords}
    try:
        bound = inspect.signature(cls).bind(*values, **keywords).arguments
    except TypeError as error:
        lowering._unsupported(node, f"this call of `{cls.__name__}` ({error}: Python raises TypeError)",
                              "pass each field once, as the class declares them")
    label = name if name in lowering.names.user else cls.__name__.lower()
    obj = LocalObject(cls, lowering.names.fresh(label, own=True))
    lowering.made_objects.append(obj.key)
    dataclass_origins(lowering)[obj.key] = (lowering.parsed, ast.unparse(node.func))   # (record_values.py)
    for field in dataclasses.fields(cls):
        value = bound[field.name] if field.name in bound else _default(lowering, node, cls, field)
        if value is not None:
            lowering.env[obj.attribute_key(field.name)] = value
    if hasattr(cls, "__post_init__"):
        call = ast.copy_location(ast.Call(func=node.func, args=[], keywords=[]), node)
        lowering._inline(call, cls.__post_init__, receiver=obj, procedure=True)
    return obj


def _default(lowering, node: ast.Call, cls: type, field: dataclasses.Field):
    """A field's default as a value of the function (None: the field is not set by ``__init__``)."""
    if field.default is not dataclasses.MISSING:
        if not isinstance(field.default, _CONSTANTS) and not (
                isinstance(field.default, tuple) and all(isinstance(v, _CONSTANTS) for v in field.default)):
            lowering._unsupported(node, f"the default of `{cls.__name__}.{field.name}` (not a number, string or "
                                  "tuple of those)", "pass the field explicitly")
        return Const(field.default)
    if field.default_factory is list:
        return lowering._new_list(lowering._apply(node, indexing.LIST, (), (), None))
    if field.default_factory is not dataclasses.MISSING:
        return _made_by_factory(lowering, node, cls, field)
    return None


def _made_by_factory(lowering, node: ast.Call, cls: type, field: dataclasses.Field) -> Atom:
    """A field's ``default_factory`` value, made anew for each object as ``__init__`` makes it:
    ``dict`` (an empty dict), a plain dataclass (an object of it, made from its defaults), or a
    factory that makes the same list of numbers or the same array each time (``lambda: [1.0,
    2.0]``, ``lambda: np.zeros(3)``): that display, or ``np.array`` of it in its dtype. A factory whose values differ between calls (a random
    draw) or are of another kind is refused: its value is not known while compiling."""
    if plain_dataclass(field.default_factory):        # field(default_factory=Optimizer): its defaults
        call = ast.copy_location(ast.Call(func=node.func, args=[], keywords=[]), node)
        return construct_dataclass(lowering, call, field.default_factory, None)
    if field.default_factory is dict:
        return lowering._dict_display(ast.copy_location(ast.Dict(keys=[], values=[]), node), None)
    made = [_called(field.default_factory) for _ in range(2)]
    if all(type(v) is list and all(isinstance(e, _CONSTANTS) for e in v) for v in made) and made[0] == made[1]:
        return lowering._expr(ast.copy_location(ast.List(elts=[ast.Constant(e) for e in made[0]], ctx=ast.Load()), node))
    if all(isinstance(v, np.ndarray) and v.dtype.kind in "biuf" for v in made) \
            and made[0].dtype == made[1].dtype and np.array_equal(made[0], made[1]):
        return lowering._apply(node, lookup(np.array), (Const(_nested(made[0].tolist())),),
                               (("dtype", Const(made[0].dtype.type)),), None)
    lowering._unsupported(node, f"the default factory of `{cls.__name__}.{field.name}` (it makes neither a dict nor "
                          "the same list of numbers or array each time)", "pass the field explicitly")


def _called(factory):
    try:
        return factory()
    except Exception:      # (refused by the caller: its value is not known)
        return None


def _nested(items):
    """``tolist()``'s nested lists as tuples: a constant the printed code spells as a literal."""
    return tuple(_nested(v) for v in items) if isinstance(items, list) else items


def user_namedtuple(cls) -> bool:
    """A NamedTuple class of the user's (``class State(NamedTuple)`` or ``namedtuple("State", ...)``)."""
    return (isinstance(cls, type) and issubclass(cls, tuple) and isinstance(getattr(cls, "_fields", None), tuple)
            and is_user_class(cls))


def construct_namedtuple(lowering, node: ast.Call, cls: type, name: str | None) -> Atom:
    """``Cls(args)`` of a NamedTuple: ``record`` of the class (read at call time) and each field's
    value, the argument Python binds to it or its default."""
    if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
        lowering._unsupported(node, f"`*args` or `**kwargs` in a call of `{cls.__name__}`", "pass the fields explicitly")
    values = [lowering._arg(a) for a in node.args]
    keywords = {k.arg: lowering._arg(k.value) for k in node.keywords}
    try:
        bound = inspect.signature(cls).bind(*values, **keywords)
    except TypeError as error:
        lowering._unsupported(node, f"this call of `{cls.__name__}` ({error}: Python raises TypeError)",
                              "pass each field once, as the class declares them")
    bound.apply_defaults()
    if holds_functions(cls, bound):      # GradientTransformation(init_fn, update_fn): static_records.py
        return static_record(lowering, cls, bound, name)
    fields = []
    for field in cls._fields:
        value = bound.arguments[field]
        if not isinstance(value, (Var, Const)):
            value = Const(value) if isinstance(value, _CONSTANTS) else lowering._unsupported(
                node, f"the default of `{cls.__name__}.{field}` (not a number or string)", "pass the field explicitly")
        fields.append(lowering._as_atom(value, node))
    holder: list = []
    lowering._hole_for_free(node.func, holder)            # the class, read at call time like a global
    made = make_record(lowering, node, holder[0], tuple(cls._fields), fields, name)
    record_classes(lowering)[made] = cls                  # (its methods: record_values.py)
    return made


def rebuilt_record(lowering, node: ast.Call, name: str | None) -> Atom:
    """``record(cls, x=..., v=...)`` in generated code differentiated again (a Hessian)."""
    names = tuple(k.arg for k in node.keywords)
    values = [lowering._as_atom(lowering._arg(k.value), k.value) for k in node.keywords]
    return make_record(lowering, node, lowering._arg(node.args[0]), names, values, name)


def make_record(lowering, node: ast.AST, cls: Atom, names: tuple, values: list, name: str | None) -> Atom:
    made = lowering._apply(node, record_primitive(names), (cls, *values), (), name)
    lowering.displays[made] = tuple(values)               # s[0], `x, v = s`: the values themselves
    record_fields(lowering)[made] = names                  # s.x: the value itself
    return made


def record_classes(lowering) -> dict:
    """The class of each record value whose class is known while compiling."""
    return lowering.__dict__.setdefault("_record_classes", {})


def dataclass_origins(lowering) -> dict:
    """Where each dataclass object was made: its key -> (parsed function, spelling of the class)."""
    return lowering.__dict__.setdefault("_dataclass_origins", {})


def record_fields(lowering) -> dict:
    """The field names of the NamedTuples the lowering saw built, by value."""
    return lowering.__dict__.setdefault("_record_fields", {})


def built_field(lowering, base, attr: str) -> Atom | None:
    """``s.attr`` of a NamedTuple the lowering saw built: the value of that field (None otherwise)."""
    names = record_fields(lowering).get(base) if isinstance(base, Var) else None
    values = lowering.displays.get(base) if names is not None else None
    if values is None or attr not in names:
        return None     # (a helper given the record, or an inlined method, sees no display of it: read at run time)
    return values[names.index(attr)]
