"""The shapes of the reverse sweep's values, for the rewrites whose choice depends on them (which
product is smaller, which axis a split cuts): the transform's own facts by name (``Derivative.shapes``:
the function's values and their adjoints), and for the temporaries a rule or a pass made, the shape
their primitive's shape rule gives. A name bound again with another shape has none."""
from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np

from ..analysis.kinds import value_kinds
from ..analysis.output_shape import output_shape
from ..ir.defuse import DefUse, def_use
from ..ir.memo import remembered
from ..ir.nodes import Assign, Const, Copy, Function, Var, walk
from ..primitives.elementwise import clip_within
from ..primitives.registry import lookup
from .solve_reuse import scaling_step

_CLIP_WITHIN = lookup(clip_within)


def known_shapes(fn: Function, named: dict[str, tuple]) -> dict[Var, tuple]:
    """Value -> its shape where known (a tuple of ints; a split's pieces as analysis gives them).
    Worked out once per function and named shapes (ir/memo.py): the shaped rewrites run one after
    another on the reverse sweep's IR, most of them leaving it as it was; each caller gets its
    own dict."""
    key = ("known_shapes", tuple(named.items()))
    return dict(remembered(fn, key, lambda: _known_shapes(fn, named)))


def known_kinds(fn: Function, input_kinds: dict | None) -> dict[Var, str]:
    """Value -> its dtype kind where known (``"f8"``), from the parameters' and free names' kinds
    by name (an ``IRPass`` with ``kinded=True`` is handed them)."""
    inputs = [*fn.params, *fn.free.values()]
    return value_kinds(fn, {v: input_kinds[v.name] for v in inputs if (input_kinds or {}).get(v.name) is not None})


def _known_shapes(fn: Function, named: dict[str, tuple]) -> dict[Var, tuple]:
    kinds = _Kinds(fn)
    shapes: dict[Var, object] = {Var(name): tuple(shape) for name, shape in named.items() if shape is not None}
    disagree: set[Var] = set()

    def shape_of(atom):
        if isinstance(atom, Const):
            return np.shape(atom.value) if isinstance(atom.value, (int, float, complex, np.ndarray)) else None
        return shapes.get(atom)

    for stmt in walk(fn.body):          # (program order: a value's binding comes before its reads)
        if isinstance(stmt, Assign):
            shape = output_shape(stmt, [shape_of(a) for a in stmt.args], kinds.of(stmt.args)) \
                or _scaled_shape(stmt, shape_of)
        elif isinstance(stmt, Copy):
            shape = shape_of(stmt.source)
        else:
            continue
        target = stmt.target
        if target.name in named or target in disagree:
            continue
        if shape is None or target in shapes and shapes[target] != shape:
            disagree.add(target)
            shapes.pop(target, None)
        else:
            shapes[target] = shape
    return shapes


class _Kinds:
    """The kinds of a function's values, worked out when a shape rule first reads one: only an
    index's does (``x[i]``: an integer array gives its shape), and most functions' shapes are
    found without (the kinds take passes over the whole function, and each rewrite that changes
    it makes a new function to analyse)."""

    def __init__(self, fn: Function):
        self.fn = fn
        self.found: dict[Var, str] | None = None

    def of(self, args: tuple) -> _ArgumentKinds:
        return _ArgumentKinds(self, args)

    def get(self, atom) -> str | None:
        if self.found is None:
            self.found = value_kinds(self.fn, {})
        return self.found.get(atom)


class _ArgumentKinds(Sequence):
    """The kinds of one statement's arguments, as a list, each asked of :class:`_Kinds` when read."""

    def __init__(self, kinds: _Kinds, args: tuple):
        self.kinds, self.args = kinds, args

    def __len__(self) -> int:
        return len(self.args)

    def __getitem__(self, i):
        return self.kinds.get(self.args[i])


def _scaled_shape(stmt: Assign, shape_of):
    """The shape of a number times a value or of its transpose a transform wrote (``x.T``),
    or of ``clip_within(x, bound)`` of a number bound (clipped_selections writes it), which
    have no shape rule."""
    if stmt.prim is _CLIP_WITHIN and len(stmt.args) == 2 and shape_of(stmt.args[1]) == ():
        return shape_of(stmt.args[0])
    step = scaling_step(stmt)
    shape = shape_of(step[2]) if step is not None else None
    if not isinstance(shape, tuple):
        return None
    return tuple(reversed(shape)) if step[1] else shape


class FunctionFacts:
    """What a rewrite checks its candidates against: the function's def-use chains, each
    top-level statement's position, and its known shapes, worked out when a candidate first asks
    (most functions hold none)."""

    def __init__(self, fn: Function, named_shapes: dict):
        self.chains: DefUse = def_use(fn)
        self.position = {id(stmt): i for i, stmt in enumerate(fn.body)}   # top-level statement -> position
        self._fn, self._named_shapes = fn, named_shapes

    @functools.cached_property
    def shapes(self) -> dict:
        return known_shapes(self._fn, self._named_shapes)

    def binding(self, atom):
        """The one top-level ``Assign`` binding ``atom`` (a name bound once), or None."""
        if not isinstance(atom, Var):
            return None
        bindings = self.chains.definitions.get(atom, [])
        if len(bindings) != 1 or id(bindings[0]) not in self.position or not isinstance(bindings[0], Assign):
            return None
        return bindings[0]
