"""``import`` statements inside the differentiated function (``from math import log, sqrt``,
``from scipy import stats``, ``import numpy.linalg as la``): the import runs while lowering, once,
and its names resolve like module-level ones for the rest of the function (``ParsedFunction.imports``).

An import binds modules and functions, never values the derivative depends on, so running it
at compile time instead of on every call changes nothing but when its module is first loaded,
as long as what it binds is unchanged: ``m.h`` replaced after (``from m import h`` in the
function then binds the new one) is a change dependencies.py checks for, as for a global."""
from __future__ import annotations

import ast
import importlib
from typing import Any

from ..errors import UnsupportedSyntaxError
from .source import ParsedFunction


def imported(stmt: ast.Import | ast.ImportFrom, parsed: ParsedFunction) -> dict[str, Any]:
    """The names ``stmt`` binds and what they name."""
    try:
        if isinstance(stmt, ast.Import):
            return dict(_plain(alias) for alias in stmt.names)
        return _from(stmt, parsed)
    except ImportError as error:
        raise UnsupportedSyntaxError(f"`{ast.unparse(stmt)}` failed: {error}", parsed.location(stmt),
                                     hint="import what is installed (the import runs while compiling, as Python runs it on the call)") from None


def raising_if_unimportable(stmt: ast.stmt, parsed: ParsedFunction) -> ast.stmt:
    """``stmt``, or where it is an import that fails, ``raise ImportError(...)`` in its place: in a
    branch or loop body it fails when it runs, as in Python, and a branch never taken (`elif init ==
    'cmdscale': from cmdscale import cmdscale` with `init` known) imports nothing."""
    if not isinstance(stmt, (ast.Import, ast.ImportFrom)) or any(a.name == "*" for a in stmt.names):
        return stmt
    try:
        imported(stmt, parsed)
    except UnsupportedSyntaxError as error:
        message = str(error).splitlines()[0].split(": ", 1)[-1]
        raised = ast.Raise(exc=ast.Call(func=ast.Name(id="ImportError", ctx=ast.Load()),
                                        args=[ast.Constant(message)], keywords=[]), cause=None)
        return ast.fix_missing_locations(ast.copy_location(raised, stmt))
    return stmt


def _plain(alias: ast.alias) -> tuple[str, Any]:
    """``import a.b.c`` binds ``a``; ``import a.b.c as m`` binds ``m`` to ``a.b.c``."""
    module = importlib.import_module(alias.name)
    if alias.asname:
        return alias.asname, module
    head = alias.name.split(".")[0]
    return head, importlib.import_module(head)


def _from(stmt: ast.ImportFrom, parsed: ParsedFunction) -> dict[str, Any]:
    if any(alias.name == "*" for alias in stmt.names):      # (a SyntaxError in a function body)
        raise UnsupportedSyntaxError("`from ... import *` inside a function", parsed.location(stmt),
                                     hint="import the names it uses")
    package = parsed.func.__globals__.get("__package__")
    module = importlib.import_module("." * stmt.level + (stmt.module or ""), package if stmt.level else None)
    names = {}
    for alias in stmt.names:
        try:
            value = getattr(module, alias.name)
        except AttributeError:       # a submodule not imported by its package: `from scipy import stats`
            try:
                value = importlib.import_module(f"{module.__name__}.{alias.name}")
            except ImportError:
                raise ImportError(f"cannot import name {alias.name!r} from {module.__name__!r}") from None
        names[alias.asname or alias.name] = value
        import_origins(parsed)[alias.asname or alias.name] = (module, alias.name)
    return names


def import_origins(parsed: ParsedFunction) -> dict[str, tuple[Any, str]]:
    """The module and attribute each name a ``from m import h`` in the function binds came from:
    Python reads ``m.h`` again on every call, so the derivative depends on what it is now
    (frontend/dependencies.py)."""
    return parsed.__dict__.setdefault("_import_origins", {})
