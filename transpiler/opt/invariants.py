"""Scalar arithmetic that does not change across a loop's iterations computed once, before it
(loop-invariant code motion, on the reverse transform's IR).

The forward sweep copies the user's statements into its loop and the reverse sweep recomputes
them in its own: ``a = -k * x - c * v`` makes ``_t1 = -k`` in both loops, every iteration, and a
nest indexed by ``(i0 + i1 + i2) % 3`` adds ``i0 + i1`` again in every iteration of the
innermost loop of both sweeps. A person writing the loops would compute those once, outside; so
does this pass, innermost loop first, so that a value moves out as far as its operands allow.

It moves only what cannot change what the code computes or raises: a statement at the top level
of a loop's body (run in every iteration) applying ``+``, ``-``, ``*`` (or ``%``, ``//`` by a
nonzero integer constant) to numbers (shape ``()``: a float, an integer, a loop counter) none
of which the loop binds; its name bound nowhere else in the loop and read in it only after it;
and no read of the name after the loop that would see, when the loop runs no iteration, the
moved value instead of an earlier one (every read outside the loop must follow a binding of its
own, with the loop not in between: a reverse loop's recomputation of the same value).

Those conditions are :func:`hoisted`'s, which takes the rule for what may move: the
``loop_invariants`` stage (opt/loop_invariants.py) moves pure array values with it, on the
function's SSA before the transform.
"""
from __future__ import annotations

import ast
import dataclasses
from typing import Callable

import numpy as np

from ..ir.defuse import defines
from ..ir.nodes import Assign, Const, Function, If, Loop, Var, walk, with_blocks_rebuilt
from ..primitives.registry import lookup

Movable = Callable[[Assign, Loop], bool]     # may this statement of this loop's body run once, before it?

_ARITHMETIC = {id(lookup(op)) for op in (ast.Add, ast.Sub, ast.Mult, ast.USub, np.add, np.subtract,
                                          np.multiply, np.negative)}
_BY_CONSTANT = {id(lookup(op)) for op in (ast.Mod, ast.FloorDiv, np.remainder, np.floor_divide)}


def hoist_invariants(fn: Function, shapes: dict) -> Function:
    """``fn`` with its loops' invariant scalar arithmetic computed before them (``fn`` itself
    where there is none)."""
    if not any(isinstance(stmt, Loop) for stmt in walk(fn.body)):
        return fn
    return hoisted(fn, _NumberArithmetic(fn, shapes).movable)


def hoisted(fn: Function, movable: Movable) -> Function:
    """``fn`` with the statements of its loops' bodies that ``movable`` lets run once computed
    before their loops, where no iteration changes what they read and nothing reads them before
    them in the loop, nor after it (``fn`` itself where none moves)."""
    if not any(isinstance(stmt, Loop) for stmt in walk(fn.body)):
        return fn
    copy = dataclasses.replace(fn, body=with_blocks_rebuilt(fn.body))      # (rewritten in place: every analysis
    hoisting = _Hoisting(copy, movable)                        # sees the code as it is now)
    hoisting.block(copy.body)
    return copy if hoisting.changed else fn


class _Hoisting:
    def __init__(self, fn: Function, movable: Movable):
        self.fn, self.movable = fn, movable
        self.changed = False

    def block(self, stmts: list) -> None:
        """Rid the loops in ``stmts`` (at any depth) of their invariants, each moved before its
        loop; a loop's inner loops first, so that what they move out may move on."""
        i = 0
        while i < len(stmts):
            stmt = stmts[i]
            for block in (stmt.blocks() if isinstance(stmt, (If, Loop)) else ()):
                self.block(block)
            moved = self._invariants(stmt) if isinstance(stmt, Loop) else []
            if moved:
                stmt.body[:] = [s for s in stmt.body if not any(s is m for m in moved)]
                stmts[i:i] = moved
                self.changed = True
            i += len(moved) + 1

    def _invariants(self, loop: Loop) -> list:
        """The statements of ``loop``'s body that may run once before it, in their order."""
        inside = [s for block in loop.blocks() for s in walk(block)]
        bound: dict[str, int] = {}
        for s in [loop, *inside]:
            for v in defines(s):
                bound[v.name] = bound.get(v.name, 0) + 1
        read_before: set[str] = {v.name for v in loop.uses()}
        read_before |= {v.name for s in loop.cond_body for v in _reads(s)}
        moved = []
        for stmt in loop.body:
            if (isinstance(stmt, Assign) and bound.get(stmt.target.name) == 1 and self.movable(stmt, loop)
                    and stmt.target.name not in read_before and stmt.target.name not in self.fn.folded
                    and all(v.name not in bound for v in stmt.uses())
                    and self._unread_after(stmt.target, loop)):
                moved.append(stmt)
                bound.pop(stmt.target.name)          # (invariant now: what reads it may move too)
            else:
                read_before |= {v.name for v in _reads(stmt)}
        return moved

    def _unread_after(self, target: Var, loop: Loop) -> bool:
        """Does every read of ``target`` outside ``loop`` follow a binding of its own, in the same
        block or one around it, with ``loop`` not in between? (Then none sees the loop's value,
        nor, once it is moved, the moved one when the loop runs no iteration.)"""
        if self.fn.result == target:
            return False
        return _Reads(self.fn.body, target, loop).all_covered()


class _NumberArithmetic:
    """Which statements :func:`hoist_invariants` moves: number arithmetic that cannot raise."""

    def __init__(self, fn: Function, shapes: dict):
        self.shapes = shapes
        self.counters = {stmt.target.name for stmt in walk(fn.body) if isinstance(stmt, Loop) and stmt.target}

    def movable(self, stmt: Assign, loop: Loop) -> bool:
        return self._cheap(stmt)

    def _cheap(self, stmt: Assign) -> bool:
        """Number arithmetic that cannot raise (``%`` and ``//`` by a nonzero integer only)."""
        if stmt.kwargs or not stmt.args or not all(self._number(a) for a in stmt.args):
            return False
        if id(stmt.prim) in _ARITHMETIC:
            return True
        divisor = stmt.args[-1]
        return (id(stmt.prim) in _BY_CONSTANT and isinstance(divisor, Const) and type(divisor.value) is int
                and divisor.value != 0)

    def _number(self, atom) -> bool:
        if isinstance(atom, Const):
            return type(atom.value) in (int, float)
        return self.shapes.get(atom.name) == () or atom.name in self.counters


class _Reads:
    """The reads of one name outside one loop, each checked for a binding of its own before it."""

    def __init__(self, body: list, target: Var, loop: Loop):
        self.target, self.loop = target, loop
        self.around_loop = _around(body, loop)       # ids of the loop and the statements holding it
        self.ok = True
        self._block(body, [])

    def all_covered(self) -> bool:
        return self.ok

    def _block(self, stmts: list, around: list) -> None:
        for i, stmt in enumerate(stmts):
            if not self.ok:
                return
            if stmt is self.loop:
                continue
            path = [*around, (stmts, i)]
            if self.target in stmt.uses() and not self._covered(path):
                self.ok = False
                return
            for block in (stmt.blocks() if isinstance(stmt, (If, Loop)) else ()):
                self._block(block, path)

    def _covered(self, path: list) -> bool:
        """The innermost binding of the name before the read, in its block or a block around it:
        is there one, with the loop in no statement from it to the read?"""
        for stmts, i in reversed(path):
            for j in range(i - 1, -1, -1):
                if id(stmts[j]) in self.around_loop:
                    return False
                if self.target in defines(stmts[j]) and not isinstance(stmts[j], (If, Loop)):
                    return id(stmts[i]) not in self.around_loop
            if id(stmts[i]) in self.around_loop:
                return False
        return False


def _reads(stmt) -> list[Var]:
    """The values ``stmt`` reads (a branch or loop: its head's and its blocks')."""
    if isinstance(stmt, (If, Loop)):
        return [*stmt.uses(), *(v for block in stmt.blocks() for s in walk(block) for v in s.uses())]
    return stmt.uses()


def _around(stmts: list, loop: Loop) -> set[int]:
    """The ids of ``loop`` and of the branches and loops it is in."""
    for stmt in stmts:
        if stmt is loop:
            return {id(loop)}
        for block in (stmt.blocks() if isinstance(stmt, (If, Loop)) else ()):
            inner = _around(block, loop)
            if inner:
                return inner | {id(stmt)}
    return set()


