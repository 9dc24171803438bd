"""Rewrite ``one_hot_sums``: a number times a one-hot array, summed along its one-hot axis, is that
number (``np.sum(c * np.eye(k)[y], axis=-1)`` as ``np.full(n, c)``); no pass over the array. So
is the row sum of zeros into which ``c`` was written once in each row (:func:`_summed_row_scatter`).

A cross-entropy spelled with one-hot labels, ``-(np.eye(k)[y] * log_probs).sum() / n``, hands
``log_probs`` the adjoint ``-onehot / n``, and a log-softmax ``z - log(sum(exp(z), axis,
keepdims))`` sums that adjoint along the class axis for its normaliser: a pass over the (n, k)
labels (about 11 µs at 500 × 10, a tenth of the whole gradient) for a column the hand-written
gradient knows is ``-1 / n``, because each row of ``np.eye(k)[y]`` holds one 1.

On the reverse sweep's IR, where the shapes are known (calls only): top-level statements, the
identity ``np.eye(k)`` or ``np.identity(k)`` (float64, square) bound once and never written into,
its rows picked by one integer index (``eye[y]``: each row of the result is a row of the
identity), ``s = c * onehot`` (``c`` a number) summed along the last axis with or without
``keepdims``. The sum becomes ``np.full(shape, c)``, float64 as the product is; where each of
its readers is arithmetic with a float64 value of its shape (``d_t4 = s / _t4``), the number ``c``
is read there instead (the same shape, dtype and values). What reads the product otherwise still
does. Exact where ``c`` is finite (the one term ``c * 1`` plus zeros).

The same adjoint spelled with picked entries, ``-logp[np.arange(n), y].mean()`` (N46), is
``d = np.zeros((n, k)); d[np.arange(n), y] -= 1 / n``, and with ``np.take_along_axis(logp,
y[:, None], axis=1)`` (N47) ``flat = np.zeros(n * k); flat[positions] -= 1 / n`` reshaped to
``(n, k)``: one write of the number in each row of float64 zeros, nothing else writing there, so
each row sums to it exactly. The write stays where the array has another reader (it raises for a
label out of range); rows written twice or not at all (``np.arange(n - 2)``, two labels per row)
are left alone.
"""
from __future__ import annotations

import ast
import dataclasses

import numpy as np

from ..ir.nodes import Assign, Const, Function, Var, to_expr
from ..opt.repeated import written_values
from ..primitives.registry import lookup, spelled_as
from ..primitives.structure import taken_along_positions
from .shapes import FunctionFacts, known_kinds

NAME = "one_hot_sums"
DESCRIPTION = "np.sum(c * np.eye(k)[y], axis=-1) as np.full(shape, c): no pass over the one-hot rows"


def sum_one_hot_rows(fn: Function, named_shapes: dict, input_kinds: dict | None = None) -> Function:
    """``fn`` with each top-level sum along the last axis of a number times a one-hot array
    computed as that number filled into the sum's shape (``fn`` itself where there is none); where
    each reader is arithmetic with a float64 value of that shape, the number read there instead.
    ``input_kinds``: the parameters' dtype kinds by name."""
    if not any(spelled_as(stmt.prim, np.eye, np.identity, np.zeros) for stmt in fn.body if isinstance(stmt, Assign)):
        return fn           # (no identity and no zeros: the chains and shapes not worked out)
    facts = FunctionFacts(fn, named_shapes)
    written = written_values(fn)
    kinds = None            # (worked out for the first sum found)
    body = list(fn.body)
    for i, stmt in enumerate(fn.body):
        number = _summed_one_hot_multiple(stmt, facts, written)
        if number is None and _sums_rows(stmt):
            kinds = kinds if kinds is not None else known_kinds(fn, input_kinds)
            number = _summed_row_scatter(stmt, facts, kinds)
        shape = facts.shapes.get(stmt.target) if number is not None else None
        if not (isinstance(shape, tuple) and shape != ()):
            continue
        filled = Const(float(number))
        kinds = kinds if kinds is not None else known_kinds(fn, input_kinds)
        readers = _float64_arithmetic_readers(stmt.target, shape, facts, kinds)
        if readers is None:
            body[i] = Assign(stmt.target, lookup(np.full), (Const(shape), filled), (), stmt.location,
                             rebinds=stmt.rebinds)
            continue
        body[i] = None      # (the number read where the sum was)
        for reader in readers:
            k = facts.position[id(reader)]
            current = body[k]
            body[k] = dataclasses.replace(current, args=tuple(filled if a == stmt.target else a for a in current.args))
    if all(a is b for a, b in zip(body, fn.body)):
        return fn
    return dataclasses.replace(fn, body=[stmt for stmt in body if stmt is not None])


def _float64_arithmetic_readers(sum_: Var, shape: tuple, facts: FunctionFacts, kinds: dict) -> list | None:
    """The statements reading ``sum_`` (bound once) where each is top-level ``sum_ op v`` or ``v op
    sum_`` (``+ - * /``) with ``v`` a float64 value of ``shape`` or of a shape ``shape`` broadcasts
    to (a sum kept as a column, ``(n, 1)``, times the ``(n, k)`` probabilities): the number in
    ``sum_``'s place gives each the same shape, dtype and values. None where any reader is another."""
    readers = facts.chains.uses.get(sum_, [])
    if not readers or len(facts.chains.definitions.get(sum_, [])) != 1:
        return None
    for reader in readers:
        if not (isinstance(reader, Assign) and id(reader) in facts.position and not reader.kwargs
                and reader.prim.spelling.binop in (ast.Add, ast.Sub, ast.Mult, ast.Div) and len(reader.args) == 2
                and reader.args.count(sum_) == 1):
            return None
        other = reader.args[1] if reader.args[0] == sum_ else reader.args[0]
        if not (isinstance(other, Var) and _broadcasts_to(shape, facts.shapes.get(other)) and kinds.get(other) == "f8"):
            return None
    return readers


def _broadcasts_to(shape: tuple, other) -> bool:
    """Does an array of ``shape`` broadcast against one of ``other`` (a known shape) to ``other``?"""
    if not isinstance(other, tuple) or len(other) < len(shape):
        return False
    return all(n == m or n == 1 for n, m in zip(shape[::-1], other[::-1]))


def _summed_one_hot_multiple(stmt, facts: FunctionFacts, written: set) -> int | float | None:
    """``c`` where ``stmt`` is ``np.sum(c * onehot, axis=-1)`` (``keepdims`` either way) for a
    one-hot ``onehot`` along its last axis; None else."""
    if not (isinstance(stmt, Assign) and spelled_as(stmt.prim, np.sum) and len(stmt.args) == 1
            and isinstance(stmt.args[0], Var)):
        return None
    keywords = dict(stmt.kwargs)
    if set(keywords) - {"axis", "keepdims"} or not isinstance(keywords.get("keepdims", Const(False)), Const):
        return None
    scaled = _single_binding(stmt.args[0], facts)
    found = _number_times(scaled)
    if found is None:
        return None
    number, onehot = found
    shape = facts.shapes.get(onehot)
    axis = keywords.get("axis")
    if not (isinstance(shape, tuple) and shape and isinstance(axis, Const) and type(axis.value) is int
            and axis.value in (-1, len(shape) - 1) and _one_hot_rows(onehot, facts, written)):
        return None
    return number


def _summed_row_scatter(stmt, facts: FunctionFacts, kinds: dict) -> int | float | None:
    """``±c`` where ``stmt`` is ``d.sum(axis=-1)`` (``keepdims`` either way) of ``d = np.zeros((n,
    k))`` into which one statement before the sum wrote ``∓c`` once in each row, and nothing else:
    ``d[np.arange(n), labels] -= c`` (the adjoint of ``logp[np.arange(n), y].mean()``), or ``d`` is
    ``np.reshape(flat, (n, k))`` of ``flat = np.zeros(n * k)`` with ``flat[positions] -= c``, the
    positions ``np.take_along_axis`` reads with one label per row (``y[:, None]``, axis -1); None else."""
    if not _sums_rows(stmt):
        return None
    summed = stmt.args[0]
    shape, made = facts.shapes.get(summed), _single_binding(summed, facts)
    if not (isinstance(shape, tuple) and len(shape) == 2 and isinstance(made, Assign)) \
            or sum(isinstance(r, Assign) for r in facts.chains.uses.get(summed, [])) < 2:
        return None         # (the write must stay read: it raises for a label out of range)
    if spelled_as(made.prim, np.zeros):
        buffer, used = summed, stmt
    elif spelled_as(made.prim, np.reshape) and not made.kwargs and len(made.args) == 2 \
            and isinstance(made.args[0], Var) and made.args[1] == Const(shape) \
            and _writes_into(summed, facts) == []:       # (a view of the zeros: nothing writes through it)
        buffer, used = made.args[0], made
    else:
        return None
    write = _only_write(buffer, used, facts)
    if write is None:
        return None
    if buffer is summed:
        return _row_write(write, buffer, shape, facts, kinds)
    return _flat_row_write(write, buffer, shape, facts) if facts.shapes.get(buffer) == (shape[0] * shape[1],) else None


def _sums_rows(stmt) -> bool:
    """Is ``stmt`` ``np.sum(v, axis=1 or -1)`` of a name (``keepdims`` either way)?"""
    if not (isinstance(stmt, Assign) and spelled_as(stmt.prim, np.sum) and len(stmt.args) == 1
            and isinstance(stmt.args[0], Var)):
        return False
    keywords = dict(stmt.kwargs)
    axis = keywords.get("axis")
    return not set(keywords) - {"axis", "keepdims"} and isinstance(keywords.get("keepdims", Const(False)), Const) \
        and isinstance(axis, Const) and type(axis.value) is int and axis.value in (1, -1)


def _only_write(buffer: Var, used, facts: FunctionFacts):
    """The one statement writing into ``buffer = np.zeros(shape)`` (float64), between its binding
    and ``used``, where nothing else does; None else."""
    zeros = _single_binding(buffer, facts)
    if not (isinstance(zeros, Assign) and spelled_as(zeros.prim, np.zeros) and not zeros.kwargs and len(zeros.args) == 1):
        return None
    writes = _writes_into(buffer, facts)
    if writes is None or len(writes) != 1:
        return None
    where = facts.position.get(id(writes[0]))
    return writes[0] if where is not None and facts.position[id(zeros)] < where < facts.position[id(used)] else None


def _writes_into(value: Var, facts: FunctionFacts) -> list | None:
    """The statements reading ``value`` that are no value binding (an update in place); None where
    a binding reads it other than at the top level or with an ``out=``."""
    readers = facts.chains.uses.get(value, [])
    if any(id(r) not in facts.position or any(k == "out" for k, _ in r.kwargs) for r in readers if isinstance(r, Assign)):
        return None
    return [r for r in readers if not isinstance(r, Assign)]


def _written_update(effect, buffer: Var):
    """(the update's ast.AugAssign, ±1 for ``+=`` / ``-=``, the number) where ``effect`` is
    ``buffer[...] += c`` or ``-= c`` of a real number ``c``; None else."""
    statement = getattr(effect.prim, "statement", None)
    if statement is None:
        return None
    written = statement([to_expr(a) for a in effect.args])
    if not (isinstance(written, ast.AugAssign) and isinstance(written.op, (ast.Add, ast.Sub))
            and isinstance(written.target, ast.Subscript) and isinstance(written.target.value, ast.Name)
            and written.target.value.id == buffer.name):
        return None
    number = _literal(written.value)
    return None if number is None else (written, number if isinstance(written.op, ast.Add) else -number)


def _row_write(effect, buffer: Var, shape: tuple, facts: FunctionFacts, kinds: dict) -> int | float | None:
    """``±c`` where ``effect`` is ``buffer[rows, labels] += c`` (or ``-=``): ``rows`` is
    ``np.arange(n)`` for the buffer's ``n`` rows, ``labels`` integers of shape ``(n,)``."""
    found = _written_update(effect, buffer)
    if found is None:
        return None
    written, number = found
    index = written.target.slice
    if not (isinstance(index, ast.Tuple) and len(index.elts) == 2 and all(isinstance(e, ast.Name) for e in index.elts)):
        return None
    by_name = {a.name: a for a in effect.args if isinstance(a, Var)}
    rows, labels = (by_name.get(e.id) for e in index.elts)
    if rows is None or labels is None or not _counts_rows(rows, shape[0], facts) \
            or facts.shapes.get(labels) != (shape[0],) or (kinds.get(labels) or "?")[0] not in "iu":
        return None
    return number


def _flat_row_write(effect, buffer: Var, shape: tuple, facts: FunctionFacts) -> int | float | None:
    """``±c`` where ``effect`` is ``buffer[positions] += c`` (or ``-=``), ``positions`` being
    ``taken_along_positions(shape, indices, axis)`` (primitives/structure.py) along the last axis
    with indices of shape ``(n, 1)`` or ``(1, 1)``: one position in each row."""
    found = _written_update(effect, buffer)
    if found is None or not isinstance(found[0].target.slice, ast.Name):
        return None
    positions = next((a for a in effect.args if isinstance(a, Var) and a.name == found[0].target.slice.id), None)
    made = _single_binding(positions, facts) if positions is not None else None
    if not (isinstance(made, Assign) and spelled_as(made.prim, taken_along_positions) and not made.kwargs
            and len(made.args) == 3 and made.args[0] == Const(shape) and made.args[2] in (Const(1), Const(-1))):
        return None
    return found[1] if facts.shapes.get(made.args[1]) in ((shape[0], 1), (1, 1)) else None


def _literal(value: ast.expr) -> int | float | None:
    """The real number ``value`` spells (``0.5``, ``-0.5``); None for anything else."""
    try:
        number = ast.literal_eval(value)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    return number if type(number) in (int, float) else None


def _counts_rows(rows: Var, n: int, facts: FunctionFacts) -> bool:
    """Is ``rows`` ``np.arange(n)``: each of ``n`` rows once?"""
    made = _single_binding(rows, facts)
    return (isinstance(made, Assign) and spelled_as(made.prim, np.arange) and not made.kwargs
            and len(made.args) == 1 and isinstance(made.args[0], Const) and made.args[0].value == n)


def _single_binding(var: Var, facts: FunctionFacts):
    """The top-level statement binding ``var``, where it is bound once; None else."""
    bindings = facts.chains.definitions.get(var, [])
    return bindings[0] if len(bindings) == 1 and id(bindings[0]) in facts.position else None


def _number_times(stmt) -> tuple | None:
    """(c, v) for ``c * v`` or ``v * c``, ``c`` a (non-boolean) real number."""
    if not (isinstance(stmt, Assign) and stmt.prim.spelling.binop is ast.Mult and len(stmt.args) == 2
            and not stmt.kwargs):
        return None
    for number, other in (stmt.args, stmt.args[::-1]):
        if isinstance(number, Const) and type(number.value) in (int, float) and isinstance(other, Var):
            return number.value, other
    return None


def _one_hot_rows(onehot: Var, facts: FunctionFacts, written: set) -> bool:
    """Is ``onehot`` ``identity[index]``: rows of a float64 identity matrix picked by one
    integer index (its known shape says the index is an integer array or number, not a tuple
    or a mask), neither ever written into?"""
    pick = _single_binding(onehot, facts)
    if not (isinstance(pick, Assign) and isinstance(pick.prim.pattern, ast.Name) and len(pick.args) == 2
            and isinstance(pick.args[0], Var) and onehot not in written):
        return False
    identity = _single_binding(pick.args[0], facts)
    return isinstance(identity, Assign) and spelled_as(identity.prim, np.eye, np.identity) \
        and len(identity.args) == 1 and not identity.kwargs and identity.target not in written \
        and len(facts.shapes.get(identity.target) or ()) == 2
