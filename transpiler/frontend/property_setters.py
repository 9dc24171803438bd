"""``obj.attr = value`` on an object made in the function, where ``attr`` is a property of its
class with a setter written in Python (``psi_x = property(_get_psi_x, _set_psi_x)``, or
``@psi_x.setter``): Python calls the setter instead of storing the attribute, so the lowering
inlines the setter's body there, ``obj`` bound to its first parameter and ``value`` to its second.
Nothing is stored under ``attr`` itself: each read calls the getter (objects.py), as in Python.

Reading a property inlines its getter (:func:`property_read`). A ``functools.cached_property``'s
function runs at the first read and its value is stored on the object under the same name, as
Python stores it in the instance's ``__dict__``: later reads are that attribute's value."""
from __future__ import annotations

import ast
import functools
import types


def property_read(lowering, obj, node: ast.Attribute, found):
    """``obj.attr`` where ``found`` (the class's ``attr``) is a property or cached_property whose
    function is Python source: its value (the getter inlined; a cached one stored as the
    attribute); None for any other class attribute."""
    cached = isinstance(found, functools.cached_property) and isinstance(found.func, types.FunctionType)
    if not cached and not (isinstance(found, property) and isinstance(found.fget, types.FunctionType)):
        return None
    if cached and lowering.enclosing_bodies:      # (stored on one path only: unbound on the others)
        lowering._unsupported(node, f"the first read of the cached_property `{ast.unparse(node)}` inside a branch "
                              "or loop whose path is known only at run time",
                              f"read it once before the branch or loop (`{node.attr} = {ast.unparse(node)}`)")
    call = ast.copy_location(ast.Call(func=node, args=[], keywords=[]), node)
    value = lowering._inline(call, found.func if cached else found.fget, receiver=obj)
    if cached:
        with lowering._holding() as hold:
            target = ast.copy_location(ast.Attribute(value=node.value, attr=node.attr, ctx=ast.Store()), node)
            lowering._assign(target, hold(value, node))
    return value


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
