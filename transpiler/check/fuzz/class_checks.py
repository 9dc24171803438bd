"""Checking a program of a class (:mod:`.classes`): :func:`run_case`.

The gradient with respect to the program's ``wrt`` against central finite differences of the
*real* function (directional ones for large arrays), its dtype for float32, ``value_and_grad``'s
value against the function's, forward mode (``jvp``) where asked, the Hessian against finite
differences of the (already checked) gradient, and after a helper is redefined, a fresh
gradient against the new function.

Refusals: a class whose construct the compiler may legitimately refuse (a write through a view it
cannot model, a size-1 output, what numba's nopython mode cannot compile) is *refused*, not
failed, when the compiler raises a
:class:`~transpiler.errors.TranspileError` that points into the program's file and gives a hint.
Any other exception, an unlocated error, or a refusal in a class that must be supported is a
crash; a wrong number is a mismatch.
"""
from __future__ import annotations

import traceback
from pathlib import Path
from typing import Callable

import numpy as np

from ... import api
from ...errors import OutputShapeError, OutputTypeError, TranspileError
from ..finite_differences import compare_gradient, fresh_copies, numeric_gradient
from .known_bugs import known_bug
from .outcome import ATOL, RTOL, Outcome
from .program import Program, load_module
from .timing import TIME_LIMIT, TimeLimitExceeded, time_limit

FLOAT32_RTOL = 2e-3        # float32 gradients against float64 finite differences
LARGE = 64                 # arguments above this many elements are checked along directions


class _Failure(Exception):
    """A check failed: ``status`` is "mismatch" or "forward"; the message says how."""

    def __init__(self, status: str, message: str):
        super().__init__(message)
        self.status = status


def _flat(value) -> np.ndarray:
    """The float64 numbers of a number, array, list/tuple or dict of them, in order."""
    if isinstance(value, (list, tuple)):
        return np.concatenate([_flat(v) for v in value]) if value else np.zeros(0)
    if isinstance(value, dict):
        return _flat(list(value.values()))
    return np.ravel(np.asarray(value, dtype=float))


def _unflat(vector: np.ndarray, like):
    """``vector`` in the structure (and float kinds) of ``like``."""
    def build(like, at):
        if isinstance(like, (list, tuple)):
            parts = []
            for v in like:
                part, at = build(v, at)
                parts.append(part)
            return type(like)(parts), at
        if isinstance(like, dict):
            parts, at = build(list(like.values()), at)
            return dict(zip(like, parts)), at
        n = int(np.size(like))
        chunk = vector[at:at + n]
        if isinstance(like, np.ndarray):
            return chunk.reshape(like.shape).astype(np.float64), at + n
        return float(chunk[0]), at + n
    return build(like, 0)[0]


def _same_structure(g, like) -> bool:
    if isinstance(like, (list, tuple)):
        return isinstance(g, (list, tuple)) and len(g) == len(like) and all(
            _same_structure(a, b) for a, b in zip(g, like))
    if isinstance(like, dict):
        return isinstance(g, dict) and set(g) == set(like) and all(
            _same_structure(g[k], v) for k, v in like.items())
    return not isinstance(g, (list, tuple, dict)) and np.shape(g) == np.shape(like)


def _scalar_value(value, size1: bool) -> float:
    if size1 and np.size(value) == 1:
        value = np.reshape(value, ())
    if np.ndim(value) != 0:
        raise ValueError(f"value {value!r} is not a scalar")
    return float(value)


def _wide(args: list) -> list:
    """The arguments in float64 (finite differences of a float32 program run in float64)."""
    return [a.astype(np.float64) if isinstance(a, np.ndarray) and a.dtype == np.float32
            else float(a) if isinstance(a, np.float32) else a for a in args]


class Case:
    """One program with its arguments: the checks of run_case."""

    def __init__(self, program: Program, f: Callable, args: list):
        self.program, self.f, self.args = program, f, args
        check = program.check
        self.kwargs = dict(check.get("kwargs", {}))
        self.names = list(program.params)
        wrt = check.get("wrt", tuple(range(len(args))))
        self.wrt = wrt
        self.indices = api.normalize_wrt(wrt, self.names + list(self.kwargs))[0]
        self.backend = check.get("backend", "numpy")
        self.size1 = check.get("size1", False)
        self.float32 = check.get("float32", False)
        self.rtol = FLOAT32_RTOL if self.float32 else RTOL

    def call(self, f: Callable, args: list) -> float:
        with np.errstate(all="ignore"):
            return _scalar_value(f(*fresh_copies(args), **self.kwargs), self.size1)

    def gradients(self, f: Callable, backend: str | None = None) -> tuple:
        g = api.grad(f, wrt=self.wrt, backend=backend or self.backend)(*fresh_copies(self.args), **self.kwargs)
        return g if isinstance(self.wrt, tuple) else (g,)

    def compare(self, f: Callable, gradients: tuple, label: str = "gradient") -> str:
        """Each gradient against finite differences of ``f``: "ok", "inconclusive" or raises."""
        statuses = []
        base = _wide(self.args)
        for i, g in zip(self.indices, gradients):
            like = base[i]
            name = self.names[i]
            if not _same_structure(g, like):
                raise _Failure("mismatch", f"{label} for {name} has the structure {_describe(g)}, "
                                           f"the argument {_describe(like)}")
            if self.float32 and (isinstance(self.args[i], np.float32) or isinstance(self.args[i], np.ndarray)
                                 and self.args[i].dtype == np.float32):
                # (a float32 argument's: a float64 one beside it has a float64 gradient)
                value_dtype = np.result_type(f(*fresh_copies(self.args), **self.kwargs))
                if value_dtype == np.float32 and np.result_type(g) != np.float32:
                    raise _Failure("mismatch", f"{label} for float32 {name} is {np.result_type(g)} "
                                               f"though the function computes in float32")
            statuses.append(self._compare_one(f, base, i, name, _flat(g), label))
        return "inconclusive" if "inconclusive" in statuses else "ok"

    def _compare_one(self, f, base, i, name, analytic, label) -> str:
        vector = _flat(base[i])

        def along(x):
            work = list(base)
            work[i] = _unflat(x, base[i])
            return self.call(f, work)

        atol = ATOL if not self.float32 else 1e-4 * (1.0 + float(np.max(np.abs(analytic), initial=0)))
        if vector.size > LARGE:           # directional derivatives: a few directions, not n
            rng = np.random.default_rng([abs(self.program.seed), 11])
            directions = rng.standard_normal((3, vector.size))
            numeric, spread = [], []
            for d in directions:
                def line(t, d=d):
                    return along(vector + float(t[0]) * d)
                n, s = numeric_gradient(line, [np.zeros(1)], 0, with_spread=True)
                numeric.append(n[0])
                spread.append(s[0])
            analytic = directions @ analytic
            vector = np.zeros(3)
            numeric, spread = np.array(numeric), np.array(spread)
            name = f"{name} along 3 random directions"
        else:
            numeric, spread = numeric_gradient(along, [vector], 0, with_spread=True)
        result = compare_gradient(name, i, vector, analytic, numeric, spread, self.rtol, atol)
        if result.status in ("mismatch", "shape"):
            raise _Failure("mismatch", f"{label}: {result.worst or result.note}")
        return result.status


def _describe(value) -> str:
    if isinstance(value, (list, tuple)):
        return f"{type(value).__name__} of {len(value)}"
    if isinstance(value, dict):
        return f"dict with keys {sorted(value)}"
    return f"shape {np.shape(value)}"


def _check_value(case: Case, f: Callable) -> None:
    """value_and_grad's value is the function's own (a stale helper gives the old one)."""
    value, _ = api.value_and_grad(f, wrt=case.wrt)(*fresh_copies(case.args), **case.kwargs)
    expected = case.call(f, case.args)
    rtol = 1e-5 if case.float32 else 1e-9        # (float32: another order of the same sums rounds)
    if not abs(_scalar_value(value, case.size1) - expected) <= rtol * max(1.0, abs(expected)):
        raise _Failure("mismatch", f"value_and_grad's value {value!r} differs from f's value {expected!r}")


def _check_forward(case: Case, f: Callable, gradients: tuple) -> None:
    """jvp along a random direction against the gradient (already checked) dotted with it."""
    if case.kwargs:
        return                                    # jvp takes primals by position only
    rng = np.random.default_rng([abs(case.program.seed), 7])
    tangents: list = [None] * len(case.args)
    expected = scale = 0.0
    for i, g in zip(case.indices, gradients):
        d = rng.standard_normal(_flat(case.args[i]).size)
        tangents[i] = _unflat(d, case.args[i])
        term = _flat(g) * d
        expected += float(np.sum(term))
        scale += float(np.sum(np.abs(term)))
    try:
        with np.errstate(all="ignore"):
            value, tangent = api.jvp(f, fresh_copies(case.args), tangents)
    except TranspileError:
        raise                                    # judged as every other compiler error
    except Exception as exc:
        raise _Failure("forward", f"forward mode crashed: {type(exc).__name__}: {exc}") from None
    if np.size(tangent) != 1 or not abs(float(np.ravel(tangent)[0]) - expected) <= \
            ATOL + case.rtol * max(scale, abs(expected)):
        raise _Failure("forward", f"forward mode: jvp gives {tangent!r}, but grad · direction = {expected!r}")
    expected_value = case.call(f, case.args)
    rtol = 1e-5 if case.float32 else 1e-9        # (as _check_value's)
    if not abs(_scalar_value(value, case.size1) - expected_value) <= rtol * max(1.0, abs(expected_value)):
        raise _Failure("forward", f"forward mode: jvp's value {value!r} differs from f's value {expected_value!r}")


def _check_stream(case: Case, f: Callable) -> None:
    """After ``value_and_grad`` (and ``jvp``), a generator argument has advanced exactly as far as
    one call of ``f`` moves it: the next draw is the same."""
    primal = fresh_copies(case.args)
    with np.errstate(all="ignore"):
        f(*primal, **case.kwargs)
    expected = [v.random() if _is_generator(v) else None for v in primal]
    tangents = [None if _is_generator(v) else _unflat(np.zeros(_flat(v).size), v) for v in case.args]
    runs = {"value_and_grad": lambda a: api.value_and_grad(f, wrt=case.wrt)(*a, **case.kwargs)}
    if not case.kwargs:
        runs["jvp"] = lambda a: api.jvp(f, a, tangents)
    for label, run in runs.items():
        work = fresh_copies(case.args)
        with np.errstate(all="ignore"):
            run(work)
        for name, after, draw in zip(case.names, work, expected):
            if _is_generator(after) and after.random() != draw:
                raise _Failure("mismatch", f"after {label}, the generator {name} is not where one call "
                                           f"of the function leaves it")


def _is_generator(value) -> bool:
    return isinstance(value, (np.random.Generator, np.random.RandomState))


def _check_hessian(case: Case, f: Callable) -> str:
    """The Hessian of each array or number parameter against central differences of the
    gradient (itself checked against finite differences); hvp against H @ v for the first."""
    status = "ok"
    for i in case.indices:
        x = case.args[i]
        if not isinstance(x, (float, np.ndarray)):
            continue
        with np.errstate(all="ignore"):
            h = np.asarray(api.hessian(f, wrt=i)(*fresh_copies(case.args)), dtype=float)
        inner = api.grad(f, wrt=i)

        def gradient_along(vec, i=i, x=x):
            work = fresh_copies(case.args)
            work[i] = vec.reshape(np.shape(x)) if isinstance(x, np.ndarray) else float(vec[0])
            with np.errstate(all="ignore"):
                return np.ravel(np.asarray(inner(*work), dtype=float))

        flat = _flat(x)
        n = flat.size
        numeric = np.zeros((n, n))
        spread = np.zeros((n, n))
        for j in range(n):
            step = 1e-5 * max(1.0, abs(flat[j]))
            e = np.zeros(n)
            e[j] = step
            d1 = (gradient_along(flat + e) - gradient_along(flat - e)) / (2 * step)
            d2 = (gradient_along(flat + 2 * e) - gradient_along(flat - 2 * e)) / (4 * step)
            numeric[:, j], spread[:, j] = d1, np.abs(d1 - d2)
        result = compare_gradient(f"hessian[{case.names[i]}]", i, numeric, h.reshape(n, n), numeric,
                                  spread, 1e-4, 1e-6)
        if result.status in ("mismatch", "shape"):
            raise _Failure("mismatch", f"hessian: {result.worst or result.note}")
        if result.status == "inconclusive":
            status = "inconclusive"
        if i == 0 and isinstance(x, np.ndarray):
            v = np.random.default_rng([abs(case.program.seed), 13]).standard_normal(x.shape)
            with np.errstate(all="ignore"):
                hv = np.ravel(np.asarray(api.hvp(f, fresh_copies(case.args)[0], v,
                                                 *fresh_copies(case.args)[1:]), dtype=float))
            want = h.reshape(n, n) @ np.ravel(v)
            if not np.allclose(hv, want, rtol=1e-6, atol=1e-8 * (1 + np.max(np.abs(want)))):
                raise _Failure("mismatch", f"hvp gives {hv!r}, H @ v = {want!r}")
    return status


def _accepted_refusal(exc: TranspileError, program: Program) -> bool:
    """A refusal that points at the program's own file and says what to write instead (for a
    size-1 output, also the clean OutputShapeError with its hint, which has no source line)."""
    if not exc.hint:
        return False
    if program.check.get("size1") and isinstance(exc, OutputShapeError):
        return True
    if program.check.get("backend") == "numba" and str(exc).startswith("numba cannot compile"):
        return True    # the documented limit of numba's nopython mode (containers, axis reductions)
    if program.check.get("runtime_refusals") and "has no derivative with respect to" in str(exc):
        return True    # a library function's argument without a derivative (gammaincc's a)
    loc = exc.location
    return bool(loc and Path(loc.filename).name.startswith(f"fuzz_{program.seed}"))


def _check_once(program: Program, module, directory, args: list, forward: bool) -> str:
    f = getattr(module, program.name)
    case = Case(program, f, args)
    check = program.check
    gradients = case.gradients(f)
    status = case.compare(f, gradients)
    if check.get("value") or check.get("redefine"):
        _check_value(case, f)
    if check.get("forward") or forward:
        _check_forward(case, f, gradients)
    if check.get("rng_stream"):
        _check_stream(case, f)
    if check.get("order") == 2 and status == "ok":
        status = _check_hessian(case, f)
    if check.get("redefine"):
        again = load_module(check["redefine"], directory, f"fuzz_{program.seed}_again")
        old = module.g
        module.g = again.g                       # the notebook cell that defines g is run again
        try:
            fresh = case.gradients(f)
            status = max(status, case.compare(f, fresh, "after redefining g, a fresh gradient"),
                         key=("ok", "inconclusive").index)
            _check_value(case, f)
        finally:
            module.g = old
    return status


def _crash(program: Program, args: list, exc: Exception) -> Outcome:
    """A crash, or a "known" outcome when its message is that of a bug in KNOWN_BUGS."""
    error = f"{type(exc).__name__}: {exc}\n" + traceback.format_exc(limit=-4)
    known = known_bug(error)
    return Outcome(program.seed, "known" if known else "crash", program, args, error=error,
                        known=known or "")


def run_case(program: Program, directory, attempts: int = 3, forward: bool = False) -> Outcome:
    """Check a program of a class (see the module docstring): ok, refused, mismatch, forward,
    crash, inconclusive or invalid."""
    try:
        module = load_module(program.source, directory, f"fuzz_{program.seed}")
        getattr(module, program.name)
    except Exception:
        return Outcome(program.seed, "invalid", program, error=traceback.format_exc(limit=2))
    size1 = program.check.get("size1", False)
    kwargs = program.check.get("kwargs", {})
    last = Outcome(program.seed, "inconclusive", program)
    for attempt in range(attempts):
        args = program.inputs(attempt)
        try:
            with np.errstate(all="ignore"):
                returned = getattr(module, program.name)(*fresh_copies(args), **kwargs)
                value = _scalar_value(returned, size1)
            if not np.isfinite(value):
                raise ValueError(f"value {value!r} is not finite")
        except Exception:
            return Outcome(program.seed, "invalid", program, args, error=traceback.format_exc(limit=3))
        try:
            with time_limit(TIME_LIMIT):
                status = _check_once(program, module, directory, args, forward)
        except _Failure as failure:
            return Outcome(program.seed, failure.status, program, args, error=str(failure))
        except TranspileError as exc:
            if program.check.get("refusable") and _accepted_refusal(exc, program):
                return Outcome(program.seed, "refused", program, args, error=exc.one_line())
            if isinstance(exc, OutputTypeError) and isinstance(returned, (int, np.integer)):
                # (the path taken returns an integer, `max(2, m)` picking the 2: no derivative,
                # refused by design, as run.py's DAG programs)
                return Outcome(program.seed, "refused", program, args, error=exc.one_line())
            return _crash(program, args, exc)
        except NotImplementedError as exc:
            if program.check.get("runtime_refusals") and str(exc).startswith("the derivative of"):
                # (a refusal docs/syntax.md documents, raised when the derivative runs: qr of a
                # wide matrix, eig with complex eigenvalues)
                return Outcome(program.seed, "refused", program, args, error=f"NotImplementedError: {exc}")
            return _crash(program, args, exc)
        except TimeLimitExceeded:
            return Outcome(program.seed, "crash", program, args,
                           error=f"Timeout: the checks took over {TIME_LIMIT:g} s")
        except Exception as exc:
            return _crash(program, args, exc)
        if status == "ok":
            return Outcome(program.seed, "ok", program, args)
        last = Outcome(program.seed, "inconclusive", program, args)
    return last
