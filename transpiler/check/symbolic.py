"""``check_symbolic``: transpiler's gradient against sympy, by interpreting the function's SSA.

The SSA (:func:`transpiler.driver.pipeline.lowered`) is run twice at once, numerically and on sympy
symbols (:mod:`transpiler.check.interpreter`): the numeric run fixes the *path* (branches, loop
counts, piecewise-constant values), the symbolic run gives one closed-form expression valid on
it. sympy differentiates that expression and the result is compared with
:func:`transpiler.grad` at the point and at random perturbations of it, each perturbation kept
only if it follows the same path (re-checked numerically). The expression is anchored on the
real function (its value, and finite differences at the point), since it comes from the
compiler's own lowering.

sympy only verifies: nothing it computes is ever returned by the compiler.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from .. import api
from ..driver import pipeline
from .finite_differences import compare_gradient, fresh_copies, numeric_gradient
from .interpreter import (Interpreter, NoSympyCounterpartError, SymbolicCheckError,
                          evaluate_primal, same_path, sympy_function, sympy_module)

# the interpreter's names stay importable from here, where they lived before the split
__all__ = ["NoSympyCounterpartError", "SymbolicCheckError", "SymbolicPoint", "SymbolicReport",
           "check_symbolic", "evaluate_primal", "sympy_function"]


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


def check_symbolic(f: Callable[..., Any], *args: Any, wrt: api.Wrt | None = None, points: int = 3,
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
    sp = sympy_module()
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
        if not same_path(fn, trial, path):
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


def _is_float(value: Any) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return False
    if isinstance(value, (float, np.floating)):
        return True
    return isinstance(value, np.ndarray) and np.issubdtype(value.dtype, np.floating)


def _symbols(sp: Any, name: str, value: Any) -> Any:
    if isinstance(value, np.ndarray):
        out = np.empty(value.shape, dtype=object)
        for idx in np.ndindex(value.shape):
            label = f"{name}[{', '.join(map(str, idx))}]" if idx else name
            out[idx] = sp.Symbol(label, real=True)
        return out
    return sp.Symbol(name, real=True)


def _as_scalar(sp: Any, expression: Any) -> Any:
    if isinstance(expression, np.ndarray):
        expression = expression.reshape(()).item() if expression.size == 1 else expression
    return sp.sympify(expression)


def _substitution(sp: Any, symbols: dict[int, Any], args: list[Any]) -> dict[Any, Any]:
    subs = {}
    for i, sym in symbols.items():
        if isinstance(sym, np.ndarray):
            for idx in np.ndindex(sym.shape):
                subs[sym[idx]] = sp.Float(float(args[i][idx]), 30)
        else:
            subs[sym] = sp.Float(float(args[i]), 30)
    return subs


def _evaluate(sp: Any, expression: Any, symbols: dict[int, Any], args: list[Any]) -> float:
    result = sp.sympify(expression).xreplace(_substitution(sp, symbols, args)).evalf(30)
    try:
        return float(result)
    except TypeError:
        try:
            value = complex(result)
        except TypeError:
            raise SymbolicCheckError(f"sympy could not evaluate {_short(result)} to a number") from None
        return value.real if value.imag == 0 else np.nan


def _compare_at(sp: Any, f: Callable[..., Any], args: list[Any], indices: list[int], names: list[str],
                symbols: dict[int, Any], derivatives: dict[tuple[int, tuple[int, ...]], Any], rtol: float,
                atol: float, perturbed: bool) -> SymbolicPoint:
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


def _anchor(sp: Any, func: Callable[..., Any], point: SymbolicPoint, args: list[Any], indices: list[int],
            names: list[str], symbols: dict[int, Any], expression: Any, finite_differences: bool = False) -> None:
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


def _close(a: float, b: float, rtol: float, atol: float) -> bool:
    if a == b:
        return True
    return abs(a - b) <= atol + rtol * max(abs(a), abs(b))


def _fmt(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return np.array2string(value, precision=12)
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.15g}"
    return repr(value)


def _short(expression: Any, limit: int = 300) -> str:
    text = str(expression)
    return text if len(text) <= limit else text[:limit] + f" ... ({len(text)} characters)"
