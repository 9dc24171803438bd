"""The shape of one statement's value from its arguments' shapes: the primitive's shape rule
(primitives/registry.py), NumPy broadcasting for elementwise ones, ``y[k]`` of a primitive's
several outputs (:class:`~transpiler.primitives.output_shapes.Pieces`). facts.py propagates
these through a function."""
from __future__ import annotations

import numpy as np

from ..ir.nodes import Assign, Const
from ..primitives.model import NOT_CONSTANT
from ..primitives.output_shapes import Pieces


def output_shape(stmt: Assign, arg_shapes: list, arg_kinds: list) -> tuple | Pieces | None:
    """The shape of ``stmt``'s value from its arguments' shapes (and dtype kinds), by its
    primitive's shape rule; None where it is not known."""
    rule = stmt.prim.shape_rule
    if stmt.prim.item is not None and arg_shapes and isinstance(arg_shapes[0], Pieces):
        return arg_shapes[0].item(stmt.prim.item)        # y[k] of a primitive's several outputs
    if callable(rule) and getattr(rule, "reads_constants", False):
        if not all(isinstance(v, Const) for _, v in stmt.kwargs):
            return None
        values = [a.value if isinstance(a, Const) else NOT_CONSTANT for a in stmt.args]
        return rule(arg_shapes, {k: v.value for k, v in stmt.kwargs}, values)
    if rule == "scalar":
        return ()
    if rule == "elementwise":      # (a bound of None, np.clip(x, 0, None), has no shape to broadcast)
        return broadcast([s for s, a in zip(arg_shapes, stmt.args) if not (isinstance(a, Const) and a.value is None)])
    if callable(rule) and getattr(rule, "reads_values", False):
        # a constructor: its shape is given by (constant) values, not by shapes
        if all(isinstance(v, Const) for _, v in stmt.kwargs):
            values = [a.value if isinstance(a, Const) else None for a in stmt.args]
            return rule(values, {k: v.value for k, v in stmt.kwargs})
        return None
    known = all(isinstance(s, tuple) or getattr(rule, "accepts_pieces", False) and _known_pieces(s)
                for s in arg_shapes) or getattr(rule, "unknown_inputs", False)
    if callable(rule) and known and all(isinstance(v, Const) for _, v in stmt.kwargs):
        kwargs = {k: v.value for k, v in stmt.kwargs}
        if getattr(rule, "reads_kinds", False):      # an index: integer arrays give their shape
            return rule(arg_shapes, kwargs, arg_kinds)
        return rule(arg_shapes, kwargs)
    return None


def _known_pieces(shape) -> bool:
    """Is ``shape`` the shapes of a list or tuple of arrays, each known?"""
    return isinstance(shape, Pieces) and all(isinstance(s, tuple) for s in shape.shapes)


def broadcast(shapes: list):
    """The broadcast result of known, symbolic or unknown shapes (``None`` if undecidable)."""
    shapes = [s for s in shapes if s != ()]
    if any(isinstance(s, Pieces) for s in shapes):      # not arrays
        return None
    if not shapes:
        return ()
    if all(s == shapes[0] for s in shapes) and shapes[0] is not None:
        return shapes[0]
    if all(isinstance(s, tuple) for s in shapes):
        try:
            return tuple(np.broadcast_shapes(*shapes))
        except ValueError:
            return None
    return None
