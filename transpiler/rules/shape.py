"""Shape: transposes and reshapes move elements without changing them; their VJPs move the
adjoint back. ``shape``, ``ndim`` and ``size`` describe an array and carry no derivative."""
import numpy as np

from .registry import nondifferentiable, shape_by_evaluation, vjp_rule

FAMILY = "shape"


@vjp_rule(np.transpose, family=FAMILY, shape_rule=shape_by_evaluation(np.transpose))
def transpose(d_y, y, x, axes=None):
    return untranspose(d_y, axes),


@vjp_rule(np.reshape, family=FAMILY, shape_rule=shape_by_evaluation(np.reshape))
def reshape(d_y, y, x, shape):
    return np.reshape(d_y, np.shape(x)), None


@vjp_rule(np.ravel, family=FAMILY, shape_rule=shape_by_evaluation(np.ravel))
def ravel(d_y, y, x):
    return np.reshape(d_y, np.shape(x)),


nondifferentiable(np.shape, family=FAMILY, shape_rule=None)
nondifferentiable(np.ndim, np.size, family=FAMILY, shape_rule="scalar")
