"""Rewrite ``cancelled_denominators``: quotients summed and then multiplied by the product of
their denominators, ``(a / x - b / y) * (x * y)``, are ``a * y - b * x`` (a pass on the reverse
sweep's IR, for calls: where dtypes are known).

A log-loss through a sigmoid, ``y * np.log(p) + (1 - y) * np.log(1 - p)`` with ``p = 1 / (1 +
np.exp(-z))``, differentiates statement by statement into the logs' adjoints ``g1 / p`` and
``g2 / (1 - p)``, summed into ``d_p``, and the sigmoid's ``d_p * (p * (1 - p))``
(``sigmoid_adjoint``): two divisions, a sum, two products, where the derivative is ``g1 * (1 -
p) - g2 * p`` (the hand's ``p - y`` for the mean's weights). Each quotient's numerator is
multiplied by the product's other factor instead: two products and a sum, no division. Where the
two numerators are one number times complementary weights (``s * (1 - y)`` and ``s * y``: a
cross-entropy's) and one factor is one minus the other, their sum is that number: ``s * (p -
y)``, the hand's one pass (the number then moves to the product ``X.T @``: ``scaled_products``).

Only top-level statements of the reverse sweep whose values are bound once and never written into, one or two
quotients or more (summed, subtracted, negated), the two factors distinct names, and a floating result. Exact in
exact arithmetic where the denominators are nonzero; where one is zero (``p`` rounded to 0 or 1,
``|z|`` above about 37 or 745) the statements as written give ``inf * 0`` = NaN, and the rewrite
their limit, finite: the derivative of the loss there (``p - y`` to rounding), as a log-loss
with logits computes it.
"""
from __future__ import annotations

import ast
import dataclasses

from ..ir.code import is_comment
from ..ir.nodes import Assign, Const, Effect, Function, Var, to_expr
from ..opt.repeated import fixed, written_values
from ..primitives.registry import lookup
from .shapes import FunctionFacts, known_kinds
from .solve_reuse import scaling_step

NAME = "cancelled_denominators"
DESCRIPTION = "(a / x - b / y) * (x * y) as a * y - b * x: a log-loss's adjoint through a sigmoid without divisions"

_ADD, _SUB, _MUL, _DIV, _NEG = (lookup(op) for op in (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.USub))
_FLOATING = ("f4", "f8")


def cancel_denominators(fn: Function, named_shapes: dict, input_kinds: dict) -> Function:
    """``fn`` with each top-level product of a sum of quotients by the product of their
    denominators computed as the numerators times the other denominators (``fn`` itself where
    there is none)."""
    start = _reverse_sweep_start(fn)
    candidates = [i for i, stmt in enumerate(fn.body) if start is not None and i > start and _binary(stmt, _MUL)]
    if not candidates:
        return fn
    facts = FunctionFacts(fn, named_shapes)
    written = written_values(fn)
    kinds = None                # (worked out for the first match: most functions have none)
    replaced = {}
    for i in candidates:
        stmt = fn.body[i]
        terms = _terms(stmt, _Bindings(facts, written, i))
        if terms is None:
            continue
        if kinds is None:
            kinds = known_kinds(fn, input_kinds)
        if kinds.get(stmt.target) not in _FLOATING:
            continue
        complementary = _complementary(terms, _Bindings(facts, written, i))
        replaced[i] = _statements(stmt, terms, fn) if complementary is None else \
            _scaled_difference(stmt, complementary, fn)
    if not replaced:
        return fn
    return dataclasses.replace(fn, body=[s for i, stmt in enumerate(fn.body) for s in replaced.get(i, [stmt])])


def _reverse_sweep_start(fn: Function) -> int | None:
    """The position of the ``# reverse sweep`` comment between the sweeps: the function's own
    value, computed before it, keeps its statements as written (a zero denominator's NaN too)."""
    for i, stmt in enumerate(fn.body):
        if isinstance(stmt, Effect):
            printed = stmt.prim.primal([to_expr(a) for a in stmt.args])
            if isinstance(printed, ast.stmt) and is_comment(printed) and printed.value.args[0].value == "reverse sweep":
                return i
    return None


def _binary(stmt, prim) -> bool:
    return isinstance(stmt, Assign) and stmt.prim is prim and len(stmt.args) == 2 and not stmt.kwargs \
        and all(isinstance(a, Var) for a in stmt.args)


@dataclasses.dataclass(frozen=True)
class _Bindings:
    """The one top-level statement binding a value before position ``before`` (its value the same
    there: bound once, never written into)."""

    facts: FunctionFacts
    written: set
    before: int

    def of(self, atom):
        if not (isinstance(atom, Var) and atom not in self.written
                and fixed(atom, self.facts.chains, self.facts.position, self.before)):
            return None
        return self.facts.chains.definition(atom)


def _terms(stmt: Assign, bindings: _Bindings) -> list[tuple[float, Var, Var]] | None:
    """``[(sign, numerator, the other factor)]`` where ``stmt`` is ``s * (x * y)`` (either order)
    and ``s`` is ``n / x``, ``n / y`` or a sum or difference of two such quotients."""
    for summed, product in (stmt.args, stmt.args[::-1]):
        factors = bindings.of(product)
        if not (_binary(factors, _MUL) and factors.args[0] != factors.args[1]
                and all(_stays(a, bindings) for a in factors.args)):
            continue
        x, y = factors.args
        other = {x: y, y: x}
        quotients = _quotients(summed, bindings)
        if quotients is None or not all(denominator in other for _, _, denominator in quotients):
            continue
        return [(sign, numerator, other[denominator]) for sign, numerator, denominator in quotients]
    return None


def _quotients(atom, bindings: _Bindings, sign: float = 1.0, depth: int = 0) -> list[tuple[float, Var, Var]] | None:
    """``[(sign, numerator, denominator)]`` of ``atom`` bound to a quotient (of a value or a
    number literal), a negation of one, or a sum or difference of two such values."""
    stmt = bindings.of(atom)
    if isinstance(stmt, Assign) and stmt.prim is _DIV and len(stmt.args) == 2 and not stmt.kwargs \
            and isinstance(stmt.args[1], Var):
        numerator = stmt.args[0]
        number = isinstance(numerator, Const) and type(numerator.value) in (int, float)
        return [(sign, numerator, stmt.args[1])] if number or _stays(numerator, bindings) else None
    if depth > 2:
        return None
    if isinstance(stmt, Assign) and stmt.prim is _NEG and len(stmt.args) == 1 and not stmt.kwargs:
        return _quotients(stmt.args[0], bindings, -sign, depth + 1)
    if not (_binary(stmt, _ADD) or _binary(stmt, _SUB)):
        return None
    left = _quotients(stmt.args[0], bindings, sign, depth + 1)
    right = _quotients(stmt.args[1], bindings, -sign if stmt.prim is _SUB else sign, depth + 1)
    return None if left is None or right is None else left + right


def _stays(atom, bindings: _Bindings) -> bool:
    """Does ``atom`` hold one value, the same where the product is?"""
    return isinstance(atom, Var) and atom not in bindings.written \
        and fixed(atom, bindings.facts.chains, bindings.facts.position, bindings.before)


def _complementary(terms: list, bindings: _Bindings) -> tuple | None:
    """``(s, m, t)`` where the terms are ``a * q - b * (1 - q)`` (or ``a * (1 - r) - b * r``) with
    ``a = s * u``, ``b = s * v`` and ``u = 1 - v`` (or ``v = 1 - u``), one number ``s``: a
    cross-entropy's complementary weights ``y`` and ``1 - y``. Then ``a + b = s`` and the terms are
    ``s * (q - v)`` (``s * (u - r)``): ``c * (p - y)``, the hand's one pass."""
    if len(terms) != 2 or sorted(sign for sign, _, _ in terms) != [-1.0, 1.0]:
        return None
    (_, a, q), (_, b, r) = sorted(terms, key=lambda term: -term[0])
    scaled_a, scaled_b = _scaled(a, bindings), _scaled(b, bindings)
    if scaled_a is None or scaled_b is None or scaled_a[0] != scaled_b[0]:
        return None
    (scale, u), (_, v) = scaled_a, scaled_b
    if not (_one_minus(u, v, bindings) or _one_minus(v, u, bindings)):
        return None
    if _one_minus(r, q, bindings):
        return scale, q, v
    if _one_minus(q, r, bindings):
        return scale, u, r
    return None


def _scaled(atom, bindings: _Bindings) -> tuple[float, Var] | None:
    """``(s, u)`` for ``atom`` bound to ``s * u`` (a number literal ``s``); ``(1.0, atom)`` else."""
    stmt = bindings.of(atom)
    step = scaling_step(stmt) if isinstance(stmt, Assign) else None
    if step is not None and not step[1] and isinstance(step[2], Var) and _stays(step[2], bindings):
        return step[0], step[2]
    return (1.0, atom) if _stays(atom, bindings) else None


def _one_minus(atom, other, bindings: _Bindings) -> bool:
    """Is ``atom`` bound to ``1 - other``?"""
    stmt = bindings.of(atom)
    return isinstance(stmt, Assign) and stmt.prim is _SUB and len(stmt.args) == 2 and not stmt.kwargs \
        and isinstance(stmt.args[0], Const) and type(stmt.args[0].value) in (int, float) and stmt.args[0].value == 1 \
        and stmt.args[1] == other


def _scaled_difference(stmt: Assign, found: tuple, fn: Function) -> list:
    """``stmt``'s target bound to ``s * (m - t)``."""
    scale, minuend, subtrahend = found
    difference = Var(fn.names.temp()) if scale != 1.0 else stmt.target
    new = [Assign(difference, _SUB, (minuend, subtrahend), (), stmt.location)]
    if scale != 1.0:
        number = int(scale) if scale.is_integer() else scale
        new.append(Assign(stmt.target, _MUL, (Const(number), difference), (), stmt.location))
    new[-1] = dataclasses.replace(new[-1], rebinds=stmt.rebinds)
    return new


def _statements(stmt: Assign, terms: list, fn: Function) -> list:
    """``stmt``'s target bound to ``Σ sign * numerator * other``: the positive terms summed, the
    negative ones subtracted (negated where all are)."""
    new: list = []
    total, negated = None, False
    for k, (sign, numerator, other) in enumerate(sorted(terms, key=lambda term: term[0] < 0)):
        product = Var(fn.names.temp())
        new.append(Assign(product, _MUL, (numerator, other), (), stmt.location))
        if total is None:
            total, negated = product, sign < 0
            continue
        summed = Var(fn.names.temp())
        new.append(Assign(summed, _SUB if sign < 0 and not negated else _ADD, (total, product), (), stmt.location))
        total = summed
    if negated:
        new.append(Assign(stmt.target, _NEG, (total,), (), stmt.location, rebinds=stmt.rebinds))
    else:
        last = new[-1]
        new[-1] = Assign(stmt.target, last.prim, last.args, (), stmt.location, rebinds=stmt.rebinds)
    return new
