"""Fuzzer: random programs whose reverse-mode gradient must match finite differences.

Every program is Python *source* (the compiler reads source), written to a module file and
imported. A program is a random DAG over the supported primitives — arithmetic, elementwise math
(``np.*``, ``math.*`` and builtins), reductions, matrix products where shapes allow, indexing,
transposes and reshapes — on a mix of scalars and small arrays with broadcasting, with ``if`` /
``elif`` / ``else`` and conditional expressions on data, ``for`` loops over ``range``, arrays,
constant tuples, ``enumerate`` and ``zip`` with loop-carried values, bounded ``while`` loops,
``break``, ``continue``, early ``return``, tuple assignment, augmented assignment, module-level
names read at call time and integer shape queries.

Inputs are kept inside every primitive's domain by construction (``np.log(x * x + 1)``,
``a / (1 + b * b)``, ``np.arcsin(0.9 * np.tanh(x))`` ...) and values moderate by interval
bounds: each expression carries a bound on its magnitude given bounds on its operands, loops are
bounded over every iteration, and a statement whose bound exceeds :data:`LIMIT` is generated anew.

A program is deterministic from its seed (:func:`generate`). :func:`run_program` checks it with
:func:`~transpiler.check.check_grad` on all its parameters; an *inconclusive* comparison (a kink,
branch or jump within a finite-difference step) is retried on fresh inputs drawn from the same seed.

    python -m transpiler.check.fuzz --count 10000 --seed 0 [--jobs 8]

prints ``N programs, M mismatches`` and, for each mismatch or crash, the program, its inputs and
the seed that reproduces it; ``--show SEED [--reduce]`` prints (and shrinks) one program.

Compiler bugs the fuzzer has found are listed in :data:`KNOWN_BUGS`, each with its regression
test: silent ones are steered clear of, crashes recognised by their message, so that a run reports
only what is new (``--include-known-bugs`` generates their triggers too).

Forward mode: :func:`check_forward_mode` is the hook that compares ``transpiler.jvp`` with the
reverse gradient along a random direction; it runs with ``--forward``.

About a third of the seeds are programs of a *class* instead (:mod:`.fuzz_classes`: repeated
index assignment, views written through, redefined helpers, float32, the numba backend, large
arrays, ...), each checked the way its bug class needs; ``--features a,b`` enables only some
(``none``: only the programs above). docs/checking.md lists them and what counts as a failure.
"""
from __future__ import annotations

import argparse
import importlib.util
import itertools
import math
import os
import random
import re
import sys
import tempfile
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from .finite_differences import GradCheckReport, check_grad

LIMIT = 200.0          # bound on the magnitude of every value a program computes
INPUT_BOUND = 2.0      # inputs are drawn from [-INPUT_BOUND, INPUT_BOUND]
MAX_SIZE = 9           # arrays have at most this many elements
RTOL, ATOL = 1e-5, 1e-7
PARAM_SHAPES = [(), (), (), (3,), (2, 3), (2, 1), (1, 3), (3, 2), (2,)]
CONSTANTS = [0.5, 0.7, 1.3, 2.0, 0.25, 1.5, 3, 2, 0.9, 1.1]


_METHOD = re.compile(r"\{0\}\.\w+\(")   # a method call on the first operand: "{0}.sum()"


class TooBig(Exception):
    """An expression's magnitude bound exceeds LIMIT (or its domain guard fails)."""


# --------------------------------------------------------------------------- expressions
class Node:
    """An expression: its source, its (static) shape, and a bound on its magnitude."""

    def src(self) -> str:
        raise NotImplementedError

    def bound(self, env: dict) -> float:
        raise NotImplementedError


@dataclass
class Leaf(Node):
    name: str
    shape: tuple

    def src(self) -> str:
        return self.name

    def bound(self, env: dict) -> float:
        return env[self.name]


@dataclass
class Lit(Node):
    value: float
    shape: tuple = ()

    def src(self) -> str:
        return f"({self.value!r})" if self.value < 0 else repr(self.value)

    def bound(self, env: dict) -> float:
        return abs(self.value)


@dataclass
class Op(Node):
    fmt: str                       # "np.exp({0})"
    kids: list
    shape: tuple
    rule: Callable                 # bounds of the kids -> bound of the result

    def src(self) -> str:
        return self.fmt.format(*[k.src() for k in self.kids])

    def bound(self, env: dict) -> float:
        kids = [k.bound(env) for k in self.kids]
        try:
            b = float(self.rule(*kids))
        except (OverflowError, ValueError, ZeroDivisionError):
            raise TooBig() from None
        if not b <= LIMIT:         # also catches nan
            raise TooBig()
        return b


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


def broadcast(*shapes) -> tuple | None:
    try:
        return tuple(np.broadcast_shapes(*shapes))
    except ValueError:
        return None


def size(shape: tuple) -> int:
    return int(np.prod(shape)) if shape else 1


# --------------------------------------------------------------------------- statements
@dataclass
class Stmt:
    def render(self, pad: str) -> list[str]:
        raise NotImplementedError

    def analyze(self, env: dict, track: dict) -> None:
        raise NotImplementedError


def _track(env: dict, track: dict) -> None:
    for k, v in env.items():
        if v > track.get(k, -1.0):
            track[k] = v


def run_block(stmts: list, env: dict, track: dict) -> None:
    for s in stmts:
        s.analyze(env, track)
        _track(env, track)


def render_block(stmts: list, pad: str) -> list[str]:
    lines = []
    for s in stmts:
        lines.extend(s.render(pad))
    return lines or [pad + "pass"]


@dataclass
class Assign(Stmt):
    target: str
    value: Node
    aug: str = ""               # "+", "-" or "*" for `target op= value`

    def render(self, pad):
        if self.aug:
            return [f"{pad}{self.target} {self.aug}= {self.value.src()}"]
        return [f"{pad}{self.target} = {self.value.src()}"]

    def analyze(self, env, track):
        b = self.value.bound(env)
        if self.aug == "*":
            b = env[self.target] * b
        elif self.aug:
            b = env[self.target] + b
        if not b <= LIMIT:
            raise TooBig()
        env[self.target] = b


@dataclass
class TupleAssign(Stmt):
    """``a, b = expr_a, expr_b``: every value is computed before any name is bound."""

    targets: list
    values: list

    def render(self, pad):
        return [f"{pad}{', '.join(self.targets)} = {', '.join(v.src() for v in self.values)}"]

    def analyze(self, env, track):
        bounds = [v.bound(env) for v in self.values]
        env.update(zip(self.targets, bounds))


@dataclass
class IfStmt(Stmt):
    test: Node
    body: list
    orelse: list = field(default_factory=list)

    def render(self, pad):
        lines = [f"{pad}if {self.test.src()}:", *render_block(self.body, pad + "    ")]
        orelse = self.orelse
        while len(orelse) == 1 and isinstance(orelse[0], IfStmt):   # elif chain
            lines += [f"{pad}elif {orelse[0].test.src()}:", *render_block(orelse[0].body, pad + "    ")]
            orelse = orelse[0].orelse
        if orelse:
            lines += [f"{pad}else:", *render_block(orelse, pad + "    ")]
        return lines

    def analyze(self, env, track):
        self.test.bound(env)
        outs = []
        for block in (self.body, self.orelse):
            local = dict(env)
            run_block(block, local, track)
            outs.append(local)
        for k in env:
            env[k] = max(o[k] for o in outs)


@dataclass
class Jump(Stmt):
    word: str                  # "break" or "continue"

    def render(self, pad):
        return [pad + self.word]

    def analyze(self, env, track):
        pass


@dataclass
class Return(Stmt):
    value: Node

    def render(self, pad):
        return [f"{pad}return {self.value.src()}"]

    def analyze(self, env, track):
        self.value.bound(env)


@dataclass
class Loop(Stmt):
    """``for``/``while``: analysed over every iteration, every statement boundary tracked."""

    header: str
    trips: int
    binds: dict                # loop names -> bound rule (env -> bound), set each iteration
    body: list
    before: list = field(default_factory=list)   # lines before the loop (a while counter)
    test: Node | None = None                      # a while loop's data-dependent test

    def render(self, pad):
        return [pad + b for b in self.before] + [pad + self.header, *render_block(self.body, pad + "    ")]

    def analyze(self, env, track):
        outer = set(env)
        local = dict(env)
        seen = dict(env)
        for _ in range(self.trips):
            for name, rule in self.binds.items():
                local[name] = rule(local)
            if self.test is not None:
                self.test.bound(local)
            run_block(self.body, local, seen)
            _track(local, seen)
        for k in outer:
            env[k] = max(seen[k], env[k])
        _track(env, track)


# --------------------------------------------------------------------------- the generator
@dataclass
class Var:
    name: str
    shape: tuple
    kind: str = "float"        # "float" or "int" (loop counters: inactive)
    mutable: bool = True       # False: a module-level name or a constant loop element


@dataclass
class Program:
    seed: int
    source: str
    params: list[str]
    shapes: list[tuple]
    features: set[str]
    name: str = "f"
    # A program of one of the classes in fuzz_classes (CLASSES) says how to call and check it:
    cls: str = ""                  # the class ("" for the random DAG programs above)
    kinds: list | None = None      # per parameter: see fuzz_classes.draw (None: all float)
    check: dict = field(default_factory=dict)   # wrt, kwargs, backend, order, forward, ...

    def inputs(self, attempt: int = 0) -> list:
        """Inputs for this program, deterministic from (seed, attempt)."""
        rng = np.random.default_rng([self.seed, attempt])
        if self.kinds is not None:
            from .fuzz_classes import draw
            return [draw(kind, shape, rng) for kind, shape in zip(self.kinds, self.shapes)]
        values = []
        for shape in self.shapes:
            x = rng.uniform(-INPUT_BOUND, INPUT_BOUND, size=shape)
            values.append(float(x) if shape == () else x)
        return values


class Generator:
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
            if len(s) == 2:
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

    # Statements ---------------------------------------------------------------------------
    def try_statement(self, make: Callable[[], Stmt | None], tries: int = 6) -> Stmt | None:
        """Generate a statement whose bounds hold, or give up; scope and features roll back."""
        for _ in range(tries):
            scope, counters = list(self.scope), list(self.counters)
            features = set(self.features)
            stmt = make()
            self.scope, self.counters = scope, counters
            if stmt is None:
                self.features = features
                continue
            env = dict(self.env)
            try:
                stmt.analyze(env, {})
            except TooBig:
                self.features = features
                continue
            return stmt
        return None

    def commit(self, stmt: Stmt, new: list[Var] = ()) -> None:
        stmt.analyze(self.env, {})
        self.scope.extend(new)

    def target_shape(self) -> tuple:
        shapes = list(self.shapes() | self.structural_shapes())
        combos = [broadcast(a, b) for a in shapes for b in shapes]
        shapes += [c for c in combos if c is not None and size(c) <= MAX_SIZE]
        return self.rng.choice(shapes)

    def assignment(self, reassign: bool) -> tuple[Stmt, list[Var]] | None:
        floats = self.mutables()
        if reassign and floats and self.chance(0.12):
            return self.tuple_assignment(floats)
        if reassign and floats:
            v = self.rng.choice(floats)
            value = self.expr(v.shape, self.rng.choice([1, 2, 2, 3]))
            if isinstance(value, Leaf):
                # `x = x`, or `y = x` ... `x = y`: the iteration leaves x as it found it
                if "self_assignment" in self.avoid:
                    return None
                self.features.add("self_assignment")
            # `a += b` on an array updates it in place, and every name for it (a known bug)
            if (not v.shape or "array_augassign" not in self.avoid) and self.chance(0.25):
                self.features.add("augassign")
                return Assign(v.name, value, aug=self.rng.choice(["+", "-", "*"])), []
            return Assign(v.name, value), []
        shape = self.target_shape()
        value = self.expr(shape, self.rng.choice([1, 2, 2, 3]))
        name = self.fresh()
        return Assign(name, value), [Var(name, value.shape)]

    def tuple_assignment(self, floats: list[Var]) -> tuple[Stmt, list[Var]] | None:
        """A swap ``a, b = b, a`` (same shapes) or ``a, b = <expr>, <expr>``."""
        a = self.rng.choice(floats)
        partners = [v for v in floats if v.shape == a.shape and v.name != a.name]
        if partners and self.chance(0.5):
            if self.loop_depth and "loop_swap" in self.avoid:
                return None
            b = self.rng.choice(partners)
            self.features.add("swap")
            values = [self.leaf(b), self.leaf(a)]
            return TupleAssign([a.name, b.name], values), []
        b = self.rng.choice(floats)
        if b.name == a.name:
            return None
        values = [self.expr(a.shape, 2), self.expr(b.shape, 2)]
        if any(isinstance(v, Leaf) for v in values):
            if "self_assignment" in self.avoid:
                return None
            self.features.add("self_assignment")
        self.features.add("tuple_assign")
        return TupleAssign([a.name, b.name], values), []

    def block(self, n: int, reassign_only: bool) -> list[Stmt]:
        """Statements in a nested block: new names stay local to it."""
        saved_scope, saved_env = list(self.scope), dict(self.env)
        out = []
        for _ in range(n):
            made = []

            def make():
                made.clear()
                kind = self.rng.random()
                if kind < 0.15 and self.loop_depth < 2 and self.if_depth < 2:
                    return self.if_statement(nested=True)
                result = self.assignment(reassign=reassign_only or self.chance(0.6))
                if result is None:
                    return None
                made[:] = result[1]
                return result[0]

            stmt = self.try_statement(make)
            if stmt is not None:
                self.commit(stmt, made)
                out.append(stmt)
        self.scope, self.env = saved_scope, saved_env
        return out

    def if_statement(self, nested: bool = False) -> Stmt:
        self.features.add("if")
        self.if_depth += 1
        try:
            test = self.condition()
            body = self.block(self.rng.randint(1, 2), reassign_only=True)
            orelse: list = []
            roll = self.rng.random()
            if roll < 0.25 and not nested:
                self.features.add("elif")
                orelse = [IfStmt(self.condition(), self.block(1, True), self.block(self.rng.randint(0, 1), True))]
            elif roll < 0.75:
                orelse = self.block(self.rng.randint(1, 2), reassign_only=True)
            return IfStmt(test, body, orelse)
        finally:
            self.if_depth -= 1

    def jump(self) -> Stmt:
        word = self.rng.choice(["break", "break", "continue"])
        self.features.add(word)
        return IfStmt(self.condition(0), [Jump(word)])

    def for_loop(self) -> Stmt | None:
        self.loop_depth += 1
        try:
            kind = self.rng.random()
            index = next(self.loops)
            binds: dict = {}
            # (a loop over a long array would make the finite differences slow)
            arrays = [v for v in self.floats() if v.shape and v.shape[0] <= MAX_SIZE]
            vectors = [v for v in arrays if len(v.shape) == 1]
            totals = [v for v in self.mutables() if v.shape == ()]
            if 0.1 <= kind < 0.2 and vectors and totals:
                return self.reduction_loop(index, vectors, totals)
            if kind < 0.1:
                values = [round(self.rng.uniform(-1.5, 1.5), 2) for _ in range(self.rng.randint(1, 3))]
                element = f"c{index}"
                trips = len(values)
                header = f"for {element} in ({', '.join(map(repr, values))}{',' if trips == 1 else ''}):"
                self.scope.append(Var(element, (), "float", mutable=False))
                binds[element] = lambda env, b=max(map(abs, values)): b
                self.features.add("constant_sequence")
            elif kind < 0.55 or not arrays:
                trips = self.rng.randint(1, 4)
                counter = f"i{index}"
                start = self.rng.choice([0, 0, 0, 1])
                header = f"for {counter} in range({trips}):" if start == 0 else \
                    f"for {counter} in range({start}, {trips + start}):"
                if arrays and start == 0 and self.chance(0.3):
                    seq = self.rng.choice(arrays)
                    trips = seq.shape[0]
                    header = f"for {counter} in range(len({seq.name})):"
                    self.features.add("range_len")
                self.scope.append(Var(counter, (), "int"))
                if start == 0:
                    self.counters.append((counter, trips))
                binds[counter] = lambda env, t=trips + start: float(t)
                self.features.add("for")
            else:
                seq = self.rng.choice(arrays)
                trips = seq.shape[0]
                element = f"e{index}"
                shape = seq.shape[1:]
                mode = self.rng.random()
                if mode < 0.4:
                    header = f"for {element} in {seq.name}:"
                    self.features.add("iterate")
                elif mode < 0.7:
                    counter = f"j{index}"
                    header = f"for {counter}, {element} in enumerate({seq.name}):"
                    self.scope.append(Var(counter, (), "int"))
                    binds[counter] = lambda env, t=trips: float(t)
                    self.features.add("enumerate")
                else:
                    partners = [v for v in arrays if v.shape[0] == trips and v is not seq] or [seq]
                    other = self.rng.choice(partners)
                    second = f"g{index}"
                    header = f"for {element}, {second} in zip({seq.name}, {other.name}):"
                    self.scope.append(Var(second, other.shape[1:]))
                    binds[second] = lambda env, n=other.name: env[n]
                    self.features.add("zip")
                self.scope.append(Var(element, shape))
                binds[element] = lambda env, n=seq.name: env[n]
            for name, rule in binds.items():
                self.env[name] = rule(self.env)
            body = self.loop_body()
            return Loop(header, trips, binds, body)
        finally:
            self.loop_depth -= 1

    def reduction_loop(self, index: int, vectors: list[Var], totals: list[Var]) -> Stmt:
        """``for i in range(len(x) - 1): s = s + <numbers from x[i], x[i + 1], ...>``: no
        iteration reads what another wrote, so its reverse loop runs as array code."""
        seq, total = self.rng.choice(vectors), self.rng.choice(totals)
        counter = f"i{index}"
        reach = self.rng.choice([0, 1, 1]) if seq.shape[0] >= 2 else 0      # reads x[i + reach]
        header = f"for {counter} in range(len({seq.name}){f' - {reach}' if reach else ''}):"
        elements = [Var(f"{seq.name}[{counter}]", (), mutable=False)]
        if reach:
            elements.append(Var(f"{seq.name}[{counter} + 1]", (), mutable=False))
        binds = {e.name: (lambda env, n=seq.name: env[n]) for e in elements}
        saved_scope, saved_env = list(self.scope), dict(self.env)
        # numbers only, and not the total itself: each iteration adds a term of its own
        self.scope = [v for v in self.scope if not v.shape and v.name != total.name] + elements
        for name, rule in binds.items():
            self.env[name] = rule(self.env)
        term = self.expr((), self.rng.choice([1, 2, 2]))
        self.scope, self.env = saved_scope, saved_env
        self.features.add("reduction_loop")
        body = [Assign(total.name, Op("({0} + {1})", [self.leaf(total), term], (), lambda a, b: a + b))]
        return Loop(header, seq.shape[0] - reach, binds, body)

    def loop_body(self) -> list[Stmt]:
        body = self.block(self.rng.randint(1, 3), reassign_only=False)
        if not any(isinstance(s, Assign) and s.target in self.env for s in body):
            # make sure something is carried from one iteration to the next
            carried = self.mutables()
            if carried:
                v = self.rng.choice(carried)
                body.append(Assign(v.name, Op("({0} * 0.5 + {1})", [self.leaf(v), self.expr(v.shape, 1)],
                                              v.shape, lambda a, b: 0.5 * a + b)))
        if self.chance(0.3):
            body.insert(self.rng.randint(0, len(body)), self.jump())
        if self.chance(0.08):
            self.features.add("early_return")
            body.append(IfStmt(self.condition(0), [Return(self.expr((), 1))]))
        if self.loop_depth < 2 and self.chance(0.15):
            self.features.add("nested_loop")
            inner = self.for_loop()
            if inner is not None:
                body.append(inner)
        return body

    def while_loop(self) -> Stmt:
        self.features.add("while")
        index = next(self.loops)
        counter = f"k{index}"
        trips = self.rng.randint(1, 4)
        test = f"{counter} < {trips}"
        extra = self.condition(0) if self.chance(0.6) else None
        self.loop_depth += 1
        try:
            self.scope.append(Var(counter, (), "int"))
            self.env[counter] = float(trips)
            body = self.loop_body()
        finally:
            self.loop_depth -= 1
        body = [s for s in body if not (isinstance(s, IfStmt) and s.body and isinstance(s.body[0], Jump)
                                        and s.body[0].word == "continue")]  # would skip the counter
        body.append(Assign(counter, Op("({0} + 1)", [Leaf(counter, ())], (), lambda b: b + 1)))
        header = f"while {test}:" if extra is None else f"while {test} and {extra.src()}:"
        return Loop(header, trips, {counter: lambda env, t=trips: float(t)}, body,
                    before=[f"{counter} = 0"], test=extra)

    def program(self) -> Program:
        n_params = self.rng.choice([1, 2, 2, 3, 3])
        params, shapes = [], []
        module: list[str] = []
        for i in range(self.rng.choice([0, 0, 0, 1, 2])):   # free names read at call time
            self.features.add("global")
            shape = self.rng.choice([(), (), (3,), (2, 3), (2, 1)])
            values = np.round(np.random.default_rng([self.seed, 99, i]).uniform(-1.5, 1.5, shape), 2)
            name = f"C{i}" if not shape else f"W{i}"
            module.append(f"{name} = {float(values)!r}" if not shape else
                          f"{name} = np.array({values.tolist()!r})")
            self.scope.append(Var(name, shape, mutable=False))
            self.env[name] = float(np.max(np.abs(values))) if shape else abs(float(values))
        for i in range(n_params):
            shape = self.rng.choice(self.param_shapes)
            params.append(f"x{i}")
            shapes.append(shape)
            self.scope.append(Var(f"x{i}", shape))
            self.env[f"x{i}"] = INPUT_BOUND
        stmts: list[Stmt] = []
        for _ in range(self.rng.randint(2, self.max_statements)):
            roll = self.rng.random()
            made: list[Var] = []

            def make():
                made.clear()
                if roll < 0.55:
                    result = self.assignment(reassign=self.chance(0.2))
                    if result is None:
                        return None
                    made[:] = result[1]
                    return result[0]
                if roll < 0.72:
                    return self.if_statement()
                if roll < 0.9:
                    return self.for_loop()
                return self.while_loop()

            stmt = self.try_statement(make)
            if stmt is not None:
                self.commit(stmt, made)
                stmts.append(stmt)
                if isinstance(stmt, Loop) and stmt.before:
                    self.scope.append(Var(stmt.before[0].split(" = ")[0], (), "int"))
        if self.chance(0.08):
            self.features.add("early_return")
            stmts.append(IfStmt(self.condition(0), [Return(self.expr((), 1))]))
        stmts.append(self.final_return())
        lines = [f"# fuzz program, seed {self.seed}", "import math", "", "import numpy as np", "",
                 *module, "", "", f"def f({', '.join(params)}):"]
        for s in stmts:
            lines.extend(s.render("    "))
        return Program(self.seed, "\n".join(lines) + "\n", params, shapes, self.features)

    def final_return(self) -> Stmt:
        floats = self.mutables()
        params = [v for v in floats if v.name.startswith("x")]
        others = [v for v in floats if not v.name.startswith("x")]
        chosen = others[-1:] + self.rng.sample(floats, min(len(floats), self.rng.randint(1, 3)))
        chosen += [v for v in params if v not in chosen and self.chance(0.5)]
        terms = []
        for v in {v.name: v for v in chosen}.values():
            leaf = self.leaf(v)
            if not v.shape:
                terms.append(leaf)
            else:
                fmt = self.rng.choice(["np.sum({0})", "np.mean({0})", "{0}.sum()", "np.sum(np.sin({0}))"])
                terms.append(Op(fmt, [leaf], (), lambda b: b))
        fmt = " + ".join(f"{{{i}}}" for i in range(len(terms))) or "0.0"
        return Return(Op(fmt, terms, (), lambda *bounds: sum(bounds)))


# Compiler bugs the fuzzer found. Each has a strict-xfail regression test in
# tests/check/test_fuzz.py. A bug that silently gives a wrong gradient is *avoided*: the generator
# steers clear of its trigger, so new bugs stand out. A crash is *recognised* by its message
# instead, so the programs that trigger it still exercise everything else; such outcomes count as
# "known", not as mismatches. Remove an entry once its bug is fixed.
@dataclass(frozen=True)
class KnownBug:
    description: str
    test: str                  # regression test in tests/check/test_fuzz.py
    avoid: bool = False        # steer generation clear of the trigger
    pattern: str = ""          # regular expression matching the crash message


KNOWN_BUGS = {
    "array_augassign": KnownBug(
        "`y += 1` on an array updates it in place, and with it every other name for it (`y = x`, "
        "a loop element, a view), which the compiler does not model: where such a name is read "
        "afterwards it refuses (a located error), never a wrong gradient",
        "test_augmented_assignment_to_an_aliased_array_is_refused_not_wrong", avoid=True,
        pattern=r"changes an array in place|is read after (a write through|the augmented assignment)"),
}


def known_bug(error: str) -> str | None:
    """The known bug a crash message belongs to, if any."""
    import re

    for name, bug in KNOWN_BUGS.items():
        if bug.pattern and re.search(bug.pattern, error):
            return name
    return None


def generate(seed: int, include_known_bugs: bool = False, max_statements: int = 7,
             features=None) -> Program:
    """The fuzz program for ``seed`` (the same source every time): 2 to ``max_statements``
    top-level statements, or, for about a third of the seeds, a program of one of the classes in
    :data:`fuzz_classes.CLASSES` enabled by ``features`` (a collection of class names; None: all,
    ``()``: none). Which class a seed gets is drawn from its own stream, so a seed that gets none
    is the same program whatever ``features`` is."""
    from . import fuzz_classes

    avoid = frozenset() if include_known_bugs else frozenset(k for k, b in KNOWN_BUGS.items() if b.avoid)
    cls = fuzz_classes.pick_class(seed, features)
    if cls:
        return fuzz_classes.build(cls, seed, avoid)
    return Generator(seed, avoid, max_statements).program()


# --------------------------------------------------------------------------- running programs
def load(program: Program, directory: str | os.PathLike) -> Callable:
    """Write the program to a module file and import its function (the compiler reads source)."""
    path = Path(directory) / f"fuzz_{program.seed}.py"
    path.write_text(program.source)
    spec = importlib.util.spec_from_file_location(f"_transpiler_fuzz_{program.seed}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, program.name)


def check_forward_mode(f: Callable, args: list, gradients: list, seed: int) -> str | None:
    """HOOK for forward mode: ``transpiler.jvp`` along a random direction against the reverse
    gradient (already checked against finite differences), ``J v == grad · v``.

    Returns a message on a mismatch or crash, None when it agrees (or when the compiler has no
    ``jvp``). Off unless asked for (``run_program(forward=True)``, ``--forward``).
    """
    from .. import api

    jvp = getattr(api, "jvp", None)
    if jvp is None:
        return None
    rng = np.random.default_rng([abs(seed), 7])
    directions = [rng.standard_normal(np.shape(a)) if np.ndim(a) else float(rng.standard_normal())
                  for a in args]
    try:
        with np.errstate(all="ignore"):
            value, tangent = jvp(f, [a.copy() if isinstance(a, np.ndarray) else a for a in args],
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


@dataclass
class Outcome:
    seed: int
    status: str    # "ok", "refused", "mismatch", "crash", "forward", "cross", "known",
    #                "inconclusive" or "invalid"
    program: Program
    inputs: list | None = None
    report: GradCheckReport | None = None
    error: str = ""
    known: str = ""               # the KNOWN_BUGS entry a "known" outcome belongs to

    def describe(self) -> str:
        label = f"KNOWN BUG {self.known}" if self.known else self.status.upper()
        flag = " --forward" if self.status == "forward" else ""
        if self.program.cls:
            label += f" [class {self.program.cls}]"
            flag += f" --features {self.program.cls}"
        lines = [f"--- seed {self.seed}: {label} "
                 f"(reproduce: python -m transpiler.check.fuzz --show {self.seed}{flag})",
                 self.program.source.rstrip()]
        if self.inputs is not None:
            shown = ", ".join(f"{p}={_fmt(v)}" for p, v in zip(self.program.params, self.inputs))
            lines.append(f"inputs: {shown}")
        if self.report is not None:
            lines.append(str(self.report))
        if self.error:
            lines.append(self.error.rstrip())
        return "\n".join(lines)


def _fmt(value) -> str:
    if isinstance(value, np.ndarray):
        return "np." + repr(value).replace("\n", "").replace("       ", " ")
    return repr(value)


def run_program(program: Program, directory: str | os.PathLike, attempts: int = 3,
                rtol: float = RTOL, atol: float = ATOL, forward: bool = False,
                cross: bool = False) -> Outcome:
    """Check one program's gradient (every parameter) against finite differences (and, with
    ``forward``, its forward-mode derivative against that gradient; with ``cross``, the
    gradient of a DAG program against autograd's, where autograd imports and runs it)."""
    if program.cls:
        from .fuzz_classes import run_case
        return run_case(program, directory, attempts, forward)
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
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}\n" + traceback.format_exc(limit=-4)
            known = known_bug(error)
            return Outcome(program.seed, "known" if known else "crash", program, args,
                           error=error, known=known or "")
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


# --------------------------------------------------------------------------- reducing a failure
def signature(outcome: Outcome) -> tuple:
    """What kind of failure an outcome is: the status, and for a crash the exception type."""
    if outcome.status in ("crash", "known", "forward"):
        return (outcome.status, outcome.error.split(":", 1)[0])
    return (outcome.status,)


def check_source(source: str, params: list[str], args: list, directory, seed: int = -1,
                 forward: bool = False) -> Outcome:
    """Run the gradient check on a program given as source, with fixed inputs."""
    program = Program(seed, source, params, [np.shape(a) for a in args], set())
    program.inputs = lambda attempt=0: [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    return run_program(program, directory, attempts=1, forward=forward)


class _Timeout(Exception):
    pass


class _time_limit:
    """Raise _Timeout in the main thread after ``seconds`` (where SIGALRM exists)."""

    def __init__(self, seconds: float):
        self.seconds = seconds

    def __enter__(self):
        import signal

        self.active = hasattr(signal, "setitimer")
        if self.active:
            def alarm(signum, frame):
                raise _Timeout()
            self.previous = signal.signal(signal.SIGALRM, alarm)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    def __exit__(self, *exc):
        if self.active:
            import signal

            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
        return False


def reduce_source(source: str, params: list[str], args: list, directory=None,
                  forward: bool = False) -> str:
    """Delete statements and unwrap ``if``/loops while the program fails the same way.

    Greedy, statement-level delta debugging: the result is 1-minimal with respect to deleting
    or unwrapping one statement at a time.
    """
    import ast as _ast

    own = directory is None
    directory = directory or tempfile.mkdtemp(prefix="transpiler_reduce_")
    counter = itertools.count()
    try:
        target = signature(check_source(source, params, args, directory, -next(counter) - 1, forward))
        if target == ("ok",):
            return source

        def fails(candidate: str) -> bool:
            try:
                compile(candidate, "<candidate>", "exec")
            except SyntaxError:
                return False
            try:
                with _time_limit(10.0):   # deleting `k = k + 1` can make a while loop endless
                    out = check_source(candidate, params, args, directory, -next(counter) - 1, forward)
            except _Timeout:
                return False
            return signature(out) == target

        def edits(tree):
            """Every (block, index, replacement) single edit of the function body."""
            fn = tree.body[-1]
            blocks = []
            for node in _ast.walk(fn):
                for name in ("body", "orelse"):
                    block = getattr(node, name, None)
                    if isinstance(block, list) and block and isinstance(block[0], _ast.stmt):
                        blocks.append(block)
            for block in blocks:
                for i, stmt in enumerate(block):
                    if isinstance(stmt, _ast.Return) and block is fn.body:
                        continue
                    yield block, i, []
                    for name in ("body", "orelse"):
                        inner = getattr(stmt, name, None)
                        if isinstance(stmt, (_ast.If, _ast.For, _ast.While)) and inner:
                            yield block, i, inner

        progress = True
        while progress:
            progress = False
            tree = _ast.parse(source)
            for n, (block, i, replacement) in enumerate(list(edits(tree))):
                tree = _ast.parse(source)
                block, i, replacement = list(edits(tree))[n]
                block[i:i + 1] = replacement or [_ast.Pass()]
                candidate = _ast.unparse(_ast.fix_missing_locations(tree)) + "\n"
                if len(candidate) < len(source) and fails(candidate):
                    source, progress = candidate, True
                    break
        return source
    finally:
        if own:
            import shutil
            shutil.rmtree(directory, ignore_errors=True)


def _run_seeds(job: tuple) -> list[Outcome]:
    seeds, include_known_bugs, forward, features, cross = job
    with tempfile.TemporaryDirectory(prefix="transpiler_fuzz_") as directory:
        return [run_program(generate(seed, include_known_bugs, features=features), directory,
                            forward=forward, cross=cross)
                for seed in seeds]


def fuzz(count: int, seed: int = 0, jobs: int = 1, include_known_bugs: bool = False,
         forward: bool = False, features=None, cross: bool = False) -> list[Outcome]:
    """Run programs ``seed, seed + 1, ..., seed + count - 1`` (``features``: as for
    :func:`generate`; ``cross``: see :func:`cross_check`)."""
    seeds = list(range(seed, seed + count))
    if jobs <= 1:
        return _run_seeds((seeds, include_known_bugs, forward, features, cross))
    import multiprocessing

    chunks = [(seeds[i::jobs], include_known_bugs, forward, features, cross) for i in range(jobs)]
    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        results = [o for part in pool.map(_run_seeds, chunks) for o in part]
    return sorted(results, key=lambda o: o.seed)


FAILURES = ("mismatch", "crash", "forward", "cross", "invalid")


def summary(outcomes: list[Outcome]) -> str:
    """``N programs, M mismatches`` and every failure in full."""
    counts = {s: sum(o.status == s for o in outcomes)
              for s in ("ok", "refused", "mismatch", "crash", "forward", "cross", "known",
                        "inconclusive", "invalid")}
    failed = counts["mismatch"] + counts["crash"] + counts["forward"] + counts["cross"]
    known = {}
    for o in outcomes:
        if o.status == "known":
            known[o.known] = known.get(o.known, 0) + 1
    detail = [f"{counts['mismatch']} wrong gradients", f"{counts['crash']} crashes"]
    if counts["forward"]:
        detail.append(f"{counts['forward']} forward-mode failures")
    if counts["cross"]:
        detail.append(f"{counts['cross']} disagreements with autograd")
    detail += [f"{counts['ok']} ok"]
    if counts["refused"]:
        detail.append(f"{counts['refused']} refused with a located error")
    detail += [f"{counts['inconclusive']} inconclusive near a kink",
               f"{counts['invalid']} invalid programs"]
    if known:
        detail.append("known bugs: " + ", ".join(f"{k} x{n}" for k, n in sorted(known.items())))
    lines = [f"{len(outcomes)} programs, {failed} mismatches ({'; '.join(detail)})"]
    lines += [o.describe() for o in outcomes if o.status in FAILURES]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m transpiler.check.fuzz",
        description="Check transpiler's reverse-mode gradient of random programs against finite "
                    "differences. Prints 'N programs, M mismatches' and, for each mismatch or "
                    "crash, the program, its inputs and the seed that reproduces it.",
        epilog="examples:\n  python -m transpiler.check.fuzz --count 10000 --seed 0 --jobs 8\n"
               "  python -m transpiler.check.fuzz --show 1234 --reduce",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000, help="number of programs (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="first seed (default 0)")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--show", type=int, metavar="SEED", help="print the program for SEED, check it, and exit")
    parser.add_argument("--reduce", action="store_true",
                        help="with --show: also print the failing program reduced statement by statement")
    parser.add_argument("--forward", action="store_true",
                        help="also check forward mode (transpiler.jvp) against the reverse gradient")
    parser.add_argument("--features", metavar="CLASS,...",
                        help="program classes to generate besides the random DAG programs: a "
                             "comma-separated subset of " + ", ".join(_class_names()) +
                             ", 'all' (the default) or 'none'")
    parser.add_argument("--cross-check", action="store_true",
                        help="also compare each DAG program's gradient with autograd's, where "
                             "autograd imports and can run the program (never a dependency)")
    parser.add_argument("--include-known-bugs", action="store_true",
                        help="also generate programs that trigger the known bugs KNOWN_BUGS avoids")
    args = parser.parse_args(argv)
    features = _parse_features(parser, args.features)
    if args.show is not None:
        program = generate(args.show, args.include_known_bugs, features=features)
        with tempfile.TemporaryDirectory(prefix="transpiler_fuzz_") as directory:
            outcome = run_program(program, directory, forward=args.forward, cross=args.cross_check)
            print(outcome.describe())
            if args.reduce and outcome.status in ("mismatch", "crash", "known", "forward"):
                print("--- reduced:")
                print(reduce_source(program.source, program.params, outcome.inputs, directory,
                                    forward=args.forward))
        return 1 if outcome.status in FAILURES else 0
    outcomes = fuzz(args.count, args.seed, args.jobs, args.include_known_bugs, args.forward, features,
                    args.cross_check)
    print(summary(outcomes))
    return 1 if any(o.status in FAILURES for o in outcomes) else 0


def _class_names() -> list[str]:
    from .fuzz_classes import CLASSES
    return list(CLASSES)


def _parse_features(parser, text: str | None):
    """``--features``: None (every class), () (none) or the named classes."""
    if text is None or text == "all":
        return None
    if text == "none":
        return ()
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in _class_names()]
    if unknown:
        parser.error(f"unknown feature class(es) {', '.join(unknown)}; choose from "
                     f"{', '.join(_class_names())}")
    return tuple(names)


if __name__ == "__main__":
    sys.exit(main())
