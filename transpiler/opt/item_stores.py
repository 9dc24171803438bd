"""``out = stored_at(out, i, v)`` printed as the item write it is, ``out[i] = v``, where the
dtypes say ``stored_at`` would write in place (opt/array_writes.py, last step).

``stored_at`` is a helper call per item because, in general, the array may not be an array (a
list, a number), its dtype may change (a complex number into a float array) or its memory may
be read-only: it checks each of these as it runs. Where array_writes made the write in place,
the memory is already the generated code's own: a new array made by an allocating call or by
arithmetic, or by ``owned_copy`` (a plain, writeable ndarray copy of any ndarray). What is left
to know is the dtypes: the array float64 and the value a real number or array of at most eight
bytes (``f``, ``i``, ``u``, ``b``): NumPy's result type of the two is float64, the array's own, so
``stored_at`` would take its first branch, ``x[index] = value``, then ``x`` itself.

The dtypes are analysis/kinds.py's, told more than it follows: that the values bound only by
``np.zeros``, ``np.ones`` or ``np.empty`` of a shape alone, by item or slice reads, item writes
(``out_1 = assign_at(out, i, v)``) and copies (a branch's merge, a loop's carried value,
``np.copy``) are float64. Each such claim is checked against the kinds it leads to (every binding an allocation, a
read of a float64 array, a write of a real value into one, a copy of a float64 value) and
withdrawn where a binding fails, until every claim left holds. (A loop's carried value is a
merge of the value before the loop and the one its body makes from it: both must be known
float64 first, so the claims are made first and checked after. Where every claim holds of the
kinds they lead to, the first binding to run binds a float64 value, and so does each after it.)"""
from __future__ import annotations

import dataclasses

import numpy as np

from ..analysis.kinds import value_kinds
from ..ir.defuse import defines
from ..ir.nodes import Assign, Const, Copy, Effect, Function, If, Loop, Var, walk
from ..primitives.indexing import assign_at, item_store_primitive, stored_pattern, update_pattern
from ..primitives.registry import spelled_as
from .array_items import parallel_copy
from .copies import merge_copies


def float_kinds(fn: Function, inputs: dict[Var, str]) -> dict[Var, str]:
    """The dtype kinds of ``fn``'s values (the module docstring's), from its inputs' (``inputs``)."""
    bindings: dict[Var, list] = {}
    for stmt in walk(fn.body):
        for var in defines(stmt):
            bindings.setdefault(var, []).append(stmt)
    claims = {v for v, found in bindings.items() if v not in inputs and all(_claimable(s) for s in found)}
    while True:
        kinds = value_kinds(fn, {**inputs, **{v: "f8" for v in claims}})
        held = {v for v in claims if all(_holds(s, v, kinds) for s in bindings[v])}
        if held == claims:
            return kinds
        claims = held


def _claimable(stmt) -> bool:
    """A binding whose float64 the module docstring's claims can follow: an allocation, an item
    read, an item write, a copy (a merge, a loop's carried value, ``np.copy``)."""
    return _float_allocation(stmt) or _a_read(stmt) or _array_write(stmt) or _array_copy(stmt) \
        or isinstance(stmt, Copy) or parallel_copy(stmt) is not None


def _holds(stmt, var: Var, kinds: dict) -> bool:
    """Does ``stmt`` bind ``var`` to a float64 value, given ``kinds``?"""
    if _float_allocation(stmt):
        return True
    if _a_read(stmt) or _array_copy(stmt):
        return kinds.get(stmt.args[0]) == "f8"
    if _array_write(stmt):
        return kinds.get(stmt.args[0]) == "f8" and _real(_written_value(stmt), kinds)
    if isinstance(stmt, Copy):
        return _float(stmt.source, kinds)
    return all(_float(source, kinds) for target, source in parallel_copy(stmt) or [] if target == var)


def _float(atom, kinds: dict) -> bool:
    return type(atom.value) is float if isinstance(atom, Const) else kinds.get(atom) == "f8"


def _float_allocation(stmt) -> bool:
    return isinstance(stmt, Assign) and spelled_as(stmt.prim, np.zeros, np.ones, np.empty) \
        and len(stmt.args) == 1 and not stmt.kwargs


def _array_copy(stmt) -> bool:
    """``d = np.copy(d_0)``: how reverse mode adds into an item of an adjoint (array_items.py)."""
    return isinstance(stmt, Assign) and spelled_as(stmt.prim, np.copy) and len(stmt.args) == 1 \
        and not stmt.kwargs and isinstance(stmt.args[0], Var)


def _array_write(stmt) -> bool:
    """``out_1 = assign_at(out, ...)``: an update primitive's (x, v, holes) or the helper's own
    call (x, index, v: the reverse sweep's clearing of an adjoint's item)."""
    return isinstance(stmt, Assign) and not stmt.kwargs and stmt.args and isinstance(stmt.args[0], Var) and (
        update_pattern(stmt.prim) is not None or spelled_as(stmt.prim, assign_at) and len(stmt.args) == 3)


def _written_value(stmt: Assign):
    return stmt.args[1] if update_pattern(stmt.prim) is not None else stmt.args[2]


def _a_read(stmt) -> bool:
    return isinstance(stmt, Assign) and stmt.prim.pattern is not None and not stmt.prim.updates \
        and not stmt.kwargs and bool(stmt.args) and isinstance(stmt.args[0], Var)


def stores_written_directly(fn: Function, kinds: dict) -> Function:
    """``fn`` with each ``stored_at`` of a float64 array and a real value of known dtype written
    ``x[index] = v`` (through the name the write bound, where that is another: a copy of ``x``)."""
    body = _block(fn.body, kinds)
    return fn if body is None else merge_copies(dataclasses.replace(fn, body=body))


def _block(stmts: list, kinds: dict) -> list | None:
    out, changed = [], False
    for stmt in stmts:
        if isinstance(stmt, If):
            body, orelse = _block(stmt.body, kinds), _block(stmt.orelse, kinds)
            if body is not None or orelse is not None:
                stmt = dataclasses.replace(stmt, body=stmt.body if body is None else body,
                                           orelse=stmt.orelse if orelse is None else orelse)
                changed = True
        elif isinstance(stmt, Loop):
            cond_body, body = _block(stmt.cond_body, kinds), _block(stmt.body, kinds)
            if cond_body is not None or body is not None:
                stmt = dataclasses.replace(stmt, cond_body=stmt.cond_body if cond_body is None else cond_body,
                                           body=stmt.body if body is None else body)
                changed = True
        elif _direct(stmt, kinds):
            out.extend(_item_write(stmt))
            changed = True
            continue
        out.append(stmt)
    return out if changed else None


def _direct(stmt, kinds: dict) -> bool:
    if not (isinstance(stmt, Assign) and stored_pattern(stmt.prim) is not None and not stmt.kwargs):
        return False
    array, value = stmt.args[0], stmt.args[1]
    return isinstance(array, Var) and kinds.get(array) == "f8" and _real(value, kinds)


def _real(value, kinds: dict) -> bool:
    """A real number or array whose result type with float64 is float64."""
    if isinstance(value, Const):
        return type(value.value) in (bool, int, float)
    kind = kinds.get(value) if isinstance(value, Var) else None
    return isinstance(kind, str) and len(kind) >= 2 and kind[0] in "fiub" and kind[1:].isdigit() \
        and int(kind[1:]) <= 8


def _item_write(stmt: Assign) -> list:
    """``x[index] = v``; where the write bound another name, ``target = x`` first and the item
    written through ``target`` (the copy then merges into what made ``x``: merge_copies)."""
    array, *rest = stmt.args
    store = item_store_primitive(stored_pattern(stmt.prim))
    if stmt.target == array:
        return [Effect(store, stmt.args, stmt.location)]
    return [Copy(stmt.target, array, stmt.location, rebinds=stmt.rebinds),
            Effect(store, (stmt.target, *rest), stmt.location)]
