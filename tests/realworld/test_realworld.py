"""The real-world corpus (issue 15): programs ported from public sources with their authors' style
kept, each module's ``CASES`` checked against central finite differences.

Every program is ``tests/realworld/<name>.py``; its first line names the source. A case is a dict:

* ``function``: the objective (the author's function, or a thin wrapper selecting one output);
* ``args``: a callable returning fresh, deterministic arguments (called again for every
  evaluation, so a ``RandomState`` argument restarts its stream each time);
* ``wrt``: the positions differentiated (default ``(0,)``);
* ``seed``: for programs that draw from ``np.random``'s global stream, the seed set before every
  evaluation (the gradient, the value and each finite difference see the same sample);
* ``streams``: ``(RandomState, seed)`` pairs, for programs that draw from a ``RandomState`` of
  their own module inside the objective: each reseeded so, before every evaluation;
* ``jvp``: whether forward mode is checked too (default True);
* ``kind``: ``"grad"`` (scalar objective; default) or ``"jacobian"`` (array output);
* ``reference``: where the author wrote the derivative by hand (``rosen_der``, a ``jac``), that
  function: it checks the finite differences themselves.

Cases refused today are strict xfails (``realworld_status.py``), restricted to the
``TranspileError`` subclass they raise and to the recorded message: a wrong number is an
``AssertionError`` and fails, a refusal of another construct fails (regenerate the list), and a
case that starts to pass turns XPASS (red) so its entry is removed.
"""
from __future__ import annotations

import builtins
import contextlib
import dataclasses
import functools
import importlib.util
import inspect
import re
import sys
from pathlib import Path

import numpy as np
import pytest

import transpiler
from transpiler import errors
from transpiler.ir import verifier
from transpiler.trees import leaves

HERE = Path(__file__).resolve().parent
PROGRAMS = sorted(p for p in HERE.glob("*.py") if not p.name.startswith(("test_", "_")))

from realworld_bugs import BUGS  # noqa: E402  (tests/realworld is on sys.path under pytest)
from realworld_status import STATUS  # noqa: E402


def load(path: Path):
    name = f"realworld_{path.stem}"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def all_cases():
    for path in PROGRAMS:
        if path.stem.startswith("realworld_"):
            continue
        for case in load(path).CASES:
            yield f"{path.stem}.{case['name']}", case


CASES = dict(all_cases())


def params(check: str):
    """pytest parameters for one check (grad, value_and_grad, jvp), with today's xfails."""
    out = []
    for case_id, case in CASES.items():
        if check == "jvp" and not case.get("jvp", True):
            continue
        if check != "jvp" and case.get("kind", "grad") != "grad" and check == "value_and_grad":
            continue
        marks = []
        expected = STATUS.get((case_id, check)) or BUGS.get((case_id, check))
        if expected is not None:
            error, reason = expected
            raises = getattr(errors, error, None) or getattr(verifier, error, None) or getattr(builtins, error)
            marks.append(pytest.mark.xfail(strict=True, raises=raises, reason=reason))
        out.append(pytest.param(case_id, id=case_id, marks=marks))
    return out


# ---------------------------------------------------------------- refusals as recorded

LOCATION = re.compile(r"^\S+:\d+:\d+: ")
CALL_CHAIN = re.compile(r" \(in `[^`]*`, called at [^)]*\)")


def reason(error: Exception) -> str:
    """An error's message without its file location and call chain, and the line it points at."""
    lines = str(error).splitlines()
    first = CALL_CHAIN.sub("", LOCATION.sub("", lines[0]))
    where = CALL_CHAIN.sub("", lines[1].strip()) if len(lines) > 1 else ""   # (a statement quoted over two lines)
    return f"{type(error).__name__}: {first}" + (f" — `{where}`" if where else "")


@contextlib.contextmanager
def as_recorded(case_id, check):
    """A case refused today must be refused for the recorded reason: once the construct is
    supported, the next one it meets is a new entry (regenerate realworld_status.py)."""
    try:
        yield
    except errors.TranspileError as error:
        recorded = STATUS.get((case_id, check))
        if recorded is not None and reason(error) != recorded[1]:
            pytest.fail(f"{case_id} [{check}] is now refused for another reason:\n  {reason(error)}\n"
                        f"recorded:\n  {recorded[1]}\nregenerate with tests/realworld/_status_report.py --write")
        raise


# ---------------------------------------------------------------- evaluation with a fixed sample

def reseed(case):
    """Restart numpy's global stream where the program draws from it."""
    if case.get("seed") is not None:
        np.random.seed(case["seed"])
    for stream, seed in case.get("streams", ()):
        stream.seed(seed)


def evaluate(case, function, args):
    reseed(case)
    with np.errstate(all="ignore"):
        return function(*args)


def wrt_of(case):
    return tuple(case.get("wrt", (0,)))


def perturbed(leaf) -> bool:
    """A leaf the checks perturb (a dataclass's ``name: str`` field is not)."""
    return not isinstance(leaf, (str, bytes))


def rebuild(like, values, tangent=False):
    """``values`` (one per numeric leaf) in the structure of ``like``; NamedTuples and dataclasses
    keep their type, other leaves (strings) their value, or None in a ``tangent``."""
    remaining = iter(values)

    def fill(node):
        if isinstance(node, tuple) and hasattr(node, "_fields"):
            return type(node)(*[fill(n) for n in node])
        if dataclasses.is_dataclass(node) and not isinstance(node, type):
            return dataclasses.replace(node, **{f.name: fill(getattr(node, f.name)) for f in dataclasses.fields(node)})
        if not perturbed(node):
            return None if tangent else node
        if isinstance(node, (list, tuple)):
            return type(node)(fill(n) for n in node)
        if isinstance(node, dict):
            return {k: fill(n) for k, n in node.items()}
        return next(remaining)

    return fill(like)


def flat(args, wrt):
    """The differentiated arguments' leaves as one float vector, and a way back."""
    parts = [np.asarray(leaf, dtype=float) for i in wrt for leaf in leaves(args[i]) if perturbed(leaf)]
    sizes = [p.size for p in parts]
    vector = np.concatenate([p.ravel() for p in parts]) if parts else np.zeros(0)

    def place(v, tangent=False):
        new = list(args)
        k = 0
        offset = 0
        for i in wrt:
            replaced = []
            for leaf in filter(perturbed, leaves(args[i])):
                size = sizes[k]
                chunk = v[offset:offset + size]
                if np.ndim(leaf):
                    replaced.append(chunk.reshape(np.shape(leaf)).astype(np.result_type(leaf, float)))
                else:
                    replaced.append(float(chunk[0]))
                offset += size
                k += 1
            new[i] = rebuild(args[i], replaced, tangent)
        return new

    return vector, place


def flatten_result(result, args, wrt):
    """A gradient (one per wrt, each shaped like its argument) as one float vector."""
    parts = result if len(wrt) > 1 else (result,)
    return np.concatenate([np.ravel(np.asarray(leaf, dtype=float)) for part, i in zip(parts, wrt)
                           for leaf, like in zip(leaves_of(part, args[i]), leaves(args[i])) if perturbed(like)])


def by_argument(f, g, wrt):
    """For a function taking only ``*args`` (``nll = lambda *args: ...``), ``wrt=0`` is that one
    parameter, whose gradient has one entry per value passed (docs/syntax.md): the case's
    positions, which count the values passed, pick from it."""
    params = list(inspect.signature(f).parameters.values())
    if len(params) == 1 and params[0].kind is params[0].VAR_POSITIONAL:
        picked = tuple(g[i] for i in wrt)
        return picked if len(wrt) > 1 else picked[0]
    return g


def leaves_of(part, like):
    from transpiler.trees import leaves_like
    return leaves_like(part, like)


@functools.lru_cache(maxsize=None)
def numeric(case_id):
    """Central differences of the case's objective: (value, gradient or Jacobian as
    (outputs, inputs))."""
    case = CASES[case_id]
    f, wrt = case["function"], wrt_of(case)
    x0, place = flat(case["args"](), wrt)
    value = np.asarray(evaluate(case, f, case["args"]()), dtype=float)
    columns = []
    for j in range(x0.size):
        h = 1e-6 * max(1.0, abs(x0[j]))
        up, down = x0.copy(), x0.copy()
        up[j] += h
        down[j] -= h
        fp = np.asarray(evaluate(case, f, place_fresh(case, place, up)), dtype=float)
        fm = np.asarray(evaluate(case, f, place_fresh(case, place, down)), dtype=float)
        columns.append(((fp - fm) / (2 * h)).ravel())
    return value, np.stack(columns, axis=-1)


def place_fresh(case, place, vector):
    """Fresh arguments (a new RandomState, say) with the differentiated leaves replaced."""
    fresh = case["args"]()
    _, place_in_fresh = flat(fresh, wrt_of(case))
    return place_in_fresh(vector)


def assert_close(analytic, numeric_value, what):
    scale = max(1.0, float(np.max(np.abs(numeric_value))) if np.size(numeric_value) else 1.0)
    np.testing.assert_allclose(analytic, numeric_value, rtol=1e-4, atol=1e-6 * scale, err_msg=what)


# ---------------------------------------------------------------- the checks

@pytest.mark.parametrize("case_id", params("grad"))
def test_grad_matches_finite_differences(case_id):
    case = CASES[case_id]
    f, wrt = case["function"], wrt_of(case)
    args = case["args"]()
    reseed(case)
    if case.get("kind", "grad") == "jacobian":
        with as_recorded(case_id, "grad"):
            jac = transpiler.jacobian(f, wrt=wrt if len(wrt) > 1 else wrt[0])(*args)
        _, fd = numeric(case_id)
        parts = jac if len(wrt) > 1 else (jac,)     # one Jacobian per position: its columns side by side
        columns = np.hstack([np.reshape(np.asarray(part, dtype=float), (fd.shape[0], -1)) for part in parts])
        assert_close(columns, fd, f"{case_id}: jacobian")
        return
    with as_recorded(case_id, "grad"):
        g = by_argument(f, transpiler.grad(f, wrt=wrt if len(wrt) > 1 else wrt[0])(*args), wrt)
    _, fd = numeric(case_id)
    assert_close(flatten_result(g, args, wrt), fd.ravel(), f"{case_id}: grad")


@pytest.mark.parametrize("case_id", params("value_and_grad"))
def test_value_and_grad_is_the_value_and_gradient_of_one_sample(case_id):
    case = CASES[case_id]
    f, wrt = case["function"], wrt_of(case)
    args = case["args"]()
    reseed(case)
    with as_recorded(case_id, "value_and_grad"):
        v, g = transpiler.value_and_grad(f, wrt=wrt if len(wrt) > 1 else wrt[0])(*args)
    g = by_argument(f, g, wrt)
    value, fd = numeric(case_id)
    assert_close(np.asarray(v, dtype=float), value, f"{case_id}: value")
    assert_close(flatten_result(g, args, wrt), fd.ravel(), f"{case_id}: gradient")


@pytest.mark.parametrize("case_id", params("jvp"))
def test_jvp_matches_a_directional_finite_difference(case_id):
    case = CASES[case_id]
    f, wrt = case["function"], wrt_of(case)
    args = case["args"]()
    x0, place = flat(args, wrt)
    direction = np.random.RandomState(7).randn(x0.size)
    shaped = place(direction, tangent=True)
    tangents = [shaped[i] if i in wrt else None for i in range(len(args))]
    reseed(case)
    with as_recorded(case_id, "jvp"):
        out, tangent = transpiler.jvp(f, args, tangents)
    value, fd = numeric(case_id)
    assert_close(np.asarray(out, dtype=float), value, f"{case_id}: jvp primal")
    assert_close(np.ravel(np.asarray(tangent, dtype=float)), fd @ direction, f"{case_id}: jvp tangent")


@pytest.mark.parametrize("case_id", [c for c, case in CASES.items() if "reference" in case])
def test_finite_differences_agree_with_the_authors_own_derivative(case_id):
    """The yardstick checked against the programs' hand-written gradients and Jacobians."""
    case = CASES[case_id]
    _, fd = numeric(case_id)
    reference = np.asarray(case["reference"](*case["args"]()), dtype=float)
    assert_close(np.reshape(reference, fd.shape) if case.get("kind") == "jacobian" else reference.ravel(),
                 fd if case.get("kind") == "jacobian" else fd.ravel(), f"{case_id}: finite differences")
