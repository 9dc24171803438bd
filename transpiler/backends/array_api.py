"""The array-API backend: generated code written against the array API standard, so one
derivative runs on NumPy, CuPy, Dask, PyTorch, JAX or array-api-strict arrays. Each generated
function starts with ``xp = namespace_of(<its arguments>)`` (``array_api_compat``'s
``array_namespace``, creating arrays on the arguments' device) and calls ``xp.sin``, ``xp.sum``,
``xp.matmul``: arrays of library L give gradients of library L, never converted to NumPy.
A NumPy function outside the standard runs as the library's own function of that name where it
has one, and is otherwise a located error naming it and the library (checked on the first call).

The general passes run as for NumPy; the printed module is the NumPy backend's with ``np.``
rewritten (xp_code.py) and the runtime helpers in their array-API form (xp_runtime.py).
``array_api_compat`` is imported by the generated module only: NumPy users never import it."""
from __future__ import annotations

import ast
import linecache
import re

from ..errors import Location, TranspileError
from ..ir import Assign, walk
from ..ir.code import names
from ..primitives import runtime
from ..primitives.target import Target
from . import Backend, emit
from . import xp_runtime as xp
from .xp_code import in_array_api

# Functions the rules may choose instead of others, that are outside the standard.
TARGET = Target(unavailable=frozenset({"np.heaviside"}), primals_for_shapes=False)


def to_source(function: ast.FunctionDef, docstring: str = "", companions: list = (), program=None) -> str:
    """The module text: the generated functions and the helpers they call, in array-API form."""
    where = _locator(program)
    functions = [in_array_api(f, where, free_values=True)[0]
                 for f in emit.printable(function, docstring, companions)]
    body = emit.functions_text(functions)
    helpers = _helper_sources(names(functions), where)
    used = names(functions) | names([ast.parse(text) for text in helpers])
    header = (["import math"] if "math" in used else []) + ["import array_api_compat"]
    return emit.module_text(header, helpers, body, used)


def _helper_sources(used: set, where) -> list[str]:
    """Source of each helper the code calls, and of those they call: the array-API version where
    xp_runtime.py has one, else the NumPy helper translated (xp_code.py). In registration order."""
    needed, pending, texts = set(), [n for n in used if n in xp.XP_HELPERS or n in runtime.HELPERS], {}
    while pending:
        name = pending.pop()
        if name in needed:
            continue
        needed.add(name)
        if name in xp.XP_HELPERS:
            texts[name] = emit.helper_source(xp.XP_HELPERS[name])
            calls = set(xp.XP_DEPENDS[name]) | names(ast.parse(texts[name]))
        else:
            function, _ = in_array_api(ast.parse(emit.helper_source(runtime.HELPERS[name])).body[0], where, False)
            texts[name] = emit.functions_text([function])
            calls = set(runtime.DEPENDS.get(name, [])) | names([function])
        pending += [n for n in calls if (n in xp.XP_HELPERS or n in runtime.HELPERS) and n not in needed]
    order = [*xp.XP_HELPERS, *(n for n in runtime.HELPERS if n not in xp.XP_HELPERS)]
    return [texts[n] for n in order if n in texts]


def _locator(program):
    """path -> "file:line:col: " of the first statement of ``program`` calling ``np.<path>``
    ("" where the function comes from a derivative rule, not the user's code)."""
    def where(path: str) -> str:
        if program is not None:
            for s in walk(program.body):
                if isinstance(s, Assign) and s.prim.name in (f"np.{path}", path) and s.location is not None:
                    return f"{s.location}: "
        return ""
    return where


_OUTSIDE = re.compile(r"library_function\(xp,\s*'([\w.]+)',\s*'([^']*)'\)")


def first_call(function, args: tuple, free: dict, name: str) -> None:
    """Before the first call for these arguments: each function outside the standard the code
    calls must be in the arguments' library, else a located error now (not deep in a sweep)."""
    lines = linecache.getlines(function.__code__.co_filename)
    calls = _OUTSIDE.findall("".join(lines))
    if not calls:
        return
    namespace = function.__globals__["namespace_of"](*args)
    for path, where in calls:
        found = namespace.namespace
        for part in path.split("."):
            found = getattr(found, part, None)
        if found is None:
            raise TranspileError(
                f"np.{path} (in the gradient of {name}) is not in the array API standard, and "
                f"{namespace.namespace.__name__} has no {path}", _location(where),
                hint="call it on NumPy arrays with backend='numpy', or write it with standard functions "
                     "(docs/beyond-numpy.md lists what runs where)")


def _location(where: str) -> Location | None:
    match = re.match(r"(.*):(\d+):(\d+): $", where)
    if not match:
        return None
    filename, line, col = match.group(1), int(match.group(2)), int(match.group(3)) - 1
    return Location(filename, line, col, linecache.getline(filename, line))


# weighted_sums' batched product of 3-d arrays, `(w[:, None, :] @ d)[:, 0, :]`, is checked on NumPy only.
BACKEND = Backend("array_api", TARGET, skips=frozenset({"weighted_sums"}), any_arrays=True, emit=to_source,
                  first_call=first_call)
