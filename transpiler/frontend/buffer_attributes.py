"""An array's buffer attributes read as values: ``x.flat`` and ``X.data``.

``x.flat`` read (indexed, iterated, passed to ``np.dot``) is ``x``'s items in C order, as
``np.ravel(x)`` gives them (the cookbook's ``v = (self.u - self.old_u).flat`` then
``numpy.dot(v, v)``); a write ``x.flat[i] = v`` is flat_index.py's.

``X.data`` is of an array its memory buffer (NumPy reads it back as the array), of a
scipy.sparse matrix its stored values; which one only the run time knows (scikit-learn's
``if sp.issparse(X): ... X.data``). It simply runs there, as ``getattr(X, 'data')``, like any
call without a rule (primitives/opaque.py): a constant of the derivative, and refused, located,
where ``X`` depends on the differentiated parameters and the result reaches the output."""
from __future__ import annotations

import ast

import numpy as np

from .. import primitives as rules
from ..ir import Atom, Const
from ..primitives import opaque


def read_buffer_attribute(lowering, node: ast.Attribute, base: Atom, name: str | None) -> Atom | None:
    """``base.flat`` or ``base.data`` lowered (``node`` the attribute read); None for another."""
    if node.attr == "flat":
        return lowering._apply(node, rules.lookup(np.ravel), (base,), (), name)
    if node.attr == "data":
        written = lowering._readable(ast.unparse(node))
        prim = opaque.opaque_call(written, "the attribute `.data`",
                                  (lowering._readable(ast.unparse(node.value)), "'data'"), lowering._chain(),
                                  path="getattr")
        return lowering._apply(node, prim, (base, Const("data")), (), name)
    return None
