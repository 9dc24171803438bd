"""The shape of a random draw from a NumPy generator of a known ``size``
(primitives/draw_sizes.py): where the generator is known to be NumPy's, made in the function
(``np.random.default_rng(0).normal(size=...)``) or of a type the lowering knew."""
from __future__ import annotations

from ..ir.nodes import Assign, Const, Function, Var, walk
from ..primitives.draw_sizes import GENERATOR_MAKERS, GENERATOR_TYPES, SIZE_POSITIONS, drawn_shape
from ..primitives.opaque import is_opaque


def generators_made(fn: Function) -> set[Var]:
    """The values ``fn`` makes by ``np.random.default_rng(...)`` (or ``RandomState``, ``Generator``)."""
    return {stmt.target for stmt in walk(fn.body)
            if isinstance(stmt, Assign) and is_opaque(stmt.prim) and stmt.prim.path in GENERATOR_MAKERS}


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
