"""Fields of parameter containers: ``params.W`` where ``params`` is a ``@dataclass`` or a
``NamedTuple`` of arrays. The read is printed as written; its adjoint goes into a dict of the
fields' adjoints (``add_at(d_y, params, "W")``, accumulated like a dict's element: runtime.py's
``zeros_like_adjoint`` and ``add_into``), which the API gives back as the container's own type."""
from __future__ import annotations

import ast

from .model import Primitive, Spelling
from .registry import REGISTRY

FAMILY = "containers"
_fields: dict[str, Primitive] = {}


class _Field(Spelling):
    """``x.name``."""

    def __init__(self, name: str):
        object.__setattr__(self, "path", f"x.{name}")
        object.__setattr__(self, "_name", name)

    def build(self, args, kwargs=()):
        return ast.Attribute(value=args[0], attr=self._name, ctx=ast.Load())


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


# ``x.dtype``: which dtype an array has, read as written. It carries no derivative (a dtype is no
# number), so code that makes arrays like its input's (`np.zeros(n, dtype=x.dtype)`) simply runs.
def dtype_of(x):
    """The key ``x.dtype`` is registered under (spellings.ATTRIBUTES)."""
    return x.dtype


DTYPE = Primitive(name="x.dtype", spelling=_Field("dtype"), family="shape", differentiable=False,
                  shape_rule=None)      # ("shape": like x.ndim, a new value that shares no memory with x)
REGISTRY[dtype_of] = DTYPE
