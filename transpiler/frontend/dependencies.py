"""What a lowered function took for granted about the world outside its own source, so that a
cached derivative is used only while that still holds.

Lowering inlines the source of every user function a call reaches and decides what each name
means (a NumPy primitive, a custom rule, a helper to inline, a dtype). A cached derivative is
right only while those meanings are unchanged: ``g`` rebound in its module (a notebook re-run of
``def g``), ``f.__code__`` or ``g.__defaults__`` replaced, a closure cell now holding another
function, a custom rule registered after the derivative was compiled. :class:`Dependencies`
records each of these facts during lowering, and :meth:`Dependencies.current` checks them all on
every call of a cached derivative: a handful of identity comparisons in one generated function,
no parsing. Values a function reads (arrays, numbers) are not facts of this kind: the generated
code reads them afresh on every call, except a constant folded where the code needs a static
value (``np.pad(x, 1, mode=MODE)``): :meth:`Dependencies.folded` records it, checked by equality.

Functions and other objects are referred to weakly where they allow it: the caches keyed by a
function hold its dependencies, and these must not keep the function (or its closure) alive.
"""
from __future__ import annotations

import functools
import inspect
import types
import weakref
from typing import Any, Callable

from .imports import import_origins
from .source import MISSING, ParsedFunction, path_step
from ..primitives import registry

# Modules whose attributes are taken to be constant (nobody rebinds ``np.sum``): a chain
# ``np.linalg.norm`` depends on what ``np`` names, not on each attribute along it.
LIBRARIES = ("numpy", "math")


class Dependencies:
    """The facts one lowering relied on; :meth:`current` says whether they all still hold."""

    def __init__(self):
        self._functions: list[tuple] = []       # (weak reference, code, id of globals) per function lowered
        self._function_index: dict[int, int] = {}
        self._defaults: dict[int, tuple] = {}    # function index -> defaults a call relied on
        self._globals: dict[int, int] = {}       # id of a globals dict -> a function that reads it
        self._names: dict[tuple, tuple] = {}     # (id of globals or cell, path) -> (scope, function index,
        #                                        cell or builtin or None, the object or a weak reference)
        self._class_attributes: dict[tuple, Any] = {}   # (class, name) -> what its MRO held (class_attribute)
        self._rules_version = registry.RULES_CHANGED[0]
        self._check: Callable[[], bool] | None = None

    def inlined(self, parsed: ParsedFunction) -> int:
        """``parsed`` was lowered (the root function or a helper inlined into it): its code must
        stay what it is now. Returns its index."""
        func = parsed.func
        if id(func) not in self._function_index:
            self._function_index[id(func)] = len(self._functions)
            self._functions.append((weakref.ref(func), func.__code__, id(func.__globals__)))
            self._globals.setdefault(id(func.__globals__), self._function_index[id(func)])
            self._check = None
        return self._function_index[id(func)]

    def used_defaults(self, parsed: ParsedFunction) -> None:
        """A call of ``parsed`` took some of its default values (inlined as constants)."""
        self._defaults[self.inlined(parsed)] = parsed.func.__defaults__
        self._check = None

    def resolved(self, parsed: ParsedFunction, path: str, obj: Any) -> None:
        """Lowering took the name or attribute chain ``path``, read in ``parsed``, to mean
        ``obj``. Recorded when ``obj`` decides what the code is (a function, a module, a class,
        any callable); values are read at call time and need no record."""
        if obj is MISSING or not (callable(obj) or isinstance(obj, types.ModuleType)):
            return
        if isinstance(obj, types.MethodType) and isinstance(obj.__func__, types.FunctionType):
            # a method of a user's object (`self.act`): made afresh on each access, but the function
            # its class holds is what the code inlined (a class's method replaced must recompile)
            self._record(parsed, f"{path}.__func__", obj.__func__)
            return
        if not isinstance(obj, types.ModuleType) \
                and not isinstance(getattr(obj, "__self__", None), (types.ModuleType, type(None))):
            return          # a bound method (W.sum of an array): made afresh on each access
        # (a module is asked for no ``__self__``: NumPy's module ``__getattr__`` runs, in Python,
        # and raises for it, at every ``np.`` the function reads)
        self._record(parsed, path, obj)

    def class_attribute(self, cls: type, name: str) -> Any:
        """What the class ``cls`` holds as ``name`` (looked up along its MRO, as
        ``inspect.getattr_static`` does; MISSING if nothing), recorded: lowering inlined the
        method, property or constant it found there (``model.predict(x)`` of an object passed
        in, whose class is the call's: frontend/parameter_classes.py), so the code is right only
        while the class holds that same object (``Model.predict = other`` recompiles)."""
        found = class_held(cls, name)
        if (cls, name) not in self._class_attributes:
            self._class_attributes[(cls, name)] = found
            self._check = None
        return inspect.getattr_static(cls, name, MISSING) if found is MISSING else found

    def folded(self, parsed: ParsedFunction, path: str, value: Any) -> None:
        """Lowering compiled the value of the free name ``path`` (a string, a number, a tuple of
        them: frontend/static_values.py) into the code: a value not equal to it (of another type,
        or another value) is a change like a rebound function."""
        self._record(parsed, path, _Folded(value))

    def _record(self, parsed: ParsedFunction, path: str, obj: Any) -> None:
        head, _, rest = path.partition(".")
        scope, root = parsed.scope_of(head)
        if scope == "imports":      # bound by an import in the function itself, run on every call
            self._record_imported(parsed, head, rest, root, obj)
            return
        if rest and isinstance(root, types.ModuleType) and root.__name__.split(".")[0] in LIBRARIES:
            return          # np.sin: covered by what `np` names
        index = self.inlined(parsed)
        where = {"closure": parsed.closure.get(head), "builtins": root}.get(scope)   # a cell, the builtin
        namespace = id(where) if scope == "closure" else id(parsed.func.__globals__)
        if (namespace, path) not in self._names:     # (helpers of one module share their globals)
            library = isinstance(obj, types.ModuleType) and obj.__name__.split(".")[0] in LIBRARIES
            # (a library module holds no user function: kept as it is, one call fewer per check)
            kept = obj if library or isinstance(obj, _Folded) else _weak_if_possible(obj)
            self._names[(namespace, path)] = (scope, index, where, kept)
            self._check = None

    def _record_imported(self, parsed: ParsedFunction, head: str, rest: str, root: Any, obj: Any) -> None:
        """``h`` of ``from m import h`` or ``m.h`` of ``import m`` in the function: what ``m``
        holds as ``h`` when the function is called (the module itself is the same on every call)."""
        origin = import_origins(parsed).get(head)
        module, steps = (origin[0], (origin[1], *filter(None, [rest]))) if origin else (root, tuple(rest.split(".")))
        if not (origin or rest) or not isinstance(module, types.ModuleType) \
                or module.__name__.split(".")[0] in LIBRARIES:
            return
        key = (id(module), ".".join(steps))
        if key not in self._names:
            self._names[key] = ("imports", self.inlined(parsed), module, _weak_if_possible(obj))
            self._check = None

    def current(self) -> bool:
        """Do all the recorded facts still hold?"""
        return self.checker()()

    def checker(self) -> Callable[[], bool]:
        """A function of no arguments answering :meth:`current`, cheap enough to be called on
        every call of a cached derivative."""
        if self._check is None:
            self._check = self._compile_check()
        return self._check

    def _compile_check(self) -> Callable[[], bool]:
        """One generated function testing every fact: attribute reads and ``is`` tests only. Every
        name and path it reads is a global of its own (``n0``, ``a0``), not a literal in its text:
        lowerings that relied on facts of one form share one text, compiled once."""
        env: dict[str, Any] = {"rules_changed": registry.RULES_CHANGED,
                               "version": self._rules_version, "walk": _walk, "same": same_constant,
                               "held": class_held, "missing": MISSING}
        lines = ["def current():", "    try:"]
        for i, (ref, code, _) in enumerate(self._functions):
            env[f"r{i}"], env[f"c{i}"] = ref, code
            test = f"f{i} is None or f{i}.__code__ is not c{i}"
            if i in self._defaults:
                env[f"d{i}"] = self._defaults[i]
                test += f" or f{i}.__defaults__ is not d{i}"
            lines += [f"        f{i} = r{i}()", f"        if {test}:", "            return False"]
        globals_of = {}
        for k, i in enumerate(self._globals.values()):
            globals_of[i] = f"g{k}"
            lines.append(f"        g{k} = f{i}.__globals__")
        tests = ["rules_changed[0] == version"]     # no custom rule (re-)registered since
        for j, ((_, path), (scope, i, where, expected)) in enumerate(self._names.items()):
            head, *attrs = path.split(".")
            if scope == "imports":          # (the path is the module's attributes: _record_imported)
                env[f"w{j}"], env[f"e{j}"], env[f"a{j}"] = where, expected, (head, *attrs)
                tests.append(f"walk(w{j}, a{j}) is e{j}" + ("() is not None" if isinstance(expected, weakref.ref) else ""))
                continue
            module_globals = globals_of[self._globals[self._functions[i][2]]]
            env[f"w{j}"], env[f"e{j}"], env[f"n{j}"], env[f"a{j}"] = where, expected, head, tuple(attrs)
            if scope == "builtins":             # and not shadowed by a global since
                tests.append(f"n{j} not in {module_globals}")
                if not attrs:
                    continue
                value = f"w{j}"
            elif scope == "closure":
                value = f"w{j}.cell_contents"
            else:
                value = f"{module_globals}[n{j}]"
            if attrs:
                value = f"walk({value}, a{j})"
            if isinstance(expected, _Folded):
                env[f"e{j}"] = expected.value
                tests.append(f"same({value}, e{j})")
            else:
                tests.append(f"{value} is e{j}() is not None" if isinstance(expected, weakref.ref)
                             else f"{value} is e{j}")
        for k, ((cls, name), held) in enumerate(self._class_attributes.items()):
            env[f"k{k}"], env[f"h{k}"], env[f"m{k}"] = weakref.ref(cls), held, name   # (a class collected: AttributeError)
            read = getattr(cls, name, MISSING)
            if read is getattr(cls, name, MISSING) and (held is MISSING or read is held):
                # a function, a property, a constant, nothing: reading the class gives the object
                # its MRO holds (Python's attribute cache makes this one fast lookup)
                env[f"h{k}"] = read
                tests.append(f"getattr(k{k}(), m{k}, missing) is h{k}")
            else:                           # (a classmethod: bound afresh on each read)
                tests.append(f"held(k{k}(), m{k}) is h{k}")
        lines.append("        return (" + "\n                and ".join(tests) + ")")
        lines.append("    except (KeyError, ValueError, AttributeError):     # a global deleted, a closure cell emptied")
        lines.append("        return False")
        exec(_compiled_check("\n".join(lines) + "\n"), env)
        return env.pop("current")      # (not left in its own globals: freed without the collector)


@functools.lru_cache(maxsize=256)
def _compiled_check(text: str) -> types.CodeType:
    """The code of a checker's text, compiled once (``compile`` was about 1.5 ms of each first
    call): each lowering runs it in an ``env`` of its own."""
    return compile(text, "<transpiler dependency check>", "exec")


class _Folded:
    """The value of a free name compiled into the code (compared by :func:`same_constant`)."""

    def __init__(self, value: Any):
        self.value = value


def same_constant(value: Any, expected: Any) -> bool:
    """``value`` is the constant ``expected``: the same type (``1`` is not ``True`` nor ``1.0``,
    which mean other things as an axis) and equal, element by element for a tuple."""
    if type(value) is not type(expected):
        return False
    if type(value) is tuple:
        return len(value) == len(expected) and all(map(same_constant, value, expected))
    return bool(value == expected)


def class_held(cls: type, name: str) -> Any:
    """The object the first class along ``cls``'s MRO holding ``name`` holds (MISSING if none):
    what ``inspect.getattr_static(cls, name)`` finds, less the metaclass's attributes, in a few
    dictionary lookups (this runs on every call of a cached derivative)."""
    for klass in cls.__mro__:
        held = klass.__dict__.get(name, MISSING)
        if held is not MISSING:
            return held
    return MISSING


def _walk(obj: Any, attrs: tuple[str, ...]) -> Any:
    for attr in attrs:
        obj = path_step(obj, attr)
    return obj


def _weak_if_possible(obj: Any) -> Any:
    """A weak reference where the object takes one (functions, modules, classes); builtins and
    ufuncs, which do not, are kept themselves (they hold no user function)."""
    try:
        return weakref.ref(obj)
    except TypeError:
        return obj
