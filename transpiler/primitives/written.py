"""Code a transform writes as an expression (a rule's tangent, a zero of a value's shape, a
primal call spelled for known shapes) made a statement of the IR: a primitive whose spelling is
the expression with a hole for each variable it reads, those variables its arguments, so the IR
knows what each statement reads while the code prints exactly as the rule wrote it."""
from __future__ import annotations

import ast
import copy
from dataclasses import dataclass
from typing import Callable

from .model import Primitive, Spelling

FAMILY = "written by a transform"
_HOLE = "__written{}"


class _Holes(Spelling):
    """The expression with its variables' places numbered (``__written0``...)."""

    def __init__(self, template: ast.AST):
        object.__setattr__(self, "path", "written")
        object.__setattr__(self, "_template", template)

    def build(self, args, kwargs=()):
        return _Fill({_HOLE.format(i): v for i, v in enumerate(args)}).visit(copy.deepcopy(self._template))


class _Fill(ast.NodeTransformer):
    def __init__(self, values: dict):
        self.values = values
        self.filled: set[str] = set()

    def visit_Name(self, node: ast.Name) -> ast.expr:
        value = self.values.get(node.id)
        if value is None:
            return node
        if node.id in self.filled:           # a variable read twice: no node in two places
            return copy.deepcopy(value)
        self.filled.add(node.id)
        return value


@dataclass(eq=False)
class WrittenPrimitive(Primitive):
    """An expression written by a transform (see the module docstring); never differentiated:
    forward mode over it refuses where its value depends on what is differentiated (ad/forward.py).
    So it is ``differentiable`` for the analyses: a value flows through it (it is no constant)."""


def written(expr: ast.expr, is_variable: Callable[[str], bool]) -> tuple[Primitive, list[str]]:
    """The primitive printing ``expr`` and the names of the variables it reads, in order of
    first appearance (its arguments): the names for which ``is_variable`` holds."""
    template = copy.deepcopy(expr)
    order: dict[str, int] = {}
    for node in ast.walk(template):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and is_variable(node.id):
            node.id = _HOLE.format(order.setdefault(node.id, len(order)))
    prim = WrittenPrimitive(name="written", spelling=_Holes(template), family=FAMILY, shape_rule=None)
    return prim, list(order)

