"""The expression half of the program generator: random bounded expressions of a given shape
over the names in scope, from the vocabulary in :data:`UNARY` and :data:`BINARY` (elementwise
math kept inside its domain by construction: ``np.log(x * x + 1)``, ``a / (1 + b * b)``,
``np.arcsin(0.9 * np.tanh(x))`` ...), reductions, indexing, transposes, reshapes, matrix
products, conditions on data and shape queries. :class:`~.generator.Generator` adds statements.
"""
from __future__ import annotations

import itertools
import math
import random
import re
from dataclasses import dataclass
from typing import Callable

from .program import Leaf, Lit, Node, Op, broadcast, size

MAX_SIZE = 9           # arrays have at most this many elements
PARAM_SHAPES = [(), (), (), (3,), (2, 3), (2, 1), (1, 3), (3, 2), (2,)]
CONSTANTS = [0.5, 0.7, 1.3, 2.0, 0.25, 1.5, 3, 2, 0.9, 1.1]


_METHOD = re.compile(r"\{0\}\.\w+\(")   # a method call on the first operand: "{0}.sum()"


def _cap(b: float) -> float:
    return b if b <= 50 else math.inf


# name, format, bound rule, scalar-only
UNARY = [
    ("exp", "np.exp({0})", lambda b: math.exp(_cap(b)), False),
    ("gauss", "np.exp(-{0} * {0})", lambda b: 1.0, False),
    ("log", "np.log({0} * {0} + 1)", lambda b: math.log(b * b + 1), False),
    ("log1p", "np.log1p({0} * {0})", lambda b: math.log1p(b * b), False),
    ("log2", "np.log2(1 + {0} * {0})", lambda b: math.log2(1 + b * b), False),
    ("log10", "np.log10(2 + {0} * {0})", lambda b: math.log10(2 + b * b), False),
    ("sqrt", "np.sqrt({0} * {0} + 1)", lambda b: math.sqrt(b * b + 1), False),
    ("sin", "np.sin({0})", lambda b: 1.0, False),
    ("cos", "np.cos({0})", lambda b: 1.0, False),
    ("tan", "np.tan(0.5 * np.tanh({0}))", lambda b: math.tan(0.5), False),
    ("tanh", "np.tanh({0})", lambda b: 1.0, False),
    ("arctan", "np.arctan({0})", lambda b: math.pi / 2, False),
    ("arcsin", "np.arcsin(0.9 * np.tanh({0}))", lambda b: math.pi / 2, False),
    ("arccos", "np.arccos(0.9 * np.tanh({0}))", lambda b: math.pi, False),
    ("arctanh", "np.arctanh(0.9 * np.tanh({0}))", lambda b: 1.48, False),
    ("sinh", "np.sinh({0})", lambda b: math.sinh(_cap(b)), False),
    ("cosh", "np.cosh({0})", lambda b: math.cosh(_cap(b)), False),
    ("arcsinh", "np.arcsinh({0})", lambda b: math.asinh(b), False),
    ("arccosh", "np.arccosh({0} * {0} + 1.5)", lambda b: math.acosh(b * b + 1.5), False),
    ("abs", "np.abs({0})", lambda b: b, False),
    ("square", "np.square({0})", lambda b: b * b, False),
    ("pow2", "({0} ** 2)", lambda b: b * b, False),
    ("pow3", "({0} ** 3)", lambda b: b ** 3, False),
    ("power", "np.power({0}, 2)", lambda b: b * b, False),
    ("pow1.5", "(np.abs({0}) ** 1.5)", lambda b: b ** 1.5, False),
    ("expm1", "np.expm1({0})", lambda b: math.expm1(_cap(b)), False),
    ("reciprocal", "np.reciprocal(1 + {0} * {0})", lambda b: 1.0, False),
    ("sigmoid", "(1 / (1 + np.exp(-{0})))", lambda b: 1.0, False),
    ("neg", "(-{0})", lambda b: b, False),
    ("negative", "np.negative({0})", lambda b: b, False),
    ("mod", "({0} % 1.3)", lambda b: 1.3, False),
    ("scale", "(0.5 * {0})", lambda b: 0.5 * b, False),
    ("sinc", "np.sinc({0})", lambda b: 1.0, False),
    ("cbrt", "np.cbrt(1 + {0} * {0})", lambda b: (1 + b * b) ** (1 / 3), False),
    ("float_power", "np.float_power(1 + {0} * {0}, 1.5)", lambda b: (1 + b * b) ** 1.5, False),
    ("math.exp", "math.exp({0})", lambda b: math.exp(_cap(b)), True),
    ("math.sin", "math.sin({0})", lambda b: 1.0, True),
    ("math.cos", "math.cos({0})", lambda b: 1.0, True),
    ("math.tanh", "math.tanh({0})", lambda b: 1.0, True),
    ("math.atan", "math.atan({0})", lambda b: math.pi / 2, True),
    ("math.log", "math.log({0} * {0} + 1)", lambda b: math.log(b * b + 1), True),
    ("math.sqrt", "math.sqrt({0} * {0} + 1)", lambda b: math.sqrt(b * b + 1), True),
    ("math.asin", "math.asin(0.9 * math.tanh({0}))", lambda b: math.pi / 2, True),
    ("math.fabs", "math.fabs({0})", lambda b: b, True),
    ("abs()", "abs({0})", lambda b: b, True),
    ("float", "float({0})", lambda b: b, True),
    ("pow()", "pow(1 + {0} * {0}, 0.5)", lambda b: math.sqrt(1 + b * b), True),
]

BINARY = [
    ("add", "({0} + {1})", lambda a, b: a + b, False),
    ("sub", "({0} - {1})", lambda a, b: a + b, False),
    ("mul", "({0} * {1})", lambda a, b: a * b, False),
    ("mul", "({0} * {1})", lambda a, b: a * b, False),
    ("div", "({0} / (1 + {1} * {1}))", lambda a, b: a, False),
    ("div_cos", "({0} / (2 + np.cos({1})))", lambda a, b: a, False),
    ("np.divide", "np.divide({0}, 1 + np.abs({1}))", lambda a, b: a, False),
    ("maximum", "np.maximum({0}, {1})", max, False),
    ("minimum", "np.minimum({0}, {1})", max, False),
    ("fmax", "np.fmax({0}, {1})", max, False),
    ("fmin", "np.fmin({0}, {1})", max, False),
    ("np.add", "np.add({0}, {1})", lambda a, b: a + b, False),
    ("np.subtract", "np.subtract({0}, {1})", lambda a, b: a + b, False),
    ("np.multiply", "np.multiply({0}, {1})", lambda a, b: a * b, False),
    ("arctan2", "np.arctan2({0}, 1 + {1} * {1})", lambda a, b: math.pi, False),
    ("powdata", "((1 + {0} * {0}) ** (0.5 * np.tanh({1})))", lambda a, b: math.sqrt(1 + a * a), False),
    ("np.power", "np.power(1 + {0} * {0}, np.sin({1}))", lambda a, b: 1 + a * a, False),
    ("np.mod", "np.mod({0}, 1.5 + {1} * {1})", lambda a, b: 1.5 + b * b, False),
    ("compare", "(({0} > {1}) * {1})", lambda a, b: b, False),
    ("floordiv", "(({0} // 0.7) * {1})", lambda a, b: (a / 0.7 + 1) * b, False),
    ("max()", "max({0}, {1})", max, True),
    ("min()", "min({0}, {1})", max, True),
    ("max3", "max({0}, {1}, 0.3)", lambda a, b: max(a, b, 0.3), True),
    ("math.atan2", "math.atan2({0}, 1 + {1} * {1})", lambda a, b: math.pi, True),
]


@dataclass
class Var:
    """A name in scope where the generator stands."""

    name: str
    shape: tuple
    kind: str = "float"        # "float" or "int" (loop counters: inactive)
    mutable: bool = True       # False: a module-level name or a constant loop element


class ExpressionGenerator:
    """Random expressions over the names in scope; the state a whole program is generated with."""

    def __init__(self, seed: int, avoid: frozenset = frozenset(), max_statements: int = 7,
                 param_shapes: list | None = None, second_order: bool = False):
        self.seed = seed
        # for Hessians: no |u| ** 1.5, whose second derivative is infinite at u = 0 (a masked
        # product is exactly 0 there, and AD's inf * 0 tangent is nan, in every AD tool)
        self.second_order = second_order
        self.param_shapes = param_shapes or PARAM_SHAPES
        self.avoid = avoid                    # KNOWN_BUGS not to trigger
        self.max_statements = max_statements
        self._structural: dict = {}
        self.rng = random.Random(seed)
        self.env: dict[str, float] = {}       # name -> bound, at the current point
        self.scope: list[Var] = []            # names usable here
        self.count = itertools.count(1)
        self.loops = itertools.count(1)
        self.features: set[str] = set()
        self.loop_depth = 0
        self.if_depth = 0
        self.counters: list[tuple[str, int]] = []   # range loop counters in scope, with trip count

    # Helpers ------------------------------------------------------------------------------
    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def floats(self, shape=None) -> list[Var]:
        return [v for v in self.scope if v.kind == "float" and (shape is None or v.shape == shape)]

    def mutables(self) -> list[Var]:
        return [v for v in self.floats() if v.mutable]

    def shapes(self) -> set[tuple]:
        return {v.shape for v in self.floats()} | {()}

    def fresh(self, prefix="v") -> str:
        return f"{prefix}{next(self.count)}"

    def leaf(self, v: Var) -> Leaf:
        return Leaf(v.name, v.shape)

    # Expressions --------------------------------------------------------------------------
    def structural(self, shape: tuple) -> list[tuple[str, Callable[[], Node]]]:
        """Ways to get a value of ``shape`` straight from variables: reductions, indexing,
        transposes, reshapes, matrix products."""
        key = (shape, tuple((v.name, v.shape, v.kind) for v in self.scope), tuple(self.counters))
        if key not in self._structural:
            self._structural[key] = self._structural_uncached(shape)
        return self._structural[key]

    def _structural_uncached(self, shape: tuple) -> list[tuple[str, Callable[[], Node]]]:
        out = []
        arrays = [v for v in self.floats() if v.shape]
        for v in arrays:
            s, leaf = v.shape, self.leaf(v)
            n = size(s)

            def add(feature, fmt, out_shape, rule, kids=(leaf,), v=v):
                if _METHOD.search(fmt) and not self.method_ok(v):
                    return
                if out_shape == shape:
                    out.append((feature, lambda fmt=fmt, kids=kids, rule=rule:
                                Op(fmt, list(kids), shape, rule)))

            add("reduction", "np.sum({0})", (), lambda b, n=n: n * b)
            add("reduction", "np.mean({0})", (), lambda b: b)
            add("reduction", "{0}.sum()", (), lambda b, n=n: n * b)
            add("reduction", "{0}.mean()", (), lambda b: b)
            for axis in range(len(s)):
                rest = s[:axis] + s[axis + 1:]
                keep = s[:axis] + (1,) + s[axis + 1:]
                spelled = axis - len(s)
                add("reduction", f"np.sum({{0}}, axis={axis})", rest, lambda b, k=s[axis]: k * b)
                add("reduction", f"np.mean({{0}}, axis={spelled})", rest, lambda b: b)
                add("reduction", f"{{0}}.sum(axis={axis})", rest, lambda b, k=s[axis]: k * b)
                add("reduction", f"np.sum({{0}}, axis={axis}, keepdims=True)", keep,
                    lambda b, k=s[axis]: k * b)
                add("reduction", f"np.mean({{0}}, axis={spelled}, keepdims=True)", keep, lambda b: b)
                add("cumulative", f"np.cumprod({{0}}, axis={axis})", s, lambda b, k=s[axis]: max(1.0, b) ** k)
                add("reduction", f"np.nanmean({{0}}, axis={axis})", rest, lambda b: b)
            add("reduction", "np.nansum({0})", (), lambda b, n=n: n * b)
            add("reduction", "np.nanmax({0})", (), lambda b: b)
            if len(s) == 2:
                add("diagonal", "np.diagonal({0})", (min(s),), lambda b: b)
                add("diagonal", "{0}.diagonal()", (min(s),), lambda b: b)
                add("transpose", "{0}.T", s[::-1], lambda b: b)
                add("transpose", "np.transpose({0})", s[::-1], lambda b: b)
                add("index", "{0}[:, 0]", (s[0],), lambda b: b)
                add("index", "{0}[0, :]", (s[1],), lambda b: b)
                add("index", "{0}[-1, -1]", (), lambda b: b)
                if s[1] >= 2:
                    add("index", "{0}[:, 1:]", (s[0], s[1] - 1), lambda b: b)
                    add("index", "{0}[0, 1]", (), lambda b: b)
            add("reshape", "np.reshape({0}, (%d,))" % n, (n,), lambda b: b)
            add("reshape", "{0}.ravel()", (n,), lambda b: b)
            add("reshape", "np.ravel({0})", (n,), lambda b: b)
            if n == 6:
                for a, c in ((2, 3), (3, 2)):
                    add("reshape", f"{{0}}.reshape({a}, {c})", (a, c), lambda b: b)
            add("index", "{0}[0]", s[1:], lambda b: b)
            add("index", "{0}[-1]", s[1:], lambda b: b)
            if s[0] >= 2:
                add("index", "{0}[1:]", (s[0] - 1,) + s[1:], lambda b: b)
                add("index", "{0}[:-1]", (s[0] - 1,) + s[1:], lambda b: b)
                add("index", "{0}[::2]", ((s[0] + 1) // 2,) + s[1:], lambda b: b)
            for counter, trips in self.counters:
                if s[0] >= trips:
                    add("index", f"{{0}}[{counter}]", s[1:], lambda b: b)
        # matrix products: (m,k)@(k,n), (m,k)@(k,), (k,)@(k,n), (k,)@(k,)
        operands = []
        for v in arrays:
            if len(v.shape) <= 2:
                operands.append(("{%d}", v, v.shape))
                if len(v.shape) == 2:
                    operands.append(("{%d}.T", v, v.shape[::-1]))
        for (fa, va, sa), (fb, vb, sb) in itertools.product(operands, repeat=2):
            if sa[-1] != sb[0]:
                continue
            result = sa[:-1] + sb[1:]
            if result != shape:
                continue
            k = sa[-1]
            a, b = fa % 0, fb % 1
            for fmt in (f"({a} @ {b})", f"np.matmul({a}, {b})", f"np.dot({a}, {b})"):
                out.append(("matmul", lambda fmt=fmt, va=va, vb=vb, k=k: Op(
                    fmt, [self.leaf(va), self.leaf(vb)], shape, lambda x, y, k=k: k * x * y)))
        return out

    def expr(self, shape: tuple, depth: int) -> Node:
        """A random expression of exactly ``shape``."""
        choices: list[tuple[float, Callable[[], Node]]] = []
        exact = self.floats(shape)
        if exact:
            choices.append((3.0, lambda: self.leaf(self.rng.choice(exact))))
        ints = [v for v in self.scope if v.kind == "int"]
        if shape == ():
            choices.append((0.4, lambda: Lit(self.rng.choice(CONSTANTS) * self.rng.choice((1, -1)))))
            if ints:
                choices.append((0.3, lambda: Leaf(self.rng.choice(ints).name, ())))
            arrays = [v for v in self.floats() if v.shape]
            if arrays:
                choices.append((0.3, lambda: self.shape_query(self.rng.choice(arrays))))
        structural = self.structural(shape)
        if structural:
            def pick_structural():
                feature, build = self.rng.choice(structural)
                self.features.add(feature)
                return build()
            choices.append((2.0, pick_structural))
        if depth > 0:
            choices.append((4.0, lambda: self.unary(shape, depth)))
            pairs = self.operand_shapes(shape)
            if pairs:
                choices.append((4.0, lambda: self.binary(shape, depth, pairs)))
            if self.chance(0.2):
                choices.append((0.6, lambda: self.ifexp(shape, depth)))
        if not choices:   # no variable of this shape: broadcast two that make it
            return self.binary(shape, 1, self.operand_shapes(shape))
        weights = [w for w, _ in choices]
        return self.rng.choices([c for _, c in choices], weights)[0]()

    def method_ok(self, v: Var) -> bool:
        """``v.sum()``, ``v.ravel()``...: fine unless v is a module-level array (a known bug)."""
        return v.mutable or not v.shape or "global_method" not in self.avoid

    def shape_query(self, v: Var) -> Node:
        """An integer read off an array's shape: inactive, and piecewise constant."""
        self.features.add("shape_query")
        options = [("len({0})", v.shape[0]), ("{0}.shape[0]", v.shape[0]),
                   ("{0}.shape[-1]", v.shape[-1]), ("{0}.size", size(v.shape)),
                   ("np.size({0})", size(v.shape)), ("{0}.ndim", len(v.shape))]
        fmt, value = self.rng.choice(options)
        return Op(fmt, [self.leaf(v)], (), lambda b, value=value: float(value))

    def operand_shapes(self, shape: tuple) -> list[tuple[tuple, tuple]]:
        """Operand shapes that broadcast to ``shape``, each available straight from a variable."""
        available = {s for s in self.shapes() | self.structural_shapes()
                     if s == () or self.floats(s) or self.structural(s)}
        pairs = []
        for a in available:
            for b in available:
                if broadcast(a, b) == shape:
                    pairs.append((a, b))
        return pairs

    def structural_shapes(self) -> set:
        shapes = set()
        for v in self.floats():
            s = v.shape
            if s:
                shapes.add(s[1:])
                if len(s) == 2:
                    shapes.add(s[::-1])
        return shapes

    def unary(self, shape, depth) -> Node:
        options = [u for u in UNARY if (not u[3] or shape == ()) and not (self.second_order and u[0] == "pow1.5")]
        name, fmt, rule, scalar = self.rng.choice(options)
        self.features.add("math" if scalar else "unary")
        return Op(fmt, [self.expr(shape, depth - 1)], shape, rule)

    def binary(self, shape, depth, pairs) -> Node:
        a, b = self.rng.choice(pairs)
        if a != b and a and b:
            self.features.add("broadcast")
        options = [o for o in BINARY if not o[3] or (a == () and b == ())]
        name, fmt, rule, scalar = self.rng.choice(options)
        if scalar:
            self.features.add("math")
        return Op(fmt, [self.expr(a, depth - 1), self.expr(b, depth - 1)], shape, rule)

    def condition(self, depth: int = 1) -> Node:
        """A scalar test on data."""
        self.features.add("condition")
        roll = self.rng.random()
        if roll < 0.15 and depth > 0:
            op = self.rng.choice(["({0} and {1})", "({0} or {1})"])
            return Op(op, [self.condition(0), self.condition(0)], (), lambda a, b: 0.0)
        if roll < 0.22 and depth > 0:
            return Op("(not {0})", [self.condition(0)], (), lambda a: 0.0)
        op = self.rng.choice([">", "<", ">=", "<="])
        threshold = Lit(round(self.rng.uniform(-1.5, 1.5), 2))
        left = self.expr((), self.rng.choice([0, 1, 1]))
        for _ in range(4):            # a test on data, not on a constant
            if not isinstance(left, Lit):
                break
            left = self.expr((), 1)
        return Op(f"({{0}} {op} {{1}})", [left, threshold], (), lambda a, b: 0.0)

    def ifexp(self, shape, depth) -> Node:
        self.features.add("ifexp")
        test = self.condition(0)
        return Op("({1} if {0} else {2})", [test, self.expr(shape, depth - 1),
                                            self.expr(shape, depth - 1)], shape,
                  lambda t, a, b: max(a, b))
