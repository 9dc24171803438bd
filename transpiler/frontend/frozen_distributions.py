"""``norm(mu, 1).pdf(data)``: a method of a frozen scipy.stats distribution, called on the
expression that freezes it, is the distribution's own method with the frozen parameters after
the method's argument: ``norm.pdf(data, mu, 1)``. That is what scipy's ``rv_frozen`` does
(``self.dist.pdf(x, *self.args, **self.kwds)``), so the call lowers to the rules the
distribution's methods already have (primitives/scipy_stats*.py).

Only the spelling where the distribution is frozen and used in one expression is read this way.
A frozen distribution bound to a name (``rv = norm(0, 1)``) stays refused where it is made, as
an object whose parameters the compiler does not follow."""
from __future__ import annotations

import ast
import sys

# methods whose one argument comes before the frozen parameters (rv_frozen.pdf(x), .ppf(q),
# .moment(order), .interval(confidence)); a keyword there would be ambiguous, so it is not read
_LEADING = frozenset({"pdf", "logpdf", "cdf", "logcdf", "sf", "logsf", "ppf", "isf", "pmf", "logpmf",
                      "moment", "interval"})
# methods whose own arguments are keywords of the distribution's method (rv_frozen.rvs(size, random_state))
_KEYWORDS = {"rvs": ("size", "random_state"), "stats": ("moments",),
             **{m: () for m in ("mean", "median", "var", "std", "entropy", "support")}}


def _is_distribution(obj) -> bool:
    """A scipy.stats distribution object (``stats.norm``, ``stats.multivariate_normal``);
    scipy is never imported here: a program that uses one has imported it."""
    stats = sys.modules.get("scipy.stats")
    if stats is None:
        return False
    kinds = tuple(k for k in (getattr(stats, "rv_continuous", None), getattr(stats, "rv_discrete", None),
                              getattr(getattr(stats, "_multivariate", None), "multi_rv_generic", None)) if k)
    return isinstance(obj, kinds)


def unfrozen_call(node: ast.Call, resolve) -> ast.Call | None:
    """``dist(*params).method(*args)`` as ``dist.method(*args, *params)`` (None if ``node`` is
    not such a call, or not one read this way). ``resolve`` finds what a dotted name names."""
    func = node.func
    if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Call)):
        return None
    maker = func.value
    if not isinstance(maker.func, (ast.Name, ast.Attribute)) or not _is_distribution(resolve(maker.func)):
        return None
    if func.attr in _LEADING:
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
