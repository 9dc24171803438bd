"""Program classes of Python idioms from issue 15 that the other classes do not draw: a seeded
``np.random.Generator`` passed in as an argument, dict parameters iterated, ``sorted``/``max``/
``min`` with ``key=``, starred unpacking with ``*args`` helpers, records (dataclasses and
NamedTuples made in the function) with a ``raise`` in a branch not taken, and functions as
values (a helper passed to a helper, lambdas assigned and passed on, closures, comprehensions
inside ``sum``).

A generator argument is drawn fresh from a fixed seed for the program (``("rng", seed)``) and
copied for every evaluation (:func:`~transpiler.check.finite_differences.fresh_copies`), so the
gradient is compared with finite differences of the same sample; ``rng_stream`` also checks that
after ``value_and_grad`` and ``jvp`` the generator has advanced exactly as far as one call of the
function moves it.
"""
from __future__ import annotations

from .class_maker import Maker, class_program, module_source
from .program import Program


def random_generator_argument(m: Maker, seed: int) -> Program:
    """``def f(x0, x1, rng)``: draws from the Generator passed in (also in a loop, through a
    helper given the generator, as a mask), used as constants of the derivative."""
    n = m.pick(2, 3, 5)
    draw = m.pick(f"rng.normal(size={n})", f"rng.standard_normal({n})", "rng.normal(0.0, 1.0, size=x0.shape)",
                  f"rng.uniform(-1.0, 1.0, size={n})", "rng.standard_normal(x0.shape)")
    order = 2 if m.chance(0.2) else 1
    header = ["def noisy(v, rng, scale=0.1):", "    return v + scale * rng.normal(size=v.shape)", ""]
    lines = ["def f(x0, x1, rng):",
             f"    eps = {draw}",
             "    z = x0 + np.exp(x1 * 0.3) * eps"]
    if m.chance(0.4):
        lines += [f"    for _ in range({m.pick(1, 2)}):", f"        z = z + 0.1 * rng.normal(size={n})"]
    if m.chance(0.4):
        lines += ["    z = noisy(z, rng)" if m.chance(0.5) else "    z = noisy(z, rng, scale=x1 * 0.1)"]
    if m.chance(0.3):
        lines += [f"    keep = rng.random({n}) < 0.7", "    z = np.where(keep, z, 0.5 * z)"]
    if order == 2:          # twice differentiable: no |u| ** 1.5 from the DAG generator
        term = m.pick("np.sin(z) * x1 + z * z * 0.1", "np.tanh(z * x1)", "np.exp(-z * z) + x1 * z")
    else:
        term = m.expr({"z": (n,), "x1": ()}, (n,), 2, fallback="np.sin(z) * x1")
    lines += [f"    return np.sum({term})"]
    return class_program(seed, module_source(seed, lines, header), ["x0", "x1", "rng"],
                         ["float", "float", ("rng", m.rng.randrange(1000))], [(n,), (), ()],
                         wrt=(0, 1), value=True, forward=m.chance(0.5), rng_stream=True, order=order)


def dict_parameters(m: Maker, seed: int) -> Program:
    """A dict parameter iterated: ``for k, v in p.items()``, ``for v in p.values()``, ``for k in
    p`` (and ``sorted(p)``, ``enumerate(p)``, ``list(p.keys())``), each value read as ``v`` or
    ``p[k]``; the gradient is a dict of the same keys."""
    shapes = {"w": m.pick((), (3,)), "b": m.pick((), (3,)), "s": ()}
    keys = m.rng.sample(list(shapes), m.pick(2, 3))
    spec = {k: shapes[k] for k in keys}
    names = {"v": (3,), "x1": ()}
    term = m.expr(names, (3,), 2, fallback="np.sin(v) * x1")
    loop = m.pick("for k, v in p.items():", "for v in p.values():", "for k in p:\n        v = p[k]",
                  "for k in sorted(p):\n        v = p[k]", "for i, k in enumerate(p):\n        v = p[k] * (i + 1)",
                  "for k in list(p.keys()):\n        v = p[k]")
    lines = ["def f(p, x1):", "    total = 0.0", f"    {loop}",
             "        v = v + np.zeros(3)",
             f"        total = total + np.sum({term})",
             f"    return total + {m.pick('x1 * x1', 'np.sin(x1)', '0.0')}"]
    wrt = m.pick((0,), (0, 1))
    return class_program(seed, module_source(seed, lines), ["p", "x1"], [("dict", spec), "float"],
                         [(), ()], wrt=wrt, value=True, forward=m.chance(0.3))


def sorted_with_key(m: Maker, seed: int) -> Program:
    """``sorted(xs, key=...)``, ``sorted(..., reverse=True)``, ``max(xs, key=...)``, ``min(xs,
    key=...)`` over a list the function builds (numbers or rows): each item's derivative goes
    back to where the sort took it from."""
    n = m.pick(3, 4)
    rows = m.chance(0.4)
    names = {"r": (2,) if rows else (), "x1": ()}
    item = m.expr(names, names["r"], 1, fallback="np.sin(r) * x1")
    key = m.pick("lambda t: np.sum(t)", "lambda t: np.sum(t * t)", "abs" if not rows else "np.sum",
                 "lambda t: -np.sum(t)", "np.max" if rows else "lambda t: t * 0.5",
                 "lambda t: t[1]" if rows else "lambda t: np.sin(t)")
    pick = m.pick(f"sorted(items, key={key})", f"sorted(items, key={key}, reverse=True)",
                  f"sorted(items, key={key})[::-1]")
    weights = m.floats(n)
    lines = ["def f(x0, x1):",
             f"    items = [{item} for r in x0]",
             f"    ordered = {pick}",
             f"    best = {m.pick('max', 'min')}(items, key={key})",
             f"    total = sum(w * np.sum(t) for w, t in zip({weights!r}, ordered))",
             "    return total + np.sum(best) * x1"]
    return class_program(seed, module_source(seed, lines), ["x0", "x1"], ["float", "float"],
                         [(n, 2) if rows else (n,), ()], wrt=(0, 1), value=True, forward=m.chance(0.4))


def starred(m: Maker, seed: int) -> Program:
    """Starred unpacking (``first, *rest = ...``, ``a, *mid, b = [...]``, over a list display,
    an array's rows or a helper's tuple), ``*args``/``**kwargs`` helpers and ``f(*t)`` calls with
    ``t`` of a length known while compiling (``f(*rest)`` of a starred name's list is refused:
    a list's length is known only at run time)."""
    n = m.pick(3, 4, 5)
    names = {"t": (), "x1": ()}
    term = m.expr(names, (), 1, fallback="np.sin(t) * x1")
    header = ["def total(*xs, scale=1.0):", "    return scale * sum(xs)", "",
              "def pieces(v):", "    return v[0], v[1] * 2.0, np.sin(v[2])", "",
              "def layer(v, **opts):", "    return np.tanh(v * opts.get('gain', 1.0)) + opts['shift']", ""]
    form = m.pick("rows", "display", "helper")
    if form == "rows":
        unpack = ["    first, *rest = x0", "    mid = sum(rest)"]
    elif form == "display":
        unpack = ["    first, *rest, last = [x0[0], x0[1] * x1, np.sin(x0[2]), x1]", "    mid = total(rest[0], rest[1]) + last"]
    else:
        unpack = ["    first, *rest = pieces(x0)", "    a, b = rest", "    mid = total(*(a, b), scale=0.5)"]
    lines = ["def f(x0, x1):", *unpack,
             f"    t = first * {m.pick('x1', '0.5', 'np.cos(x1)')}",
             f"    u = layer(x0, gain={m.pick('0.5', 'x1')}, shift={m.pick('0.1', 'x1 * x1')})",
             f"    return np.sum(mid) + {term} + np.sum(u) + total(*(u[0], u[-1]), *[t, x1])"]
    return class_program(seed, module_source(seed, lines, header), ["x0", "x1"], ["float", "float"],
                         [(n,), ()], wrt=(0, 1), value=True, forward=m.chance(0.5))


def records(m: Maker, seed: int) -> Program:
    """A dataclass and a NamedTuple made in the function (keywords, positions, defaults), read by
    field, unpacked and indexed, passed to a helper; a ``raise`` in a branch the inputs never
    take (its test reads the data)."""
    shape = m.pick((), (3,))
    names = {"t": shape, "x1": ()}
    term = m.expr(names, shape, 2, fallback="np.sin(t) * x1")
    header = ["from dataclasses import dataclass", "from typing import NamedTuple", "", "",
              "@dataclass", "class Params:", "    w: object", "    b: float = 0.5", "", "",
              "class State(NamedTuple):", "    pos: object", "    vel: object", "", "",
              "def energy(s):", "    return np.sum(s.pos * s.vel) + np.sum(s[1] * 0.5)", ""]
    make = m.pick("Params(w=x0 * 2.0, b=x1)", "Params(x0 * 2.0)", "Params(np.sin(x0), b=x1 * x1)")
    state = m.pick("State(p.w, p.b * x0)", "State(pos=p.w + 1.0, vel=x0 * p.b)")
    guard = m.pick("if np.any(np.abs(x0) > 100.0):", "if x1 > 50.0:", "if not np.all(np.isfinite(x0)):")
    lines = ["def f(x0, x1):",
             f"    p = {make}",
             f"    {guard}",
             '        raise ValueError(f"input out of range: {x1}")',
             f"    s = {state}",
             "    pos, vel = s",
             "    t = pos - vel * 0.5",
             f"    return energy(s) + np.sum({term}) + np.sum(s.vel)"]
    return class_program(seed, module_source(seed, lines, header), ["x0", "x1"], ["float", "float"],
                         [shape, ()], wrt=(0, 1), value=True, forward=m.chance(0.5))


def functions_as_values(m: Maker, seed: int) -> Program:
    """A helper passed to a helper, a lambda assigned and passed on, a list of functions looped
    over, a nested def closing over a value, a comprehension inside ``sum``."""
    shape = m.pick((3,), (2, 3))
    names = {"t": shape, "x1": ()}
    body = m.expr(names, shape, 1, fallback="np.sin(t) * x1")
    header = ["def apply(fn, v, times=1):", "    for _ in range(times):", "        v = fn(v)", "    return v", "",
              "def smooth(t):", "    return np.tanh(t) * 0.8", "",
              "def compose(g, h):", "    return lambda t: g(h(t))", ""]
    act = m.pick("np.tanh", "smooth", "lambda t: t * 0.5", "np.sin")
    lines = ["def f(x0, x1):",
             f"    act = {act}",
             f"    c = {m.pick('x1 * 0.5', 'np.cos(x1)', '0.3')}",
             "    def inner(t):",
             "        return act(t) * c + t * 0.1",
             ""]
    form = m.pick("apply", "compose", "list", "sum")
    if form == "apply":
        lines += [f"    y = apply(inner, x0, times={m.pick(1, 2)}) + apply(smooth, x0)"]
    elif form == "compose":
        lines += ["    y = compose(inner, smooth)(x0) + compose(act, lambda t: t * x1)(x0)"]
    elif form == "list":
        lines += ["    y = x0", "    for g in [smooth, inner, act]:", "        y = g(y)"]
    else:
        lines += ["    y = sum(inner(x0 * k) for k in (0.5, 1.0, 1.5)) + sum([act(r) for r in x0])"]
    lines += [f"    t = y * {m.pick('0.5', 'x1')}", f"    return np.sum({body}) + np.sum(y)"]
    return class_program(seed, module_source(seed, lines, header), ["x0", "x1"], ["float", "float"],
                         [shape, ()], wrt=(0, 1), value=True, forward=m.chance(0.5))


def try_blocks(m: Maker, seed: int) -> Program:
    """``try`` / ``except`` as user code writes it (frontend/tries.py): a Gaussian process's
    ``cholesky(K + jitter * np.eye(n))``, a call nested in an argument, a one-line helper of the
    module (filterpy's ``dot3``) and operations under a bare ``except:``, a Python-float
    division under ``except ZeroDivisionError``, an ``if`` with a ``return`` under ``except
    ValueError`` (radvel's), a loop of factorisations, array methods (``L.diagonal().sum()``);
    the factorisation raising or not (a matrix clearly positive definite, or clearly not), so
    both paths are checked."""
    n = m.pick(2, 3)
    term = m.expr({"x0": (n,), "x1": ()}, (n,), 2, fallback="np.sin(x0) * x1")
    shift = m.pick("1.0", "1.0", "-10.0")          # -10: not positive definite, the handler runs
    header = ["def dot3(A, B, C):", "    return np.dot(A, np.dot(B, C))", ""]
    gram = f"np.outer(t, t) + ({shift} + x1 * x1) * np.eye({n})"
    forms = {
        "jitter": [f"        L = np.linalg.cholesky({gram} + 1e-9 * np.eye({n}))",
                   "        s = np.sum(np.log(np.abs(np.diag(L))))",
                   "    except np.linalg.LinAlgError:", "        s = np.sum(t * t) * x1"],
        "nested": [f"        K = {gram}", "        s = np.sum(np.linalg.inv(np.linalg.cholesky(K)) ** 2)",
                   "    except np.linalg.LinAlgError:", "        s = np.sum(np.sin(t)) + x1"],
        "bare": [f"        K = {gram}", "        s = np.sum(dot3(K, np.eye(K.shape[0]) - K * 0.1, K)) * 0.01",
                 "    except:", "        s = x1"],
        "division": ["        s = np.sum(t) / (x1 * x1 + 0.5)", "    except ZeroDivisionError:", "        s = x1"],
        "branch": ["        s = np.sum(np.sin(t))", "        if x1 >= 0.5:", "            return np.sum(t) * x1",
                   "    except ValueError:", "        s = x1"],
        "loop": [f"        K = {gram}", "        s = 0.0", "        for k in range(2):",
                 f"            L = np.linalg.cholesky(K + k * np.eye({n}))",
                 "            s = s + np.sum(np.log(np.abs(np.diag(L))))",
                 "    except np.linalg.LinAlgError:", "        s = np.sum(t * t) * x1"],
        "method": [f"        L = np.linalg.cholesky({gram})",
                   "        s = np.log(np.abs(L.diagonal())).sum() + L.dot(t).sum() * 0.1",
                   "    except np.linalg.LinAlgError:", "        s = np.sum(t) * x1"],
    }
    body = forms[m.pick(*forms)]
    lines = ["def f(x0, x1):", f"    t = {term}", "    try:", *body, "    return s + np.sum(t) * 0.5"]
    return class_program(seed, module_source(seed, lines, header), ["x0", "x1"], ["float", "float"],
                         [(n,), ()], wrt=(0, 1), value=True, forward=m.chance(0.5))
