"""The builtin ``sum(xs, start)``: its VJP (``sum_adjoint``, lists.py), its shape where the items'
are known, and the adjoint written out where every item has the sum's own shape."""
import ast

import numpy as np

from .lists import sum_adjoint  # noqa: F401  (the rule's template calls it)
from .output_shapes import Pieces
from .registry import vjp_rule
from .runtime import unbroadcast  # noqa: F401  (the rule's template calls it)


def _builtin_sum_shape(shapes, kwargs):
    """``sum(xs)`` of a list or tuple of values of known shapes: their broadcast shape (with
    ``start``'s); of an array: its rows' shape. Unknown items: unknown."""
    items = shapes[0].shapes if shapes and isinstance(shapes[0], Pieces) else None
    if items is None:
        return shapes[0][1:] if shapes and isinstance(shapes[0], tuple) and shapes[0] else None
    rest = [s for s in shapes[1:2]] + ([kwargs["start"]] if "start" in kwargs else [])
    if not all(isinstance(s, tuple) for s in (*items, *rest)):
        return None
    try:
        return tuple(np.broadcast_shapes(*items, *rest)) if items or rest else ()
    except ValueError:
        return None


_builtin_sum_shape.accepts_pieces = True      # type: ignore[attr-defined]


def _sum_of_alike_items(site, index, d_y):
    """``sum(xs)`` of a list or tuple of ``n`` items of the sum's own known shape (numbers, arrays
    of one shape: none broadcast): the adjoint of each is ``d_y`` itself, ``[d_y, ..., d_y]``, in
    place of ``sum_adjoint``'s general path; a list display, so a read of one item is ``d_y``.
    None elsewhere (``start``'s adjoint, broadcast items, an array ``xs``)."""
    pieces = site.arg_shapes[0] if site.arg_shapes else None
    if index != 0 or not isinstance(pieces, Pieces) or not isinstance(d_y, (ast.Name, ast.Constant)):
        return None
    shapes = set(pieces.shapes)
    if len(shapes) != 1 or not isinstance(next(iter(shapes)), tuple) or len(site.args) > 1 or site.kwargs:
        return None
    return ast.List(elts=[d_y] * len(pieces.shapes), ctx=ast.Load())


@vjp_rule(sum, family="reductions", linear="joint", shape_rule=_builtin_sum_shape, specialized=_sum_of_alike_items)
def builtin_sum(d_y, y, xs, start=0):
    return sum_adjoint(d_y, xs), unbroadcast(d_y, start)
