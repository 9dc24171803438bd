"""The peers' gradient checks, run through transpiler: each entry of a table (peer_tables_*.py) is a
small function in the peer's spelling, the arguments it is checked at (every combination of the
listed values, as the peer's ``combo_check`` draws them), which arguments are differentiated, and the
modes and order the peer checks (autograd's ``check_grads(fun, modes=["fwd", "rev"], order=2)``).

Every (combination, argument, mode, order) is one *check*, with one outcome:

* ``pass``: transpiler's derivative agrees with central finite differences;
* ``refused``: a ``TranspileError`` (``located`` when it points at a line), or a
  ``NotImplementedError`` or ``ValueError`` that transpiler's own code raises to say what it
  does not do (unlocated);
* ``crash``: any other exception;
* ``wrong``: a number that disagrees with finite differences (the outcome that matters most);
* ``inconclusive``: finite differences with steps ``h`` and ``h/8`` disagree with each other (a
  kink or jump within a step of the point, such as two nearly equal arguments of ``np.minimum``),
  or the differences from the left and from the right do (a kink at the point itself: a tie of
  ``if a > b:``), so they decide nothing.

What is compared, for an output ``w = f(..., x, ...)`` differentiated in ``x`` along a random
direction ``v`` (complex where ``x`` is) with a random cotangent ``u``:

* fwd, order 1: ``jvp`` against ``(f(x + hv) - f(x - hv)) / 2h`` (a 4-point stencil);
* rev, order 1: ``Re(sum(pullback(u) * v))`` against the derivative of ``Re(sum(u * w))`` along
  ``v`` (docs/syntax.md: the adjoint of a real loss is ``dL/dRe - 1j dL/dIm``);
* rev, order 2: ``hvp`` of that loss (forward over reverse) along ``v``, against finite
  differences of its gradient (checked at order 1) along ``v``, as autograd checks a VJP's VJP;
* fwd, order 2: ``hessian(loss, mode="forward")`` (forward over forward), ``v H v`` against the
  same differences.
"""
from __future__ import annotations

import copy
import itertools
import linecache
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np

import transpiler
from transpiler.errors import TranspileError
from transpiler.trees import leaves

OUTCOMES = ("pass", "refused", "crash", "wrong", "inconclusive")
_STEP = 1e-4
_RTOL, _ATOL = 1e-5, 1e-6
_LOCATED = re.compile(r":\d+:\d+: ")


class Raw(str):
    """A keyword value written into the source as it is (a function name, ``"norm='ortho'"``)."""

    def __repr__(self) -> str:
        return str(self)


def raw(*texts: str) -> list[Raw]:
    return [Raw(t) for t in texts]


@dataclass
class Entry:
    """One peer test: ``expr`` (a callable, passed as the peer passes it, or the body of a function
    of ``a, b, c, ...``), the values each argument takes (every combination is checked), the
    keyword values (``{name}`` fields of ``expr``; every combination; a :class:`Raw` value is
    written as it is), the differentiated positions, the modes and the order."""

    file: str
    name: str
    expr: str | Callable[..., Any]
    args: Sequence[Sequence[Any]]
    argnums: Sequence[int] = (0,)
    grid: dict[str, Sequence[Any]] = field(default_factory=dict)
    modes: Sequence[str] = ("fwd", "rev")
    order: int = 2

    def cases(self) -> list[tuple[Callable[..., Any], tuple[Any, ...], str]]:
        """(function, arguments, label) for every combination."""
        names = [k for k in self.grid]
        out = []
        for values in itertools.product(*(self.grid[k] for k in names)):
            keywords = dict(zip(names, values))
            fun = self.expr if callable(self.expr) else _function(self, keywords)
            for args in itertools.product(*self.args):
                shapes = ",".join(_describe(a) for a in args)
                label = f"{self.name}[{shapes}{''.join(f',{k}={v!r}' for k, v in keywords.items())}]"
                out.append((fun, tuple(args), label))
        return out


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ",".join(f"{k}:{_describe(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "(" + ",".join(_describe(v) for v in value) + ")"
    if isinstance(value, np.ndarray):
        kind = "c" if np.iscomplexobj(value) else ""
        return kind + "x".join(map(str, value.shape)) if value.shape else kind + "0d"
    return repr(value)


_SERIAL = itertools.count()


def _function(entry: Entry, keywords: dict[str, Any]) -> Callable[..., Any]:
    """``def f(a, b, ...): return <expr>`` with the keywords written in, its source kept in
    linecache (as IPython keeps a cell's) so that transpiler reads it like a file's."""
    arity = len(entry.args)
    params = ", ".join("abcdefgh"[:arity])
    body = entry.expr.format(**{k: repr(v) for k, v in keywords.items()})
    text = f"def f({params}):\n    return {body}\n"
    filename = f"<peer {entry.file} {entry.name} {next(_SERIAL)}>"
    linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
    namespace = dict(NAMESPACE)
    exec(compile(text, filename, "exec"), namespace)
    return namespace["f"]


def _namespace() -> dict[str, Any]:
    import operator
    names: dict[str, Any] = {"np": np, "op": operator}
    try:
        import scipy.linalg
        import scipy.signal
        import scipy.special
        import scipy.stats
        names.update(sp=scipy, special=scipy.special, stats=scipy.stats, spla=scipy.linalg,
                     signal=scipy.signal, mvn=scipy.stats.multivariate_normal)
    except ImportError:
        pass
    return names


NAMESPACE = _namespace()


# -- one check ---------------------------------------------------------------------------------

def _flat(value: Any) -> list[np.ndarray]:
    if isinstance(value, dict):
        return [p for k in sorted(value) for p in _flat(value[k])]
    if isinstance(value, (list, tuple)):
        return [p for v in value for p in _flat(v)]
    return [np.asarray(value)]


def _same_kind(container: Any, items: list[Any]) -> Any:
    """A list, a tuple, or a named tuple of the container's own class (a ``Point(x, y)`` argument
    read as ``pt.x``; an ``EighResult`` output)."""
    if isinstance(container, list):
        return items
    return type(container)(*items) if hasattr(container, "_fields") else tuple(items)


def _direction(x: Any, rng: np.random.Generator) -> Any:
    if isinstance(x, dict):
        return {k: _direction(x[k], rng) for k in x}
    if isinstance(x, (list, tuple)):
        return _same_kind(x, [_direction(p, rng) for p in x])
    shape = np.shape(x)
    v = rng.standard_normal(shape)
    if np.iscomplexobj(x):
        v = v + 1j * rng.standard_normal(shape)
    return v if shape else (complex(v) if np.iscomplexobj(x) else float(v))


def _moved(x: Any, v: Any, t: float) -> Any:
    if isinstance(x, dict):
        return {k: _moved(x[k], v[k], t) for k in x}
    if isinstance(x, (list, tuple)):
        return _same_kind(x, [_moved(p, q, t) for p, q in zip(x, v)])
    return x + t * v


def _inner(g: Any, v: Any) -> float:
    """Re(sum(g * v)) over matching structures."""
    return float(sum(np.real(np.sum(np.asarray(p) * np.asarray(q))) for p, q in zip(_flat(g), _flat(v))))


def _with(args: tuple[Any, ...], i: int, x: Any) -> tuple[Any, ...]:
    return args[:i] + (x,) + args[i + 1:]


def _stencil(phi: Callable[[float], Any], h: float) -> Any:
    """The derivative of ``phi`` at 0 by the 4th-order central difference."""
    return (phi(-2 * h) * (1 / 12) - phi(-h) * (8 / 12) + phi(h) * (8 / 12) - phi(2 * h) * (1 / 12)) / h


def _close(a: Any, b: Any) -> bool:
    fa, fb = _flat(a), _flat(b)
    if len(fa) != len(fb):
        return False
    for p, q in zip(fa, fb):
        if np.shape(p) != np.shape(q):
            return False
        scale = max(1.0, float(np.max(np.abs(q), initial=0.0)))
        if not np.allclose(p, q, rtol=_RTOL, atol=_ATOL * scale, equal_nan=False):
            return False
    return True


def _loss_value(fun: Callable[..., Any], args: tuple[Any, ...], u: Any) -> float:
    return _inner(u, fun(*args)) if _flat(u) else 0.0


def _loss_function(fun: Callable[..., Any], args: tuple[Any, ...], i: int, u: Any) -> Callable[[Any], Any]:
    """``x -> Re(sum(u * fun(..., x, ...)))`` as a user writes it: a ``def`` calling ``fun`` with
    the other arguments as globals (its source kept in linecache, as for the entries)."""
    before, after = args[:i], args[i + 1:]
    call = ", ".join([f"B{k}" for k in range(len(before))] + ["x"] + [f"A{k}" for k in range(len(after))])
    if isinstance(u, (list, tuple, dict)):  # a container of outputs (np.split's list): a term each
        keys = sorted(u) if isinstance(u, dict) else range(len(u))
        terms = " + ".join(f"np.sum(np.real(U[{k!r}] * out[{k!r}]))" for k in keys) or "0.0"
        text = f"def loss(x):\n    out = F({call})\n    return {terms}\n"
    else:
        text = f"def loss(x):\n    return np.sum(np.real(U * F({call})))\n"
    filename = f"<peer loss {next(_SERIAL)}>"
    linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
    namespace: dict[str, Any] = {"np": np, "F": fun, "U": u}
    namespace.update({f"B{k}": b for k, b in enumerate(before)})
    namespace.update({f"A{k}": a for k, a in enumerate(after)})
    exec(compile(text, filename, "exec"), namespace)
    return namespace["loss"]


def _cotangent(out: Any, rng: np.random.Generator) -> Any:
    if isinstance(out, dict):
        return {k: _cotangent(out[k], rng) for k in out}
    if isinstance(out, (list, tuple)):
        return _same_kind(out, [_cotangent(o, rng) for o in out])
    shape = np.shape(out)
    u = rng.standard_normal(shape)
    if np.iscomplexobj(out):
        u = u + 1j * rng.standard_normal(shape)
    return u


def check(fun: Callable[..., Any], args: tuple[Any, ...], i: int, mode: str, order: int,
          seed: int = 0, alone: bool = False) -> tuple[str, str]:
    """(outcome, detail) of one check. ``alone``: the peer differentiates argument ``i`` only (the
    others are data, as ``x`` of ``gammainc(a, x)`` with respect to ``a``), so reverse mode takes
    the gradient of a function of ``x`` alone, not ``vjp``'s pullback of every argument."""
    rng = np.random.default_rng(seed)
    x = args[i]
    v = _direction(x, rng)
    try:
        out = fun(*copy.deepcopy(args))             # a copy: a function writing into its argument
    except Exception as e:                          # (Tangent's x[0] = v) leaves the point as it was
        return "crash", f"NumPy/SciPy itself: {type(e).__name__}: {e}"
    u = _cotangent(out, rng)
    h = _STEP * max(1.0, float(np.max(np.abs(_numeric(x)), initial=0.0)))
    try:
        got, phi = _derivative(fun, args, i, mode, order, v, u, alone)
        want = _stencil(phi, h)
    except TranspileError as e:
        text = e.one_line()
        return "refused", ("located: " if _LOCATED.search(text) else "unlocated: ") + text
    except (NotImplementedError, ValueError) as e:
        if _raised_by_transpiler(e):
            return "refused", f"unlocated: {type(e).__name__}: {e}"
        return "crash", f"{type(e).__name__}: {e}"
    except Exception as e:                          # noqa: BLE001 -- every other failure is a crash
        return "crash", f"{type(e).__name__}: {e}"
    if _close(got, want):
        return "pass", ""
    if not _close(_stencil(phi, h / 8), want):
        return "inconclusive", f"finite differences {_short(want)} with h, {_short(_stencil(phi, h / 8))} with h/8"
    right, left = _one_sided(phi, h), _one_sided(phi, -h)
    if not _close(right, left):
        return "inconclusive", f"one-sided differences {_short(left)} and {_short(right)}: a kink at the point"
    return "wrong", f"transpiler {_short(got)} finite differences {_short(want)}"


def _one_sided(phi: Callable[[float], Any], h: float) -> Any:
    """The derivative of ``phi`` at 0 from one side (``h < 0``: the left), to second order. Where
    the two sides disagree the point is a kink, such as a tie of ``if a > b:`` whose branches
    are both smooth: the central difference averages the two slopes, with any step alike."""
    return (phi(0.0) * (-3 / 2) + phi(h) * 2 - phi(2 * h) * (1 / 2)) / h


def _derivative(fun, args, i, mode, order, v, u, alone) -> tuple[Any, Callable[[float], Any]]:
    """transpiler's derivative and the function of a step ``t`` along ``v`` whose derivative at 0
    it should be."""
    x = args[i]
    if order == 1 and mode == "fwd":
        tangents: list[Any] = [None] * len(args)
        tangents[i] = v
        _, got = transpiler.jvp(fun, tuple(args), tangents)
        return _numeric(got), lambda t: _numeric(fun(*_with(args, i, _moved(x, v, t))))
    if order == 1 and not alone:
        _, pullback = transpiler.vjp(fun, *args)
        return _inner(pullback(u)[i], v), lambda t: _loss_value(fun, _with(args, i, _moved(x, v, t)), u)
    loss = _loss_function(fun, args, i, u)
    if order == 1:
        return _inner(transpiler.grad(loss)(x), v), lambda t: loss(_moved(x, v, t))
    if mode == "rev":
        got = _inner(transpiler.hvp(loss, x, v), v)
    else:
        got = _quadratic_form(transpiler.hessian(loss, mode="forward")(x), v)
    gradient = transpiler.grad(loss)
    return got, lambda t: _inner(gradient(_moved(x, v, t)), v)


def _quadratic_form(hessian: Any, v: Any) -> float:
    """``v H v`` for a Hessian nested in ``v``'s structure twice (a list, tuple or dict ``x``:
    block (r, j) is d²f/dx[r]dx[j]) or an array shaped ``x.shape * 2``."""
    parts = [np.ravel(p) for p in leaves(v)]
    blocks = leaves(hessian)
    n = len(parts)
    if n == 1 and len(blocks) == 1:
        blocks = [np.asarray(blocks[0])]
    total = sum(parts[r] @ np.reshape(blocks[r * n + j], (parts[r].size, parts[j].size)) @ parts[j]
                for r in range(n) for j in range(n))
    return float(np.real(total))


def _raised_by_transpiler(error: BaseException) -> bool:
    """Whether the innermost frame of ``error``'s traceback is a ``raise`` statement in transpiler's
    own code, or in code it generated (a refusal it raises on purpose): not NumPy's or SciPy's
    failure, nor one raised inside NumPy by a call transpiler's code makes (``operands could not
    be broadcast``: a crash)."""
    tb = error.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is None:
        return False
    filename = tb.tb_frame.f_code.co_filename
    ours = "/transpiler/" in filename or filename.startswith("<transpiler")
    return ours and linecache.getline(filename, tb.tb_lineno).lstrip().startswith("raise")


def _numeric(value: Any) -> np.ndarray:
    """Every element of an output (a list or tuple of arrays too) in one vector."""
    return np.concatenate([np.ravel(p) for p in _flat(value)]) if _flat(value) else np.zeros(0)


def _short(value: Any) -> str:
    return np.array2string(np.asarray(_flat(value)[0]).ravel()[:4], precision=6)


def checks_of(entry: Entry) -> list[tuple[str, Callable[..., Any], tuple[Any, ...], int, str, int, bool]]:
    """(label, function, arguments, position, mode, order, alone) for every check of ``entry``."""
    out = []
    for fun, args, label in entry.cases():
        alone = len(entry.argnums) < len(args)
        for i in entry.argnums:
            for mode in entry.modes:
                for order in range(1, entry.order + 1):
                    out.append((f"{label}:{i}:{mode}{order}", fun, args, i, mode, order, alone))
    return out
