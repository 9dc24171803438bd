"""Methods and properties of objects passed in: ``a.distance_to(b)`` where ``a`` is a dataclass,
NamedTuple or plain-class *parameter*, ``model.predict(x)`` of a model object passed as an
argument, ``p.area`` of a ``@property``.

An argument's class is not in the function's source: it is the call's. So the driver lowers the
function again for each tuple of its arguments' classes that have methods (``classes``: pairs of
parameter index and class, part of the derivative's spec and so of the cache key; a call with
an argument of another class compiles anew). Each such parameter is a run-time value whose
class is known while compiling, like a record built in the function (record_values.py): its
methods are inlined with ``self`` bound to it, its properties' getters too, and its fields are
read at run time (``self.lon``: primitives/fields.py). Without the classes (a listing of the
function alone) such a method call is a call that simply runs, refused where a differentiated
value flows through it."""
from __future__ import annotations

import ast
import collections
import types
from typing import Any, Sequence

from ..ir import Var
from . import aliasing
from .argument_lengths import bind_lengths, is_length_entry, length_entries
from .records import record_classes
from .dependencies import class_held
from .function_arguments import (FUNCTION, FUNCTIONS, bind_function_parameter, bind_function_sequence, function_entry,
                                 function_sequence_entry, is_function_argument, is_function_sequence)
from .source import MISSING
from .values import is_user_class

# Libraries whose objects are arrays (as api/arguments.py's ARRAY_LIBRARIES).
_ARRAY_LIBRARIES = ("cupy", "torch", "dask", "jax", "jaxlib", "array_api_strict", "sparse", "ndonnx")
# What every NamedTuple class has (not methods the user wrote).
_NAMEDTUPLE_API = frozenset(vars(collections.namedtuple("_Any", "a")))


def has_methods(cls: type) -> bool:
    """Does the user class ``cls`` define a method or property of its own (not what
    ``@dataclass`` or ``NamedTuple`` generates)? Only then do its instances need their class
    known while compiling."""
    if not isinstance(cls, type) or not is_user_class(cls) or hasattr(cls, "__array_namespace__") \
            or cls.__module__.partition(".")[0] in _ARRAY_LIBRARIES:
        return False            # (another library's arrays are arrays, not model objects)
    for klass in cls.__mro__:
        if klass is object or not is_user_class(klass):
            continue
        for name, value in vars(klass).items():
            dunder = name.startswith("__") and name != "__call__"       # (generated, or operators)
            if dunder or name in _NAMEDTUPLE_API:
                continue
            if isinstance(value, (types.FunctionType, property, staticmethod, classmethod)):
                return True
    return False


def classes_of(args: Sequence[Any]) -> tuple[tuple[Any, ...], ...]:
    """(position, class) of each argument that is an instance of a user class with methods, or
    (position, class, OWN, :func:`own_methods`) of one holding functions of its own;
    (position, class, "elements") of a list or tuple of instances of one such class holding
    none (up to api/flat.py's MAX_ELEMENTS: the call key holds each element's type only that
    far, and a runner must never be reused for elements of another class); (position, its
    type, FUNCTION, the function) of a function passed, (position, its type, FUNCTIONS, the
    functions) of a tuple, list or dict of them (function_arguments.py); then (position,
    LENGTH, length) of each list or tuple, which the driver keeps only for a function whose
    lowering needs it (argument_lengths.py)."""
    found: list[tuple[Any, ...]] = []
    for i, a in enumerate(args):
        if is_function_argument(a) or isinstance(a, type) and is_user_class(a):
            found.append(function_entry(i, a))      # (a class: `model_class(p[0], ...)` constructs, objects.py)
        elif is_function_sequence(a):
            found.append(function_sequence_entry(i, a))
        elif not isinstance(a, type) and has_methods(type(a)):
            own = own_methods(a, type(a))
            found.append((i, type(a), OWN, own) if own else (i, type(a)))
        elif type(a) in (list, tuple) and 0 < len(a) <= _MAX_ELEMENTS and len({type(e) for e in a}) == 1 \
                and has_methods(type(a[0])) and not any(own_methods(e, type(e)) for e in a):
            found.append((i, type(a[0]), "elements"))
    return (*found, *length_entries(args))


OWN = "own"     # (a classes entry's marker: the object holds functions of its own)


def own_methods(obj: Any, cls: type, names: Sequence[str] | None = None) -> tuple[tuple[Any, ...], ...]:
    """What ``obj.name(...)`` finds in the object itself rather than in its class ``cls``, by
    name (of ``names`` only, in their order, if given; else of its whole ``__dict__``, sorted):
    ``(name, function, True)`` for a method of the object itself stored as an attribute
    (statsmodels' ``self.loglikeobs = self._ll_nb2``), ``(name, function, False)`` for a plain
    function (``self.activation = relu``), ``(name, None, False)`` for any other value hiding a
    method of the class (``model.act = np.sin``: not inlined, so refused where called)."""
    own = getattr(obj, "__dict__", None)
    if not own:
        return ()
    found = []
    for name in sorted(own) if names is None else names:
        value = own.get(name, MISSING)
        if type(value) is types.FunctionType:
            found.append((name, value, False))
        elif type(value) is types.MethodType and value.__self__ is obj and type(value.__func__) is types.FunctionType:
            found.append((name, value.__func__, True))
        elif value is not MISSING and isinstance(class_held(cls, name), _METHODS):
            found.append((name, None, False))
    return tuple(found)


_METHODS = (types.FunctionType, staticmethod, classmethod)


def method_names(cls: type) -> tuple[str, ...]:
    """The names of the methods along ``cls``'s MRO (what an attribute of an instance can hide)."""
    return tuple(sorted({name for klass in cls.__mro__ for name, value in vars(klass).items()
                         if isinstance(value, _METHODS)}))


_MAX_ELEMENTS = 64      # (api/flat.py's MAX_ELEMENTS)


def without_lengths(classes: tuple) -> tuple:
    """The entries of ``classes`` that are not lengths of list arguments."""
    return tuple(entry for entry in classes if not is_length_entry(entry))


def bind_parameter_classes(lowering, params: list[Var], classes) -> None:
    """Parameters known (from the call) to be instances of these classes: their methods are
    inlined, as those of a record built in the function; list arguments whose length the call
    gives (argument_lengths.py)."""
    bind_lengths(lowering, params, [entry for entry in classes if is_length_entry(entry)])
    for index, cls, *more in without_lengths(classes):
        if index < len(params) and more and more[0] == FUNCTION:
            bind_function_parameter(lowering, params[index], more[1])
        elif index < len(params) and more and more[0] == FUNCTIONS:
            bind_function_sequence(lowering, params[index], cls, more[1])
        elif index < len(params):
            (element_classes if more == ["elements"] else record_classes)(lowering)[params[index]] = cls
            if more and more[0] == OWN:
                held_by_objects(lowering)[params[index]] = {name: (f, bound) for name, f, bound in more[1]}


def held_by_objects(lowering) -> dict:
    """The functions parameters' objects hold themselves (:func:`own_methods`), by value and name."""
    return lowering.__dict__.setdefault("_held_by_objects", {})


def own_method(lowering, node: ast.Call):
    """``obj.name(...)`` where ``obj`` is a parameter holding ``name`` itself (:func:`own_methods`):
    the function and whether it is bound to ``obj``, or None for any other call."""
    func = node.func
    value = aliasing.value_of(lowering.env.get(func.value.id)) if isinstance(func.value, ast.Name) else None
    held = held_by_objects(lowering).get(value, {}).get(func.attr) if isinstance(value, Var) else None
    if held is not None and held[0] is None:
        lowering._unsupported(node, f"calling `{ast.unparse(func)}`, which the object holds itself (set on it, "
                              "hiding its class's method) and is no function with source",
                              f"call a method of its class, or set `{func.attr}` to a `def` function")
    return held


def element_classes(lowering) -> dict:
    """The class of every element of a list or tuple value, where known while compiling."""
    return lowering.__dict__.setdefault("_element_classes", {})


def indexes_known_elements(lowering, node) -> bool:
    """Is ``node`` ``ps[k]`` of a list or tuple whose elements' class is known (its methods then
    inlined: ``ps[0].energy(x)``)?"""
    return (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and not isinstance(node.slice, ast.Slice)
            and aliasing.value_of(lowering.env.get(node.value.id)) in element_classes(lowering))


def read_from_known_elements(lowering, seq, read, sliced: bool = False):
    """``read`` (``ps[0]``, ``ps[1:]``, the item a loop over ``ps`` binds) of a list or tuple
    whose elements' class is known: an element of that class, or (``sliced``) a list of them."""
    cls = element_classes(lowering).get(aliasing.value_of(seq)) if isinstance(seq, Var) else None
    if cls is not None and isinstance(read, Var):
        (element_classes if sliced else record_classes)(lowering)[read] = cls
    return read


def record_property(lowering, base, attr: str):
    """The getter of the property ``attr`` of a run-time value whose class is known while
    compiling (a parameter's, a record's); None for any other attribute."""
    cls = known_class(lowering, base)
    if cls is None:
        return None
    found = lowering.dependencies.class_attribute(cls, attr)
    if isinstance(found, property) and isinstance(found.fget, types.FunctionType):
        return found.fget
    return None


def record_call(lowering, func: ast.Name):
    """``p(x)`` of a run-time value whose class is known while compiling and defines
    ``__call__`` (``self(x)`` inside a method): that method, to inline; None otherwise."""
    cls = known_class(lowering, lowering.env.get(func.id))
    found = lowering.dependencies.class_attribute(cls, "__call__") if cls is not None else MISSING
    return found if isinstance(found, types.FunctionType) else None


def known_class(lowering, value) -> type | None:
    """The class of a run-time value known while compiling (a parameter's, a record's), or None."""
    value = aliasing.value_of(value)
    return record_classes(lowering).get(value) if isinstance(value, Var) else None
