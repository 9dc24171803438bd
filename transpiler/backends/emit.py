"""Emission: generated AST -> readable, self-contained Python source -> compiled function.

The printed module imports what it uses and includes the source of the runtime helpers it calls,
so saved to a file it runs with NumPy alone. The compiled code is registered with ``linecache``
under a stable pseudo-filename, for the user: tracebacks show generated lines and
``inspect.getsource`` works on generated functions. The compiler itself never reads it back (a
second derivative lowers the module text the driver keeps: driver/pipeline.py).
"""
from __future__ import annotations

import ast
import functools
import hashlib
import inspect
import linecache
import math
import re
import textwrap
import weakref
from typing import Any, Callable

from ..ir.code import COMMENT, names
from ..primitives import runtime
from ..primitives.templates import current_source
from ..primitives.effects import HandBack, OuterNameWriter
from . import statement_text
from .contexts import with_blocks


def to_source(function: ast.FunctionDef, docstring: str = "", companions: list = ()) -> str:
    """The full module text for one generated function and the functions it calls that were
    generated with it (``companions``, printed first). ``function`` itself is not changed."""
    functions = printable(function, docstring, companions)
    body = functions_text(functions)
    used = names(functions)
    header = []
    if "math" in used:
        header.append("import math")
    header.append("import numpy as np")
    needed = {name for name in runtime.HELPERS if name in used}
    pending = list(needed)
    while pending:                       # helpers that helpers call, all the way down
        for dependency in runtime.DEPENDS.get(pending.pop(), []):
            if dependency not in needed:
                needed.add(dependency)
                pending.append(dependency)
    helpers = [helper_source(fn) for name, fn in runtime.HELPERS.items() if name in needed]
    return module_text(header, helpers, body, used)


def with_user_defaults(function: ast.FunctionDef, docstring: str, user: Callable[..., Any]) -> tuple[ast.FunctionDef, str]:
    """``function`` (a derivative of ``user``, whose parameters it takes first, by name) with
    ``user``'s defaults, so that printed code runs standalone called as ``user`` is: each default
    that has a literal (None, a number, a string, a tuple of those) where Python allows one, on
    the parameters after which every positional parameter has a default (forward mode's
    tangents, which follow, have none). The docstring names the defaults left out (an array's,
    an object's, or one before a parameter without a default): a caller passes those."""
    params = function.args.args
    own = len(params) - len(function.args.defaults)     # (the seed's: d_out=1.0)
    literals: dict[int, ast.expr] = {}
    unprintable: dict[int, str] = {}
    for i, (name, value) in enumerate(parameter_defaults(user)):
        if value is inspect.Parameter.empty or i >= own or params[i].arg != name:
            continue
        literal = default_literal(value)
        if literal is None:
            unprintable[i] = f"{name} (its default, of type {type(value).__name__}, has no literal)"
        else:
            literals[i] = literal
    first = own
    while first > 0 and first - 1 in literals:          # the run of defaults ending the parameters
        first -= 1
    left_out = {**unprintable, **{i: f"{params[i].arg}={ast.unparse(v)}" for i, v in literals.items() if i < first}}
    if first < own:
        arguments = ast.arguments(**{**vars(function.args),
                                     "defaults": [literals[i] for i in range(first, own)] + function.args.defaults})
        function = ast.FunctionDef(**{**vars(function), "args": arguments})
    if left_out:
        note = (f"Defaults of {user.__name__} not declared here (pass these arguments): "
                f"{', '.join(left_out[i] for i in sorted(left_out))}.")
        docstring += "\n\n" + textwrap.fill(note, 96, initial_indent="    ", subsequent_indent="    ")
    return function, docstring


def parameter_defaults(user: Callable[..., Any]) -> list[tuple[str, Any]]:
    """(name, default or ``inspect.Parameter.empty``) of each of ``user``'s parameters, in order;
    for generated code (the gradient a Hessian differentiates), not its seed's ``d_out=1.0``,
    which the Hessian's docstring names (the derivative of ``f_grad(x, d_out)``)."""
    try:
        parameters = list(inspect.signature(user).parameters.values())
    except (TypeError, ValueError):            # (no signature to read)
        return []
    defaults = [(p.name, p.default) for p in parameters]
    if (getattr(user, "__module__", None) or "").startswith(GENERATED_MODULE):   # (None: made by exec)
        seed = max((i for i, p in enumerate(parameters) if p.kind is p.POSITIONAL_OR_KEYWORD), default=None)
        if seed is not None:
            defaults[seed] = (parameters[seed].name, inspect.Parameter.empty)
    return defaults


GENERATED_MODULE = "transpiler.generated"     # (the ``__module__`` of compiled generated code)


_LITERAL_TYPES = (type(None), bool, int, float, complex, str, bytes)


def default_literal(value: Any) -> ast.expr | None:
    """``value`` as a literal expression, where it has one equal to it: None, a number (not
    NaN, not a NumPy scalar, whose type a literal would lose), a string, bytes, a tuple of
    those; else None."""
    if type(value) is tuple:
        items = [default_literal(v) for v in value]
        return None if None in items else ast.Tuple(elts=items, ctx=ast.Load())
    if type(value) not in _LITERAL_TYPES:
        return None
    if isinstance(value, (float, complex)) and math.isnan(abs(value)):
        return None
    return ast.Constant(value)


def printable(function: ast.FunctionDef, docstring: str = "", companions: list = ()) -> list[ast.FunctionDef]:
    """The companions and the function (last) as they are printed: ``with`` blocks, the
    docstring; copies, the originals unchanged."""
    body = with_blocks(function.body)            # enter_context(m) ... exit_context(): `with m:`
    if docstring:
        body = [ast.Expr(value=ast.Constant(docstring)), *body]
    function = ast.FunctionDef(**{**vars(function), "body": body})
    # (no line numbers: astor (statement_text) prints without them, and the text is what gets compiled)
    return [*(ast.FunctionDef(**{**vars(c), "body": with_blocks(c.body)}) for c in companions), function]


def functions_text(functions: list[ast.FunctionDef]) -> str:
    """Generated functions as source, their ``comment("...")`` marks as comments."""
    body = "\n\n".join(statement_text.to_source(f) for f in functions)
    return re.sub(rf"^(\s*){COMMENT}\((['\"])(.*)\2\)$", r"\1# \3", body, flags=re.MULTILINE)


def module_text(header: list[str], helpers: list[str], body: str, used: set) -> str:
    """The module: imports (``header``, then SciPy's the code uses), helper sources, functions."""
    header = list(header)
    external = sorted(name for name in runtime.EXTERNAL if name in used)
    writers = [name for name in external if isinstance(runtime.EXTERNAL[name], OuterNameWriter)]
    hand_backs = [name for name in external if isinstance(runtime.EXTERNAL[name], HandBack)]
    makers = [name for name in external if name.startswith(runtime.MAKER_PREFIX)]
    rules = [name for name in external if name not in writers and name not in hand_backs and name not in makers]
    if makers:
        header.append("# make the lambdas and nested functions passed to calls that simply run, from their source "
                      "and the values they read (not printable here): " + ", ".join(makers))
    if rules:
        header.append("# custom rules registered with transpiler.register_rule (not printable here): "
                      + ", ".join(rules))
    if writers:
        header.append("# assign the function's global or nonlocal names (not printable here): "
                      + ", ".join(f"{name}(v) sets {runtime.EXTERNAL[name].target}" for name in writers))
    if hand_backs:
        header.append(f"# {', '.join(hand_backs)}: hand the final value of a list or dict argument the function "
                      "changes back to the transform, which puts it into the caller's object; this code run on its "
                      "own leaves the caller's object as it was")
        header += [f"{name} = globals().get({name!r}, lambda *values: None)" for name in hand_backs]
    # (a long line may be wrapped before or after the dot: `scipy.\n        special.gammaln(a)`,
    # `scipy\n        .special.betainc(a, b, x)`)
    for library in sorted(set(re.findall(r"\bscipy\s*\.\s*(\w+)\s*\.", "".join([*helpers, body])))):
        header.append(f"import scipy.{library}")      # SciPy's rules (primitives/scipy_*.py)
    parts = ["\n".join(header), *helpers, body]
    return "\n\n\n".join(p.strip("\n") for p in parts) + "\n"


@functools.lru_cache(maxsize=None)
def helper_source(fn) -> str:
    """A helper's source without its registration decorator."""
    lines = current_source(fn).splitlines(True)
    while lines and lines[0].startswith("@"):
        lines.pop(0)
    return "".join(lines)


def compile_function(source: str, name: str, label: str, jit=None, python=()):
    """Compile a generated module and return the function called ``name``. With ``jit`` (e.g.
    ``numba.njit``) every function the module defines, helpers included, is passed through it
    first, so the generated code calls the jitted helpers; except those named in ``python``."""
    digest = hashlib.sha1(source.encode()).hexdigest()[:10]
    filename = f"<transpiler {label} {digest}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    module = f"{GENERATED_MODULE}.{label}"
    namespace = {"__name__": module, **runtime.EXTERNAL}
    exec(compile(source, filename, "exec"), namespace)
    if jit is not None:
        for key, value in list(namespace.items()):
            if inspect.isfunction(value) and value.__module__ == module and key not in python:
                namespace[key] = jit(value)
    function = namespace[name]
    if name not in function.__code__.co_names:   # (a recursive generator calls itself by name)
        del namespace[name]             # not left in its own globals: freed without the collector
    _keep_lines_while_alive(function, filename)
    return function


_line_users: dict[str, int] = {}   # linecache filename -> compiled functions alive that show it


def _keep_lines_while_alive(function, filename: str) -> None:
    """The source stays in ``linecache`` while a function compiled from it is alive (tracebacks,
    ``inspect.getsource`` of generated code), and goes with the last one: the compiled
    caches are bounded, and so are these entries. (Equal source compiled twice shares one entry.)"""
    try:
        weakref.finalize(function, _release_lines, filename)
    except TypeError:                   # an object that takes no weak reference: keep its lines
        return
    _line_users[filename] = _line_users.get(filename, 0) + 1


def _release_lines(filename: str) -> None:
    _line_users[filename] -= 1
    if not _line_users[filename]:
        del _line_users[filename]
        linecache.cache.pop(filename, None)


