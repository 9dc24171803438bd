"""The SSA interpreter ``check_symbolic`` runs: a lowered function on numbers and sympy
expressions at once, recording the path the numbers take.

The numeric run decides everything that is not a smooth function of the inputs — which branch an
``if`` takes, how often a loop runs, the value of a comparison, ``floor`` or ``int`` — and
:class:`Trace` records those decisions, so the symbolic run yields one closed-form expression,
valid on the region of inputs that take the same *path* (:func:`same_path` re-runs the numbers
alone to tell whether another point is on it).

Each SSA primitive is mapped to sympy by the counterpart its declaration names (``sympy=`` in
transpiler/primitives: ``np.exp``/``math.exp`` -> ``sp.exp``, ``max``/``np.maximum`` ->
``sp.Max`` ...); structural primitives (indexing, containers, reshapes, sums, matrix products,
declared ``sympy=ON_OBJECT_ARRAYS``) run on NumPy object arrays of sympy expressions. A
primitive with no sympy counterpart raises :class:`NoSympyCounterpartError`.
"""
from __future__ import annotations

import ast
import builtins
import functools
import importlib
import inspect
import math
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from ..ir.nodes import Assign, Const, Copy, Effect, Function, If, Loop
from ..primitives.arithmetic import floor_quotient
from ..primitives.registry import ON_OBJECT_ARRAYS, Primitive

MAX_WHILE_ITERATIONS = 100_000


class SymbolicCheckError(Exception):
    """The function cannot be checked symbolically (not an error in the function itself)."""


class NoSympyCounterpartError(SymbolicCheckError):
    """An SSA primitive declares no sympy counterpart (``Primitive.sympy``)."""


# --------------------------------------------------------------------------- sympy
def sympy_module() -> Any:
    """sympy, imported on first use: it is a test extra, not a dependency of the compiler."""
    try:
        import sympy
    except ImportError:  # pragma: no cover - sympy is a test extra
        raise SymbolicCheckError("check_symbolic needs sympy: pip install sympy") from None
    return sympy


def sympy_function(prim: Primitive) -> Callable | None:
    """The sympy counterpart an elementwise primitive declares (``sympy=``), given the sympy
    module, or None."""
    if not callable(prim.sympy):
        return None
    return functools.partial(prim.sympy, sympy_module())


def _structural(prim: Primitive) -> bool:
    """Only moves, selects or linearly combines values: runs on object arrays of expressions."""
    return prim.sympy == ON_OBJECT_ARRAYS


# --------------------------------------------------------------------------- the interpreter
_NAMESPACE: dict = {"np": np, "math": math, "__builtins__": builtins}
_CODE: dict = {}


def _with_helpers() -> None:
    """Primitives spelled as runtime helpers (stop_gradient ...) join the namespace, those of an
    optional library too: SciPy's (airy_ai, sine_integral ...) register when its rules load, after
    this module is imported."""
    from ..primitives.runtime import HELPERS

    _NAMESPACE.update((name, fn) for name, fn in HELPERS.items() if name not in _NAMESPACE)


def evaluate_primal(prim: Primitive, args: list, kwargs: list[tuple[str, Any]]):
    """Run a primitive as generated code spells it, on the given values."""
    key = (id(prim), len(args), tuple(k for k, _ in kwargs))
    if key not in _CODE:
        expr = prim.primal([ast.Name(id=f"_a{i}", ctx=ast.Load()) for i in range(len(args))],
                           [(k, ast.Name(id=f"_k_{k}", ctx=ast.Load())) for k, _ in kwargs])
        tree = ast.fix_missing_locations(ast.Expression(expr))
        _CODE[key] = (prim, compile(tree, f"<primitive {prim.name}>", "eval"))
        _with_helpers()
    if prim.spelling.path.startswith("scipy.") and "scipy" not in _NAMESPACE:   # an optional library's rule
        _NAMESPACE["scipy"] = importlib.import_module("scipy")
    local = {f"_a{i}": a for i, a in enumerate(args)}
    local.update({f"_k_{k}": v for k, v in kwargs})
    return eval(_CODE[key][1], _NAMESPACE, local)


@dataclass
class Trace:
    """What a run of the SSA decided: branch tests, loop trip counts, piecewise-constant values."""

    decisions: list = field(default_factory=list)

    def record(self, kind: str, where: Any, value: Any) -> None:
        if isinstance(value, np.ndarray):
            value = (value.shape, tuple(value.ravel().tolist()))
        elif isinstance(value, np.generic):
            value = value.item()
        self.decisions.append((kind, str(where), value))


class Interpreter:
    """Runs a lowered :class:`Function` on numbers and, optionally, sympy expressions alongside.

    Each SSA variable holds ``(number, expression)``; ``expression`` is None in a numeric-only run.
    """

    def __init__(self, fn: Function, symbolic: bool):
        self.fn = fn
        self.symbolic = symbolic
        self.env: dict[str, tuple[Any, Any]] = {}
        self.trace = Trace()
        if symbolic:
            self.sp = sympy_module()

    def run(self, numbers: list, expressions: list | None = None):
        expressions = expressions if expressions is not None else [None] * len(numbers)
        for var, n, e in zip(self.fn.params, numbers, expressions):
            self.env[var.name] = (n, e if e is not None else self.constant(n))
        readers = getattr(self.fn, "readers", {})
        for name, var in self.fn.free.items():
            parsed, path = readers.get(var.name, (self.fn.parsed, name))
            value = parsed.lookup(path)        # read now, as generated code reads it per call
            self.env[var.name] = (value, self.constant(value))
        self.block(self.fn.body)
        return self.atom(self.fn.result)

    # Values -----------------------------------------------------------------------------
    def constant(self, value):
        """A number as a sympy constant (arrays stay numeric: they mix with object arrays)."""
        if not self.symbolic:
            return None
        sp = self.sp
        if isinstance(value, (bool, np.bool_)):
            return sp.Integer(int(value))
        if isinstance(value, (int, np.integer)):
            return sp.Integer(int(value))
        if isinstance(value, (float, np.floating)):
            return sp.Float(float(value))
        if isinstance(value, np.ndarray) and value.dtype == bool:
            return value.astype(int)
        return value

    def atom(self, atom):
        if isinstance(atom, Const):
            return atom.value, self.constant(atom.value)
        return self.env[atom.name]

    # Statements -------------------------------------------------------------------------
    def block(self, stmts: list) -> None:
        for stmt in stmts:
            if isinstance(stmt, Assign):
                self.assign(stmt)
            elif isinstance(stmt, Copy):
                self.env[stmt.target.name] = self.atom(stmt.source)
            elif isinstance(stmt, If):
                test = bool(self.atom(stmt.test)[0])
                self.trace.record("if", stmt.location, test)
                self.block(stmt.body if test else stmt.orelse)
            elif isinstance(stmt, Loop):
                self.loop(stmt)
            elif isinstance(stmt, Effect) and stmt.raises:
                raise SymbolicCheckError(f"the function raises here ({stmt.location}): no derivative to check")
            elif isinstance(stmt, Effect):
                continue        # (printing, an argument handed back: nothing the output reads)
            else:  # pragma: no cover - a new kind of statement
                raise SymbolicCheckError(f"cannot interpret the SSA statement {stmt!r}")

    def loop(self, loop: Loop) -> None:
        trips = 0
        if loop.kind == "for":
            bounds = [int(self.atom(a)[0]) for a in loop.range_args]
            for i in range(*bounds):
                self.env[loop.target.name] = (i, self.constant(i))
                self.block(loop.body)
                trips += 1
                if loop.exit_flag is not None and self.atom(loop.exit_flag)[0]:
                    break
        else:
            while True:
                self.block(loop.cond_body)
                if not self.atom(loop.cond)[0]:
                    break
                self.block(loop.body)
                trips += 1
                if loop.exit_flag is not None and self.atom(loop.exit_flag)[0]:
                    break
                if trips > MAX_WHILE_ITERATIONS:
                    raise SymbolicCheckError(
                        f"a while loop ran more than {MAX_WHILE_ITERATIONS} times; not unrolled")
        self.trace.record("trips", loop.location, trips)

    def assign(self, stmt: Assign) -> None:
        pairs = [self.atom(a) for a in stmt.args]
        kw_pairs = [(k, self.atom(v)) for k, v in stmt.kwargs]
        numbers = [p[0] for p in pairs]
        kw_numbers = [(k, p[0]) for k, p in kw_pairs]
        with np.errstate(all="ignore"):
            number = evaluate_primal(stmt.prim, numbers, kw_numbers)
        prim = stmt.prim
        if not prim.differentiable:      # piecewise constant: part of the path
            self.trace.record(prim.name, stmt.location, number)
        elif prim.spelling.path == "np.where":   # which side each element takes
            self.trace.record("where", stmt.location, np.asarray(numbers[0]).astype(bool))
        elif prim.spelling.binop is ast.Mod or prim.spelling.path in ("np.remainder", "np.mod"):
            # a % b == a - b * floor(a / b): the floor is part of the path
            with np.errstate(all="ignore"):
                quotient = np.vectorize(floor_quotient, otypes=[float])(*numbers)
            self.trace.record("floor", stmt.location, quotient)
        expression = self.expression(stmt, prim, pairs, kw_pairs, number) if self.symbolic else None
        self.env[stmt.target.name] = (number, expression)

    def expression(self, stmt: Assign, prim: Primitive, pairs, kw_pairs, number):
        if not prim.differentiable:
            return self.constant(number)
        exprs = [p[1] for p in pairs]
        if prim.partials is not None:
            fn = sympy_function(prim)
            if fn is None:
                raise NoSympyCounterpartError(
                    f"{stmt.location}: the primitive `{prim.name}` has no sympy counterpart; "
                    "declare it with the primitive (`sympy=` in transpiler/primitives)")
            takes_numbers = "num" in inspect.signature(fn).parameters
            nums = [p[0] for p in pairs]
            if any(isinstance(e, np.ndarray) for e in exprs):
                if takes_numbers:
                    k = len(exprs)
                    ufunc = np.frompyfunc(lambda *z: fn(*z[:k], num=z[k:]), 2 * k, 1)
                    return ufunc(*exprs, *nums)
                return np.frompyfunc(fn, len(exprs), 1)(*exprs)
            return fn(*exprs, num=nums) if takes_numbers else fn(*exprs)
        if _structural(prim):
            # expressions where values are real numbers; indices, shapes and axes stay as they are
            objects = [n if e is None or _index_like(n) else
                       (e.astype(object) if isinstance(e, np.ndarray) else e) for n, e in pairs]
            try:
                return evaluate_primal(prim, objects, [(k, p[0]) for k, p in kw_pairs])
            except Exception as exc:
                raise SymbolicCheckError(
                    f"{stmt.location}: `{prim.name}` failed on sympy values: "
                    f"{type(exc).__name__}: {exc}") from None
        raise NoSympyCounterpartError(
            f"{stmt.location}: the primitive `{prim.name}` has no sympy counterpart; "
            "declare it with the primitive (`sympy=` in transpiler/primitives)")


def _index_like(value) -> bool:
    """Integers, slices, None and tuples of them: indices, shapes and axes, never differentiated."""
    if isinstance(value, (bool, int, np.integer, np.bool_, slice, type(None))):
        return True
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "iub"
    if isinstance(value, tuple):
        return all(_index_like(v) for v in value)
    return False


def same_path(fn: Function, args: list, path: list) -> bool:
    """Whether ``args`` take the recorded ``path`` (same branches, trip counts and
    piecewise-constant values) and give a finite value: the region the symbolic expression holds on."""
    interpreter = Interpreter(fn, symbolic=False)
    try:
        with np.errstate(all="ignore"):
            number, _ = interpreter.run(args)
    except (ArithmeticError, ValueError):
        return False
    return interpreter.trace.decisions == path and bool(np.all(np.isfinite(number)))
