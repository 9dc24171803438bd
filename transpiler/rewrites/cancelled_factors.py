"""Rewrite ``cancelled_factors``: a number that multiplies a value and then divides it (or divides
and then multiplies) cancels: ``m = c * g; m / c`` is ``g``, ``d_m = d / c; d_m * c`` is ``d``
(a pass on the reverse sweep's IR, for calls: where shapes and dtypes are known).

An Adam step's bias correction ``m = (1 - beta1) * g; m_hat = m / (1 - beta1)`` (the moments of
one step from zero) scales ``g`` and scales it back; its reverse sweep does the same to the
adjoint (``d_m = d_m_hat / c``, then ``d_g = d_m * c``): four passes over the array that leave it
as it was, up to rounding. Each quotient (product) whose operand was bound, once, by a product
(quotient) with the same number reads that product's other operand instead, as a copy; the
product then dies where nothing else reads it.

Only where the number is one value at both statements (a name bound once, or one numeric literal:
a closure's or a global's constant folded), is known to be a number (shape ``()``), and the
cancelled value is bound once, never written into, and of the result's dtype (a float32 array
times a float64 number is float64: that value keeps its two steps). Exact in exact arithmetic for
a nonzero finite number; for ``c`` zero, infinite or NaN the two steps give NaN where the copy
gives the value itself (the limit as ``c`` tends to a nonzero number: an Adam step with
``beta1 = 1`` divides by zero in its forward value, not only in its gradient).
"""
from __future__ import annotations

import ast
import dataclasses
import math

from ..ir.nodes import Assign, Const, Copy, Function, Var
from ..opt.repeated import fixed, written_values
from ..primitives.registry import lookup
from .shapes import FunctionFacts, known_kinds
from .solve_reuse import scaling_step

NAME = "cancelled_factors"
DESCRIPTION = "a product and a quotient by one number cancelled: (c * g) / c and (g / c) * c as g"


def cancel_factors(fn: Function, named_shapes: dict, input_kinds: dict) -> Function:
    """``fn`` with each top-level quotient of a product by one of its factors (each product of a
    quotient by its divisor), directly or across one more scaling by a number, the other operand
    (that scaling) instead (``fn`` itself where there is none)."""
    candidates = [i for i, stmt in enumerate(fn.body) if _scaling(stmt) is not None]
    if not candidates:
        return fn
    facts = FunctionFacts(fn, named_shapes)
    written = written_values(fn)
    kinds = None                # (worked out for the first candidate that needs them: most have none)
    body = list(fn.body)
    for i in candidates:
        stmt = body[i]
        found = _cancelled(stmt, facts, i, written) or _literal_chain(stmt, facts, i, written)
        if found is None:
            continue
        value, between = found
        if kinds is None:
            kinds = known_kinds(fn, input_kinds)
        # (the value of the result's dtype: no number cancelled widened it, a float32 array by a float64 one)
        if kinds.get(value) is None or kinds.get(value) != kinds.get(stmt.target):
            continue
        if between is None or between == 1.0:
            body[i] = Copy(stmt.target, value, stmt.location, rebinds=stmt.rebinds)
        elif isinstance(between, float):
            number = int(between) if between.is_integer() else between
            body[i] = Assign(stmt.target, lookup(ast.Mult), (Const(number), value), (), stmt.location,
                             rebinds=stmt.rebinds)
        else:
            step, scaled = between
            args = tuple(value if a == scaled else a for a in step.args)
            body[i] = dataclasses.replace(step, target=stmt.target, args=args, location=stmt.location,
                                          rebinds=stmt.rebinds)
    return fn if all(a is b for a, b in zip(body, fn.body)) else dataclasses.replace(fn, body=body)


def _scaling(stmt) -> tuple[type, tuple] | None:
    """(``ast.Mult`` or ``ast.Div``, the two operands) of a product or quotient of two values."""
    if not isinstance(stmt, Assign) or stmt.kwargs or len(stmt.args) != 2:
        return None
    binop = stmt.prim.spelling.binop
    return (binop, stmt.args) if binop in (ast.Mult, ast.Div) else None


def _cancelled(stmt: Assign, facts: FunctionFacts, i: int, written: set) -> tuple | None:
    """(the value, None) where ``stmt`` (a product or quotient by a number) undoes the inverse
    step with that number that bound its operand: ``(c * x) / c``, ``(x / c) * c``; (the value,
    (the scaling between, the operand it scaled)) where one scaling by another number comes
    between: ``(k * (c * x)) / c`` is ``k * x``. None where there is neither."""
    binop, (left, right) = _scaling(stmt)
    # (p / c: p's product; p * c and c * p: p's quotient, which divides by c)
    pairs = [(left, right)] if binop is ast.Div else [(left, right), (right, left)]
    inverse = ast.Mult if binop is ast.Div else ast.Div
    # (the structure first, the numbers' shapes only where it matches: the shapes take a walk of
    # the function, and most products undo nothing)
    for operand, number in pairs:
        if isinstance(number, Const) and not _one_number(number, facts, i):
            continue
        value = _undone(operand, number, inverse, facts, i, written)
        if value is not None and _one_number(number, facts, i):
            return value, None
        step = _binding(operand, facts, i, written)
        for between, factor in _scaled_by(step):
            value = _undone(between, number, inverse, facts, i, written)
            if value is not None and _one_number(number, facts, i) and _is_number(factor, facts, i):
                return value, (step, between)
    return None


def _literal_chain(stmt: Assign, facts: FunctionFacts, i: int, written: set) -> tuple | None:
    """(the value, the product of the literals) where ``stmt`` multiplies or divides by a number
    literal a value bound once by one or more such steps (``(d * 5.0) * 0.1 * 0.2``: the reverse
    sweep's ``(d / 0.2) * 0.1 * 0.2``, its division by a literal a product by the reciprocal);
    None else."""
    found = _literal_step(stmt)
    if found is None:
        return None
    factor, value = found
    steps = 0
    while True:
        inner = _literal_step(_binding(value, facts, i, written))
        if inner is None or _binding(inner[1], facts, i, written) is False:
            break
        factor, value, steps = factor * inner[0], inner[1], steps + 1
    return (value, factor) if steps else None


def _literal_step(stmt) -> tuple[float, Var] | None:
    """(the factor, the value) of a product or quotient of a value by a number literal."""
    found = _scaling(stmt)
    step = scaling_step(stmt) if found is not None else None
    if step is None or step[1] or not isinstance(step[2], Var) or not math.isfinite(step[0]) or step[0] == 0:
        return None
    return step[0], step[2]


def _undone(operand, number, inverse: type, facts: FunctionFacts, i: int, written: set) -> Var | None:
    """``x`` where ``operand`` is bound once by ``number * x`` (``x * number``) for ``inverse``
    ``ast.Mult``, by ``x / number`` for ``ast.Div``; None else."""
    found = _scaling(_binding(operand, facts, i, written))
    if found is None or found[0] is not inverse:
        return None
    a, b = found[1]
    # (c * x or x * c; x / c, never c / x)
    for value, factor in ([(b, a), (a, b)] if inverse is ast.Mult else [(a, b)]):
        if _same_number(factor, number) and isinstance(value, Var) \
                and _binding(value, facts, i, written) is not False:
            return value
    return None


def _scaled_by(step) -> list[tuple[Var, object]]:
    """(value, number) of each way ``step`` may multiply or divide a value by a number (``k * q``,
    ``q * k``, ``q / k``): the number checked by :func:`_is_number`."""
    found = _scaling(step)
    if found is None:
        return []
    binop, (a, b) = found
    return [(value, number) for value, number in ([(a, b), (b, a)] if binop is ast.Mult else [(a, b)])
            if isinstance(value, Var)]


def _is_number(atom, facts: FunctionFacts, i: int) -> bool:
    """A numeric literal, or a value holding one number (:func:`_one_number`)."""
    return isinstance(atom, Const) and type(atom.value) in (int, float) or _one_number(atom, facts, i)


def _binding(atom, facts: FunctionFacts, before: int, written: set):
    """The top-level statement binding ``atom`` once before position ``before`` (None for a
    parameter or free name); False where it is bound again, nested, or written into (so that it
    holds one value wherever it is read)."""
    if not isinstance(atom, Var) or atom in written or not fixed(atom, facts.chains, facts.position, before):
        return False
    return facts.chains.definition(atom)


def _one_number(atom, facts: FunctionFacts, before: int) -> bool:
    """Is ``atom`` a number (shape ``()``), nonzero where it is a literal, holding one value?"""
    if isinstance(atom, Const):
        return type(atom.value) in (int, float) and atom.value != 0 and math.isfinite(atom.value)
    return isinstance(atom, Var) and fixed(atom, facts.chains, facts.position, before) \
        and facts.shapes.get(atom) == ()


def _same_number(a, b) -> bool:
    if isinstance(a, Const) and isinstance(b, Const):
        return type(a.value) is type(b.value) and a.value == b.value
    return isinstance(a, Var) and a == b
