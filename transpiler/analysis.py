"""Analyses on SSA: which values are active, which are live, and what shapes are known.

* varied: depends on a variable we differentiate with respect to;
* useful: reaches the function's result through differentiable primitives;
* active = varied and useful: only these get adjoints (reverse) or tangents (forward).
* live: needed to compute the result at all (everything else is dead code).
* shapes: propagated from the call's arguments where the primitive allows it. A shape is a
  tuple, a :class:`SymbolicShape` ("whatever shape parameter x has") or ``None`` (unknown); they
  let the transforms skip ``unbroadcast`` when shapes provably match, even for unknown inputs.

Loops make values flow backwards (a carried value feeds the next iteration), so each analysis
repeats its pass until nothing changes.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .ssa import Assign, Const, Copy, Effect, Function, If, Loop, Var, walk


@dataclass(frozen=True)
class SymbolicShape:
    """The (unknown) shape of an input value; equal symbols mean equal shapes."""

    of: str

    def __str__(self) -> str:
        return f"shape({self.of})"


@dataclass
class Analysis:
    active: set[Var]
    live: set[Var]
    shapes: dict[Var, tuple | None]
    tuples: dict[Var, int] = None    # tuple-valued values -> their length

    def shape(self, atom) -> tuple | None:
        if isinstance(atom, Const):
            return () if isinstance(atom.value, (bool, int, float, complex)) else None
        return self.shapes.get(atom)


def analyse_for(fn: Function, wrt_indices, arg_shapes: tuple) -> tuple[list[Var], Analysis]:
    """The parameters to differentiate, and the analysis for them and the argument shapes."""
    wrt = [fn.params[i] for i in wrt_indices]
    shapes = {p: (arg_shapes[i] if i < len(arg_shapes) else None) for i, p in enumerate(fn.params)}
    return wrt, analyse(fn, wrt, shapes)


def analyse(fn: Function, wrt: list[Var], arg_shapes: dict[Var, tuple | None]) -> Analysis:
    return Analysis(active=_varied(fn, wrt) & _useful(fn), live=_live(fn),
                    shapes=_shapes(fn, arg_shapes), tuples=_tuples(fn))


def _tuples(fn: Function) -> dict[Var, int]:
    """Values known to be tuples (displays, multi-output primitives, and copies of those):
    their adjoints are kept per element."""
    tuples: dict[Var, int] = {}
    grown = {s.args[0] for s in walk(fn.body) if isinstance(s, Effect)}   # lists appended to
    for stmt in walk(fn.body):
        if isinstance(stmt, Assign) and stmt.target in grown:
            continue
        if isinstance(stmt, Assign) and stmt.prim.display:
            tuples[stmt.target] = len(stmt.args)
        elif isinstance(stmt, Assign) and stmt.prim.outputs:
            tuples[stmt.target] = stmt.prim.outputs
        elif isinstance(stmt, Copy) and stmt.source in tuples:
            tuples[stmt.target] = tuples[stmt.source]
    return tuples


def _fixpoint(step) -> None:
    while step():
        pass


def _varied(fn: Function, wrt: list[Var]) -> set[Var]:
    varied = set(wrt)

    def step() -> bool:
        size = len(varied)
        for stmt in walk(fn.body):
            if isinstance(stmt, Assign) and stmt.prim.differentiable and any(u in varied for u in stmt.uses()):
                varied.add(stmt.target)
            elif isinstance(stmt, Copy) and stmt.source in varied:
                varied.add(stmt.target)
            elif isinstance(stmt, Effect) and any(u in varied for u in stmt.uses()):
                varied.add(stmt.args[0])        # appending a varied value varies the list
        return len(varied) != size

    _fixpoint(step)
    return varied


def _useful(fn: Function) -> set[Var]:
    useful = {fn.result} if isinstance(fn.result, Var) else set()

    def step() -> bool:
        size = len(useful)
        for stmt in reversed(list(walk(fn.body))):
            if isinstance(stmt, Assign) and stmt.target in useful and stmt.prim.differentiable:
                useful.update(stmt.uses())
            elif isinstance(stmt, Copy) and stmt.target in useful:
                useful.update(stmt.uses())
            elif isinstance(stmt, Effect) and stmt.args[0] in useful:
                useful.update(stmt.uses())
        return len(useful) != size

    _fixpoint(step)
    return useful


def _live(fn: Function) -> set[Var]:
    """Values the result needs, including what decides control flow around needed values."""
    live = {fn.result} if isinstance(fn.result, Var) else set()

    def needed(block: list) -> bool:
        return any(defines(s) & live or (isinstance(s, Effect) and s.args[0] in live) for s in walk(block))

    def step() -> bool:
        size = len(live)
        for stmt in reversed(list(walk(fn.body))):
            if isinstance(stmt, (Assign, Copy)) and stmt.target in live:
                live.update(stmt.uses())
            elif isinstance(stmt, Effect) and stmt.args[0] in live:
                live.update(stmt.uses())
            elif isinstance(stmt, (If, Loop)) and needed(sum(stmt.blocks(), [])):
                live.update(stmt.uses())
                if isinstance(stmt, Loop) and isinstance(stmt.cond, Var):
                    live.update(s.target for s in walk(stmt.cond_body) if isinstance(s, (Assign, Copy)))
        return len(live) != size

    _fixpoint(step)
    return live


def defines(stmt) -> set[Var]:
    if isinstance(stmt, (Assign, Copy)):
        return {stmt.target}
    if isinstance(stmt, Loop) and stmt.target is not None:
        return {stmt.target}
    return set()


def _shapes(fn: Function, arg_shapes: dict[Var, tuple | None]) -> dict[Var, tuple | None]:
    shapes = {v: (SymbolicShape(v.name) if s is None else s) for v, s in arg_shapes.items()}
    shapes.update({v: SymbolicShape(v.name) for v in fn.free.values()})
    lookup = Analysis(set(), set(), shapes).shape
    unknown = object()

    def assign(var: Var, shape) -> bool:
        old = shapes.get(var, unknown)
        new = shape if old is unknown or old == shape else None   # joins disagree: unknown
        shapes[var] = new
        return old != new

    def step() -> bool:
        changed = False
        for stmt in walk(fn.body):
            if isinstance(stmt, Assign):
                changed |= assign(stmt.target, _output_shape(stmt, [lookup(a) for a in stmt.args], lookup))
            elif isinstance(stmt, Copy):
                changed |= assign(stmt.target, lookup(stmt.source))
            elif isinstance(stmt, Loop) and stmt.target is not None:
                changed |= assign(stmt.target, ())
        return changed

    _fixpoint(step)
    return shapes


def _output_shape(stmt: Assign, arg_shapes: list, lookup) -> tuple | None:
    rule = stmt.prim.shape_rule
    if rule == "scalar":
        return ()
    if rule == "elementwise":
        return broadcast(arg_shapes)
    known = all(isinstance(s, tuple) for s in arg_shapes) or getattr(rule, "unknown_inputs", False)
    if callable(rule) and known and all(isinstance(v, Const) for _, v in stmt.kwargs):
        return rule(arg_shapes, {k: v.value for k, v in stmt.kwargs})
    return None


def broadcast(shapes: list):
    """The broadcast result of known, symbolic or unknown shapes (``None`` if undecidable)."""
    shapes = [s for s in shapes if s != ()]
    if not shapes:
        return ()
    if all(s == shapes[0] for s in shapes) and shapes[0] is not None:
        return shapes[0]
    if all(isinstance(s, tuple) for s in shapes):
        try:
            return tuple(np.broadcast_shapes(*shapes))
        except ValueError:
            return None
    return None
