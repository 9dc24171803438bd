"""Forward mode for primitives declared by their VJP.

Elementwise rules get their JVP from the same partials as their VJP. A primitive declared by a
VJP is either linear — its tangent is the primitive applied to the tangents ("joint": linear in
all differentiable arguments together, like a sum or a transpose; "multi": linear in each one
separately, like ``a @ b``) — or has a JVP rule of its own, one term per argument.
"""
import ast

import numpy as np

from . import runtime
from .registry import REGISTRY, Primitive, Spelling, jvp_rule, nondifferentiable

JOINT = (np.sum, np.mean, np.transpose, np.reshape, np.ravel, np.cumsum, np.trace, np.diag)
MULTI = (ast.MatMult, np.matmul, np.dot, np.vdot, np.inner, np.outer, np.einsum)


# Reductions whose outputs each depend on their own slice: the tangent is the VJP of ones,
# weighted by the input's tangent and reduced the same way (ties split as in reverse mode).
@jvp_rule(np.max, np.amax, np.min, np.amin)
def extremum(t, y, x, axis=None, keepdims=False):
    return np.sum(extremum_adjoint(np.ones_like(y), y, x, axis, keepdims) * t, axis=axis, keepdims=keepdims),


@jvp_rule(np.prod)
def prod(t, y, x, axis=None, keepdims=False):
    return np.sum(prod_adjoint(np.ones_like(y), x, axis, keepdims) * t, axis=axis, keepdims=keepdims),


@jvp_rule(np.var)
def var(t, y, x, axis=None, keepdims=False, ddof=0):
    return np.sum(var_adjoint(np.ones_like(y), y, x, axis, keepdims, ddof) * t, axis=axis, keepdims=keepdims),


@jvp_rule(np.std)
def std(t, y, x, axis=None, keepdims=False, ddof=0):
    return np.sum(std_adjoint(np.ones_like(y), y, x, axis, keepdims, ddof) * t, axis=axis, keepdims=keepdims),


# Linear algebra: differentiate the defining identity (A y = b, A A^-1 = I, ...).
@jvp_rule(np.linalg.solve)
def solve(t, y, a, b):
    return -np.linalg.solve(a, t @ y), np.linalg.solve(a, t)


@jvp_rule(np.linalg.inv)
def inv(t, y, a):
    return -y @ t @ y,


@jvp_rule(np.linalg.det)
def det(t, y, a):
    return y * np.trace(np.linalg.solve(a, t), axis1=-2, axis2=-1),


def mark_linear() -> None:
    for key in JOINT:
        REGISTRY[key].linear = "joint"
    for key in MULTI:
        REGISTRY[key].linear = "multi"


def register_helpers() -> None:
    """Runtime helpers appear in generated code; declared linear, they are primitives too, so the
    transform applies to its own output (Hessians as forward over reverse)."""
    for name, (kind, args) in runtime.LINEAR.items():
        if runtime.HELPERS[name] in REGISTRY:     # a helper with a primitive of its own (both modes)
            continue

        def differentiable(site, i, d_y, args=args):
            return (i in args or None) if site is None else None     # forward mode only
        REGISTRY[runtime.HELPERS[name]] = Primitive(
            name=name, spelling=Spelling(path=name), family="runtime helpers", linear=kind,
            vjp_builder=differentiable, shape_rule=None)
    # piecewise constant helpers: a clip's partial derivative is 0, 1/2 or 1
    nondifferentiable(runtime.zeros_like_adjoint, runtime.HELPERS["clip_partial"], family="runtime helpers",
                      shape_rule=None)


mark_linear()
register_helpers()
