"""Program classes of Python as people write it (issue 15): lambdas, comprehensions and builtin
``sum``/``zip``, functions defined inside the differentiated function, and random draws.

Each program is checked like any class program: gradient against finite differences, the value
of ``value_and_grad`` against the function's, and (often) ``jvp`` against the gradient. A random
draw is made from a ``RandomState`` seeded inside the function, so every call — finite
differences included — sees the same sample; the gradient must be that of this sample.
"""
from __future__ import annotations

from .class_maker import Maker, class_program, module_source
from .program import Program


def _shape_and_names(m: Maker) -> tuple[tuple, dict]:
    shape = m.pick((), (3,), (2, 3))
    return shape, {"x0": shape, "x1": ()}


def lambdas(m: Maker, seed: int) -> Program:
    """A module-level lambda, a lambda bound inside ``f`` (reading ``f``'s locals), a lambda
    passed to a helper, and sometimes ``f`` itself a lambda."""
    shape, names = _shape_and_names(m)
    outer = m.expr({"t": shape}, shape, 2, fallback="np.sin(t)")
    inner = m.expr({"t": shape, "x1": ()}, shape, 1, fallback="t * x1") + " + np.tanh(t)"
    header = [f"outer = lambda t: {outer}", "", "",
              "def apply(fn, v):", "    return fn(v) + 0.5 * v", ""]
    body = ["def f(x0, x1):",
            f"    inner = lambda t: {inner}",
            f"    u = apply(lambda s: {m.pick('np.tanh(s)', 's * s * 0.1', 'np.sin(s) * x1')}, outer(x0))",
            "    return np.sum(inner(u)) + np.sum(outer(x0 * 0.5))"]
    if m.chance(0.3):
        body = ["def g(x0, x1):", *body[1:], "", "",
                "f = lambda x0, x1: g(x0, x1) * 0.5"]
    return class_program(seed, module_source(seed, body, header), ["x0", "x1"], ["float", "float"],
                         [shape, ()], wrt=(0, 1), value=True, forward=m.chance(0.5))


def comprehensions(m: Maker, seed: int) -> Program:
    """List comprehensions and generator expressions in ``sum``, ``np.stack`` and ``np.array``,
    over ``range``, the rows of an array, ``zip`` with a constant list and ``enumerate``; dict
    comprehensions read back through ``.values()`` or by key."""
    n = m.pick(2, 3, 4)
    names = {"r": (), "x1": ()}
    term = m.expr(names, (), 2, fallback="np.sin(r) * x1") + " + np.sin(r)"
    weights = m.floats(n)
    forms = [f"sum([{term} for r in x0])",
             f"sum({term} for r in x0)",
             f"np.sum(np.array([{term} for r in x0]))",
             f"sum(w * ({term}) for r, w in zip(x0, {weights!r}))",
             f"sum(k * ({term}) for k, r in enumerate(x0))",
             f"np.sum(np.stack([x0[i] * x0[{n - 1} - i] for i in range({n})]))",
             f"sum([{term} for r in x0 if {m.pick('True', '1 > 0')}])",
             f"sum(d.values())", f"sum(d[k] * 0.5 for k in d)"]
    first, second = m.rng.sample(forms, 2)
    keys = m.pick("k", 'f"w{k}"')
    lines = ["def f(x0, x1):", f"    d = {{{keys}: {term} for k, r in enumerate(x0)}}",
             f"    a = {first}", f"    b = {second}", "    return a + b * 0.5"]
    return class_program(seed, module_source(seed, lines), ["x0", "x1"], ["float", "float"],
                         [(n,), ()], wrt=(0, 1), value=True, forward=m.chance(0.5))


def nested_defs(m: Maker, seed: int) -> Program:
    """A function defined inside ``f`` reading ``f``'s parameters and locals (active ones too),
    called once, in a loop, or returned by a local factory and then called."""
    shape, names = _shape_and_names(m)
    body = m.expr({"t": shape, "x1": (), "c": ()}, shape, 2, fallback="np.tanh(t) * c") + " + np.tanh(t)"
    lines = ["def f(x0, x1):",
             f"    c = {m.pick('x1 * 0.5', 'np.sin(x1)', '0.3')}",
             "    def inner(t):",
             f"        return {body}",
             ""]
    form = m.pick("call", "loop", "factory")
    if form == "call":
        lines += ["    return np.sum(inner(x0) * x1)"]
    elif form == "loop":
        lines += ["    s = x0", f"    for _ in range({m.pick(1, 2, 3)}):", "        s = inner(s) * 0.5",
                  "    return np.sum(s)"]
    else:
        lines += ["    def scaled(k):", "        def g(t):", "            return inner(t) * k", "        return g",
                  "", f"    h = scaled({m.pick('0.5', 'x1')})", "    return np.sum(h(x0))"]
    return class_program(seed, module_source(seed, lines), ["x0", "x1"], ["float", "float"],
                         [shape, ()], wrt=(0, 1), value=True, forward=m.chance(0.5))


def random_draws(m: Maker, seed: int) -> Program:
    """Draws from a ``RandomState`` or a ``np.random.default_rng`` Generator seeded inside ``f``
    (so every call sees the same sample), used as constants: a reparameterised sample ``mean +
    exp(log_std) * eps``, noise added in a loop."""
    n = m.pick(2, 3, 5)
    legacy = m.chance(0.5)      # RandomState's spellings (randn) or a Generator's
    draw = (m.pick(f"rs.randn({n})", f"rs.normal(size={n})", f"rs.standard_normal({n})",
                   f"rs.randn(*x0.shape)", f"rs.uniform(-1.0, 1.0, size={n})") if legacy else
            m.pick(f"rs.normal(size={n})", f"rs.standard_normal({n})", f"rs.standard_normal(x0.shape)",
                   f"rs.uniform(-1.0, 1.0, size={n})", f"rs.normal(0.0, 2.0, {n})"))
    term = m.expr({"z": (n,), "x1": ()}, (n,), 2, fallback="np.sin(z) * x1")
    make = "np.random.RandomState" if legacy else "np.random.default_rng"
    lines = ["def f(x0, x1):",
             f"    rs = {make}({m.rng.randrange(1000)})",
             f"    eps = {draw}",
             "    z = x0 + np.exp(x1 * 0.3) * eps"]
    if m.chance(0.5):
        noise = f"rs.randn({n})" if legacy else f"rs.standard_normal({n})"
        lines += [f"    for _ in range({m.pick(1, 2)}):", f"        z = z + 0.1 * {noise}"]
    lines += [f"    return np.sum({term})"]
    return class_program(seed, module_source(seed, lines), ["x0", "x1"], ["float", "float"],
                         [(n,), ()], wrt=(0, 1), value=True, forward=m.chance(0.5))
