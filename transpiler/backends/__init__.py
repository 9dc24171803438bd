"""Backends: from a transform's output to code that runs. A backend is one module of this
package defining ``BACKEND`` (a :class:`Backend`): what its code may call (``target``, which
rules and transforms consult), the passes it adds after the general ones, how it compiles, and
which of the API's features its code supports. Rules, passes and the API ask these fields,
never a backend's name: adding a backend is adding a module."""
from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from typing import Callable

from ..primitives.target import Target


@dataclass(frozen=True)
class Backend:
    name: str
    target: Target
    ir_passes: tuple = ()                   # opt.passes.IRPass, run on the IR after the general ones
    passes: tuple = ()                      # opt.passes.Pass, run on the code it printed from the IR
    skips: frozenset = frozenset()          # general passes not worth it here (by name)
    jit: Callable[[], Callable | None] = lambda: None   # a decorator for the generated functions
    python: tuple[str, ...] = ()            # with jit: helpers it cannot compile, run as Python
    forward_mode: bool = True               # compiles forward-mode (tangent) code too
    first_call: Callable | None = None      # (function, args, free values, name): compile now,
    #                                         its errors as ours
    any_arrays: bool = False                # takes arrays of any array-API library, not NumPy's only
    emit: Callable | None = None            # (function, docstring, companions, program) -> module
    #                                         text, instead of emit.to_source's NumPy module
    # What the API may ask of the code (each off unless the backend claims it):
    strong_zeros: bool = False              # a call whose derivative came out NaN runs again with
    #                                         strong-zero code (api/strong_zeros.py)
    checkpoints: bool = False               # compiles checkpointed loops (``memory=``)
    containers: bool = False                # list, tuple and dict arguments taken apart (api/flat.py)
    records: bool = False                   # ... with NamedTuples and dataclasses inside them too


def discover() -> dict[str, Backend]:
    """Every module of this package (its `__path__`) that defines ``BACKEND``, by name."""
    found = {}
    for module in pkgutil.iter_modules(__path__):
        backend = getattr(importlib.import_module(f"{__name__}.{module.name}"), "BACKEND", None)
        if isinstance(backend, Backend):
            found[backend.name] = backend
    return found


BACKENDS: dict[str, Backend] = discover()
DEFAULT = "numpy"       # the backend of the transforms that take no backend= (jacobian, hessian)


def backend(name: str) -> Backend:
    if name not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(map(repr, sorted(BACKENDS)))}, not {name!r}")
    return BACKENDS[name]
