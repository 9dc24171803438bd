"""A name bound to one object made in the function on one path of a branch and to another on the
other (``b = a * a if test else -a`` of micrograd-like ``Value`` objects, ``layer = Dense(w)`` /
``layer = Dense(v)``): after the branch it is one object whose attributes are merged.

Objects are never built at run time (objects.py): what the code after the branch can see of the
object is its attributes, and each of those is a value of the environment that a branch merges
like a local name. So where both objects are of one class and have the same attributes, the name
is bound to a new object of that class whose attributes are, on each path, that path's object's
(only for objects no other name holds: one made before the branch, `b = a1` / `b = a2`, would be
copied, and a write through `b` would miss `a1`)
(a function or list of objects that differs by path is then ambiguous, refused where it is used,
as for any name: functions.py). Objects of different classes, or with different attributes, are
left to the usual refusal where the name is read."""
from __future__ import annotations

from .values import LocalObject


def merge_objects(lowering, then_env: dict, else_env: dict, names: list) -> None:
    """Bind each user name holding two different objects of one class after a branch to a merged
    object, its attributes copied into both paths' environments (merged then with the others).
    ``names``: the environments' names that may differ, in their order (environments.py)."""
    for user_name in [k for k in names if "." not in k and " " not in k and k in then_env]:
        a, b = then_env.get(user_name), else_env.get(user_name)
        if not (isinstance(a, LocalObject) and isinstance(b, LocalObject)) or a == b or a.cls is not b.cls:
            continue
        if _held_elsewhere(a, user_name, then_env) or _held_elsewhere(b, user_name, else_env):
            continue        # (`b = a1` / `b = a2`: a write through `b` must reach `a1` or `a2`, not a copy)
        attributes = _attributes(a, then_env)
        if set(attributes) != set(_attributes(b, else_env)):
            continue
        merged = LocalObject(a.cls, lowering.names.fresh(user_name, own=True))
        lowering.made_objects.append(merged.key)
        for attribute in attributes:
            then_env[merged.attribute_key(attribute)] = then_env[a.attribute_key(attribute)]
            else_env[merged.attribute_key(attribute)] = else_env[b.attribute_key(attribute)]
        then_env[user_name] = else_env[user_name] = merged


def _held_elsewhere(obj: LocalObject, user_name: str, env: dict) -> bool:
    """Does another name or attribute hold ``obj`` on that path (an object made before the
    branch, or kept in another object)? Then the merged object would be a copy of it."""
    return any(value == obj and key != user_name for key, value in env.items())


def _attributes(obj: LocalObject, env: dict) -> list[str]:
    """The attributes ``obj`` has in ``env``, in the order they were bound (not a set's order, which
    Python's string hashing varies from run to run: the merged attributes' statements would move)."""
    prefix = obj.key + "."
    return [k[len(prefix):] for k in env if k.startswith(prefix)]
