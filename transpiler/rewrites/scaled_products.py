"""Rewrite ``scaled_products``: a number times a matrix, read once by a matrix product whose result
is smaller, multiplies the product instead: ``s = 0.5 * a; s @ a.T`` is ``0.5 * (a @ a.T)``.

Adjoint rules scale what they are handed: the quadratic form of a Gaussian gives the covariance
the adjoint ``(0.5 * alpha) @ alpha.T``, ``alpha`` one column per sample (30 × 500), so the number
multiplies 15,000 elements where the product has 900. On the reverse sweep's IR, where the shapes
are known (calls only): top-level statements, the scaled value bound once and read once, by the
product, what it scales bound nowhere between, both operands of the product matrices or vectors
(``X.T @ (0.0002 * r)``: a mean's adjoint on its way to a linear model's weights). The same to
rounding (exact for a power of two).
"""
from __future__ import annotations

import ast
import dataclasses
import math

from ..ir.defuse import DefUse, def_use
from ..ir.nodes import Assign, Const, Function, Var
from ..primitives.registry import lookup
from .shapes import known_shapes

NAME = "scaled_products"
DESCRIPTION = "s = c * a read once by s @ b with a smaller result: c * (a @ b)"


def move_scalars_to_products(fn: Function, named_shapes: dict) -> Function:
    """``fn`` with each ``s = c * a`` (``c`` a number) read once, by a matrix product smaller
    than ``a``, dropped and that product scaled instead (``fn`` itself where there is none)."""
    if not any(_matrix_product(stmt) for stmt in fn.body):
        return fn           # (nothing to move into: the def-use chains and shapes not worked out)
    chains = def_use(fn)
    position = {id(stmt): i for i, stmt in enumerate(fn.body)}
    shapes = None           # (worked out for the first candidate: most functions have none)
    moved: dict[int, list] = {}          # position -> what replaces the statement there
    for i, stmt in enumerate(fn.body):
        scaled = _scaled(stmt)
        if scaled is None:
            continue
        name, number, value = scaled
        product = _only_reader(name, chains, position)
        if product is None or position[id(product)] in moved or i in moved \
                or _rebound_between(value, chains, position, i, position[id(product)]):
            continue
        shapes = shapes if shapes is not None else known_shapes(fn, named_shapes)
        if not _smaller(product, name, value, shapes):
            continue
        moved[i] = []
        moved[position[id(product)]] = _scaled_product(product, name, number, value, fn)
    if not moved:
        return fn
    body = [new for i, stmt in enumerate(fn.body) for new in moved.get(i, [stmt])]
    return dataclasses.replace(fn, body=body)


def _scaled(stmt):
    """(target, number, value) for ``target = number * value`` or ``value * number``."""
    if not (isinstance(stmt, Assign) and stmt.prim.spelling.binop is ast.Mult and len(stmt.args) == 2
            and not stmt.kwargs):
        return None
    for number, other in ((stmt.args[0], stmt.args[1]), (stmt.args[1], stmt.args[0])):
        if isinstance(number, Const) and type(number.value) in (int, float) and isinstance(other, Var) \
                and other != stmt.target:
            return stmt.target, number, other
    return None


def _only_reader(name: Var, chains: DefUse, position: dict):
    """The one top-level matrix product reading ``name`` (bound once), once; None else."""
    readers = chains.uses.get(name, [])
    if len(chains.definitions.get(name, [])) != 1 or len(readers) != 1 or id(readers[0]) not in position:
        return None
    product = readers[0]
    return product if _matrix_product(product) and product.args.count(name) == 1 else None


def _matrix_product(stmt) -> bool:
    """Is ``stmt`` ``a @ b``?"""
    return isinstance(stmt, Assign) and stmt.prim.spelling.binop is ast.MatMult and not stmt.kwargs \
        and len(stmt.args) == 2


def _rebound_between(value: Var, chains: DefUse, position: dict, start: int, stop: int) -> bool:
    """Is ``value`` bound by a statement after ``start`` and before ``stop`` (or in a nested block)?"""
    return any(id(b) not in position or start < position[id(b)] < stop for b in chains.definitions.get(value, []))


def _smaller(product: Assign, name: Var, value: Var, shapes: dict) -> bool:
    """Is ``product``, with ``value`` in place of ``name``, a product of matrices or vectors
    (one or two dimensions each) whose result is smaller than ``value``? (``X.T @ (c * r)``, a
    mean's adjoint scaling the residuals on their way to a linear model's weights.)"""
    scaled_left = product.args[0] == name
    other = product.args[1] if scaled_left else product.args[0]
    a, b = shapes.get(value), shapes.get(other)
    if not (isinstance(a, tuple) and isinstance(b, tuple) and len(a) in (1, 2) and len(b) in (1, 2)):
        return False
    left, right = (a, b) if scaled_left else (b, a)
    if left[-1] != right[0]:
        return False
    result = left[:-1] + right[1:]
    return math.prod(result) < math.prod(a)


def _scaled_product(product: Assign, name: Var, number: Const, value: Var, fn: Function) -> list:
    """``t = value @ other`` (in ``name``'s place), then ``product``'s target bound to ``number * t``."""
    unscaled = Var(fn.names.temp())
    args = tuple(value if a == name else a for a in product.args)
    return [dataclasses.replace(product, target=unscaled, args=args, rebinds=False),
            Assign(product.target, lookup(ast.Mult), (number, unscaled), (), product.location,
                   rebinds=product.rebinds)]
