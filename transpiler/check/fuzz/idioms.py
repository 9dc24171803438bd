"""Statements of Python as people write it, mixed into the DAG programs (issue 15): a lambda
assigned then called, a lambda or a function passed to a helper, a nested ``def`` closing over
the locals, comprehensions inside ``sum``, ``sorted``/``max``/``min`` with ``key=``, starred
unpacking, a dict built and read through ``.values()``/``.items()``, a NamedTuple built and read,
a ``raise`` in a branch the bounds prove never taken and an ``assert``, a list grown with
``append`` and read with ``pop``, ``np.add.at``, a ``**opts`` helper, ``with np.errstate(...)``,
draws from a ``np.random.Generator`` seeded in the function, and elementwise primitives drawn
from the registry (:mod:`.registry_draws`).

Every choice here comes from a random stream of its own (``idiom_rng``), seeded by the program's
seed, so a program for which no statement slot drew an idiom statement is the very program the
seed gave before idioms existed (one drawn, then discarded with the statement around it, can
still change which statement is made instead); each statement still carries magnitude bounds (:class:`Applied`, :class:`Drawn`), and
one whose bounds fail is made anew like any other.
"""
from __future__ import annotations

import itertools
import random
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable

from .expressions import MAX_SIZE, Var
from .program import LIMIT, Assign, IfStmt, Leaf, Node, Op, Stmt, TooBig, size
from .registry_draws import DOMAIN_FORMATS, elementwise_candidates

IDIOM_RATE = 0.035         # chance that a statement slot gets an idiom statement

# Module-level helpers the idiom statements call; each is written into a program that uses it.
HELPERS = {
    "apply": ["def apply(fn, v, times=1):", "    for _ in range(times):", "        v = fn(v)", "    return v"],
    "total": ["def total(*xs, scale=1.0):", "    return scale * sum(xs)"],
    "Pair": ["Pair = collections.namedtuple('Pair', ['a', 'b'])"],
    "scaled": ["def scaled(v, **opts):", "    return v * opts.get('gain', 1.0) + opts['shift']"],
}


@dataclass
class Applied(Node):
    """A value computed by a function body ``body`` (over the name ``param``) applied to the
    ``kids``, ``count`` times added up: its bound is ``count`` times the body's at the kids'."""

    render: Callable[[list[str]], str]
    kids: list
    shape: tuple
    body: Node
    param: str = "t"
    count: float = 1.0

    def src(self) -> str:
        return self.render([k.src() for k in self.kids])

    def bound(self, env: dict) -> float:
        reach = max([k.bound(env) for k in self.kids], default=0.0)
        b = self.count * self.body.bound({**env, self.param: reach})
        if not b <= LIMIT:
            raise TooBig()
        return b


@dataclass
class Drawn(Node):
    """A random draw: a constant of the derivative, of moderate size."""

    text: str
    shape: tuple

    def src(self) -> str:
        return self.text

    def bound(self, env: dict) -> float:
        return 6.0


@dataclass
class Lines(Stmt):
    """Lines written as they are, then an assignment (``fn = lambda t: ...`` then ``v = fn(a)``)."""

    before: list
    then: Stmt
    wrap: str = ""             # a `with ...:` around the assignment

    def render(self, pad):
        lines = [pad + line for block in self.before for line in block.split("\n")]
        if self.wrap:
            return lines + [pad + self.wrap] + self.then.render(pad + "    ")
        return lines + self.then.render(pad)

    def analyze(self, env, track):
        self.then.analyze(env, track)


@dataclass
class Raise(Stmt):
    message: str

    def render(self, pad):
        return [f'{pad}raise ValueError("{self.message}")']

    def analyze(self, env, track):
        pass


@dataclass
class Assert(Stmt):
    test: str

    def render(self, pad):
        return [f'{pad}assert {self.test}, "diverged"']

    def analyze(self, env, track):
        pass


class IdiomStatements:
    """The idiom statements of :class:`~.generator.Generator` (which provides ``expr``, ``scope``...)."""

    def init_idioms(self, seed: int, enabled: bool) -> None:
        self.idiom_rng = random.Random(f"fuzz-idioms-{seed}")
        self.idioms_enabled = enabled
        self.idiom_drawn = False            # whether any statement slot drew an idiom statement
        self.helpers: set[str] = set()      # HELPERS the program calls
        self.draws = False                  # whether f seeds a generator `rng` first
        self.idiom_names = itertools.count(1)   # (names of their own: the others stay as they were)

    def idiom_turn(self) -> bool:
        turn = self.idioms_enabled and self.idiom_rng.random() < IDIOM_RATE
        self.idiom_drawn = self.idiom_drawn or turn
        return turn

    @contextmanager
    def idiom_stream(self):
        """Every random choice inside comes from ``idiom_rng``."""
        saved, self.rng = self.rng, self.idiom_rng
        try:
            yield
        finally:
            self.rng = saved

    def idiom_statement(self, reassign: bool) -> tuple[Stmt, list[Var]] | None:
        with self.idiom_stream():
            floats = self.mutables()
            if reassign and floats and self.chance(0.3):
                v = self.rng.choice(floats)
                if self.chance(0.3):
                    return self.guard(v), []
                target, shape = v.name, v.shape
            else:
                target, shape = self.idiom_name("u"), self.target_shape()
            forms = [self.lambda_value, self.helper_value, self.nested_def, self.comprehension_sum,
                     self.sorted_pick, self.starred_value, self.dict_value, self.record_value,
                     self.random_value, self.registry_value, self.list_value, self.add_at_value,
                     self.keywords_value]
            made = self.rng.choice(forms)(shape)
            if made is None:
                return None
            before, value = made
            wrap = 'with np.errstate(all="ignore"):' if self.chance(0.1) else ""
            if wrap:
                self.features.add("idiom_with")
            stmt = Lines(before, Assign(target, value), wrap)
            return stmt, ([] if target in {v.name for v in floats} else [Var(target, shape)])

    def idiom_name(self, prefix: str) -> str:
        return f"{prefix}{next(self.idiom_names)}"

    # The forms: (lines before, the value) ------------------------------------------------
    def body_over(self, param: str, shape: tuple, depth: int = 2) -> Node:
        """An expression of ``shape`` over the names in scope and ``param`` (of ``shape``)."""
        self.scope.append(Var(param, shape, mutable=False))
        try:
            return self.expr(shape, depth)
        finally:
            self.scope.pop()

    def lambda_value(self, shape):
        self.features.add("idiom_lambda")
        name, body = self.idiom_name("fn"), self.body_over("t", shape)
        return [f"{name} = lambda t: {body.src()}"], Applied(lambda a: f"{name}({a[0]})", [self.expr(shape, 1)],
                                                             shape, body)

    def helper_value(self, shape):
        """A lambda, a NumPy function or a local function passed to the helper ``apply``."""
        self.features.add("idiom_function_value")
        self.helpers.add("apply")
        times = self.rng.choice([1, 1, 2])
        body = self.body_over("t", shape, 1)
        if times == 2:      # apply's loop feeds the body its own value: bound it through tanh
            body = Op("np.tanh({0})", [body], shape, lambda b: 1.0)
        kind = self.rng.choice(["lambda", "def", "numpy"])
        if kind == "numpy":
            fn = self.rng.choice(["np.tanh", "np.sin", "np.cos", "np.arctan"])
            return [], Applied(lambda a: f"apply({fn}, {a[0]}, times={times})", [self.expr(shape, 1)], shape,
                               Leaf("t", shape))
        if kind == "lambda":
            return [], Applied(lambda a: f"apply(lambda t: {body.src()}, {a[0]}, times={times})",
                               [self.expr(shape, 1)], shape, body)
        name = self.idiom_name("fg")
        return [f"def {name}(t):\n    return {body.src()}"], Applied(
            lambda a: f"apply({name}, {a[0]}, times={times})", [self.expr(shape, 1)], shape, body)

    def nested_def(self, shape):
        """A function defined here, reading the locals in scope (a closure), called at once."""
        self.features.add("idiom_nested_def")
        name, body = self.idiom_name("inner"), self.body_over("t", shape)
        return [f"def {name}(t):\n    return {body.src()}"], Applied(
            lambda a: f"{name}({a[0]})", [self.expr(shape, 1)], shape, body)

    def comprehension_sum(self, shape):
        """``sum(<body of r> for r in seq)`` over an array's rows (list comprehension too)."""
        # (a number may add up rows of any shape: np.sum of the sum)
        seqs = [v for v in self.floats() if v.shape and (shape == () or v.shape[1:] == shape)
                and v.shape[0] <= MAX_SIZE]
        if not seqs:
            return None
        self.features.add("idiom_comprehension")
        seq = self.rng.choice(seqs)
        n, row = seq.shape[0], seq.shape[1:]
        body = self.body_over("r", row)
        if self.chance(0.7):       # (n terms of it must stay within LIMIT)
            body = Op("np.tanh({0})", [body], row, lambda b: 1.0)
        form = self.rng.choice(["sum({b} for r in {s})", "sum([{b} for r in {s}])",
                                "sum(0.1 * k * ({b}) for k, r in enumerate({s}))", "sum({b} for r in {s} if True)"])
        if row != shape:
            form = f"np.sum({form})"
        count = (0.1 * n * (n - 1) if "enumerate" in form else n) * size(row)
        return [], Applied(lambda a: form.format(b=body.src(), s=a[0]), [Leaf(seq.name, seq.shape)], shape,
                           body, param="r", count=max(count, 1))

    def sorted_pick(self, shape):
        """An item of ``sorted([...], key=...)``, or ``max``/``min`` with ``key=``."""
        self.features.add("idiom_sorted")
        items = [self.expr(shape, 1) for _ in range(self.rng.choice([2, 3]))]
        key = self.rng.choice(["lambda t: np.sum(t)", "lambda t: -np.sum(t * t)", "lambda t: np.sum(np.sin(t))"]
                              + (["abs", "float"] if shape == () else []))
        pick = self.rng.choice([f"sorted([{{0}}], key={key})[0]", f"sorted([{{0}}], key={key}, reverse=True)[-1]",
                                f"max([{{0}}], key={key})", f"min([{{0}}], key={key})"])
        return [], Op(pick.replace("{0}", ", ".join(f"{{{i}}}" for i in range(len(items)))), items, shape,
                      lambda *b: max(b))

    def starred_value(self, shape):
        """``first, *rest = seq`` (an array's rows) or ``a, *mid, b = [...]``, then their sum."""
        self.features.add("idiom_starred")
        name = self.idiom_name("s")
        seqs = [v for v in self.floats() if v.shape and v.shape[1:] == shape and 2 <= v.shape[0] <= MAX_SIZE]
        if seqs and self.chance(0.5):
            seq = self.rng.choice(seqs)
            before = [f"{name}_first, *{name}_rest = {seq.name}"]
            return before, Op(f"({name}_first * 0.5 + sum({name}_rest))", [Leaf(seq.name, seq.shape)], shape,
                              lambda b, n=seq.shape[0]: n * b)
        items = [self.expr(shape, 1) for _ in range(4)]
        self.helpers.add("total")
        before = [f"{name}_a, *{name}_mid, {name}_b = [{', '.join(i.src() for i in items)}]"]
        return before, Op(f"({name}_a - {name}_b * 0.5 + total({name}_mid[0], *({name}_mid[1],)))", items, shape,
                          lambda *b: sum(b))

    def dict_value(self, shape):
        """A dict built with constant keys, read back through ``.values()``, ``.items()`` or a key."""
        self.features.add("idiom_dict")
        name = self.idiom_name("d")
        items = [self.expr(shape, 1) for _ in range(self.rng.choice([2, 3]))]
        keys = ["w", "b", "c"][:len(items)]
        display = "{" + ", ".join(f'"{k}": {i.src()}' for k, i in zip(keys, items)) + "}"
        read = self.rng.choice([f"sum({name}.values())", f"sum(val * 0.5 for key, val in {name}.items())",
                                f'({name}["w"] * 0.5 + {name}["b"])', f"sum({name}[key] for key in sorted({name}))"])
        return [f"{name} = {display}"], Op(read, items, shape, lambda *b: sum(b))

    def record_value(self, shape):
        """A NamedTuple built here, read by field, by index or unpacked."""
        self.features.add("idiom_record")
        self.helpers.add("Pair")
        name = self.idiom_name("p")
        a, b = self.expr(shape, 1), self.expr(shape, 1)
        read = self.rng.choice([f"({name}.a * 0.5 + {name}[1])", f"({name}.b - {name}.a)",
                                f"(lambda u, w: u * 0.5 + w)(*{name})"])
        return [f"{name} = Pair({a.src()}, b={b.src()})"], Op(read, [a, b], shape, lambda x, y: x + y)

    def random_value(self, shape):
        """An expression plus a draw from the generator ``rng`` seeded at the top of ``f``."""
        self.features.add("idiom_random")
        self.draws = True
        size_text = repr(shape) if shape else "None"
        draw = self.rng.choice([f"rng.normal(size={size_text})", f"rng.standard_normal({size_text})",
                                f"rng.uniform(-1.0, 1.0, size={size_text})"])
        return [], Op("({0} + 0.1 * {1})", [self.expr(shape, 1), Drawn(draw, shape)], shape, lambda a, b: a + 0.1 * b)

    def registry_value(self, shape):
        """An elementwise primitive from the registry on expressions squashed into its domain."""
        candidates = [c for c in elementwise_candidates() if shape == () or not c[3]]
        spelling, fmt, domains, _, magnitude = self.rng.choice(candidates)
        self.features.add("idiom_registry")
        operands = [Op(DOMAIN_FORMATS[d], [self.expr(shape if i == 0 else self.rng.choice([shape, ()]), 1)], shape,
                       lambda b: 3.2) for i, d in enumerate(domains)]
        return [], Op(fmt, operands, shape, lambda *b, m=magnitude: m)

    def list_value(self, shape):
        """A list grown with ``append`` in a loop, read with ``sum``, ``pop`` and an index."""
        self.features.add("idiom_list")
        name, n = self.idiom_name("acc"), self.rng.choice([2, 3])
        body = Op("np.tanh({0})", [self.body_over("r", shape, 1)], shape, lambda b: 1.0)
        seed = self.expr(shape, 1)
        before = [f"{name} = []", f"for r in [{seed.src()}] * {n}:" if self.chance(0.5) else
                  f"for r in ({', '.join([seed.src()] * n)}):", f"    {name}.append({body.src()})"]
        read = self.rng.choice([f"sum({name})", f"({name}.pop() + sum({name}))", f"({name}[-1] * 0.5 + {name}[0])"])
        return before, Op(read, [seed], shape, lambda b, n=n: float(n))

    def add_at_value(self, shape):
        """``np.add.at(z, [0, k, 0], e)`` into a local array of zeros: repeated positions add up."""
        if len(shape) != 1 or shape[0] < 2:
            return None
        self.features.add("idiom_add_at")
        name, n = self.idiom_name("z"), shape[0]
        e, other = self.expr((), 1), self.expr(shape, 1)
        before = [f"{name} = np.zeros({n})", f"np.add.at({name}, [0, {n - 1}, 0], {e.src()})"]
        return before, Op(f"({name} + {{1}})", [e, other], shape, lambda a, b: 2 * a + b)

    def keywords_value(self, shape):
        """A ``**opts`` helper called with keyword values, active ones too."""
        self.features.add("idiom_keywords")
        self.helpers.add("scaled")
        v, shift = self.expr(shape, 1), self.expr((), 1)
        gain = self.rng.choice(["0.5", "1.5", "None"])
        call = "scaled({0}, shift={1})" if gain == "None" else f"scaled({{0}}, gain={gain}, shift={{1}})"
        return [], Op(call, [v, shift], shape, lambda a, b: 1.5 * a + b)

    def guard(self, v: Var) -> Stmt:
        """``if <v is huge>: raise ValueError(...)``: never taken (every value is bounded)."""
        self.features.add("idiom_raise")
        test = self.rng.choice(["np.any(np.abs({0}) > 1e6)", "np.max(np.abs({0})) > 1e6",
                                "not np.all(np.isfinite({0}))"] if v.shape else
                               ["abs({0}) > 1e6", "{0} > 1e6 or {0} < -1e6", "not np.isfinite({0})"])
        if self.chance(0.3):
            self.features.add("idiom_assert")
            return Assert(f"np.all(np.abs({v.name}) < 1e6)" if v.shape else f"abs({v.name}) < 1e6")
        return IfStmt(Op(test, [Leaf(v.name, v.shape)], (), lambda b: 0.0), [Raise(f"{v.name} diverged")])

    def idiom_module_lines(self) -> list[str]:
        lines = ["import collections"] if "Pair" in self.helpers else []
        for name in sorted(self.helpers):
            lines += ["", *HELPERS[name], ""]
        return lines

    def idiom_preamble(self) -> list[str]:
        return [f"    rng = np.random.default_rng({self.seed % 1000})"] if self.draws else []
