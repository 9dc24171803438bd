"""``check_symbolic``: transpiler's gradient against sympy, by interpreting the function's SSA.

The SSA (:func:`transpiler.driver.pipeline.lowered`) is run twice at once: numerically, with the very
primitives the function calls, and on sympy symbols. The numeric run decides everything that is
not a smooth function of the inputs — which branch an ``if`` takes, how often a loop runs, the
value of a comparison, ``floor`` or ``int`` — so the symbolic run yields one closed-form expression,
valid on the region of inputs that take the same *path*. sympy differentiates that expression and
the result is compared with :func:`transpiler.grad` at the point and at random perturbations of
it, each perturbation kept only if it follows the same path (re-checked numerically).

sympy only verifies: nothing it computes is ever returned by the compiler.

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
import inspect
import math
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from .. import api
from ..driver import pipeline
from ..primitives.arithmetic import floor_quotient
from ..ir.nodes import Assign, Const, Copy, Function, If, Loop
from ..primitives.registry import ON_OBJECT_ARRAYS, Primitive
from .finite_differences import compare_gradient, fresh_copies, numeric_gradient

MAX_WHILE_ITERATIONS = 100_000


class SymbolicCheckError(Exception):
    """The function cannot be checked symbolically (not an error in the function itself)."""


class NoSympyCounterpartError(SymbolicCheckError):
    """An SSA primitive declares no sympy counterpart (``Primitive.sympy``)."""


# --------------------------------------------------------------------------- sympy
def _sympy():
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
    return functools.partial(prim.sympy, _sympy())


def _structural(prim: Primitive) -> bool:
    """Only moves, selects or linearly combines values: runs on object arrays of expressions."""
    return prim.sympy == ON_OBJECT_ARRAYS


# --------------------------------------------------------------------------- the interpreter
def _namespace() -> dict:
    from ..primitives.runtime import HELPERS  # primitives spelled as runtime helpers (stop_gradient ...)

    return {**HELPERS, "np": np, "math": math, "__builtins__": builtins}


_NAMESPACE = _namespace()
_CODE: dict = {}


def evaluate_primal(prim: Primitive, args: list, kwargs: list[tuple[str, Any]]):
    """Run a primitive as generated code spells it, on the given values."""
    key = (id(prim), len(args), tuple(k for k, _ in kwargs))
    if key not in _CODE:
        expr = prim.primal([ast.Name(id=f"_a{i}", ctx=ast.Load()) for i in range(len(args))],
                           [(k, ast.Name(id=f"_k_{k}", ctx=ast.Load())) for k, _ in kwargs])
        tree = ast.fix_missing_locations(ast.Expression(expr))
        _CODE[key] = (prim, compile(tree, f"<primitive {prim.name}>", "eval"))
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
            self.sp = _sympy()

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
            f"{stmt.location}: the primitive `{prim.name}` has no sympy counterpart in "
            "transpiler.check.symbolic")


def _index_like(value) -> bool:
    """Integers, slices, None and tuples of them: indices, shapes and axes, never differentiated."""
    if isinstance(value, (bool, int, np.integer, np.bool_, slice, type(None))):
        return True
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "iub"
    if isinstance(value, tuple):
        return all(_index_like(v) for v in value)
    return False


# --------------------------------------------------------------------------- the check
@dataclass
class SymbolicPoint:
    """One point where the symbolic and the generated gradient were compared."""

    args: dict[str, Any]
    analytic: dict[str, Any]      # transpiler.grad, per differentiated argument
    symbolic: dict[str, Any]      # sympy.diff evaluated at the point
    max_rel_error: float
    ok: bool
    perturbed: bool
    anchor: str = ""              # how the real function disagrees with sympy here ("" if it agrees)

    def __str__(self) -> str:
        where = ", ".join(f"{k}={_fmt(v)}" for k, v in self.args.items())
        mark = "ok" if self.ok else "MISMATCH"
        parts = [f"  at {where}: {mark} (max relative error {self.max_rel_error:.3g})"]
        if self.anchor:
            parts.append(f"    {self.anchor}")
        if not self.ok:
            for name in self.analytic:
                parts.append(f"    d/d{name}: transpiler {_fmt(self.analytic[name])}, "
                             f"sympy {_fmt(self.symbolic[name])}")
        return "\n".join(parts)


@dataclass
class SymbolicReport:
    """What :func:`check_symbolic` found. ``bool(report)`` is ``report.ok``."""

    function: str
    wrt: tuple[str, ...]
    expression: Any               # the function on the checked path, as a sympy expression
    derivatives: dict[str, Any]   # sympy derivative per differentiated scalar argument / element
    points: list[SymbolicPoint]
    skipped: int                  # perturbations dropped: another path, or outside the domain
    rtol: float
    atol: float
    ok: bool = field(init=False)

    def __post_init__(self) -> None:
        self.ok = bool(self.points) and all(p.ok for p in self.points)

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        head = "OK" if self.ok else "MISMATCH"
        lines = [f"check_symbolic {self.function} with respect to {', '.join(self.wrt)}: {head}",
                 f"  on this path f = {_short(self.expression)}"]
        for name, d in self.derivatives.items():
            lines.append(f"  d/d{name} = {_short(d)}")
        lines.extend(str(p) for p in self.points)
        if self.skipped:
            lines.append(f"  {self.skipped} perturbation(s) skipped (another branch or loop count, "
                         "or outside the domain)")
        return "\n".join(lines)


def check_symbolic(f: Callable, *args, wrt: api.Wrt | None = None, points: int = 3,
                   rtol: float = 1e-9, atol: float = 1e-12, seed: int = 0,
                   scale: float = 1e-2) -> SymbolicReport:
    """Compare ``transpiler.grad(f, wrt)`` with sympy's derivative of ``f``'s SSA, and anchor
    that SSA on ``f`` itself.

    ``f`` must return a scalar. ``wrt`` is as for :func:`transpiler.grad` (default: every
    parameter whose value is a float or a float array). The gradient is compared at ``args`` and
    at ``points`` random perturbations of it (relative size ``scale``, drawn from ``seed``) that
    take the same branches and loop counts. Errors from the compiler propagate unchanged;
    :class:`NoSympyCounterpartError` names a primitive sympy cannot express.

    The sympy expression comes from the compiler's own lowering, so agreeing with it alone would
    not catch a lowering that computes another function (an aliased ``+=``, a view written
    through). It is therefore anchored on the real Python function: at every point the value of
    ``f`` itself must equal the sympy value, and at the given point the sympy derivative must
    agree with central finite differences of ``f`` itself (beyond their own error estimate); a
    disagreement makes that point a mismatch.
    """
    sp = _sympy()
    func, args, names = api.bound_arguments(f, args)
    if wrt is None:
        indices = [i for i, a in enumerate(args) if _is_float(a)]
        if not indices:
            raise ValueError("no float argument to differentiate with respect to; pass wrt=")
    else:
        indices = list(api.normalize_wrt(wrt, names)[0])
    for i in indices:
        args[i] = np.array(args[i], dtype=float) if isinstance(args[i], np.ndarray) else float(args[i])

    fn = pipeline.lowered(func)
    symbols = {i: _symbols(sp, names[i], args[i]) for i in indices}
    interpreter = Interpreter(fn, symbolic=True)
    with np.errstate(all="ignore"):
        number, expression = interpreter.run(args, [symbols.get(i) for i in range(len(args))])
    path = interpreter.trace.decisions
    if np.ndim(number) != 0:
        raise ValueError(f"{fn.name} returned a value of shape {np.shape(number)}; "
                         "check_symbolic needs a scalar output")
    expression = _as_scalar(sp, expression)

    # the interpreter must reproduce the function's value, or nothing it says can be trusted
    value = _evaluate(sp, expression, symbols, args)
    if not _close(value, float(number), 1e-9, 1e-12):
        raise SymbolicCheckError(
            f"the symbolic run of {fn.name} evaluates to {value!r} but the numeric run to {number!r}")

    derivatives = {}   # (argument index, element index) -> sympy derivative
    for i in indices:
        for idx in np.ndindex(np.shape(args[i])):
            derivatives[(i, idx)] = sp.diff(expression, symbols[i][idx] if idx else symbols[i])

    rng = np.random.default_rng(seed)
    checked: list[SymbolicPoint] = [_compare_at(sp, f, args, indices, names, symbols, derivatives,
                                                rtol, atol, perturbed=False)]
    _anchor(sp, func, checked[0], args, indices, names, symbols, expression, finite_differences=True)
    skipped = 0
    attempts = 0
    while len(checked) < points + 1 and attempts < 20 * (points + 1):
        attempts += 1
        trial = list(args)
        for i in indices:
            x = np.asarray(args[i], dtype=float)
            step = scale * np.maximum(1.0, np.abs(x)) * rng.standard_normal(x.shape)
            trial[i] = (x + step) if isinstance(args[i], np.ndarray) else float(x + step)
        if not _same_path(fn, trial, path):
            skipped += 1
            continue
        checked.append(_compare_at(sp, f, trial, indices, names, symbols, derivatives,
                                   rtol, atol, perturbed=True))
        _anchor(sp, func, checked[-1], trial, indices, names, symbols, expression)
    shown = {}
    for (i, idx), d in derivatives.items():
        shown[names[i] + (f"[{', '.join(map(str, idx))}]" if idx else "")] = d
    return SymbolicReport(function=getattr(func, "__qualname__", fn.name),
                          wrt=tuple(names[i] for i in indices), expression=expression,
                          derivatives=shown, points=checked, skipped=skipped, rtol=rtol, atol=atol)


def _is_float(value) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return False
    if isinstance(value, (float, np.floating)):
        return True
    return isinstance(value, np.ndarray) and np.issubdtype(value.dtype, np.floating)


def _symbols(sp, name: str, value):
    if isinstance(value, np.ndarray):
        out = np.empty(value.shape, dtype=object)
        for idx in np.ndindex(value.shape):
            label = f"{name}[{', '.join(map(str, idx))}]" if idx else name
            out[idx] = sp.Symbol(label, real=True)
        return out
    return sp.Symbol(name, real=True)


def _as_scalar(sp, expression):
    if isinstance(expression, np.ndarray):
        expression = expression.reshape(()).item() if expression.size == 1 else expression
    return sp.sympify(expression)


def _substitution(sp, symbols: dict, args: list) -> dict:
    subs = {}
    for i, sym in symbols.items():
        if isinstance(sym, np.ndarray):
            for idx in np.ndindex(sym.shape):
                subs[sym[idx]] = sp.Float(float(args[i][idx]), 30)
        else:
            subs[sym] = sp.Float(float(args[i]), 30)
    return subs


def _evaluate(sp, expression, symbols: dict, args: list) -> float:
    result = sp.sympify(expression).xreplace(_substitution(sp, symbols, args)).evalf(30)
    try:
        return float(result)
    except TypeError:
        try:
            value = complex(result)
        except TypeError:
            raise SymbolicCheckError(f"sympy could not evaluate {_short(result)} to a number") from None
        return value.real if value.imag == 0 else np.nan


def _compare_at(sp, f, args, indices, names, symbols, derivatives, rtol, atol, perturbed):
    got = api.grad(f, wrt=tuple(indices))(*args)
    analytic, symbolic, worst, ok = {}, {}, 0.0, True
    for i, g in zip(indices, got):
        expected = np.zeros(np.shape(args[i]))
        for idx in np.ndindex(expected.shape):
            expected[idx] = _evaluate(sp, derivatives[(i, idx)], symbols, args)
        if np.shape(g) != expected.shape:
            ok = False
            worst = np.inf
        else:
            a = np.asarray(g, dtype=float)
            diff = np.abs(a - expected)
            scale = np.maximum(np.abs(a), np.abs(expected))
            close = (diff <= atol + rtol * scale) | ((a == expected) & np.isfinite(a))
            ok = ok and bool(np.all(close))
            with np.errstate(all="ignore"):
                rel = np.where(diff == 0, 0.0, diff / np.where(scale > 0, scale, 1.0))
            worst = max(worst, float(np.max(np.nan_to_num(rel, nan=np.inf), initial=0.0)))
        analytic[names[i]] = g
        symbolic[names[i]] = expected if expected.shape else float(expected)
    shown = {names[i]: args[i] for i in range(len(args))}
    return SymbolicPoint(shown, analytic, symbolic, worst, ok, perturbed)


def _anchor(sp, func, point: SymbolicPoint, args, indices, names, symbols, expression,
            finite_differences: bool = False) -> None:
    """Compare the sympy expression (from the compiler's lowering) with the real function at
    ``point``: its value, and (with ``finite_differences``) its derivative against central
    differences of the real function. A disagreement marks the point a mismatch."""
    with np.errstate(all="ignore"):
        real = func(*fresh_copies(args))
    symbolic_value = _evaluate(sp, expression, symbols, args)
    if np.ndim(real) != 0 or not _close(symbolic_value, float(real), 1e-9, 1e-12):
        point.anchor = (f"the function itself gives {_fmt(real)}, but the compiler's lowering "
                        f"(which sympy differentiates) gives {_fmt(symbolic_value)}: a lowering bug")
        point.ok = False
        return
    if not finite_differences:
        return
    for i in indices:
        numeric, spread = numeric_gradient(func, args, i, with_spread=True)
        result = compare_gradient(names[i], i, args[i], point.symbolic[names[i]], numeric, spread,
                                  rtol=1e-6, atol=1e-8)
        if result.status == "mismatch":
            point.anchor = (f"sympy's derivative of the lowering disagrees with finite differences "
                            f"of the function itself: {result.worst}")
            point.ok = False
            return


def _same_path(fn: Function, args: list, path: list) -> bool:
    interpreter = Interpreter(fn, symbolic=False)
    try:
        with np.errstate(all="ignore"):
            number, _ = interpreter.run(args)
    except (ArithmeticError, ValueError):
        return False
    return interpreter.trace.decisions == path and bool(np.all(np.isfinite(number)))


def _close(a: float, b: float, rtol: float, atol: float) -> bool:
    if a == b:
        return True
    return abs(a - b) <= atol + rtol * max(abs(a), abs(b))


def _fmt(value) -> str:
    if isinstance(value, np.ndarray):
        return np.array2string(value, precision=12)
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.15g}"
    return repr(value)


def _short(expression, limit: int = 300) -> str:
    text = str(expression)
    return text if len(text) <= limit else text[:limit] + f" ... ({len(text)} characters)"
