"""Forward mode for primitives declared by their VJP.

Elementwise rules get their JVP from the same partials as their VJP. A primitive declared by a
VJP is either linear — its tangent is the primitive applied to the tangents ("joint": linear in
all differentiable arguments together, like a sum or a transpose; "multi": linear in each one
separately, like ``a @ b``) — or has a JVP rule of its own, one term per argument.
"""
import ast

import numpy as np

from .. import runtime
from .registry import REGISTRY, Primitive, Spelling, nondifferentiable

JOINT = (np.sum, np.mean, np.transpose, np.reshape, np.ravel, np.cumsum)
MULTI = (ast.MatMult, np.matmul, np.dot)


def mark_linear() -> None:
    for key in JOINT:
        REGISTRY[key].linear = "joint"
    for key in MULTI:
        REGISTRY[key].linear = "multi"


def register_helpers() -> None:
    """Runtime helpers appear in generated code; declared linear, they are primitives too, so the
    transform applies to its own output (Hessians as forward over reverse)."""
    for name, (kind, args) in runtime.LINEAR.items():
        def differentiable(site, i, d_y, args=args):
            return (i in args or None) if site is None else None     # forward mode only
        REGISTRY[runtime.HELPERS[name]] = Primitive(
            name=name, spelling=Spelling(path=name), family="runtime helpers", linear=kind,
            vjp_builder=differentiable, shape_rule=None)
    nondifferentiable(runtime.zeros_like_adjoint, family="runtime helpers", shape_rule=None)


mark_linear()
register_helpers()
