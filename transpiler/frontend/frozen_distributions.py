"""``norm(mu, 1).pdf(data)``: a method of a frozen scipy.stats distribution, called on the
expression that freezes it, is the distribution's own method with the frozen parameters after
the method's argument: ``norm.pdf(data, mu, 1)``. That is what scipy's ``rv_frozen`` does
(``self.dist.pdf(x, *self.args, **self.kwds)``), so the call lowers to the rules the
distribution's methods already have (primitives/scipy_stats*.py).

A frozen distribution bound to a name (minimc's ``momentum = st.norm(0, 1)``, then
``momentum.rvs(size=size)`` and ``momentum.logpdf(p0)`` in a loop) is read the same way: the name
holds the distribution and its parameters, lowered where it is frozen (``FrozenDistribution``),
and each method call is the distribution's method with them. That is exact while the parameters
are what the frozen object holds: a write into an array parameter after freezing (which the
frozen object would see) makes the name stale, as for any other name sharing that memory
(assignments.py), so using it afterwards is refused at the use; and where the distribution
draws from the stream its frozen copy draws from (NumPy's global one, as scipy's distributions
do unless given a ``random_state``)."""
from __future__ import annotations

import ast
import sys
from dataclasses import dataclass

import numpy as np

from ..errors import TranspileError
from ..ir import Const, Var
from .source import MISSING
from .values import Static

# methods whose one argument comes before the frozen parameters (rv_frozen.pdf(x), .ppf(q),
# .moment(order), .interval(confidence)); a keyword there would be ambiguous, so it is not read
LEADING = frozenset({"pdf", "logpdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "pmf", "logpmf",
                      "moment", "interval"})
# methods whose own arguments are keywords of the distribution's method (rv_frozen.rvs(size, random_state))
_KEYWORDS = {"rvs": ("size", "random_state"), "stats": ("moments",),
             **{m: () for m in ("mean", "median", "var", "std", "entropy", "support")}}


def is_distribution(obj) -> bool:
    """A scipy.stats distribution object (``stats.norm``, ``stats.multivariate_normal``);
    scipy is never imported here: a program that uses one has imported it."""
    stats = sys.modules.get("scipy.stats")
    if stats is None:
        return False
    kinds = tuple(k for k in (getattr(stats, "rv_continuous", None), getattr(stats, "rv_discrete", None),
                              getattr(getattr(stats, "_multivariate", None), "multi_rv_generic", None)) if k)
    return isinstance(obj, kinds)


def draws_from_the_global_stream(dist) -> bool:
    """Does ``dist`` draw from the stream its frozen copies draw from? A frozen copy is made with
    the seed ``dist`` was made with (scipy's ``_updated_ctor_param``): NumPy's global stream for
    ``stats.norm``, whatever was given to ``dist.random_state`` since."""
    return getattr(dist, "random_state", None) is np.random.mtrand._rand \
        and getattr(dist, "_ctor_param", {}).get("seed") is None


def unfrozen_call(node: ast.Call, resolve) -> ast.Call | None:
    """``dist(*params).method(*args)`` as ``dist.method(*args, *params)`` (None if ``node`` is
    not such a call, or not one read this way). ``resolve`` finds what a dotted name names."""
    func = node.func
    if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Call)):
        return None
    maker = func.value
    if not isinstance(maker.func, (ast.Name, ast.Attribute)) or not is_distribution(dist := resolve(maker.func)):
        return None
    if func.attr == "rvs" and len(node.args) < 2 and all(k.arg != "random_state" for k in node.keywords) \
            and not draws_from_the_global_stream(dist):
        return None          # (the frozen copy draws from NumPy's global stream, `dist` from its own)
    if func.attr in LEADING:
        if len(node.args) != 1 or node.keywords or isinstance(node.args[0], ast.Starred):
            return None
        args, keywords = [node.args[0], *maker.args], [*maker.keywords]
    elif func.attr in _KEYWORDS and len(node.args) <= len(_KEYWORDS[func.attr]) \
            and not any(isinstance(a, ast.Starred) for a in node.args):
        named = [ast.keyword(arg=k, value=v) for k, v in zip(_KEYWORDS[func.attr], node.args)]
        args, keywords = [*maker.args], [*maker.keywords, *named, *node.keywords]
    else:
        return None
    method = ast.copy_location(ast.Attribute(value=maker.func, attr=func.attr, ctx=ast.Load()), func)
    return ast.copy_location(ast.Call(func=method, args=args, keywords=keywords), node)


@dataclass(frozen=True)
class FrozenDistribution(Static):
    """``rv = dist(*args, **keywords)`` bound to a name: the distribution ``dist`` (spelled by the
    expression ``maker``) and its parameters, atoms lowered where it was frozen."""

    maker: ast.expr
    args: tuple
    keywords: tuple                    # (name, atom) pairs

    def describe(self) -> str:
        return f"the frozen distribution `{ast.unparse(self.maker)}(...)`"

    def values(self) -> list:
        """The parameters' atoms (whose memory a write may change: assignments.py)."""
        return [*self.args, *(v for _, v in self.keywords)]


def frozen_binding(lowering, value: ast.expr):
    """``dist(*params)`` assigned to a name, as a :class:`FrozenDistribution`; None for any other
    value (a frozen distribution used otherwise is refused as before, where it is made)."""
    if not (isinstance(value, ast.Call) and isinstance(value.func, (ast.Name, ast.Attribute))):
        return None
    root = value.func
    while isinstance(root, ast.Attribute):
        root = root.value
    if not isinstance(root, ast.Name) or root.id in lowering.env or not root.id.isidentifier():
        return None                    # a local value's method, or a marker of the lowering's own
    try:
        dist = lowering._resolve(value.func)
    except TranspileError:             # (the call's own lowering says what is wrong with it)
        return None
    if not is_distribution(dist) or any(isinstance(a, ast.Starred) for a in value.args) \
            or any(k.arg is None for k in value.keywords):
        return None
    if not draws_from_the_global_stream(dist):
        return None                    # its frozen copy would draw from NumPy's global stream
    args = tuple(lowering._expr(a) for a in value.args)
    keywords = tuple((k.arg, lowering._expr(k.value)) for k in value.keywords)
    if not all(isinstance(atom, (Var, Const)) for atom in [*args, *(v for _, v in keywords)]):
        return None
    return FrozenDistribution(value.func, args, keywords)


def frozen_method_call(lowering, node: ast.Call, name: str | None):
    """``rv.method(...)`` of a name bound to a :class:`FrozenDistribution`, lowered as
    ``dist(*params).method(...)`` is (:func:`unfrozen_call`); MISSING for any other call."""
    func = node.func
    if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)):
        return MISSING
    frozen = lowering.env.get(func.value.id)
    if not isinstance(frozen, FrozenDistribution):
        return MISSING
    with lowering._holding() as hold:
        maker = ast.copy_location(ast.Call(func=frozen.maker, args=[hold(a, func.value) for a in frozen.args],
                                           keywords=[ast.keyword(arg=k, value=hold(v, func.value))
                                                     for k, v in frozen.keywords]), func.value)
        call = ast.copy_location(ast.Call(func=ast.copy_location(ast.Attribute(value=maker, attr=func.attr,
                                                                               ctx=ast.Load()), func),
                                          args=node.args, keywords=node.keywords), node)
        unfrozen = unfrozen_call(call, lowering._resolve)
        if unfrozen is None:
            lowering._unsupported(node, f"the method `{func.attr}` of {frozen.describe()} called so",
                                  "call `pdf`, `logpdf`, `cdf`, ... with one argument, or `rvs(size=...)`")
        return lowering._call(unfrozen, name)
