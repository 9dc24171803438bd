"""Linear algebra: matrix products and friends.

For ``y = a @ b`` the adjoints are ``d_a = d_y @ b.T`` and ``d_b = a.T @ d_y`` when both are
matrices; ``matmul_adjoint`` handles vectors and stacks of matrices, summing over broadcast
batch dimensions.
"""
import ast

import numpy as np

from .registry import vjp_rule

FAMILY = "linear algebra"


def _matmul_shape(shapes, kwargs):
    a, b = shapes
    if len(a) == 0 or len(b) == 0:
        return None
    a2, b2 = (a if len(a) > 1 else (1,) + a), (b if len(b) > 1 else b + (1,))
    if a2[-1] != b2[-2]:
        return None
    batch = np.broadcast_shapes(a2[:-2], b2[:-2])
    out = batch + (a2[-2], b2[-1])
    if len(a) == 1:
        out = out[:-2] + out[-1:]
    if len(b) == 1:
        out = out[:-1]
    return tuple(out)


@vjp_rule(ast.MatMult, np.matmul, family=FAMILY, shape_rule=_matmul_shape)
def matmul(d_y, y, a, b):
    return matmul_adjoint(d_y, a, b, 0), matmul_adjoint(d_y, a, b, 1)


@vjp_rule(np.dot, family=FAMILY, shape_rule=None)
def dot(d_y, y, a, b):
    return dot_adjoint(d_y, a, b, 0), dot_adjoint(d_y, a, b, 1)
