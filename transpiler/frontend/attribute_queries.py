"""``hasattr(obj, "name")`` and ``getattr(obj, "name", default)`` of an object made inside the
function (statsmodels' ``getattr(self, "offset", 0)``, ``hasattr(self, 'exposure')``).

Such an object is known while lowering (objects.py): its attributes are values of the
environment, assigned in ``__init__`` or a method, or its class's. So whether it has the
attribute is known, and ``getattr`` is that attribute or the default. An attribute assigned on
one path of a branch whose test is known only at run time, or first in a loop's body, is not:
asking for it is refused (the lowering of branches and loops records such attributes in
``partly_bound``)."""
from __future__ import annotations

import ast
import inspect

from ..ir import Const
from .source import MISSING


def attribute_query(lowering, node: ast.Call, owner, builtin):
    """The value of ``hasattr(owner, "name")`` or ``getattr(owner, "name"[, default])``."""
    name = builtin.__name__
    most = 3 if builtin is getattr else 2
    if node.keywords or not 2 <= len(node.args) <= most or not (
            isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str)):
        lowering._unsupported(node, f"`{name}` of {owner.describe()} other than with the attribute's name as a "
                              "string constant", f'write the name as a string: `{name}(obj, "name")`')
    attr = node.args[1].value
    key = owner.attribute_key(attr)
    if key in partly_bound(lowering):
        lowering._unsupported(node, f"`{name}` of `{owner.key}.{attr}`, which is assigned only on some paths (one "
                              "path of a branch, or a loop's body, which may run zero times): whether it exists is "
                              "known only at run time,",
                              f"assign `{attr}` before (None, say) and test `is None`")
    present = key in lowering.env or inspect.getattr_static(owner.cls, attr, MISSING) is not MISSING
    default = lowering._expr(node.args[2]) if len(node.args) == 3 else None   # (evaluated, as in Python)
    if builtin is hasattr:
        return Const(present)
    if not present and default is not None:
        return default
    read = ast.copy_location(ast.Attribute(value=node.args[0], attr=attr, ctx=ast.Load()), node)
    return lowering._read_attribute(owner, read)       # (absent and no default: refused there)


def partly_bound(lowering) -> set:
    """The attribute keys a branch with a test known only at run time assigned on one path only."""
    return lowering.__dict__.setdefault("_partly_bound_attributes", set())
