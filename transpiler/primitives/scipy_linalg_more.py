"""More of ``scipy.linalg`` as compositions of ``np.linalg`` primitives (scipy_linalg.py has the
first ones, and loads this module): ``solve`` (every ``assume_a`` reading the part of ``a``
SciPy reads), ``eigh`` (``lower``, ``eigvals_only``, ``subset_by_index``, ``b`` by Cholesky),
``svd``, ``qr``, ``lu``/``lu_factor``/``lu_solve``, ``polar``, ``solve_sylvester``,
``solve_banded``, ``expm_frechet``; and ``sqrtm`` by its rule (a Sylvester equation). ``overwrite_*``, ``check_finite``, ``lwork`` and the LAPACK driver change
nothing a derivative sees and are accepted and ignored.

LU: the row order is SciPy's partial pivoting (a constant of the derivative: the pivots are
piecewise constant), the factors an elimination without pivoting of the rows in that order,
written in primitives (each step an outer-product update), so ``L``, ``U`` and ``lu_factor``'s
packed ``lu`` are differentiable, and ``lu_solve`` is differentiable in both the factors and
``b``: two triangular solves.
"""
import numpy as np
import scipy.linalg

from .complex_rules import complex_rule
from .registry import Spelling, composed, nondifferentiable, refused, vjp_rule
from .helper_rules import declare_helpers_with_tangents, declare_linear_helpers
from .runtime import helper, refuse_at_run_time  # noqa: F401  (real_square_root calls it)

FAMILY = "scipy.linalg"
linalg = scipy.linalg

def _reflected(a, lower):
    """The symmetric matrix of ``a``'s lower (or upper) triangle, the triangle SciPy reads."""
    rows = np.arange(np.shape(a)[-1])
    keep = rows[:, None] >= rows if lower else rows[:, None] <= rows
    return np.where(keep, a, np.swapaxes(a, -1, -2))


def _hermitian_reflected(a, lower):
    """The Hermitian matrix of ``a``'s lower (or upper) triangle, as LAPACK's Hermitian and
    positive definite solvers read it: the other triangle conjugated, the diagonal's real part."""
    rows = np.arange(np.shape(a)[-1])
    keep = rows[:, None] >= rows if lower else rows[:, None] <= rows
    return np.where(rows[:, None] == rows, np.real(a), np.where(keep, a, np.conj(np.swapaxes(a, -1, -2))))


def _triangle(a, lower):
    rows = np.arange(np.shape(a)[-1])
    return np.where(rows[:, None] >= rows if lower else rows[:, None] <= rows, a, 0.0)


def _band(a, width):
    rows = np.arange(np.shape(a)[-1])
    return np.where(np.abs(rows[:, None] - rows) <= width, a, 0.0)


def solve_banded_by_assumption():
    """Stands for ``solve(..., assume_a="banded")`` in the composition: refused."""


refused(solve_banded_by_assumption, reason="assume_a='banded' reads a band SciPy finds from the values",
        hint="solve with assume_a='gen' (or None): the same solution, differentiated in every entry")


@composed(linalg.solve, family=FAMILY)
def solve(a, b, lower=False, overwrite_a=False, overwrite_b=False, check_finite=True, assume_a=None,
          transposed=False):
    """``a x = b`` (``aᵀ x = b`` when ``transposed``) for the part of ``a`` SciPy reads: one
    triangle mirrored for a symmetric, Hermitian or positive definite ``a``, the diagonal, the
    three diagonals, or a triangle; the whole matrix for "gen" and None (whose structure SciPy
    detects from the values: the same solution)."""
    if assume_a == "sym" or assume_a == "symmetric":
        a = _reflected(a, lower)
    elif assume_a == "her" or assume_a == "hermitian" or assume_a == "pos" or assume_a == "positive definite":
        a = _hermitian_reflected(a, lower)
    elif assume_a == "diagonal":
        a = _band(a, 0)
    elif assume_a == "tridiagonal":
        a = _band(a, 1)
    elif assume_a == "upper triangular" or assume_a == "lower triangular":
        a = _triangle(a, assume_a == "lower triangular")
    elif assume_a == "banded":
        return solve_banded_by_assumption()
    if transposed:
        a = np.swapaxes(a, -1, -2)
    return np.linalg.solve(a, b)


@composed(linalg.eigh, family=FAMILY)
def eigh(a, b=None, *, lower=True, eigvals_only=False, overwrite_a=False, overwrite_b=False,
         check_finite=True, subset_by_index=None, driver=None):
    """``np.linalg.eigh`` of the triangle SciPy reads; with ``b`` (positive definite), the
    problem ``a v = w b v`` as ``L⁻¹ a L⁻ᵀ`` with ``b = L Lᵀ`` (eigenvectors ``b``-orthonormal,
    as SciPy's). Each eigenvector takes the sign SciPy's has. ``subset_by_value`` (a count that
    depends on the values) and ``type`` (2 or 3) are not parameters: refused where written."""
    matrix = a
    if b is not None:       # (conjugate transposes: the Hermitian problem of complex matrices too)
        factor = np.linalg.cholesky(_hermitian_reflected(b, lower))
        half = np.linalg.solve(factor, _hermitian_reflected(a, lower))                   # L^-1 a
        a = np.linalg.solve(factor, np.conj(np.swapaxes(half, -1, -2)))                  # L^-1 a L^-H
    w, v = np.linalg.eigh(a, "L" if lower or b is not None else "U")
    if b is not None:
        v = np.linalg.solve(np.conj(np.swapaxes(factor, -1, -2)), v)
    if not eigvals_only:
        v = v * eigenvector_signs(v, matrix, b, lower)
    if subset_by_index is not None:
        w = w[..., subset_by_index[0]:subset_by_index[1] + 1]
        v = v[..., subset_by_index[0]:subset_by_index[1] + 1]
    return w if eigvals_only else (w, v)


@helper()
def eigenvector_signs(v, a, b, lower):
    """±1 for each column of ``v`` (a phase ``e^(i theta)`` for complex ones): the factors that
    make them SciPy's eigenvectors (an eigenvector's sign or phase is arbitrary; LAPACK's drivers
    choose differently). No derivative."""
    theirs = scipy.linalg.eigh(a, b, lower=lower, check_finite=False)[1]
    overlap = np.sum(np.conj(v) * theirs, axis=-2, keepdims=True)
    if np.iscomplexobj(overlap):
        return np.where(overlap == 0, 1.0, overlap / np.where(overlap == 0, 1.0, np.abs(overlap)))
    return np.where(overlap < 0, -1.0, 1.0)


nondifferentiable(eigenvector_signs, family="runtime helpers", shape_rule=None,
                  spelling=Spelling(path="eigenvector_signs"))


@composed(linalg.svd, family=FAMILY)
def svd(a, full_matrices=True, compute_uv=True, overwrite_a=False, check_finite=True, lapack_driver="gesdd"):
    """NumPy's SVD (LAPACK's gesdd, SciPy's default); with ``lapack_driver="gesvd"`` each singular
    vector takes the sign SciPy's has (the drivers choose differently)."""
    if not compute_uv or lapack_driver == "gesdd":
        return np.linalg.svd(a, full_matrices=full_matrices, compute_uv=compute_uv)
    u, s, vh = np.linalg.svd(a, full_matrices=full_matrices)
    v = np.conj(np.swapaxes(vh, -1, -2))
    u_signs = singular_vector_signs(a, u, 0, full_matrices, lapack_driver)
    v_signs = singular_vector_signs(a, v, 2, full_matrices, lapack_driver)
    return u * u_signs, s, vh * np.swapaxes(v_signs, -1, -2)


@helper("refuse_at_run_time")
def singular_vector_signs(a, ours, which, full_matrices, driver):
    """±1 for each column of ``ours`` (NumPy's ``u``, or for ``which=2`` ``vh``'s conjugate
    transpose): the factors that make them SciPy's with ``lapack_driver=driver``. No derivative."""
    theirs = scipy.linalg.svd(a, full_matrices=full_matrices, lapack_driver=driver, check_finite=False)[which]
    if which == 2:
        theirs = np.conj(np.swapaxes(theirs, -1, -2))
    overlap = np.sum(np.conj(ours) * theirs, axis=-2, keepdims=True)
    if np.any(np.abs(np.abs(overlap) - 1) > 1e-6):
        refuse_at_run_time(("scipy.linalg.svd",), f"scipy.linalg.svd with lapack_driver={driver!r} where its "
                           "singular vectors are not NumPy's up to signs (repeated singular values, or the extra "
                           "columns of full_matrices=True)", "use lapack_driver='gesdd' (the default)")
    return np.sign(np.real(overlap))


nondifferentiable(singular_vector_signs, family="runtime helpers", shape_rule=None,
                  spelling=Spelling(path="singular_vector_signs"))


def qr_in_raw_mode():
    """Stands for ``qr(..., mode="raw")``: refused."""


refused(qr_in_raw_mode, reason="qr's mode='raw' (LAPACK's Householder reflectors) has no rule",
        hint="use mode='full', 'economic' or 'r'")


@composed(linalg.qr, family=FAMILY)
def qr(a, overwrite_a=False, lwork=None, mode="full", *, check_finite=True):
    """``(Q, R)``: ``mode="full"`` is NumPy's "complete", "economic" its "reduced"; "r" is
    ``(R,)``, the full-size ``R``. ``pivoting`` is not a parameter: refused where written."""
    if mode == "raw":
        return qr_in_raw_mode()
    if mode == "economic":
        return np.linalg.qr(a, "reduced")
    q, r = np.linalg.qr(a, "complete")
    return (r,) if mode == "r" else (q, r)


# --------------------------------------------------------------------------- LU
@helper()
def pivot_swaps(a):
    """LAPACK's row interchanges of SciPy's partial pivoting of ``a`` (no derivative)."""
    return scipy.linalg.lu_factor(a, check_finite=False)[1]


@helper()
def rows_after_swaps(swaps, rows):
    """The order of ``rows`` rows, ``a[order] = L U``, that the interchanges ``swaps`` make."""
    order = np.arange(rows)
    for i, j in enumerate(swaps):
        order[[i, j]] = order[[j, i]]
    return order


for _helper in (pivot_swaps, rows_after_swaps):
    nondifferentiable(_helper, family="runtime helpers", shape_rule=None, spelling=Spelling(path=_helper.__name__))


def _eliminated(a):
    """``(L, U)`` with ``a = L U`` (``L`` unit lower M×K, ``U`` upper K×N), no pivoting: each step
    takes the pivot row and the multipliers, and subtracts their outer product. A zero pivot
    (after partial pivoting, its column is zero below it too) divides nothing, as LAPACK's getrf:
    its multipliers are that column as it is (zeros), not 0 / 0."""
    m, n = np.shape(a)
    multipliers, pivot_rows = [], []
    rest = a
    for j in range(min(m, n)):
        pivot = rest[j, j]
        column = rest[:, j] / np.where(pivot == 0, 1.0, pivot)
        multipliers.append(column)
        pivot_rows.append(rest[j])
        rest = rest - column[:, None] * rest[j]
    lower, upper = np.stack(multipliers, axis=1), np.stack(pivot_rows, axis=0)
    k = min(m, n)
    below = np.arange(m)[:, None] > np.arange(k)
    return (np.where(below, lower, 0.0) + np.eye(m, k, dtype=np.result_type(a, 1.0)),
            np.where(np.arange(k)[:, None] <= np.arange(n), upper, 0.0))


@composed(linalg.lu, family=FAMILY)
def lu(a, permute_l=False, overwrite_a=False, check_finite=True, p_indices=False):
    """``(P, L, U)`` with ``a = P L U``; ``(P L, U)`` with ``permute_l``; ``P`` as the row
    indices ``p`` (``a = L[p] U``) with ``p_indices``."""
    order = rows_after_swaps(pivot_swaps(a), np.shape(a)[0])
    lower, upper = _eliminated(a[order])
    rows = np.argsort(order)
    if permute_l:
        return lower[rows], upper
    return (rows if p_indices else np.eye(np.shape(a)[0], dtype=np.result_type(a, 1.0))[rows]), lower, upper


@composed(linalg.lu_factor, family=FAMILY)
def lu_factor(a, overwrite_a=False, check_finite=True):
    """``(lu, piv)``: ``L``'s multipliers below the diagonal, ``U`` on and above it, and
    LAPACK's row interchanges (SciPy's own). ``a`` may be M×N: ``lu`` is M×N too, ``L`` (M×K)
    and ``U`` (K×N, K the smaller) each padded with zeros to it."""
    swaps = pivot_swaps(a)
    m, n = np.shape(a)
    k = min(m, n)
    lower, upper = _eliminated(a[rows_after_swaps(swaps, m)])
    dtype = np.result_type(a, 1.0)                 # (float32 stays float32, as SciPy's)
    lower = np.concatenate([lower, np.zeros((m, n - k), dtype=dtype)], axis=1)
    upper = np.concatenate([upper, np.zeros((m - k, n), dtype=dtype)], axis=0)
    return np.where(np.arange(m)[:, None] > np.arange(n), lower, upper), swaps


@composed(linalg.lu_solve, family=FAMILY)
def lu_solve(lu_and_piv, b, trans=0, overwrite_b=False, check_finite=True):
    """``a x = b`` (``aᵀ x = b`` for ``trans`` 1, ``aᴴ x = b`` for 2) given ``lu_factor(a)``: two triangular
    solves of the factors, the rows in the pivots' order."""
    packed, swaps = lu_and_piv
    n = np.shape(packed)[0]
    order = rows_after_swaps(swaps, n)
    lower = np.where(np.arange(n)[:, None] > np.arange(n), packed, 0.0) + np.eye(n, dtype=np.result_type(packed, 1.0))
    upper = _triangle(packed, False)
    if trans == 0 or trans == "N":
        return np.linalg.solve(upper, np.linalg.solve(lower, b[order]))
    if trans == 2 or trans == "C":
        lower, upper = np.conj(lower), np.conj(upper)      # aᴴ x = b
    solution = np.linalg.solve(np.swapaxes(lower, -1, -2), np.linalg.solve(np.swapaxes(upper, -1, -2), b))
    return solution[np.argsort(order)]


# --------------------------------------------------------------------------- matrix equations
@composed(linalg.polar, family=FAMILY)
def polar(a, side="right"):
    """``(u, p)``: ``a = u p`` (``side="right"``) or ``p u``, from the reduced SVD ``W S Vᴴ``:
    ``u = W Vᴴ``, ``p = V S Vᴴ`` or ``W S Wᴴ`` (conjugate transposes: of a complex matrix too)."""
    w, s, vh = np.linalg.svd(a, full_matrices=False)
    u = w @ vh
    if side == "right":
        return u, np.conj(np.swapaxes(vh, -1, -2)) @ (s[..., None] * vh)
    return u, (w * s[..., None, :]) @ np.conj(np.swapaxes(w, -1, -2))


@composed(linalg.solve_sylvester, family=FAMILY)
def solve_sylvester(a, b, q):
    """``a x + x b = q`` as one linear system in ``x``'s entries (row by row):
    ``(a ⊗ I + I ⊗ bᵀ) vec(x) = vec(q)``; O((nm)³), exact."""
    n, m = np.shape(q)
    system = np.kron(a, np.eye(m)) + np.kron(np.eye(n), np.swapaxes(b, -1, -2))
    return np.reshape(np.linalg.solve(system, np.ravel(q)), (n, m))


@composed(linalg.expm_frechet, family=FAMILY)
def expm_frechet(A, E, method=None, compute_expm=True, check_finite=True):
    """The Fréchet derivative of ``expm`` at ``A`` along ``E``: the upper right block of
    ``expm([[A, E], [0, A]])`` (Higham's block form; its upper left block is ``expm(A)``)."""
    n = np.shape(A)[-1]
    block = np.concatenate([np.concatenate([A, E], axis=1),
                            np.concatenate([np.zeros((n, n)), A], axis=1)], axis=0)
    whole = scipy.linalg.expm(block)
    if compute_expm:
        return whole[:n, :n], whole[:n, n:]
    return whole[:n, n:]


@composed(linalg.solve_banded, family=FAMILY)
def solve_banded(l_and_u, ab, b, overwrite_ab=False, overwrite_b=False, check_finite=True):
    """``a x = b`` for the banded ``a`` stored in ``ab`` (``ab[u + i - j, j] = a[i, j]``): the
    matrix gathered from the band, zero outside it, then solved."""
    below, above = l_and_u
    n = np.shape(ab)[-1]
    row = above + np.arange(n)[:, None] - np.arange(n)
    inside = (row >= 0) & (row <= below + above)
    return np.linalg.solve(np.where(inside, ab[np.clip(row, 0, below + above), np.arange(n)], 0.0), b)


# --------------------------------------------------------------------------- the square root
# X = sqrtm(A): X dX + dX X = dA, a Sylvester equation for the tangent; the adjoint solves the
# transposed one, Xᵀ Z + Z Xᵀ = G. The helpers call solve_sylvester, a composition: Hessians.
def sqrtm_tangent_rule(t, y, A):
    return sqrtm_tangent(t, y),


@vjp_rule(linalg.sqrtm, family=FAMILY, floating_result=True, spelling=Spelling(path="scipy.linalg.sqrtm"), shape_rule=None,
          jvp=sqrtm_tangent_rule)
def sqrtm(d_y, y, A):
    return sqrtm_tangent(d_y, np.swapaxes(y, -1, -2)),


@helper("refuse_at_run_time", linear="joint")
def real_square_root(x):
    """``x``, refusing a complex square root (of a matrix with negative eigenvalues)."""
    if np.iscomplexobj(x):
        refuse_at_run_time(("scipy.linalg.sqrtm",),
                           "the derivative of `scipy.linalg.sqrtm` with a complex square root (a matrix with "
                           "negative eigenvalues) is not supported",
                           "symmetrize a matrix you mean positive definite, `0.5 * (A + A.T)`, and keep it so")
    return x


declare_linear_helpers()        # (the family modules' were declared before SciPy's rules loaded)


def sqrtm_tangent_tangent(t, y, s, x):
    # Z = sqrtm_tangent(s, x): x Z + Z x = s, so along x: x dZ + dZ x = -(dx Z + Z dx)
    return sqrtm_tangent(t, x), sqrtm_tangent(-(t @ y + y @ t), x)


@helper("real_square_root", jvp=sqrtm_tangent_tangent)
def sqrtm_tangent(t, x):
    """``dX`` with ``x dX + dX x = t``."""
    x = real_square_root(x)
    return scipy.linalg.solve_sylvester(x, x, t)


declare_helpers_with_tangents("sqrtm_tangent")   # (its forward rule: forward over forward mode)


# sqrtm is holomorphic (a primary matrix function): for a complex matrix the same Sylvester
# equations, without the refusal of a complex root.
def complex_sqrtm_vjp(d_y, y, A):
    return complex_sqrtm_tangent(d_y, np.swapaxes(y, -1, -2)),


def complex_sqrtm_jvp(t, y, A):
    return complex_sqrtm_tangent(t, y),


def complex_sqrtm_tangent_tangent(t, y, s, x):
    return complex_sqrtm_tangent(t, x), complex_sqrtm_tangent(-(t @ y + y @ t), x)


@helper(jvp=complex_sqrtm_tangent_tangent)
def complex_sqrtm_tangent(t, x):
    """``dX`` with ``x dX + dX x = t``, complex values allowed."""
    return scipy.linalg.solve_sylvester(x, x, t)


declare_helpers_with_tangents("complex_sqrtm_tangent")
complex_rule("scipy.linalg.sqrtm", complex_sqrtm_vjp, complex_sqrtm_jvp)


refused(linalg.funm, reason="funm applies an arbitrary Python function to a matrix: no rule can cover it",
        hint="for a symmetric matrix, write f(A) as V @ np.diag(f(w)) @ V.T with w, V = np.linalg.eigh(A)")
