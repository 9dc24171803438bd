"""Rewrite ``folded_scalings``: a number times a number times an array, one product of numbers and
one pass over the array: ``s * (2 * e)`` as ``(s * 2) * e`` (a pass on the reverse sweep's IR, for
calls: where shapes and dtypes are known).

Adjoints scale twice over: a mean's seed ``1 / n`` times a square's partial ``2 * e``, a penalty's
``lam`` times ``2 * w``, a chain rule's ``0.5 * (0.1 * x)``. Each product is a pass over the array
and an array made; the numbers multiplied first are one pass. Each product of a number and a value
read once, by that product, bound once as a number times (or over) an array of the result's shape,
multiplies the two numbers first, into a new temporary, and the array by that.

Exact in exact arithmetic (multiplication is associative); in floating point the product of the
numbers is rounded once more or less (the gradient agrees to rounding with the rewrite off).
Only where the array is float64 or complex128 (so the result's dtype is the array's whichever the
numbers are: a Python float does not widen a float32 array, a NumPy float64 number does), both
numbers are known to be numbers (shape ``()``) and one is known to be floating (two NumPy integers
multiplied first could overflow where the products in floating point did not).
"""
from __future__ import annotations

import ast
import dataclasses

from ..ir.nodes import Assign, Const, Function, Var
from ..opt.repeated import fixed
from ..primitives.registry import lookup
from .shapes import FunctionFacts, known_kinds

NAME = "folded_scalings"
DESCRIPTION = "s * (2 * e) for numbers s and 2 as (s * 2) * e: the numbers multiplied first, one pass over e"

_MULT, _DIV = lookup(ast.Mult), lookup(ast.Div)


def fold_scalings(fn: Function, named_shapes: dict, input_kinds: dict) -> Function:
    """``fn`` with each top-level number times a number times an array written as the product of
    the numbers times the array (``fn`` itself where there is none)."""
    candidates = [i for i, stmt in enumerate(fn.body) if _binop(stmt) is ast.Mult]
    if not candidates:
        return fn
    facts = FunctionFacts(fn, named_shapes)
    kinds = None
    body = list(fn.body)
    for i in candidates:
        stmt = body[i]
        found = _folded(stmt, facts, i)
        if found is None:
            continue
        outer, inner_op, inner_number, array = found
        if kinds is None:
            kinds = known_kinds(fn, input_kinds)
        if kinds.get(array) not in ("f8", "c16") or not any(_floating(n, facts, kinds) for n in (outer, inner_number)):
            continue
        number = Var(fn.names.temp())
        prim = _MULT if inner_op is ast.Mult else _DIV
        body[i] = [Assign(number, prim, (outer, inner_number), (), stmt.location),
                   Assign(stmt.target, _MULT, (number, array), (), stmt.location, rebinds=stmt.rebinds)]
    if all(a is b for a, b in zip(body, fn.body)):
        return fn
    flat = [s for stmt in body for s in (stmt if isinstance(stmt, list) else [stmt])]
    return dataclasses.replace(fn, body=flat)


def _folded(stmt: Assign, facts: FunctionFacts, at: int):
    """(the outer number, ``ast.Mult`` or ``ast.Div``, the inner number, the array) where ``stmt``
    is ``a * t`` (either order), ``t = b * y``, ``y * b`` or ``y / b`` read by ``stmt`` alone, ``a``
    and ``b`` numbers, ``y`` of the product's shape; None else."""
    shape = facts.shapes.get(stmt.target)
    if not shape:
        return None
    for outer, scaled in (stmt.args, stmt.args[::-1]):
        if not _is_number(outer, facts) or not isinstance(scaled, Var):
            continue
        inner = _read_once_binding(scaled, stmt, facts)
        if inner is None:
            continue
        op = _binop(inner)
        for number, array in _number_and_array(inner, op):
            if _is_number(number, facts) and isinstance(array, Var) and facts.shapes.get(array) == shape \
                    and fixed(array, facts.chains, facts.position, at) \
                    and (not isinstance(number, Var) or fixed(number, facts.chains, facts.position, at)):
                return outer, op, number, array
    return None


def _number_and_array(stmt: Assign, op) -> tuple:
    """The (number, array) orders ``stmt`` may be read in: either of a product's, a quotient's
    divisor and dividend."""
    if op is ast.Mult:
        return stmt.args, stmt.args[::-1]
    return ((stmt.args[1], stmt.args[0]),) if op is ast.Div else ()


def _read_once_binding(var: Var, reader: Assign, facts: FunctionFacts):
    """The one top-level ``Assign`` binding ``var``, read by ``reader`` alone; None else."""
    bindings = facts.chains.definitions.get(var, [])
    if len(bindings) != 1 or not isinstance(bindings[0], Assign) or id(bindings[0]) not in facts.position:
        return None
    return bindings[0] if facts.chains.uses.get(var, []) == [reader] else None


def _is_number(atom, facts: FunctionFacts, depth: int = 0) -> bool:
    """A number: a numeric literal, a value of shape ``()``, or arithmetic on numbers (``0.5 / c``,
    whose name a transform may have bound again with another shape: no shape known by name)."""
    if isinstance(atom, Const):
        return type(atom.value) in (int, float)
    if facts.shapes.get(atom) == ():
        return True
    bindings = facts.chains.definitions.get(atom, [])
    stmt = bindings[0] if len(bindings) == 1 else None
    return (depth < 4 and _binop(stmt) in (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)
            and all(_is_number(a, facts, depth + 1) for a in stmt.args))


def _floating(atom, facts: FunctionFacts, kinds: dict) -> bool:
    """Is ``atom`` known to be a floating number: a float literal, of a float or complex kind, or
    a quotient (``1 / n``)? (Two integers multiplied first could overflow int64 where the array
    products, in floating point, did not.)"""
    if isinstance(atom, Const):
        return type(atom.value) is float
    bindings = facts.chains.definitions.get(atom, [])
    return (kinds.get(atom) or "?")[0] in "fc" or len(bindings) == 1 and _binop(bindings[0]) is ast.Div


def _binop(stmt):
    if isinstance(stmt, Assign) and len(stmt.args) == 2 and not stmt.kwargs:
        return stmt.prim.spelling.binop
    return None

