"""Helpers whose work known shapes make nothing, in the code a call of forward mode runs
(driver/pipeline.py runs it as ``shaped_helpers``; shapes known).

Forward mode over generated code (a Hessian: forward over the reverse sweep, api/second.py)
reads that code's helpers as primitives: ``d_t5 = unbroadcast(d_y_i, t5)`` sums an adjoint back
to its value's shape, ``zeros_like_adjoint(0.0)`` is the tangent of a constant written into an
array (``assign_at(d_y, i, 0.0)``'s). Both written for any shapes, they cost a Python call per
item in a loop, and their values are of unknown dtype, so a write of them into an array stays
``stored_at``'s check. Where the shapes are known:

* ``unbroadcast(g, x)`` and ``broadcast_like(t, y)`` of two values of one shape are ``g`` and
  ``t`` themselves (each helper returns its first argument then: a copy of the name);
* ``zeros_like_adjoint(c)`` of a number ``c`` is ``0.0`` (the helper's value for any number),
  read where its name was.
"""
from __future__ import annotations

import dataclasses
from collections import Counter

from ..ir.defuse import defines
from ..ir.nodes import Assign, Const, Copy, Function, If, Loop, Var, walk
from ..ir.renaming import with_reads_renamed
from ..primitives.registry import spelled_as
from ..primitives.runtime import broadcast_like, unbroadcast, zeros_like_adjoint
from ..rewrites.shapes import known_shapes


def drop_shaped_helpers(fn: Function, named_shapes: dict) -> Function:
    """``fn`` with each helper call the module's docstring lists written as the value it
    returns: a copy of the name, or the number itself where its readers read it (``fn`` itself
    where there is none)."""
    shapes = known_shapes(fn, named_shapes)
    bindings = Counter(var for stmt in walk(fn.body) for var in defines(stmt))
    numbers: dict[Var, Const] = {}      # a name bound once to a number -> the number, read in its place
    changed = False

    def block(stmts: list) -> list:
        nonlocal changed
        out = []
        for stmt in stmts:
            if isinstance(stmt, If):
                stmt = dataclasses.replace(stmt, body=block(stmt.body), orelse=block(stmt.orelse))
            elif isinstance(stmt, Loop):
                stmt = dataclasses.replace(stmt, cond_body=block(stmt.cond_body), body=block(stmt.body))
            elif isinstance(stmt, Assign) and (value := _returned(stmt, shapes)) is not None:
                changed = True
                if isinstance(value, Const) and bindings[stmt.target] == 1 and stmt.target != fn.result:
                    numbers[stmt.target] = value
                    continue
                stmt = Copy(stmt.target, value, stmt.location, rebinds=stmt.rebinds)
            out.append(stmt)
        return out

    body = block(fn.body)
    if not changed:
        return fn
    return dataclasses.replace(fn, body=with_reads_renamed(body, numbers) if numbers else body)


def _returned(stmt: Assign, shapes: dict):
    """The atom ``stmt``'s helper call returns, where the shapes tell; else None."""
    if stmt.kwargs:
        return None
    if spelled_as(stmt.prim, unbroadcast, broadcast_like) and len(stmt.args) == 2:
        first, like = stmt.args
        shape = _shape(first, shapes)
        return first if isinstance(shape, tuple) and shape == _shape(like, shapes) else None
    if spelled_as(stmt.prim, zeros_like_adjoint) and len(stmt.args) == 1 and isinstance(stmt.args[0], Const) \
            and type(stmt.args[0].value) in (int, float, complex, bool):
        return Const(0.0)
    return None


def _shape(atom, shapes: dict):
    if isinstance(atom, Const):
        return () if type(atom.value) in (int, float, complex, bool) else None
    return shapes.get(atom) if isinstance(atom, Var) else None
