"""Frontend: find a function's source, parse it, and resolve the names it uses.

The result, :class:`ParsedFunction`, is all later stages know about the user's function: its
``ast.FunctionDef`` (line numbers matching the real file), where it came from, and a resolver for
free names (closure cells first, then globals, then builtins) — read at transform time to decide
what a call means, never to bake a value into generated code. A user's function is read with
``inspect``; generated code (a second derivative's input) from the module text it was compiled
from, held here (:func:`hold_generated`), never read back from ``linecache``.
"""
from __future__ import annotations

import ast
import builtins
import functools
import inspect
import linecache
import textwrap
import types
import weakref
from typing import Any, Callable

from ..errors import Location, SourceUnavailableError, UnsupportedSyntaxError
from .deques import deques_as_lists
from .jitted import python_function_of
from .lambdas import lambda_tree
from .running_code import refuse_changed_source

DEFAULT_OF = "default of "      # ParsedFunction.lookup("default of w"): parameter w's default value

MISSING = object()


class ParsedFunction:
    """A parsed user function. It refers to the function weakly: lowered code and compiled
    derivatives are cached per function, and what the cache holds must not keep its key alive
    (a function, its globals and closure are freed once the user drops it)."""

    def __init__(self, func: Callable, tree: ast.FunctionDef, filename: str,
                 closure: dict[str, Any] | None = None, module: GeneratedModule | None = None):
        self._func = weakref.ref(func)
        self.tree = tree
        self.filename = filename
        self.closure = closure or {}      # name -> cell (read when needed)
        self.col_shift = 0                # columns of a dedented nested function, back to the real file
        self.module = module              # generated code: the module it was compiled from
        self.imports: dict[str, Any] = {}  # names bound by `import` statements in the body (imports.py)

    @property
    def func(self) -> Callable:
        func = self._func()
        if func is None:     # a helper redefined (and freed) while a derivative inlining it was held
            raise ReferenceError(f"{self.tree.name}, which a derivative was compiled from, no longer exists "
                                 "(redefined or deleted since): take the derivative again")
        return func

    @property
    def name(self) -> str:
        return self.tree.name

    @property
    def globals(self) -> dict:
        return self.func.__globals__

    def lookup(self, name: str) -> Any:
        """The object a free name (or dotted path ``mod.attr``) refers to right now, or ``MISSING``;
        ``"default of w"``: the default value of parameter ``w`` (an array default of a helper)."""
        if name.startswith(DEFAULT_OF):
            param = inspect.signature(self.func).parameters.get(name[len(DEFAULT_OF):])
            return MISSING if param is None or param.default is param.empty else param.default
        if "." in name:
            head, *attrs = name.split(".")
            obj = self.lookup(head)
            for attr in attrs:
                obj = path_step(obj, attr) if obj is not MISSING else MISSING
            return obj
        return self.scope_of(name)[1]

    def scope_of(self, name: str) -> tuple[str, Any]:
        """Where a plain name is found now ("imports", "closure", "globals" or "builtins") and its value
        (``MISSING`` if it is not defined)."""
        if name in self.imports:
            return "imports", self.imports[name]
        if name in self.closure:
            try:
                return "closure", self.closure[name].cell_contents
            except ValueError:   # a cell not filled yet
                return "closure", MISSING
        module_globals = self.func.__globals__
        if name in module_globals:
            return "globals", module_globals[name]
        return "builtins", getattr(builtins, name, MISSING)

    def spelled(self, node: ast.AST) -> str:
        """``node`` as the user wrote it (the lowering may have put another name in its place:
        an alias read as its object, frontend/views.py): the source line's text where the node
        is on one line, else the node unparsed."""
        where = self.location(node)
        end = getattr(node, "end_col_offset", None)
        if end is not None and getattr(node, "end_lineno", None) == where.line and where.source_line:
            text = where.source_line[where.col:end + self.col_shift]
            if text.strip():
                return text
        return ast.unparse(node)

    def location(self, node: ast.AST) -> Location:
        line = getattr(node, "lineno", self.tree.lineno)
        col = getattr(node, "col_offset", 0)
        if self.module is not None:
            text = self.module.line(line)
        else:
            text = linecache.getline(self.filename, line)
        return Location(self.filename, line, col + self.col_shift, text)


LENGTH = "#len"     # a path's step to its length: ``model.layers.#len``
KEYS = "#keys"      # a path's step to a dict's keys, in order: ``ACTIVATIONS.#keys``
SIZED = "#sized"    # a path's step to a list's or tuple's class and length: ``LAYERS.#sized``
TYPE = "#type"      # a path's step to its value's class: ``GLIST.0.#type`` (frontend/free_arrays.py)


def path_step(obj: Any, step: str) -> Any:
    """One step of a free value's path: an attribute, an item of a list or tuple held by a
    global (``model.layers.0``: no attribute is named by digits), its length (``#len``), its class
    and length (``#sized``), its class (``#type``), a dict's keys (``#keys``) or its entry by a key (``[tanh]``: a word
    or an integer)."""
    if step == LENGTH:
        return len(obj) if isinstance(obj, (list, tuple)) else MISSING
    if step == SIZED:
        return (type(obj), len(obj)) if type(obj) in (list, tuple) else MISSING
    if step == KEYS:
        return tuple(obj) if type(obj) is dict else MISSING
    if step == TYPE:
        return type(obj)
    if step.startswith("["):
        key = step[1:-1]
        key = int(key) if key.lstrip("-").isdigit() else key
        return obj.get(key, MISSING) if type(obj) is dict else MISSING
    if step.lstrip("-").isdigit():
        index = int(step)
        return obj[index] if isinstance(obj, (list, tuple)) and -len(obj) <= index < len(obj) else MISSING
    return getattr(obj, step, MISSING)


def undecorated(func: Any) -> Any:
    """The function an ``@transpiler.differentiate`` object decorates; any other value as it is."""
    return getattr(func, "__transpiler_original__", func)


def unwrap(func: Callable) -> Callable:
    """The plain Python function behind our own wrappers, bound methods and decorators that
    only pass their arguments through. A decorator's wrapper that does more (scales the result,
    times or logs the call) is itself the function, its closure holding the function it wraps."""
    func = python_function_of(undecorated(func))     # (numba's @jit: jitted.py)
    if inspect.ismethod(func):
        func = func.__func__
    while hasattr(func, "__wrapped__") and (inspect.isfunction(func) or is_lru_cache(func)):
        # (other objects with `__wrapped__`, e.g. NumPy's functions, are not decorators' wrappers)
        if not _passes_through(func):
            return _wrapper_itself(func)
        func = func.__wrapped__
    return func


_wrappers: "weakref.WeakKeyDictionary[Callable, Callable]" = weakref.WeakKeyDictionary()


def _wrapper_itself(wrapper: Callable) -> Callable:
    """The function a decorator's ``wrapper`` stands for, lowered as Python runs it: a function
    made for it with the signature ``functools.wraps`` shows (the function wrapped's), calling a
    copy of the wrapper without ``__wrapped__`` (``inspect`` would follow it to the function
    wrapped), its closure holding that function. Kept while the wrapper lives."""
    made = _wrappers.get(wrapper)
    if made is not None and made.__globals__[_WRAPPER] is not None \
            and made.__globals__[_WRAPPER].__code__ is wrapper.__code__:
        return made
    copy = types.FunctionType(wrapper.__code__, wrapper.__globals__, wrapper.__code__.co_name,
                              wrapper.__defaults__, wrapper.__closure__)
    copy.__qualname__, copy.__module__ = wrapper.__code__.co_qualname, wrapper.__module__
    copy.__kwdefaults__ = wrapper.__kwdefaults__
    name = getattr(wrapper, "__name__", "")
    name = name if name.isidentifier() else "decorated"       # (functools.wraps of a lambda: "<lambda>")
    text, defaults = _calling_text(name, _wrapper_signature(wrapper))
    namespace: dict[str, Any] = {_WRAPPER: copy, **defaults}
    exec(compile(text, f"<{name}, as its decorator calls it>", "exec"), namespace)
    made = namespace[name]
    made.__qualname__, made.__module__ = getattr(wrapper, "__qualname__", name), wrapper.__module__
    hold_generated(made, text)
    _wrappers[wrapper] = made
    return made


_WRAPPER = "decorator_wrapper"


def _wrapper_signature(wrapper: Callable) -> inspect.Signature:
    """What the wrapper takes: its own parameters, or, where it takes only ``*args`` and
    ``**kwargs`` to pass on, those of the function it wraps (the signature ``functools.wraps``
    shows)."""
    own = inspect.signature(wrapper, follow_wrapped=False)
    if all(p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in own.parameters.values()):
        return inspect.signature(wrapper)
    return own


def _calling_text(name: str, signature: inspect.Signature) -> tuple[str, dict[str, Any]]:
    """``def name(<signature>): return decorator_wrapper(<each parameter passed on>)``, and the
    defaults it names (``default_0``, ...)."""
    params: list[str] = []
    passed: list[str] = []
    defaults: dict[str, Any] = {}
    kinds = [p.kind for p in signature.parameters.values()]
    for i, p in enumerate(signature.parameters.values()):
        if p.default is not p.empty:
            defaults[f"default_{len(defaults)}"] = p.default
        spelled = p.name + (f"=default_{len(defaults) - 1}" if p.default is not p.empty else "")
        if p.kind is p.VAR_POSITIONAL:
            params.append(f"*{p.name}")
            passed.append(f"*{p.name}")
        elif p.kind is p.VAR_KEYWORD:
            params.append(f"**{p.name}")
            passed.append(f"**{p.name}")
        elif p.kind is p.KEYWORD_ONLY:
            params += ([] if p.VAR_POSITIONAL in kinds[:i] or p.KEYWORD_ONLY in kinds[:i] else ["*"]) + [spelled]
            passed.append(f"{p.name}={p.name}")
        else:
            params.append(spelled)
            passed.append(p.name)
        if p.kind is p.POSITIONAL_ONLY and p.POSITIONAL_ONLY not in kinds[i + 1:]:
            params.append("/")
    return f"def {name}({', '.join(params)}):\n    return {_WRAPPER}({', '.join(passed)})\n", defaults


SELF_ATTRIBUTE = "__transpiler_self__"   # on a method's copy made for one object (method_of)
_methods: dict[int, tuple] = {}   # id of an object -> (weak reference to it, {method: its copy})


def method_of(func: Callable, obj: Any) -> Callable:
    """A copy of the method ``func`` (same code, globals, defaults) for the object ``obj``: lowered
    with ``self`` known, so ``self.W`` is read (at call time) from this object and ``self.f(x)``
    calls this object's method. One copy per (object, method), kept while the object lives: the
    derivatives compiled from it are cached by it."""
    # (by identity: two objects that compare equal are still two objects)
    entry = _methods.get(id(obj))
    if entry is None or entry[0]() is not obj:
        if _weakrefable(obj):
            entry = _methods[id(obj)] = (weakref.ref(obj, lambda _, key=id(obj): _methods.pop(key, None)), {})
        else:             # an object without weak references (__slots__): a copy per call
            entry = (None, {})
    per_object = entry[1]
    copy = per_object.get(func)
    if copy is None or copy.__code__ is not func.__code__:
        copy = types.FunctionType(func.__code__, func.__globals__, func.__name__, func.__defaults__,
                                  func.__closure__)
        copy.__qualname__, copy.__module__ = func.__qualname__, func.__module__
        copy.__kwdefaults__ = func.__kwdefaults__
        setattr(copy, SELF_ATTRIBUTE, weakref.ref(obj) if _weakrefable(obj) else (lambda: obj))
        per_object[func] = copy
    return copy


def _weakrefable(obj: Any) -> bool:
    try:
        weakref.ref(obj)
    except TypeError:
        return False
    return True


def is_lru_cache(func: Callable) -> bool:
    """A function wrapped by ``functools.lru_cache`` / ``functools.cache`` (its values are the
    function's own: calling it is calling the function)."""
    return type(func).__name__ == "_lru_cache_wrapper"


def _passes_through(wrapper: Callable) -> bool:
    """Is ``wrapper`` exactly ``return wrapped(*args, **kwargs)`` (or a functools cache)?"""
    if is_lru_cache(wrapper):
        return True
    try:
        tree = ast.parse(textwrap.dedent("".join(inspect.getsourcelines(wrapper.__code__)[0]))).body[0]
    except (OSError, TypeError, SyntaxError, IndexError):
        return False
    body = [s for s in tree.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    if len(body) != 1 or not isinstance(body[0], ast.Return) or not isinstance(body[0].value, ast.Call):
        return False
    call, args = body[0].value, tree.args
    closure = dict(zip(wrapper.__code__.co_freevars, (c.cell_contents for c in wrapper.__closure__ or ())))
    if not isinstance(call.func, ast.Name) or closure.get(call.func.id) is not wrapper.__wrapped__:
        return False
    expected = [a.arg for a in args.args] + ([f"*{args.vararg.arg}"] if args.vararg else [])
    given = [f"*{a.value.id}" if isinstance(a, ast.Starred) and isinstance(a.value, ast.Name)
             else getattr(a, "id", None) for a in call.args]
    keywords = [k.value.id if k.arg is None and isinstance(k.value, ast.Name) else None for k in call.keywords]
    return given == expected and keywords == ([args.kwarg.arg] if args.kwarg else [])


def parse_function(func: Callable) -> ParsedFunction:
    func = unwrap(func)
    if not inspect.isfunction(func):
        raise SourceUnavailableError(
            f"cannot read the source of {func!r}: it is not a Python function",
            hint="pass a function defined with `def` in a file or module",
        )
    module = _generated.get(func)
    if module is not None:              # generated code: from the text it was compiled from
        return ParsedFunction(func=func, tree=module.tree(func.__name__), filename=module.filename, module=module)
    if func.__name__ == "<lambda>":
        tree, filename = lambda_tree(func)
        col_shift = 0
    else:
        tree, filename, col_shift = _parsed_tree(func)
    closure = dict(zip(func.__code__.co_freevars, func.__closure__ or ()))
    if hasattr(func, SELF_ATTRIBUTE) and tree.args.args:    # `self` read like a closure's value
        closure[tree.args.args[0].arg] = _SelfCell(getattr(func, SELF_ATTRIBUTE))
    parsed = ParsedFunction(func=func, tree=tree, filename=filename, closure=closure)
    parsed.col_shift = col_shift
    deques_as_lists(parsed)         # (a deque made without maxlen is a list: deques.py)
    if isinstance(tree, ast.AsyncFunctionDef):
        raise UnsupportedSyntaxError(
            "async functions are not supported", parsed.location(tree),
            hint="differentiate a plain `def` function",
        )
    return parsed


class GeneratedModule:
    """The text of a module the transpiler generated and compiled (a derivative and its runtime
    helpers' copies), held in memory: generated code is lowered again (a second derivative) from
    here, with the line numbers of this text, which tracebacks and located errors show. The text
    is registered with ``linecache`` for the user's tracebacks, but never read back from there."""

    def __init__(self, text: str, filename: str):
        self.text = text
        self.filename = filename

    @functools.cached_property
    def lines(self) -> list[str]:
        return self.text.splitlines(True)

    @functools.cached_property
    def spans(self) -> dict[str, tuple[int, int]]:
        """Each top-level function's first and last line."""
        return {node.name: (node.lineno, node.end_lineno or node.lineno)
                for node in ast.parse(self.text, self.filename).body if isinstance(node, ast.FunctionDef)}

    def tree(self, name: str) -> ast.FunctionDef:
        """A fresh tree of the module's function ``name`` (the lowering may take it apart)."""
        first, last = self.spans[name]
        tree = ast.parse("".join(self.lines[first - 1:last]), self.filename).body[0]
        assert isinstance(tree, ast.FunctionDef)
        return ast.increment_lineno(tree, first - 1)

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""


# generated function -> the module it was compiled from (held while the function lives)
_generated: "weakref.WeakKeyDictionary[Callable, GeneratedModule]" = weakref.WeakKeyDictionary()


def hold_generated(function: Callable, text: str) -> None:
    """``function`` was compiled from the module ``text``: lowering it, or any function that
    module defines (the runtime helpers' copies it calls, which the lowering inlines), reads
    ``text``. (Its free values are keyword-only parameters: it has no closure.)"""
    module = GeneratedModule(text, function.__code__.co_filename)
    for value in [function, *function.__globals__.values()]:
        if inspect.isfunction(value) and value.__code__.co_filename == module.filename:
            _generated[value] = module


class _SelfCell:
    """A closure cell's stand-in holding a method's object (weakly: the compiled code is cached
    by the method's copy, which the object keeps alive)."""

    def __init__(self, ref: Callable[[], Any]):
        self._ref = ref

    @property
    def cell_contents(self) -> Any:
        obj = self._ref()
        if obj is None:
            raise ValueError("the object of this method no longer exists")
        return obj


# A function's tree, parsed once for its code object: a helper is inlined at every call (and
# again each time a loop around the call is lowered to its fixpoint), and a function compiled
# again (another spec, a stale lowering) is read again. The trees are shared, so nothing changes
# one in place (frontend/jumps.py rewrites a copy). Keyed weakly: nothing here keeps a function.
_TREES: "weakref.WeakKeyDictionary[Callable, tuple]" = weakref.WeakKeyDictionary()


def keep_tree(func: Callable, tree: ast.FunctionDef, filename: str, col_shift: int) -> None:
    """``func``'s tree, where its source is not in a file of its own (a nested ``def`` compiled
    alone: passed_functions.py)."""
    _TREES[func] = (func.__code__, tree, filename, col_shift)


def _parsed_tree(func: Callable) -> tuple[ast.FunctionDef, str, int]:
    """:func:`_function_tree`, kept while the function's code is the code it was parsed for."""
    kept = _TREES.get(func)
    if kept is None or kept[0] is not func.__code__:
        kept = _TREES[func] = (func.__code__, *_function_tree(func))
    return kept[1:]


def _function_tree(func: Callable) -> tuple[ast.FunctionDef, str, int]:
    """A ``def`` function's tree (line numbers of its file), the file, and how far its source was
    dedented."""
    filename = inspect.getsourcefile(func) or func.__code__.co_filename
    try:
        lines, first_line = inspect.getsourcelines(func)
    except (OSError, TypeError) as exc:
        raise SourceUnavailableError(
            f"cannot read the source of {func.__qualname__}: {exc}",
            hint="define the function in a .py file (source typed into a REPL or exec'd is not kept)",
        ) from None
    raw = "".join(lines)
    dedented = textwrap.dedent(raw)
    module = ast.parse("\n" * (first_line - 1) + dedented)    # (its file's line numbers, no walk)
    tree = module.body[0]
    if not isinstance(tree, (ast.FunctionDef, ast.AsyncFunctionDef)):
        raise SourceUnavailableError(f"cannot isolate the source of {func.__qualname__}",
                                     hint="define it with a `def` statement")
    refuse_changed_source(raw, func)
    return tree, filename, _indent_width(raw) - _indent_width(dedented)


def _indent_width(text: str) -> int:
    first = text.splitlines()[0] if text else ""
    return len(first) - len(first.lstrip())
