"""The shape every item of a list has, where each item comes from values of one shape (a list
grown in a loop: ``hs = [h0]; for t in ...: hs.append(np.tanh(W @ hs[-1] + b))``).

A display of arrays has its items' shapes one by one (``Pieces``: output_shapes.py); a list grown
by ``appended`` has a length known at run time only, so no piece-by-piece shape. Where every item
appended has the shape of the display's items (or the list starts empty), every item read from it
(``hs[-1]``, ``hs[i]``) has that shape: :class:`SameItems`. facts.py propagates it with the
other shapes; the reverse transform then knows ``hs[-1]``'s shape, and a matrix product's
adjoint with it takes its direct form (``W.T @ g``, not the generic helper testing shapes).

``SameItems`` lives only while the shapes are worked out: the shapes handed on know the items
read, not the list (unknown to them, as before: a consumer may take any known shape for an
array's, ``_an_array`` of primitives/indexing.py among them). It is no ``Pieces`` either: its
count of items is unknown, so ``np.stack(hs)`` has no shape from it.
"""
from __future__ import annotations

import ast

from ..ir.nodes import Assign
from ..primitives.lists import appended, iterated
from ..primitives.output_shapes import Pieces
from ..primitives.registry import spelled_as


class SameItems:
    """The shape of a list whose every item has shape ``item`` (``None``: an empty list, whose
    items are whatever is appended)."""

    __slots__ = ("item",)

    def __init__(self, item: tuple | None) -> None:
        self.item = item

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SameItems) and other.item == self.item

    def __hash__(self) -> int:
        return hash(("SameItems", self.item))

    def __repr__(self) -> str:
        return f"SameItems({self.item})"


EMPTY = SameItems(None)


def as_same_items(shape) -> SameItems | None:
    """``shape`` as the shape of a list of items of one shape, where it is one (a display of
    items all of one array shape, an empty display); None otherwise."""
    if isinstance(shape, SameItems):
        return shape
    if isinstance(shape, Pieces) and shape.shapes and all(isinstance(s, tuple) for s in shape.shapes) \
            and len(set(shape.shapes)) == 1:
        return SameItems(shape.shapes[0])
    return None


def joined(old, new):
    """The shape of a value bound by two statements of shapes ``old`` and ``new`` (a list's
    display and its appends: the loop's carry): ``SameItems`` where both are lists of items of
    one shape (an empty one takes the other's), otherwise None (unknown)."""
    a, b = as_same_items(old), as_same_items(new)
    if a is None or b is None:
        return None
    if a.item is None or b.item is None or a.item == b.item:
        return SameItems(a.item if b.item is None else b.item)
    return None


def item_shape(stmt: Assign, shape_of):
    """The shape of ``stmt``'s value where it is a list of items of one shape or an item read
    from one; None where this module knows nothing of it (facts.py's rules then decide)."""
    if stmt.prim.spelling.display is ast.List:        # [] or [h0]: a list that may grow
        shapes = {shape_of(a) for a in stmt.args}
        return EMPTY if not shapes else SameItems(shapes.pop()) if len(shapes) == 1 and isinstance(
            next(iter(shapes)), tuple) else None
    if not stmt.args or stmt.kwargs:
        return None
    if spelled_as(stmt.prim, iterated) and len(stmt.args) == 1:
        return as_same_items(shape_of(stmt.args[0]))     # (a list iterated: itself)
    if spelled_as(stmt.prim, appended) and len(stmt.args) == 2:
        if (pieces := _appended_pieces(shape_of(stmt.args[0]), shape_of(stmt.args[1]))) is not None:
            return pieces
        items, new = as_same_items(shape_of(stmt.args[0])), shape_of(stmt.args[1])
        if items is not None and isinstance(new, tuple) and items.item in (None, new):
            return SameItems(new)
        return None
    source = shape_of(stmt.args[0])
    if spelled_as(stmt.prim, sum) and len(stmt.args) == 1:     # (numbers: 0 too where there are none)
        return () if source in (SameItems(()), EMPTY) else None
    if isinstance(source, Pieces) and isinstance(stmt.prim.pattern, ast.Name):
        source = as_same_items(source)      # (xs[i] of a display of one shape's arrays: that shape, any i)
    if not isinstance(source, SameItems) or source.item is None or stmt.prim.pattern is None:
        return None
    pattern = stmt.prim.pattern
    if isinstance(pattern, ast.Slice):
        return source if len(stmt.args) == 1 + sum(isinstance(n, ast.Name) for n in ast.walk(pattern)) else None
    return source.item if _one_position(pattern) else None


def _appended_pieces(items, new) -> Pieces | None:
    """A list of known length with one more array appended (``new_hs = []``, then an append per
    layer of a loop unrolled over them): its items' shapes one by one, so they may differ (states
    of layers of different widths, read back by position). Exact: ``EMPTY`` is only ever a list
    without items (a display ``[]``, or two joined), so its appends count from none; a list grown
    in a loop joins its bindings' shapes (``SameItems`` where the loop carries it)."""
    known = () if items == EMPTY else items.shapes if isinstance(items, Pieces) else None
    if known is None or not isinstance(new, tuple) or not all(isinstance(s, tuple) for s in known):
        return None
    return Pieces((*known, new))


def _one_position(pattern) -> bool:
    """Is ``pattern`` one integer position (a constant, ``-1``, or a hole: a name)?"""
    if isinstance(pattern, ast.Constant):
        return type(pattern.value) is int
    if isinstance(pattern, ast.UnaryOp) and isinstance(pattern.op, ast.USub):
        return isinstance(pattern.operand, ast.Constant) and type(pattern.operand.value) is int
    return isinstance(pattern, ast.Name)


def without_item_shapes(shapes: dict) -> dict:
    """``shapes`` with each list's ``SameItems`` unknown again (None): see the module docstring."""
    return {v: None if isinstance(s, SameItems) else s for v, s in shapes.items()}
