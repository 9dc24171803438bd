"""Functions compiled by numba (``@jit(nopython=True)``, ``@njit``: pyLJ's pair loop): the Python
function the decorator compiles, ``py_func``, is lowered and inlined like any helper. numba
compiles that very function, so its value is the one the transpiled code computes (up to the
rounding of a different evaluation order); the generated code runs it as NumPy, without numba.
numba is never imported here: a dispatcher is told by its class's module."""
from __future__ import annotations

import inspect
from typing import Any


def python_function_of(obj: Any) -> Any:
    """The Python function behind a numba dispatcher; any other object as it is."""
    if (type(obj).__module__ or "").startswith("numba.") and inspect.isfunction(getattr(obj, "py_func", None)):
        return obj.py_func
    return obj
