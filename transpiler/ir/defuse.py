"""Def-use over the structured IR: which statements bind each value, and which read it.

A value is bound by one ``Assign`` (or one loop's counter), or by several ``Copy`` statements:
a merge variable by one copy per branch of an ``If`` (and a ``None`` before it when only one
branch binds it), a loop-carried variable by its initial copy and its end-of-iteration copy.
A statement's uses are its own reads (``stmt.uses()``): an ``If`` reads its test, a ``Loop`` its
bounds, condition and exit flag; the statements inside them are entries of their own.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .memo import remembered
from .nodes import Assign, Copy, Effect, Function, Loop, Var, walk

RETURN = "return"      # stands for the function's ``return`` among the uses of its result


def defines(stmt) -> set[Var]:
    """The values ``stmt`` itself binds (not those of the statements nested in it)."""
    if isinstance(stmt, (Assign, Copy)):
        return {stmt.target}
    if isinstance(stmt, Loop) and stmt.target is not None:
        return {stmt.target}
    if isinstance(stmt, Effect):     # a statement a transform wrote that binds names (a, b = ...)
        return {Var(name) for name in getattr(stmt.prim, "targets", ())}
    return set()


@dataclass
class DefUse:
    """Where each value of a function is bound and read, statements in program order."""

    definitions: dict[Var, list] = field(default_factory=dict)   # value -> statements binding it
    uses: dict[Var, list] = field(default_factory=dict)          # value -> statements reading it

    def definition(self, var: Var):
        """The one statement binding ``var``; None for a parameter, a free name or a value bound
        by several copies (a merge or loop-carried variable)."""
        found = self.definitions.get(var, [])
        return found[0] if len(found) == 1 else None

    def used(self, var: Var) -> bool:
        return bool(self.uses.get(var))


def def_use(fn: Function) -> DefUse:
    """Def-use of ``fn``; the result's use is :data:`RETURN`. Worked out once per function
    (ir/memo.py: a function is never changed once built): the rewrites and passes that run one
    after another on the transform's IR each ask for it, and most leave the IR as it was. The
    result is shared: read it, never change it."""
    return remembered(fn, "def_use", lambda: _def_use(fn))


def _def_use(fn: Function) -> DefUse:
    chains = DefUse()
    for stmt in walk(fn.body):
        for var in defines(stmt):
            chains.definitions.setdefault(var, []).append(stmt)
        for var in dict.fromkeys(stmt.uses()):       # (`x * x` reads x once)
            chains.uses.setdefault(var, []).append(stmt)
    if isinstance(fn.result, Var):
        chains.uses.setdefault(fn.result, []).append(RETURN)
    return chains
