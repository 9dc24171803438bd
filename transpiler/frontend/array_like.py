"""Arguments SciPy reads as arrays: ``scipy.stats.norm.logpdf(data, mu, sigma)`` with ``data`` a
list. SciPy passes every argument of a distribution's method through ``np.asarray``; the Python
function standing for it (primitives/scipy_stats*.py) computes ``(x - loc) / scale``, and ``-``
on a list is no arithmetic in Python. So a list or tuple given to such a composition (a display,
or a name bound to one) is passed as ``np.asarray(...)`` of it, as SciPy would read it; arrays and
numbers are passed as they are."""
from __future__ import annotations

import ast

import numpy as np

from ..ir import Const, Var

ARRAY_LIKE_FAMILIES = {"scipy.stats"}     # compositions whose every argument is array_like


def with_arrays(lowering, node: ast.Call, hold) -> ast.Call:
    """``node`` with each list or tuple argument wrapped in ``np.asarray`` (``hold``: the
    lowering's ``_holding`` names, for the NumPy function whatever the user imported)."""
    asarray = lowering._numpy_function(hold, node)(np.asarray)

    def read_as_array(arg: ast.expr) -> ast.expr:
        if not _is_sequence(lowering, arg):
            return arg
        return ast.copy_location(ast.Call(func=asarray, args=[arg], keywords=[]), arg)

    return ast.copy_location(ast.Call(
        func=node.func, args=[a if isinstance(a, ast.Starred) else read_as_array(a) for a in node.args],
        keywords=[ast.keyword(arg=k.arg, value=k.value if k.arg is None else read_as_array(k.value))
                  for k in node.keywords]), node)


def _is_sequence(lowering, arg: ast.expr) -> bool:
    """A list or tuple display, or a name bound to a list or tuple (a local one, or a global's or
    closure's: ``COUNTS``, ``self.counts`` of an object made outside)."""
    if isinstance(arg, (ast.List, ast.Tuple)):
        return not any(isinstance(e, ast.Starred) for e in arg.elts)
    if isinstance(arg, ast.Attribute) or isinstance(arg, ast.Name) and arg.id not in lowering.env:
        return isinstance(lowering._resolve(arg), (list, tuple))
    if not isinstance(arg, ast.Name):
        return False
    value = lowering.env.get(arg.id)
    if isinstance(value, Const):
        return isinstance(value.value, (list, tuple))
    return isinstance(value, Var) and (value in lowering.lists or value in lowering.displays)
