"""Program classes that write into arrays: repeated-index assignment, slice assignment, and
writes through views and aliases."""
from __future__ import annotations

from .class_maker import Maker, class_program, module_source
from .program import Program


def repeat_index(m: Maker, seed: int) -> Program:
    """``y[idx] = e`` / ``y[idx] += e`` with integer-array indices that repeat (NumPy: the last
    write wins; ``+=`` does not accumulate duplicates)."""
    n = m.pick(3, 4, 5, 7)
    k = m.pick(2, 3, 4, 6)
    weights = m.floats(n, 0.5, 2.0)
    spelling = m.pick("param", "param", "constant", "literal")
    idx_values = [m.rng.randrange(n) for _ in range(k - 1)]
    idx_values.append(idx_values[0])
    idx = {"param": "idx", "constant": "IDX", "literal": repr(idx_values)}[spelling]
    names = {"x0": (k,), "x1": ()}
    start = m.pick("np.zeros(%d)" % n, "x2.copy()", "np.ones(%d) * x1" % n)
    lines = ["def f(x0, x1, x2, idx):" if spelling == "param" else "def f(x0, x1, x2):",
             f"    y = {start}"]
    for _ in range(m.pick(1, 2, 2, 3)):
        op = m.pick("=", "+=", "+=", "-=", "*=")
        value = m.expr(names, m.pick((k,), ()), 2)
        if op == "*=":
            value = f"np.tanh({value})"
        lines.append(f"    y[{idx}] {op} {value}")
    if m.chance(0.3):
        lines.append(f"    y = y + np.sum(x2[{idx}] * x0)")     # a gather with repeats too
    lines.append(f"    return np.sum(y * W) + {m.expr(names, (), 1)}")
    header = [f"W = np.array({weights!r})"]
    if spelling == "constant":
        header.append(f"IDX = np.array({idx_values!r})")
    params = ["x0", "x1", "x2"] + (["idx"] if spelling == "param" else [])
    kinds = ["float", "float", "float"] + ([("index", n)] if spelling == "param" else [])
    shapes = [(k,), (), (n,)] + ([(k,)] if spelling == "param" else [])
    return class_program(seed, module_source(seed, lines, header), params, kinds, shapes, wrt=(0, 1, 2))


def slice_assign(m: Maker, seed: int) -> Program:
    """``y[a:b] = e``, ``y[::2] += e``, ``y[0, :] *= e``, ``y[mask] = c`` on a copy or new array."""
    two_d = m.chance(0.4)
    shape = (3, 4) if two_d else (m.pick(4, 5, 6, 9),)
    names = {"x0": shape, "x1": ()}
    lines = ["def f(x0, x1):", f"    y = {m.pick('x0.copy()', 'np.zeros(%r)' % (shape,), 'x0 * 1.0')}"]
    slices = ([("0, :", (4,)), (":, 1", (3,)), ("1:, 2:", (2, 2)), ("::2", (2, 4)), ("-1", (4,))]
              if two_d else
              [("1:3", (2,)), ("::2", ((shape[0] + 1) // 2,)), (":-1", (shape[0] - 1,)), ("0", ()),
               ("-2:", (2,))])
    for _ in range(m.pick(1, 2, 3)):
        where, part = m.rng.choice(slices)
        op = m.pick("=", "=", "+=", "-=", "*=")
        value = m.expr({"x1": ()} | ({"x0": shape} if part == shape else {}), m.pick(part, ()), 2)
        if op == "*=":
            value = f"np.cos({value})"
        lines.append(f"    y[{where}] {op} {value}")
    if m.chance(0.3):
        lines.append("    y[y > 0.5] = 0.5")                        # a mask assignment
    lines.append(f"    return np.sum(y * y) + np.sum(np.sin(y) * x0) + {m.expr(names, (), 1)}")
    return class_program(seed, module_source(seed, lines), ["x0", "x1"], ["float", "float"], [shape, ()],
                         wrt=(0, 1))


def views(m: Maker, seed: int) -> Program:
    """A write through a view or alias: ``x = x.copy(); v = x[1:]; v[0] = e`` — the base changes too.
    The compiler may refuse (a located error); it must not give a wrong number."""
    two_d = m.chance(0.35)
    shape = (3, 3) if two_d else (m.pick(4, 5, 6),)
    views_ = ([("x[1]", (3,)), ("x[:, 0]", (3,)), ("x.T", (3, 3)), ("x[1:, 1:]", (2, 2))] if two_d else
              [("x[1:]", (shape[0] - 1,)), ("x[::2]", ((shape[0] + 1) // 2,)), ("x[:]", shape),
               ("x.reshape(%d, 1)[:, 0]" % shape[0], shape), ("x[:-1]", (shape[0] - 1,)),
               ("x", shape)])                  # a plain alias: `v = x`
    view, vshape = m.rng.choice(views_)
    lines = ["def f(x0, x1):", f"    x = {m.pick('x0.copy()', 'x0 * 1.0', 'np.array(x0)')}",
             f"    v = {view}"]
    names = {"x": shape, "x1": ()}
    for _ in range(m.pick(1, 2)):
        kind = m.pick("item", "item", "aug", "slice")
        if kind == "item":
            where = "0" if len(vshape) == 1 else "0, 0"
            lines.append(f"    v[{where}] = {m.expr(names, (), 2)}")
        elif kind == "aug":
            lines.append(f"    v {m.pick('+=', '-=', '*=')} {m.expr({'x1': ()}, (), 1)}")
        else:
            lines.append(f"    v[:] = {m.expr({'x1': ()}, (), 1)}")
    lines.append(f"    return np.sum(x ** 2) + np.sum(v * x1) + {m.expr({'x0': shape, 'x1': ()}, (), 1)}")
    return class_program(seed, module_source(seed, lines), ["x0", "x1"], ["float", "float"], [shape, ()],
                         wrt=(0, 1), refusable=True)
