"""Warm calls of ``jvp``, ``vjp``, ``jacobian``, ``hessian`` and ``hvp`` at about the cost of their
generated code, as a :class:`Gradient`'s (api/gradient.py, fast_path.py): a runner per function
object and per call key, made by a transform's general path on its first call and used by the
next calls with arguments of the same key.

A runner is kept only for a call of a plain Python function (not a bound method, a partial or an
object) whose arguments, defaults included, are all floats, ints, bools, complex numbers or exact
NumPy arrays, and which neither writes into a parameter, nor hands a change back, nor moves a
random stream, nor may return None. For such a call, binding its arguments, the spec, its
compiled code and the checks the general path makes once per call are the same as for the call
that made the runner, whatever the values, so long as:

* the call key is the same: each argument's type, an array's shape and dtype
  (``fast_path.call_key``), and the transform's options (part of each transform's key);
* the function's lowering still holds: its code, defaults, the helpers it inlined and what their
  names mean (``Dependencies.checker``, as a Gradient's ``_current``), and the defaults it fills in
  are the same object;
* every free name the code reads is still of the type, shape and dtype (a function: the same
  object) it was compiled for (``fast_path.checked_free_reader``); where one is not, the runner
  answers :data:`STALE` and the transform takes its general path, which compiles anew.

Runners refer to the function only weakly: dropping it frees them with it."""
from __future__ import annotations

import weakref
from types import FunctionType
from typing import Any, Callable, Sequence

import numpy as np

from ..driver import pipeline
from ..driver.pipeline import Generated
from ..errors import RunTimeRefusal
from ..frontend.parameter_classes import classes_of
from .arguments import binds_in_order, signature_of
from .fast_path import PLAIN, checked_free_reader, free_family, trailing_defaults
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


def warm_function(f: Any) -> bool:
    """Is ``f`` a plain Python function, the kind whose calls :class:`WarmRunners` keep runners for?"""
    return type(f) is FunctionType


def plain(values: Sequence[Any]) -> bool:
    """Every value a number or an exact NumPy array."""
    return all(type(v) is np.ndarray or type(v) in PLAIN and v is not None for v in values)


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


def runs_plainly(f: Any, original: Callable[..., Any], bound: tuple[Any, ...], args: tuple[Any, ...]) -> bool:
    """Can a runner stand for the general path of calls of ``f`` like this one (``args``: every
    argument, defaults filled in): a plain function of numbers and arrays whose general path
    does the same for every call of their key? (A runner is still not made where its free
    names cannot be checked: :func:`free_check`.)"""
    return (warm_function(f) and original is f and not bound and plain(args) and not classes_of(args)
            and not hands_back(original, args) and not writes_parameters(original, args)
            and not moves_random_streams(original, args) and not may_return_none(pipeline.lowered(original)))


def still_current(f: Callable[..., Any], filled: tuple[Any, ...]) -> Callable[[], bool]:
    """The test that a runner made now for calls of ``f`` filling in ``filled`` defaults still holds:
    the function's lowering (its code, defaults, helpers: dependencies.py), and the defaults
    object it filled them in from (``f.__defaults__`` replaced: the next call reads the new ones)."""
    checker: Callable[[], bool] = pipeline.lowered(f).dependencies.checker()
    if not filled:
        return checker
    reference, defaults = weakref.ref(f), f.__defaults__

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
    spec's ``free``: :func:`free_entries`) was compiled for; None where the names cannot be read
    and checked so."""
    if not generated.free:
        empty: dict[str, Any] = {}
        return lambda: empty
    reader = checked_free_reader(generated, generated.free_values())
    if reader is None:
        return None
    valued = [(entry[0], type(entry[3]), entry[3]) for entry in entries if len(entry) == 4]

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
