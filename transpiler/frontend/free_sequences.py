"""Lists and tuples of objects or functions read from outside the differentiated function: a
global model's ``self.layers`` iterated over (``for layer in self.layers[:-1]: x = layer(x)``), a
global list of activations zipped with them, ``model.layers[-1](x)``, ``len(model.layers)``; and
dicts of functions (``ACTIVATIONS = {"tanh": np.tanh, "relu": relu}``, ``ACTIVATIONS[name](x)``
for a name known when compiling, ``for name, f in ACTIVATIONS.items()``).

Such a list is a static sequence of its items, each an object or function read at call time
through its path (``model.layers.0``, frontend/source.py ``path_step``), so calls of them are
inlined and loops over them unrolled, as for a list made in the function (object_lists.py). The
code relies on the list's length and on each item's class (or the function itself): facts the
cached derivative checks on every call (dependencies.py), so appending a layer recompiles. A dict of functions is a static dict of them, each read at
call time through its path (``ACTIVATIONS.[tanh]``); its keys and each function are facts checked
on every call too."""
from __future__ import annotations

import ast
import dataclasses
import types

from ..errors import TranspileError
from .source import KEYS, LENGTH
from .values import ObjectValue, PythonFunction, StaticDict, StaticSequence, is_user_object


def free_sequence(lowering, node: ast.expr, obj) -> StaticSequence | None:
    """A list or tuple read from a global, closure or object attribute (``model.layers``)
    whose items are all user objects or functions: a static sequence of them, each read at
    call time through its path (``model.layers.0``); its length and each item's class (or the
    function itself) are facts the code relies on, checked on every call."""
    if not objects_or_functions(obj):
        return None
    parsed, path = lowering._origin(node)
    lowering.dependencies.folded(parsed, f"{path}.{LENGTH}", len(obj))
    items = []
    for k, item in enumerate(obj):
        if not is_user_object(item):
            lowering.dependencies.resolved(parsed, f"{path}.{k}", item)
            items.append(PythonFunction(item, f"{ast.unparse(node)}[{k}]"))
        else:
            lowering.dependencies.resolved(parsed, f"{path}.{k}.__class__", type(item))
            items.append(ObjectValue(item, parsed, f"{path}.{k}"))
    return StaticSequence(tuple(items), of_objects=True)


def free_dict(lowering, node: ast.expr, obj) -> StaticDict | None:
    """A dict read from a global, closure or object attribute whose values are all functions,
    keyed by words or integers: a static dict of them, each read at call time through its path
    (``ACTIVATIONS.[tanh]``); its keys and each function are facts checked on every call."""
    if not (type(obj) is dict and obj and all(_plain_key(k) for k in obj)
            and all(callable(v) and not isinstance(v, type) and not is_user_object(v) for v in obj.values())):
        return None
    parsed, path = lowering._origin(node)
    lowering.dependencies.folded(parsed, f"{path}.{KEYS}", tuple(obj))
    items = {}
    for key, function in obj.items():
        lowering.dependencies.resolved(parsed, f"{path}.[{key}]", function)
        items[key] = PythonFunction(function, f"{ast.unparse(node)}[{key!r}]")
    return StaticDict(items)


def _plain_key(key) -> bool:
    """A key a path step can name: an integer, or a word (no dot, no bracket)."""
    return type(key) is int or type(key) is str and key.isidentifier()


def reads_free_sequence(lowering, node: ast.expr) -> bool:
    """Is ``node`` a global's (closure's, object's) list of objects or functions, or a
    slice of one with constant bounds? Decided without lowering it."""
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
        return reads_free_sequence(lowering, node.value)
    if not isinstance(node, (ast.Name, ast.Attribute)) or lowering._env_key(node) in lowering.env:
        return False
    try:
        obj = lowering._resolve(node)
    except TranspileError:
        return False
    return objects_or_functions(obj)


def objects_or_functions(obj) -> bool:
    """A non-empty list or tuple of functions and user objects only (records, NamedTuples' and
    dataclasses' objects, only where they are called: otherwise their fields are data, read as
    any list's values are, also by an index known only at run time)."""
    def called_or_plain(item) -> bool:
        if isinstance(item, tuple) or dataclasses.is_dataclass(item):
            return isinstance(getattr(type(item), "__call__", None), types.FunctionType)
        return True
    return plain_sequence(obj) and bool(obj) and all(
        callable(item) and not isinstance(item, type) and not is_user_object(item)
        or is_user_object(item) and called_or_plain(item) for item in obj)


def plain_sequence(obj) -> bool:
    """A list or tuple, or an instance of a subclass of ``list`` (``class Layers(list): pass``)
    that iterates, indexes and measures its length as a list does."""
    if type(obj) in (list, tuple):
        return True
    cls = type(obj)
    return isinstance(obj, list) and all(getattr(cls, method) is getattr(list, method)
                                         for method in ("__iter__", "__getitem__", "__len__"))


def free_sequence_length(lowering, node: ast.expr) -> int | None:
    """The length of the global or closure list or tuple ``node`` names, now (a fact checked on
    every call, as for ``len(y_list)``: object_loops.py); None for anything else."""
    if not isinstance(node, (ast.Name, ast.Attribute)) or isinstance(node, ast.Name) and node.id in lowering.env:
        return None
    found = lowering._resolve(node)
    if type(found) not in (list, tuple):
        return None
    parsed, path = lowering._origin(node)
    lowering.dependencies.folded(parsed, f"{path}.{LENGTH}", len(found))
    return len(found)
