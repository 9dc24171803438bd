"""Program classes for the fuzzer beyond its random DAG programs (:mod:`transpiler.check.fuzz`).

Each class generates, from a seed, programs of a kind of code that once gave a wrong gradient or
a crash — the *class* of a bug, not its instance: index assignment with repeated indices, slice
assignment, writes through views, user helpers (also redefined between two calls), closures,
recursion, long code, defaulted parameters in forward mode, size-1 outputs, float32, list and
dict parameters, keyword and integer arguments, a subset of ``wrt``, second derivatives, the
numba backend, large arrays, and the primitives the DAG generator does not use (where, clip,
max, prod, cumsum, concatenate, stack, linalg, einsum, integer-array and mask indexing).
Expressions inside the templates come from the DAG generator, bounded the same way.

A program of a class carries how it is called and checked (:attr:`Program.check`), and
:func:`run_case` checks it: the gradient with respect to ``wrt`` against central finite
differences of the *real* function (directional ones for large arrays), its dtype for float32,
``value_and_grad``'s value against the function's, forward mode (``jvp``) where asked, the
Hessian against finite differences of the (already checked) gradient, and after a helper is
redefined, a fresh gradient against the new function.

Refusals: a class whose construct the compiler may legitimately refuse (a write through a view it
cannot model, a size-1 output, what numba's nopython mode cannot compile) is *refused*, not
failed, when the compiler raises a
:class:`~transpiler.errors.TranspileError` that points into the program's file and gives a hint.
Any other exception, an unlocated error, or a refusal in a class that must be supported is a
crash; a wrong number is a mismatch.
"""
from __future__ import annotations

import importlib.util
import random
import traceback
from pathlib import Path
from typing import Callable

import numpy as np

from .. import api
from ..errors import OutputShapeError, TranspileError
from . import fuzz
from .finite_differences import compare_gradient, fresh_copies, numeric_gradient

# class -> (weight, builder). The weights are relative; about CLASS_RATE of the seeds get a class.
CLASS_RATE = 0.35          # with every class enabled (the default)
SUBSET_RATE = 0.8          # with --features naming some classes
TIME_LIMIT = 120.0         # seconds per program (an exponential compile is a failure, not a hang)
FLOAT32_RTOL = 2e-3        # float32 gradients against float64 finite differences
LARGE = 64                 # arguments above this many elements are checked along directions


def _numba_available() -> bool:
    try:
        import numba  # noqa: F401
    except Exception:
        return False
    return True


# --------------------------------------------------------------------------- choosing a class
def pick_class(seed: int, features=None) -> str:
    """The class of program ``seed`` gets ("" for a DAG program), from a stream of its own."""
    if features is not None and not features:
        return ""
    rng = random.Random(f"fuzz-class-{seed}")
    roll = rng.random()
    enabled = [c for c in CLASSES if (features is None or c in features)
               and (c != "numba" or _numba_available())]
    if not enabled or roll >= (CLASS_RATE if features is None else SUBSET_RATE):
        return ""
    return rng.choices(enabled, [CLASSES[c][0] for c in enabled])[0]


def build(cls: str, seed: int, avoid: frozenset) -> fuzz.Program:
    builder = CLASSES[cls][1]
    program = builder(_Maker(seed, avoid), seed)
    program.cls = cls
    program.features.add(cls)
    return program


# --------------------------------------------------------------------------- inputs
def draw(kind, shape, rng: np.random.Generator):
    """One input of ``kind``: "float" (float64 number or array), "float32", ("index", n)
    (integers in [0, n) with repeats), ("int", v) (the integer v), ("list", shapes) or
    ("dict", {key: shape})."""
    if kind in ("float", "float32"):
        x = rng.uniform(-fuzz.INPUT_BOUND, fuzz.INPUT_BOUND, size=shape)
        if kind == "float32":
            return x.astype(np.float32) if shape else np.float32(x)
        return float(x) if shape == () else x
    tag, detail = kind
    if tag == "index":
        idx = rng.integers(0, detail, size=shape)
        idx[-1] = idx[0]                   # at least one index repeats
        return idx
    if tag == "int":
        return int(detail)
    if tag == "list":
        return [draw("float", s, rng) for s in detail]
    if tag == "dict":
        return {k: draw("float", s, rng) for k, s in detail.items()}
    raise ValueError(f"unknown input kind {kind!r}")


# --------------------------------------------------------------------------- expressions
class _Maker:
    """Random bounded expressions from the DAG generator over given names."""

    def __init__(self, seed: int, avoid: frozenset):
        self.seed = seed
        self.avoid = avoid
        self.rng = random.Random(f"fuzz-class-body-{seed}")

    def generator(self, names: dict) -> fuzz.Generator:
        g = fuzz.Generator(self.rng.randrange(1 << 30), self.avoid)
        g.scope = [fuzz.Var(n, s) for n, s in names.items()]
        g.env = {n: fuzz.INPUT_BOUND for n in names}
        return g

    def expr(self, names: dict, shape: tuple, depth: int = 2, fallback: str | None = None) -> str:
        """An expression of ``shape`` over ``names`` (name -> shape) whose magnitude stays below
        fuzz.LIMIT for inputs in [-2, 2]."""
        g = self.generator(names)
        for _ in range(12):
            try:
                node = g.expr(shape, depth)
                node.bound(g.env)
            except (fuzz.TooBig, IndexError):
                continue
            if not isinstance(node, fuzz.Lit):
                return node.src()
        if fallback is not None:
            return fallback
        same = [n for n, s in names.items() if s == shape]
        return f"np.sin({same[0]})" if same else "0.5"

    def pick(self, *options):
        return self.rng.choice(options)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def floats(self, n: int, low: float = -1.5, high: float = 1.5) -> list:
        return [round(self.rng.uniform(low, high), 2) for _ in range(n)]


def _module(seed: int, lines: list[str], header: list[str] = ()) -> str:
    return "\n".join([f"# fuzz program, seed {seed}", "import math", "", "import numpy as np", "",
                      *header, "", *lines]) + "\n"


def _program(seed, source, params, kinds, shapes, **check) -> fuzz.Program:
    return fuzz.Program(seed, source, list(params), list(shapes), set(), kinds=list(kinds),
                        check=check)


# --------------------------------------------------------------------------- the classes
def repeat_index(m: _Maker, seed: int) -> fuzz.Program:
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
    return _program(seed, _module(seed, lines, header), params, kinds, shapes, wrt=(0, 1, 2))


def slice_assign(m: _Maker, seed: int) -> fuzz.Program:
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
    return _program(seed, _module(seed, lines), ["x0", "x1"], ["float", "float"], [shape, ()],
                    wrt=(0, 1))


def views(m: _Maker, seed: int) -> fuzz.Program:
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
    return _program(seed, _module(seed, lines), ["x0", "x1"], ["float", "float"], [shape, ()],
                    wrt=(0, 1), refusable=True)


def _helper_source(m: _Maker, name: str, shape: tuple, default: float) -> list[str]:
    body = m.expr({"a": shape, "b": (), "scale": ()}, shape, 2)
    return [f"def {name}(a, b, scale={default!r}):", f"    return {body} * scale", "", ""]


def helpers(m: _Maker, seed: int) -> fuzz.Program:
    """Calls of module-level helpers, with keyword and defaulted arguments, a helper calling
    another."""
    shape = m.pick((), (3,), (2, 3))
    lines = _helper_source(m, "h1", shape, 0.5)
    lines += ["def h2(a, b):", f"    return h1(b=b, a=np.tanh(a), scale={m.pick(0.3, 1.5)}) + a", "", ""]
    names = {"x0": shape, "x1": ()}
    lines += ["def f(x0, x1):",
              f"    t = h1(x0, x1{m.pick('', ', scale=0.7', ', 2.0')})",
              f"    u = h2({m.expr(names, shape, 1)}, b={m.expr(names, (), 1)})",
              f"    return np.sum(t * u) + np.sum(h1(u, x1) * 0.1)"]
    return _program(seed, _module(seed, lines), ["x0", "x1"], ["float", "float"], [shape, ()],
                    wrt=(0, 1), value=True)


def redefine(m: _Maker, seed: int) -> fuzz.Program:
    """A helper redefined between two gradients (a notebook cell run again): the fresh gradient
    must be that of the new helper, and value_and_grad's value the new function's."""
    shape = m.pick((), (3,))
    lines = _helper_source(m, "g", shape, 1.0)
    names = {"x0": shape, "x1": ()}
    lines += ["def f(x0, x1):", f"    return np.sum(g(x0, x1) * {m.expr(names, shape, 1)}) + x1"]
    again = _helper_source(m, "g", shape, 1.0)
    return _program(seed, _module(seed, lines), ["x0", "x1"], ["float", "float"], [shape, ()],
                    wrt=(0, 1), value=True, redefine=_module(seed, again))


def closures(m: _Maker, seed: int) -> fuzz.Program:
    """``f = make(c, w)``: a factory's inner function, reading the factory's arguments (and,
    sometimes, an inner helper)."""
    shape = m.pick((), (3,), (2, 3))
    names = {"x0": shape, "x1": (), "c": (), "w": (3,) if shape else ()}
    inner = m.expr(names, shape, 2, fallback="np.sin(x0) * c")
    lines = ["def make(c, w):"]
    call = f"np.sum({inner})"
    if m.chance(0.4):
        lines += [f"    def helper(z):", f"        return np.tanh(z) * c + z", ""]
        call = f"np.sum(helper({inner}))"
    lines += ["    def f(x0, x1):", f"        return {call} + np.sum(w) * x1", "",
              "    return f", "", "",
              f"f = make({m.floats(1)[0]!r}, "
              f"{'np.array(%r)' % m.floats(3) if shape else repr(m.floats(1)[0])})"]
    return _program(seed, _module(seed, lines), ["x0", "x1"], ["float", "float"], [shape, ()],
                    wrt=(0, 1), value=True)


def recursion(m: _Maker, seed: int) -> fuzz.Program:
    """A helper recursing on an int n (depth up to 10), or on a shrinking slice (depth up to 500)."""
    if m.chance(0.35):
        n = m.pick(3, 5, 9, 20, 40, 40, 150, 500)     # 500: deeper than Python's default limit / 2
        lines = ["def rsum(x):", "    if len(x) == 1:", "        return x[0] ** 2",
                 f"    return {m.pick('x[0] ** 2', 'np.sin(x[0])', 'x[0] * x[-1]')} + rsum(x[1:])", "", "",
                 "def f(x0):", "    return rsum(x0)"]
        return _program(seed, _module(seed, lines), ["x0"], ["float"], [(n,)], wrt=(0,))
    shape = m.pick((), (3,))
    depth = m.pick(1, 2, 3, 5, 8, 10)
    names = {"x": shape}
    lines = ["def rec(x, n):", "    if n == 0:", f"        return {m.expr(names, shape, 1)}",
             f"    return {m.pick('np.sin', 'np.tanh', 'np.cos')}(rec(x, n - 1)) * 0.5 + "
             f"{m.expr(names, shape, 1)} * 0.1", "", ""]
    as_param = m.chance(0.5)
    lines += [f"def f(x0, n):" if as_param else "def f(x0):",
              f"    return np.sum(rec(x0, {'n' if as_param else depth}))"]
    params, kinds, shapes = ["x0"], ["float"], [shape]
    kwargs = {}
    if as_param:
        if m.chance(0.5):
            kwargs = {"n": depth}
        else:
            params, kinds, shapes = ["x0", "n"], ["float", ("int", depth)], [shape, ()]
    return _program(seed, _module(seed, lines), params, kinds, shapes, wrt=(0,), kwargs=kwargs)


def long_code(m: _Maker, seed: int) -> fuzz.Program:
    """One expression of 50-400 terms, or (less often) 100-500 straight-line statements."""
    names = {"x0": (), "x1": (3,)}
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
    return _program(seed, _module(seed, lines), ["x0", "x1"], ["float", "float"], [(), (3,)],
                    wrt=(0, 1))


def defaults(m: _Maker, seed: int) -> fuzz.Program:
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
    return _program(seed, _module(seed, lines), ["x0", "x1"], ["float", "float"], [shape, ()],
                    wrt=(0, 1), forward=True, order=2 if m.chance(0.3) else 1)


def size1(m: _Maker, seed: int) -> fuzz.Program:
    """Outputs of shape (1,) (or (1, 1)): treated as the scalar they are, or refused with
    OutputShapeError — never a raw exception."""
    form = m.pick("m - x0[:1] * 0.5", "np.sum(x0, keepdims=True)", "np.sum(np.sin(x1), axis=1)",
                  "x1 @ x0[:3] * 0.5", "x0[-1:] * m")
    lines = ["def f(x0, x1):", f"    m = np.max({m.expr({'x0': (4,)}, (4,), 1)})",
             f"    return {form}"]
    return _program(seed, _module(seed, lines), ["x0", "x1"], ["float", "float"], [(4,), (1, 3)],
                    wrt=(0, 1), refusable=True, size1=True)


def float32(m: _Maker, seed: int) -> fuzz.Program:
    """A DAG program on float32 arrays: the gradient must be float32 when the value is."""
    program = fuzz.Generator(seed, m.avoid).program()
    program.kinds = ["float32" if s else "float" for s in program.shapes]
    program.check = {"wrt": tuple(range(len(program.params))), "float32": True}
    return program


def containers(m: _Maker, seed: int) -> fuzz.Program:
    """List and dict parameters (gradients of the same structure); sometimes forward mode."""
    shapes = [m.pick((), (3,)), m.pick((), (3,))]
    names = {"a": shapes[0], "b": shapes[1], "w": (3,), "c": ()}
    lines = ["def f(xs, d):", "    a = xs[0]", "    b = xs[1]", '    w = d["w"]', '    c = d["c"]',
             f"    return np.sum({m.expr(names, (3,), 2)}) + np.sum({m.expr(names, (), 2)})"]
    kinds = [("list", shapes), ("dict", {"w": (3,), "c": ()})]
    wrt = m.pick((0,), (1,), (0, 1))
    return _program(seed, _module(seed, lines), ["xs", "d"], kinds, [(), ()], wrt=wrt,
                    forward=m.chance(0.3))


def integer_args(m: _Maker, seed: int) -> fuzz.Program:
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
    return _program(seed, _module(seed, lines), params, kinds, shapes, wrt=(0, 2), kwargs=kwargs)


def wrt_subset(m: _Maker, seed: int) -> fuzz.Program:
    """A DAG program differentiated with respect to a subset of its parameters (by index or
    name)."""
    program = fuzz.Generator(seed, m.avoid).program()
    count = len(program.params)
    chosen = sorted(m.rng.sample(range(count), m.rng.randint(1, max(1, count - 1))))
    wrt = tuple(chosen) if m.chance(0.5) else tuple(program.params[i] for i in chosen)
    if len(wrt) == 1 and m.chance(0.5):
        wrt = wrt[0]
    program.check = {"wrt": wrt}
    return program


def second_order(m: _Maker, seed: int) -> fuzz.Program:
    """A DAG program's Hessian (and a Hessian-vector product) against finite differences of its
    gradient. (Twice differentiable primitives only: see Generator's ``second_order``.)"""
    program = fuzz.Generator(seed, m.avoid, second_order=True).program()
    program.check = {"wrt": tuple(range(len(program.params))), "order": 2}
    return program


def numba_backend(m: _Maker, seed: int) -> fuzz.Program:
    """A DAG program compiled with ``backend="numba"``, against finite differences."""
    program = fuzz.Generator(seed, m.avoid).program()
    program.check = {"wrt": tuple(range(len(program.params))), "backend": "numba", "refusable": True}
    return program


def large(m: _Maker, seed: int) -> fuzz.Program:
    """A DAG program on arrays of 10 to 5,000 elements (the size-dependent paths above 2,048 and
    4,096 elements), checked along random directions."""
    n = m.pick(10, 17, 100, 2049, 4097, 5000)
    shapes = [(), (n,), (n,)] if m.chance(0.7) else [(), (n,), (2, n // 2)]
    for attempt in range(8):                  # (until a parameter is large)
        program = fuzz.Generator(seed + attempt * 1_000_003, m.avoid, param_shapes=shapes).program()
        if max(fuzz.size(s) for s in program.shapes) >= 10:
            break
    program.seed = seed
    program.check = {"wrt": tuple(range(len(program.params)))}
    return program


def _vector_primitives(k: int) -> list[tuple[str, tuple]]:
    """(format over {0}: a (k,) vector, {1}: another, {M}: a (k, k) matrix; result shape)."""
    return [
        ("np.where({0} > {1}, {0}, {1} * 0.5)", (k,)),
        ("np.clip({0}, -0.5, 0.8)", (k,)),
        ("np.max({0})", ()), ("{0}.max()", ()), ("np.min({0})", ()), ("np.amax({M}, axis=0)", (k,)),
        ("np.prod(np.tanh({0}) + 1.5)", ()), ("np.prod(np.cos({M}) + 1.5, axis=1)", (k,)),
        ("np.cumsum({0})", (k,)), ("np.cumsum({M}, axis=1)", (k, k)),
        ("np.concatenate([{0}, {1}])[1:%d]" % (k + 1), (k,)),
        ("np.stack([{0}, {1}])", (2, k)), ("np.stack([{0}, {1}], axis=1)", (k, 2)),
        ("np.linalg.solve(np.eye(%d) * 3.0 + 0.3 * np.tanh({M}), {0})" % k, (k,)),
        ("np.linalg.inv(np.eye(%d) * 3.0 + 0.3 * np.tanh({M}))" % k, (k, k)),
        ("np.linalg.det(np.eye(%d) * 2.0 + 0.3 * np.tanh({M}))" % k, ()),
        ("np.einsum('ij,j->i', {M}, {0})", (k,)), ("np.einsum('i,i->', {0}, {1})", ()),
        ("np.einsum('ij->j', {M})", (k,)), ("np.einsum('ij,kj->ik', {M}, {M})", (k, k)),
        ("{0}[IDX]", (len(IDX_VALUES),)), ("np.sum({0}[{1} > 0.2])", ()),
        ("{0}[[0, %d, 0]]" % (k - 1), (3,)), ("{M}[IDX % 2]", (len(IDX_VALUES), k)),
        ("np.sum(np.where({M} > 0, {M}, 0.0), axis=0)", (k,)),
    ]


IDX_VALUES = [0, 1, 0, 1, 1]


def primitives(m: _Maker, seed: int) -> fuzz.Program:
    """where / clip / max / prod / cumsum / concatenate / stack / linalg / einsum, integer-array
    and mask indexing, on expressions from the DAG generator."""
    k = m.pick(2, 3, 4)
    names = {"x0": (k,), "x1": (k,), "M": (k, k)}
    lines = ["def f(x0, x1, M):"]
    for i in range(m.pick(1, 2, 3)):
        fmt, shape = m.rng.choice(_vector_primitives(k))
        filled = fmt.replace("{M}", "M").format(m.expr(names, (k,), 1), m.expr(names, (k,), 1))
        lines.append(f"    p{i} = {filled}")
        lines.append(f"    s{i} = np.sum(np.sin(p{i}))" if m.chance(0.5) else f"    s{i} = np.sum(p{i} * 0.5)")
    total = " + ".join(f"s{i}" for i in range(len(lines) // 2))
    lines.append(f"    return {total} + {m.expr(names, (), 1)}")
    header = [f"IDX = np.array({IDX_VALUES!r})"]
    return _program(seed, _module(seed, lines, header), ["x0", "x1", "M"], ["float"] * 3,
                    [(k,), (k,), (k, k)], wrt=(0, 1, 2))


CLASSES: dict[str, tuple[float, Callable]] = {
    "repeat-index": (2.0, repeat_index),
    "slice-assign": (1.5, slice_assign),
    "views": (1.5, views),
    "helpers": (1.0, helpers),
    "redefine": (1.0, redefine),
    "closures": (1.0, closures),
    "recursion": (1.0, recursion),
    "long": (0.5, long_code),
    "defaults": (1.0, defaults),
    "size1": (0.8, size1),
    "float32": (1.0, float32),
    "containers": (1.0, containers),
    "int-args": (1.0, integer_args),
    "wrt-subset": (1.0, wrt_subset),
    "hessian": (0.5, second_order),
    "numba": (0.3, numba_backend),
    "large": (0.8, large),
    "primitives": (2.0, primitives),
}


# --------------------------------------------------------------------------- checking a program
class _Failure(Exception):
    """A check failed: ``status`` is "mismatch" or "forward"; the message says how."""

    def __init__(self, status: str, message: str, report=None):
        super().__init__(message)
        self.status, self.report = status, report


def _load_module(source: str, directory, name: str):
    path = Path(directory) / f"{name}.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(f"_transpiler_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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


class _Case:
    """One program with its arguments: the checks of run_case."""

    def __init__(self, program: fuzz.Program, f: Callable, args: list):
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
        self.rtol = FLOAT32_RTOL if self.float32 else fuzz.RTOL

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
            if self.float32 and isinstance(self.args[i], (np.ndarray, np.float32)):
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

        atol = fuzz.ATOL if not self.float32 else 1e-4 * (1.0 + float(np.max(np.abs(analytic), initial=0)))
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


def _check_value(case: _Case, f: Callable) -> None:
    """value_and_grad's value is the function's own (a stale helper gives the old one)."""
    value, _ = api.value_and_grad(f, wrt=case.wrt)(*fresh_copies(case.args), **case.kwargs)
    expected = case.call(f, case.args)
    if not abs(_scalar_value(value, case.size1) - expected) <= 1e-9 * max(1.0, abs(expected)):
        raise _Failure("mismatch", f"value_and_grad's value {value!r} differs from f's value {expected!r}")


def _check_forward(case: _Case, f: Callable, gradients: tuple) -> None:
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
            fuzz.ATOL + case.rtol * max(scale, abs(expected)):
        raise _Failure("forward", f"forward mode: jvp gives {tangent!r}, but grad · direction = {expected!r}")
    expected_value = case.call(f, case.args)
    if not abs(_scalar_value(value, case.size1) - expected_value) <= 1e-9 * max(1.0, abs(expected_value)):
        raise _Failure("forward", f"forward mode: jvp's value {value!r} differs from f's value {expected_value!r}")


def _check_hessian(case: _Case, f: Callable) -> str:
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


def _accepted_refusal(exc: TranspileError, program: fuzz.Program) -> bool:
    """A refusal that points at the program's own file and says what to write instead (for a
    size-1 output, also the clean OutputShapeError with its hint, which has no source line)."""
    if not exc.hint:
        return False
    if program.check.get("size1") and isinstance(exc, OutputShapeError):
        return True
    if program.check.get("backend") == "numba" and str(exc).startswith("numba cannot compile"):
        return True    # the documented limit of numba's nopython mode (containers, axis reductions)
    loc = exc.location
    return bool(loc and Path(loc.filename).name.startswith(f"fuzz_{program.seed}"))


def _check_once(program: fuzz.Program, module, directory, args: list, forward: bool) -> str:
    f = getattr(module, program.name)
    case = _Case(program, f, args)
    check = program.check
    gradients = case.gradients(f)
    status = case.compare(f, gradients)
    if check.get("value") or check.get("redefine"):
        _check_value(case, f)
    if check.get("forward") or forward:
        _check_forward(case, f, gradients)
    if check.get("order") == 2 and status == "ok":
        status = _check_hessian(case, f)
    if check.get("redefine"):
        again = _load_module(check["redefine"], directory, f"fuzz_{program.seed}_again")
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


def _crash(program: fuzz.Program, args: list, exc: Exception) -> fuzz.Outcome:
    """A crash, or a "known" outcome when its message is that of a bug in fuzz.KNOWN_BUGS."""
    error = f"{type(exc).__name__}: {exc}\n" + traceback.format_exc(limit=-4)
    known = fuzz.known_bug(error)
    return fuzz.Outcome(program.seed, "known" if known else "crash", program, args, error=error,
                        known=known or "")


def run_case(program: fuzz.Program, directory, attempts: int = 3, forward: bool = False) -> fuzz.Outcome:
    """Check a program of a class (see the module docstring): ok, refused, mismatch, forward,
    crash, inconclusive or invalid."""
    Outcome = fuzz.Outcome
    try:
        module = _load_module(program.source, directory, f"fuzz_{program.seed}")
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
                value = _scalar_value(getattr(module, program.name)(*fresh_copies(args), **kwargs), size1)
            if not np.isfinite(value):
                raise ValueError(f"value {value!r} is not finite")
        except Exception:
            return Outcome(program.seed, "invalid", program, args, error=traceback.format_exc(limit=3))
        try:
            with fuzz._time_limit(TIME_LIMIT):
                status = _check_once(program, module, directory, args, forward)
        except _Failure as failure:
            return Outcome(program.seed, failure.status, program, args, error=str(failure))
        except TranspileError as exc:
            if program.check.get("refusable") and _accepted_refusal(exc, program):
                return Outcome(program.seed, "refused", program, args, error=exc.one_line())
            return _crash(program, args, exc)
        except fuzz._Timeout:
            return Outcome(program.seed, "crash", program, args,
                           error=f"Timeout: the checks took over {TIME_LIMIT:g} s")
        except Exception as exc:
            return _crash(program, args, exc)
        if status == "ok":
            return Outcome(program.seed, "ok", program, args)
        last = Outcome(program.seed, "inconclusive", program, args)
    return last
