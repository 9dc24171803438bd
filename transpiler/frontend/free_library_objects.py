"""Library objects made outside the function (a module's lookup table, a closure's fitted curve)
and called in it: ``DRAG_RISE(mach)`` of a global ``scipy.interpolate.interp1d``, ``TREND(t)`` of a
global ``np.poly1d``, ``NOISE.logpdf(r)`` of a global frozen scipy.stats distribution.

Each was a call of an object with no derivative rule, refused as soon as its argument depended on
the differentiated parameters. The object's ``__call__`` (or method) evaluates a function of what
it holds, the same function callable_objects.py compiles for an object made in the function: so
the call is that function, given the object's data read at call time (``DRAG_RISE.x``,
``DRAG_RISE.y``, ``TREND.coeffs``, ``NOISE.args[0]``: free values, like any global array) and its
options (an interp1d's kind, axis, bounds and fill value) as the constants it was made with.
Differentiable in the argument; the data are constants of the derivative, as any global's.

An interp1d whose fill value is an array, and the interpolators callable_objects.py compiles
only from their data (CubicSpline, ...: the object keeps its piecewise coefficients, not the
points), are left to the call as before."""
from __future__ import annotations

import ast
import sys

import numpy as np

from ..errors import TranspileError
from ..ir import Const
from ..primitives.scipy_interpolate import interp1d
from .callable_objects import CallableObject
from .frozen_distributions import LEADING, is_distribution
from .values import PythonFunction

_SPLINE_KINDS = {0: "zero", 1: "slinear", 2: "quadratic", 3: "cubic"}     # (interp1d's _kind "spline", by order)


def _free_root(lowering, func: ast.expr) -> bool:
    """Is ``func`` a name or dotted path rooted at a name the function does not bind?"""
    root = func
    while isinstance(root, ast.Attribute):
        root = root.value
    return isinstance(root, ast.Name) and root.id not in lowering.env


def _resolved(lowering, func: ast.expr):
    try:
        return lowering._resolve(func)
    except TranspileError:
        return None


def _read(func: ast.expr, *path) -> ast.expr:
    """``func.a[k]...``: an attribute or item of the free object, read where the call is."""
    node = func
    for step in path:
        node = ast.Attribute(value=node, attr=step, ctx=ast.Load()) if isinstance(step, str) \
            else ast.Subscript(value=node, slice=ast.Constant(step[0]), ctx=ast.Load())
        node = ast.copy_location(node, func)
    return node


def free_callable_object(lowering, func: ast.expr) -> CallableObject | None:
    """``func`` names a global poly1d or interp1d: the partial its calls are (module docstring);
    None for anything else."""
    if not isinstance(func, (ast.Name, ast.Attribute)) or not _free_root(lowering, func):
        return None
    obj = _resolved(lowering, func)
    made_by = ast.unparse(func)
    if isinstance(obj, np.poly1d):
        return CallableObject(PythonFunction(np.polyval, "np.polyval"), (lowering._expr(_read(func, "coeffs")),), (),
                              made_by, "use np.polyder, np.polyval on its coefficients")
    interpolate = sys.modules.get("scipy.interpolate")
    if interpolate is None or not isinstance(obj, interpolate.interp1d):
        return None
    options = _interp1d_options(obj)
    if options is None:
        return None
    data = (lowering._expr(_read(func, "x")), lowering._expr(_read(func, "y")))
    return CallableObject(PythonFunction(interp1d, "interp1d"), data, options, made_by,
                          "np.interp(x_new, x, y) interpolates linearly too")


def _interp1d_options(obj) -> tuple | None:
    """The keywords of primitives/scipy_interpolate.py's ``interp1d`` an object was made with
    (its points are stored sorted); None where its fill value is not a number or a pair."""
    kind = obj._kind if obj._kind != "spline" else _SPLINE_KINDS.get(obj._spline.k)
    fill = "extrapolate" if obj._extrapolate else obj.fill_value
    fill = float(fill) if isinstance(fill, np.ndarray) and fill.ndim == 0 else fill      # (nan, kept as an array)
    pair = isinstance(fill, tuple) and len(fill) == 2 and all(_number(v) for v in fill)
    if kind is None or not (pair or _number(fill) or fill == "extrapolate"):
        return None
    options = {"kind": kind, "axis": int(obj.axis), "bounds_error": bool(obj.bounds_error),
               "fill_value": tuple(float(v) for v in fill) if pair else fill if isinstance(fill, str) else float(fill),
               "assume_sorted": True}
    return tuple((k, Const(v)) for k, v in options.items())


def _number(value) -> bool:
    return isinstance(value, (int, float, np.floating, np.integer)) and not isinstance(value, bool)


def free_distribution_call(lowering, node: ast.Call, name: str | None):
    """``NOISE.logpdf(r)`` of a global frozen distribution: ``norm.logpdf(r, NOISE.args[0], ...,
    k=NOISE.kwds["k"])``, as scipy's ``rv_frozen`` calls it (its ``dist`` is a copy of the
    distribution scipy.stats names, whose rules are the methods'); None for any other call."""
    func = node.func
    if not (isinstance(func, ast.Attribute) and func.attr in LEADING and _free_root(lowering, func.value)):
        return None
    frozen = _resolved(lowering, func.value)
    dist = getattr(frozen, "dist", None)
    public = getattr(sys.modules.get("scipy.stats"), getattr(dist, "name", "") or "", None)
    if not is_distribution(dist) or type(public) is not type(dist) or not isinstance(frozen.args, tuple) \
            or len(node.args) != 1 or node.keywords or isinstance(node.args[0], ast.Starred):
        return None
    args = [node.args[0], *(_read(func.value, "args", (i,)) for i in range(len(frozen.args)))]
    keywords = [ast.keyword(arg=k, value=_read(func.value, "kwds", (k,))) for k in frozen.kwds]
    method = PythonFunction(getattr(public, func.attr), f"{dist.name}.{func.attr}")
    with lowering._holding() as hold:
        call = ast.Call(func=hold(method, func), args=args, keywords=keywords)
        return lowering._call(ast.copy_location(call, node), name)
