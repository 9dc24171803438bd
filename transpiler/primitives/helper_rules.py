"""Runtime helpers as primitives: generated code calls them, and the transforms differentiate
generated code again (Hessians as forward over reverse), so each helper declared linear with
``@helper(linear=...)`` is a linear primitive in forward mode; the piecewise-constant ones carry
no derivative. Imported after the family modules, whose helpers it declares."""
from . import runtime
from .complex_tangents import assign_at_tangent
from .registry import REGISTRY, Primitive, Spelling, Template, is_none, nondifferentiable
from .templates import parameter_names


def _forward_only(args):
    def differentiable(site, i, d_y):
        return (i in args or None) if site is None else None     # forward mode only
    return differentiable


def _forward_only_where_carried(tangent: Template):
    """:func:`_forward_only` for the arguments whose term in ``tangent`` is not None, found when
    first asked (finding them parses the rule's source: not at import)."""
    carried: list[tuple[int, ...]] = []

    def differentiable(site, i, d_y):
        if not carried:
            carried.append(tuple(j for j, e in enumerate(tangent.exprs()) if not is_none(e)))
        return (i in carried[0] or None) if site is None else None     # forward mode only
    return differentiable


def _shape_of_argument(position: int):
    """The shape rule of a helper whose value has the shape of its argument at ``position``
    where that is an array or a number (a known shape; a list's or dict's is none)."""
    def rule(shapes, kwargs):
        shape = shapes[position] if position < len(shapes) else None
        return shape if isinstance(shape, tuple) else None
    rule.unknown_inputs = True        # (the other arguments' shapes need not be known: analysis/output_shape.py)
    return rule


# helpers whose value is shaped like one of their arguments: a copy with an item written, an adjoint
# summed or a tangent spread to a value's shape, zeros like a value (known shapes in the code a
# Hessian's forward pass over the gradient runs: no broadcast_like of its terms, items written in place)
_SHAPED_LIKE = {"assign_at": 0, "unbroadcast": 1, "broadcast_like": 1, "unreduce": 1, "zeros_like_adjoint": 0}

# linear helpers whose tangent is not the same call on the tangents alone
_TANGENTS = {"assign_at": assign_at_tangent}      # (a complex value written into a real tangent)


def declare_linear_helpers() -> None:
    for name, (kind, args) in runtime.LINEAR.items():
        if runtime.HELPERS[name] in REGISTRY:     # a helper with a primitive of its own (both modes)
            continue
        REGISTRY[runtime.HELPERS[name]] = Primitive(
            name=name, spelling=Spelling(path=name), family="runtime helpers", linear=kind,
            jvp_builder=_TANGENTS.get(name), vjp_builder=_forward_only(args), shape_rule=_shape_rule(name), views=name in runtime.VIEWS,
            reads_shape=runtime.SHAPE_READS.get(name, ()), writes=runtime.WRITES.get(name, ()))


def _shape_rule(name: str):
    return _shape_of_argument(_SHAPED_LIKE[name]) if name in _SHAPED_LIKE else None


def declare_helpers_with_tangents(*only: str) -> None:
    """Helpers that are not linear (a solve's adjoint is nonlinear in the matrix) and carry their
    own forward rule: forward mode only, like the linear ones. ``only``: these helpers alone (an
    optional module's, registered after the others were declared)."""
    for name, jvp in runtime.TANGENTS.items():
        if only and name not in only:
            continue
        tangent = Template(jvp, parameter_names(jvp))
        REGISTRY[runtime.HELPERS[name]] = Primitive(
            name=name, spelling=Spelling(path=name), family="runtime helpers", jvp_rule=tangent,
            vjp_builder=_forward_only_where_carried(tangent), shape_rule=None)
    for name, builder in runtime.TANGENT_BUILDERS.items():
        if only and name not in only:
            continue
        arity = len(parameter_names(runtime.HELPERS[name]))
        REGISTRY[runtime.HELPERS[name]] = Primitive(
            name=name, spelling=Spelling(path=name), family="runtime helpers", jvp_builder=builder,
            vjp_builder=_forward_only(tuple(range(arity))), shape_rule=None)


declare_linear_helpers()
declare_helpers_with_tangents()
# piecewise constant helpers: a clip's partial derivative is 0, 1/2 or 1
nondifferentiable(runtime.HELPERS["clip_partial"], family="runtime helpers", shape_rule=None)
nondifferentiable(runtime.zeros_like_adjoint, family="runtime helpers", shape_rule=_shape_rule("zeros_like_adjoint"),
                  reads_shape=runtime.SHAPE_READS["zeros_like_adjoint"])
