"""Statements run for what they do outside the function, not for a value: a call whose value is
discarded (``print(x)``, ``logging.info(...)``, ``warnings.warn(...)``), ``assert``, and entering
and leaving a context manager (``with np.errstate(...):``).

Each is an ``Effect`` of the IR whose primitive has ``effect=True``: the transforms run it in the
forward sweep only, exactly where the primal runs it (once per iteration inside a loop), never
when a reverse loop recomputes an iteration; it carries no derivative. Its values are the
primal's (printing an active value prints the value)."""
from __future__ import annotations

import ast
import copy

from .model import Primitive, Spelling
from .runtime import helper

FAMILY = "effects"
_HOLE = "__effect{}"


def hole(i: int) -> ast.Name:
    """A value's place in an effect's template (filled with the value's name when printed)."""
    return ast.Name(id=_HOLE.format(i), ctx=ast.Load())


class _Filled(Spelling):
    """A spelling given by an expression with holes: the user's call with its values replaced."""

    def __init__(self, template: ast.expr, label: str):
        object.__setattr__(self, "path", label)
        object.__setattr__(self, "_template", template)

    def build(self, args, kwargs=()):
        return _Fill(list(args)).visit(copy.deepcopy(self._template))


class _Fill(ast.NodeTransformer):
    def __init__(self, values: list):
        self.values = {_HOLE.format(i): v for i, v in enumerate(values)}

    def visit_Name(self, node: ast.Name) -> ast.expr:
        return self.values.get(node.id, node)


def effect_primitive(template: ast.expr, label: str) -> Primitive:
    """The primitive evaluating ``template`` (holes numbered in argument order) for its effect."""
    return Primitive(name=label, spelling=_Filled(template, label), family=FAMILY, differentiable=False,
                     shape_rule=None, effect=True)


def assertion() -> Primitive:
    """``assert test, message``: ``require(test, message)`` raises AssertionError where it fails."""
    call = ast.Call(func=ast.Name(id="require", ctx=ast.Load()), args=[hole(0), hole(1)], keywords=[])
    return effect_primitive(call, "assert")


@helper()
def require(test, message):
    """``assert test, message`` of the differentiated function (the same AssertionError)."""
    if not test:
        raise AssertionError(message) if message is not None else AssertionError()
