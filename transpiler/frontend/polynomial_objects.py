"""``p = np.poly1d(c)`` or ``p = np.polynomial.Polynomial(c)``, then ``p(x)``: a polynomial object
made in the function and called is the polynomial evaluated, which NumPy's own ``__call__``
does by ``np.polyval(c, x)`` (coefficients highest power first) and ``polynomial.polyval(x,
c)`` (lowest first; the default domain and window map ``x`` to itself). So the name holds a
partial of that function with the coefficients bound (partials.py), and each call lowers to the
rules those functions have (primitives/numpy_compositions.py, polynomial_series.py). Anything
else done with the object (``p.deriv()``, ``p.c``, ``p + q``, a domain given) is refused where
it is done, as a partial's use would be: write ``np.polyder`` / ``np.polyval`` on the
coefficients instead."""
from __future__ import annotations

import ast

import numpy as np
from numpy.polynomial import polynomial

from dataclasses import dataclass

from ..errors import TranspileError
from .values import PartialFunction, PythonFunction


@dataclass(frozen=True)
class PolynomialObject(PartialFunction):
    """The partial a polynomial object is read as, named as the object where a use is refused."""

    made_by: str = ""

    def describe(self) -> str:
        return f"the polynomial object `{self.made_by}(...)` (for its methods, use np.polyder, np.polyval on its coefficients)"


def polynomial_binding(lowering, value: ast.expr):
    """``np.poly1d(c)`` / ``Polynomial(c)`` (one argument, no keyword) as a partial of its
    evaluation; None for any other value."""
    if not (isinstance(value, ast.Call) and isinstance(value.func, (ast.Name, ast.Attribute))) \
            or len(value.args) != 1 or value.keywords or isinstance(value.args[0], ast.Starred):
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
    if maker is np.poly1d:
        return PolynomialObject(PythonFunction(np.polyval, "np.polyval"), (lowering._expr(value.args[0]),), (),
                                ast.unparse(value.func))
    if maker is np.polynomial.Polynomial:
        return PolynomialObject(PythonFunction(polynomial.polyval, "np.polynomial.polynomial.polyval"), (),
                                (("c", lowering._expr(value.args[0])),), ast.unparse(value.func))
    return None
