"""Rewrite ``selected_sums``: the two branches' adjoints of one ``np.where`` summed as one selection.

``y = np.where(c, a, b)`` gives ``a`` the adjoint ``np.where(c, g, 0.0)`` and ``b`` the adjoint
``np.where(c, 0.0, g)``; when both reach one value (``a`` and ``b`` computed from the same
``r``: a Huber loss, a leaky ReLU), each is scaled on its way (``* 0.5``, ``* (2 * r)``,
``* np.sign(r)``) and the two are added: two selections, a product each, a sum. A value that is
zero wherever ``c`` is False, times anything, is still zero there; so ``u + v``, ``u`` zero where
``c`` is False and ``v`` zero where it is True, is ``np.where(c, u', v')``, ``u'`` and ``v'``
the same products with the selections left out: one selection, no sum.

(Forward mode writes the tangent of ``np.where(c, a, b)`` as ``np.where(c, t_a, t_b)`` itself:
ad/forward.py, ``selected``.) On the IR (both modes), in each block (a reverse loop's body too): the statements of one block,
each value on the way from a selection to the sum bound once and read once (by the next product, or the sum), products by ``*`` only (an
elementwise product keeps the zeros where they are; a sum over axes would not), both selections of
one condition. Exact where the products are finite; where one is not (``0 * inf`` in the branch not
taken, as ``np.where(x > 0, np.log(x), 0.0)`` at ``x = 0``) the sum was NaN and the selection is the
taken branch's derivative, as with strong zeros (docs/syntax.md).
"""
from __future__ import annotations

import ast
import dataclasses

import numpy as np

from ..ir.defuse import def_use
from ..ir.nodes import Assign, Const, Function, If, Loop, Var, walk
from ..primitives.registry import lookup, spelled_as

NAME = "selected_sums"
DESCRIPTION = "np.where(c, g, 0) * u + np.where(c, 0, g) * v as np.where(c, g * u, g * v): one selection, no sum"

_WHERE = lookup(np.where)


def select_summed_branches(fn: Function) -> Function:
    """``fn`` with each sum of two products masked by one condition's opposite selections written
    as one selection (``fn`` itself where there is none), in every block (a reverse loop's body)."""
    if not any(_selection(stmt) is not None for stmt in walk(fn.body)):
        return fn           # (no selection: the sums not traced back, which is quadratic where a value
        #                      is read by every statement, as an adjoint summed a thousand times)
    chains = def_use(fn)
    body = _rewritten(fn.body, chains)
    return fn if body is fn.body else dataclasses.replace(fn, body=body)


def _rewritten(block: list, chains) -> list:
    """``block`` rewritten, and the blocks nested in it (``block`` itself where nothing changed)."""
    body = [_nested_rewritten(stmt, chains) for stmt in block]
    position = {id(stmt): i for i, stmt in enumerate(body)}
    original = list(body)
    changed = any(new is not old for new, old in zip(body, block))
    for i, stmt in enumerate(original):
        if not _is_binop(stmt, ast.Add) or not all(isinstance(a, Var) for a in stmt.args):
            continue
        left = _masked(stmt.args[0], stmt, chains, position)
        right = _masked(stmt.args[1], stmt, chains, position)
        if left is None or right is None:
            continue
        (cond_l, taken_l, chain_l), (cond_r, taken_r, chain_r) = left, right
        if cond_l != cond_r or taken_l == taken_r or {id(s) for s in chain_l} & {id(s) for s in chain_r}:
            continue
        if any(body[position[id(s)]] is not s for s in (*chain_l, *chain_r)):
            continue          # (a statement an earlier rewrite here changed or dropped)
        left_value, right_value = (_unmask(chain, body, position) for chain in (chain_l, chain_r))
        true_value, false_value = (left_value, right_value) if taken_l else (right_value, left_value)
        body[i] = Assign(stmt.target, _WHERE, (cond_l, true_value, false_value), (), stmt.location,
                         rebinds=stmt.rebinds)
        changed = True
    return [s for s in body if s is not None] if changed else block


def _nested_rewritten(stmt, chains):
    """A loop or branch with its blocks rewritten (the statement itself where nothing changed)."""
    if isinstance(stmt, Loop):
        body = _rewritten(stmt.body, chains)
        return stmt if body is stmt.body else dataclasses.replace(stmt, body=body)
    if isinstance(stmt, If):
        body, orelse = _rewritten(stmt.body, chains), _rewritten(stmt.orelse, chains)
        return stmt if body is stmt.body and orelse is stmt.orelse else dataclasses.replace(stmt, body=body,
                                                                                           orelse=orelse)
    return stmt


def _is_binop(stmt, op) -> bool:
    return isinstance(stmt, Assign) and stmt.prim.spelling.binop is op and len(stmt.args) == 2 and not stmt.kwargs


def _selection(stmt):
    """(condition, True) for ``np.where(c, g, 0)``, (condition, False) for ``np.where(c, 0, g)``."""
    if not (isinstance(stmt, Assign) and spelled_as(stmt.prim, np.where) and len(stmt.args) == 3 and not stmt.kwargs
            and isinstance(stmt.args[0], Var)):
        return None
    _, a, b = stmt.args
    if _is_zero(b) and not _is_zero(a):
        return stmt.args[0], True
    if _is_zero(a) and not _is_zero(b):
        return stmt.args[0], False
    return None


def _is_zero(atom) -> bool:
    return isinstance(atom, Const) and type(atom.value) in (int, float) and atom.value == 0


def _masked(var: Var, reader, chains, position):
    """(condition, taken, the statements from the selection to ``var``'s binding) where ``var`` is
    a selection times factors, each value on the way bound once at the top level, before its one
    reader, and read by it alone; None else."""
    chain = []
    while True:
        stmt = _only_binding(var, reader, chains, position)
        if stmt is None:
            return None
        chain.append(stmt)
        selection = _selection(stmt)
        if selection is not None:
            return (*selection, chain[::-1])
        if not _is_binop(stmt, ast.Mult):
            return None
        factors = [a for a in stmt.args if isinstance(a, Var) and _only_binding(a, stmt, chains, position)]
        masked = [a for a in factors if _leads_to_selection(a, stmt, chains, position)]
        if len(masked) != 1 or stmt.args.count(masked[0]) != 1:
            return None
        var, reader = masked[0], stmt


def _leads_to_selection(var, reader, chains, position, depth=0) -> bool:
    stmt = _only_binding(var, reader, chains, position)
    if stmt is None or depth > 16:
        return False
    if _selection(stmt) is not None:
        return True
    return _is_binop(stmt, ast.Mult) and any(
        isinstance(a, Var) and _leads_to_selection(a, stmt, chains, position, depth + 1) for a in stmt.args)


def _only_binding(var: Var, reader, chains, position):
    """The top-level statement binding the value of ``var`` that ``reader`` reads, where ``reader``
    is its one reader (a name bound again, ``d_r = d_r + t``, counts the reads up to that); None
    else (a binding or a read nested in a branch or loop, a parameter)."""
    bindings, readers = chains.definitions.get(var, []), chains.uses.get(var, [])
    at = position.get(id(reader))
    if at is None or not bindings or any(id(s) not in position for s in (*bindings, *readers)):
        return None
    before = [position[id(s)] for s in bindings if position[id(s)] < at]
    if not before or not isinstance(bindings[0], Assign):
        return None
    start = max(before)
    stop = min((position[id(s)] for s in bindings if position[id(s)] > start), default=len(position))
    if [s for s in readers if start < position[id(s)] <= stop] != [reader]:
        return None
    stmt = next(s for s in bindings if position[id(s)] == start)
    return stmt if isinstance(stmt, Assign) else None


def _unmask(chain: list, body: list, position: dict):
    """Drop the selection at the head of ``chain``: its reader reads the selected value itself
    (forward mode's ``np.where(c, 1.0, 0.0) * t``: the product dropped too, ``t`` read in its
    place). The atom the sum reads then."""
    selection = chain[0]
    value = selection.args[1] if _is_zero(selection.args[2]) else selection.args[2]
    body[position[id(selection)]] = None
    if len(chain) == 1:
        return value
    reader = chain[1]
    if not (isinstance(value, Const) and type(value.value) in (int, float) and value.value == 1):
        body[position[id(reader)]] = _reading(reader, selection.target, value)
        return chain[-1].target
    other = reader.args[1] if reader.args[0] == selection.target else reader.args[0]
    body[position[id(reader)]] = None
    if len(chain) == 2:
        return other
    body[position[id(chain[2])]] = _reading(chain[2], reader.target, other)
    return chain[-1].target


def _reading(stmt: Assign, old: Var, new) -> Assign:
    """``stmt`` reading ``new`` where it read ``old``."""
    return dataclasses.replace(stmt, args=tuple(new if a == old else a for a in stmt.args))
