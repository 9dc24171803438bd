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

import numpy as np

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


def permuted_axes(function: Callable) -> Callable:
    """The shape rule of ``np.swapaxes(x, 1, 2)`` and ``np.moveaxis(x, 0, -1)`` (``function``), whose
    axes are constant positional arguments: ``x``'s axes permuted as ``function`` permutes them,
    read off a stand-in of shape ``(1, 2, ..., n)`` that holds no memory (a broadcast number), so
    that symbolic lengths move too. None where the axes are not constants or are out of range."""
    def rule(shapes, kwargs, values):
        if kwargs or len(values) != 3 or not shapes or not isinstance(shapes[0], tuple):
            return None
        stand_in = np.broadcast_to(np.empty(()), tuple(range(1, len(shapes[0]) + 1)))
        try:
            order = function(stand_in, values[1], values[2]).shape
        except (TypeError, ValueError, np.exceptions.AxisError):
            return None
        return tuple(shapes[0][k - 1] for k in order)
    return reading_constants(rule)


__all__ = ["NOT_CONSTANT", "Pieces", "permuted_axes", "reading_constants"]
