"""``check_grad``: transpiler's reverse-mode gradient against central finite differences.

Each element of each differentiated argument is perturbed on its own, with a step scaled to the
element's magnitude (``h = eps**(1/3) * max(1, |x|)`` for the 3-point stencil,
``eps**(1/5) * max(1, |x|)`` for the 5-point one), rounded so that ``x + h`` is exactly
representable. Every element is differentiated twice, with ``h`` and ``2h``: the spread between the
two estimates bounds how far finite differences themselves can be trusted there (truncation and
rounding error, or a kink or jump within a step of the point). An element whose gradient
disagrees with finite differences is a *mismatch* only when the disagreement is well beyond that
spread; otherwise it is *inconclusive*. The report is ``ok`` only if every element agrees.

Nothing is raised on a mismatch (assert ``report.ok``); errors from the compiler
(:class:`~transpiler.errors.TranspileError`) propagate unchanged.
"""
from __future__ import annotations

import copy
import functools
import inspect
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence, cast

import numpy as np

from .. import api, trees

EPS = np.finfo(float).eps

# Coefficients (offset in steps, weight) of the central stencils, divided by h.
_STENCILS = {
    2: ((1, 0.5), (-1, -0.5)),
    4: ((2, -1 / 12), (1, 8 / 12), (-1, -8 / 12), (-2, 1 / 12)),
}
_STEP_POWER = {2: 1 / 3, 4: 1 / 5}
# How many units in the last place a computed value of f may be off (the rounding floor of the
# spread: see numeric_gradient).
_ROUNDING_ULPS = 8
# A disagreement counts as a mismatch when it exceeds the finite-difference spread this many times.
_RELIABILITY = 4.0


@dataclass
class Element:
    """One element of one gradient: where it is and how the two derivatives compare."""

    argument: str
    index: tuple[int, ...]
    analytic: float
    numeric: float
    abs_error: float
    rel_error: float
    spread: float        # how far the finite difference itself may be off (see numeric_gradient)
    status: str          # "ok", "mismatch" or "inconclusive"

    def location(self) -> str:
        return self.argument + (f"[{', '.join(map(str, self.index))}]" if self.index else "")

    def __str__(self) -> str:
        return (f"{self.location()}: transpiler {self.analytic:.12g}, finite differences "
                f"{self.numeric:.12g} (relative error {self.rel_error:.3g}, abs {self.abs_error:.3g}, "
                f"finite-difference spread {self.spread:.3g})")


@dataclass
class ArgumentResult:
    """The comparison for one differentiated argument."""

    name: str
    position: int
    shape: tuple[int, ...]
    analytic: Any                 # what transpiler.grad returned for this argument
    numeric: np.ndarray           # finite differences, shaped like the argument
    spread: np.ndarray
    status: str                   # "ok", "mismatch", "inconclusive" or "shape"
    worst: Element | None = None  # the element furthest outside tolerance (or least inside)
    mismatches: int = 0
    inconclusive: int = 0
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass
class GradCheckReport:
    """What :func:`check_grad` found. ``bool(report)`` is ``report.ok``."""

    function: str
    wrt: tuple[str, ...]
    value: float
    arguments: list[ArgumentResult]
    rtol: float
    atol: float
    stencil: int
    worst: Element | None = None
    mutated: tuple[str, ...] = ()   # arguments the generated gradient modified (it must not)
    ok: bool = field(init=False)
    status: str = field(init=False)

    def __post_init__(self) -> None:
        statuses = {a.status for a in self.arguments}
        if self.mutated:
            self.status = "mismatch"
        elif statuses <= {"ok"}:
            self.status = "ok"
        elif statuses & {"mismatch", "shape"}:
            self.status = "mismatch"
        else:
            self.status = "inconclusive"
        self.ok = self.status == "ok"

    def __bool__(self) -> bool:
        return self.ok

    def __getitem__(self, name_or_position: str | int) -> ArgumentResult:
        for a in self.arguments:
            if name_or_position in (a.name, a.position):
                return a
        raise KeyError(name_or_position)

    def __str__(self) -> str:
        lines = [f"check_grad {self.function} with respect to {', '.join(self.wrt)}: "
                 + {"ok": "OK", "mismatch": "MISMATCH",
                    "inconclusive": "INCONCLUSIVE"}[self.status]]
        lines.append(f"  value {self.value:.12g}; tolerance |analytic - numeric| <= "
                     f"{self.atol:g} + {self.rtol:g} * max(|analytic|, |numeric|); "
                     f"{self.stencil + 1 if self.stencil == 2 else 5}-point central differences")
        for a in self.arguments:
            size = int(np.prod(a.shape)) if a.shape else 1
            shape = f"shape {a.shape}" if a.shape else "scalar"
            if a.status == "shape":
                lines.append(f"  {a.name} ({shape}): {a.note}")
                continue
            verdict = {"ok": "agrees", "mismatch": f"{a.mismatches} of {size} element(s) disagree",
                       "inconclusive": f"{a.inconclusive} of {size} element(s) inconclusive"}[a.status]
            lines.append(f"  {a.name} ({shape}): {verdict}")
            if a.worst is not None:
                lines.append(f"    worst {a.worst}")
        if self.mutated:
            lines.append(f"  transpiler's gradient modified the caller's argument(s) {', '.join(self.mutated)}")
        if self.worst is not None and not self.ok:
            lines.append(f"  worst element overall: {self.worst.location()}")
        if self.status == "inconclusive":
            lines.append("  finite differences are unreliable there (a kink, branch or jump within a step "
                         "of the point, or rounding noise): try another point")
        return "\n".join(lines)


def check_grad(f: Callable[..., Any], *args: Any, wrt: api.Wrt = 0, rtol: float = 1e-6, atol: float = 1e-8,
               stencil: int = 2) -> GradCheckReport:
    """Compare ``transpiler.grad(f, wrt)(*args)`` with central finite differences.

    ``wrt`` is an index, a parameter name, or a tuple of them, as for :func:`transpiler.grad`.
    ``stencil`` is 2 (3-point, error O(h²)) or 4 (5-point, O(h⁴)). Returns a
    :class:`GradCheckReport`; raises nothing on a mismatch.
    """
    if stencil not in _STENCILS:
        raise ValueError(f"stencil must be 2 or 4, got {stencil!r}")
    func, every_argument, names = api.bound_arguments(f, args)
    args = tuple(every_argument)
    indices, _ = api.normalize_wrt(wrt, names)
    if func is not f and not inspect.ismethod(f) and api.library_function(f) is func:
        f = func                  # np.tanh, statistics.pvariance: the def standing for it, by its parameters

    snapshot = fresh_copies(args)
    analytic = api.call_packed(api.grad(f, wrt=tuple(indices)), args, like=f)   # TranspileError propagates as is
    mutated = tuple(names[i] for i, (a, b) in enumerate(zip(args, snapshot))
                    if isinstance(a, np.ndarray) and not np.array_equal(a, b, equal_nan=True))
    args = tuple(snapshot)                                # the function itself may update arrays
    value = _scalar(api.call_packed(f, fresh_copies(args)))
    packed, f = f, lambda *values: api.call_packed(packed, values)   # (one value per parameter: *args a tuple)

    results = []
    for i, g in zip(indices, analytic):
        if _is_tree(args[i]):
            results += _compare_tree(f, args, i, names[i], g, stencil, rtol, atol)
        else:
            results.append(_compare_argument(f, args, i, names[i], g, stencil, rtol, atol))
    worst = _worst([r.worst for r in results if r.worst is not None], rtol, atol)
    return GradCheckReport(function=_name_of(func),
                           wrt=tuple(names[i] for i in indices), value=value, arguments=results,
                           rtol=rtol, atol=atol, stencil=stencil, worst=worst, mutated=mutated)


def _compare_argument(f: Callable[..., Any], args: Sequence[Any], i: int, name: str, g: Any, stencil: int,
                      rtol: float, atol: float) -> ArgumentResult:
    """The gradient ``g`` of ``f`` with respect to the array or number ``args[i]`` against
    central differences."""
    numeric, spread = numeric_gradient(f, args, i, stencil=stencil, with_spread=True)
    result = compare_gradient(name, i, args[i], g, numeric, spread, rtol, atol)
    if result.status == "mismatch":
        # A function that changes faster than the step resolves (jumps of np.mod within
        # it, slopes of 1e6) can agree with itself at h and 2h and still be far off: where
        # steps 16, 256 or 4096 times smaller give other estimates, the difference is unreliable.
        for scale in (1 / 16, 1 / 256, 1 / 4096):
            finer = numeric_gradient(f, args, i, stencil=stencil, step_scale=scale)
            with np.errstate(invalid="ignore"):
                spread = np.fmax(spread, np.abs(finer - numeric))
        result = compare_gradient(name, i, args[i], g, numeric, spread, rtol, atol)
    return result


def _is_tree(arg: Any) -> bool:
    """A container of arrays (a dict, a dataclass, a list of arrays, nested): checked leaf by leaf.
    A flat list or tuple of numbers is checked as the vector it is."""
    if not trees.is_container(arg):
        return False
    return trees.is_record(arg) or isinstance(arg, dict) or any(
        trees.is_container(v) or np.ndim(v) for v in arg)


def _compare_tree(f: Callable[..., Any], args: Sequence[Any], i: int, name: str, g: Any, stencil: int,
                  rtol: float, atol: float) -> list[ArgumentResult]:
    """The gradient ``g`` with respect to the container ``args[i]``: finite differences in its
    raveled floats (``transpiler.ravel``), reported per leaf (``params['W']``, ``layers[0].b``)."""
    arg = args[i]
    flat, unravel = trees.ravel(arg)
    g_flat: np.ndarray | None
    try:
        g_leaves = trees.leaves_like(g, arg)
        g_flat = np.concatenate([np.ravel(np.asarray(leaf, dtype=float)) for leaf in g_leaves]) \
            if g_leaves else np.zeros(0)
    except (TypeError, ValueError, KeyError, AttributeError) as error:
        return [ArgumentResult(name, i, np.shape(flat), g, np.zeros(flat.shape), np.zeros(flat.shape),
                               status="shape", note=f"transpiler returned a gradient not shaped like the "
                                                    f"argument ({error})")]
    if np.shape(g_flat) != flat.shape:
        g_flat = None        # (a leaf of the wrong shape: the per-leaf comparison says which)
    on_flat = lambda *values: f(*values[:i], unravel(values[i]), *values[i + 1:])  # noqa: E731
    flat_args = (*args[:i], flat, *args[i + 1:])
    whole = _compare_argument(on_flat, flat_args, i, name, g_flat, stencil, rtol, atol)
    results, start = [], 0
    for path, leaf, g_leaf in zip(trees.leaf_paths(arg), trees.leaves(arg), g_leaves):
        shape, end = np.shape(leaf), start + int(np.size(leaf))
        results.append(compare_gradient(name + path, i, leaf, g_leaf, whole.numeric[start:end].reshape(shape),
                                        whole.spread[start:end].reshape(shape), rtol, atol))
        start = end
    return results


def fresh_copies(args: Sequence[Any]) -> list[Any]:
    """Copies of the array arguments: a function that updates an array in place (``x += 1``)
    must see the same inputs at every evaluation, and the caller's arrays must stay as they are.
    A random generator argument (``np.random.Generator``, ``RandomState``) is copied too, so that
    every evaluation draws the same sample (each draw would otherwise advance the caller's)."""
    return [a.copy() if isinstance(a, np.ndarray)
            else copy.deepcopy(a) if isinstance(a, (list, dict, np.random.Generator, np.random.RandomState))
            else a for a in args]


def numeric_gradient(f: Callable[..., Any], args: Sequence[Any], index: int, stencil: int = 2,
                     with_spread: bool = False, step_scale: float = 1.0) -> Any:
    """Central finite differences of scalar ``f`` with respect to ``args[index]``.

    With ``with_spread``, also returns per element an estimate of how far the finite difference
    itself can be off: the larger of ``|D(h) - D(2h)|`` (truncation and rounding error, or a jump
    within a step), the rounding floor ``8 eps max|f| / h`` (f's values are only known to a few
    units in the last place) and a kink detector, ``|c(2h) - 4 c(h)| / 2h`` with
    ``c(s) = f(x + s) - 2 f(x) + f(x - s)`` (for a smooth function ``c(s) ≈ s² f''``, so the two
    agree; a kink within a step breaks that, even where both central differences agree with each
    other). The caller's arrays are never modified.
    """
    x0 = args[index]
    base = np.array(x0, dtype=float)          # a copy, so the caller's array is never touched
    grads = np.zeros(base.shape)
    spread = np.zeros(base.shape)
    work = list(args)

    def evaluate(point: np.ndarray) -> float:
        work[index] = _like(x0, point)
        try:
            with np.errstate(all="ignore"):
                return _scalar(f(*fresh_copies(work)))
        except (ArithmeticError, ValueError):
            return np.nan                      # outside the domain: this estimate is unusable

    center = evaluate(base)
    for idx in np.ndindex(base.shape):
        x = cast(float, base[idx])             # (a np.float64)
        h = EPS ** _STEP_POWER[stencil] * max(1.0, abs(x)) * step_scale
        h = (x + h) - x                        # exactly representable step
        values: dict[int, float] = {0: center}

        def at(k: int) -> float:               # f at x + k * h, each point evaluated once
            if k not in values:
                point = base.copy()
                point[idx] = x + k * h
                values[k] = evaluate(point)
            return values[k]

        estimates = [sum(weight * at(offset * m) for offset, weight in _STENCILS[stencil]) / (m * h)
                     for m in (1, 2)]
        with np.errstate(all="ignore"):
            curvature = [at(m) - 2 * center + at(-m) for m in (1, 2)]
            kink = abs(curvature[1] - 4 * curvature[0]) / (2 * h)
        # f's own rounding: a value of size |f| is known to a few ulps, so no difference
        # quotient resolves a slope below ~ eps |f| / h (a value of 1e14 hides slopes below 1e3)
        with np.errstate(all="ignore"):
            rounding = _ROUNDING_ULPS * EPS * max(abs(v) for v in values.values()) / h
        grads[idx] = estimates[0]
        spread[idx] = max(abs(estimates[0] - estimates[1]), kink, rounding)
    if with_spread:
        return grads, spread
    return grads


def _like(original: Any, point: np.ndarray) -> Any:
    """``point`` in the same kind of container as the original argument."""
    if isinstance(original, np.ndarray):
        return point.astype(np.result_type(original.dtype, float), copy=True)
    if isinstance(original, np.generic):
        return np.float64(point)
    if isinstance(original, list):
        return point.tolist()
    if isinstance(original, tuple):
        return tuple(point.tolist())
    return float(point)


def _scalar(value: Any) -> float:
    if np.ndim(value) != 0:
        raise ValueError(f"the function returned a value of shape {np.shape(value)}; a scalar is needed")
    return float(np.real(value))


def compare_gradient(name: str, position: int, arg: Any, g: Any, numeric: np.ndarray, spread: np.ndarray,
                     rtol: float, atol: float) -> ArgumentResult:
    shape = np.shape(arg)
    if g is None or np.shape(g) != shape:
        return ArgumentResult(name, position, shape, g, numeric, spread, status="shape",
                              note=f"transpiler returned a gradient of shape {np.shape(g)} "
                                   f"for an argument of shape {shape}")
    try:
        analytic = np.array(g, dtype=float)
    except (TypeError, ValueError):
        return ArgumentResult(name, position, shape, g, numeric, spread, status="shape",
                              note=f"transpiler returned a non-numeric gradient {g!r}")
    elements = []
    for idx in np.ndindex(shape):
        a, n, s = float(analytic[idx]), float(numeric[idx]), float(spread[idx])
        diff = abs(a - n)
        scale = max(abs(a), abs(n))
        rel = 0.0 if diff == 0 else (diff / scale if scale > 0 else np.inf)
        if diff <= atol + rtol * scale:
            status = "ok"
        elif not np.isfinite(a) and np.isfinite(n) and s <= atol + rtol * abs(n):
            status = "mismatch"
        elif np.isfinite(n) and np.isfinite(s) and diff > _RELIABILITY * s:
            status = "mismatch"
        else:
            status = "inconclusive"
        if np.isnan(diff):
            diff = rel = np.inf
        elements.append(Element(name, tuple(idx), a, n, diff, rel, s, status))
    mismatches = sum(e.status == "mismatch" for e in elements)
    inconclusive = sum(e.status == "inconclusive" for e in elements)
    status = "mismatch" if mismatches else "inconclusive" if inconclusive else "ok"
    return ArgumentResult(name, position, shape, g, numeric, spread, status=status,
                          worst=_worst(elements, rtol, atol), mismatches=mismatches,
                          inconclusive=inconclusive)


def _worst(elements: list[Element], rtol: float, atol: float) -> Element | None:
    """Mismatches first, then inconclusive elements, then the largest error relative to tolerance."""
    if not elements:
        return None
    rank = {"mismatch": 2, "inconclusive": 1, "ok": 0}

    def key(e: Element) -> tuple[int, float]:
        tol = atol + rtol * max(abs(e.analytic), abs(e.numeric))
        return rank[e.status], (e.abs_error / tol if tol > 0 else np.inf)

    return max(elements, key=key)


def _name_of(func: Any) -> str:
    """How a report names the function: its qualified name (a partial's function's)."""
    inner = getattr(func, "func", func) if isinstance(func, functools.partial) else func
    return str(getattr(inner, "__qualname__", None) or getattr(inner, "__name__", None) or repr(func))

