"""A normal draw with parameters computed in the function (``rng.normal(mu, sigma)``,
``np.random.normal(loc, scale, size)``, Python's ``random.gauss(mu, sigma)``, scipy's ``norm.rvs(loc, scale)`` and the frozen
``norm(mu_current, proposal_width).rvs()``) lowered as what the library computes: its standard
variates drawn from the same stream (``z = normal_variates(rng.normal, mu, sigma)``, a call that
simply runs) and the sample ``mu + sigma * z``, so a differentiated ``loc`` or ``scale`` has
the pathwise derivative (primitives/pathwise_draws.py says why it is exact). NumPy's
``uniform(low, high)``, ``exponential(scale)`` and ``lognormal(mean, sigma)`` alike: ``low + (high
- low) * u``, ``scale * e``, ``exp(mean + sigma * z)`` of their standard variates. A draw whose
parameters are constants written in the call (``rng.normal(0, 1, size=n)``) stays one call."""
from __future__ import annotations

import ast
import inspect
import random
import sys

import numpy as np

from .. import primitives as rules
from ..ir import Const
from ..primitives.pathwise_draws import variates
from .source import MISSING

_NUMPY_PARAMETERS = ("loc", "scale", "size")
_SCIPY_PARAMETERS = ("loc", "scale", "size", "random_state")
_PYTHON_PARAMETERS = ("mu", "sigma")       # random.gauss's and normalvariate's: mu + z * sigma
_PARAMETERS = {"normal_variates": _NUMPY_PARAMETERS, "norm_variates": _SCIPY_PARAMETERS,
               "python_gauss_variate": _PYTHON_PARAMETERS, "python_normalvariate_variate": _PYTHON_PARAMETERS,
               "uniform_variates": ("low", "high", "size"), "exponential_variates": ("scale", "size"),
               "lognormal_variates": ("mean", "sigma", "size")}
_DEFAULTS = {"low": 0.0, "high": 1.0, "scale": 1.0, "mean": 0.0, "sigma": 1.0, "loc": 0.0, "mu": 0.0}
# NumPy's draws of a generator, by method name: the helper drawing their standard variates
_NUMPY_DRAWS = {"normal": "normal_variates", "uniform": "uniform_variates", "exponential": "exponential_variates",
                "lognormal": "lognormal_variates"}


def pathwise_draw(lowering, node: ast.Call, callee, name: str | None):
    """The sample of a normal draw as ``loc + scale * z`` (None: not such a draw, or one whose
    parameters are constants). ``callee``: what ``node.func`` names outside the function, or
    MISSING (a method of a local value: ``rng.normal`` of a generator argument)."""
    kind = _kind(lowering, node, callee)
    if kind is None or any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
        return None
    parameters = _PARAMETERS[kind]
    if len(node.args) > len(parameters) or any(k.arg not in parameters for k in node.keywords):
        return None                     # (the library's own error, from the call as written)
    given = dict(zip(parameters, node.args)) | {k.arg: k.value for k in node.keywords}
    n_shaping = 1 if kind == "exponential_variates" else 2       # (the parameters before `size`)
    if all(_constant(given.get(p)) for p in parameters[:n_shaping]):
        return None
    draw = lowering._free(node.func) if callee is not MISSING else lowering._expr(node.func.value)
    by_name = {}
    for parameter, value in [*zip(parameters, node.args), *((k.arg, k.value) for k in node.keywords)]:
        by_name[parameter] = lowering._arg(value)        # (in the order Python evaluates them)
    shaping = [by_name.get(p, Const(_DEFAULTS[p])) for p in parameters[:n_shaping]]
    sources = (lowering._readable(ast.unparse(node.func)),
               *(lowering._readable(ast.unparse(given[p])) if p in given else repr(a.value)
                 for p, a in zip(parameters, shaping)),
               *(lowering._readable(ast.unparse(given[p])) for p in parameters[n_shaping:] if p in given))
    prim = variates(kind, lowering._readable(ast.unparse(node)), sources, lowering._chain())
    keywords = tuple((p, by_name[p]) for p in parameters[n_shaping:] if p in by_name)
    z = lowering._apply(node, prim, (draw, *shaping), keywords, "z")
    with lowering._holding() as hold:
        sample = _sample(kind, [hold(a, node) for a in shaping], hold(z, node))
        if kind != "lognormal_variates":
            return lowering._expr(ast.fix_missing_locations(ast.copy_location(sample, node)), name)
        logarithm = lowering._expr(ast.fix_missing_locations(ast.copy_location(sample, node)))
    return lowering._apply(node, rules.lookup(np.exp), (logarithm,), (), name)     # exp(mean + sigma * z)


def _sample(kind: str, parameters: list, z: ast.expr) -> ast.expr:
    """The sample the library computes from its standard variates ``z``."""
    def times(a, b):
        return ast.BinOp(left=a, op=ast.Mult(), right=b)
    if kind == "exponential_variates":
        return times(parameters[0], z)                                      # scale * e
    first, second = parameters
    if kind == "uniform_variates":                                          # low + (high - low) * u
        return ast.BinOp(left=first, op=ast.Add(), right=times(ast.BinOp(left=second, op=ast.Sub(), right=first), z))
    return ast.BinOp(left=first, op=ast.Add(), right=times(second, z))    # loc + scale * z (a log-normal's log)


def _kind(lowering, node: ast.Call, callee) -> str | None:
    """Which helper draws the variates: NumPy's ``normal`` (of a generator known outside, of
    NumPy's global stream, or a method ``normal`` of a local value, checked when it runs), or
    scipy's ``norm.rvs``."""
    func = node.func
    if callee is MISSING:
        if isinstance(func, ast.Attribute) and func.attr in _NUMPY_DRAWS and not lowering._callable_outside(func.value):
            return _NUMPY_DRAWS[func.attr]
        if isinstance(func, ast.Attribute) and func.attr in ("gauss", "normalvariate") \
                and not lowering._callable_outside(func.value):
            return f"python_{func.attr}_variate"     # rnd.gauss of a random.Random made here (checked when it runs)
        return None
    owner = getattr(callee, "__self__", None)
    if getattr(callee, "__name__", None) in _NUMPY_DRAWS and isinstance(owner, (np.random.RandomState,
                                                                                np.random.Generator)):
        return _NUMPY_DRAWS[callee.__name__]
    if getattr(callee, "__name__", None) in ("gauss", "normalvariate") and isinstance(owner, random.Random):
        return f"python_{callee.__name__}_variate"
    stats = sys.modules.get("scipy.stats")
    if stats is not None and getattr(callee, "__name__", None) == "rvs" and isinstance(owner, type(stats.norm)) \
            and inspect.ismethod(callee):
        return "norm_variates"
    return None


def _constant(node: ast.expr | None) -> bool:
    """A parameter left to its default or written as a number (``-1.0`` too)."""
    if node is None or isinstance(node, ast.Constant):
        return True
    return isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Constant)


def variates_again(lowering, node: ast.Call, name: str | None):
    """``normal_variates(draw, loc, scale, ...)`` in generated code differentiated again (a
    Hessian): the same call that simply runs, its arguments lowered."""
    written = lowering._readable(ast.unparse(node))
    sources = tuple(lowering._readable(ast.unparse(a)) for a in [*node.args, *(k.value for k in node.keywords)])
    prim = variates(node.func.id, written, sources, lowering._chain())
    atoms = tuple(lowering._arg(a) for a in node.args)
    return lowering._apply(node, prim, atoms, tuple((k.arg, lowering._arg(k.value)) for k in node.keywords), name or "z")
