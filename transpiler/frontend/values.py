"""Values the lowering knows at transform time and keeps out of the SSA code: functions (a NumPy
function or user function named as a value, a lambda, a nested ``def``), user objects whose
methods are called, and lists, tuples and dicts holding functions.

They live in the lowering's environment next to SSA atoms. A call of one is decided while
lowering: a primitive, or the function's body inlined. Where an SSA value is needed instead (an
argument of a primitive, a loop-carried name, the function's result) ``as_atom`` says so: an
object is read at call time like any free value; a function is refused there, with its location.
"""
from __future__ import annotations

import ast
import textwrap
import inspect
import functools
import types
from dataclasses import dataclass, field
from typing import Any, Callable

from ..errors import Location
from ..ir import Const, Copy, Var
from ..ir.nodes import walk_run
from ..ir.code import child_nodes
from ..primitives import lists
from ..primitives.indexing import LIST
from ..primitives.pieces import returns_list, returns_sequence
from ..primitives.registry import REGISTRY
from .dict_views import view_class
from .shallow_copies import is_dict
from .source import ParsedFunction


class _Absent:
    """What ``_resolve`` finds for an attribute the object lacks (``self.fixed.copy`` with
    ``fixed`` None) on a path that never runs (its branch's test is known false when compiling):
    never read, so no error is raised for it; it lowers as None, as a call there does."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT = _Absent()


class Static:
    """A value known while lowering (not an SSA atom)."""

    def describe(self) -> str:
        raise NotImplementedError


@dataclass(frozen=True)
class PythonFunction(Static):
    """A Python callable named as a value (``np.tanh``, a user function, ``model.predict``)."""

    obj: Callable
    label: str                         # how the source names it
    receiver: "ObjectValue | None" = None   # a bound method's object (its `self`)

    def describe(self) -> str:
        return f"the function `{self.label}`"


@dataclass(eq=False)
class Frame:
    """One activation of a function being lowered (the root, or a call inlined into it). A nested
    function reads its enclosing function's names as they are when it is called (Python's late
    binding): from the enclosing activation while it runs, from its last environment after."""

    final: dict | None = None          # the environment it ended with, once it returned


@dataclass(eq=False)
class SourceFunction(Static):
    """A lambda or nested ``def`` of the function being lowered: its tree, where it was defined,
    and its parameters' default values (evaluated once, where it was defined, as Python does)."""

    node: ast.Lambda | ast.FunctionDef
    parsed: ParsedFunction
    frame: Frame
    defaults: dict = field(default_factory=dict)   # parameter name -> atom or static value
    name: str = "lambda"

    def describe(self) -> str:
        return "a lambda" if isinstance(self.node, ast.Lambda) else f"the nested function `{self.name}`"

    func = None     # (it stands in the lowering's chain of calls, whose entries name a function)


@dataclass(eq=False)
class ObjectValue(Static):
    """A user object (an instance of a user class): its methods are inlined, its attributes read
    at call time as ``path`` in ``parsed`` (a global's or closure's path: ``model.W``)."""

    obj: Any
    parsed: ParsedFunction
    path: str

    def describe(self) -> str:
        return f"the object `{self.path}`"

    def __eq__(self, other) -> bool:     # the same object, read the same way (never its own __eq__)
        return isinstance(other, ObjectValue) and other.obj is self.obj and other.parsed is self.parsed \
            and other.path == self.path

    def __hash__(self) -> int:
        return hash((id(self.obj), id(self.parsed), self.path))


def outside_class(owner) -> type | None:
    """The class of ``self`` in a method of an object from outside the function (a global's, a
    closure's, the object of ``grad(obj.method)``): the object's class, known now."""
    return type(owner.obj) if isinstance(owner, ObjectValue) and not isinstance(owner.obj, type) else None


def defining_class(method) -> type | None:
    """The class whose body defines ``method``, as ``super()`` finds it: the ``__class__`` cell
    Python gives a function that calls ``super()`` (kept by the copies source.method_of makes
    for a global's methods, whatever class the same function is also bound in)."""
    code = getattr(method, "__code__", None)
    if code is None or "__class__" not in code.co_freevars:
        return None
    return method.__closure__[code.co_freevars.index("__class__")].cell_contents


@dataclass(eq=False)
class LocalObject(Static):
    """An instance of a user class constructed inside the function (``layer = Dense(W, b)``):
    never built at run time. Its ``__init__`` and methods are inlined; each attribute is a value
    of the lowering's environment under ``"{key}.{attribute}"`` (frontend/objects.py), merged
    by branches, carried by loops and passed through inlined calls like a local name."""

    cls: type
    key: str          # unique in the function: the user's name for it where it was made

    def describe(self) -> str:
        return f"the object `{self.key}` (a `{self.cls.__name__}` made inside the function)"

    def attribute_key(self, attr: str) -> str:
        return f"{self.key}.{attr}"


@dataclass(eq=False)
class MadeInLoop(Static):
    """A name that, after a loop, holds the object its last iteration made: each iteration made
    another one, which the compiler does not tell apart, so using it is refused."""

    name: str
    where: Location

    def describe(self) -> str:
        return (f"`{self.name}` after the loop at line {self.where.line} (the object its last iteration "
                "made: each iteration makes a new one)")


@dataclass(eq=False)
class StaticSequence(Static):
    """A list or tuple display holding functions (``[np.sin, np.cos]``) or objects made in the
    function (``[Dense(2, 3), Dense(3, 1)]``: object_lists.py): indexed by constants and
    iterated over by unrolling."""

    items: tuple
    of_objects: bool = False

    def describe(self) -> str:
        return "a list of objects made in the function" if self.of_objects else "a list of functions"


@dataclass(frozen=True)
class PartialFunction(Static):
    """``functools.partial(func, *args, **keywords)``: a function with values bound to it
    (partials.py), each an atom or a static value."""

    func: Static
    args: tuple
    keywords: tuple                    # (name, value) pairs

    def describe(self) -> str:
        return f"a partial of {self.func.describe()}"


@dataclass(frozen=True)
class VectorizedFunction(Static):
    """``np.vectorize(func)``: ``func`` called on each element of its arguments broadcast
    together (vectorized.py)."""

    func: Static

    def describe(self) -> str:
        return f"np.vectorize of {self.func.describe()}"


@dataclass(eq=False)
class StaticDict(Static):
    """A dict display holding functions, with constant keys (``{"tanh": np.tanh}``)."""

    items: dict

    def describe(self) -> str:
        return "a dict of functions"


@dataclass(eq=False)
class Ambiguous(Static):
    """A name bound to a function (or object) on one path of a branch and to something else on
    another: which one is known only at run time, so using it is refused."""

    name: str
    where: Location
    bound: Static | None = None     # the function or object on the one path (None: two functions)

    def describe(self) -> str:
        return f"`{self.name}`, {self.what()} chosen by the branch at line {self.where.line}"

    def what(self) -> str:
        return "an object" if isinstance(self.bound, LocalObject) else "a function"

    def refusal(self) -> tuple[str, str]:
        """The message and hint refusing a use of it."""
        # (an inlined helper's return value is a name frontend/jumps.py invents: `_result`, `_result_1`)
        returned = self.name == "_result" or self.name.startswith("_result_")
        used = "the value returned" if returned else f"`{self.name}`"
        bound = self.bound.describe() if self.bound is not None else "a function"
        message = (f"using {used}, which is {bound} on one path of the branch at line {self.where.line} "
                   "and another value on the other,")
        if isinstance(self.bound, LocalObject):     # `return State(...)` on one path, `return state` on the other
            return message, "make a new object on both paths (or on neither: update the one you were given)"
        return message, "bind the function before the `if`, or call it inside each branch"


_LIBRARY_ROOTS = ("builtins", "numpy", "transpiler", "scipy", "random", "functools", "collections", "types",
                  "typing")


def loop_depth(lowering) -> list:
    """One entry per loop being lowered around the current statement (loops.py)."""
    return lowering.__dict__.setdefault("_loops_open", [])


def is_user_class(cls: type) -> bool:
    """A class defined in user code (not NumPy's, the standard library's, or the transpiler's)."""
    return (getattr(cls, "__module__", "") or "").split(".")[0] not in _LIBRARY_ROOTS


def is_user_object(obj: Any) -> bool:
    """An instance of a class defined in user code (not a number, array, container, module,
    function, class, or an object of NumPy or the standard library)."""
    cls = type(obj)
    module = getattr(cls, "__module__", "") or ""
    if module.split(".")[0] in _LIBRARY_ROOTS:
        return False
    return not isinstance(obj, type) and not callable(obj) or _has_python_call(cls)


def has_user_receiver(obj: Any) -> bool:
    """A method bound to a user object, or a classmethod bound to a user class."""
    if not isinstance(obj, types.MethodType):
        return False
    owner = obj.__self__
    if writes_attributes(obj.__func__, fresh_from_receiver=isinstance(owner, type)):
        return False
    if isinstance(owner, type):
        return (getattr(owner, "__module__", "") or "").split(".")[0] not in _LIBRARY_ROOTS
    return is_user_object(owner)


def _has_python_call(cls: type) -> bool:
    call = getattr(cls, "__call__", None)
    return isinstance(call, types.FunctionType) and not writes_attributes(call)


@functools.lru_cache(maxsize=256)
def writes_attributes(func, fresh_from_receiver: bool = False) -> bool:
    """Does ``func``'s source assign to an attribute (``self.calls += 1``)? Such a method changes
    its object: it is not inlined but simply runs, once, as Python runs it (primitives/opaque.py).
    ``fresh_from_receiver`` (a classmethod): writes into an object the method builds from its
    first parameter (``reactor = cls(...); reactor.X = X0``) change nothing outside it. A lambda
    assigns to nothing (its source line may: ``Model.__call__ = lambda self, x: ...``)."""
    if getattr(func, "__name__", None) == "<lambda>":
        return False
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(func)))
    except (OSError, TypeError, SyntaxError):
        return False
    assignments = [n for n in ast.walk(tree) if isinstance(n, (ast.Assign, ast.AugAssign, ast.AnnAssign))]
    fresh = _built_from_receiver(tree, assignments) if fresh_from_receiver else set()
    targets = [t for n in assignments for t in (n.targets if isinstance(n, ast.Assign) else [n.target])]
    return any(_stores_through_attribute(t) and _stored_root(t) not in fresh for t in targets)


def _built_from_receiver(tree: ast.Module, assignments: list) -> set[str]:
    """The names a function binds only to a call of its first parameter (``o = cls(...)``)."""
    functions = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    if not functions or not functions[0].args.args:
        return set()
    receiver = functions[0].args.args[0].arg
    built, other = set(), set()
    for node in assignments:
        for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
            names = {n.id for n in ast.walk(target) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
            if isinstance(node, ast.Assign) and isinstance(target, ast.Name) and isinstance(node.value, ast.Call) \
                    and isinstance(node.value.func, ast.Name) and node.value.func.id == receiver:
                built |= names
            else:
                other |= names
    in_assignments = {id(n) for a in assignments for n in ast.walk(a)}
    bound_elsewhere = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
                       and id(n) not in in_assignments}          # (a loop's target, `with ... as o`)
    return built - other - bound_elsewhere


def _stored_root(target: ast.expr) -> str | None:
    """The name a store's chain starts from (``o`` of ``o.p["a"] = v``); None for others."""
    while isinstance(target, (ast.Subscript, ast.Attribute)):
        target = target.value
    return target.id if isinstance(target, ast.Name) else None


def _stores_through_attribute(target: ast.expr) -> bool:
    """``self.x = v``, ``self.x[i] = v``, ``a, self.b = ...``: the stored-into chain holds an
    attribute. An index is read, not written: ``q[self.mask] = p`` changes ``q`` only."""
    if isinstance(target, (ast.Tuple, ast.List)):
        return any(_stores_through_attribute(e) for e in target.elts)
    if isinstance(target, ast.Starred):
        return _stores_through_attribute(target.value)
    while isinstance(target, ast.Subscript):
        target = target.value
    return isinstance(target, ast.Attribute)


def local_names(node: ast.Lambda | ast.FunctionDef) -> set[str]:
    """The names local to a nested function: its parameters and every name its body binds
    (nested functions' own names excepted), as Python's scoping decides them."""
    args = node.args
    names = {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg)
             if a is not None}
    if isinstance(node, ast.Lambda):
        return names
    for sub in walk_scope(node.body):
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, (ast.Store, ast.Del)):
            names.add(sub.id)
        elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(sub.name)
    return names - declared_outer(node)


def declared_outer(node: ast.Lambda | ast.FunctionDef, kinds=(ast.Nonlocal, ast.Global)) -> set[str]:
    """The names a nested function declares ``nonlocal`` (or ``global``): not its own."""
    if isinstance(node, ast.Lambda):
        return set()
    return {name for sub in walk_scope(node.body) if isinstance(sub, kinds) for name in sub.names}


def walk_scope(nodes: list[ast.AST]):
    """Every node under ``nodes`` that belongs to their scope, in source order: nested functions,
    lambdas and classes are yielded but not entered (their bodies are scopes of their own).
    Contexts and operators (``ast.Load``, ``ast.Add``) are not yielded: no caller looks for one."""
    pending = list(reversed(nodes))
    pop, extend = pending.pop, pending.extend
    while pending:
        node = pop()
        yield node
        cls = type(node)
        if cls is ast.FunctionDef or cls is ast.AsyncFunctionDef or cls is ast.ClassDef:
            extend(reversed([*node.decorator_list, *_default_values(node)]))
            continue
        if cls is ast.Lambda:
            extend(reversed(_default_values(node)))
            continue
        extend(reversed(child_nodes(node)))


def _default_values(node) -> list[ast.expr]:
    args = getattr(node, "args", None)
    if not isinstance(args, ast.arguments):
        return []
    return [*args.defaults, *(d for d in args.kw_defaults if d is not None)]


def static_test(lowering, node: ast.Call, callee):
    """``callable(f)`` or ``isinstance(v, classes)`` answered while compiling (a ``Const``), or None."""
    if callee is callable:
        return static_callable(lowering, node)
    return static_isinstance(lowering, node) if callee is isinstance else None


def static_isinstance(lowering, node: ast.Call):
    """``isinstance(v, (list, tuple))`` of a list the function built (a display, a comprehension,
    ``xs + ys`` of two), of a tuple (``tuple(xs)``) or a dict it built: known now, so that a helper
    written for lists or arrays (``if isinstance(v, list): ... else: v * v``) is compiled for the
    branch Python takes; the other may not even lower (``*`` on a list); so is that of a Python
    number a free short list holds, whose class the cached derivative checks (free_arrays.py
    ``number_classes``). Values known only at run time (an argument) are answered by
    specialisation, which knows their kinds
    (opt/isinstance_tests.py)."""
    arg = node.args[0] if len(node.args) == 2 and not node.keywords else None
    value = lowering.env.get(arg.id) if isinstance(arg, ast.Name) else None
    classes = lowering._classes_named(node.args[1]) if arg is not None else None
    if not isinstance(value, Var) or not classes:
        return None
    number = number_classes(lowering).get(value)     # GLIST's item (free_arrays.py)
    if number is not None:
        return Const(issubclass(number, classes))
    if value not in lowering.lists:
        return None
    made = container_type(lowering, value)
    if made is None or any(c is not made and issubclass(c, made) for c in classes):
        return None        # (an OrderedDict is a dict here, eigh's EighResult a tuple: not answered for subclasses)
    return Const(issubclass(made, classes))


def container_type(lowering, value: Var) -> type | None:
    """The Python class of a container the function made: ``dict`` for a dict (every dict here
    is one: a display, ``dict(...)``, ``collections.OrderedDict()``), else the class the statements
    that bind it make (``list(...)``, ``tuple(...)``, ``sorted``, a list display or comprehension;
    appending to or concatenating one keeps its class; a branch's, a loop's or a helper's returns
    copied into one name, the class their sources agree on, a list where one is a list and none a
    dict); ``list``
    where no statement here binds it; None for another maker's (a dict's keys). NumPy's sequences
    are tuples, ``np.split``'s a list. (Each of these was answered ``list``: ``isinstance(d, dict)``
    of a dict False, a wrong branch.)"""
    if is_dict(lowering, value) or view_class(lowering, value):
        return view_class(lowering, value) or dict
    classes = _classes_made(lowering, value, frozenset())
    if len(classes) > 1 and list in classes and dict not in classes:
        return list     # (a helper's result merged from its paths, those after a return never run: as before)
    return list if not classes else classes.pop() if len(classes) == 1 else None


def _classes_made(lowering, value: Var, seen: frozenset) -> set:
    """The classes the statements binding ``value`` make (none for a value met again: a loop's)."""
    if value in seen:
        return set()
    bodies = [*lowering.enclosing_bodies, lowering.body]
    binding = [s for body in bodies for s in walk_run(body) if getattr(s, "target", None) == value]
    return set().union(*(_made_class(lowering, s, seen | {value}) for s in binding)) if binding else {list}


def _made_class(lowering, made, seen: frozenset) -> set:
    if isinstance(made, Copy):
        source = made.source
        if isinstance(source, Var):
            return {dict} if is_dict(lowering, source) else _classes_made(lowering, source, seen)
        return set() if source.value is None else {type(source.value)}    # (None: a return's placeholder)
    keeping = {id(REGISTRY[k]) for k in (lists.appended, lists.extended, lists.concatenated, lists.repeated,
                                         lists.inserted, lists.removed)}
    if made.prim is LIST or made.prim is REGISTRY.get(list) or made.prim is REGISTRY.get(sorted):
        return {list}
    if made.prim is REGISTRY.get(tuple):
        return {tuple}
    if returns_sequence(made.prim, made.args, made.kwargs):
        return {list if returns_list(made.prim) else tuple}      # np.split's list; eigh's, meshgrid's tuple
    if id(made.prim) in keeping and made.args and isinstance(made.args[0], Var):
        return _classes_made(lowering, made.args[0], seen)
    return {None}


def number_classes(lowering) -> dict:
    """Value -> its class, for the Python numbers a free short list holds (``GLIST.0``, and the
    item a loop over it reads): each one's class is a fact the cached derivative checks
    (free_arrays.py), so ``isinstance(g, float)`` of ``for g in GLIST`` is answered while
    compiling (:func:`static_isinstance`), not at run time."""
    return lowering.__dict__.setdefault("_free_number_classes", {})


def item_classes(lowering) -> dict:
    """Sequence -> the class of every item, for a free short list of Python numbers of one class
    (and what a loop over it reads it as: loops.py): an item read from it is a number of that
    class (:func:`number_classes`)."""
    return lowering.__dict__.setdefault("_free_item_classes", {})


def static_callable(lowering, node: ast.Call):
    """``callable(f)`` of a function known here (a lambda, a helper, ``np.sin``) or of a
    constant: known now (a ``Const``), so that code choosing by it (np.piecewise's pieces) is
    compiled for the branch it takes; None where only the call knows."""
    arg = node.args[0] if len(node.args) == 1 and not node.keywords else None
    value = lowering.env.get(arg.id) if isinstance(arg, ast.Name) else None
    if isinstance(value, (PythonFunction, SourceFunction, PartialFunction)):
        return Const(True)
    if isinstance(value, Const):
        return Const(callable(value.value))
    if isinstance(value, Var) and value not in lowering.parameters:
        return Const(False)     # computed here: data (the IR has no function values), never a function
    return None


def captured_write_names(fn, local: set[str]) -> list[str]:
    """The names of the enclosing function whose objects ``fn`` writes into (helper_results.py
    ``captured_writes``), from the source alone (a loop calling ``fn``
    carries them: outer_names.py)."""
    return list(dict.fromkeys(sub.value.id for sub in captured_stores(fn, local)))


def captured_stores(fn, local: set[str]) -> list[ast.Subscript]:
    """The writes ``name[...] = v`` (``+=`` too) in ``fn`` into a name it does not bind."""
    body = [fn.node.body] if isinstance(fn.node, ast.Lambda) else fn.node.body
    return [sub for sub in walk_scope(body) if isinstance(sub, ast.Subscript) and isinstance(sub.ctx, ast.Store)
            and isinstance(sub.value, ast.Name) and sub.value.id not in local]
