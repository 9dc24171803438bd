"""A list or dict argument the function changed (``log.append(loss)``, ``cache[k] = v``, a
mutable default ``hist=[]`` growing from call to call), changed for the caller as Python
changes it: once per call of a transform, after its passes (so every pass differentiates at the
point the caller gave), whatever number of passes it runs.

The generated code never writes into its arguments; it hands the final contents of each such
object back (frontend/parameter_writes.py, primitives/effects.py ``HandBack``), and
:func:`apply` puts them into the caller's object: ``log[:] = final`` for a list, ``clear`` and
``update`` for a dict. Where the function wrote into items rather than adding, removing or
replacing them (``params[0][0] = v``, ``counts["n"] += 1``), the items stay the caller's objects:
an inner list or dict is changed in turn, a number replaced, and an array keeps the value
semantics of arrays (docs/syntax.md: an array the caller passed is never written). ``vjp`` and
``jacobian`` run the Python function itself for the value, on copies: its copies' final contents
are handed back the same way (:func:`call_handing_back`)."""
from __future__ import annotations

import functools
from typing import Any, Callable, Sequence

import numpy as np

from ..driver import pipeline
from ..errors import TranspileError
from ..frontend.parameter_classes import classes_of
from ..ir import Effect
from ..primitives import effects


def hands_back(original: Callable[..., Any], args: Sequence[Any]) -> tuple[int, ...]:
    """The parameters (indices) whose objects ``original`` changes, for arguments like ``args``."""
    fn = pipeline.lowered(original, classes_of(args))
    return tuple(getattr(s.args[0], "value") for s in fn.body if isinstance(s, Effect) and s.prim is effects.WRITE_BACK)


class handing_back:
    """``with handing_back(args):`` around the passes of one call: the final contents the
    generated code hands back are put into the objects among ``args`` at the end (not where
    the block raised: Python's call would have stopped before its return too)."""

    def __init__(self, args: Sequence[Any]):
        self.args = args

    def __enter__(self) -> None:
        self.collected, self.token = effects.collecting()

    def __exit__(self, kind: Any, *_: Any) -> None:
        effects.done_collecting(self.token)
        if kind is None:
            for index, (final, in_place) in self.collected.items():
                apply(self.args[index], final, in_place)


def runner_handing_back(run: Callable[..., Any]) -> Callable[..., Any]:
    """``run`` (a gradient's runner, called with every argument bound) handing back per call."""
    @functools.wraps(run)
    def handing(*args: Any) -> Any:
        with handing_back(args):
            return run(*args)
    return handing


def apply(target: Any, final: Any, in_place: bool | tuple[Any, ...]) -> None:
    """Make the caller's ``target`` hold ``final``'s contents. ``in_place``: True where the
    function only wrote into items (each still at its place), which stay the caller's objects;
    a tuple of keys where it also added or replaced items: the items at those keys (of a dict)."""
    if isinstance(target, list):
        if type(in_place) is tuple:        # (places moved by an insert or pop: no item to pair with)
            raise TranspileError(
                "the function wrote into items of a list it was passed and also added, removed or replaced "
                "items: which of the caller's items each is cannot be told", hint="copy the list first "
                "(`xs = list(xs)`) and return the copy")
        in_order = bool(in_place)
        target[:] = [_item(old, new, in_order) for old, new in zip(target, final)] + list(final)[len(target):]
    elif isinstance(target, dict):
        items = {key: _item(target[key], new, in_place if type(in_place) is bool else key in in_place)
                 if key in target else new for key, new in final.items()}
        target.clear()
        target.update(items)


def _item(old: Any, new: Any, in_place: bool) -> Any:
    """What the caller's container holds where it held ``old`` and the function's holds ``new``."""
    if not in_place or new is old:
        return new
    if isinstance(old, np.ndarray):
        return old                        # (arrays: never written, docs/syntax.md)
    if isinstance(old, (list, dict)) and type(new) is type(old):
        apply(old, new, in_place)
        return old
    return new


def snapshot(value: Any) -> Any:
    """``value`` with its lists and dicts copied (nested), arrays and other items shared: what a
    transform's passes read while the caller's objects are handed back into."""
    if type(value) is list:
        return [snapshot(v) for v in value]
    if type(value) is dict:
        return {k: snapshot(v) for k, v in value.items()}
    return value


def call_handing_back(call: Callable[[Sequence[Any]], Any], args: Sequence[Any], indices: Sequence[int]) -> Any:
    """``call(copies)`` (the Python function run on copies of ``args``: api/arguments.py), then
    the copies at ``indices`` handed back into the caller's objects, an array copy standing for
    the caller's array (never written)."""
    originals: dict[int, Any] = {}
    copies = [_copied(a, originals) for a in args]
    out = call(copies)
    for index in indices:
        _restore(copies[index], originals)
    return out


def _copied(value: Any, originals: dict[int, Any]) -> Any:
    """A copy of ``value`` whose arrays, lists and dicts are copies, each remembered with its
    original (by the copy's id)."""
    made: Any
    if isinstance(value, np.ndarray):
        made = value.copy()
    elif type(value) is list:
        made = [_copied(v, originals) for v in value]
    elif type(value) is dict:
        made = {k: _copied(v, originals) for k, v in value.items()}
    elif isinstance(value, tuple):            # (immutable: its items copied, the tuple made anew)
        items = [_copied(v, originals) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    else:
        return value
    originals[id(made)] = (made, value)
    return made


def _restore(copy: Any, originals: dict[int, Any]) -> Any:
    """The caller's object a copy stands for, given the copy's final contents (a value the
    function made: itself)."""
    kept = originals.get(id(copy))
    if kept is None or kept[0] is not copy:
        return copy
    original = kept[1]
    if isinstance(original, list):
        original[:] = [_restore(v, originals) for v in copy]
    elif isinstance(original, dict):
        restored = {k: _restore(v, originals) for k, v in copy.items()}
        original.clear()
        original.update(restored)
    return original
