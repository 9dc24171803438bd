"""A fuzz program: its expressions and statements (each renders its source and bounds the
magnitude of what it computes), the :class:`Program` they make, its inputs, and importing it.

Every program is Python *source* (the compiler reads source), written to a module file and
imported (:func:`load`). Each expression carries a bound on its magnitude given bounds on its
operands, loops are bounded over every iteration, and an expression whose bound exceeds
:data:`LIMIT` raises :class:`TooBig`, so that the generator makes it anew.
"""
from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Callable

import numpy as np

LIMIT = 200.0          # bound on the magnitude of every value a program computes
INPUT_BOUND = 2.0      # inputs are drawn from [-INPUT_BOUND, INPUT_BOUND]


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


@dataclass
class Program:
    """A fuzz program: its source, its parameters and their shapes, the features it exercises."""

    seed: int
    source: str
    params: list[str]
    shapes: list[tuple]
    features: set[str]
    name: str = "f"
    # A program of one of the classes (classes.CLASSES) says how to call and check it:
    cls: str = ""                  # the class ("" for a random DAG program)
    kinds: list | None = None      # per parameter: see draw (None: all float)
    check: dict = field(default_factory=dict)   # wrt, kwargs, backend, order, forward, ...

    def inputs(self, attempt: int = 0) -> list:
        """Inputs for this program, deterministic from (seed, attempt)."""
        rng = np.random.default_rng([self.seed, attempt])
        if self.kinds is not None:
            return [draw(kind, shape, rng) for kind, shape in zip(self.kinds, self.shapes)]
        values = []
        for shape in self.shapes:
            x = rng.uniform(-INPUT_BOUND, INPUT_BOUND, size=shape)
            values.append(float(x) if shape == () else x)
        return values


# --------------------------------------------------------------------------- inputs
def draw(kind, shape, rng: np.random.Generator):
    """One input of ``kind``: "float" (float64 number or array), "float32", ("index", n)
    (integers in [0, n) with repeats), ("int", v) (the integer v), ("list", shapes),
    ("tuple", shapes), ("dict", {key: shape}) or ("rng", s) (``np.random.default_rng(s)``: a fixed sample)."""
    if kind in ("float", "float32"):
        x = rng.uniform(-INPUT_BOUND, INPUT_BOUND, size=shape)
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
    if tag == "tuple":
        return tuple(draw("float", s, rng) for s in detail)
    if tag == "dict":
        return {k: draw("float", s, rng) for k, s in detail.items()}
    if tag == "rng":
        return np.random.default_rng(detail)
    raise ValueError(f"unknown input kind {kind!r}")



# --------------------------------------------------------------------------- importing a program
def load_module(source: str, directory: str | os.PathLike, name: str) -> ModuleType:
    """Write ``source`` to ``directory/name.py`` and import it (the compiler reads source)."""
    path = Path(directory) / f"{name}.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(f"_transpiler_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load(program: Program, directory: str | os.PathLike) -> Callable:
    """Write the program to a module file and import its function."""
    return getattr(load_module(program.source, directory, f"fuzz_{program.seed}"), program.name)
