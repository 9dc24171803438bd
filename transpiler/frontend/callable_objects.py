"""Library objects made in the function and then called: ``p = np.poly1d(c); p(x)``,
``p = np.polynomial.Polynomial(c)``, ``f = scipy.interpolate.interp1d(x, y); f(x_new)``.

Calling such an object evaluates a function of what it was made from, as the library's own
``__call__`` does: ``np.polyval(c, x)`` (coefficients highest power first),
``polynomial.polyval(x, c)`` (lowest first; the default domain and window map ``x`` to itself),
SciPy's linear interpolation (primitives/scipy_interpolate.py). So the name holds a partial of
that function with the object's data bound (partials.py), and each call lowers to its rules:
differentiable in the data and in the argument. Anything else done with the object
(``p.deriv()``, ``f.x``, ``p + q``) is refused where it is done, naming what to write instead;
so are the makers' options read otherwise (a domain, ``kind="cubic"``), where it is made."""
from __future__ import annotations

import ast
import sys
from dataclasses import dataclass

import numpy as np
from numpy.polynomial import polynomial

from ..errors import TranspileError
from ..ir import Const
from ..primitives.scipy_interpolate import interp1d_linear
from .values import PartialFunction, PythonFunction

_INTERP1D_OPTIONS = ("kind", "axis", "copy", "bounds_error", "fill_value", "assume_sorted")


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
    if _is_interp1d(maker):
        return _interp1d(lowering, value, made_by)
    return None


def _interp1d(lowering, value: ast.Call, made_by: str) -> CallableObject:
    """``interp1d(x, y, kind="linear", ...)``: its options as constants; another kind refused."""
    named = dict(zip(_INTERP1D_OPTIONS, value.args[2:])) | {k.arg: k.value for k in value.keywords}
    if len(value.args) < 2 or len(value.args) > 2 + len(_INTERP1D_OPTIONS) or not set(named) <= set(_INTERP1D_OPTIONS):
        lowering._unsupported(value, f"this call of `{made_by}`", "call interp1d(x, y, kind='linear', ...)")
    options = {k: lowering._expr(v) for k, v in named.items()}
    if not all(isinstance(v, Const) for k, v in options.items() if k != "fill_value"):
        lowering._unsupported(value, f"`{made_by}` with options known only at run time",
                              "write kind, axis, bounds_error and assume_sorted as constants")
    kind = options.pop("kind", Const("linear")).value
    if kind not in ("linear", "slinear"):
        lowering._unsupported(value, f"`{made_by}(..., kind={kind!r})` (only linear interpolation is compiled)",
                              "use kind='linear', or np.interp")
    options.pop("copy", None)
    keywords = tuple(options.items())
    return CallableObject(PythonFunction(interp1d_linear, "interp1d"),
                          (lowering._expr(value.args[0]), lowering._expr(value.args[1])), keywords, made_by,
                          "np.interp(x_new, x, y) interpolates linearly too")


def _is_interp1d(maker) -> bool:
    interpolate = sys.modules.get("scipy.interpolate")   # (never imported here: a program using it did)
    return interpolate is not None and maker is getattr(interpolate, "interp1d", None)
