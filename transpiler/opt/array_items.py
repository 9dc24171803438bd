"""What opt/array_writes.py asks of single statements of reverse mode's IR: an item read that is a
number (never a view), the names that hold integers, the statements a transform wrote that copy
values (``a, b = c, d``) or add into an array's item in place (``d[j] += g``); and, a pass of its
own before the writes are made in place, ``unbroadcast`` of two numbers dropped (the value it read
for its shape then dead)."""
from __future__ import annotations

import ast
import dataclasses

import numpy as np

from ..analysis.kinds import value_kinds
from ..ir.defuse import defines
from ..ir.nodes import Assign, Const, Copy, Effect, Function, If, Loop, Var, to_expr, walk
from ..ir.renaming import with_reads_renamed
from ..primitives.indexing import APPEND
from ..primitives.registry import spelled_as
from ..primitives.runtime import unbroadcast
from .copies import merge_copies
from .dead_code import eliminate_dead_code


def number_read(stmt, shapes: dict, integers: set) -> bool:
    """``x[i]`` or ``x[i, j]`` of integers, as many as ``x`` has axes: a number, not a view."""
    if not isinstance(stmt, Assign) or not stmt.args or not isinstance(stmt.args[0], Var):
        return False
    pattern = stmt.prim.pattern
    shape = shapes.get(stmt.args[0].name)
    if pattern is None or stmt.prim.updates or shape is None:
        return False
    parts = pattern.elts if isinstance(pattern, ast.Tuple) else [pattern]
    simple = all(isinstance(p, ast.Name) or isinstance(p, ast.Constant) and type(p.value) is int for p in parts)
    return simple and len(parts) == len(shape) and all(_an_integer(h, integers) for h in stmt.args[1:])


def _an_integer(atom, integers: set) -> bool:
    return type(atom.value) is int if isinstance(atom, Const) else atom in integers


def known_kinds(fn: Function, input_kinds: dict) -> dict[Var, str]:
    """The dtype kinds analysis/kinds.py knows of ``fn``'s values, given the parameters' and free
    names' (``input_kinds``, by name)."""
    inputs = [*fn.params, *fn.free.values()]
    return value_kinds(fn, {v: input_kinds[v.name] for v in inputs if input_kinds.get(v.name) is not None})


def known_integers(fn: Function, input_kinds: dict) -> set[Var]:
    """The names analysis/kinds.py knows hold integers (:func:`known_kinds`)."""
    return {v for v, kind in known_kinds(fn, input_kinds).items() if kind in ("i8", "i4")}


def integers_of(fn: Function, known: set[Var]) -> set[Var]:
    """Names that hold integers: ``known`` (analysis/kinds.py's), and names each binding of which
    is an integer: a ``for`` loop's counter, a sum, difference or product of integers, a copy of
    one, a pop off a tape onto which only integers are pushed (a while loop's counter, in the
    reverse sweep). Found as the largest such set (a counter ``i = i + 1`` is one because ``i``
    is)."""
    bindings: dict[Var, list] = {}
    pushed: dict[Var, list] = {}
    for stmt in walk(fn.body):
        if isinstance(stmt, Loop) and stmt.target is not None:
            bindings.setdefault(stmt.target, []).append(stmt)
        elif isinstance(stmt, (Assign, Copy)):
            bindings.setdefault(stmt.target, []).append(stmt)
        elif isinstance(stmt, Effect) and stmt.prim is APPEND and isinstance(stmt.args[0], Var):
            pushed.setdefault(stmt.args[0], []).append(stmt.args[1])
        elif isinstance(stmt, Effect):
            for var in defines(stmt):
                bindings.setdefault(var, []).append(None)      # (a statement a transform wrote)
    found = set(bindings) | set(known)
    while True:
        kept = {v for v in found if v in known or all(_integer_binding(b, found, pushed) for b in bindings[v])}
        if kept == found:
            return found
        found = kept


def _integer_binding(stmt, integers: set, pushed: dict) -> bool:
    if isinstance(stmt, Loop):
        return stmt.kind == "for"
    if isinstance(stmt, Copy):
        return _an_integer(stmt.source, integers)
    if not isinstance(stmt, Assign) or stmt.kwargs:
        return False
    if stmt.prim.pops:
        tape = stmt.args[0]
        return isinstance(tape, Var) and tape in pushed and all(_an_integer(v, integers) for v in pushed[tape])
    return stmt.prim.spelling.binop in (ast.Add, ast.Sub, ast.Mult) \
        and all(_an_integer(a, integers) for a in stmt.args)


def parallel_copy(stmt) -> list[tuple[Var, Var]] | None:
    """The pairs of ``a, b = c, d`` written by a transform as one statement, else None."""
    if not isinstance(stmt, Effect) or not getattr(stmt.prim, "targets", ()):
        return None
    printed = stmt.prim.statement([to_expr(a) for a in stmt.args])
    if not (isinstance(printed, ast.Assign) and len(printed.targets) == 1
            and isinstance(printed.targets[0], ast.Tuple) and isinstance(printed.value, ast.Tuple)):
        return None
    targets, values = printed.targets[0].elts, printed.value.elts
    if len(targets) != len(values) or not all(isinstance(n, ast.Name) for n in (*targets, *values)):
        return None
    return [(Var(t.id), Var(v.id)) for t, v in zip(targets, values)]


def added_into(stmt) -> Var | None:
    """``d`` of ``d[index] += g`` a transform wrote as a statement, else None."""
    if not isinstance(stmt, Effect) or not hasattr(stmt.prim, "statement") or getattr(stmt.prim, "targets", None):
        return None
    printed = stmt.prim.statement([to_expr(a) for a in stmt.args])
    if isinstance(printed, ast.AugAssign) and isinstance(printed.op, ast.Add) \
            and isinstance(printed.target, ast.Subscript) and isinstance(printed.target.value, ast.Name):
        return Var(printed.target.value.id)
    return None


def copies_to_add_into(stmts: list) -> set[int]:
    """The ids of the statements ``d = np.copy(d_0)`` whose next reader of ``d`` in their block
    adds into an item of ``d`` in place (``d[j] += g``): how reverse mode adds into an item of an
    adjoint (ad/adjoints.py) that another name may still read."""
    found: set[int] = set()
    for block in _blocks(stmts):
        for k, stmt in enumerate(block):
            if isinstance(stmt, Assign) and spelled_as(stmt.prim, np.copy) and len(stmt.args) == 1 \
                    and not stmt.kwargs and isinstance(stmt.args[0], Var):
                following = next((s for s in block[k + 1:] if any(stmt.target in reads(i) for i in walk([s]))),
                                 None)
                if following is not None and added_into(following) == stmt.target:
                    found.add(id(stmt))
    return found


def _blocks(stmts: list):
    yield stmts
    for stmt in walk(stmts):
        if isinstance(stmt, (If, Loop)):
            yield from stmt.blocks()


def reads(stmt) -> list:
    if isinstance(stmt, Copy):
        return [stmt.source]
    return stmt.uses()


def number_adjoints(fn: Function, shapes: dict, input_kinds: dict) -> Function:
    """:func:`numbers_as_they_are` (driver/pipeline.py runs it as ``number_adjoints``, before
    ``list_writes``: a tape's push of a value the reverse then no longer reads goes with its pop,
    and the array it held is no longer on a tape that list_writes would log its writes on)."""
    if not any(isinstance(s, Assign) and spelled_as(s.prim, unbroadcast) for s in walk(fn.body)):
        return fn       # (checked first: the kinds cost more than the walk)
    return numbers_as_they_are(fn, shapes, integers_of(fn, known_integers(fn, input_kinds)))


def numbers_as_they_are(fn: Function, shapes: dict, integers: set) -> Function:
    """``unbroadcast(g, v)`` of a number ``v`` and a number ``g`` (an item read of an array, or a
    value the transform's shapes say is one) is ``g``: the reverse sweep then no longer computes
    ``v`` again only for its shape (``np.sin(x[i]) * 2`` of ``out[i] = np.sin(x[i]) * 2``)."""
    bindings: dict[Var, list] = {}
    for stmt in walk(fn.body):
        for var in defines(stmt):
            bindings.setdefault(var, []).append(stmt)

    def number(atom) -> bool:
        if isinstance(atom, Const):
            return type(atom.value) in (int, float)
        found = bindings.get(atom, [])
        return shapes.get(atom.name) == () or bool(found) and all(number_read(s, shapes, integers) for s in found)

    renamed = {}
    for stmt in walk(fn.body):
        if isinstance(stmt, Assign) and spelled_as(stmt.prim, unbroadcast) and len(stmt.args) == 2 \
                and not stmt.kwargs and all(number(a) for a in stmt.args) and len(bindings[stmt.target]) == 1 \
                and (isinstance(stmt.args[0], Const) or len(bindings.get(stmt.args[0], ())) == 1):
            renamed[stmt.target] = stmt.args[0]
    if not renamed:
        return fn
    body = with_reads_renamed(fn.body, renamed)
    result = renamed.get(fn.result, fn.result) if isinstance(fn.result, Var) else fn.result
    return merge_copies(eliminate_dead_code(dataclasses.replace(fn, body=body, result=result)))


