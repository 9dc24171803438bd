"""What a gradient's every call does before and after the generated code, made cheap: binding
defaults, reading free names, checking the value and the gradient's types (api/gradient.py).

The current values of the free names a generated function takes are read on every call.
The general reader (``Generated.free_values``) looks each name up in order: the function's
imports, its closure, the module's globals, the builtins. A closure cell and a module's globals
are the same objects for as long as the function exists, so a name found in one of them now can
be read straight from it on the next call: a cell's contents, a dictionary lookup. Only when that
fails (a cell emptied, a global deleted: the name may mean something else now) does the
general reader run.
"""
from __future__ import annotations

import inspect
from typing import Any, Callable

import numpy as np

from ..driver.pipeline import Generated

_GONE = object()


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
