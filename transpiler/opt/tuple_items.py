"""An item of a tuple built in the same function read directly: ``p = (a, b)`` then ``q = p[1]``
binds ``q = b`` (driver/pipeline.py runs it before ``dead_code``).

Rules of primitives returning several values take their adjoint as a tuple and read the entries
they need: ``slogdet``'s rule reads ``d_y[1]`` only, the sign's adjoint being zero. Built as
``(zeros_like_adjoint(sign), d_logdet)[1]``, the unread entry kept ``zeros_like_adjoint`` and the
forward ``slogdet`` it reads alive; read through, both are dead code.
"""
from __future__ import annotations

import ast
import dataclasses

from ..ir.defuse import def_use
from ..ir.nodes import Assign, Const, Copy, Function, If, Loop, Var, walk
from .present import primitives_in


def read_tuple_items(fn: Function) -> Function:
    """``fn`` with each constant-position read of a tuple display bound once replaced by a copy
    of that entry (``fn`` itself where there is none)."""
    if not any(getattr(prim, "spelling", None) is not None and prim.spelling.display is ast.Tuple
               for prim in primitives_in(fn)):
        return fn           # (most functions: no tuple built, the def-use chains not worked out)
    chains = def_use(fn)

    def item(stmt):
        if not _item_read(stmt):
            return stmt
        built = chains.definition(stmt.args[0])
        if not (_tuple_display(built) and len(chains.definitions.get(stmt.args[0], [])) == 1):
            return stmt
        index = stmt.prim.pattern.value
        if not -len(built.args) <= index < len(built.args):
            return stmt
        return Copy(stmt.target, built.args[index], stmt.location, rebinds=stmt.rebinds)

    body = _block(fn.body, item)
    if body is fn.body:
        return fn
    # a number read out is written where it is read (a copy of a number is not inlined later)
    numbers = {stmt.target: stmt.source for stmt in walk(body) if isinstance(stmt, Copy)
               and isinstance(stmt.source, Const) and len(chains.definitions.get(stmt.target, [])) == 1}
    return dataclasses.replace(fn, body=_block(body, lambda stmt: _read(stmt, numbers)) if numbers else body)


def _item_read(stmt) -> bool:
    """``q = p[k]``, ``k`` an integer constant."""
    return (isinstance(stmt, Assign) and isinstance(stmt.prim.pattern, ast.Constant) and len(stmt.args) == 1
            and isinstance(stmt.args[0], Var) and type(stmt.prim.pattern.value) is int)


def _tuple_display(stmt) -> bool:
    """``p = (a, b)``."""
    return isinstance(stmt, Assign) and stmt.prim.spelling.display is ast.Tuple and not stmt.kwargs


def _read(stmt, numbers: dict):
    """``stmt`` reading the numbers ``numbers`` binds in place of their names."""
    if isinstance(stmt, Assign) and any(a in numbers for a in stmt.args):
        return dataclasses.replace(stmt, args=tuple(numbers.get(a, a) for a in stmt.args))
    return stmt


def _block(stmts: list, item) -> list:
    out = []
    for stmt in stmts:
        if isinstance(stmt, If):
            body, orelse = _block(stmt.body, item), _block(stmt.orelse, item)
            new = stmt if body is stmt.body and orelse is stmt.orelse else dataclasses.replace(stmt, body=body, orelse=orelse)
        elif isinstance(stmt, Loop):
            cond_body, body = _block(stmt.cond_body, item), _block(stmt.body, item)
            new = stmt if cond_body is stmt.cond_body and body is stmt.body \
                else dataclasses.replace(stmt, cond_body=cond_body, body=body)
        else:
            new = item(stmt)
        out.append(new)
    return out if any(a is not b for a, b in zip(out, stmts)) else stmts
