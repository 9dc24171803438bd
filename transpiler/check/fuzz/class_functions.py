"""Program classes of functions as people write and call them: module-level helpers (also
redefined between two gradients), closures, recursion, long code, defaulted parameters, size-1
outputs, list and dict parameters, integer and keyword arguments."""
from __future__ import annotations

from .class_maker import Maker, class_program, module_source
from .program import Program


def _helper_source(m: Maker, name: str, shape: tuple, default: float) -> list[str]:
    body = m.expr({"a": shape, "b": (), "scale": ()}, shape, 2)
    return [f"def {name}(a, b, scale={default!r}):", f"    return {body} * scale", "", ""]


def helpers(m: Maker, seed: int) -> Program:
    """Calls of module-level helpers, with keyword and defaulted arguments, a helper calling
    another."""
    shape = m.pick((), (3,), (2, 3))
    lines = _helper_source(m, "h1", shape, 0.5)
    lines += ["def h2(a, b):", f"    return h1(b=b, a=np.tanh(a), scale={m.pick(0.3, 1.5)}) + a", "", ""]
    names = {"x0": shape, "x1": ()}
    lines += ["def f(x0, x1):",
              f"    t = h1(x0, x1{m.pick('', ', scale=0.7', ', 2.0')})",
              f"    u = h2({m.expr(names, shape, 1)}, b={m.expr(names, (), 1)})",
              "    return np.sum(t * u) + np.sum(h1(u, x1) * 0.1)"]
    return class_program(seed, module_source(seed, lines), ["x0", "x1"], ["float", "float"], [shape, ()],
                         wrt=(0, 1), value=True)


def redefine(m: Maker, seed: int) -> Program:
    """A helper redefined between two gradients (a notebook cell run again): the fresh gradient
    must be that of the new helper, and value_and_grad's value the new function's."""
    shape = m.pick((), (3,))
    lines = _helper_source(m, "g", shape, 1.0)
    names = {"x0": shape, "x1": ()}
    lines += ["def f(x0, x1):", f"    return np.sum(g(x0, x1) * {m.expr(names, shape, 1)}) + x1"]
    again = _helper_source(m, "g", shape, 1.0)
    return class_program(seed, module_source(seed, lines), ["x0", "x1"], ["float", "float"], [shape, ()],
                         wrt=(0, 1), value=True, redefine=module_source(seed, again))


def closures(m: Maker, seed: int) -> Program:
    """``f = make(c, w)``: a factory's inner function, reading the factory's arguments (and,
    sometimes, an inner helper)."""
    shape = m.pick((), (3,), (2, 3))
    names = {"x0": shape, "x1": (), "c": (), "w": (3,) if shape else ()}
    inner = m.expr(names, shape, 2, fallback="np.sin(x0) * c")
    lines = ["def make(c, w):"]
    call = f"np.sum({inner})"
    if m.chance(0.4):
        lines += ["    def helper(z):", "        return np.tanh(z) * c + z", ""]
        call = f"np.sum(helper({inner}))"
    lines += ["    def f(x0, x1):", f"        return {call} + np.sum(w) * x1", "",
              "    return f", "", "",
              f"f = make({m.floats(1)[0]!r}, "
              f"{'np.array(%r)' % m.floats(3) if shape else repr(m.floats(1)[0])})"]
    return class_program(seed, module_source(seed, lines), ["x0", "x1"], ["float", "float"], [shape, ()],
                         wrt=(0, 1), value=True)


def recursion(m: Maker, seed: int) -> Program:
    """A helper recursing on an int n (depth up to 10), or on a shrinking slice (depth up to 500)."""
    if m.chance(0.35):
        n = m.pick(3, 5, 9, 20, 40, 40, 150, 500)     # 500: deeper than Python's default limit / 2
        lines = ["def rsum(x):", "    if len(x) == 1:", "        return x[0] ** 2",
                 f"    return {m.pick('x[0] ** 2', 'np.sin(x[0])', 'x[0] * x[-1]')} + rsum(x[1:])", "", "",
                 "def f(x0):", "    return rsum(x0)"]
        return class_program(seed, module_source(seed, lines), ["x0"], ["float"], [(n,)], wrt=(0,))
    shape = m.pick((), (3,))
    depth = m.pick(1, 2, 3, 5, 8, 10)
    names = {"x": shape}
    lines = ["def rec(x, n):", "    if n == 0:", f"        return {m.expr(names, shape, 1)}",
             f"    return {m.pick('np.sin', 'np.tanh', 'np.cos')}(rec(x, n - 1)) * 0.5 + "
             f"{m.expr(names, shape, 1)} * 0.1", "", ""]
    as_param = m.chance(0.5)
    lines += ["def f(x0, n):" if as_param else "def f(x0):",
              f"    return np.sum(rec(x0, {'n' if as_param else depth}))"]
    params, kinds, shapes = ["x0"], ["float"], [shape]
    kwargs = {}
    if as_param:
        if m.chance(0.5):
            kwargs = {"n": depth}
        else:
            params, kinds, shapes = ["x0", "n"], ["float", ("int", depth)], [shape, ()]
    return class_program(seed, module_source(seed, lines), params, kinds, shapes, wrt=(0,), kwargs=kwargs)


def long_code(m: Maker, seed: int) -> Program:
    """One expression of 50-400 terms, or (less often) 100-500 straight-line statements."""
    if m.chance(0.7):
        terms = []
        for k in range(m.rng.randint(50, 400)):
            c = round((k % 7 + 1) * 0.01, 2)
            terms.append(m.pick(f"np.sin(x0 * {c})", f"{c} * np.tanh(x1[{k % 3}])", f"x0 * {c}",
                                f"np.cos(x1[{k % 3}] + {c})"))
        lines = ["def f(x0, x1):", f"    return {' + '.join(terms)}"]
    else:
        lines = ["def f(x0, x1):", "    s0 = x0"]
        count = m.rng.randint(100, 500)
        for k in range(count):
            c = round((k % 11 + 1) * 0.01, 2)
            lines.append(f"    s{k + 1} = " + m.pick(f"s{k} + np.sin(x0 * {c})", f"s{k} * 0.99 + {c}",
                                                        f"s{k} + np.sum(np.tanh(x1 * {c}))"))
        lines.append(f"    return s{count}")
    return class_program(seed, module_source(seed, lines), ["x0", "x1"], ["float", "float"], [(), (3,)],
                         wrt=(0, 1))


def defaults(m: Maker, seed: int) -> Program:
    """``def f(x, y, a=1.5, n=3)`` called without its defaulted parameters, in forward mode
    (and, sometimes, its Hessian)."""
    shape = m.pick((), (), (3,))
    names = {"x0": shape, "x1": (), "a": ()}
    body = m.expr(names, shape, 2)
    lines = [f"def f(x0, x1, a={m.pick(1.5, 0.5, 2.0)}, n={m.pick(1, 2, 3)}):",
             "    s = 0.0",
             "    for i in range(n):",
             f"        s = s * 0.5 + np.sum({body})",
             "    return s * a + x1"]
    return class_program(seed, module_source(seed, lines), ["x0", "x1"], ["float", "float"], [shape, ()],
                         wrt=(0, 1), forward=True, order=2 if m.chance(0.3) else 1)


def size1(m: Maker, seed: int) -> Program:
    """Outputs of shape (1,) (or (1, 1)): treated as the scalar they are, or refused with
    OutputShapeError — never a raw exception."""
    form = m.pick("m - x0[:1] * 0.5", "np.sum(x0, keepdims=True)", "np.sum(np.sin(x1), axis=1)",
                  "x1 @ x0[:3] * 0.5", "x0[-1:] * m")
    lines = ["def f(x0, x1):", f"    m = np.max({m.expr({'x0': (4,)}, (4,), 1)})",
             f"    return {form}"]
    return class_program(seed, module_source(seed, lines), ["x0", "x1"], ["float", "float"], [(4,), (1, 3)],
                         wrt=(0, 1), refusable=True, size1=True)


def containers(m: Maker, seed: int) -> Program:
    """List and dict parameters (gradients of the same structure); sometimes forward mode."""
    shapes = [m.pick((), (3,)), m.pick((), (3,))]
    names = {"a": shapes[0], "b": shapes[1], "w": (3,), "c": ()}
    lines = ["def f(xs, d):", "    a = xs[0]", "    b = xs[1]", '    w = d["w"]', '    c = d["c"]',
             f"    return np.sum({m.expr(names, (3,), 2)}) + np.sum({m.expr(names, (), 2)})"]
    kinds = [("list", shapes), ("dict", {"w": (3,), "c": ()})]
    wrt = m.pick((0,), (1,), (0, 1))
    return class_program(seed, module_source(seed, lines), ["xs", "d"], kinds, [(), ()], wrt=wrt,
                         forward=m.chance(0.3))


def integer_args(m: Maker, seed: int) -> Program:
    """Integer parameters (loop counts, indices), passed by position or keyword."""
    shape = (m.pick(3, 4, 6),)
    names = {"x0": shape, "x1": (), "v": shape}
    lines = ["def f(x0, n, x1, k):", "    v = x0", "    for i in range(n):",
             f"        v = np.tanh({m.expr(names, shape, 1)}) + x0[k]",
             f"    return np.sum(v) * x1 + {m.expr({'x0': shape, 'x1': ()}, (), 1)}"]
    n, k = m.pick(0, 1, 2, 3), m.rng.randrange(shape[0])
    params, kinds, shapes = ["x0", "n", "x1", "k"], ["float", ("int", n), "float", ("int", k)], \
        [shape, (), (), ()]
    kwargs = {}
    if m.chance(0.5):                         # f(x0, n, x1=..., k=...) is not possible: keep order
        kwargs = {"k": k}
        params, kinds, shapes = params[:3], kinds[:3], shapes[:3]
    return class_program(seed, module_source(seed, lines), params, kinds, shapes, wrt=(0, 2), kwargs=kwargs)
