"""The program generator: random DAG programs of assignments (also tuple and augmented ones),
``if``/``elif``/``else``, ``for`` loops over ``range``, arrays, constant tuples, ``enumerate`` and
``zip`` with loop-carried values, bounded ``while`` loops, ``break``, ``continue`` and early
``return``, over parameters and module-level names, from the expressions of
:class:`~.expressions.ExpressionGenerator`, and now and then a statement of Python idioms
(:class:`~.idioms.IdiomStatements`, from a random stream of its own). A statement whose bounds
fail is generated anew.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from .expressions import MAX_SIZE, ExpressionGenerator, Var
from .idioms import IdiomStatements
from .program import (INPUT_BOUND, Assign, IfStmt, Jump, Leaf, Loop, Op, Program, Return, Stmt,
                      TooBig, TupleAssign, broadcast, size)


class Generator(ExpressionGenerator, IdiomStatements):
    """The program for a seed: :meth:`program` (``idioms=False``: no idiom statements)."""

    def __init__(self, *args, idioms: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.init_idioms(self.seed, idioms)

    def try_statement(self, make: Callable[[], Stmt | None], tries: int = 6) -> Stmt | None:
        """Generate a statement whose bounds hold, or give up; scope and features roll back."""
        for _ in range(tries):
            scope, counters = list(self.scope), list(self.counters)
            features, helpers, draws = set(self.features), set(self.helpers), self.draws
            stmt = make()
            self.scope, self.counters = scope, counters
            if stmt is None:
                self.features, self.helpers, self.draws = features, helpers, draws
                continue
            env = dict(self.env)
            try:
                stmt.analyze(env, {})
            except TooBig:
                self.features, self.helpers, self.draws = features, helpers, draws
                continue
            return stmt
        return None

    def commit(self, stmt: Stmt, new: list[Var] = ()) -> None:
        stmt.analyze(self.env, {})
        self.scope.extend(new)

    def maybe_idiom(self, out: list[Stmt], reassign_only: bool = False) -> None:
        """Now and then (decided by the idiom stream alone) an idiom statement, added to ``out``."""
        if not self.idiom_turn():
            return
        made: list[Var] = []

        def make():
            made.clear()
            result = self.idiom_statement(reassign=reassign_only or self.idiom_rng.random() < 0.4)
            if result is None:
                return None
            made[:] = result[1]
            return result[0]

        stmt = self.try_statement(make)
        if stmt is not None:
            self.commit(stmt, made)
            out.append(stmt)

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
        out: list[Stmt] = []
        for _ in range(n):
            self.maybe_idiom(out, reassign_only)
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
            self.maybe_idiom(stmts)
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
        module += self.idiom_module_lines()
        lines = [f"# fuzz program, seed {self.seed}", "import math", "", "import numpy as np", "",
                 *module, "", "", f"def f({', '.join(params)}):", *self.idiom_preamble()]
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

