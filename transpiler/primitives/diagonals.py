"""``np.diagonal`` (and ``x.diagonal(...)``): a primitive, linear, whose adjoint writes the
output's adjoint back onto that diagonal of zeros; forward mode is the diagonal of the tangent.
The result is a (read-only) view of its argument, as NumPy's is."""
import numpy as np

from .registry import ON_OBJECT_ARRAYS, shape_by_evaluation, vjp_rule
from .runtime import helper

FAMILY = "linear algebra"


@vjp_rule(np.diagonal, family=FAMILY, cost="cheap", shape_rule=shape_by_evaluation(np.diagonal), linear="joint",
          method="diagonal", views=True, sympy=ON_OBJECT_ARRAYS)
def diagonal(d_y, y, x, offset=0, axis1=0, axis2=1):
    return diagonal_adjoint(d_y, x, offset, axis1, axis2),


@helper(linear="joint")
def diagonal_adjoint(g, x, offset=0, axis1=0, axis2=1):
    """Adjoint of ``np.diagonal(x, offset, axis1, axis2)``: ``g`` (the diagonal along its last
    axis, the other axes of ``x`` in order before it) on that diagonal, zeros elsewhere."""
    shape = np.shape(x)
    first, second = axis1 % len(shape), axis2 % len(shape)
    rest = [n for i, n in enumerate(shape) if i not in (first, second)]
    full = np.zeros((*rest, shape[first], shape[second]), dtype=np.result_type(g, 1.0))
    i = np.arange(np.shape(g)[-1])
    full[..., i + max(-offset, 0), i + max(offset, 0)] = g
    return np.moveaxis(full, (-2, -1), (first, second))
