"""Arrays that share memory (``f(x, x)``, ``f(x, x[1:])``, ``f({"w": x}, x)``, ``f(G)`` where ``f``
reads the global ``G``), or one list or dict given twice (``f(x, log, log)``), given to a
function that writes into a parameter (``a[0] = v``, ``a += v``, ``log.append(v)``, a helper
filling it). In Python each name would then see the other's writes; the
transforms give parameters value semantics (the caller's arrays are never written,
frontend/aliasing.py), so the derivative would be of another function: 18.0 where Python computes
38.0 for ``a[0] = 5; return np.sum(a * b)`` called as ``f(x, x)``. Refused at the call instead.
Only functions that write into a parameter pay for the check (``Function.writes_parameters``),
and only when arguments hold arrays is the function asked."""
from __future__ import annotations

import dataclasses
import inspect
from typing import Any, Callable, Iterator, Sequence

import numpy as np

from ..driver import pipeline
from ..errors import NonDifferentiableError
from ..frontend.parameter_classes import classes_of


def writes_parameters(original: Callable[..., Any], args: Sequence[Any]) -> bool:
    return pipeline.lowered(original, classes_of(args)).writes_parameters


def refuse_shared_arguments(original: Callable[..., Any], args: Sequence[Any], known_to_write: bool = False,
                            names: Sequence[str] | None = None) -> None:
    """Raise where an array in ``args`` (at any depth of a list, tuple, dict or dataclass) shares
    memory with another one there or with an array ``original`` reads from a free name, and
    ``original`` writes into a parameter (``known_to_write``: the caller has asked that already).
    ``names``: the parameters' names, where the caller has them (inspect.signature is costly)."""
    if names is None:
        names = list(inspect.signature(original).parameters)
    given = [(path, a) for i, v in enumerate(args) for path, a in _arrays(names[i] if i < len(names) else f"args[{i}]", v)]
    if not given or not (known_to_write or writes_parameters(original, args)):
        return
    read = [(name, a) for free_name, v in _free_values(original, args) for name, a in _arrays(free_name, v)]
    for k, (path, a) in enumerate(given):
        for other, b in given[k + 1:] + read:
            if a is b if type(a) is not np.ndarray or type(b) is not np.ndarray else np.may_share_memory(a, b):
                _refuse(original, path, other)


def _refuse(original: Callable[..., Any], path: str, other: str) -> None:
    raise NonDifferentiableError(
        f"`{path}` and `{other}` of {original.__name__} are the same array or list (or share memory), and the function "
        "writes into a parameter: in Python each would see the other's writes, which the derivative does not "
        "follow (parameters are taken as copies)",
        hint=f"pass a copy (`{path.split('[')[0]}.copy()` or a copied container), or copy the parameter before "
             "writing into it (`a = a.copy()`)")


def _arrays(path: str, value: Any) -> Iterator[tuple[str, Any]]:
    """The NumPy arrays in ``value``, and its lists and dicts (``f(x, log, log)`` appending to
    one: the other would see it), with the path that reaches each (``p["w"]``, ``layers[0].W``)."""
    if type(value) is np.ndarray:
        yield path, value
        return
    if isinstance(value, (list, dict)):
        yield path, value
    if isinstance(value, (list, tuple)):
        fields = getattr(value, "_fields", None)
        for i, item in enumerate(value):
            yield from _arrays(f"{path}.{fields[i]}" if fields else f"{path}[{i}]", item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _arrays(f"{path}[{key!r}]", item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _arrays(f"{path}.{field.name}", getattr(value, field.name, None))


def _free_values(original: Callable[..., Any], args: Sequence[Any]) -> list[tuple[str, Any]]:
    """(name as written, current value) of each free name the lowered function reads."""
    fn = pipeline.lowered(original, classes_of(args))
    out = []
    for var in fn.free.values():
        parsed, name = fn.readers[var.name]
        out.append((name, parsed.lookup(name)))
    return out


def checking_shared_arguments(run: Callable[..., Any], original: Callable[..., Any]) -> Callable[..., Any]:
    """``run`` (a gradient's runner) checking each call's arguments first."""
    def checked(*args: Any) -> Any:
        refuse_shared_arguments(original, args, known_to_write=True)
        return run(*args)
    return checked
