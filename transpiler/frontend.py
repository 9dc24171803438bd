"""Frontend: find a function's source, parse it, and resolve the names it uses.

The result, :class:`ParsedFunction`, is all later stages know about the user's function: its
``ast.FunctionDef`` (line numbers matching the real file), where it came from, and a resolver for
free names (closure cells first, then globals, then builtins) — read at transform time to decide
what a call means, never to bake a value into generated code.
"""
from __future__ import annotations

import ast
import builtins
import inspect
import linecache
import textwrap
from dataclasses import dataclass, field
from typing import Any, Callable

from .errors import Location, SourceUnavailableError, UnsupportedSyntaxError

MISSING = object()


@dataclass
class ParsedFunction:
    func: Callable
    tree: ast.FunctionDef
    filename: str
    closure: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.tree.name

    @property
    def globals(self) -> dict:
        return self.func.__globals__

    def lookup(self, name: str) -> Any:
        """The object a free name refers to right now, or ``MISSING``."""
        if name in self.closure:
            return self.closure[name]
        if name in self.func.__globals__:
            return self.func.__globals__[name]
        return getattr(builtins, name, MISSING)

    def location(self, node: ast.AST) -> Location:
        line = getattr(node, "lineno", self.tree.lineno)
        col = getattr(node, "col_offset", 0)
        text = linecache.getline(self.filename, line)
        return Location(self.filename, line, col + self.col_shift, text)

    # Columns of a dedented nested function are shifted back to the real file.
    col_shift: int = 0


def unwrap(func: Callable) -> Callable:
    """The plain Python function behind decorators, bound methods and our own wrappers."""
    func = getattr(func, "__transpiler_original__", func)
    func = inspect.unwrap(func)
    if inspect.ismethod(func):
        func = func.__func__
    return func


def parse_function(func: Callable) -> ParsedFunction:
    func = unwrap(func)
    if not inspect.isfunction(func):
        raise SourceUnavailableError(
            f"cannot read the source of {func!r}: it is not a Python function",
            hint="pass a function defined with `def` in a file or module",
        )
    filename = inspect.getsourcefile(func) or func.__code__.co_filename
    try:
        lines, first_line = inspect.getsourcelines(func)
    except (OSError, TypeError) as exc:
        raise SourceUnavailableError(
            f"cannot read the source of {func.__qualname__}: {exc}",
            hint="define the function in a .py file (source typed into a REPL or exec'd is not kept)",
        ) from None
    raw = "".join(lines)
    dedented = textwrap.dedent(raw)
    col_shift = _indent_width(raw) - _indent_width(dedented)
    module = ast.parse(dedented)
    ast.increment_lineno(module, first_line - 1)
    tree = module.body[0]
    if isinstance(tree, ast.Lambda) or not isinstance(tree, (ast.FunctionDef, ast.AsyncFunctionDef)):
        raise SourceUnavailableError(
            f"{func.__qualname__} is a lambda; its source cannot be isolated",
            hint="rewrite it as a `def` function",
        )
    closure = {}
    if func.__closure__:
        for name, cell in zip(func.__code__.co_freevars, func.__closure__):
            try:
                closure[name] = cell.cell_contents
            except ValueError:  # cell not yet filled
                pass
    parsed = ParsedFunction(func=func, tree=tree, filename=filename, closure=closure)
    parsed.col_shift = col_shift
    if isinstance(tree, ast.AsyncFunctionDef):
        raise UnsupportedSyntaxError(
            "async functions are not supported", parsed.location(tree),
            hint="differentiate a plain `def` function",
        )
    return parsed


def _indent_width(text: str) -> int:
    first = text.splitlines()[0] if text else ""
    return len(first) - len(first.lstrip())
