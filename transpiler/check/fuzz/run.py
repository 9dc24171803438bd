"""Checking one fuzz program: :func:`run_program` checks a DAG program's gradient (every
parameter) against finite differences with :func:`~transpiler.check.check_grad`, retrying an
*inconclusive* comparison (a kink, branch or jump within a finite-difference step) on fresh
inputs drawn from the same seed; with ``forward``, :func:`check_forward_mode` compares
``transpiler.jvp`` with that gradient, and with ``cross``, :func:`cross_check` compares it with
autograd's. A program of a class is checked by :func:`~.class_checks.run_case`.
"""
from __future__ import annotations

import os
import traceback
import warnings
from typing import Callable

import numpy as np

from ... import api
from ...errors import OutputTypeError
from ..finite_differences import check_grad
from .class_checks import run_case
from .known_bugs import known_bug
from .outcome import ATOL, RTOL, Outcome
from .program import Program, load
from .timing import TIME_LIMIT, TimeLimitExceeded, time_limit


def check_forward_mode(f: Callable, args: list, gradients: list, seed: int) -> str | None:
    """HOOK for forward mode: ``transpiler.jvp`` along a random direction against the reverse
    gradient (already checked against finite differences), ``J v == grad · v``.

    Returns a message on a mismatch or crash, None when it agrees. Off unless asked for
    (``run_program(forward=True)``, ``--forward``).
    """
    rng = np.random.default_rng([abs(seed), 7])
    directions = [rng.standard_normal(np.shape(a)) if np.ndim(a) else float(rng.standard_normal())
                  for a in args]
    try:
        with np.errstate(all="ignore"):
            value, tangent = api.jvp(f, [a.copy() if isinstance(a, np.ndarray) else a for a in args],
                                     directions)
    except Exception as exc:
        return f"forward mode crashed: {type(exc).__name__}: {exc}"
    terms = [np.asarray(g, dtype=float) * v for g, v in zip(gradients, directions)]
    expected = float(sum(np.sum(t) for t in terms))
    scale = float(sum(np.sum(np.abs(t)) for t in terms))
    with np.errstate(all="ignore"):
        expected_value = f(*[a.copy() if isinstance(a, np.ndarray) else a for a in args])
    if np.ndim(tangent) != 0 or not abs(float(tangent) - expected) <= ATOL + RTOL * max(scale, abs(expected)):
        return (f"forward mode: jvp along {directions!r} gives {tangent!r}, "
                f"but grad · direction = {expected!r}")
    if not abs(float(value) - float(expected_value)) <= 1e-9 * max(1.0, abs(float(expected_value))):
        return f"forward mode: jvp's value {value!r} differs from f's value {expected_value!r}"
    return None


CROSS_RTOL, CROSS_ATOL = 1e-7, 1e-10


def cross_check(program: Program, args: list, gradients: list) -> str | None:
    """Optional differential test: the gradient against autograd's (when autograd imports; it
    is never a dependency). The program runs with ``np`` bound to ``autograd.numpy``; a program
    autograd cannot run (``math`` on its boxes, in-place updates) is skipped. Returns a message
    when the two disagree, else None."""
    try:
        import autograd
    except ImportError:
        return None
    namespace: dict = {}
    source = program.source.replace("import numpy as np", "import autograd.numpy as np", 1)
    try:
        exec(compile(source, f"<autograd: fuzz seed {program.seed}>", "exec"), namespace)
        f = namespace[program.name]
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")      # "Output seems independent of input"
            theirs = [autograd.grad(f, i)(*[a.copy() if isinstance(a, np.ndarray) else a for a in args])
                      for i in range(len(args))]
    except Exception:
        return None                              # autograd cannot run this program
    for name, ours, other in zip(program.params, gradients, theirs):
        other = np.asarray(other, dtype=float)
        if not np.all(np.isfinite(other)):
            return None
        if np.shape(ours) != np.shape(other) or not np.allclose(ours, other, rtol=CROSS_RTOL,
                                                                 atol=CROSS_ATOL):
            return f"autograd disagrees on d/d{name}: transpiler {ours!r}, autograd {other!r}"
    return None


def run_program(program: Program, directory: str | os.PathLike, attempts: int = 3,
                rtol: float = RTOL, atol: float = ATOL, forward: bool = False,
                cross: bool = False) -> Outcome:
    """Check one program's gradient (every parameter) against finite differences (and, with
    ``forward``, its forward-mode derivative against that gradient; with ``cross``, the
    gradient of a DAG program against autograd's, where autograd imports and runs it)."""
    if program.cls:
        return run_case(program, directory, attempts, forward)
    try:
        with time_limit(TIME_LIMIT):
            return _run_dag_program(program, directory, attempts, rtol, atol, forward, cross)
    except TimeLimitExceeded:     # a compiler that loops for ever fails the program, not the sweep
        return Outcome(program.seed, "crash", program, error=f"Timeout: the checks took over {TIME_LIMIT:g} s")


def _run_dag_program(program: Program, directory, attempts: int, rtol: float, atol: float,
                     forward: bool, cross: bool) -> Outcome:
    try:
        f = load(program, directory)
    except Exception:
        return Outcome(program.seed, "invalid", program, error=traceback.format_exc(limit=2))
    wrt = tuple(range(len(program.params)))
    last = Outcome(program.seed, "inconclusive", program)
    for attempt in range(attempts):
        args = program.inputs(attempt)
        try:
            with np.errstate(all="ignore"):
                value = f(*args)
            if np.ndim(value) != 0 or not np.isfinite(value):
                raise ValueError(f"value {value!r} is not a finite scalar")
        except Exception:
            return Outcome(program.seed, "invalid", program, args, error=traceback.format_exc(limit=3))
        try:
            with np.errstate(all="ignore"):
                report = check_grad(f, *args, wrt=wrt, rtol=rtol, atol=atol)
        except OutputTypeError as exc:
            if not isinstance(value, (int, np.integer)):
                return _crash_outcome(program, args, exc)
            # (a program whose value is an integer, `return -3`: no derivative, refused by design)
            return Outcome(program.seed, "refused", program, args, error=exc.one_line())
        except Exception as exc:
            return _crash_outcome(program, args, exc)
        if report.status == "mismatch":
            return Outcome(program.seed, "mismatch", program, args, report)
        if report.ok:
            message = check_forward_mode(f, args, [a.analytic for a in report.arguments],
                                         program.seed) if forward else None
            if message:
                known = known_bug(message)
                return Outcome(program.seed, "known" if known else "forward", program, args, report,
                               error=message, known=known or "")
            message = cross_check(program, args, [a.analytic for a in report.arguments]) if cross else None
            if message:
                return Outcome(program.seed, "cross", program, args, report, error=message)
            return Outcome(program.seed, "ok", program, args, report)
        last = Outcome(program.seed, "inconclusive", program, args, report)
    return last


def _crash_outcome(program: Program, args, exc: Exception) -> Outcome:
    """A crash of the checks (or a known bug's), with its traceback."""
    error = f"{type(exc).__name__}: {exc}\n" + traceback.format_exc(limit=-4)
    known = known_bug(error)
    return Outcome(program.seed, "known" if known else "crash", program, args, error=error, known=known or "")
