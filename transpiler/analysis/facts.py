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

import ast
from dataclasses import dataclass

import numpy as np

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
    #                                  there, exactly (see invariant_shifts)
    symmetric: frozenset = frozenset()   # square matrices symmetric by construction

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


def analyse_for(fn: Function, wrt_indices, arg_shapes: tuple, arg_kinds: tuple = ()) -> tuple[list[Var], Analysis]:
    """The parameters to differentiate, and the analysis for them and the argument shapes (and
    dtypes, as kind and size: ``"f8"``, ``"i8"``, ``"b1"`` ..., or None)."""
    wrt = [fn.params[i] for i in wrt_indices]
    shapes = {p: (arg_shapes[i] if i < len(arg_shapes) else None) for i, p in enumerate(fn.params)}
    return wrt, analyse(fn, wrt, shapes, _by_param(fn, arg_kinds))


def _by_param(fn: Function, values: tuple) -> dict:
    return {p: values[i] for i, p in enumerate(fn.params) if i < len(values) and values[i] is not None}


def analyse(fn: Function, wrt: list[Var], arg_shapes: dict[Var, tuple | None], arg_kinds: dict | None = None) -> Analysis:
    kinds = _kinds(fn, arg_kinds or {})
    shapes = _shapes(fn, arg_shapes, kinds)
    cut = invariant_shifts(fn, shapes)
    return Analysis(active=_varied(fn, wrt) & _useful(fn, cut), live=_live(fn),
                    shapes=shapes, tuples=_tuples(fn), kinds=kinds, cut=cut,
                    symmetric=symmetric_matrices(fn, shapes))


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


_BOOLEAN = {"np.greater", "np.greater_equal", "np.less", "np.less_equal", "np.equal", "np.not_equal",
            "np.isnan", "np.isinf", "np.isfinite", "np.logical_and", "np.logical_or", "np.logical_not",
            "np.logical_xor", "bool"}


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
            elif isinstance(stmt, Assign) and (stmt.prim.spelling.compare is not None
                                               or stmt.prim.spelling.unaryop is ast.Not
                                               or stmt.prim.spelling.path in _BOOLEAN):
                kinds[stmt.target] = "b1"
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


# --------------------------------------------------------------------------- shift invariance
def invariant_shifts(fn: Function, shapes: dict) -> frozenset:
    """Where a value is subtracted only to be added back exactly, so no derivative flows through it:

    * log-softmax, ``z = a - c; z - np.log(np.sum(np.exp(z), axis=k, keepdims=True))``, is the
      same function of ``a`` whatever ``c`` is when ``c`` is constant along axis ``k`` (the usual
      ``c = np.max(a, axis=k, keepdims=True)``, subtracted so that ``exp`` cannot overflow);
    * logsumexp, ``c + np.log(np.sum(np.exp(a - c), axis=k, keepdims=True))``, likewise.

    Mathematically ``c``'s adjoint is exactly zero there (in floating point, the sum of a
    softmax's adjoint is rounding noise); the edges returned carry none, so ``c`` (and the
    ``np.max`` computing it) gets no adjoint at all. Returns ``(id(statement), position)`` pairs."""
    uses: dict[Var, list] = {}
    for stmt in walk(fn.body):
        args = stmt.args if isinstance(stmt, (Assign, Effect)) else ()
        for i, atom in enumerate(args):
            if isinstance(atom, Var):
                uses.setdefault(atom, []).append((stmt, i))
        for _, atom in getattr(stmt, "kwargs", ()):
            if isinstance(atom, Var):
                uses.setdefault(atom, []).append((stmt, None))
        for atom in (stmt.uses() if isinstance(stmt, (Copy, If, Loop)) else ()):
            uses.setdefault(atom, []).append((stmt, None))
    if isinstance(fn.result, Var):
        uses.setdefault(fn.result, []).append((None, None))

    def only_use(var):
        found = uses.get(var, [])
        return found[0] if len(found) == 1 else (None, None)

    def is_(stmt, path):
        return isinstance(stmt, Assign) and stmt.prim.spelling.path == path

    def is_subtract(stmt):
        return isinstance(stmt, Assign) and (stmt.prim.spelling.binop is ast.Sub or stmt.prim.spelling.path == "np.subtract")

    def is_add(stmt):
        return isinstance(stmt, Assign) and (stmt.prim.spelling.binop is ast.Add or stmt.prim.spelling.path == "np.add")

    cut = set()
    definitions = {s.target: s for s in walk(fn.body) if isinstance(s, Assign)}
    for shift in walk(fn.body):
        if not (is_subtract(shift) and isinstance(shift.args[1], Var)):
            continue
        z, c = shift.target, shift.args[1]
        exps = [u for u, i in uses.get(z, []) if is_(u, "np.exp")]
        if not exps:
            continue
        total, _ = only_use(exps[0].target)
        if not (is_(total, "np.sum") and (_keeps_axis_constant(total, shapes.get(z), shapes.get(c))
                                          or _reduced_along(definitions.get(c), total))):
            continue
        log, _ = only_use(total.target)
        if not is_(log, "np.log"):
            continue
        out, position = only_use(log.target)
        z_uses = uses.get(z, [])
        if is_subtract(out) and position == 1 and out.args[0] == z and len(z_uses) == 2:
            cut.add((id(shift), 1))                              # log-softmax
        elif is_add(out) and len(z_uses) == 1 and out.args[1 - position] == c:
            cut.update({(id(shift), 1), (id(out), 1 - position)})    # logsumexp
    return frozenset(cut)


def _reduced_along(made: Assign | None, total: Assign) -> bool:
    """Is ``made`` a reduction keeping its axes (``np.max(a, axis=k, keepdims=True)``) over the
    axes ``total`` sums: constant along them whatever the shapes?"""
    if made is None or made.prim.family != "reductions" or len(made.args) != 1:
        return False
    keywords = lambda s: {k: v.value for k, v in s.kwargs if isinstance(v, Const)}  # noqa: E731
    mine, theirs = keywords(made), keywords(total)
    return (len(mine) == len(made.kwargs) and mine.get("keepdims") is True
            and mine.get("axis") == theirs.get("axis"))


def _keeps_axis_constant(total: Assign, z_shape, c_shape) -> bool:
    """Is ``total`` a keepdims sum over axes along which ``c`` (of shape ``c_shape``) is
    constant, ``z`` being ``a - c`` of shape ``z_shape``?"""
    keywords = {k: v.value for k, v in total.kwargs if isinstance(v, Const)}
    if len(total.args) != 1 or len(keywords) != len(total.kwargs) or keywords.get("keepdims") is not True:
        return False
    if c_shape == ():
        return True
    if not (isinstance(z_shape, tuple) and isinstance(c_shape, tuple) and len(c_shape) == len(z_shape)):
        return False
    axis = keywords.get("axis")
    axes = range(len(z_shape)) if axis is None else [axis] if type(axis) is int else axis
    try:
        return all(c_shape[a % len(z_shape)] == 1 for a in axes)
    except (TypeError, IndexError, ZeroDivisionError):
        return False


# --------------------------------------------------------------------------- symmetry
def symmetric_matrices(fn: Function, shapes: dict) -> frozenset:
    """Square matrices symmetric by construction, so that rules may use ``a.T == a`` (a solve's
    adjoint then needs no second solve, and no run-time check):

    * ``np.eye(n)``, ``np.identity(n)``; ``A @ A.T`` and ``A.T @ A``;
    * ``u[:, None] - u[None, :]`` is antisymmetric, ``u[:, None] + u[None, :]`` and
      ``u[:, None] * u[None, :]`` symmetric (also for ``X[:, None, k]`` and ``X[None, :, k]``);
    * an antisymmetric matrix squared (``** 2``, ``* itself``, ``np.abs``) is symmetric; negated or
      scaled by a number it stays antisymmetric;
    * elementwise functions of symmetric matrices and numbers are symmetric (``np.exp(-D / s)``,
      ``K1 + K2 + 1e-3 * np.eye(n)``).

    (Symmetric in exact arithmetic: ``A @ A.T`` may differ from its transpose by rounding.)"""
    symmetric, antisymmetric, spread = set(), set(), {}     # spread: Var -> ("col"|"row", vector key)
    transposes = {}
    number = lambda atom: (isinstance(atom, Const) and type(atom.value) in (int, float)) \
        or isinstance(atom, Var) and shapes.get(atom) == ()  # noqa: E731
    for stmt in walk(fn.body):
        if isinstance(stmt, Copy) and stmt.source in symmetric:
            symmetric.add(stmt.target)
        if not isinstance(stmt, Assign):
            continue
        prim, args, target = stmt.prim, stmt.args, stmt.target
        shape = shapes.get(target)
        square = isinstance(shape, tuple) and len(shape) == 2 and shape[0] == shape[1]
        path, binop = prim.spelling.path, prim.spelling.binop
        if prim.pattern is not None and isinstance(args[0], Var):
            spread_of = _spread(prim.pattern, args)
            if spread_of is not None:
                spread[target] = spread_of
            continue
        if path == "np.transpose" and len(args) == 1 and not stmt.kwargs:
            transposes[target] = args[0]
        if not square:
            continue
        if path in ("np.eye", "np.identity") and len(args) == 1 and not stmt.kwargs:
            symmetric.add(target)
        elif binop is ast.MatMult or path == "np.matmul":
            a, b = args
            if transposes.get(b) == a or transposes.get(a) == b:
                symmetric.add(target)
        elif prim.partials is not None and not stmt.kwargs:
            arrays = [a for a in args if not number(a)]
            kinds = {("s" if a in symmetric else "a" if a in antisymmetric else spread.get(a)) for a in arrays}
            if kinds == {"s"} or not arrays:
                symmetric.add(target)
            elif len(arrays) == 2 and binop in (ast.Sub, ast.Add, ast.Mult) and _crossed(*(spread.get(a) for a in arrays)):
                (antisymmetric if binop is ast.Sub else symmetric).add(target)
            elif kinds == {"a"}:
                even = binop is ast.Pow and isinstance(args[1], Const) and args[1].value in (2, 4)
                if even or path in ("np.abs", "abs", "np.square") or binop is ast.Mult and len(arrays) == 2:
                    symmetric.add(target)
                elif prim.spelling.unaryop is ast.USub or binop in (ast.Mult, ast.Div) and len(arrays) == 1:
                    antisymmetric.add(target)       # (-a, a * s, a / s, s / a)
    return frozenset(symmetric)


def _spread(pattern: ast.expr, args: tuple):
    """``u[:, None, *rest]`` -> ("col", key), ``u[None, :, *rest]`` -> ("row", key): one vector
    spread along a column or a row (the key names the vector: base value, rest of the index)."""
    parts = pattern.elts if isinstance(pattern, ast.Tuple) else [pattern]
    if len(parts) < 2:
        return None
    full = lambda p: isinstance(p, ast.Slice) and p.lower is None and p.upper is None and p.step is None  # noqa: E731
    new = lambda p: isinstance(p, ast.Constant) and p.value is None  # noqa: E731
    if full(parts[0]) and new(parts[1]):
        side = "col"
    elif new(parts[0]) and full(parts[1]):
        side = "row"
    else:
        return None
    rest = ast.dump(ast.Tuple(elts=parts[2:], ctx=ast.Load()))
    return side, (args[0], rest, tuple(args[1:]))


def _crossed(a, b) -> bool:
    """A column and a row spread from the same vector (in either order)."""
    return a is not None and b is not None and a[1] == b[1] and {a[0], b[0]} == {"col", "row"}
