"""Tridiagonal solves, O(n) per right-hand side: the spline constructions of scipy_splines.py
(CubicSpline's slopes, SciPy's ``solve_banded((1, 1), ...)``) solve with them, where the dense
``np.linalg.solve`` of the matrix was O(n³). SciPy is imported where a solve of NumPy arrays runs
(``solve_banded``, LAPACK's ``gtsv``-like banded LU); without it, or on another array library, the
same solve is ``np.linalg.solve`` on the dense matrix (the same values).

One primitive, :func:`tridiagonal_solve` ``(lower, diagonal, upper, b)``: ``A x = b`` with
``A[i, i] = diagonal[i]``, ``A[i, i + 1] = upper[i]``, ``A[i + 1, i] = lower[i]``, ``b`` one
column or a matrix of columns. Real values only (the splines').

* reverse: ``d_b = A⁻ᵀ g`` (the same solve with ``lower`` and ``upper`` swapped),
  ``d_A = -d_b xᵀ`` on the three diagonals: ``d_diagonal[i] = -d_b[i] x[i]``,
  ``d_upper[i] = -d_b[i] x[i + 1]``, ``d_lower[i] = -d_b[i + 1] x[i]`` (summed over columns);
* forward: ``A ẋ = ḃ - Ȧ x``, ``Ȧ x`` one diagonal's tangent at a time (:func:`band_times`).
"""
import numpy as np

from .registry import Spelling, vjp_rule
from .runtime import helper

FAMILY = "linear algebra"


@helper()
def tridiagonal_solve(lower, diagonal, upper, b):
    """``A x = b`` for the tridiagonal ``A`` of the three diagonals (``lower`` and ``upper`` one
    shorter than ``diagonal``)."""
    if type(diagonal).__module__ == "numpy" and type(b).__module__ == "numpy":     # (not another array library's)
        try:
            from scipy.linalg import solve_banded
        except ImportError:
            solve_banded = None
        if solve_banded is not None:
            band = np.stack([np.concatenate([np.zeros(1), upper]), diagonal, np.concatenate([lower, np.zeros(1)])])
            return solve_banded((1, 1), band, b, check_finite=False)
    matrix = np.diag(diagonal) + np.diag(upper, 1) + np.diag(lower, -1)
    return np.linalg.solve(matrix, b)


@helper(linear="multi", args=(0, 1))
def band_product(u, v, offset):
    """``u vᵀ`` read on one diagonal (``offset`` 0, 1 above, -1 below), summed over columns:
    the negated adjoint of that diagonal, of ``u = d_b`` and ``v = x``."""
    if offset == 1:
        product = u[:-1] * v[1:]
    elif offset == -1:
        product = u[1:] * v[:-1]
    else:
        product = u * v
    return np.sum(product, axis=-1) if np.ndim(product) == 2 else product


@helper(linear="multi", args=(0, 1))
def band_times(t, x, offset):
    """The matrix with ``t`` on one diagonal (``offset`` 0, 1 above, -1 below) times ``x``."""
    if np.ndim(x) == 2:
        t = t[:, None]
    zero = np.zeros_like(x[:1])
    if offset == 1:
        return np.concatenate([t * x[1:], zero])
    if offset == -1:
        return np.concatenate([zero, t * x[:-1]])
    return t * x


def tridiagonal_solve_tangent(t, y, lower, diagonal, upper, b):
    return (-tridiagonal_solve(lower, diagonal, upper, band_times(t, y, -1)),
            -tridiagonal_solve(lower, diagonal, upper, band_times(t, y, 0)),
            -tridiagonal_solve(lower, diagonal, upper, band_times(t, y, 1)),
            tridiagonal_solve(lower, diagonal, upper, t))


def _same_as_right_hand_side(shapes, kwargs):
    return shapes[3] if isinstance(shapes[3], tuple) else None


@vjp_rule(tridiagonal_solve, family=FAMILY, spelling=Spelling(path="tridiagonal_solve"),
          shape_rule=_same_as_right_hand_side, jvp=tridiagonal_solve_tangent)
def tridiagonal_solve_rule(d_y, y, lower, diagonal, upper, b):
    # (the transposed solve written four times: the adjoint computes it once, ad/shared_calls.py)
    return (-band_product(tridiagonal_solve(upper, diagonal, lower, d_y), y, -1),
            -band_product(tridiagonal_solve(upper, diagonal, lower, d_y), y, 0),
            -band_product(tridiagonal_solve(upper, diagonal, lower, d_y), y, 1),
            tridiagonal_solve(upper, diagonal, lower, d_y))
