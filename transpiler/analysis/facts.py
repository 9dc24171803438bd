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

Algebraic facts (where a derivative is exactly zero, which matrices are symmetric by construction)
are found by the named rewrites of ``transpiler.rewrites``, a layer above: they register their
finders in :data:`FACT_FINDERS`, and :func:`analyse` consults those the caller has not switched off.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Callable

import numpy as np

from ..ir.defuse import defines
from ..ir.nodes import Assign, Const, Copy, Effect, Function, If, Loop, Var, walk


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
    kinds: dict = None               # dtype kinds known of values ("b" for comparisons' results)
    cut: frozenset = frozenset()     # (id(statement), argument position): no derivative flows
    #                                  there, exactly (see Facts)
    symmetric: frozenset = frozenset()   # square matrices symmetric by construction

    def needs(self, block: list) -> bool:
        """Does ``block`` compute something the result needs: a live value, or an effect on a
        live list (a tape's push, which its pops later rely on)?"""
        return any(isinstance(s, (Assign, Copy)) and s.target in self.live
                   or isinstance(s, Effect) and (runs_once(s) or s.args[0] in self.live) for s in walk(block))

    def carries(self, stmt, index: int) -> bool:
        """Does argument ``index`` of ``stmt`` pass a derivative on?"""
        return (id(stmt), index) not in self.cut

    def shape(self, atom) -> tuple | None:
        if isinstance(atom, Const):
            return () if isinstance(atom.value, (bool, int, float, complex)) else None
        return self.shapes.get(atom)

    def kind(self, atom) -> str | None:
        """The dtype code known of ``atom`` ("f8", "i8", "b1"), or None."""
        if isinstance(atom, Const):
            return _kind_of_constant(atom.value)
        return (self.kinds or {}).get(atom)


@dataclass(frozen=True)
class Facts:
    """What a fact finder knows of a function, exactly (in exact arithmetic):

    * cut: ``(id(statement), argument position)`` pairs where no derivative flows (the value
      there is subtracted only to be added back: its adjoint is exactly zero);
    * symmetric: square matrices symmetric by construction (rules may use ``a.T == a``)."""

    cut: frozenset = frozenset()
    symmetric: frozenset = frozenset()


# Fact finders by rewrite name, ``finder(fn, shapes) -> Facts``: registered by transpiler.rewrites
# (which sits above the analysis), consulted unless switched off (``grad(f, rewrites=False)``).
FACT_FINDERS: dict[str, Callable[[Function, dict], Facts]] = {}


def analyse_for(fn: Function, wrt_indices, arg_shapes: tuple, arg_kinds: tuple = (),
                switched_off: frozenset = frozenset()) -> tuple[list[Var], Analysis]:
    """The parameters to differentiate, and the analysis for them and the argument shapes (and
    dtypes, as kind and size: ``"f8"``, ``"i8"``, ``"b1"`` ..., or None), with the facts of the
    rewrites not ``switched_off``."""
    wrt = [fn.params[i] for i in wrt_indices]
    shapes = {p: (arg_shapes[i] if i < len(arg_shapes) else None) for i, p in enumerate(fn.params)}
    return wrt, analyse(fn, wrt, shapes, _by_param(fn, arg_kinds), switched_off)


def _by_param(fn: Function, values: tuple) -> dict:
    return {p: values[i] for i, p in enumerate(fn.params) if i < len(values) and values[i] is not None}


def analyse(fn: Function, wrt: list[Var], arg_shapes: dict[Var, tuple | None], arg_kinds: dict | None = None,
            switched_off: frozenset = frozenset()) -> Analysis:
    kinds = _kinds(fn, arg_kinds or {})
    shapes = _shapes(fn, arg_shapes, kinds)
    facts = [find(fn, shapes) for name, find in FACT_FINDERS.items() if name not in switched_off]
    cut = frozenset().union(*(f.cut for f in facts))
    return Analysis(active=_varied(fn, wrt) & _useful(fn, cut), live=_live(fn),
                    shapes=shapes, tuples=_tuples(fn), kinds=kinds, cut=cut,
                    symmetric=frozenset().union(*(f.symmetric for f in facts)))


def _tuples(fn: Function) -> dict[Var, int]:
    """Values known to be tuples (displays, multi-output primitives, and copies of those):
    their adjoints are kept per element."""
    tuples: dict[Var, int] = {}
    grown = {s.args[0] for s in walk(fn.body) if isinstance(s, Effect) and not s.observable}   # lists appended to
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
            elif isinstance(stmt, Effect) and not stmt.observable and any(u in varied for u in stmt.uses()):
                varied.add(stmt.args[0])        # appending a varied value varies the list
        return len(varied) != size

    _fixpoint(step)
    return varied


def _useful(fn: Function, cut: frozenset = frozenset()) -> set[Var]:
    useful = {fn.result} if isinstance(fn.result, Var) else set()

    def step() -> bool:
        size = len(useful)
        for stmt in reversed(list(walk(fn.body))):
            if isinstance(stmt, Assign) and stmt.target in useful and stmt.prim.differentiable:
                useful.update(a for i, a in enumerate(stmt.args)
                              if isinstance(a, Var) and (id(stmt), i) not in cut)
                useful.update(v for _, v in stmt.kwargs if isinstance(v, Var))
            elif isinstance(stmt, Copy) and stmt.target in useful:
                useful.update(stmt.uses())
            elif isinstance(stmt, Effect) and stmt.args[0] in useful:
                useful.update(stmt.uses())
        return len(useful) != size

    _fixpoint(step)
    return useful


def _live(fn: Function) -> set[Var]:
    """Values the result needs, including what decides control flow around needed values, and
    run-time checks (which may refuse: they run even if nothing reads their value)."""
    live = {fn.result} if isinstance(fn.result, Var) else set()
    live |= {s.target for s in walk(fn.body) if isinstance(s, Assign) and getattr(s.prim, "effect", False)}
    live |= {u for s in walk(fn.body) if isinstance(s, Effect) and s.observable for u in s.uses()}

    def needed(block: list) -> bool:
        return any(defines(s) & live or (isinstance(s, Effect) and (runs_once(s) or s.args[0] in live))
                   for s in walk(block))

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


def runs_once(effect: Effect) -> bool:
    """``print(x)``, ``assert``: an effect a block is run for. (A ``with`` block's entry and exit
    are not: they surround what runs, and a block with nothing else in it need not run.)"""
    return effect.observable and getattr(effect.prim, "once", True)


def shapes_of(fn: Function, arg_shapes: tuple, arg_kinds: tuple = ()) -> dict[Var, tuple | None]:
    """Known shapes of ``fn``'s values for these argument shapes (one per parameter)."""
    shapes = {p: (arg_shapes[i] if i < len(arg_shapes) else None) for i, p in enumerate(fn.params)}
    return _shapes(fn, shapes, _kinds(fn, _by_param(fn, arg_kinds)))


def _shapes(fn: Function, arg_shapes: dict[Var, tuple | None], kinds: dict) -> dict[Var, tuple | None]:
    shapes = {v: (SymbolicShape(v.name) if s is None else s) for v, s in arg_shapes.items()}
    shapes.update({v: SymbolicShape(v.name) for v in fn.free.values()})
    lookup = Analysis(set(), set(), shapes).shape
    kind = lambda atom: kinds.get(atom) if isinstance(atom, Var) else _kind_of_constant(atom.value)  # noqa: E731
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
                changed |= assign(stmt.target, _output_shape(stmt, [lookup(a) for a in stmt.args],
                                                             [kind(a) for a in stmt.args]))
            elif isinstance(stmt, Copy):
                changed |= assign(stmt.target, lookup(stmt.source))
            elif isinstance(stmt, Loop) and stmt.target is not None:
                changed |= assign(stmt.target, ())
        return changed

    _fixpoint(step)
    return shapes


def _kinds(fn: Function, arg_kinds: dict) -> dict[Var, str]:
    """Dtypes known of values, as kind and size (``"f8"``): the parameters', ``np.arange`` of
    integers and loop counters (what an index's shape needs), booleans from comparisons (a mask
    ``m`` in ``x * m`` must be multiplied by a float adjoint even when that is 1.0: ``m + m``
    would be a logical or), float64 through arithmetic, math and matrix products on float64
    values and numbers (what in-place code needs), and copies of those."""
    kinds = dict(arg_kinds)
    kind = lambda atom: kinds.get(atom) if isinstance(atom, Var) else _kind_of_constant(atom.value)  # noqa: E731
    for _ in range(3):          # (copies out of loops: a few passes settle it)
        for stmt in walk(fn.body):
            if isinstance(stmt, Assign) and stmt.prim.spelling.path == "np.arange" and not stmt.kwargs:
                if all(kind(a) == "i8" for a in stmt.args):
                    kinds[stmt.target] = "i8"
            elif isinstance(stmt, Assign) and stmt.prim.result_kind is not None:
                kinds[stmt.target] = stmt.prim.result_kind
            elif isinstance(stmt, Assign) and stmt.prim.spelling.binop in (ast.BitAnd, ast.BitOr, ast.BitXor) \
                    and all(kind(a) == "b1" for a in stmt.args):
                kinds[stmt.target] = "b1"
            elif isinstance(stmt, Assign) and _keeps_float64(stmt, kind):
                kinds[stmt.target] = "f8"
            elif isinstance(stmt, Copy) and isinstance(stmt.source, Var) and stmt.source in kinds:
                kinds.setdefault(stmt.target, kinds[stmt.source])
            elif isinstance(stmt, Loop) and stmt.target is not None:
                kinds[stmt.target] = "i8"
    return kinds


def _keeps_float64(stmt: Assign, kind) -> bool:
    """Elementwise math, a matrix product or a reduction of float64 values and plain numbers
    (an integer or float constant, an integer count) is float64."""
    prim = stmt.prim
    if not (prim.partials is not None or prim.spelling.binop is ast.MatMult or prim.family == "reductions"
            or prim.spelling.path in ("np.matmul", "np.dot")):
        return False
    if prim.spelling.binop in (ast.FloorDiv, ast.Mod) or prim.spelling.path in ("float", "np.float64", "int", "round"):
        return False
    kinds = [kind(a) for a in stmt.args]
    return "f8" in kinds and all(k in ("f8", "i8") for k in kinds) and all(
        isinstance(v, Const) and type(v.value) in (bool, int, float, type(None)) for _, v in stmt.kwargs)


def _kind_of_constant(value) -> str | None:
    return {bool: "b1", int: "i8", float: "f8"}.get(type(value))


def _output_shape(stmt: Assign, arg_shapes: list, arg_kinds: list) -> tuple | None:
    rule = stmt.prim.shape_rule
    if rule == "scalar":
        return ()
    if rule == "elementwise":
        return broadcast(arg_shapes)
    if callable(rule) and getattr(rule, "reads_values", False):
        # a constructor: its shape is given by (constant) values, not by shapes
        if all(isinstance(v, Const) for _, v in stmt.kwargs):
            values = [a.value if isinstance(a, Const) else None for a in stmt.args]
            return rule(values, {k: v.value for k, v in stmt.kwargs})
        return None
    known = all(isinstance(s, tuple) for s in arg_shapes) or getattr(rule, "unknown_inputs", False)
    if callable(rule) and known and all(isinstance(v, Const) for _, v in stmt.kwargs):
        kwargs = {k: v.value for k, v in stmt.kwargs}
        if getattr(rule, "reads_kinds", False):      # an index: integer arrays give their shape
            return rule(arg_shapes, kwargs, arg_kinds)
        return rule(arg_shapes, kwargs)
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
