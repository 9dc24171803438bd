"""Custom derivative rules for functions the compiler should not (or cannot) look inside, and
``stop_gradient``.

A custom rule is a primitive like the built-in ones, but its VJP/JVP are the user's own Python
functions, called from the generated code (they are not inlined), so any Python may go in them:

    def softplus(x):
        return np.log1p(np.exp(x))

    transpiler.register_rule(softplus,
                             vjp=lambda d_y, y, x: (d_y / (1 + np.exp(-x)),),
                             jvp=lambda t, y, x: t[0] / (1 + np.exp(-x)))
"""
from __future__ import annotations

import ast
import inspect
from collections.abc import Sequence as AnySequence
from typing import Any, Callable, Sequence

import numpy as np

from .primitives import runtime
from .errors import TranspileError
from .primitives import registry
from .primitives.model import CallSite
from .primitives.registry import REGISTRY, Primitive, Spelling, nondifferentiable


stop_gradient: Callable[[Any], Any] = runtime.stop_gradient    # (typed here: its source is printed as is)


def _same_shape(shapes: Any, kwargs: Any) -> Any:
    """stop_gradient's value is its argument: the same shape (so what follows it, e.g.
    scipy.special.logsumexp's shifted terms, is specialised too)."""
    return shapes[0] if len(shapes) == 1 else None


_same_shape.unknown_inputs = True  # type: ignore[attr-defined]       # a symbolic shape passes through as it is
nondifferentiable(stop_gradient, family="custom", shape_rule=_same_shape)


class RuleCheckError(TranspileError, AssertionError):
    """A custom rule disagrees with finite differences (``check_at=``), or returned what its
    arguments rule out: not a tuple of adjoints, too few, one of another shape."""


def register_rule(f: Callable[..., Any], vjp: Callable[..., Any], jvp: Callable[..., Any] | None = None, *,
                  check_at: Sequence[Any] | None = None, rtol: float = 1e-5) -> Callable[..., Any]:
    """Use ``vjp`` (and ``jvp``) for ``f`` instead of transforming its body.

    ``vjp(d_y, y, *args)`` returns one adjoint per positional argument (``None`` for an argument
    without derivative); ``jvp(tangents, y, *args)`` returns the output tangent given a tuple of
    argument tangents (``None`` for constant arguments). ``check_at=args`` checks the rules
    against central finite differences at those arguments now, raising ``RuleCheckError``.
    Returns ``f``, so it can be used as a decorator helper. Derivatives compiled before are
    compiled again on their next call: they may have inlined ``f``, or call its old rules.
    """
    for rule in (vjp, jvp):
        _check_defaults(f, rule)
    _register(f, vjp, jvp)
    registry.RULES_CHANGED[0] += 1
    if check_at is not None:
        try:
            check_rule(f, *check_at, rtol=rtol)
        except RuleCheckError:
            del REGISTRY[f]                  # a rule that failed its check is not used
            raise
    return f


def _check_defaults(f: Callable[..., Any], rule: Callable[..., Any] | None) -> None:
    """A call that leaves out a parameter with a default passes the rule nothing for it (the
    lowering passes positional parameters up to the last one given, frontend/call_arguments.py),
    so the rule's own default stands in for the function's: it must be the same one."""
    try:
        params = list(inspect.signature(f).parameters.values())
        rule_params = list(inspect.signature(rule).parameters.values())[2:] if rule is not None else []
    except (TypeError, ValueError):
        return                                       # (a ufunc, a builtin: no signature to compare)
    positional = [p for p in rule_params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    keyword_only = {p.name: p for p in rule_params if p.kind == p.KEYWORD_ONLY}
    by_position = iter(positional)
    for param in params:
        if param.kind == param.VAR_POSITIONAL:
            return
        theirs = keyword_only.get(param.name) if param.kind == param.KEYWORD_ONLY else next(by_position, None)
        if param.default is param.empty or theirs is None or _same_value(theirs.default, param.default):
            continue
        name = getattr(f, "__name__", "f")
        stated = "no default" if theirs.default is theirs.empty else f"the default {theirs.default!r}"
        raise TranspileError(f"the rule {getattr(rule, '__name__', 'rule')} for {name} gives its parameter "
                             f"`{theirs.name}` {stated}, but {name}'s `{param.name}` defaults to {param.default!r}",
                             hint=f"a call of {name} that leaves `{param.name}` out passes the rule nothing for "
                                  f"it: give `{theirs.name}` the default {param.default!r}")


def _same_value(a: Any, b: Any) -> bool:
    try:
        return a is b or bool(np.shape(a) == np.shape(b) and np.all(np.asarray(a) == np.asarray(b)))
    except (TypeError, ValueError):
        return False


def _register(f: Callable[..., Any], vjp: Callable[..., Any], jvp: Callable[..., Any] | None) -> None:
    """Make ``f`` a primitive whose generated code calls ``vjp`` and ``jvp``."""
    name = f"{getattr(f, '__name__', 'custom')}"
    base = f"_custom_{name}"
    if f in REGISTRY and REGISTRY[f].family == "custom":
        base = REGISTRY[f].spelling.path                 # re-registering f: replace its rules
    while base in runtime.EXTERNAL and runtime.EXTERNAL[base] is not f:
        base += "_"                                      # another function with the same name
    names = {"primal": base, "vjp": f"{base}_vjp", "jvp": f"{base}_jvp"}
    runtime.EXTERNAL.update({names["primal"]: f, names["vjp"]: checked_vjp(f, vjp)})
    if jvp is not None:
        runtime.EXTERNAL[names["jvp"]] = checked_jvp(f, jvp)

    def vjp_builder(site: CallSite | None, index: int, d_y: ast.expr) -> ast.expr | bool:
        if site is None:
            return True
        call = ast.Call(func=ast.Name(id=names["vjp"], ctx=ast.Load()), args=[d_y, site.out, *site.args],
                        keywords=_keywords(site))
        item = ast.Subscript(value=call, slice=ast.Constant(index), ctx=ast.Load())
        # the rule's None means "no derivative here": a zero of the argument's shape
        return ast.Call(func=ast.Name(id="zero_if_none", ctx=ast.Load()), args=[item, site.args[index]],
                        keywords=[])

    def jvp_builder(site: CallSite, tangents: Sequence[ast.expr | None]) -> ast.expr:
        parts = ast.Tuple(elts=[t if t is not None else ast.Constant(None) for t in tangents], ctx=ast.Load())
        return ast.Call(func=ast.Name(id=names["jvp"], ctx=ast.Load()), args=[parts, site.out, *site.args],
                        keywords=_keywords(site))

    REGISTRY[f] = Primitive(name=name, spelling=Spelling(path=names["primal"]), family="custom",
                            vjp_builder=vjp_builder, jvp_builder=jvp_builder if jvp else None,
                            shape_rule=None)


def checked_vjp(f: Callable[..., Any], vjp: Callable[..., Any]) -> Callable[..., Any]:
    """``vjp`` as the generated code calls it: what it returns checked against the arguments on
    every call (a few type and shape comparisons), so that a slip in it is an error naming it,
    not a wrong derivative. Differentiated again (a Hessian), ``vjp`` itself is: the frontend
    reads ``__transpiler_original__``."""

    def checked(d_y: Any, y: Any, *args: Any, **kwargs: Any) -> Any:
        adjoints = vjp(d_y, y, *args, **kwargs)
        if type(adjoints) is tuple and len(adjoints) >= len(args):
            for adjoint, arg in zip(adjoints, args):
                if not (type(adjoint) is float and type(arg) is float or _fits(adjoint, arg)):
                    return _CheckedAdjoints(f, vjp, adjoints, args)    # (an error if that adjoint is read)
            return adjoints
        if isinstance(adjoints, (np.ndarray, str)) or not isinstance(adjoints, AnySequence):
            raise _rule_error("VJP", f, vjp, f"returned {_described(adjoints)} where a tuple of adjoints is "
                              f"expected, one per positional argument ({len(args)})",
                              "return a tuple even for one argument: `return (adjoint,)`")
        if len(adjoints) < len(args):
            raise _rule_error("VJP", f, vjp, f"returned {len(adjoints)} adjoint(s) for {len(args)} positional "
                              "argument(s)", "return one adjoint per positional argument, None for one without "
                              "a derivative")
        return _CheckedAdjoints(f, vjp, adjoints, args)  # (a list; the solvers' lazy sequences: checked as read)

    checked.__transpiler_original__ = vjp       # type: ignore[attr-defined]
    return checked


def checked_jvp(f: Callable[..., Any], jvp: Callable[..., Any]) -> Callable[..., Any]:
    """``jvp`` as the generated code calls it: its tangent must broadcast to the output's shape,
    not beyond it."""

    def checked(tangents: Any, y: Any, *args: Any, **kwargs: Any) -> Any:
        tangent = jvp(tangents, y, *args, **kwargs)
        if _numeric(y) and _numeric(tangent) and not _broadcasts_to(np.shape(tangent), np.shape(y)):
            raise _rule_error("JVP", f, jvp, f"returned a tangent of shape {np.shape(tangent)} for an output of "
                              f"shape {np.shape(y)}", "return the output's tangent, in the output's shape")
        return tangent

    checked.__transpiler_original__ = jvp       # type: ignore[attr-defined]
    return checked


class _CheckedAdjoints(AnySequence[Any]):
    """A VJP's adjoints, each checked against its argument's shape when the generated code reads
    it (an adjoint of a constant argument is never read: a rule may leave it unsummed)."""

    def __init__(self, f: Callable[..., Any], vjp: Callable[..., Any], adjoints: Sequence[Any],
                 args: tuple[Any, ...]) -> None:
        self.f, self.vjp, self.adjoints, self.args = f, vjp, adjoints, args

    def __len__(self) -> int:
        return len(self.adjoints)

    def __getitem__(self, i: Any) -> Any:
        adjoint = self.adjoints[i]
        if type(i) is int and 0 <= i < len(self.args) and not _fits(adjoint, self.args[i]):
            raise _rule_error("VJP", self.f, self.vjp, f"returned an adjoint of shape {np.shape(adjoint)} for "
                              f"argument {i}, of shape {np.shape(self.args[i])}",
                              f"give adjoint {i} its argument's shape: sum it over the axes the argument was "
                              f"broadcast along (`np.sum(a, axis=...)`, or `np.sum(a)` for a number)")
        return adjoint


def _fits(adjoint: Any, arg: Any) -> bool:
    """Is ``adjoint`` one of ``arg`` (None, or its shape where ``arg`` is an array or a number)?"""
    if type(adjoint) is np.ndarray and type(arg) is np.ndarray:
        return bool(adjoint.shape == arg.shape)  # (the common case, without np.shape's dispatch)
    return adjoint is None or not _numeric(arg) or np.shape(adjoint) == np.shape(arg)


def _rule_error(kind: str, f: Callable[..., Any], rule: Callable[..., Any], what: str, hint: str) -> RuleCheckError:
    code = getattr(rule, "__code__", None)
    where = f" (defined at {code.co_filename}:{code.co_firstlineno})" if code is not None else ""
    return RuleCheckError(f"the {kind} registered for {getattr(f, '__name__', 'f')}{where} {what}", hint=hint)


def _numeric(value: Any) -> bool:
    """An array or a number: a value whose shape an adjoint or tangent must have."""
    return isinstance(value, (np.ndarray, np.generic, int, float, complex)) and not isinstance(value, bool)


def _broadcasts_to(shape: tuple[int, ...], target: tuple[int, ...]) -> bool:
    if shape == target:
        return True
    try:
        return np.broadcast_shapes(shape, target) == target
    except ValueError:
        return False


def _described(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    return f"a {type(value).__name__}"


def _keywords(site: CallSite) -> list[ast.keyword]:
    """The call's keyword-only arguments, passed on to the rule as the function gets them."""
    return [ast.keyword(arg=k, value=v) for k, v in site.kwargs]


def check_rule(f: Callable[..., Any], *args: Any, rtol: float = 1e-5, atol: float = 1e-8) -> None:
    """Compare ``f``'s registered VJP (and JVP) with central finite differences at ``args``."""
    from .check.finite_differences import numeric_gradient

    base = REGISTRY[f].spelling.path
    vjp = runtime.EXTERNAL[f"{base}_vjp"]
    jvp = runtime.EXTERNAL.get(f"{base}_jvp")
    y = f(*args)
    rng = np.random.default_rng(0)
    seed = rng.uniform(0.5, 1.5, np.shape(y)) if np.ndim(y) else 1.0
    adjoints = vjp(seed, y, *args)
    for i, (arg, adjoint) in enumerate(zip(args, adjoints)):
        if adjoint is None:
            continue
        numeric = numeric_gradient(lambda *a: np.sum(seed * f(*a)), args, i)   # d(seed . f)/d arg
        numeric = numeric if np.ndim(arg) else float(numeric)
        if not np.allclose(adjoint, numeric, rtol=rtol, atol=atol):
            raise RuleCheckError(f"the VJP registered for {f.__name__} disagrees with finite differences "
                                 f"for argument {i}: {adjoint!r} vs {numeric!r}",
                                 hint=f"vjp(d_y, y, *args)[{i}] must be d_y times the derivative of "
                                      f"{f.__name__} with respect to argument {i}, in that argument's shape "
                                      "(summed over broadcast axes)")
        if jvp is not None:
            direction = rng.uniform(-1, 1, np.shape(arg)) if np.ndim(arg) else 1.0
            tangents = tuple(direction if k == i else None for k in range(len(args)))
            got = np.sum(seed * jvp(tangents, y, *args))
            expected = np.sum(np.asarray(adjoint) * direction)
            if not np.allclose(got, expected, rtol=rtol, atol=atol):
                raise RuleCheckError(f"the JVP registered for {f.__name__} disagrees with its VJP "
                                     f"for argument {i}: {got!r} vs {expected!r}",
                                     hint=f"jvp(tangents, y, *args) must return the output's tangent: the sum, "
                                          f"over the arguments whose tangent is not None, of the derivative of "
                                          f"{f.__name__} with respect to each times its tangent")
