"""Functions returning several arrays, each a piece or a copy of the inputs (``split``,
``array_split``, ``hsplit``, ``vsplit``, ``dsplit``, ``meshgrid``), and ``gradient``.

The split family returns a list with one piece per section: a tuple to the transforms (each
piece has its own adjoint) when the sections are a constant; where they are known only at run
time (picoGPT's ``np.split(x, n_head, axis=-1)``, ``n_head`` an argument) one list, whose adjoint
is a list of the pieces' adjoints. Its VJP joins the pieces' adjoints back (zeros for a piece the
output does not use). ``meshgrid``
returns one grid per input: each input's adjoint is its grid's adjoint summed over the axes the
input was copied along. ``np.gradient`` is linear: its VJP applies the transposed difference
matrix along each differentiated axis. All are linear: the forward-mode tangent is the same
call on the tangents.
"""
import ast

import numpy as np

from ..ir import Const
from .output_shapes import Pieces, reading_constants
from .registry import NOT_CONSTANT, dotted, vjp_rule
from .runtime import helper

FAMILY = "shape"


def _sections(values, keywords):
    """How many pieces ``np.split(ary, indices_or_sections)`` returns, None if not a constant
    (then the pieces are one list value)."""
    sections = values[1] if len(values) > 1 else keywords.get("indices_or_sections", NOT_CONSTANT)
    if type(sections) is int:
        return sections
    if isinstance(sections, (list, tuple)) and all(type(k) is int for k in sections):
        return len(sections) + 1
    return None


@reading_constants
def _split_shapes(shapes, kwargs, values):
    """The pieces' shapes of ``np.split(ary, sections[, axis])`` and ``np.array_split`` (the
    sections and ``axis`` constants; where ``np.split`` would refuse uneven sections at run
    time, the shape is ``np.array_split``'s, which no code reaches)."""
    ary = shapes[0] if shapes else None
    sections = values[1] if len(values) > 1 else kwargs.get("indices_or_sections", NOT_CONSTANT)
    axis = values[2] if len(values) > 2 else kwargs.get("axis", 0)
    if not isinstance(ary, tuple) or _sections([None, sections], {}) is None or type(axis) is not int:
        return None
    try:
        pieces = np.array_split(np.broadcast_to(np.zeros(()), ary), sections, axis=axis)
    except (ValueError, IndexError, TypeError):
        return None
    return Pieces(p.shape for p in pieces)


@helper(linear="joint")
def unsplit(g, ary, axis):
    """The adjoint of ``np.split(ary, sections, axis)`` and its kin: the pieces' adjoints
    joined back; ``axis`` None: ``np.hsplit``'s (the second axis, the first of a 1-D array)."""
    if axis is None:
        axis = 1 if np.ndim(ary) > 1 else 0
    return np.concatenate([np.asarray(p, dtype=np.result_type(p, 1.0)) for p in g], axis=axis)


def _joined(site, index, d_y):
    """Pieces of known shapes along a constant axis: their adjoints joined by
    ``np.concatenate(d_y, axis)`` itself, which needs no value of ``ary`` (the reverse sweep
    then neither keeps nor recomputes it)."""
    if index != 0 or not site.specialize or not isinstance(site.out_shape, Pieces):
        return None
    axis = site.args[2] if len(site.args) > 2 else dict(site.kwargs).get("axis", ast.Constant(0))
    if not (isinstance(axis, ast.Constant) and type(axis.value) is int):
        return None
    return ast.Call(func=dotted("np.concatenate"), args=[d_y], keywords=[ast.keyword(arg="axis", value=axis)])


def returns_sequence(prim, args: tuple, kwargs: tuple) -> bool:
    """A call of ``prim`` on the IR atoms ``args`` and ``kwargs`` returns a tuple or list
    (``np.linalg.eigh(a)``, ``np.split(x, 3)``), as its constant arguments tell
    (``np.linalg.svd(a, compute_uv=False)`` returns one array); ``np.split(x, n)`` returns a list
    whose length only the run tells."""
    if prim.outputs is None:
        return False
    count = prim.output_count([a.value if isinstance(a, Const) else NOT_CONSTANT for a in args],
                              {k: v.value if isinstance(v, Const) else NOT_CONSTANT for k, v in kwargs})
    return prim.outputs is _sections or type(count) is int


def returns_list(prim) -> bool:
    """``np.split`` and its kin return a list (the other sequences NumPy returns are tuples)."""
    return prim.outputs is _sections


@vjp_rule(np.split, np.array_split, family=FAMILY, linear="joint", shape_rule=_split_shapes, outputs=_sections,
          views=True, specialized=_joined)
def split(d_y, y, ary, indices_or_sections, axis=0):
    return unsplit(d_y, ary, axis), None, None


@vjp_rule(np.vsplit, family=FAMILY, linear="joint", shape_rule=None, outputs=_sections, views=True)
def vsplit(d_y, y, ary, indices_or_sections):
    return unsplit(d_y, ary, 0), None


@vjp_rule(np.hsplit, family=FAMILY, linear="joint", shape_rule=None, outputs=_sections, views=True)
def hsplit(d_y, y, ary, indices_or_sections):
    return unsplit(d_y, ary, None), None


@vjp_rule(np.dsplit, family=FAMILY, linear="joint", shape_rule=None, outputs=_sections, views=True)
def dsplit(d_y, y, ary, indices_or_sections):
    return unsplit(d_y, ary, 2), None


# --------------------------------------------------------------------------- meshgrid
@helper(linear="joint")
def unmeshgrid(g, x, which, indexing="xy"):
    """The adjoint of ``np.meshgrid(...)`` w.r.t. its input ``which``: that input's grid's
    adjoint summed over the other axes (``indexing='xy'`` swaps the first two)."""
    part = g[which]
    n = np.ndim(part)
    axis = 1 - which if indexing == "xy" and n >= 2 and which < 2 else which
    return np.reshape(np.sum(part, axis=tuple(i for i in range(n) if i != axis)), np.shape(x))


def _grids(values, keywords):
    return len(values)


def _grids_refused(values, keywords):
    if len(values) > 4:
        return "of more than 4 arrays", "build the grids with np.broadcast_to and reshapes"
    return None


@vjp_rule(np.meshgrid, family=FAMILY, linear="joint", shape_rule=None, outputs=_grids, allocates=True,
          refuses=_grids_refused)
def meshgrid(d_y, y, x1, x2=None, x3=None, x4=None, indexing="xy"):
    return (unmeshgrid(d_y, x1, 0, indexing), unmeshgrid(d_y, x2, 1, indexing),
            unmeshgrid(d_y, x3, 2, indexing), unmeshgrid(d_y, x4, 3, indexing))


# --------------------------------------------------------------------------- gradient
@helper(linear="joint")
def ungradient(g, f, spacing=1.0, axis=None, edge_order=1):
    """The adjoint of ``np.gradient(f, spacing, axis=axis, edge_order=edge_order)``: along each
    axis, the transposed matrix of the differences (``np.gradient`` of the identity's columns).
    Over several axes ``g`` holds one adjoint per axis (a list, or an array indexing them)."""
    shape = np.shape(f)
    axes = range(len(shape)) if axis is None else (axis,) if np.ndim(axis) == 0 else axis
    axes = [a % len(shape) for a in axes]
    parts = [g] if len(axes) == 1 else g
    total = np.zeros(shape, dtype=np.result_type(f, 1.0))
    for part, a in zip(parts, axes):
        jacobian = np.gradient(np.eye(shape[a]), spacing, axis=0, edge_order=edge_order)
        total = total + np.moveaxis(np.tensordot(jacobian, part, axes=([0], [a])), 0, a)
    return total


def _spacings_refused(values, keywords):
    if len(values) > 2:
        return ("with a spacing per axis", "pass one spacing for every axis, or differentiate one axis "
                "at a time: np.gradient(f, dx, axis=0)")
    return None


@vjp_rule(np.gradient, family=FAMILY, linear="joint", shape_rule=None, allocates=True, refuses=_spacings_refused)
def gradient(d_y, y, f, spacing=1.0, axis=None, edge_order=1):
    return ungradient(d_y, f, spacing, axis, edge_order), None
