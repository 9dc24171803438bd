"""Warm calls of ``jvp``, ``vjp``, ``jacobian``, ``hessian`` and ``hvp`` at about the cost of their
generated code, as a :class:`Gradient`'s (api/gradient.py, fast_path.py): a runner per function
object and per call key, made by a transform's general path on its first call and used by the
next calls with arguments of the same key.

A runner is kept for a call of a plain Python function, of a method of one bound to a user
object (kept per object and method: :func:`warm_target`), or of a ``functools.partial`` binding
positional values, given positional values and, to a Jacobian or a Hessian, keywords (placed by
name: :func:`keywords_placed`). Every argument after the bound values is a float, int, bool,
complex number or exact NumPy array, or a container the call key describes whole, given or a
default (a dataclass, NamedTuple, list, tuple or dict of arrays and float numbers, passed as it
is: :func:`containers_passed`; never differentiated by a runner); the function neither writes
into a parameter, nor hands a change back, nor moves a random stream, nor may return None. For
such a call, binding its arguments, the spec, its compiled code and the checks the general path makes
once per call are the same as for the call that made the runner, whatever the values, so long as:

* the call key is the same: each argument's type, an array's shape and dtype, a bound object's
  class (``fast_path.call_key``), the keywords' names, and the transform's options;
* the function's lowering still holds: its code, defaults, the helpers it inlined and what their
  names mean (``Dependencies.checker``, as a Gradient's ``_current``), and the defaults it fills in
  are the same object, each container among them still of the key it had (a field rebound to
  another shape, an element appended: the general path runs); an object bound first still has
  its class's methods and no function of its own in their place (``instances.class_guard``, as
  a Gradient's);
* every free name the code reads is still of the type, shape and dtype (a function: the same
  object) it was compiled for, and an integer compiled for its value still has it
  (:func:`free_check`); the code is compiled for them as ``grad``'s is (:func:`free_entries`).
  Where one is not, the runner answers :data:`STALE` and the transform takes its general path,
  which compiles anew.

Runners refer to the function only weakly: dropping it frees them with it."""
from __future__ import annotations

import functools
import operator
import weakref
from types import FunctionType, MethodType
from typing import Any, Callable, Sequence

import numpy as np

from ..driver import pipeline
from ..driver.pipeline import Generated
from ..errors import RunTimeRefusal
from ..frontend.function_arguments import FUNCTION_TYPES
from ..frontend.argument_lengths import LENGTH
from ..frontend.parameter_classes import classes_of
from ..frontend.source import method_of
from ..frontend.values import is_user_object
from .arguments import binds_in_order, signature_of
from .instances import class_guard
from .flat import MAX_ELEMENTS, record_fields
from .fast_path import PLAIN, call_key, checked_free_reader, free_family, key_check, trailing_defaults
from .located import located
from .numbers import call_with_numpy_floats
from .outputs import may_return_none
from .shared_arguments import writes_parameters
from .strong_zeros import moves_random_streams
from .written_back import hands_back

STALE = object()     # a runner's answer where a free name is no longer as compiled for


class Stale(Exception):
    """Raised inside a runner where a free name is no longer as its code was compiled for."""


class WarmRunners:
    """One transform's runners, per function object (held weakly) and per call key, each kept
    with the test that what it was made for still holds."""

    def __init__(self) -> None:
        self._per_function: weakref.WeakKeyDictionary[Callable[..., Any], dict[Any, Any]] = \
            weakref.WeakKeyDictionary()

    def find(self, f: Any, key: tuple[Any, ...]) -> Callable[..., Any] | None:
        """The runner kept for ``f`` and ``key``, if what it was made for still holds."""
        runners = self._per_function.get(f)
        if runners is None:
            return None
        entry = runners.get(key)
        if entry is None:
            return None
        run, current = entry
        if current():
            return run          # type: ignore[no-any-return]
        del runners[key]
        return None

    def keep(self, f: Callable[..., Any], key: tuple[Any, ...], run: Callable[..., Any],
             current: Callable[[], bool]) -> None:
        runners = self._per_function.setdefault(f, {})
        if len(runners) >= pipeline.CACHE_SIZE:
            del runners[next(iter(runners))]       # the oldest
        runners[key] = (run, current)


def warm_target(f: Any) -> tuple[Any, tuple[Any, ...]] | None:
    """(what runners for calls of ``f`` are kept under, the values every call of it passes first)
    for the callables :class:`WarmRunners` keep runners for: a plain Python function; a method of
    one bound to a user object, kept under the copy of the function the object's code is compiled
    from (frontend/source.py ``method_of``: one per object and method, living as long as the
    object; a new method object is made at each attribute access); a ``functools.partial`` of a
    plain function binding positional values only, kept under the partial. None for anything else."""
    kind = type(f)
    if kind is FunctionType:
        return f, ()
    if kind is MethodType and type(f.__func__) is FunctionType and is_user_object(f.__self__):
        return method_of(f.__func__, f.__self__), (f.__self__,)
    if kind is functools.partial and not f.keywords and type(f.func) is FunctionType:
        return f, f.args
    return None


def plain(values: Sequence[Any]) -> bool:
    """Every value a number or an exact NumPy array."""
    return all(type(v) is np.ndarray or type(v) in PLAIN and v is not None for v in values)


_LEAVES = (float, complex, np.float64, np.float32, np.complex128)     # (what a container passed whole may hold)


def keyed_whole(value: Any) -> bool:
    """A list, tuple or dict (of at most ``flat.MAX_ELEMENTS`` elements), a NamedTuple or a
    dataclass (``flat.record_fields``), nested, whose leaves are exact arrays and float or complex
    numbers: a container the call key (``fast_path.call_key``) describes whole, each leaf's type,
    shape and dtype, so a runner keyed by it (a default's key checked on each call:
    :func:`still_current`) may pass it as it is. (An int, a string or None inside is keyed by its
    type alone where the code may read its value, a loop's count: such a container takes the
    general path.)"""
    kind = type(value)
    if kind is np.ndarray or kind in _LEAVES:
        return True
    if kind is list or kind is tuple or kind is dict:
        return len(value) <= MAX_ELEMENTS and all(map(keyed_whole, value.values() if kind is dict else value))
    fields = record_fields(value)
    return fields is not None and all(keyed_whole(getattr(value, name)) for name in fields)


def containers_passed(original: Callable[..., Any], args: tuple[Any, ...], start: int) -> frozenset[int] | None:
    """The positions from ``start`` on of ``args`` (every argument of a call of ``original``, in
    order) holding a container the key describes whole (:func:`keyed_whole`: a dataclass of
    matrices, a tuple of arrays), given or a default; None where a value there is neither that nor
    a number or an exact array. (A runner passes such a container as it is, and differentiates
    with respect to numbers and arrays only: ``warm_runners.differentiated``.)"""
    held = []
    for i in range(start, len(args)):
        value = args[i]
        if plain((value,)):
            continue
        if not keyed_whole(value):
            return None
        held.append(i)
    return frozenset(held)


def passed_whole(value: Any) -> bool:
    """A value bound before a call's arguments (a method's object, a partial's) that the call key
    tells apart as the general path's code does: a number, an exact array, a function, or an object
    that is no container (its class's key: api/flat.py ``record_key``)."""
    return plain((value,)) or not isinstance(value, (list, tuple, dict, set, np.ndarray, np.random.Generator))


def defaults_filled(f: Callable[..., Any], given: int) -> tuple[Any, ...] | None:
    """The defaults a call of ``f`` giving ``given`` positional values binds after them, where
    every parameter takes a positional value (``()`` where all were given); None where such a
    call does not bind in order (a ``*args``, a keyword-only parameter, too few or too many)."""
    signature = signature_of(f)
    if not binds_in_order(signature):
        return None
    count = len(signature.parameters)
    if given == count:
        return ()
    first, defaults = trailing_defaults(signature)
    if first is None or not first <= given < count:
        return None
    return tuple(defaults[given - first:])


def warm_key(options: Any, target: tuple[Any, tuple[Any, ...]], given: tuple[Any, ...],
             keywords: dict[str, Any]) -> tuple[Any, ...]:
    """The key of a transform's runners (``options``: the transform's) for a call of ``target``
    (:func:`warm_target`) with ``given``, the values it binds first included, and ``keywords``:
    each value's type, shape and dtype (``fast_path.call_key``), the keywords' names in order."""
    if keywords:
        return options, len(target[1]), call_key(given), tuple(keywords), call_key(tuple(keywords.values()))
    return options, len(target[1]), call_key(given)


def keywords_placed(f: Callable[..., Any], given: int,
                    names: tuple[str, ...]) -> tuple[Callable[[Sequence[Any], dict[str, Any]], tuple[Any, ...]],
                                                     tuple[Any, ...]] | None:
    """(``(values, keywords) ->`` every argument in order, the defaults it fills in) for calls of
    ``f`` giving ``given`` positional values (bound ones included) and the keywords ``names``,
    where every parameter takes a positional value; None where such a call does not bind so (a
    keyword naming no parameter after those given, a parameter left without a value)."""
    signature = signature_of(f)
    params = list(signature.parameters.values())[given:]
    if not binds_in_order(signature) or not set(names) <= {p.name for p in params}:
        return None
    if any(p.name not in names and p.default is p.empty for p in params):
        return None
    slots = [(p.name in names, p.name if p.name in names else p.default) for p in params]

    def place(values: Sequence[Any], keywords: dict[str, Any]) -> tuple[Any, ...]:
        return (*values, *[keywords[slot] if by_name else slot for by_name, slot in slots])
    return place, tuple([slot for by_name, slot in slots if not by_name])


def kept(runners: WarmRunners, target: tuple[Any, tuple[Any, ...]], key: tuple[Any, ...],
         made: Callable[..., Any] | None, original: Callable[..., Any], args: tuple[Any, ...], filled: tuple[Any, ...],
         place: Callable[[Sequence[Any], dict[str, Any]], tuple[Any, ...]] | None = None) -> Callable[..., Any] | None:
    """``made`` (a runner of calls like the one with ``args``, every argument) kept in ``runners``
    for ``target``'s calls of ``key``: checking an object bound first (:func:`guarded`), and the
    function's lowering and the defaults object it filled ``filled`` from (:func:`still_current`);
    with ``place`` (:func:`keywords_placed`) a runner of ``(values, keywords)``. None (nothing
    kept) where ``made`` is None: no runner stands for such calls."""
    if made is None:
        return None
    run = guarded(made, original, args)
    if place is not None:
        positional = run

        def run(values: Sequence[Any], keywords: dict[str, Any]) -> Any:
            return positional(place(values, keywords))
    runners.keep(target[0], key, run, still_current(original, filled))
    return run


def runs_plainly(target: tuple[Any, tuple[Any, ...]], original: Callable[..., Any], bound: tuple[Any, ...],
                 args: tuple[Any, ...]) -> bool:
    """Can a runner stand for the general path of calls of ``target`` (:func:`warm_target`) like
    this one (``args``: every argument, bound values first, defaults filled in): a plain function of
    numbers and arrays, after the values bound first, and of containers the key describes whole
    (:func:`containers_passed`), whose general path does the same for every call of their key?
    (A runner is still not made where its free names cannot be checked: :func:`free_check`; an
    object's methods are checked on each call: :func:`guarded`.)"""
    holder, prefix = target
    function = holder.func if type(holder) is functools.partial else holder
    if not (original is function and len(bound) == len(prefix) and all(map(operator.is_, bound, prefix))
            and all(map(passed_whole, prefix))):
        return False
    held = containers_passed(original, args, len(prefix))
    # (a container's lengths are in its key: keyed_whole)
    return (held is not None and all(entry[0] < len(prefix) or entry[0] in held and entry[1] == LENGTH
                                     for entry in classes_of(args))
            and not hands_back(original, args) and not writes_parameters(original, args)
            and not moves_random_streams(original, args)
            and not may_return_none(pipeline.lowered(original, classes_of(args))))


def guarded(run: Callable[..., Any], original: Callable[..., Any], args: tuple[Any, ...]) -> Callable[..., Any]:
    """``run``, answering :data:`STALE` where an object bound first no longer fits the code
    compiled for ``args`` (its class's methods rebound, a function of its own set:
    api/instances.py ``class_guard``, asked of the runner's first argument, the values it binds
    first then the others)."""
    fits = class_guard(original, args)
    if fits is None:
        return run

    def checked(given: Sequence[Any], *rest: Any) -> Any:
        return run(given, *rest) if fits(given) else STALE
    return checked


def still_current(f: Callable[..., Any], filled: tuple[Any, ...]) -> Callable[[], bool]:
    """The test that a runner made now for calls of ``f`` filling in ``filled`` defaults still holds:
    the function's lowering (its code, defaults, helpers: dependencies.py), the defaults
    object it filled them in from (``f.__defaults__`` replaced: the next call reads the new ones),
    and the call key of the containers among them (:func:`keyed_whole`: ``kf.Q = np.eye(3)``, a
    field rebound to another shape, makes the next call compile anew; one of the same shape and
    dtype is read afresh, the container being passed as it is)."""
    checker: Callable[[], bool] = pipeline.lowered(f).dependencies.checker()
    if not filled:
        return checker
    reference, defaults = weakref.ref(f), f.__defaults__
    held = tuple([value for value in filled if not plain((value,))])
    if held:
        same_key = key_check(held)

        def current_held() -> bool:
            function = reference()
            return function is not None and function.__defaults__ is defaults and same_key() and checker()
        return current_held

    def current() -> bool:
        function = reference()
        return function is not None and function.__defaults__ is defaults and checker()
    return current


_VALUES_SEEN: weakref.WeakKeyDictionary[Callable[..., Any], dict[str, set[Any]]] = weakref.WeakKeyDictionary()


def free_entries(original: Callable[..., Any]) -> tuple[Any, ...]:
    """What a transform's code for ``original`` is specialised to of the free names it reads, as
    now bound (a spec's ``free``): the entries a Gradient compiles for (``fast_path.free_family``:
    each one's shape and dtype kind, an integer read as a size its value), the values compiled for
    counted per function, for every transform's calls of it."""
    return free_family(original, _VALUES_SEEN.setdefault(original, {}))


def free_check(generated: Generated, entries: tuple[Any, ...] = ()) -> Callable[[], dict[str, Any]] | None:
    """A function of no arguments giving the free names' values ``generated`` takes, raising
    :class:`Stale` where one is no longer of the type, shape and dtype it was compiled for
    (``fast_path.checked_free_reader``), or no longer the value an entry of ``entries`` (its
    spec's ``free``: :func:`free_entries`) was compiled for. Names ``checked_free_reader`` cannot
    read in line (an object's attributes) are read by name and their key compared, as a
    Gradient's general guard does (``fast_path.free_guard``), where each is a number, an exact
    array or a function (what the key tells apart whole); None where one is not (a container, an
    object: no runner)."""
    if not generated.free:
        empty: dict[str, Any] = {}
        return lambda: empty
    now = generated.free_values()
    reader = checked_free_reader(generated, now)
    valued = [(entry[0], type(entry[3]), entry[3]) for entry in entries if len(entry) == 4]
    if reader is None:     # (an object's attribute, ``self.W``: read by name and its key compared, as grad's)
        if not all(type(v) is np.ndarray or type(v) in PLAIN or type(v) in FUNCTION_TYPES for v in now.values()):
            return None
        compiled_for = call_key(tuple(now.values()))

        def reader() -> dict[str, Any] | None:
            values = generated.free_values()
            return values if call_key(tuple(values.values())) == compiled_for else None

    def read() -> dict[str, Any]:
        values = reader()
        if values is None:
            raise Stale
        return values

    def read_valued() -> dict[str, Any]:
        values = read()
        for name, kind, value in valued:      # (the code has the value folded in: loops, sizes)
            if type(values[name]) is not kind or values[name] != value:
                raise Stale
        return values
    return read_valued if valued else read


def checked_call(function: Callable[..., Any], free: Callable[[], dict[str, Any]],
                 original: Callable[..., Any]) -> Callable[..., Any]:
    """``function(*args, **free())``, as ``numbers.call_with_numpy_floats`` runs it (again at
    NumPy floats where Python's float arithmetic raised; a rule's refusal pointed at the user's
    call in ``original``, held weakly)."""
    reference = weak(original)

    def call(*args: Any) -> Any:
        try:
            return call_with_numpy_floats(function, args, free())
        except RunTimeRefusal as refusal:
            raise located(refusal, reference()) from None
    return call


def weak(function: Callable[..., Any]) -> Callable[[], Callable[..., Any]]:
    """A weak reference to ``function``: what a runner's rare paths (refusals, strong zeros) reach
    it by, so that a runner kept for it does not keep it alive."""
    reference = weakref.ref(function)

    def strong() -> Callable[..., Any]:
        found = reference()
        if found is None:            # (a runner is found only through its function: never here)
            raise ReferenceError("the function of a warm runner was freed")
        return found
    return strong
