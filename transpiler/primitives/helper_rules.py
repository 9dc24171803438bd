"""Runtime helpers as primitives: generated code calls them, and the transforms differentiate
generated code again (Hessians as forward over reverse), so each helper declared linear with
``@helper(linear=...)`` is a linear primitive in forward mode; the piecewise-constant ones carry
no derivative. Imported after the family modules, whose helpers it declares."""
from . import runtime
from .registry import REGISTRY, Primitive, Spelling, nondifferentiable


def _forward_only(args):
    def differentiable(site, i, d_y):
        return (i in args or None) if site is None else None     # forward mode only
    return differentiable


def declare_linear_helpers() -> None:
    for name, (kind, args) in runtime.LINEAR.items():
        if runtime.HELPERS[name] in REGISTRY:     # a helper with a primitive of its own (both modes)
            continue
        REGISTRY[runtime.HELPERS[name]] = Primitive(
            name=name, spelling=Spelling(path=name), family="runtime helpers", linear=kind,
            vjp_builder=_forward_only(args), shape_rule=None)


declare_linear_helpers()
# piecewise constant helpers: a clip's partial derivative is 0, 1/2 or 1
nondifferentiable(runtime.zeros_like_adjoint, runtime.HELPERS["clip_partial"], family="runtime helpers",
                  shape_rule=None)
