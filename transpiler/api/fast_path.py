"""What a gradient's every call does before and after the generated code, made cheap: binding
defaults, reading free names, checking the value and the gradient's types (api/gradient.py).

The current values of the free names a generated function takes are read on every call.
The general reader (``Generated.free_values``) looks each name up in order: the function's
imports, its closure, the module's globals, the builtins. A closure cell and a module's globals
are the same objects for as long as the function exists, so a name found in one of them now can
be read straight from it on the next call: a cell's contents, a dictionary lookup. Only when that
fails (a cell emptied, a global deleted: the name may mean something else now) does the
general reader run. Where each value is also of the type, shape and dtype the runner was
compiled for, one function written for those names reads and checks them in line
(:func:`checked_free_reader`: no dictionary of keys built per call). A gradient of few
arguments is called through a ``__call__`` of their number, made once (:func:`fast_calls`).
"""
from __future__ import annotations

import inspect
from typing import Any, Callable, Sequence

import numpy as np

from ..driver import pipeline
from ..driver.pipeline import Generated
from ..errors import RunTimeRefusal
from ..frontend.function_arguments import FUNCTION_TYPES
from ..opt.specialize import values_read_as_sizes
from .flat import key_of, record_fields, record_key
from .located import located
from .numbers import PYTHON_FLOAT_ERRORS, exact, in_dtype_of, kind_of, shape_of
from .results import own

SEQUENCES = (list, tuple, dict)       # containers keyed per element (api/flat.py)
PLAIN = (float, int, bool, complex, np.float64, np.float32, type(None))   # keyed by type: no record


def free_reader(generated: Generated) -> Callable[[], dict[str, Any]]:
    """A function of no arguments giving ``generated.free_values()``, faster where every free
    name is a closure cell or a module global, or an item or attribute of what one holds."""
    cells, globals_ = [], []
    for param, parsed, path in generated.free:
        name, steps = item_path(path)
        if steps is None or " " in name or name in parsed.imports:
            return generated.free_values              # (a module attribute, a default, an import)
        scope, _ = parsed.scope_of(name)
        if scope == "closure":
            cells.append((param, parsed.closure[name], steps))
        elif scope == "globals":
            globals_.append((param, parsed.globals, name, steps))
        else:
            return generated.free_values

    def read() -> dict[str, Any]:
        try:
            values = {param: _items(cell.cell_contents, steps) for param, cell, steps in cells}
            for param, namespace, name, steps in globals_:
                values[param] = _items(namespace[name], steps)
        except (ValueError, KeyError, IndexError, TypeError, AttributeError):   # a cell emptied, a global deleted
            return generated.free_values()
        return values

    return read


def item_path(path: str) -> tuple[str, tuple[int | str, ...] | None]:
    """(the name, the steps) of a free value's path that is a name, an attribute of what it
    holds or an item of a list or tuple, nested (``XS.0``, ``model.layers.1.0``:
    frontend/free_arrays.py): a position for an item, a word for an attribute; the steps None for
    any other path (a default's, a dict's entry)."""
    name, *steps = path.split(".")
    if not all(step.isdigit() or step.isidentifier() for step in steps):
        return name, None
    return name, tuple(int(step) if step.isdigit() else step for step in steps)


def _items(value: Any, steps: tuple[int | str, ...]) -> Any:
    """``value[i].name[j]...`` (path_step's items and attributes, read as generated code reads
    them: the cached derivative's facts checked the lengths first; an item of anything but a
    list or tuple raises TypeError, the general reader then decides)."""
    for step in steps:
        if type(step) is str:
            value = getattr(value, step)
        elif type(value) in (list, tuple):
            value = value[step]
        else:
            raise TypeError(step)
    return value


def checked_free_reader(generated: Generated, compiled_for: dict[str, Any]) -> Callable[[], dict[str, Any] | None] | None:
    """A function of no arguments giving the free names' current values, each read straight from
    its closure cell or module global (an item or attribute of what one holds: :func:`item_path`), where every one is as ``compiled_for`` (the values the
    runner was compiled for) in what the runner's guard compares (:func:`call_key`): the same
    type, an array's shape and dtype, a function the same object. None from it where one is not,
    or cannot be read so (a cell emptied, a global deleted): the general reader and guard then
    decide, as before. The checks are written out once per pattern of names (no dictionary, no
    key built per call). None (no such reader) where a name is not a cell or a global, or a
    value is of a kind it does not check (a container, a record, a number compiled for its value)."""
    sources: list[tuple[str, Any, str, str]] = []
    checks: list[tuple[str, Any]] = []
    for param, parsed, path in generated.free:
        name, steps = item_path(path)
        if steps is None or " " in name or name in parsed.imports or param not in compiled_for:
            return None
        scope, _ = parsed.scope_of(name)
        if scope not in ("closure", "globals"):
            return None
        sources.append((param, parsed.closure[name] if scope == "closure" else parsed.globals, name,
                        f"{scope} {steps}" if steps else scope))     # (an item: its positions written in)
        value = compiled_for[param]
        if type(value) is np.ndarray:
            checks.append(("array", (value.shape, value.dtype)))
        elif type(value) in FUNCTION_TYPES and not any(type(step) is str for step in steps):
            checks.append(("same", value))      # (an attribute's method is bound afresh on each read)
        elif type(value) in PLAIN:
            checks.append(("type", type(value)))
        else:
            return None
    pattern = tuple((scope, kind) for (*_, scope), (kind, _) in zip(sources, checks))
    if pattern not in _FREE_READERS:
        _FREE_READERS[pattern] = _free_reader_maker(pattern)
    reader: Callable[[], dict[str, Any] | None] = _FREE_READERS[pattern](
        [where if scope.startswith("closure") else (where, name) for _, where, name, scope in sources],
        [expected for _, expected in checks], [param for param, *_ in sources])
    return reader


_FREE_READERS: dict[tuple[tuple[str, str], ...], Callable[..., Any]] = {}
_FREE_TESTS = {"array": "type(v{k}) is not _ndarray or v{k}.shape != e{k}[0] or v{k}.dtype != e{k}[1]",
               "same": "v{k} is not e{k}", "type": "type(v{k}) is not e{k}"}


def _free_reader_maker(pattern: tuple[tuple[str, str], ...]) -> Callable[..., Any]:
    """The maker of :func:`checked_free_reader`'s functions for names read from ``pattern``'s
    scopes and checked as its kinds (its text written for them, as :func:`fast_calls`' are)."""
    lines = ["def make(sources, expected, params):"]
    lines += [f"    s{k}, e{k}, p{k} = sources[{k}], expected[{k}], params[{k}]" for k in range(len(pattern))]
    lines += ["    def read():", "        try:"]
    for k, (scope, _) in enumerate(pattern):
        read = f"s{k}.cell_contents" if scope.startswith("closure") else f"s{k}[0][s{k}[1]]"
        lines.append(f"            v{k} = _items({read}, {scope.partition(' ')[2]})" if " " in scope
                     else f"            v{k} = {read}")
    lines += ["        except (ValueError, KeyError, IndexError, TypeError, AttributeError):", "            return None"]
    tests = " or ".join(_FREE_TESTS[kind].format(k=k) for k, (_, kind) in enumerate(pattern))
    lines += [f"        if {tests}:", "            return None",
              "        return {" + ", ".join(f"p{k}: v{k}" for k in range(len(pattern))) + "}", "    return read"]
    namespace: dict[str, Any] = {"_ndarray": np.ndarray, "_items": _items}
    exec(compile("\n".join(lines) + "\n", "<transpiler free names' check>", "exec"), namespace)
    maker: Callable[..., Any] = namespace["make"]
    return maker


def key_check(values: tuple[Any, ...]) -> Callable[[], bool]:
    """A function of no arguments telling whether ``values`` (lists, tuples, dicts and records of
    arrays and numbers, nested: the default containers a warm runner passes, api/warm.py
    ``keyed_whole``) still have the call key they have now (:func:`call_key`): each element's
    type, an array's shape and dtype, a list's length, a dict's keys in order. The tests are
    written out once for them, element by element (``call_key`` builds the key: about 5 µs for a
    dataclass of four matrices, against about 1 for the tests)."""
    lines: list[str] = []
    constants: list[Any] = []

    def constant(value: Any) -> str:
        constants.append(value)
        return f"c{len(constants) - 1}"

    def visit(name: str, value: Any) -> None:
        kind = type(value)
        if kind is np.ndarray:
            lines.append(f"if type({name}) is not _ndarray or {name}.shape != {constant(value.shape)} "
                         f"or {name}.dtype != {constant(value.dtype)}: return False")
            return
        lines.append(f"if type({name}) is not {constant(kind)}: return False")
        if kind is list or kind is tuple or kind is dict:
            lines.append(f"if len({name}) != {len(value)}: return False")
            if kind is dict:
                lines.append(f"if tuple({name}) != {constant(tuple(value))}: return False")
            for k, item in enumerate(value.values() if kind is dict else value):
                element = f"{name}_{k}"
                lines.append(f"{element} = {name}[{constant(list(value)[k]) if kind is dict else k}]")
                visit(element, item)
        elif (fields := record_fields(value)) is not None:
            for k, field in enumerate(fields):
                element = f"{name}_{k}"
                lines.append(f"{element} = getattr({name}, {field!r})")
                visit(element, getattr(value, field))

    for k, value in enumerate(values):
        lines.append(f"v{k} = held[{k}]")
        visit(f"v{k}", value)
    unpacked = "".join(f"c{k}, " for k in range(len(constants)))     # (each constant a cell: no item lookups)
    source = f"def make(held, c):\n    {unpacked} = c\n    def check():\n" \
        + "".join(f"        {line}\n" for line in lines) + "        return True\n    return check\n"
    namespace: dict[str, Any] = {"_ndarray": np.ndarray}
    exec(compile(source, "<transpiler default containers' check>", "exec"), namespace)
    check: Callable[[], bool] = namespace["make"](values, constants)
    return check


def trailing_defaults(signature: inspect.Signature) -> tuple[int | None, tuple[Any, ...]]:
    """(position of the first parameter with a default, the defaults from it on) when every
    parameter may be passed by position (so positional arguments and then the defaults are all
    of them); (None, ()) otherwise."""
    params = list(signature.parameters.values())
    if any(p.kind not in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params):
        return None, ()
    first = next((k for k, p in enumerate(params) if p.default is not p.empty), len(params))
    return first, tuple(p.default for p in params[first:])


FLOAT_NUMBERS = (float, np.float64, np.float32)     # a value of one of these types is no integer, no array


def is_complex(value: Any) -> bool:
    """``np.iscomplexobj``, without its conversion for an array, a NumPy number (a sum's gradient,
    ``np.float32``) or a Python number (each call counts: it runs on every gradient returned)."""
    kind = type(value)
    if kind is np.ndarray or isinstance(value, np.generic):
        return bool(value.dtype.kind == "c")
    if kind is float or kind is int or kind is bool:
        return False
    return kind is complex or bool(np.iscomplexobj(value))


def narrow_runner(function: Callable[..., Any], likes: Sequence[Any], positions: Sequence[int], many: bool,
                  fresh: Sequence[bool], refuse_complex: Callable[[int], None]) -> Callable[..., Any]:
    """The runner of the gradients of arguments ``likes`` (at ``positions``), one a float32 or
    complex array or more (a tuple of them where ``many``), kept lean: a gradient already in its
    argument's dtype is returned as it is (the caller's own: copied where it may be an
    argument's view; not where ``fresh`` says the code made it); another is checked (a complex
    gradient of a real argument: ``refuse_complex(position)``, an error) and converted to the
    argument's dtype (a Python float's gradient stays what the code made). The tests are
    written out once for each count of gradients and pattern of ``fresh`` (no loop per call)."""
    dtypes = [like.dtype if type(like) is np.ndarray else None for like in likes]

    def converted(gradient: Any, k: int, args: tuple[Any, ...]) -> Any:
        if dtypes[k] is not None and type(gradient) is np.ndarray and gradient.dtype == dtypes[k]:   # (an equal
            return gradient                                          # dtype, not the same object; None: float64's)
        position = positions[k]
        if is_complex(gradient) and not is_complex(args[position]):
            refuse_complex(position)
        return in_dtype_of(gradient, args[position])

    made = tuple(bool(f) for f in fresh) if len(fresh) == len(likes) else (False,) * len(likes)
    if (many, made) not in _NARROW_RUNNERS:
        _NARROW_RUNNERS[many, made] = _narrow_runner_maker(many, made)
    runner: Callable[..., Any] = _NARROW_RUNNERS[many, made](function, own, converted, dtypes)
    return runner


_NARROW_RUNNERS: dict[tuple[bool, tuple[bool, ...]], Callable[..., Any]] = {}


def _narrow_runner_maker(many: bool, made: tuple[bool, ...]) -> Callable[..., Any]:
    """The maker of :func:`narrow_runner`'s runners returning one gradient (a tuple of
    ``len(made)`` where ``many``), ``made[k]`` where the code made the k-th (a float array: no copy)."""
    names = [f"g{k}" for k in range(len(made))]
    lines = ["def make(function, own, converted, dtypes):",
             f"    {''.join(f'd{k}, ' for k in range(len(made)))}= dtypes",
             "    def run_narrow(*args):",
             f"        {', '.join(names)}{',' if many and len(made) == 1 else ''} = function(*args)"]
    for k, new in enumerate(made):
        fits = f"type(g{k}) is _ndarray and g{k}.dtype is d{k}"
        if new:
            lines += [f"        if not ({fits}):", f"            g{k} = converted(own(g{k}, args), {k}, args)"]
        else:
            lines += [f"        g{k} = own(g{k}, args)", f"        if not ({fits}):",
                      f"            g{k} = converted(g{k}, {k}, args)"]
    lines += [f"        return {', '.join(names)}{',' if many and len(made) == 1 else ''}", "    return run_narrow"]
    namespace: dict[str, Any] = {"_ndarray": np.ndarray}
    exec(compile("\n".join(lines) + "\n", f"<transpiler float32 gradients, {len(made)}>", "exec"), namespace)
    maker: Callable[..., Any] = namespace["make"]
    return maker


def tangent_of_a_number(function: Callable[..., Any], returns_value: bool,
                        finish: Callable[[tuple[Any, ...], Any], Any]) -> Callable[..., Any]:
    """The runner of forward-mode code differentiating with respect to one number (its tangent
    1.0 passed last, ``(value, derivative)`` returned), kept lean: where both come out float
    numbers, the gradient is the derivative (with the value where ``returns_value``), as the
    general runner would hand it back; anything else (an array value of one element, a
    complex derivative to refuse) is handed to ``finish(args, result)``, the general runner's
    checks."""

    def run_tangent(*args: Any) -> Any:
        result = function(*args, 1.0)
        value, derivative = result
        if type(value) in FLOAT_NUMBERS and type(derivative) in FLOAT_NUMBERS:
            return result if returns_value else derivative
        return finish(args, result)
    return run_tangent


NO = object()     # "not passed" in the fast call path's signature
_FAST_CALLS: dict[tuple[int, int | None], type] = {}


def fast_calls(arity: int, gradient: type, first_default: int | None = None) -> type:
    """A subclass of ``gradient`` (api/gradient.py's Gradient) whose ``__call__`` takes its
    ``arity`` arguments as named parameters and computes the call key inline: the hot path of a
    gradient of a few numbers is then about one dictionary lookup and one call more than the
    generated function itself. The parameters from ``first_default`` on have defaults (the
    gradient's ``_defaults``): those not passed are filled in from them, while the function's
    ``__defaults__`` are the ones read. Any other call (keywords, too many arguments, a first
    call, a helper since rebound, defaults replaced) takes the general path. A rule's refusal at
    run time is pointed at the user's call (api/located.py), as on the general path."""
    if (arity, first_default) not in _FAST_CALLS:
        names = [f"a{i}" for i in range(arity)]
        key = "".join(f"({a}.shape, {a}.dtype) if type({a}) is _ndarray else _key_of({a}) if type({a}) in _SEQUENCES "
                      f"else type({a}) if type({a}) in _PLAIN else _record_key({a}), " for a in names)
        source = (f"def __call__(self, {''.join(f'{a}=_NO, ' for a in names)}*more, **kwargs):\n"
                  f"{_filling(names, first_default)}"
                  f"    run = self._runners.get(({key}))\n"
                  f"    if run is None or more or kwargs or not self._current():\n"
                  f"        passed = tuple(a for a in ({', '.join(names + [''])}) if a is not _NO)\n"
                  f"        return self._call(passed + more, kwargs)\n"
                  f"    try:\n"
                  f"        return run({', '.join(names)})\n"
                  f"    except _ERRORS:\n"
                  f"        result = self.with_numpy_floats(({''.join(a + ', ' for a in names)}))\n"
                  f"        if result is _NO:\n"
                  f"            raise\n"
                  f"        return result\n"
                  f"    except _REFUSALS as refusal:\n"
                  f"        raise _located(refusal, self.original) from None\n")
        namespace = {"_ndarray": np.ndarray, "_NO": NO, "_ERRORS": PYTHON_FLOAT_ERRORS, "_key_of": key_of,
                     "_PLAIN": PLAIN, "_record_key": record_key,
                     "_SEQUENCES": SEQUENCES, "_REFUSALS": RunTimeRefusal, "_located": located}
        exec(compile(source, f"<transpiler fast call, {arity} arguments>", "exec"), namespace)
        _FAST_CALLS[arity, first_default] = type(f"Gradient{arity}", (gradient,), {"__call__": namespace["__call__"],
                                                                                   "__doc__": gradient.__doc__})
    return _FAST_CALLS[arity, first_default]


def _filling(names: list[str], first: int | None) -> str:
    """The lines of a fast ``__call__`` filling in the defaults of the parameters from ``first``
    on, where every parameter before it was passed (by position: the ones after it were not, or
    were, in order) and no keyword was: what ``bind`` does, without its checks."""
    if first is None or first >= len(names):
        return ""
    required = f" and {names[first - 1]} is not _NO" if first > 0 else ""
    lines = [f"    if {names[-1]} is _NO{required} and not kwargs "
             "and self.original.__defaults__ is self._defaults_read[0]:\n",
             "        defaults = self._defaults[1]\n"]
    lines += [f"        if {a} is _NO:\n            {a} = defaults[{k}]\n" for k, a in enumerate(names[first:])]
    return "".join(lines)


def call_key(args: tuple[Any, ...]) -> tuple[Any, ...]:
    """What a compiled runner is specialised to (the key of a gradient's runners, computed inline
    by :func:`fast_calls`' ``__call__``): each argument's type, or its shape and dtype if
    it is an array, and for a list or tuple each element's (api/flat.py); a function argument
    itself (the code is compiled for it: frontend/function_arguments.py)."""
    return tuple([(a.shape, a.dtype) if type(a) is np.ndarray else key_of(a) if type(a) in SEQUENCES
                  else a if type(a) in FUNCTION_TYPES else type(a) if type(a) in PLAIN else record_key(a)
                  for a in args])


# Distinct values of one free name compiled for, each its own code; from one more on, the
# code a call runs is generic in that name's value (read at call time) for good: a global
# that changes on every call (a counter, a step number) compiles a few times, not every time.
VALUES_COMPILED_FOR = 3


def free_family(original: Callable[..., Any], values_seen: dict[str, set[Any]]) -> tuple[Any, ...]:
    """(name, shape, kind) of each free name ``original`` reads, as now bound, and its value
    fourth where the value is a Python int or bool the function reads as a size, a count or a
    branch's test (opt/specialize.py: values_read_as_sizes) and the name has held at most
    VALUES_COMPILED_FOR distinct values (``values_seen``, by name, kept by the caller)."""
    values = pipeline.free_values(original)
    sizes = values_read_as_sizes(pipeline.lowered(original), frozenset(n for n, v in values.items() if type(v) in (int, bool)))
    entries = []
    for name, value in values.items():
        entry: tuple[Any, ...] = (name, shape_of(value) if exact(value) else None, kind_of(value) if exact(value) else None)
        if type(value) in (int, bool) and name in sizes and _compiled_for(value, values_seen.setdefault(name, set())):
            entry += (value,)
        entries.append(entry)
    return tuple(sorted(entries))


def _compiled_for(value: Any, seen: set[Any]) -> bool:
    """Is code compiled for this value of a name that has held the values ``seen`` (and now holds it)?"""
    seen.add(value)
    return len(seen) <= VALUES_COMPILED_FOR


def default_values(original: Callable[..., Any], signature: inspect.Signature, args: Sequence[Any],
                   values_seen: dict[str, set[Any]]) -> tuple[Any, ...]:
    """(name, (), kind, value) of each parameter with an int or bool default (``steps=500``, a
    setting rather than data) given an int or bool the function reads as a size, a count or a
    test, while it has held at most VALUES_COMPILED_FOR distinct values: compiled for like a free
    name's (:func:`free_family`). A parameter without a default is compiled for its type only:
    a loop count passed by position may change on every call (as JAX's non-static arguments)."""
    settings = frozenset(name for name, param in signature.parameters.items() if type(param.default) in (int, bool))
    sizes = values_read_as_sizes(pipeline.lowered(original), settings) if settings else frozenset()
    return tuple((name, (), kind_of(value), value) for (name, param), value in zip(signature.parameters.items(), args)
                 if type(param.default) in (int, bool) and type(value) in (int, bool) and name in sizes
                 and _compiled_for(value, values_seen.setdefault(name, set())))


def values_fit(signature: inspect.Signature, entries: tuple[Any, ...]) -> Callable[[Sequence[Any]], bool] | None:
    """What a runner compiled for parameters' values (``entries``, :func:`default_values`) checks
    of each call's arguments (another value: compile anew); None where there are none."""
    if not entries:
        return None
    names = list(signature.parameters)
    at = [(names.index(name), type(value), value) for name, _, _, value in entries]
    return lambda args: all(type(args[i]) is kind and args[i] == value for i, kind, value in at)


def free_guard(free: tuple[Any, ...]) -> Callable[[dict[str, Any]], Any]:
    """What a runner compiled for the free names' ``free`` (a spec's entries) checks of their
    current values on every call (a change: compile anew): each one's type, or shape and dtype
    (:func:`call_key`), and the value of each compiled for its value."""
    valued = [entry[0] for entry in free if len(entry) == 4]
    if not valued:
        return lambda values: call_key(tuple(values.values()))
    return lambda values: (call_key(tuple(values.values())),        # (a parameter's entry: values_fit's)
                           tuple([values[name] for name in valued if name in values]))
