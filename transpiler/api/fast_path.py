"""What a gradient's every call does before and after the generated code, made cheap: binding
defaults, reading free names, checking the value and the gradient's types (api/gradient.py).

The current values of the free names a generated function takes are read on every call.
The general reader (``Generated.free_values``) looks each name up in order: the function's
imports, its closure, the module's globals, the builtins. A closure cell and a module's globals
are the same objects for as long as the function exists, so a name found in one of them now can
be read straight from it on the next call: a cell's contents, a dictionary lookup. Only when that
fails (a cell emptied, a global deleted: the name may mean something else now) does the
general reader run. A gradient of few arguments is called through a ``__call__`` of their
number, made once (:func:`fast_calls`).
"""
from __future__ import annotations

import inspect
from typing import Any, Callable

import numpy as np

from ..driver.pipeline import Generated
from ..errors import RunTimeRefusal
from .flat import key_of
from .located import located
from .numbers import PYTHON_FLOAT_ERRORS
from .strong_zeros import number_test

_GONE = object()
SEQUENCES = (list, tuple, dict)       # containers keyed per element (api/flat.py)


def free_reader(generated: Generated) -> Callable[[], dict[str, Any]]:
    """A function of no arguments giving ``generated.free_values()``, faster where every free
    name is a closure cell or a module global."""
    cells, globals_ = [], []
    for param, parsed, name in generated.free:
        if "." in name or " " in name or name in parsed.imports:
            return generated.free_values              # (a module attribute, a default, an import)
        scope, _ = parsed.scope_of(name)
        if scope == "closure":
            cells.append((param, parsed.closure[name]))
        elif scope == "globals":
            globals_.append((param, parsed.globals, name))
        else:
            return generated.free_values

    def read() -> dict[str, Any]:
        try:
            values = {param: cell.cell_contents for param, cell in cells}
        except ValueError:                            # a cell emptied since
            return generated.free_values()
        for param, namespace, name in globals_:
            value = namespace.get(name, _GONE)
            if value is _GONE:
                return generated.free_values()
            values[param] = value
        return values

    return read


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
    """``np.iscomplexobj``, without its conversion for an array (each call counts: it runs on
    every gradient returned)."""
    return value.dtype.kind == "c" if type(value) is np.ndarray else np.iscomplexobj(value)


NO = object()     # "not passed" in the fast call path's signature
_FAST_CALLS: dict[tuple[int, Any], type] = {}


def fast_calls(arity: int, gradient: type, checked: Any = NO) -> type:
    """A subclass of ``gradient`` (api/gradient.py's Gradient) whose ``__call__`` takes its
    ``arity`` arguments as named parameters and computes the call key inline: the hot path of a
    gradient of a few numbers is then about one dictionary lookup and one call more than the
    generated function itself. Any other call (keywords, defaults, too many arguments, a first
    call, a helper since rebound) takes the general path. A rule's refusal at run time is
    pointed at the user's call (api/located.py), as on the general path.

    ``checked``: the subclass for a gradient some of whose runners return number gradients its
    code checks for NaN (api/strong_zeros.py: ``number_gradients_falling_back``; a tuple of
    ``checked`` numbers, one number where None): it calls the generated function itself and
    makes the check in line, where the runner would be a second call (:class:`Runners`; the
    gradient's ``_checked`` is its runners' ``checked``)."""
    if (arity, checked) not in _FAST_CALLS:
        namespace = {"_ndarray": np.ndarray, "_NO": NO, "_ERRORS": PYTHON_FLOAT_ERRORS, "_key_of": key_of,
                     "_SEQUENCES": SEQUENCES, "_REFUSALS": RunTimeRefusal, "_located": located,
                     "_fall_back": _fall_back}
        source = _call_source(arity, checked)
        exec(compile(source, f"<transpiler fast call, {arity} arguments>", "exec"), namespace)
        _FAST_CALLS[arity, checked] = type(f"Gradient{arity}", (gradient,), {
            "__call__": namespace["__call__"], "__doc__": gradient.__doc__, "fast_arity": arity})
    return _FAST_CALLS[arity, checked]


def _call_source(arity: int, checked: Any) -> str:
    names = [f"a{i}" for i in range(arity)]
    params, args = ", ".join(names), f"({''.join(a + ', ' for a in names)})"
    key = "".join(f"({a}.shape, {a}.dtype) if type({a}) is _ndarray else _key_of({a}) if type({a}) in _SEQUENCES "
                  f"else type({a}), " for a in names)
    source = (f"def __call__(self, {''.join(f'{a}=_NO, ' for a in names)}*more, **kwargs):\n"
              f"    key = ({key})\n")
    if checked is not NO:
        unpack, test = number_test(checked, " " * 12)
        source += (f"    run = self._checked.get(key)\n"
                   f"    if run is not None and not more and not kwargs and self._current():\n"
                   f"        try:\n"
                   f"            result = run({params})\n"
                   f"        except _ERRORS as error:\n"
                   f"            return _fall_back(self, self._runners.fallbacks[key], error, {args}, True)\n"
                   f"        except _REFUSALS as refusal:\n"
                   f"            raise _located(refusal, self.original) from None\n"
                   f"        try:\n"
                   f"{unpack}"
                   f"            if {test}:\n"
                   f"                return result\n"
                   f"        except (TypeError, ValueError):\n"
                   f"            pass\n"
                   f"        return _fall_back(self, self._runners.fallbacks[key], result, {args}, False)\n")
    return source + (f"    run = self._runners.get(key)\n"
                     f"    if run is None or more or kwargs or not self._current():\n"
                     f"        passed = tuple(a for a in ({', '.join(names + [''])}) if a is not _NO)\n"
                     f"        return self._call(passed + more, kwargs)\n"
                     f"    try:\n"
                     f"        return run({params})\n"
                     f"    except _ERRORS:\n"
                     f"        result = self.with_numpy_floats({args})\n"
                     f"        if result is _NO:\n"
                     f"            raise\n"
                     f"        return result\n"
                     f"    except _REFUSALS as refusal:\n"
                     f"        raise _located(refusal, self.original) from None\n")


class Runners(dict):
    """A gradient's runners by call key (api/gradient.py); and, for its fast calls, the generated
    functions whose number gradients those calls check for NaN in line (``checked``), with what
    runs after a NaN or an error (``fallbacks``): kept, dropped and cleared with the runners."""

    def __init__(self) -> None:
        super().__init__()
        self.checked: dict = {}
        self.fallbacks: dict = {}

    def keep(self, key: tuple, run: Callable[..., Any], size: int) -> Any:
        """``self[key] = run`` (the oldest dropped past ``size``); where ``run`` is
        strong_zeros.py's check of number gradients around the generated function, that function
        kept for fast calls too: the number of gradients it checks (None: one, not a tuple), for
        :func:`fast_calls`'s ``checked``; else ``NO``."""
        if key not in self and len(self) >= size:
            self.pop(next(iter(self)))
        self[key] = run
        checks = getattr(run, "checks_numbers", None)
        if checks is None:
            self.checked.pop(key, None)
            return NO
        function, after_nan, after_error, gradients = checks
        self.checked[key], self.fallbacks[key] = function, (after_nan, after_error)
        return gradients

    def pop(self, key: Any, *default: Any) -> Any:
        self.checked.pop(key, None)
        return super().pop(key, *default)

    def clear(self) -> None:
        self.checked.clear()
        super().clear()


def _fall_back(gradient: Any, fallbacks: tuple, found: Any, args: tuple, failed: bool) -> Any:
    """A checked fast call's result after its number gradients came out NaN (``found``: the
    result) or its Python floats raised (``found``: the error): strong_zeros.py's, as the runner
    gives it, then the general path's handling of an error that stands."""
    after_nan, after_error = fallbacks
    try:
        return after_error(found, args) if failed else after_nan(found, args)
    except PYTHON_FLOAT_ERRORS:
        result = gradient.with_numpy_floats(args)
        if result is NO:
            raise
        return result
    except RunTimeRefusal as refusal:
        raise located(refusal, gradient.original) from None
