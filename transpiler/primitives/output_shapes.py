"""Shape rules that read the values of constant positional arguments, and the shapes of a
primitive's several outputs.

Most shape rules see only the arguments' shapes and constant keywords (registry.py). A rule made
with :func:`reading_constants` also gets each positional argument's value where it is a constant
(``NOT_CONSTANT`` where it is not): ``np.einsum``'s subscripts, ``np.split``'s count of sections.

A primitive returning several arrays (``np.split``'s pieces, ``np.linalg.slogdet``'s sign and
logarithm) has :class:`Pieces` for a shape: not an array's shape (every consumer that wants one
asks ``isinstance(shape, tuple)``), but what ``y[k]`` with a constant ``k`` reads its shape from.
"""
from __future__ import annotations

from typing import Any, Callable

from .model import NOT_CONSTANT


class Pieces:
    """The shapes of the values a primitive returns together (a tuple or a list of arrays)."""

    __slots__ = ("shapes",)

    def __init__(self, shapes) -> None:
        self.shapes = tuple(shapes)

    def item(self, k: int):
        """The shape of piece ``k`` (negative counts from the end), None if there is none."""
        return self.shapes[k] if -len(self.shapes) <= k < len(self.shapes) else None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pieces) and other.shapes == self.shapes

    def __hash__(self) -> int:
        return hash(("Pieces", self.shapes))

    def __repr__(self) -> str:
        return f"Pieces{self.shapes}"


def reading_constants(rule: Callable[[list, dict, list], Any]) -> Callable:
    """Mark ``rule(shapes, kwargs, values)`` as a shape rule that reads the values of constant
    positional arguments (``NOT_CONSTANT`` for the others); it decides itself which shapes it
    needs known."""
    rule.reads_constants = True
    return rule


__all__ = ["NOT_CONSTANT", "Pieces", "reading_constants"]
