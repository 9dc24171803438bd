"""Rewrite ``scaled_products``: a number times a matrix, read once by a matrix product whose result
is smaller, multiplies the product instead: ``s = 0.5 * a; s @ a.T`` is ``0.5 * (a @ a.T)``.

Adjoint rules scale what they are handed: the quadratic form of a Gaussian gives the covariance
the adjoint ``(0.5 * alpha) @ alpha.T``, ``alpha`` one column per sample (30 × 500), so the number
multiplies 15,000 elements where the product has 900. On the reverse sweep's IR, where the shapes
are known (calls only): top-level statements, the scaled value bound once and read once, by the
product, what it scales bound nowhere between, both operands of the product matrices or vectors
(``X.T @ (0.0002 * r)``: a mean's adjoint on its way to a linear model's weights). The scaled
value may reach the product through elementwise steps that a number passes through, each bound
once and read once by the next: a product with another value, a division by one, a negation,
or a sum or difference with another value the same number scales (dropped too): ``X.T @ ((0.0005
* s) * y)``, a logistic loss's mean on its way through the labels, is ``0.0005 * (X.T @ (s *
y))``, and ``X.T @ (0.0002 * e - 0.0002 * y)``, a Poisson likelihood's, ``0.0002 * (X.T @ (e -
y))``. The same to rounding (exact for a power of two).
"""
from __future__ import annotations

import ast
import dataclasses
import math

from ..ir.defuse import DefUse, def_use
from ..ir.nodes import Assign, Const, Function, Var
from ..primitives.registry import lookup
from .shapes import known_kinds, known_shapes

NAME = "scaled_products"
DESCRIPTION = "s = c * a read once by s @ b (or through elementwise steps, (s * y) @ b) with a smaller result: c * (a @ b)"


@dataclasses.dataclass(frozen=True)
class _Step:
    """An elementwise step between the scaled value and the product: ``stmt``, reading the value
    scaled so far. For a sum or difference, the other term is the same number times ``unscaled``
    (``scaling``, dropped with the first), directly or through steps of its own (``through``:
    ``(0.5 * y) / p``); the first of those, or ``stmt`` itself, reads ``unscaled`` in place of
    ``scaled``."""

    stmt: Assign
    scaling: Assign | None = None
    through: tuple = ()
    scaled: Var | None = None
    unscaled: Var | None = None

    def statements(self) -> list:
        return [self.stmt, *self.through] + ([self.scaling] if self.scaling is not None else [])


def move_scalars_to_products(fn: Function, named_shapes: dict, input_kinds: dict | None = None) -> Function:
    """``fn`` with each ``s = c * a`` (``c`` a number) read once, by a matrix product smaller
    than ``a``, dropped and that product scaled instead (``fn`` itself where there is none).
    ``input_kinds``: the parameters' dtype kinds by name (a value moved through steps must be
    known to be a number array, not boolean: ``a + b`` of two masks is a logical or)."""
    if not any(_matrix_product(stmt) for stmt in fn.body):
        return fn           # (nothing to move into: the def-use chains and shapes not worked out)
    chains = def_use(fn)
    position = {id(stmt): i for i, stmt in enumerate(fn.body)}
    shapes = None           # (worked out for the first candidate: most functions have none)
    kinds = None            # (likewise)
    moved: dict[int, list] = {}          # position -> what replaces the statement there
    for i, stmt in enumerate(fn.body):
        scaled = _scaled(stmt)
        if scaled is None:
            continue
        name, number, value = scaled
        found = _path_to_product(name, number, chains, position)
        if found is None:
            continue
        steps, product = found
        involved = [i, position[id(product)]] + [position[id(s)] for step in steps for s in step.statements()]
        first = steps[0].stmt if steps else product
        if any(k in moved for k in involved) or _rebound_between(value, chains, position, i, position[id(first)]) \
                or any(_rebound_between(step.unscaled, chains, position, position[id(step.scaling)],
                                        position[id((*step.through, step.stmt)[0])])
                       for step in steps if step.scaling is not None):
            continue
        shapes = shapes if shapes is not None else known_shapes(fn, named_shapes)
        operand = steps[-1].stmt.target if steps else name
        if not _smaller(product, operand, value, shapes):
            continue
        if steps:
            kinds = kinds if kinds is not None else known_kinds(fn, input_kinds)
            if not all(kinds.get(v, "?")[0] in "ifc" for v in (value, *(s.unscaled for s in steps if s.scaling))):
                continue
        moved[i] = []
        for step in steps:      # (each reads the unscaled values; the product reads the last as before)
            _unscale(step, name, value, moved, position)
        if steps:
            moved[position[id(product)]] = _scaled_product(product, operand, number, operand, fn)
        else:
            moved[position[id(product)]] = _scaled_product(product, name, number, value, fn)
    if not moved:
        return fn
    body = [new for i, stmt in enumerate(fn.body) for new in moved.get(i, [stmt])]
    return dataclasses.replace(fn, body=body)


def _scaled(stmt):
    """(target, number, value) for ``target = number * value`` or ``value * number``; None else."""
    if not (isinstance(stmt, Assign) and stmt.prim.spelling.binop is ast.Mult and len(stmt.args) == 2
            and not stmt.kwargs):
        return None
    for number, other in ((stmt.args[0], stmt.args[1]), (stmt.args[1], stmt.args[0])):
        if isinstance(number, Const) and type(number.value) in (int, float) and isinstance(other, Var) \
                and other != stmt.target:
            return stmt.target, number, other
    return None


# how many elementwise steps a number is moved through on its way to a product
_MOST_STEPS = 4


def _path_to_product(name: Var, number: Const, chains: DefUse, position: dict) -> tuple | None:
    """(steps, product): the top-level matrix product ``name`` reaches through elementwise
    steps a number passes through (:func:`_step`), each value on the way bound once and read
    once, by the next; None else."""
    steps: list = []
    current = name
    while len(steps) <= _MOST_STEPS:
        reader = _only_reader(current, chains, position)
        if reader is None:
            return None
        if _matrix_product(reader):
            return steps, reader
        step = _step(reader, current, number, chains, position)
        if step is None:
            return None
        steps.append(step)
        current = reader.target
    return None


def _only_reader(name: Var, chains: DefUse, position: dict):
    """The one top-level statement reading ``name`` (bound once), once; None else."""
    readers = chains.uses.get(name, [])
    if len(chains.definitions.get(name, [])) != 1 or len(readers) != 1 or id(readers[0]) not in position:
        return None
    reader = readers[0]
    return reader if isinstance(reader, Assign) and list(reader.uses()).count(name) == 1 else None


def _step(stmt: Assign, operand: Var, number: Const, chains: DefUse, position: dict) -> _Step | None:
    """``stmt`` as a step that ``number`` scaling ``operand`` may scale the result of instead
    (:func:`_passes_number`), or ``operand ± o`` (``o ± operand``) where ``o`` is ``number * u``,
    directly or through such steps, each value bound once and read only by the next. None else."""
    if _passes_number(stmt, operand):
        return _Step(stmt)
    if stmt.kwargs or stmt.target == operand or len(stmt.args) != 2 or stmt.prim.spelling.binop not in (ast.Add, ast.Sub):
        return None
    other = stmt.args[1] if stmt.args[0] == operand else stmt.args[0]
    traced = _scaled_origin(other, stmt, number, chains, position, _MOST_STEPS)
    if traced is None:
        return None
    scaling, through, scaled, unscaled = traced
    return _Step(stmt, scaling, through, scaled, unscaled)


def _passes_number(stmt: Assign, operand: Var) -> bool:
    """Is ``stmt`` ``operand * v``, ``v * operand``, ``operand / v`` or ``-operand``?"""
    if stmt.kwargs or stmt.target == operand or operand not in stmt.args:
        return False
    if stmt.prim.spelling.unaryop is ast.USub:
        return stmt.args == (operand,)
    binop = stmt.prim.spelling.binop
    return len(stmt.args) == 2 and (binop is ast.Mult or binop is ast.Div and stmt.args[0] == operand)


def _scaled_origin(var, reader: Assign, number: Const, chains: DefUse, position: dict, depth: int) -> tuple | None:
    """(scaling, steps, scaled, unscaled) where ``var``, read only by ``reader``, is ``scaled =
    number * unscaled`` (``scaling``) passed through ``steps`` (:func:`_passes_number`, in
    program order), each value bound once and read only by the next; None else."""
    binding = _only_binding(var, reader, chains, position)
    if binding is None:
        return None
    scaled = _scaled(binding)
    if scaled is not None and type(scaled[1].value) is type(number.value) and scaled[1].value == number.value:
        return binding, (), scaled[0], scaled[2]
    if depth == 0:
        return None
    for operand in dict.fromkeys(a for a in binding.args if isinstance(a, Var)):
        if _passes_number(binding, operand) and binding.uses().count(operand) == 1:
            traced = _scaled_origin(operand, binding, number, chains, position, depth - 1)
            if traced is not None:
                scaling, steps, name, unscaled = traced
                return scaling, (*steps, binding), name, unscaled
    return None


def _only_binding(var, reader: Assign, chains: DefUse, position: dict):
    """The top-level ``Assign`` binding ``var`` once, where ``reader`` alone reads it (once); None
    else (a copy, a merge of branches, a parameter)."""
    if not isinstance(var, Var):
        return None
    bindings = chains.definitions.get(var, [])
    if len(bindings) != 1 or not isinstance(bindings[0], Assign) or id(bindings[0]) not in position \
            or _only_reader(var, chains, position) is not reader:
        return None
    return bindings[0]


def _unscale(step: _Step, name: Var, value: Var, moved: dict, position: dict) -> None:
    """Record in ``moved`` the statements of ``step`` reading the unscaled values: ``step.stmt``
    ``value`` for ``name``, the first statement of the other term's path ``unscaled`` for
    ``scaled``; the other term's scaling dropped."""
    def reading(stmt: Assign, renamed: dict) -> Assign:
        current = moved.get(position[id(stmt)], [stmt])[0]
        return dataclasses.replace(current, args=tuple(renamed.get(a, a) if isinstance(a, Var) else a
                                                       for a in current.args))
    moved[position[id(step.stmt)]] = [reading(step.stmt, {name: value})]
    if step.scaling is not None:
        first = (*step.through, step.stmt)[0]
        moved[position[id(first)]] = [reading(first, {step.scaled: step.unscaled})]
        moved[position[id(step.scaling)]] = []


def _matrix_product(stmt) -> bool:
    """Is ``stmt`` ``a @ b``?"""
    return isinstance(stmt, Assign) and stmt.prim.spelling.binop is ast.MatMult and not stmt.kwargs \
        and len(stmt.args) == 2


def _rebound_between(value: Var, chains: DefUse, position: dict, start: int, stop: int) -> bool:
    """Is ``value`` bound by a statement after ``start`` and before ``stop`` (or in a nested block)?"""
    return any(id(b) not in position or start < position[id(b)] < stop for b in chains.definitions.get(value, []))


def _smaller(product: Assign, operand: Var, value: Var, shapes: dict) -> bool:
    """Is ``product`` (reading ``operand``, which scaling ``value`` made) a product of matrices
    or vectors (one or two dimensions each) whose result is smaller than ``value``? (``X.T @ (c *
    r)``, a mean's adjoint scaling the residuals on their way to a linear model's weights.)"""
    scaled_left = product.args[0] == operand
    other = product.args[1] if scaled_left else product.args[0]
    a, b, scaled = shapes.get(operand), shapes.get(other), shapes.get(value)
    if not (isinstance(a, tuple) and isinstance(b, tuple) and len(a) in (1, 2) and len(b) in (1, 2)
            and isinstance(scaled, tuple)):
        return False
    left, right = (a, b) if scaled_left else (b, a)
    if left[-1] != right[0]:
        return False
    result = left[:-1] + right[1:]
    return math.prod(result) < math.prod(scaled)


def _scaled_product(product: Assign, name: Var, number: Const, value: Var, fn: Function) -> list:
    """``t = value @ other`` (in ``name``'s place), then ``product``'s target bound to ``number * t``."""
    unscaled = Var(fn.names.temp())
    args = tuple(value if a == name else a for a in product.args)
    return [dataclasses.replace(product, target=unscaled, args=args, rebinds=False),
            Assign(product.target, lookup(ast.Mult), (number, unscaled), (), product.location,
                   rebinds=product.rebinds)]
