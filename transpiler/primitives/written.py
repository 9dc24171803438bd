"""Code a transform writes as an expression (a rule's tangent, a zero of a value's shape, a
primal call spelled for known shapes) made a statement of the IR: a primitive whose spelling is
the expression with a hole for each variable it reads, those variables its arguments, so the IR
knows what each statement reads while the code prints exactly as the rule wrote it. An expression
a transform marks with a ``result_kind`` (a random draw's ``"f8"``: ad/draws.py) keeps that dtype
kind as the primitive's, for the kinds of the transform's code (analysis/kinds.py)."""
from __future__ import annotations

import ast
import copy
from dataclasses import dataclass
from typing import Callable

from ..ir.code import Transformer, copy_tree, name_nodes
from .model import Primitive, Spelling

FAMILY = "written by a transform"
_HOLE = "__written{}"


class _Holes(Spelling):
    """The expression with its variables' places numbered (``__written0``...)."""

    def __init__(self, template: ast.AST):
        object.__setattr__(self, "path", "written")
        object.__setattr__(self, "_template", template)

    def build(self, args, kwargs=()):
        return _Fill({_HOLE.format(i): v for i, v in enumerate(args)}).visit(copy_tree(self._template))


class _Fill(Transformer):
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
    prim = WrittenPrimitive(name="written", spelling=_Holes(template), family=FAMILY, shape_rule=None,
                            result_kind=getattr(expr, "result_kind", None))
    return prim, list(order)


@dataclass(eq=False)
class WrittenStatement(WrittenPrimitive):
    """A whole statement a transform wrote that is no value binding of the IR (``d_x[i] += g``,
    ``n += 1``, ``a, b = b, a``, a ``try`` driving a pullback): an ``Effect`` printed by
    :meth:`statement`; ``targets`` are the names it binds (ir.defuse counts them)."""

    targets: tuple[str, ...] = ()
    raises: bool = False         # a ``raise``: nothing after it in its block runs (ir.always_raises)

    def statement(self, args) -> ast.stmt:
        return self.spelling.build(args)

    def statement_class(self) -> type:
        """The class of the statement :meth:`statement` builds, known without building it (the
        passes that ask only this, or rule most statements out by it, asked every effect's)."""
        return self.spelling.built_class()


class _Named(Spelling):
    """Code handed over by the transform that wrote it (it never changes it after), kept as it
    is: the variables it reads, by their names, are its holes. Printing copies it."""

    def __init__(self, template: ast.AST, reads: list[str]):
        object.__setattr__(self, "path", "written")
        object.__setattr__(self, "_template", template)
        object.__setattr__(self, "_reads", reads)

    def built_class(self) -> type:
        """The class of what :meth:`build` makes: the code's own (a build fills in names only)."""
        return type(self._template)

    def build(self, args, kwargs=()):
        values = dict(zip(self._reads, args))
        if not all(isinstance(v, ast.Name) for v in values.values()):     # (an expression for a variable)
            return _Fill({_HOLE.format(i): v for i, v in enumerate(args)}).visit(_with_holes(self._template, self._reads))
        tree = copy_tree(self._template)
        for node in name_nodes(tree):
            if node.id in values and type(node.ctx) is ast.Load:
                node.id = values[node.id].id
        return tree


def _with_holes(template: ast.AST, reads: list[str]) -> ast.AST:
    tree = copy_tree(template)
    order = {name: i for i, name in enumerate(reads)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in order:
            node.id = _HOLE.format(order[node.id])
    return tree


def _reads(tree: ast.AST, is_variable: Callable[[str], bool]) -> list[str]:
    """The variables ``tree`` reads, each once (in the order of a walk, not of evaluation)."""
    return list(dict.fromkeys(node.id for node in name_nodes(tree)
                              if type(node.ctx) is ast.Load and is_variable(node.id)))


def written_in_place(expr: ast.expr, is_variable: Callable[[str], bool]) -> tuple[Primitive, list[str]]:
    """:func:`written` for an expression its writer hands over (and never changes after): kept
    as it is, not copied (reverse mode's code, ad/reverse_ir.py, is made IR once)."""
    reads = _reads(expr, is_variable)
    prim = WrittenPrimitive(name="written", spelling=_Named(expr, reads), family=FAMILY, differentiable=False,
                            shape_rule=None, result_kind=getattr(expr, "result_kind", None))
    return prim, reads


def written_statement(stmt: ast.stmt, is_variable: Callable[[str], bool]) -> tuple[Primitive, list[str]]:
    """The primitive printing the statement ``stmt`` (see :class:`WrittenStatement`), handed
    over as for :func:`written_in_place`, and the variables it reads."""
    reads = _reads(stmt, is_variable)
    stored = dict.fromkeys(node.id for node in name_nodes(stmt) if type(node.ctx) is ast.Store)
    prim = WrittenStatement(name="written", spelling=_Named(stmt, reads), family=FAMILY,
                            differentiable=False, shape_rule=None, targets=tuple(stored),
                            raises=isinstance(stmt, ast.Raise))
    return prim, reads
