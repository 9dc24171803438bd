"""``scipy.linalg``: its functions as compositions of ``np.linalg`` primitives, inlined where one
is called (every keyword SciPy's signature takes binds as SciPy binds it; ``overwrite_*`` and
``check_finite`` change nothing a derivative sees and are accepted and ignored).

A triangular solve (``solve_triangular``, ``cho_solve``) is SciPy's own, O(n²) per right-hand
side, a primitive whose rules solve triangular systems again (triangular.py); the triangle
SciPy does not read has adjoint zero, as SciPy's result does not depend on it. Registered the first time a lookup misses while
``scipy.linalg`` is imported (registry.py).
"""
import numpy as np
import scipy.linalg

from .registry import composed, refused
from .triangular import conjugated, triangular_solve

FAMILY = "scipy.linalg"
linalg = scipy.linalg


@composed(linalg.det, family=FAMILY)
def det(a, overwrite_a=False, check_finite=True):
    return np.linalg.det(a)


@composed(linalg.inv, family=FAMILY)
def inv(a, overwrite_a=False, check_finite=True, assume_a=None, lower=False):
    return np.linalg.inv(a)


@composed(linalg.cholesky, family=FAMILY)
def cholesky(a, lower=False, overwrite_a=False, check_finite=True):
    """The lower factor ``L`` (``a = L Lᵀ``) of ``a``'s lower triangle, or the upper one
    (``a = Uᵀ U``, SciPy's default) of its upper triangle: the triangle SciPy reads. Its
    derivative is np.linalg.cholesky's symmetric one."""
    if lower:
        return np.linalg.cholesky(a)
    return np.swapaxes(np.linalg.cholesky(np.swapaxes(a, -1, -2)), -1, -2)


@composed(linalg.cho_factor, family=FAMILY)
def cho_factor(a, lower=False, overwrite_a=False, check_finite=True):
    """``(c, lower)``: SciPy leaves arbitrary values in ``c``'s other triangle, this zeros."""
    return cholesky(a, lower), lower


@composed(linalg.cho_solve, family=FAMILY)
def cho_solve(c_and_lower, b, overwrite_b=False, check_finite=True):
    """Solves ``a x = b`` given ``cho_factor(a)``, reading only the factor's triangle: two triangular
    solves, ``L z = b`` then ``Lᴴ x = z`` (``a = L Lᴴ``), or ``Uᴴ z = b`` then ``U x = z``."""
    c, lower = c_and_lower
    if lower:
        return triangular_solve(conjugated(c), triangular_solve(c, b, True, False, False), True, True, False)
    return triangular_solve(c, triangular_solve(conjugated(c), b, False, True, False), False, False, False)


@composed(linalg.solve_triangular, family=FAMILY)
def solve_triangular(a, b, trans=0, lower=False, unit_diagonal=False, overwrite_b=False, check_finite=True):
    """``a x = b`` (``trans`` 0 or "N"), ``aᵀ x = b`` (1 or "T"), ``aᴴ x = b`` (2 or "C") for ``a``'s lower or
    upper triangle; with ``unit_diagonal``, ones on the diagonal."""
    if trans == 2 or trans == "C":
        return triangular_solve(conjugated(a), b, lower, True, unit_diagonal)
    return triangular_solve(a, b, lower, trans == 1 or trans == "T", unit_diagonal)


@composed(linalg.expm, family=FAMILY)
def expm(A):
    """Scaling and squaring with the degree-13 Padé approximant (SciPy's algorithm at its top
    degree): its derivative is the algorithm's, which approximates the Fréchet derivative to the
    same accuracy (Al-Mohy and Higham, 2009). The number of squarings is a constant of it.
    Coefficients, and the 1-norm up to which the approximant is accurate to double precision:
    Higham, "The scaling and squaring method for the matrix exponential revisited", 2005."""
    b = (64764752532480000.0, 32382376266240000.0, 7771770303897600.0, 1187353796428800.0,
         129060195264000.0, 10559470521600.0, 670442572800.0, 33522128640.0, 1323241920.0,
         40840800.0, 960960.0, 16380.0, 182.0, 1.0)
    norm = np.max(np.sum(np.abs(A), axis=-2))
    squarings = int(np.ceil(np.log2(max(norm, 5.371920351148152) / 5.371920351148152)))
    X = A / 2.0 ** squarings
    identity = np.eye(np.shape(A)[-1], dtype=np.result_type(A, 1.0))     # (float32 stays float32, as SciPy's)
    X2 = X @ X
    X4 = X2 @ X2
    X6 = X4 @ X2
    # (b[13] is 1: the innermost sum's X6 stands for b[13] * X6)
    U = X @ (X6 @ (X6 + b[11] * X4 + b[9] * X2) + b[7] * X6 + b[5] * X4 + b[3] * X2 + b[1] * identity)
    V = X6 @ (b[12] * X6 + b[10] * X4 + b[8] * X2) + b[6] * X6 + b[4] * X4 + b[2] * X2 + b[0] * identity
    R = np.linalg.solve(V - U, V + U)
    for _ in range(squarings):
        R = R @ R
    return R


def _triangle(a, lower):
    """``a``'s lower (or upper) triangle, the rest zero."""
    rows = np.arange(np.shape(a)[-1])
    if lower:
        return np.where(rows[:, None] >= rows, a, 0.0)
    return np.where(rows[:, None] <= rows, a, 0.0)




from . import scipy_linalg_functions, scipy_linalg_matrices, scipy_linalg_more, scipy_linalg_reductions, scipy_linalg_rest, scipy_matrix_equations, scipy_riccati  # noqa: E402,F401  (the rest of scipy.linalg, registered with these)
