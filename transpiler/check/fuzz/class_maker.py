"""What the program classes build from: :class:`Maker` (random bounded expressions from the DAG
generator over given names, and the seed's own random choices), a module's source, a program."""
from __future__ import annotations

import random

from .expressions import Var
from .generator import Generator
from .program import INPUT_BOUND, Lit, Program, TooBig


class Maker:
    """Random bounded expressions from the DAG generator over given names; the random choices
    of a class's template."""

    def __init__(self, seed: int, avoid: frozenset):
        self.seed = seed
        self.avoid = avoid
        self.rng = random.Random(f"fuzz-class-body-{seed}")

    def generator(self, names: dict) -> Generator:
        g = Generator(self.rng.randrange(1 << 30), self.avoid)
        g.scope = [Var(n, s) for n, s in names.items()]
        g.env = {n: INPUT_BOUND for n in names}
        return g

    def expr(self, names: dict, shape: tuple, depth: int = 2, fallback: str | None = None) -> str:
        """An expression of ``shape`` over ``names`` (name -> shape) whose magnitude stays below
        :data:`~.program.LIMIT` for inputs in [-2, 2]."""
        g = self.generator(names)
        for _ in range(12):
            try:
                node = g.expr(shape, depth)
                node.bound(g.env)
            except (TooBig, IndexError):
                continue
            if not isinstance(node, Lit):
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


def module_source(seed: int, lines: list[str], header: list[str] = ()) -> str:
    """A program module: the imports, the ``header`` lines (module-level names), then ``lines``."""
    return "\n".join([f"# fuzz program, seed {seed}", "import math", "", "import numpy as np", "",
                      *header, "", *lines]) + "\n"


def class_program(seed, source, params, kinds, shapes, **check) -> Program:
    """A program of a class: ``kinds`` say how its inputs are drawn, ``check`` how it is checked."""
    return Program(seed, source, list(params), list(shapes), set(), kinds=list(kinds), check=check)
