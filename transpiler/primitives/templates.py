"""Rule templates: a rule function's *return expression*, with its parameters as holes.

The transforms parse a rule once and inline it into the generated code with the call's own
argument names substituted, so the output reads ``d_x = d_y * np.cos(x)``, not a call into a
table.
"""
from __future__ import annotations

import ast
import inspect
import textwrap
from dataclasses import dataclass
from typing import Any, Callable


@dataclass
class Template:
    """The return expression of a rule function, with its parameter names as holes."""

    function: Callable
    params: tuple[str, ...] = ()
    _exprs: list[ast.expr] | None = None

    @property
    def defaults(self) -> dict[str, Any]:
        return {name: p.default for name, p in inspect.signature(self.function).parameters.items()
                if p.default is not inspect.Parameter.empty}

    def exprs(self) -> list[ast.expr]:
        if self._exprs is None:
            source = textwrap.dedent(inspect.getsource(self.function))
            fn = ast.parse(source).body[0]
            body = [s for s in fn.body if not _is_docstring(s)]
            assert len(body) == 1 and isinstance(body[0], ast.Return), (
                f"rule {self.function.__name__} must be a single return statement")
            value = body[0].value
            self._exprs = list(value.elts) if isinstance(value, ast.Tuple) else [value]
        return self._exprs

    def instantiate(self, index: int, names: dict[str, ast.expr]) -> ast.expr:
        return substitute(self.exprs()[index], names)


def _is_docstring(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(
        stmt.value.value, str)


def substitute(node, names: dict[str, ast.expr]):
    """A fresh copy of the expression ``node`` with names replaced by (copies of) expressions.
    (A plain recursive copy: ``copy.deepcopy`` is several times slower on small ASTs.)"""
    if isinstance(node, ast.Name) and node.id in names:
        return substitute(names[node.id], {})
    if isinstance(node, list):
        return [substitute(item, names) for item in node]
    if not isinstance(node, ast.AST):
        return node
    clone = node.__class__()
    for name in node._fields:
        setattr(clone, name, substitute(getattr(node, name, None), names))
    if getattr(node, "keeps_float", False):
        clone.keeps_float = True
    return clone



def is_none(node: ast.expr) -> bool:
    """A rule's ``None``: this argument carries no derivative."""
    return isinstance(node, ast.Constant) and node.value is None
