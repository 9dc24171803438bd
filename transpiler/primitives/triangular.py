"""Triangular solves: ``scipy.linalg.solve_triangular`` and ``cho_solve`` as SciPy runs them, O(n²)
per right-hand side, with rules that solve triangular systems again (where the compositions of
``np.linalg.solve`` in scipy_linalg.py were O(n³) and differentiated a product ``L @ Lᴴ`` too);
the Cholesky factor's rules (decompositions.py) solve with it too. SciPy is imported where a solve
of NumPy arrays runs: without it, and on another array library (the array-API backend), the same
solve is ``np.linalg.solve`` on the triangle (O(n³), the same values).

One primitive, :func:`triangular_solve` ``(a, b, lower, transposed, unit_diagonal)``: ``op(T) x =
b`` for ``T`` the triangle of ``a`` SciPy reads (ones on its diagonal with ``unit_diagonal``) and
``op`` a plain transpose where ``transposed``. Rational in the entries and written with transposes,
never conjugates, its rules hold for complex values as written (complex_rules.py's convention);
the conjugating spellings (``trans="C"``, a complex ``cho_solve``) conjugate the factor first, by
:func:`conjugated`, which for a real array is the array itself (no copy).

* reverse: ``d_b = op(T)⁻ᵀ g`` (the other ``op``), ``d_a = -tri(d_b xᵀ)`` (``-tri(x d_bᵀ)``
  transposed): the adjoint of the entries read, zero elsewhere;
* forward: ``op(T) ẋ = ḃ - op(tri(ȧ)) x``.
"""
import ast

import numpy as np

from ..ir.algebra import is_negation
from .complex_rules import COMPLEX_READY
from .rearranging import same_as_first
from .registry import Spelling, vjp_rule
from .runtime import helper, unbroadcast  # noqa: F401  (triangular_outer calls unbroadcast)

FAMILY = "linear algebra"


@helper("triangle_mask")
def triangular_solve(a, b, lower, transposed, unit_diagonal):
    """``op(T) x = b``: ``T`` the lower (or upper) triangle of ``a``, ones on its diagonal where
    ``unit_diagonal``; ``op`` transposes (no conjugate) where ``transposed``."""
    if type(a).__module__ == "numpy" and type(b).__module__ == "numpy":     # (not another array library's)
        try:
            from scipy.linalg import solve_triangular
        except ImportError:
            solve_triangular = None
        if solve_triangular is not None:
            return solve_triangular(a, b, trans=1 if transposed else 0, lower=lower, unit_diagonal=unit_diagonal,
                                    check_finite=False)
    # without SciPy, or on another array library: the solve on the triangle itself (O(n³), the same values)
    n = np.shape(a)[-1]
    triangle = np.where(triangle_mask(a, lower, unit_diagonal), a, 0.0) + (np.eye(n) if unit_diagonal else 0.0)
    return np.linalg.solve(np.swapaxes(triangle, -1, -2) if transposed else triangle, b)


@helper()
def triangle_mask(a, lower, unit_diagonal):
    """The entries of the (stack of) square matrices ``a`` a triangular solve reads: the lower (or
    upper) triangle, without the diagonal where that is taken as ones."""
    n = np.shape(a)[-1]
    rows, columns = np.arange(n)[:, None], np.arange(n)     # (compared directly: a bool n×n array, no int one)
    if lower:
        return rows > columns if unit_diagonal else rows >= columns
    return rows < columns if unit_diagonal else rows <= columns


@helper("triangle_mask", "unbroadcast", linear="multi", args=(0, 1))
def triangular_outer(u, v, a, lower, transposed, unit_diagonal):
    """``u vᵀ`` (``v uᵀ`` where ``transposed``; of matrices of columns, ``u @ vᵀ``) on the entries
    of ``a`` the solve reads, zero elsewhere, summed back to ``a``'s shape: the negated adjoint of
    ``a``, of ``u = d_b`` and ``v = x``."""
    if transposed:
        u, v = v, u
    product = np.multiply.outer(u, v) if np.ndim(u) == 1 else u @ np.swapaxes(v, -1, -2)
    kept = triangle_mask(a, lower, unit_diagonal)
    if type(product).__module__ == "numpy":
        # zeroed in place (a product made here): np.where's second n×n array costs more than the
        # write, in page faults (about 6x at n = 200); other array libraries' arrays may be immutable
        product[~kept] = 0.0
        return unbroadcast(product, a)
    return unbroadcast(np.where(kept, product, 0.0), a)


@helper("triangle_mask", linear="multi", args=(0, 1))
def triangle_times(t, x, lower, transposed, unit_diagonal):
    """``op(tri(t)) @ x``: how a change ``t`` of the matrix's entries read moves ``op(T) x`` (and
    the Cholesky adjoint's ``L.T @ g``). Two NumPy matrices of one BLAS dtype are multiplied by
    BLAS's triangular product ``trmm``, which reads only the triangle (half a full product's work,
    no masked copy); a diagonal taken as ones is not read at all, so that case keeps the mask."""
    if type(t).__module__ == "numpy" and type(x).__module__ == "numpy" and np.ndim(t) == 2 == np.ndim(x) \
            and t.dtype == x.dtype and t.dtype.char in "fdFD" and not unit_diagonal:
        try:
            from scipy.linalg.blas import get_blas_funcs
        except ImportError:
            get_blas_funcs = None
        if get_blas_funcs is not None:
            trmm = get_blas_funcs("trmm", (t, x))
            if not t.flags.f_contiguous:        # BLAS reads columns: t.T is t's own memory (no copy)
                t, lower, transposed = t.T, not lower, not transposed
            return trmm(1.0, t, x, lower=int(lower), trans_a=int(transposed))
    triangle = np.where(triangle_mask(t, lower, unit_diagonal), t, 0.0)
    return (np.swapaxes(triangle, -1, -2) if transposed else triangle) @ x


def _same_as_right_hand_side(shapes, kwargs):
    a, b = shapes[0], shapes[1]
    return b if isinstance(a, tuple) and len(a) == 2 and isinstance(b, tuple) and len(b) in (1, 2) else None


def triangular_solve_tangent(t, y, a, b, lower, transposed, unit_diagonal):
    return (-triangular_solve(a, triangle_times(t, y, lower, transposed, unit_diagonal), lower, transposed,
                              unit_diagonal),
            triangular_solve(a, t, lower, transposed, unit_diagonal), None, None, None)


def _other_side(site, index, d_y):
    """The rule below where ``transposed`` is a constant (as the compositions write it): the
    adjoint's solve with the other ``op`` spelled as the constant, not ``not True``, so that both
    adjoints read one call (ad/shared_calls.py computes it once)."""
    a, _, lower, transposed, unit_diagonal = site.args
    if not (isinstance(transposed, ast.Constant) and isinstance(transposed.value, bool)):
        return None
    d_b = ast.Call(func=ast.Name(id="triangular_solve", ctx=ast.Load()),
                   args=[a, d_y, lower, ast.Constant(not transposed.value), unit_diagonal], keywords=[])
    if index == 1:
        return d_b
    if index != 0:
        return None
    outer = ast.Call(func=ast.Name(id="triangular_outer", ctx=ast.Load()),
                     args=[d_b, site.out, a, lower, transposed, unit_diagonal], keywords=[])
    return ast.UnaryOp(op=ast.USub(), operand=outer)


@vjp_rule(triangular_solve, family=FAMILY, spelling=Spelling(path="triangular_solve"),
          shape_rule=_same_as_right_hand_side, jvp=triangular_solve_tangent, specialized=_other_side)
def triangular_solve_rule(d_y, y, a, b, lower, transposed, unit_diagonal):
    return (-triangular_outer(triangular_solve(a, d_y, lower, not transposed, unit_diagonal), y, a, lower,
                              transposed, unit_diagonal),
            triangular_solve(a, d_y, lower, not transposed, unit_diagonal), None, None, None)


@helper()
def conjugated(x):
    """``np.conj(x)`` of a complex ``x``; a real ``x`` itself, not a copy (as ``x.conj()``)."""
    return np.conj(x) if np.iscomplexobj(x) else x


# conj(x + 1j y) = x - 1j y: its adjoint is the adjoint conjugated (complex_rules.py's convention)
# and its tangent the tangent conjugated; for real values both are the values themselves.
def _conjugated_negation(site, index, d_y):
    """``conjugated(-g)`` as ``-conjugated(g)``: the negation moves out, where the sum of adjoints
    takes it as a subtraction (no negated copy of an n×n adjoint; cho_solve's factor)."""
    if index != 0 or not is_negation(d_y):
        return None
    return ast.UnaryOp(op=ast.USub(), operand=ast.Call(func=ast.Name(id="conjugated", ctx=ast.Load()),
                                                         args=[d_y.operand], keywords=[]))


@vjp_rule(conjugated, family=FAMILY, spelling=Spelling(path="conjugated"), linear="joint", shape_rule=same_as_first,
          specialized=_conjugated_negation)
def conjugated_rule(d_y, y, x):
    return conjugated(d_y),


COMPLEX_READY.update(("triangular_solve", "conjugated"))   # (their rules are written for complex values too)

