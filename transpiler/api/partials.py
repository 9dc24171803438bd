"""``functools.partial`` objects as the function to transform: ``grad(partial(loss, X=X, y=y))``,
the spelling ``scipy.optimize`` users write.

A partial's positional arguments are bound like a bound method's ``self`` (put before every
call's arguments); its keywords become the defaults of a copy of the function (same code, globals
and closure), so parameters, ``wrt`` by name or position, keywords and defaults work as they do
for the function itself, and a call may still pass a bound keyword to override it, as with the
partial."""
from __future__ import annotations

import inspect
import types
import weakref
from typing import Any, Callable

from ..errors import UnsupportedSyntaxError

# partial -> the copy of its function with its keywords as defaults: one copy per partial, so
# transforming the same partial twice compiles it once
_copies: "weakref.WeakKeyDictionary[Any, Callable[..., Any]]" = weakref.WeakKeyDictionary()


def with_keywords_as_defaults(function: Callable[..., Any], partial: Any) -> Callable[..., Any]:
    """``function`` (the partial's, unwrapped) with the partial's keywords as its defaults."""
    if not partial.keywords:
        return function
    copy = _copies.get(partial)
    if copy is None or copy.__code__ is not function.__code__:
        copy = _copies[partial] = _copy_with_defaults(function, dict(partial.keywords))
    return copy


def _copy_with_defaults(function: Callable[..., Any], keywords: dict[str, Any]) -> Callable[..., Any]:
    params = list(inspect.signature(function).parameters.values())
    positional = [p for p in params if p.kind is p.POSITIONAL_OR_KEYWORD]
    keyword_only = {p.name for p in params if p.kind is p.KEYWORD_ONLY}
    unknown = set(keywords) - {p.name for p in positional} - keyword_only
    if unknown:
        raise _refused(function, f"binds `{sorted(unknown)[0]}`, which is not a named parameter of "
                                 f"{function.__qualname__}")
    bound_at = [i for i, p in enumerate(positional) if p.name in keywords]
    start = min([*bound_at, len(positional) - len(function.__defaults__ or ())])
    gaps = [p.name for p in positional[start:] if p.name not in keywords and p.default is p.empty]
    if gaps:
        raise _refused(function, f"binds a parameter before `{gaps[0]}`, which stays without a value")
    copy = types.FunctionType(function.__code__, function.__globals__, function.__name__,
                              tuple(keywords.get(p.name, p.default) for p in positional[start:]),
                              function.__closure__)
    copy.__kwdefaults__ = {**(function.__kwdefaults__ or {}),
                           **{name: value for name, value in keywords.items() if name in keyword_only}}
    copy.__qualname__, copy.__module__ = function.__qualname__, function.__module__
    copy.__dict__.update(function.__dict__)        # (a method's copy keeps its object: method_of)
    return copy


def _refused(function: Callable[..., Any], what: str) -> UnsupportedSyntaxError:
    name = function.__qualname__
    return UnsupportedSyntaxError(
        f"this functools.partial of {name} {what}", None,
        hint=f"bind trailing parameters by keyword (partial({name}, X=X, y=y)), or differentiate a "
             f"lambda that calls {name} with every argument")
