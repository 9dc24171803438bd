"""Emission: generated AST -> readable, self-contained Python source -> compiled function.

The printed module imports what it uses and includes the source of the runtime helpers it calls,
so saved to a file it runs with NumPy alone. The compiled code is registered with ``linecache``
under a stable pseudo-filename: tracebacks show generated lines and ``inspect.getsource`` works on
generated functions (which is what lets the transform apply to its own output).
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

import astor
import numpy as np

from . import runtime

_COMMENT = "__comment__"


def load(name: str) -> ast.Name:
    return ast.Name(id=name, ctx=ast.Load())


def store(name: str) -> ast.Name:
    return ast.Name(id=name, ctx=ast.Store())


def to_expr(atom) -> ast.expr:
    """An SSA atom as an expression: a variable's name or a literal."""
    from .ssa import Const

    if isinstance(atom, Const):
        value = atom.value
        if isinstance(value, type):        # a dtype: float, np.float64
            from .rules.registry import canonical_path, dotted
            return dotted(canonical_path(value))
        if isinstance(value, float) and not math.isfinite(value):
            return ast.Call(func=load("float"), args=[ast.Constant(repr(value))], keywords=[])
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
            return ast.UnaryOp(op=ast.USub(), operand=ast.Constant(-value))
        if isinstance(value, tuple):       # a folded shape
            return ast.Tuple(elts=[to_expr(Const(v)) for v in value], ctx=ast.Load())
        return ast.Constant(value)
    return load(atom.name)


def name_nodes(node) -> list[ast.Name]:
    """Every ``ast.Name`` in ``node`` (an AST node or a list of them). A plain stack walk:
    several times faster than ``ast.walk``, and the passes ask this of every statement."""
    found, stack = [], list(node) if isinstance(node, list) else [node]
    pop, push = stack.pop, stack.append
    while stack:
        n = pop()
        if type(n) is ast.Name:
            found.append(n)
            continue
        for name in n._fields:
            value = getattr(n, name, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, ast.AST):
                        push(item)
                    elif type(item) is list:          # a statement slot (reverse.py)
                        stack.extend(item)
            elif isinstance(value, ast.AST):
                push(value)
    return found


def names(node, ctx: type | None = None) -> set[str]:
    """The identifiers in ``node``: all of them, or only those in context ``ctx`` (``ast.Load``,
    ``ast.Store``)."""
    return {n.id for n in name_nodes(node) if ctx is None or type(n.ctx) is ctx}


def name_counts(node, ctx: type | None = None) -> dict[str, int]:
    """How often each identifier occurs in ``node`` (in context ``ctx``, if given)."""
    counts: dict[str, int] = {}
    for n in name_nodes(node):
        if ctx is None or type(n.ctx) is ctx:
            counts[n.id] = counts.get(n.id, 0) + 1
    return counts


def comment(text: str) -> ast.stmt:
    """A statement that prints as ``# text``."""
    return ast.Expr(value=ast.Call(func=load(_COMMENT), args=[ast.Constant(text)], keywords=[]))


def is_comment(stmt: ast.stmt) -> bool:
    """Is ``stmt`` a statement made by :func:`comment`?"""
    return (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)
            and isinstance(stmt.value.func, ast.Name) and stmt.value.func.id == _COMMENT)


def to_source(function: ast.FunctionDef, docstring: str = "") -> str:
    """The full module text for one generated function (and the functions it calls that were
    generated with it: ``function.companions``)."""
    if docstring:
        function.body.insert(0, ast.Expr(value=ast.Constant(docstring)))
    functions = [*getattr(function, "companions", []), function]
    for f in functions:
        ast.fix_missing_locations(f)
    body = "\n\n".join(astor.to_source(f) for f in functions)
    body = re.sub(rf"^(\s*){_COMMENT}\((['\"])(.*)\2\)$", r"\1# \3", body, flags=re.MULTILINE)
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
    helpers = [_helper_source(fn) for name, fn in runtime.HELPERS.items() if name in needed]
    external = sorted(name for name in runtime.EXTERNAL if name in used)
    if external:
        header.append("# custom rules registered with transpiler.register_rule (not printable here): "
                      + ", ".join(external))
    parts = ["\n".join(header), *helpers, body]
    return "\n\n\n".join(p.strip("\n") for p in parts) + "\n"


@functools.lru_cache(maxsize=None)
def _helper_source(fn) -> str:
    """A helper's source without its registration decorator."""
    lines = textwrap.dedent(inspect.getsource(fn)).splitlines(True)
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
    module = f"transpiler.generated.{label}"
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
    ``inspect.getsource`` for second derivatives), and goes with the last one: the compiled
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


__all__ = ["load", "store", "to_expr", "names", "name_counts", "name_nodes", "comment", "is_comment", "to_source",
           "compile_function", "np"]
