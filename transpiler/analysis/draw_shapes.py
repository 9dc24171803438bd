"""The shape of a random draw from a NumPy generator of a known ``size``
(primitives/draw_sizes.py): where the generator is known to be NumPy's, made in the function
(``np.random.default_rng(0).normal(size=...)``) or of a type the lowering knew; and the dtype of
such a draw and of the legacy ``np.random`` functions' (``np.random.randn(3)``): float64, unless
a ``dtype=`` says otherwise (``rng.standard_normal(n, dtype=np.float32)``), so the rewrites that
need a floating value (rewrites/cancelled_denominators.py) see one."""
from __future__ import annotations

import numpy as np

from ..ir.nodes import Assign, Const, Function, Var, walk
from ..primitives.draw_sizes import GENERATOR_MAKERS, GENERATOR_TYPES, SIZE_POSITIONS, drawn_shape
from ..primitives.opaque import is_opaque, legacy_draw_name


def generators_made(fn: Function) -> set[Var]:
    """The values ``fn`` makes by ``np.random.default_rng(...)`` (or ``RandomState``, ``Generator``)."""
    return {stmt.target for stmt in walk(fn.body)
            if isinstance(stmt, Assign) and is_opaque(stmt.prim) and stmt.prim.path in GENERATOR_MAKERS}


def seeded_generators(fn: Function) -> set[Var]:
    """The generators ``fn`` makes from a constant seed (``np.random.default_rng(0)``): their
    draws are the same on every run of ``fn`` and move no stream outside it."""
    return {stmt.target for stmt in walk(fn.body)
            if isinstance(stmt, Assign) and is_opaque(stmt.prim) and stmt.prim.path in GENERATOR_MAKERS
            and len(stmt.args) == 1 and not stmt.kwargs and isinstance(stmt.args[0], Const)
            and type(stmt.args[0].value) is int}


def draw_shape(stmt: Assign, generators: set[Var]) -> tuple | None:
    """``stmt``'s shape if it is a NumPy generator's draw of a constant ``size``, else None."""
    prim = stmt.prim
    if not is_opaque(prim) or prim.method not in SIZE_POSITIONS or prim.starred or not stmt.args:
        return None
    if stmt.args[0] not in generators and prim.label.split(".")[0] not in GENERATOR_TYPES:
        return None
    position = SIZE_POSITIONS[prim.method] + 1          # (args[0] is the generator)
    sizes = [v for k, v in stmt.kwargs if k == "size"] + list(stmt.args[position:position + 1])
    if len(sizes) != 1 or not isinstance(sizes[0], Const):
        return None
    return drawn_shape(sizes[0].value)


# the legacy np.random functions with a floating result besides the generators' methods
_LEGACY_FLOAT_DRAWS = frozenset(SIZE_POSITIONS) | {"randn", "rand", "ranf", "sample"}


def drawn_kind(stmt: Assign, generators: set[Var]) -> str | None:
    """``stmt``'s dtype kind (``"f8"``) if it is a floating draw: a legacy ``np.random`` function's
    or a method's of a NumPy generator (as :func:`draw_shape` knows one) whose ``dtype=``, if any,
    is a constant; None where a positional argument after ``size`` or ``out=`` may say otherwise."""
    prim = stmt.prim
    if not is_opaque(prim) or prim.starred:
        return None
    if prim.path is not None:
        return "f8" if legacy_draw_name(prim) in _LEGACY_FLOAT_DRAWS else None   # (no dtype=)
    if prim.method not in SIZE_POSITIONS or not stmt.args:
        return None
    if stmt.args[0] not in generators and prim.label.split(".")[0] not in GENERATOR_TYPES:
        return None
    keywords = dict(stmt.kwargs)
    if len(stmt.args) > SIZE_POSITIONS[prim.method] + 2 or "out" in keywords:
        return None                 # (a dtype or out passed by position)
    dtype = keywords.get("dtype", Const(np.float64))
    if not isinstance(dtype, Const):
        return None
    try:
        found = np.dtype(dtype.value)
    except TypeError:
        return None
    return f"{found.kind}{found.itemsize}" if found.kind == "f" else None
