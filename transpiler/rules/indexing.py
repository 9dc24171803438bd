"""Indexing and shape: reading elements, rows and slices.

These rules are not elementwise, so they are written as VJPs: ``(d_y, y, *args)`` -> one adjoint
contribution per argument (``None`` where an argument, like an index, has no derivative).
"""
import operator

from .registry import Spelling, vjp_rule

FAMILY = "indexing"


@vjp_rule(operator.getitem, family=FAMILY, spelling=Spelling(subscript=True))
def getitem(d_y, y, x, index):
    return add_at(d_y, x, index), None
