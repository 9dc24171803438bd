"""Library objects made in the function and then called: ``p = np.poly1d(c); p(x)``,
``p = np.polynomial.Polynomial(c)``, ``f = scipy.interpolate.interp1d(x, y); f(x_new)``,
``cs = scipy.interpolate.CubicSpline(x, y); cs(x_new, nu)``, ``PchipInterpolator(x, y)``, ``Akima1DInterpolator``,
``spl = make_interp_spline(x, y, k)``.

Calling such an object evaluates a function of what it was made from, as the library's own
``__call__`` does: ``np.polyval(c, x)`` (coefficients highest power first),
``polynomial.polyval(x, c)`` (lowest first; the default domain and window map ``x`` to itself),
SciPy's interpolation and splines (primitives/scipy_interpolate.py, scipy_splines.py). So the name holds a partial of
that function with the object's data bound (partials.py), and each call lowers to its rules:
differentiable in the data and in the argument. Anything else done with the object
(``p.deriv()``, ``f.x``, ``p + q``) is refused where it is done, naming what to write instead;
so are the makers' options not compiled (a domain, ``kind=5``, ``t=``) and SciPy's interpolators
not compiled (``UnivariateSpline`` ...), where the object is made."""
from __future__ import annotations

import ast
import sys
from dataclasses import dataclass

import numpy as np
from numpy.polynomial import polynomial

from ..errors import TranspileError
from ..ir import Const
from ..primitives.scipy_interpolate import INTERP1D_KINDS, interp1d
from ..primitives.scipy_splines import akima, cubic_hermite, cubic_spline, interpolating_spline, pchip
from .static_values import foldable
from .values import PartialFunction, PythonFunction

@dataclass(frozen=True)
class CallableObject(PartialFunction):
    """The partial such an object is read as, named as the object where a use is refused."""

    made_by: str = ""
    instead: str = ""

    def describe(self) -> str:
        return f"the object `{self.made_by}(...)` (only its calls are compiled; {self.instead})"


def callable_binding(lowering, value: ast.expr):
    """The object ``value`` makes, as a :class:`CallableObject`; None where ``value`` is no call
    of such a maker (or one read otherwise: the call lowers, or is refused, as before)."""
    if not (isinstance(value, ast.Call) and isinstance(value.func, (ast.Name, ast.Attribute))) \
            or any(isinstance(a, ast.Starred) for a in value.args) or any(k.arg is None for k in value.keywords):
        return None
    root = value.func
    while isinstance(root, ast.Attribute):
        root = root.value
    if not isinstance(root, ast.Name) or root.id in lowering.env:
        return None                    # (a local value's method)
    try:
        maker = lowering._resolve(value.func)
    except TranspileError:
        return None
    made_by = ast.unparse(value.func)
    if maker is np.poly1d and len(value.args) == 1 and not value.keywords:
        return CallableObject(PythonFunction(np.polyval, "np.polyval"), (lowering._expr(value.args[0]),), (),
                              made_by, "use np.polyder, np.polyval on its coefficients")
    if maker is np.polynomial.Polynomial and len(value.args) == 1 and not value.keywords:
        return CallableObject(PythonFunction(polynomial.polyval, "np.polynomial.polynomial.polyval"), (),
                              (("c", lowering._expr(value.args[0])),), made_by,
                              "use np.polynomial.polynomial.polyval and polyder on its coefficients")
    scipy_maker = _scipy_interpolator(maker)
    if scipy_maker is not None:
        return _scipy_object(lowering, value, made_by, scipy_maker)
    return None


@dataclass(frozen=True)
class _Maker:
    """A scipy.interpolate class compiled: the function its calls evaluate, the options its
    constructor takes after ``(x, y)`` in order, those that must be constants, and the keyword
    each option is passed to the function as (where a call's own argument has its name)."""

    function: object
    options: tuple
    constant: tuple
    renamed: tuple = ()
    instead: str = ""
    keyword_only: tuple = ()           # options passed by name only (after the options above)
    required: tuple = ()               # options without a default
    refused: tuple = ()                # options not compiled (refused where given, unless None)
    refused_instead: str = ""


_MAKERS = {
    "interp1d": _Maker(interp1d, ("kind", "axis", "copy", "bounds_error", "fill_value", "assume_sorted"),
                       ("kind", "axis", "copy", "bounds_error", "assume_sorted"),
                       instead="np.interp(x_new, x, y) interpolates linearly too"),
    "CubicSpline": _Maker(cubic_spline, ("axis", "bc_type", "extrapolate"), ("axis", "extrapolate"),
                          (("extrapolate", "spline_extrapolate"),),
                          "call it: `cs(x_new, nu)` is the nu-th derivative"),
    "CubicHermiteSpline": _Maker(cubic_hermite, ("dydx", "axis", "extrapolate"), ("axis", "extrapolate"),
                                 (("extrapolate", "spline_extrapolate"),), "call it: `h(x_new, nu)` is the nu-th derivative",
                                 required=("dydx",)),
    "Akima1DInterpolator": _Maker(akima, ("axis",), ("axis", "method", "extrapolate"),
                                  (("extrapolate", "spline_extrapolate"),), "call it: `a(x_new, nu)` is the nu-th derivative",
                                  keyword_only=("method", "extrapolate")),
    "PchipInterpolator": _Maker(pchip, ("axis", "extrapolate"), ("axis", "extrapolate"),
                                (("extrapolate", "spline_extrapolate"),), "call it: `p(x_new, nu)` is the nu-th derivative"),
    "make_interp_spline": _Maker(interpolating_spline, ("k", "t", "bc_type", "axis", "check_finite"),
                                 ("k", "t", "bc_type", "axis", "check_finite"),
                                 instead="call it: `spl(x_new, nu)` is the nu-th derivative",
                                 refused=("t", "bc_type"),
                                 refused_instead="make_interp_spline(x, y, k) on SciPy's knots, or "
                                                 "CubicSpline(x, y, bc_type=...) for boundary conditions"),
}
# (scipy.interpolate's other interpolators, refused where made: what to write instead)
_REFUSED = {
    "UnivariateSpline": "CubicSpline(x, y) (interpolating), or a least-squares fit with np.polyfit",
    "InterpolatedUnivariateSpline": "CubicSpline(x, y) or make_interp_spline(x, y, k)",
    "BSpline": "make_interp_spline(x, y, k) (an interpolating B-spline)",
    "PPoly": "CubicSpline(x, y)",
    "BarycentricInterpolator": "np.polyval(np.polyfit(x, y, len(x) - 1), x_new)",
    "KroghInterpolator": "np.polyval(np.polyfit(x, y, len(x) - 1), x_new)",
}


def _scipy_object(lowering, value: ast.Call, made_by: str, name: str) -> CallableObject:
    """``maker(x, y, ...)``: the data and options bound to the maker's function; options that
    choose code (a kind, an axis) must be constants, written where the object is made."""
    if name in _REFUSED:
        lowering._unsupported(value, f"`{made_by}(...)` (scipy.interpolate's {name} is not compiled)",
                              f"use {_REFUSED[name]}")
    maker = _MAKERS[name]
    named = dict(zip(("x", "y", *maker.options), value.args)) | {k.arg: k.value for k in value.keywords}
    data = [named.pop("x", None), named.pop("y", None)]          # (the points and values, by position or name)
    if None in data or len(value.args) > 2 + len(maker.options) or not set(maker.required) <= set(named) \
            or not set(named) <= set(maker.options) | set(maker.keyword_only):
        lowering._unsupported(value, f"this call of `{made_by}`",
                              f"call {name}(x, y, {', '.join(o + '=...' for o in maker.options + maker.keyword_only)})")
    boundary = _boundary_keywords(lowering, value, made_by, named.pop("bc_type")) if name == "CubicSpline" \
        and "bc_type" in named else ()
    options = {k: lowering._static(lowering._expr(v)) for k, v in named.items()}   # (a global's or closure's constant)
    if not all(isinstance(v, Const) for k, v in options.items() if k in maker.constant):
        lowering._unsupported(value, f"`{made_by}` with options known only at run time",
                              f"write {', '.join(maker.constant)} as constants")
    if name == "interp1d":
        _check_interp1d_kind(lowering, value, made_by, options)
    for option in maker.refused:
        if option in options and options[option].value is not None:
            lowering._unsupported(value, f"`{made_by}(..., {option}=...)` (not compiled)", f"use {maker.refused_instead}")
    options.pop("copy", None)
    renamed = dict(maker.renamed)
    keywords = tuple((renamed.get(k, k), v) for k, v in options.items()) + boundary
    return CallableObject(PythonFunction(maker.function, name),
                          (lowering._expr(data[0]), lowering._expr(data[1])), keywords, made_by,
                          maker.instead)


_NAMED_CONDITIONS = {"not-a-knot": ("not-a-knot", None), "periodic": ("periodic", None),
                     "clamped": (1, None), "natural": (2, None)}


def _boundary_keywords(lowering, value: ast.Call, made_by: str, bc_type: ast.expr) -> tuple:
    """CubicSpline's ``bc_type`` as each end's condition and derivative value (keywords of
    primitives/scipy_splines.py's ``cubic_spline``): a name for both ends, or a pair of names
    or ``(order, value)`` pairs, written where the spline is made (the value any expression)."""
    if not isinstance(bc_type, (ast.Constant, ast.Tuple)) and isinstance(
            named := lowering._static(lowering._expr(bc_type)), Const) and foldable(named.value):
        bc_type = ast.parse(repr(named.value), mode="eval").body        # (a global's or closure's constant)
    both = isinstance(bc_type, ast.Constant)
    ends = [bc_type, bc_type] if both else list(bc_type.elts) if isinstance(bc_type, ast.Tuple) else []
    conditions = [_end_condition(end, both) for end in ends]
    if len(conditions) != 2 or None in conditions:
        lowering._unsupported(value, f"this `bc_type` of `{made_by}`",
                              "write bc_type= in place: 'not-a-knot', 'periodic', 'clamped', 'natural', or a pair "
                              "of those (not 'periodic') or of (order, value) with order 1 or 2")
    keywords = ()
    for side, (order, given) in zip(("start", "end"), conditions):
        keywords += ((side, Const(order)),) + (((f"{side}_value", lowering._expr(given)),) if given else ())
    return keywords


def _end_condition(end: ast.expr, both: bool):
    """One end's (condition, value written or None); None where it is none of those compiled."""
    if isinstance(end, ast.Constant) and end.value in _NAMED_CONDITIONS and (end.value != "periodic" or both):
        return _NAMED_CONDITIONS[end.value]
    if isinstance(end, ast.Tuple) and len(end.elts) == 2 and isinstance(end.elts[0], ast.Constant) \
            and end.elts[0].value in (1, 2):
        return end.elts[0].value, end.elts[1]
    return None


def _check_interp1d_kind(lowering, value: ast.Call, made_by: str, options: dict) -> None:
    kind = options.get("kind", Const("linear")).value
    if kind not in INTERP1D_KINDS:
        lowering._unsupported(value, f"`{made_by}(..., kind={kind!r})` (not one of interp1d's kinds compiled)",
                              f"use kind= one of {', '.join(repr(k) for k in INTERP1D_KINDS)}")


def _scipy_interpolator(maker) -> str | None:
    """The name of the scipy.interpolate class ``maker`` is, where it is one compiled or refused."""
    interpolate = sys.modules.get("scipy.interpolate")   # (never imported here: a program using it did)
    if interpolate is None:
        return None
    for name in (*_MAKERS, *_REFUSED):
        if maker is getattr(interpolate, name, None):
            return name
    return None
