"""Fields of parameter containers: ``params.W`` where ``params`` is a ``@dataclass`` or a
``NamedTuple`` of arrays; and NamedTuples built in the function (``State(x=..., v=...)``). The read is printed as written; its adjoint goes into a dict of the
fields' adjoints (``add_at(d_y, params, "W")``, accumulated like a dict's element: runtime.py's
``zeros_like_adjoint`` and ``add_into``), which the API gives back as the container's own type."""
from __future__ import annotations

import ast

from .model import Primitive, Spelling
from .registry import REGISTRY
from .runtime import helper, zeros_like_adjoint

FAMILY = "containers"
_fields: dict[str, Primitive] = {}


class _Field(Spelling):
    """``x.name``."""

    def __init__(self, name: str):
        object.__setattr__(self, "path", f"x.{name}")
        object.__setattr__(self, "_name", name)

    def build(self, args, kwargs=()):
        return ast.Attribute(value=args[0], attr=self._name, ctx=ast.Load())


def field_read(prim) -> str | None:
    """The field ``prim`` reads (``x.W``: ``"W"``), or None where it reads none."""
    return prim.spelling._name if isinstance(prim.spelling, _Field) else None


def field_primitive(name: str) -> Primitive:
    """The primitive reading field ``name`` of a dataclass or NamedTuple."""
    if name not in _fields:
        def vjp(site, i, d_y):
            if site is None:
                return True
            return ast.Call(func=ast.Name(id="add_at", ctx=ast.Load()),
                            args=[d_y, site.args[0], ast.Constant(name)], keywords=[])

        _fields[name] = Primitive(name=f"x.{name}", spelling=_Field(name), family=FAMILY, vjp_builder=vjp,
                                  shape_rule=None, linear="joint")
    return _fields[name]


class _Record(Spelling):
    """``record(cls, name=value, ...)``: a NamedTuple built from its fields (spelled with the helper,
    so that generated code differentiated again reads it back as this primitive)."""

    def __init__(self, names: tuple):
        object.__setattr__(self, "path", f"record({', '.join(names)})")
        object.__setattr__(self, "_names", names)

    def build(self, args, kwargs=()):
        return ast.Call(func=ast.Name(id="record", ctx=ast.Load()), args=[args[0]],
                        keywords=[ast.keyword(arg=n, value=a) for n, a in zip(self._names, args[1:])])


_records: dict[tuple, Primitive] = {}


def is_record(prim) -> bool:
    """Does ``prim`` build a record? (Two records built alike are two objects: never shared.)"""
    return any(prim is made for made in _records.values())


def record_fields(prim) -> tuple:
    """The names of the fields of the record ``prim`` builds (:func:`is_record`), in order."""
    return prim.spelling._names


def record_primitive(names: tuple) -> Primitive:
    """The primitive building a record (a NamedTuple) of fields ``names`` from the class and the
    fields' values: linear in the values together; a value's adjoint is its field's in the
    record's adjoint (``field_adjoint``)."""
    if names not in _records:
        def vjp(site, i, d_y):
            if site is None:
                return True if i > 0 else None          # (the class carries no derivative)
            return ast.Call(func=ast.Name(id="field_adjoint", ctx=ast.Load()),
                            args=[d_y, ast.Constant(names[i - 1]), ast.Constant(i - 1)], keywords=[])

        _records[names] = Primitive(name=f"record({', '.join(names)})", spelling=_Record(names), family=FAMILY,
                                    vjp_builder=vjp, shape_rule=None, linear="joint")
    return _records[names]


@helper()
def record(cls, **fields):
    """``cls(**fields)``: a NamedTuple the function builds."""
    return cls(**fields)


@helper("zeros_like_adjoint")
def zeros_like_records(x):
    """Forward mode's zero tangent of a NamedTuple (or dataclass) the function builds, or of a
    list, tuple or dict holding one: each record a record of its own type holding zeros, as the
    tangent ``record(...)`` makes is, read by attribute (``t_state.mu``); the rest as
    ``zeros_like_adjoint`` (which gives a record a dict by field: reverse mode's form)."""
    if hasattr(type(x), "_fields") and isinstance(x, tuple) and not type(x).__module__.startswith("numpy"):
        return type(x)(*[zeros_like_records(v) for v in x])
    if hasattr(x, "__dataclass_fields__") and not isinstance(x, type):
        return type(x)(**{name: zeros_like_records(v) for name, v in zeros_like_adjoint(x).items()})
    if isinstance(x, (list, tuple)):
        return [zeros_like_records(v) for v in x]
    if isinstance(x, dict):
        return {k: zeros_like_records(v) for k, v in x.items()}
    return zeros_like_adjoint(x)


@helper(linear="joint")
def field_adjoint(d, name, position):
    """A field's adjoint from its record's: a dict by field (how adjoints of records accumulate),
    a record of adjoints, or a sequence by position."""
    if isinstance(d, dict):
        return d[name]
    if hasattr(d, "_fields") or hasattr(d, "__dataclass_fields__"):
        return getattr(d, name)
    return d[position]


# ``x.dtype``: which dtype an array has, read as written. It carries no derivative (a dtype is no
# number), so code that makes arrays like its input's (`np.zeros(n, dtype=x.dtype)`) simply runs.
def dtype_of(x):
    """The key ``x.dtype`` is registered under (spellings.ATTRIBUTES)."""
    return x.dtype


DTYPE = Primitive(name="x.dtype", spelling=_Field("dtype"), family="shape", differentiable=False,
                  shape_rule=None)      # ("shape": like x.ndim, a new value that shares no memory with x)
REGISTRY[dtype_of] = DTYPE
