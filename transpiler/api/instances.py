"""The per-call check that a cached gradient still fits the objects passed to it.

A function called with an object of a user class has that class's methods inlined (the class is
the call's: frontend/parameter_classes.py). The call key of a runner holds the object's type
only, so a runner reused for the next call must first see that what it inlined is still there:
the class still holds the same methods (``Model.act = other`` after the first call; the lowering's
recorded facts, frontend/dependencies.py) and the object does not hold a function of its own
where the code called its class's (``model.act = other``), nor another one where it called the
object's (statsmodels' ``self.loglikeobs = self._ll_nb2``). Otherwise the call compiles anew.
Each check is a few dictionary lookups per object; calls without such objects do none.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

from ..driver import pipeline
from ..frontend.parameter_classes import OWN, classes_of, method_names, own_methods, without_lengths


def class_guard(original: Callable[..., Any], args: Sequence[Any]) -> Callable[[Sequence[Any]], bool] | None:
    """A test of a call's arguments: does the code compiled for ``args`` (every argument, bound)
    still fit them? None where no argument is an object whose methods are inlined."""
    classes = classes_of(args)
    if not without_lengths(classes):      # (a list's length is in the call key: api/flat.py)
        return None
    current = pipeline.lowered(original, classes).dependencies.checker()
    watched = []      # (position, class, names to look at, what the object held then, of its elements)
    for index, cls, *more in without_lengths(classes):
        own = more[1] if more and more[0] == OWN else ()
        names = tuple(sorted({*method_names(cls), *(name for name, *_ in own)}))
        watched.append((index, cls, names, own, more == ["elements"]))

    def fits(args: Sequence[Any]) -> bool:
        if not current():
            return False
        for index, cls, names, own, elements in watched:
            if elements:
                if any(own_methods(e, cls, names) for e in args[index]):
                    return False
            elif own or not _holds_none_of(args[index], names):
                if own_methods(args[index], cls, names) != own:
                    return False
        return True
    return fits


def _holds_none_of(obj: Any, names: tuple[str, ...]) -> bool:
    """Does ``obj`` hold none of ``names`` itself? (The common case, in one call.)"""
    own = getattr(obj, "__dict__", None)
    return own is None or own.keys().isdisjoint(names)


def guarded(run: Callable[..., Any], fits: Callable[[Sequence[Any]], bool],
            otherwise: Callable[[tuple[Any, ...]], Any]) -> Callable[..., Any]:
    """``run`` for the calls ``fits`` accepts; ``otherwise(args)`` for the others."""
    def guarded_run(*args: Any) -> Any:
        return run(*args) if fits(args) else otherwise(args)
    return guarded_run
