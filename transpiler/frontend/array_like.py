"""Arguments SciPy reads as arrays: ``scipy.stats.norm.logpdf(data, mu, sigma)`` with ``data`` a
list. SciPy passes every argument of a distribution's method through ``np.asarray``; the Python
function standing for it (primitives/scipy_stats*.py) computes ``(x - loc) / scale``, and ``-``
on a list is no arithmetic in Python. So a list or tuple given to such a composition (a display,
or a name bound to one) is passed as ``np.asarray(...)`` of it, as SciPy would read it; arrays and
numbers are passed as they are. The same for the operands of NumPy functions whose derivative
computes with them: elementwise functions with declared partials and the linear algebra of two
or more operands (``np.dot(x, [1.0, -2.0])``, ``np.arctan2(ys, x)``)."""
from __future__ import annotations

import ast
import os

import numpy as np

from ..errors import TranspileError
from ..ir import Const, Var, walk
from ..primitives.registry import from_a_library

ARRAY_LIKE_FAMILIES = {"scipy.stats"}     # compositions whose every argument is array_like


def inline_composition(lowering, node: ast.Call, composed):
    """The Python function standing for a library function, inlined at ``node``; for SciPy's
    distributions with each list or tuple argument read as an array. A refusal raised inside the
    composition (``eigvals(a, b)``'s generalized problem, ``gaussian_filter``'s ``order=1``) is
    located at ``node``, the user's call, not at the compiler's own source; so are the statements
    it makes, for what the analysis refuses later (``resample`` of a complex signal)."""
    start = len(lowering.body)
    try:
        if composed.family not in ARRAY_LIKE_FAMILIES:
            return lowering._inline(node, composed.function, static=True)
        with lowering._holding() as hold:
            return lowering._inline(with_arrays(lowering, node, hold), composed.function, static=True)
    except TranspileError as exc:
        if exc.location is not None and _in_the_compiler(exc.location.filename):
            exc.location = lowering.parsed.location(node)
            exc.args = (exc.format(),)
        raise
    finally:
        where = lowering.parsed.location(node)
        for stmt in walk(lowering.body[start:]):
            if stmt.location is not None and _in_the_compiler(stmt.location.filename):
                stmt.location = where


def _in_the_compiler(filename: str) -> bool:
    """Is ``filename`` a file of this package (a composition's source)?"""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return os.path.abspath(filename).startswith(package + os.sep)


def with_arrays(lowering, node: ast.Call, hold) -> ast.Call:
    """``node`` with each list or tuple argument wrapped in ``np.asarray`` (``hold``: the
    lowering's ``_holding`` names, for the NumPy function whatever the user imported)."""
    return ast.copy_location(ast.Call(
        func=node.func, args=operands_as_arrays(lowering, node.args, len(node.args), hold),
        keywords=[ast.keyword(arg=k.arg, value=k.value if k.arg is None else
                              operands_as_arrays(lowering, [k.value], 1, hold)[0]) for k in node.keywords]), node)


def computes_with_operands(prim, callee) -> bool:
    """Does the NumPy or SciPy function ``callee`` (``prim``'s) have a derivative that computes
    with its operands: an elementwise function with declared partials, or linear algebra of two or
    more operands (not ``np.einsum``, whose first argument is its subscripts)?"""
    return ((prim.partials is not None or prim.family == "linear algebra" and (prim.arity or 0) > 1)
            and callee is not np.einsum and from_a_library(callee))


def operands_as_arrays(lowering, args: list, count: int, hold) -> list:
    """``args`` with each of the first ``count`` that is a list or tuple wrapped in ``np.asarray``:
    the operands of a NumPy function whose derivative computes with them (``np.dot(x, [1.0, 2.0])``'s
    adjoint multiplies by the list, ``np.arctan2(ys, x)``'s partial squares it)."""
    asarray = None
    wrapped = []
    for position, arg in enumerate(args):
        if position < count and not isinstance(arg, ast.Starred) and is_sequence(lowering, arg):
            asarray = asarray or lowering._numpy_function(hold, arg)(np.asarray)
            arg = ast.copy_location(ast.Call(func=asarray, args=[arg], keywords=[]), arg)
        wrapped.append(arg)
    return wrapped


def is_sequence(lowering, arg: ast.expr) -> bool:
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
