"""An array's buffer attributes read as values: ``x.flat``, ``X.data`` and ``x.flags``.

``x.flat`` read (indexed, iterated, passed to ``np.dot``) is ``x``'s items in C order, as
``np.ravel(x)`` gives them (the cookbook's ``v = (self.u - self.old_u).flat`` then
``numpy.dot(v, v)``); a write ``x.flat[i] = v`` is flat_index.py's.

``X.data`` is of an array its memory buffer (NumPy reads it back as the array), of a
scipy.sparse matrix its stored values; which one only the run time knows (scikit-learn's
``if sp.issparse(X): ... X.data``). It simply runs there, as ``getattr(X, 'data')``, like any
call without a rule (primitives/opaque.py): a constant of the derivative, and refused, located,
where ``X`` depends on the differentiated parameters and the result reaches the output.

``x.flags`` (ssm's ``to_c = lambda arr: np.copy(arr, 'C') if not arr.flags['C_CONTIGUOUS'] else
arr``) simply runs the same way: the layout of the array the generated code holds, which it
only reads; it carries no derivative (a flag is piecewise constant), so it is never refused."""
from __future__ import annotations

import ast

import numpy as np

from .. import primitives as rules
from ..ir import Atom, Const
from ..primitives import opaque
from . import aliasing


def read_buffer_attribute(lowering, node: ast.Attribute, base: Atom, name: str | None) -> Atom | None:
    """``base.flat``, ``base.data`` or ``base.flags`` lowered (``node`` the attribute read); None for another."""
    if node.attr == "flat":
        return lowering._apply(node, rules.lookup(np.ravel), (base,), (), name)
    if node.attr in ("data", "flags"):
        written = lowering._readable(ast.unparse(node))
        prim = opaque.opaque_call(written, f"the attribute `.{node.attr}`",
                                  (lowering._readable(ast.unparse(node.value)), repr(node.attr)), lowering._chain(),
                                  path="getattr")
        if node.attr == "flags":
            prim.reads_only = True      # (a layout's flags: no derivative, and the array is only read)
        return lowering._apply(node, prim, (base, Const(node.attr)), (), name)
    return None


def buffer_getattr(lowering, node: ast.Call, callee, name: str | None) -> Atom | None:
    """``getattr(x, 'flags')`` or ``getattr(X, 'data')``, the generated code's spelling of the two
    reads above, lowered as the attribute (a second derivative lowers that code again); None for
    any other call."""
    if callee is not getattr or len(node.args) != 2 or node.keywords \
            or not isinstance(node.args[1], ast.Constant) or node.args[1].value not in ("data", "flags"):
        return None
    read = ast.copy_location(ast.Attribute(value=node.args[0], attr=node.args[1].value, ctx=ast.Load()), node)
    return read_buffer_attribute(lowering, read, lowering._expr(node.args[0]), name)


def metadata_base(lowering, node: ast.Attribute) -> Atom | None:
    """``y.ndim`` / ``y.shape`` / ``y.size`` / ``y.dtype`` of a name that ``rhs *= w`` may have
    changed in place (numpy's polyfit: ``rhs = y`` ... ``if y.ndim == 1``): an in-place update
    keeps an array's shape and dtype, so the name's value before it answers, with no run-time
    check. None for anything else."""
    if node.attr in ("ndim", "shape", "size", "dtype") and isinstance(node.value, ast.Name) \
            and aliasing.soft(stale := lowering.env.get(node.value.id)):
        return stale.value
    return None
