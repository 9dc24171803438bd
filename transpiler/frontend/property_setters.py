"""``obj.attr = value`` on an object made in the function, where ``attr`` is a property of its
class with a setter written in Python (``psi_x = property(_get_psi_x, _set_psi_x)``, or
``@psi_x.setter``): Python calls the setter instead of storing the attribute, so the lowering
inlines the setter's body there, ``obj`` bound to its first parameter and ``value`` to its second.
Nothing is stored under ``attr`` itself: each read calls the getter (objects.py), as in Python."""
from __future__ import annotations

import ast
import types


def set_through_property(lowering, target: ast.Attribute, owner, value) -> bool:
    """Inline the setter of the property ``target.attr`` with ``value`` (an atom already
    lowered); False if the class has no such property, or its setter is not Python source."""
    found = lowering.dependencies.class_attribute(owner.cls, target.attr)
    if not (isinstance(found, property) and isinstance(found.fset, types.FunctionType)):
        return False
    held = f"{target.attr} assigned"     # (not an identifier: no name of the user's can be it)
    lowering.env[held] = value
    call = ast.Call(func=ast.Attribute(value=target.value, attr=target.attr, ctx=ast.Load()),
                    args=[ast.Name(id=held, ctx=ast.Load())], keywords=[])
    try:
        lowering._inline(ast.copy_location(call, target), found.fset, receiver=owner, procedure=True)
    finally:
        del lowering.env[held]
    return True
