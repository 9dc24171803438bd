"""Forward mode's arrays filled item by item, written in place (driver/pipeline.py runs it as
``array_writes``, on the code a call runs: specialised to its shapes, transformed no further).

Forward mode writes ``out[i] = v`` as reverse mode's forward sweep does, ``out_1 = assign_at(out,
i, v)``, and the tangent alongside it, ``t_out_1 = assign_at(t_out, i, t_v)``: two copies of the
array per item. Reverse mode's array_writes (opt/array_writes.py) makes such a family of writes
in place where no name reads an old version and the memory is the generated code's own; forward
mode has no tape, so both families, the primal's and the tangent's, qualify as a loop filling
an array does.

One thing first: a tangent array starts as ``zeros_like_adjoint(out)`` (the tangent of an array
no differentiated input has reached yet), a helper that may return a number, a list or an array
of another dtype, so its result is no memory array_writes may claim and item_stores cannot print
its writes as ``t_out[i] = v``. Where ``out`` is made by ``np.zeros``, ``np.ones`` or
``np.empty`` of a shape alone (a float64 array; the shape a constant of the specialised code),
its zeros are ``np.zeros`` of that same shape: an allocation, a float64 array of the code's own.
"""
from __future__ import annotations

import dataclasses

import numpy as np

from ..ir.defuse import defines
from ..ir.nodes import Assign, Const, Copy, Function, If, Loop, Var, walk
from ..primitives import runtime
from ..primitives.registry import lookup, spelled_as
from .array_writes import write_arrays_in_place


def write_tangent_arrays_in_place(fn: Function, shapes: dict, input_kinds: dict) -> Function:
    """``fn`` with its tangent arrays' zeros allocated as their primals are (the module's
    docstring), then the item writes of the families that qualify made in place."""
    allocated = _zeros_allocated(fn)
    written = write_arrays_in_place(allocated, shapes, input_kinds)
    return fn if written is allocated and allocated is fn else written


def _zeros_allocated(fn: Function) -> Function:
    """``t = zeros_like_adjoint(out)`` as ``t = np.zeros(shape)`` where ``out`` (through copies)
    is ``np.zeros(shape)``, ``np.ones(shape)`` or ``np.empty(shape)``."""
    bindings: dict[Var, list] = {}
    for stmt in walk(fn.body):
        for var in defines(stmt):
            bindings.setdefault(var, []).append(stmt)
    bound = {v: found[0] for v, found in bindings.items() if len(found) == 1}     # (not a merge's)
    zeros = lookup(np.zeros)
    replaced = {}
    for stmt in walk(fn.body):
        if isinstance(stmt, Assign) and spelled_as(stmt.prim, runtime.zeros_like_adjoint) and len(stmt.args) == 1:
            allocation = _float64_allocation(stmt.args[0], bound)
            if allocation is not None:
                replaced[id(stmt)] = dataclasses.replace(stmt, prim=zeros, args=allocation.args, kwargs=())
    return fn if not replaced else dataclasses.replace(fn, body=_replaced(fn.body, replaced))


def _float64_allocation(atom, bound: dict) -> Assign | None:
    """The ``np.zeros(shape)`` (``np.ones``, ``np.empty``) of a constant shape that made ``atom``,
    through copies, each name on the way bound once (``bound``: so it is that value whatever
    path ran; the shape a constant, so it may be read wherever ``atom`` is)."""
    seen = set()
    while isinstance(atom, Var) and atom not in seen:
        seen.add(atom)
        stmt = bound.get(atom)
        if isinstance(stmt, Copy):
            atom = stmt.source
        elif isinstance(stmt, Assign) and spelled_as(stmt.prim, np.zeros, np.ones, np.empty) \
                and len(stmt.args) == 1 and not stmt.kwargs and isinstance(stmt.args[0], Const):
            return stmt
        else:
            return None
    return None


def _replaced(stmts: list, replaced: dict) -> list:
    out = []
    for stmt in stmts:
        if isinstance(stmt, If):
            stmt = dataclasses.replace(stmt, body=_replaced(stmt.body, replaced), orelse=_replaced(stmt.orelse, replaced))
        elif isinstance(stmt, Loop):
            stmt = dataclasses.replace(stmt, cond_body=_replaced(stmt.cond_body, replaced),
                                       body=_replaced(stmt.body, replaced))
        out.append(replaced.get(id(stmt), stmt))
    return out
