"""Rewrite ``weighted_sums``: a matrix broadcast along a last axis, times an array, summed over
one of the first two axes, as one batched matrix product; the product is never formed.

Pairwise models spell the differences of points by broadcasting, ``d = x[:, None, :] - x[None, :,
:]`` (n, n, k), and a function of the squared distances. The adjoint of ``d`` is then a weight per
pair broadcast along the last axis times ``d`` (``unreduce(w, d2, -1, False) * (2 * d)``), and
that of ``x`` its sums over each of the two pair axes. Summing an (n, n, 3) array over a first axis
walks rows of three numbers (about 30 µs for 64 points), and the product costs a pass of its own;
``sum_j w[i, j] * d[i, j, :]`` is ``(w[:, None, :] @ d)[:, 0, :]``, one batched matrix product
(about 5 µs), and the sum over ``i`` the same on the transposes. A number multiplying the array
(``2 * d``) multiplies the weights instead, and so does a negation of the weight.

On the reverse sweep's IR, where the shapes are known (calls only): the array three-dimensional,
the weight exactly its first two axes, top-level statements, every value involved bound once, the
broadcast read only by the product (or by the terms of a sum of such products of one array:
``t * d + t * d``, the adjoint of ``d * d``), the product only by sums over a first axis. The sums
are taken in another order, so the value agrees to rounding, not bit for bit.
"""
from __future__ import annotations

import ast
import dataclasses

import numpy as np

from ..ir.nodes import Assign, Const, Function, Var, to_expr, walk
from ..opt.repeated import fixed
from ..primitives.indexing import subscript_primitive
from ..primitives.registry import lookup, spelled_as
from ..primitives.runtime import unreduce
from ..primitives.written import WrittenPrimitive
from .shapes import FunctionFacts

NAME = "weighted_sums"
DESCRIPTION = "sum(w[:, :, None] * d, axis) for a 3-d d as a batched matrix product: the product is never formed"

_SWAP = Const((1, 0, 2))


def _pattern(index: str) -> ast.expr:
    """The index of ``x[index]``, as a subscript primitive's pattern."""
    return ast.parse(f"x[{index}]", mode="eval").body.slice


class _Facts(FunctionFacts):
    """What the weights are checked against; the shapes worked out when a candidate first asks."""


@dataclasses.dataclass(frozen=True)
class _Weighted:
    weight: Var             # the (n, m) weight
    factor: float           # the number it is scaled by (a negation's -1, the array's numbers)
    array: Var              # the (n, m, k) array
    sums: tuple             # the top-level statements summing the product: (statement, axis, keepdims)


def contract_weighted_sums(fn: Function, named_shapes: dict) -> Function:
    """``fn`` with each product of a broadcast weight and a three-dimensional array that only
    sums over a first axis read computed as batched matrix products (``fn`` itself where there
    is none). The broadcasts and products left unread are for the dead-code pass to drop."""
    if not (any(_axis_sum(stmt) is not None for stmt in fn.body) and any(map(_spreads, walk(fn.body)))):
        return fn           # (no weight spread, or no sum to read it: the chains and shapes not worked out)
    facts = _Facts(fn, named_shapes)
    rewritten: dict[int, list] = {}          # id(sum statement) -> what computes it
    for stmt in fn.body:
        found = _weighted(stmt, facts)
        if found is None or any(id(s) in rewritten for s, _, _ in found.sums):
            continue
        weight, made = _scaled_weight(found, fn)
        for k, (total, axis, keepdims) in enumerate(found.sums):
            rewritten[id(total)] = (made if k == 0 else []) + _as_product(total, weight, found.array, axis,
                                                                          keepdims, fn)
    if not rewritten:
        return fn
    return dataclasses.replace(fn, body=[new for stmt in fn.body for new in rewritten.get(id(stmt), [stmt])])


def _weighted(stmt, facts: _Facts) -> _Weighted | None:
    """The weighted sums ``stmt``, a broadcast weight, is read by; None where it is not one."""
    broadcast = _broadcast_weight(stmt, facts)
    if broadcast is None:
        return None
    weight, sign, shape = broadcast
    product = _product(stmt.target, shape, facts)
    if product is None:
        return None
    top, array, factor = product
    at = len(facts.position)
    if not (fixed(weight, facts.chains, facts.position, at) and fixed(array, facts.chains, facts.position, at)):
        return None
    sums = [_axis_sum(reader) for reader in _value_readers(top, facts) or []]
    if not sums or None in sums:
        return None
    return _Weighted(weight, sign * factor, array, tuple(sums))


def _broadcast_weight(stmt, facts: _Facts) -> tuple | None:
    """(w, sign, the array's shape) for ``stmt`` binding once a weight ``w`` (or ``-w``) of the
    array's first two axes broadcast along a third: ``unreduce(w, x, -1, False)`` with ``x``
    three-dimensional, ``w[:, :, None]`` or ``np.broadcast_to(w[:, :, None], shape)`` (the
    spread negated or not)."""
    if not (isinstance(stmt, Assign) and not stmt.kwargs and fixed(stmt.target, facts.chains, facts.position,
                                                                   len(facts.position))):
        return None
    shape, sign = facts.shapes.get(stmt.target), 1
    if spelled_as(stmt.prim, unreduce) and len(stmt.args) == 4:
        weight, _, axis, keepdims = stmt.args
        if _integer(axis, facts) not in (-1, 2) or keepdims != Const(False):
            return None
    elif spelled_as(stmt.prim, np.broadcast_to) and len(stmt.args) == 2 and isinstance(stmt.args[0], Var):
        spread, sign = _unnegated(stmt.args[0], facts)
        weight = _spread_of(spread, facts)
        to = stmt.args[1]
        if shape is None and isinstance(to, Const) and isinstance(to.value, tuple):
            shape = to.value
    else:
        if stmt.prim.spelling.unaryop is ast.USub and isinstance(stmt.args[0], Var):
            weight, sign = _spread_of(stmt.args[0], facts), -1        # -w[:, :, None]
        else:
            weight = _spread_of(stmt.target, facts, stmt)
        shape = (*facts.shapes.get(weight, (None, None)), None) if weight is not None else None
    if not isinstance(weight, Var) or not isinstance(shape, tuple) or len(shape) != 3:
        return None
    weight, inner_sign = _unnegated(weight, facts)
    return (weight, sign * inner_sign, shape) if facts.shapes.get(weight) == shape[:2] else None


_SPREAD = ast.dump(_pattern(":, :, None"))


def _spreads(stmt) -> bool:
    """Is ``stmt`` a weight's spread along a third axis, as :func:`_broadcast_weight` starts from
    (``unreduce(w, x, axis, keepdims)``, ``w[:, :, None]``)?"""
    if not isinstance(stmt, Assign):
        return False
    index = getattr(stmt.prim, "pattern", None)
    return (spelled_as(stmt.prim, unreduce) and len(stmt.args) == 4
            or index is not None and len(stmt.args) == 1 and ast.dump(index) == _SPREAD)


def _spread_of(atom, facts: _Facts, stmt=None):
    """``w`` where ``atom`` is bound once (by ``stmt``, where given) to ``w[:, :, None]``."""
    stmt = stmt or (facts.chains.definition(atom) if fixed(atom, facts.chains, facts.position,
                                                          len(facts.position)) else None)
    index = getattr(stmt.prim, "pattern", None) if isinstance(stmt, Assign) else None
    return stmt.args[0] if index is not None and len(stmt.args) == 1 and ast.dump(index) == _SPREAD else None


def _unnegated(weight: Var, facts: _Facts) -> tuple:
    """(x, -1) for a weight bound once to ``-x``; (weight, 1) else."""
    stmt = facts.chains.definition(weight)
    if isinstance(stmt, Assign) and stmt.prim.spelling.unaryop is ast.USub and isinstance(stmt.args[0], Var) \
            and fixed(weight, facts.chains, facts.position, len(facts.position)):
        return stmt.args[0], -1
    return weight, 1


def _integer(atom, facts: _Facts) -> int | None:
    """The integer ``atom`` is: a literal, or a value bound once to a negated one (``-1``)."""
    if isinstance(atom, Const):
        return atom.value if type(atom.value) is int else None
    stmt = facts.chains.definition(atom) if isinstance(atom, Var) else None
    if isinstance(stmt, Assign) and stmt.prim.spelling.unaryop is ast.USub and isinstance(stmt.args[0], Const) \
            and type(stmt.args[0].value) is int:
        return -stmt.args[0].value
    return None


def _product(broadcast: Var, shape: tuple, facts: _Facts) -> tuple | None:
    """(the statement binding the product, the array, the numbers multiplying it summed) where
    every read of ``broadcast`` is a term ``broadcast * x`` (``x`` the array or a number times
    it) of one product, a single term or terms summed (an adjoint's contributions added), each
    value read once."""
    readers = facts.chains.uses.get(broadcast, [])
    if not readers or id(readers[0]) not in facts.position:
        return None
    top = readers[0]
    while True:                     # (up through the sums the terms are read by)
        above = _value_readers(top, facts)
        if above is None or len(above) != 1 or not _adds(above[0]):
            break
        top = above[0]
    terms = _terms(top, broadcast, facts)
    if terms is None or len(terms) != len(readers) or len({array for array, _ in terms}) != 1:
        return None
    array = terms[0][0]
    array_shape = facts.shapes.get(array)
    if not (isinstance(array_shape, tuple) and len(array_shape) == 3 and array_shape[:2] == shape[:2]
            and shape[2] in (None, array_shape[2])) or top.target == array:
        return None
    return top, array, sum(factor for _, factor in terms)


def _value_readers(stmt, facts: _Facts) -> list | None:
    """The statements reading the value top-level ``stmt`` binds (its name's readers until the
    name is bound again, that binding included); None where one is nested or the return."""
    if not isinstance(stmt, Assign) or id(stmt) not in facts.position:
        return None
    at = facts.position[id(stmt)]
    later = [facts.position.get(id(b)) for b in facts.chains.definitions.get(stmt.target, []) if b is not stmt]
    if None in later:
        return None                 # (bound in a loop or branch too)
    until = min((p for p in later if p > at), default=len(facts.position))
    readers = []
    for reader in facts.chains.uses.get(stmt.target, []):
        where = facts.position.get(id(reader))
        if where is None:
            return None
        if at < where <= until:
            readers.append(reader)
    return readers


def _reaching(atom, before: int, facts: _Facts):
    """The top-level statement whose binding of ``atom`` reaches position ``before``."""
    bindings = [facts.position.get(id(b)) for b in facts.chains.definitions.get(atom, [])]
    if not bindings or None in bindings:
        return None
    earlier = [p for p in bindings if p < before]
    return facts.chains.definitions[atom][bindings.index(max(earlier))] if earlier else None


def _adds(stmt) -> bool:
    return isinstance(stmt, Assign) and stmt.prim.spelling.binop is ast.Add and not stmt.kwargs


def _terms(stmt, broadcast: Var, facts: _Facts) -> list | None:
    """[(array, number)] for ``stmt``, a top-level ``broadcast * x`` or a sum of such terms each
    read once; None for anything else."""
    if not (isinstance(stmt, Assign) and id(stmt) in facts.position and len(stmt.args) == 2 and not stmt.kwargs):
        return None
    if stmt.prim.spelling.binop is ast.Add:
        found = []
        for term in stmt.args:
            made = _reaching(term, facts.position[id(stmt)], facts) if isinstance(term, Var) else None
            if made is None or [id(r) for r in _value_readers(made, facts) or []] != [id(stmt)]:
                return None
            inner = _terms(made, broadcast, facts)
            if inner is None:
                return None
            found += inner
        return found
    if stmt.prim.spelling.binop is not ast.Mult or stmt.args.count(broadcast) != 1:
        return None
    other = stmt.args[1] if stmt.args[0] == broadcast else stmt.args[0]
    array, factor = _array_times(other, facts)
    return None if array is None else [(array, factor)]


def _array_times(atom, facts: _Facts) -> tuple:
    """(array, number) for ``atom``, a value, or one bound once to a number times a value."""
    stmt = facts.chains.definition(atom) if isinstance(atom, Var) else None
    if isinstance(stmt, Assign) and stmt.prim.spelling.binop is ast.Mult and len(stmt.args) == 2 \
            and fixed(atom, facts.chains, facts.position, len(facts.position)):
        for number, other in ((stmt.args[0], stmt.args[1]), (stmt.args[1], stmt.args[0])):
            if isinstance(number, Const) and type(number.value) in (int, float) and isinstance(other, Var):
                return other, number.value
    return (atom, 1) if isinstance(atom, Var) else (None, None)


def sum_keywords(stmt) -> dict | None:
    """The keywords (``axis``, ``keepdims``, ...: constants, else None) of ``stmt`` where it sums
    one value (``np.sum(p, axis=0)``, or the method as a transform wrote it, ``p.sum(axis=0)``);
    None for any other statement."""
    if not isinstance(stmt, Assign) or len(stmt.args) != 1:
        return None
    if spelled_as(stmt.prim, np.sum):
        return {k: (v.value if isinstance(v, Const) else None) for k, v in stmt.kwargs}
    if not isinstance(stmt.prim, WrittenPrimitive) or stmt.kwargs:
        return None
    printed = stmt.prim.primal([to_expr(stmt.args[0])])
    if not (isinstance(printed, ast.Call) and isinstance(printed.func, ast.Attribute)
            and printed.func.attr == "sum" and not printed.args
            and ast.dump(printed.func.value) == ast.dump(to_expr(stmt.args[0]))):
        return None
    try:
        return {k.arg: ast.literal_eval(k.value) for k in printed.keywords}
    except ValueError:
        return None


def _axis_sum(stmt) -> tuple | None:
    """(stmt, axis 0 or 1, keepdims) for ``stmt`` summing one value over axis 0, 1, -3 or -2
    (``np.sum(p, axis=a, keepdims=k)``, or the method as a transform wrote it)."""
    keywords = sum_keywords(stmt)
    if keywords is None:
        return None
    axis, keepdims = keywords.pop("axis", None), keywords.pop("keepdims", False)
    if keywords or type(axis) is not int or axis not in (0, 1, -3, -2) or type(keepdims) is not bool:
        return None
    return stmt, axis % 3, keepdims


def _scaled_weight(found: _Weighted, fn: Function) -> tuple[Var, list]:
    """(the weight times its number, the statement computing that: none for a number of 1)."""
    if found.factor == 1:
        return found.weight, []
    scaled = Var(fn.names.fresh("_w"))
    number = int(found.factor) if float(found.factor).is_integer() else found.factor
    return scaled, [Assign(scaled, lookup(ast.Mult), (Const(number), found.weight), ())]


def _as_product(total: Assign, weight: Var, array: Var, axis: int, keepdims: bool, fn: Function) -> list:
    """``total``'s target bound to the sum as a batched matrix product: ``sum_j w[i, j] a[i, j, :]``
    is ``(w[:, None, :] @ a)[:, 0, :]``, the sum over ``i`` the same on both transposed."""
    stmts: list = []

    def bind(prim, *args, target=None) -> Var:
        var = target or Var(fn.names.temp())
        stmts.append(Assign(var, prim, args, (), total.location, rebinds=target is not None and total.rebinds))
        return var

    if axis == 0:
        weight = bind(lookup(np.transpose), weight)
        array = bind(lookup(np.transpose), array, _SWAP)
    rows = bind(subscript_primitive(_pattern(":, None, :")), weight)
    if axis == 1 and keepdims:
        bind(lookup(ast.MatMult), rows, array, target=total.target)
        return stmts
    core = bind(lookup(ast.MatMult), rows, array)
    if keepdims:
        bind(lookup(np.transpose), core, _SWAP, target=total.target)
    else:
        bind(subscript_primitive(_pattern(":, 0, :")), core, target=total.target)
    return stmts
