"""Lowering objects of user classes constructed inside the function: ``layer = Dense(2, 3)``,
``layer.forward(X)``, ``out = layer.output``, ``self.output = ...`` inside the methods.

Such an object is never built at run time. It is a ``LocalObject`` (values.py) the lowering
knows: its ``__init__`` and methods are inlined with ``self`` bound to it, and each attribute is
a value of the environment under the key ``"layer.output"``, so an attribute is an SSA value like
a local name: branches merge it, loops carry it (loops.py finds the attributes an iteration
rebinds), and an inlined call receives every object's attributes and gives them back when it
returns. A write into an attribute's array (``self.w[1:] += v``) rebinds the attribute as
``x[i] = v`` rebinds ``x``.

What the compiler cannot follow is refused where it happens: the object used as a value (passed
to a function that is not inlined, stored in a list, returned), a class whose construction is
not plain Python (``__new__``, a C base class), a class attribute that is not a constant.
Objects passed in (arguments, globals) keep their rule: their methods are inlined where they
only read attributes, and an attribute assignment to them is refused (the caller's object would
have to change)."""
from __future__ import annotations

import abc
import ast
import dataclasses
import inspect
import types

import numpy as np

from ..errors import UnsupportedSyntaxError
from ..ir import Atom, Const, Var
from . import aliasing
from .attribute_queries import attribute_of_a_module_or_class, attribute_query, presence_key
from .dict_setdefault import dict_get
from .object_copies import copied_object_list
from .property_setters import property_read, set_through_property
from .frozen_distributions import frozen_method_call, unfrozen_call
from .free_library_objects import free_distribution_call
from .record_views import record_view
from .runtime_isinstance import runtime_isinstance
from .replacing import replaced
from .static_records import replaced_record
from .records import construct_dataclass, construct_namedtuple, plain_dataclass, user_namedtuple
from .argument_lengths import MAX_LENGTH, ask_length
from .parameter_classes import indexes_known_elements, known_class, own_method, record_call
from .record_values import dataclass_as_record, made_records, record_method
from .source import MISSING
from .values import (LocalObject, MadeInLoop, ObjectValue, PythonFunction, Static, StaticDict, StaticSequence,
                     defining_class, is_user_class, loop_depth, outside_class)

_CONSTANTS = (bool, int, float, complex, str, type(None))


def _no_init(*args):
    return None      # object.__init__, as super().__init__() reaches it


def _is_super(node: ast.expr) -> bool:
    """``super()``, or ``super(Cls, self)`` as Python 2 code writes it (the class checked where
    the method is found)."""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "super"
            and len(node.args) in (0, 2) and not node.keywords)


def is_attribute_key(name: str) -> bool:
    """Is ``name`` (an environment key) an attribute of a local object rather than a user name?
    (User names never contain a dot; the names of held atoms contain a space.)"""
    return "." in name and " " not in name


def constructible(cls) -> bool:
    """A user class whose instances the lowering can build symbolically: defined in user code,
    plain Python construction (no ``__new__``, an ``__init__`` with source if any), not a
    dataclass or NamedTuple (parameter containers: fields.py), not a subclass of a built-in."""
    if not isinstance(cls, type) or not is_user_class(cls):
        return False
    if dataclasses.is_dataclass(cls) or any(base is not object and base.__module__ == "builtins"
                                            for base in cls.__mro__):
        return False
    if cls.__new__ is not object.__new__ or type(cls) not in (type, abc.ABCMeta) \
            or getattr(cls, "__abstractmethods__", None):
        return False            # (ABCMeta only checks that no method is left abstract, as here)
    if cls.__setattr__ is not object.__setattr__ or cls.__getattribute__ is not object.__getattribute__ \
            or hasattr(cls, "__getattr__"):
        return False            # (attribute access that is not plain storage)
    return cls.__init__ is object.__init__ or isinstance(cls.__init__, types.FunctionType)


_CONSTANT_CLASSES = (str, int, float, bool, complex, tuple, type(None))    # (exact: no subclass of them)


class ObjectLowering:
    """Objects constructed inside the function; a mixin of ``_Lowering`` (frontend/lowering.py)."""

    def _construct(self, node: ast.Call, cls: type, name: str | None) -> LocalObject:
        """``Cls(args)``: a new symbolic object, its ``__init__`` inlined."""
        label = name if name in self.names.user else cls.__name__.lower()    # (not `out` of `return Cls()`)
        obj = LocalObject(cls, self.names.fresh(label, own=True))
        self.made_objects.append(obj.key)
        if (init := self.dependencies.class_attribute(cls, "__init__")) is not object.__init__:
            self._inline(node, init, receiver=obj, procedure=True)
        elif node.args or node.keywords:
            self._unsupported(node, f"arguments to `{cls.__name__}()`, which has no `__init__`",
                              "call it without arguments")
        return obj

    @property
    def made_objects(self) -> list[str]:
        """The keys of the objects made so far, in order (a loop's body made those after its mark)."""
        return self.__dict__.setdefault("_made_objects", [])

    def _local_object(self, node: ast.expr) -> LocalObject | None:
        """The local object ``node`` names (``layer``, ``self``, ``self.state``), found without
        lowering anything; None if it names none."""
        if isinstance(node, ast.Name):
            value = self.env.get(node.id)
        elif isinstance(node, ast.Attribute):
            owner = self._local_object(node.value)
            value = self.env.get(owner.attribute_key(node.attr)) if owner is not None else None
        elif isinstance(node, ast.Subscript):
            value = self._listed_object(node)
        else:
            return None
        return value if isinstance(value, LocalObject) else None

    def _known_class_of(self, node: ast.expr) -> type | None:
        """The class of the object ``node`` names where it is known while compiling: a local
        object's, or a record's or parameter's (``case Dense(W, b):`` of a dataclass object passed
        to a helper: parameter_classes.py); None otherwise. Found without lowering anything."""
        if (owner := self._local_object(node)) is not None:
            return owner.cls
        if not isinstance(node, ast.Name):
            return None
        value = self.env.get(node.id)
        if isinstance(value, Const) and type(value.value) in _CONSTANT_CLASSES:
            return type(value.value)        # `match kind:` of a helper given ("scaled", 3.0) or "relu"
        if isinstance(self.displays.get(value), tuple):
            return tuple
        return known_class(self, value)

    def _classes_named(self, node: ast.expr) -> tuple | None:
        """The classes ``node`` names as ``isinstance``'s second argument: ``Dense``, ``(list,
        tuple)``, ``tuple | list``; None where it names something else."""
        if isinstance(node, ast.Tuple):
            parts = [self._classes_named(e) for e in node.elts]
            return None if None in parts else tuple(c for part in parts for c in part)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            left, right = self._classes_named(node.left), self._classes_named(node.right)
            return None if left is None or right is None else left + right
        found = self._resolve(node) if isinstance(node, (ast.Name, ast.Attribute)) else MISSING
        if isinstance(found, type):
            return (found,)
        if isinstance(found, tuple) and found and all(isinstance(c, type) for c in found):
            return found
        return None

    def _listed_object(self, node: ast.Subscript):
        """``layers[0]``, ``self.nodes[-1]``, ``layers[i]`` (``i`` a constant or an unrolled loop's
        counter) of a list of objects known while compiling (object_lists.py), ``named["a"]`` of
        such a dict; None otherwise."""
        key = self._env_key(node.value) if isinstance(node.value, (ast.Name, ast.Attribute)) else None
        items = self.env.get(key) if key is not None else None
        if isinstance(items, StaticDict) and isinstance(node.slice, ast.Constant):
            return items.items.get(node.slice.value)       # named["a"] of a dict display of objects
        k = self._constant_index(node.slice)
        if not isinstance(items, StaticSequence) or not isinstance(k, int) or not -len(items.items) <= k < len(items.items):
            return None
        return items.items[k]

    def _constant_index(self, node: ast.expr):
        """The integer ``node`` is while compiling, found without lowering anything: a constant, a
        name holding one (an unrolled loop's counter), ``-k``, ``idx - 1``; None otherwise."""
        if isinstance(node, ast.Constant):
            return node.value if type(node.value) is int else None
        if isinstance(node, ast.Name):
            value = self.env.get(node.id)
            return value.value if isinstance(value, Const) and type(value.value) is int else None
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            k = self._constant_index(node.operand)
            return None if k is None else -k
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult)):
            a, b = self._constant_index(node.left), self._constant_index(node.right)
            if a is None or b is None:
                return None
            return a + b if isinstance(node.op, ast.Add) else a - b if isinstance(node.op, ast.Sub) else a * b
        return None

    def _env_key(self, node: ast.expr) -> str | None:
        """The environment key of a name or of a local object's attribute (None for others)."""
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Attribute) and (owner := self._local_object(node.value)) is not None:
            return owner.attribute_key(node.attr)
        return None

    def _read_attribute(self, obj: LocalObject, node: ast.Attribute):
        """``obj.attr``: the value last assigned to it; else the class's method (bound to the
        object), property (its getter inlined) or constant."""
        key = obj.attribute_key(node.attr)
        if key in self.env:
            return self._load(ast.copy_location(ast.Name(id=key, ctx=ast.Load()), node))
        found = self.dependencies.class_attribute(obj.cls, node.attr)
        label = f"{obj.key}.{node.attr}"
        if isinstance(found, staticmethod):
            return PythonFunction(found.__func__, label)
        if isinstance(found, types.FunctionType):
            return PythonFunction(found, label, receiver=obj)
        if (value := property_read(self, obj, node, found)) is not None:
            return value            # a property's getter inlined; a cached_property's stored (property_setters.py)
        if isinstance(found, _CONSTANTS) or (type(found) is tuple and all(isinstance(v, _CONSTANTS) for v in found)):
            return Const(found)             # (a tuple of them too: `names = ("log_Md", "r_d")`, immutable)
        if (path := self._class_constant_path(obj.cls, node.attr, found)) is not None:
            return self._free_value(self.parsed, path, node)   # scipy's RK45.A: read at call time, as a global
        if found is MISSING and self.unreachable:
            return Const(None)      # on a path that never runs (`if hasattr(self, "offset"): ...`)
        if found is MISSING:
            self._unsupported(node, f"reading `{label}` before it is assigned (`{obj.cls.__name__}` objects "
                              f"get it nowhere before this line)",
                              f"assign `{node.attr}` in `__init__` or in a method called before")
        self._unsupported(node, f"the class attribute `{obj.cls.__name__}.{node.attr}` "
                          f"({type(found).__name__}) of an object made inside the function",
                          "make it a number or string constant, or assign it in `__init__`")

    def _class_constant_path(self, cls: type, attr: str, found) -> str | None:
        """``Cls.attr`` for an array the class (or a base) holds where the method's module names
        the class (a Butcher tableau as class attributes); None otherwise."""
        if not isinstance(found, np.ndarray) or "." in cls.__qualname__:
            return None
        return f"{cls.__name__}.{attr}" if self.parsed.lookup(cls.__name__) is cls else None

    def _set_attribute(self, target: ast.Attribute, value) -> bool:
        """``obj.attr = value`` on a local object: the attribute is rebound (False if ``target``
        is no local object's attribute). An object from outside the function is refused."""
        owner = self._local_object(target.value)
        if owner is None:
            self._refuse_outside_write(target)
            return False
        if owner.key in made_records(self):
            self._unsupported(target, f"assigning to `{ast.unparse(target)}` after {owner.describe()} was rebound "
                              "in a loop (built there as a record, which the assignment would not reach)",
                              "make a new instance instead: dataclasses.replace(obj, name=value)")
        if dataclasses.is_dataclass(owner.cls) and owner.cls.__dataclass_params__.frozen:
            self._unsupported(target, f"assigning to `{ast.unparse(target)}` of a frozen dataclass (Python raises "
                              "FrozenInstanceError)", "make a new instance: dataclasses.replace(obj, name=value)")
        if target.attr in (getattr(owner.cls, "_fields", None) or ()) and issubclass(owner.cls, tuple):
            self._unsupported(target, f"assigning to `{ast.unparse(target)}`, a field of the NamedTuple "
                              f"`{owner.cls.__name__}` (Python raises AttributeError)",
                              f"make a new one: `{ast.unparse(target.value)}._replace({target.attr}=...)`")
        if set_through_property(self, target, owner, value):
            return True                       # psi_x = property(_get_psi_x, _set_psi_x)
        if hasattr(self.dependencies.class_attribute(owner.cls, target.attr), "__set__"):
            self._unsupported(target, f"assigning to `{ast.unparse(target)}`, a property or descriptor of "
                              f"`{owner.cls.__name__}`", "assign a plain attribute")
        self.env[owner.attribute_key(target.attr)] = value
        if presence_key(owner.attribute_key(target.attr)) in self.env:      # (set on some paths before)
            self.env[presence_key(owner.attribute_key(target.attr))] = Const(True)
        return True

    def _refuse_outside_write(self, target: ast.Attribute) -> None:
        """``model.w = v`` where ``model`` is an argument, a global or the differentiated
        method's ``self``: Python would change the caller's object, which generated code never
        does."""
        base = target.value
        if isinstance(base, ast.Name) and base.id not in self.env:
            what = "a global or closure object"
        elif isinstance(base, ast.Name) and isinstance(self.env[base.id], ObjectValue):
            what = "an object from outside the function"
        else:
            what = "a value passed in or computed by the function"
        self._unsupported(target, f"assigning to the attribute `{ast.unparse(target)}` of {what} "
                          "(the caller's object would change)",
                          "construct the object inside the differentiated function, or keep the value "
                          "in a local name and return it")

    def _text_of_object(self, node: ast.Call) -> Atom | None:
        """``str(obj)`` / ``repr(obj)`` of an object made in the function whose class writes
        ``__str__`` / ``__repr__`` (numpy-ml's ``str(self.lr_scheduler)``): that method,
        inlined (a string, no derivative); None for any other call."""
        func = node.func
        if not (isinstance(func, ast.Name) and func.id not in self.env and len(node.args) == 1 and not node.keywords
                and (builtin := self._resolve(func)) in (str, repr)
                and (owner := self._local_object(node.args[0])) is not None):
            return None
        for method in ("__str__", "__repr__") if builtin is str else ("__repr__",):
            found = self.dependencies.class_attribute(owner.cls, method)
            if isinstance(found, types.FunctionType) and is_user_class(found):
                call = ast.Call(func=ast.Attribute(value=node.args[0], attr=method, ctx=ast.Load()), args=[],
                                keywords=[])
                return self._inline(ast.copy_location(call, node), found, receiver=owner)
        return None

    def _local_call(self, node: ast.Call, name: str | None):
        """``layer.forward(x)`` on a local object, or ``Cls(...)`` of a constructible user
        class; None for any other call."""
        func = node.func
        if (frozen := frozen_method_call(self, node, name)) is not MISSING:
            return frozen                                 # rv.logpdf(x), rv = norm(0, 1)
        if (got := dict_get(self, node, name)) is not None:
            return got                                    # config.get('velocity', v0): dict_setdefault.py
        if any(k.arg is None for k in node.keywords) and not any(isinstance(a, ast.Starred) for a in node.args) \
                and self._calls_a_method_here(func):
            return self._spread_call(node, name)       # super().__init__(x, **kwargs): spelled out first
        if isinstance(func, ast.Attribute) and _is_super(func.value) and (found := self._super_method(func)):
            return self._call_value(node, found, name)         # super().__init__(w) in a method
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Call) \
                and (unfrozen := unfrozen_call(node, self._resolve)) is not None:
            return self._call(unfrozen, name)            # norm(mu, 1).pdf(x): norm.pdf(x, mu, 1)
        if (called := free_distribution_call(self, node, name)) is not None:
            return called                                # NOISE.logpdf(r) of a global: free_library_objects.py
        if isinstance(func, ast.Attribute) and (isinstance(func.value, ast.Call) or indexes_known_elements(self, func.value)
                                                or self._operates_on_objects(func.value)):
            return self._method_of_result(node, name)      # (ps[0].energy(x): parameter_classes.py)
        if isinstance(func, ast.Attribute) and (view := self._dict_view(node)) is not None:
            return view                                   # d.items() of a dict built here (dicts.py)
        if isinstance(func, ast.Name) and func.id not in self.env and len(node.args) == 2 and not node.keywords \
                and (owner := self._known_class_of(node.args[0])) is not None and self._resolve(func) is isinstance:
            classes = self._classes_named(node.args[1])   # isinstance(layer, Dense): known now
            if classes is not None:
                return Const(issubclass(owner, classes))
        if isinstance(func, ast.Name) and func.id not in self.env and len(node.args) == 2 and not node.keywords \
                and self._resolve(func) is isinstance and self._computed_here(node.args[0]) \
                and (classes := self._classes_named(node.args[1])) and any(constructible(c) for c in classes):
            return runtime_isinstance(self, node)     # False, checked when it runs (runtime_isinstance.py)
        if isinstance(func, ast.Name) and func.id not in self.env and len(node.args) >= 2 \
                and (owner := self._local_object(node.args[0])) is not None \
                and (builtin := self._resolve(func)) in (getattr, hasattr):
            return attribute_query(self, node, owner, builtin)      # getattr(self, "offset", 0)
        if (copied := copied_object_list(self, node)) is not None:
            return copied                            # set(_children) of objects: object_lists.py
        if (text := self._text_of_object(node)) is not None:
            return text                          # str(self.lr_scheduler): its class's __str__, inlined
        if isinstance(func, ast.Name) and func.id not in self.env and self._resolve(func) in (getattr, hasattr) \
                and (named := attribute_of_a_module_or_class(self, node, self._resolve(func))) is not None:
            return named                            # getattr(optim, update_rule), a known name: attribute_queries.py
        if (fields := record_view(self, node, name)) is not None:
            return fields                   # p._asdict(), dataclasses.asdict(d) / astuple(d): record_views.py
        if (made := replaced_record(self, node, name)) is not None:
            return made                     # opt._replace(update=f) of a NamedTuple of functions: static_records.py
        if (made := replaced(self, node, name)) is not None:
            return made                     # p._replace(b=v), dataclasses.replace(d, b=v): replacing.py
        if isinstance(func, ast.Attribute) and (held := own_method(self, node)) is not None:
            return self._inline(node, held[0], receiver=self._expr(func.value) if held[1] else None)  # self.loglikeobs
        if isinstance(func, ast.Attribute) and (method := record_method(self, func)) is not None:
            return self._inline(node, method, receiver=self._expr(func.value))     # p.predict(X) of a record
        if isinstance(func, ast.Name) and (method := record_call(self, func)) is not None:
            return self._inline(node, method, receiver=self._expr(func))           # self(x): its __call__
        if isinstance(func, ast.Attribute) and (owner := self._local_object(func.value)) is not None:
            method = self._read_attribute(owner, func)
            if not isinstance(method, Static):
                self._unsupported(node, f"calling `{ast.unparse(func)}`, a value of the object",
                                  "call one of its class's methods")
            return self._call_value(node, method, name)
        if isinstance(func, (ast.Name, ast.Attribute)) and not (
                isinstance(func, ast.Name) and func.id in self.env and not _names_a_class(self.env[func.id])):
            return self._construct_any(node, self._resolve(func), name)   # `Model(...)`, `gen(...)` of a class passed as `gen`
        return None

    def _construct_any(self, node: ast.Call, cls, name: str | None):
        """``Cls(args)`` of a user class named in the code or held by a name (``net_class(...)``
        of a parameter whose value, or default, is a class); None if ``cls`` is no such class.
        ``Cls(*pair)``, ``Cls(**opts)``: the call with the elements spelled out first."""
        if cls is not MISSING and (constructible(cls) or plain_dataclass(cls) or user_namedtuple(cls)) and (
                any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords)):
            return self._spelled_out_call(node, name)
        if cls is not MISSING and constructible(cls):
            return self._construct(node, cls, name)
        if cls is not MISSING and plain_dataclass(cls):
            return construct_dataclass(self, node, cls, name)          # records.py
        if cls is not MISSING and user_namedtuple(cls):
            return construct_namedtuple(self, node, cls, name)
        return None

    def _computed_here(self, node: ast.expr) -> bool:
        """Is ``node`` a name for a value the function computed (not a parameter, not an object
        passed in), or an element read from one (``xs[i]``)?"""
        if isinstance(node, ast.Subscript):
            return True
        value = self.env.get(node.id) if isinstance(node, ast.Name) else None
        return isinstance(value, Var) and value not in self.parameters

    def _operates_on_objects(self, node: ast.expr) -> bool:
        """Is ``node`` an operator applied to an object made in the function (``(b + a).relu()``,
        ``(V(x) * 2).norm()``: the class's ``__add__`` gives the object whose method is called)?"""
        return isinstance(node, (ast.BinOp, ast.UnaryOp)) and any(
            self._local_object(sub) is not None if isinstance(sub, (ast.Name, ast.Attribute)) else self._constructs(sub)
            for sub in ast.walk(node) if isinstance(sub, (ast.Name, ast.Attribute, ast.Call)))

    def _constructs(self, call: ast.Call) -> bool:
        """Is ``call`` ``Cls(...)`` of a class whose objects the lowering builds (``(V(x) + V(y)).norm()``)?"""
        try:
            return isinstance(call.func, (ast.Name, ast.Attribute)) and constructible(self._resolve(call.func))
        except UnsupportedSyntaxError:          # (a name not defined: not a class)
            return False

    def _calls_a_method_here(self, func: ast.expr) -> bool:
        """Is ``func`` ``super().name`` or ``obj.name`` of an object made in the function?"""
        return isinstance(func, ast.Attribute) and (_is_super(func.value) or self._local_object(func.value) is not None)

    def _super_method(self, func: ast.Attribute):
        """``super().name`` inside a method of a local object: the method of the next class in
        the object's MRO after the class defining the running method (None if not such a call)."""
        params = list(inspect.signature(self.parsed.func).parameters) if callable(self.parsed.func) else []
        owner = self.env.get(params[0]) if params else None
        cls = owner.cls if isinstance(owner, LocalObject) else outside_class(owner) or known_class(self, owner)
        if cls is None:
            return None
        mro = cls.__mro__
        defining = defining_class(self.parsed.func)
        if func.value.args:                 # super(Cls, self): the class after Cls in self's MRO
            named, instance = func.value.args
            defining = self._resolve(named)
            if not (isinstance(instance, ast.Name) and instance.id == params[0] and defining in mro):
                self._unsupported(func.value, f"`{ast.unparse(func.value)}` other than in a method, "
                                  f"with its class and `{params[0]}`", "write `super()`")
        if defining is None:
            return None
        for cls in mro[mro.index(defining) + 1:]:
            found = vars(cls).get(func.attr, MISSING)
            self.dependencies.class_attribute(cls, func.attr)       # (what super() found, or did not)
            if cls is object and func.attr == "__init__":
                return PythonFunction(_no_init, "object.__init__")
            if isinstance(found, types.FunctionType):
                return PythonFunction(found, f"super().{func.attr}", receiver=owner)
            if found is not MISSING:
                break
        self._unsupported(func, f"`super().{func.attr}` here", "call the base class's method by name")

    def _method_of_result(self, node: ast.Call, name: str | None):
        """``Loss().calculate(p, y)``, ``Fitter(...).fit(x, y).predict(x)``: the call before the
        dot is lowered once; the method is then called on what it gave."""
        func = node.func
        with self._holding() as hold:
            held = hold(self._expr(func.value), func.value)
            method = ast.copy_location(ast.Attribute(value=held, attr=func.attr, ctx=ast.Load()), func)
            return self._call(ast.copy_location(ast.Call(func=method, args=node.args, keywords=node.keywords),
                                                node), name)

    # Through inlined calls ------------------------------------------------------------------
    def _objects_in(self, env: dict) -> dict:
        """The attributes of local objects in ``env``: what an inlined call receives."""
        return {k: v for k, v in env.items() if is_attribute_key(k)}

    def _objects_back(self, callee_env: dict) -> None:
        """An inlined call returned: the attributes it left become the caller's."""
        self.env.update(self._objects_in(callee_env))

    def _changed_attributes(self, before: dict, end: dict, carried: list, made: set) -> list[str]:
        """Attributes which one iteration of a loop rebinds (a method's ``self.h = ...``), of
        objects made before the loop (not in ``made``, the objects its body made): the loop
        must carry them too. (The object may be reached any way: a name, a bound method, a
        lambda's closure.)"""
        names = {n for n, _ in carried}
        return [k for k, v in end.items()
                if is_attribute_key(k) and k not in names and k.split(".")[0] not in made
                and not aliasing.hard(v) and aliasing.value_of(v) != aliasing.value_of(before.get(k))]

    def _refuse_attribute_changes(self, region_env: dict, node: ast.AST) -> None:
        """A region whose environment is dropped (a ``while`` test) must not change objects."""
        for key, value in region_env.items():
            if is_attribute_key(key) and value is not self.env.get(key):
                self._unsupported(node, f"a `while` test that changes `{key}` (an attribute of an object made "
                                  "inside the function)", "call the method before the loop and at the end of its body")

    def _object_as_value(self, value: LocalObject | MadeInLoop, node: ast.AST) -> Atom:
        if isinstance(value, MadeInLoop):
            self._unsupported(node, f"using {value.describe()}",
                              "make the object before the loop, or keep what you need from it in a plain name")
        if (record := dataclass_as_record(self, value, node, "using {} as a value")) is not None:
            return record                  # a dataclass in a list, returned: built at run time (record_values.py)
        if _puts_in_a_container(node) and loop_depth(self):
            ask_length(self)            # (a loop over a list argument: unrolled for its length)
            self._unsupported(node, f"putting {value.describe()} in a list inside a loop whose number of "
                              "iterations is known only at run time (a list of objects made in the function is known "
                              "only while compiling: each iteration would add another)",
                              "loop over `range` of a number known while compiling or over a list argument of at "
                              f"most {MAX_LENGTH} items (unrolled), make the list before "
                              "the loop (`layers = [Dense(...), Dense(...)]`, then `for layer in layers:`), keep "
                              f"the values you need from it in lists (`hs.append({value.key}.h)`), or make "
                              f"`{value.cls.__name__}` a NamedTuple or dataclass with array fields (built at run time)")
        if _puts_in_a_container(node):
            self._unsupported(node, f"putting {value.describe()} in a list or other container (only its "
                              "attributes and methods are compiled: it is never built at run time)",
                              f"keep the values you need from it in lists (`hs.append({value.key}.h)`), or make "
                              f"`{value.cls.__name__}` a NamedTuple or dataclass with array fields (built at run time)")
        self._unsupported(node, f"{value.describe()} used as a value here (only its attributes and "
                          "methods are compiled: it is never built at run time)",
                          f"read its attributes (`{value.key}.<name>`) and pass those, or call its methods")


def _puts_in_a_container(node: ast.AST) -> bool:
    """``xs.append(obj)``, ``xs.insert(i, obj)``, ``[obj, ...]``, ``{"k": obj}``: ``node`` keeps
    a value in a container."""
    if isinstance(node, (ast.List, ast.Tuple, ast.Dict, ast.Set)):
        return True
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in (
        "append", "insert", "extend")


def _names_a_class(value) -> bool:
    """A local name holding a class passed as a value (``value_function_generator=TDLambda``)."""
    return isinstance(value, PythonFunction) and isinstance(value.obj, type) and value.receiver is None
