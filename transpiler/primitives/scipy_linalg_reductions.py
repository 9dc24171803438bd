"""``scipy.linalg``'s orthogonal reductions, ``a = Q H Qᵀ`` and ``a = Z T Zᵀ``, as compositions
of primitives whose values are LAPACK's and whose derivatives are those of the functions SciPy
computes, where they have one:

* ``hessenberg``: LAPACK's Householder reduction (dgehrd) written in primitives, each
  reflection's sign LAPACK's (a constant of the derivative); refused where that sign, or the
  skipping of a reflection, makes the reduction jump.
* ``schur`` (the real Schur form) of a matrix with distinct real eigenvalues: ``T`` is then
  triangular, its diagonal the eigenvalues in LAPACK's order, and ``Z``'s first ``k`` columns
  span the first ``k`` eigenvectors: ``Z`` is the orthogonal factor of the eigenvectors in that
  order, each column's sign LAPACK's, and ``T = Zᵀ a Z``. Complex eigenvalues (``T``'s 2 × 2
  blocks, whose standard form the derivative would have to keep) and repeated ones (where ``Z``
  jumps) are refused when the code runs; ``sort=``, ``output='complex'`` and ``rsf2csf`` where
  written.

Loaded by scipy_linalg.py.
"""
import numpy as np
import scipy.linalg

from .registry import Spelling, composed, nondifferentiable, refused
from .runtime import helper, refuse_at_run_time  # noqa: F401  (the helpers call it)

FAMILY = "scipy.linalg"
linalg = scipy.linalg


# --------------------------------------------------------------------------- Hessenberg
@helper("refuse_at_run_time")
def reflection_sign(x):
    """The sign of ``beta`` in LAPACK's reflection of the column ``x`` onto ``beta e1`` (dlarfg:
    ``beta = -sign(x[0]) |x|``, no derivative: piecewise constant), refusing where the reduction
    jumps: ``x[0] == 0`` (the sign flips across it) and ``x[1:] == 0`` (LAPACK skips the
    reflection there, and reflects, flipping a row and a column's sign, at every point nearby)."""
    if np.iscomplexobj(x) or np.ndim(x) != 1:
        refuse_at_run_time(("scipy.linalg.hessenberg",),
                           "the derivative of scipy.linalg.hessenberg of a complex matrix or a batch of matrices "
                           "is not supported", "reduce one real matrix at a time")
    if x[0] == 0 or not np.any(x[1:]):
        refuse_at_run_time(("scipy.linalg.hessenberg",),
                           "scipy.linalg.hessenberg is discontinuous at this matrix: a column it reduces has a zero "
                           "subdiagonal entry or is zero below it (already reduced), where LAPACK's reflection "
                           "changes sign or is skipped",
                           "where the matrix is already upper Hessenberg use it as it is (H = a, Q = I); "
                           "otherwise differentiate at a point off the jump")
    return -1.0 if x[0] > 0 else 1.0


nondifferentiable(reflection_sign, family="runtime helpers", shape_rule="scalar",
                  spelling=Spelling(path="reflection_sign"))


@composed(linalg.hessenberg, family=FAMILY)
def hessenberg(a, calc_q=False, overwrite_a=False, check_finite=True):
    """``H`` (and ``Q`` with ``calc_q``), ``a = Q H Qᵀ``, by LAPACK's Householder reduction
    (dgehrd): column ``k``'s entries below the diagonal reflected onto ``beta e1``, the
    reflection ``I - 2 u uᵀ / uᵀu`` with ``u = x - beta e1`` applied to the rows and columns
    after ``k`` as two rank-one updates, and to ``Q``."""
    n = np.shape(a)[0]
    h = a
    q = np.eye(n, dtype=np.result_type(a, 1.0))
    for k in range(n - 2):
        x = h[k + 1:, k]
        beta = reflection_sign(x) * np.sqrt(np.sum(x * x))
        u = np.concatenate([np.zeros(k + 1, dtype=q.dtype), np.reshape(x[0] - beta, (1,)), x[1:]])
        scale = 2.0 / np.sum(u * u)
        h = h - np.outer(scale * u, u @ h)
        h = h - np.outer(h @ u, scale * u)
        q = q - np.outer(q @ u, scale * u)
    rows = np.arange(n)
    h = np.where(rows[:, None] <= rows + 1, h, 0.0)
    return (h, q) if calc_q else h


# --------------------------------------------------------------------------- Schur
@helper("refuse_at_run_time")
def schur_order(a):
    """The positions, in ``np.linalg.eig(a)``'s eigenvalues, of the diagonal of LAPACK's real
    Schur form of ``a`` (no derivative), refusing where that form has no derivative here."""
    calls = ("scipy.linalg.schur",)
    if np.iscomplexobj(a) or np.ndim(a) != 2:
        refuse_at_run_time(calls, "the derivative of scipy.linalg.schur of a complex matrix or a batch of matrices is "
                                  "not supported", "take the Schur form of one real matrix at a time")
    t = scipy.linalg.schur(a)[0]
    if np.any(np.diagonal(t, -1) != 0):
        refuse_at_run_time(calls, "the derivative of scipy.linalg.schur of a matrix with complex eigenvalues (the "
                                  "2 x 2 blocks of T) is not supported",
                           "for a symmetric matrix use np.linalg.eigh; otherwise np.linalg.eig(a + 0j)")
    w = np.linalg.eig(a)[0]
    order = np.argmin(np.abs(w[None, :] - np.diagonal(t)[:, None]), axis=1)
    if len(set(order.tolist())) < len(order) or len(set(np.diagonal(t).tolist())) < len(order):
        refuse_at_run_time(calls, "scipy.linalg.schur has no derivative at a matrix with a repeated eigenvalue: the "
                                  "Schur vectors jump there", "differentiate a quantity of the invariant subspace "
                                  "(a projector) or at a point whose eigenvalues are distinct")
    return order


@helper()
def schur_column_signs(q, a):
    """The signs that turn the columns of ``q`` into LAPACK's Schur vectors of ``a`` (no
    derivative: each is constant where the vectors move continuously)."""
    return np.sign(np.sum(q * scipy.linalg.schur(a)[1], axis=0))


for _helper in (schur_order, schur_column_signs):
    nondifferentiable(_helper, family="runtime helpers", shape_rule=None, spelling=Spelling(path=_helper.__name__))


def schur_with_a_sort():
    """Stands for ``schur(..., sort=...)`` in the composition: refused."""


def complex_schur_form():
    """Stands for ``schur(..., output='complex')`` in the composition: refused."""


refused(schur_with_a_sort, reason="schur's sort= (the eigenvalues a function selects, moved first) has no rule",
        hint="take schur(a) and the columns of Z you need, or np.linalg.eig for the eigenvalues themselves")
refused(complex_schur_form, reason="the complex Schur form (output='complex') has no rule",
        hint="schur(a) (the real form, triangular where the eigenvalues are real), or np.linalg.eig(a + 0j)")
refused(linalg.rsf2csf, reason="rsf2csf's rotations of the real Schur form's 2 x 2 blocks (a jump where a block "
                              "splits into two real eigenvalues) have no rule",
        hint="schur(a) is already triangular where the eigenvalues are real; for complex ones, np.linalg.eig(a + 0j)")


@composed(linalg.schur, family=FAMILY)
def schur(a, output="real", lwork=None, overwrite_a=False, sort=None, check_finite=True):
    """``(T, Z)``: ``Z`` the orthogonal factor of the eigenvectors in the order of ``T``'s
    diagonal, its columns' signs LAPACK's, and ``T = Zᵀ a Z``, its entries below the diagonal
    (rounding errors) LAPACK's zeros."""
    if sort is not None:
        return schur_with_a_sort()
    if output == "complex" or output == "c":
        return complex_schur_form()
    order = schur_order(a)
    _, vectors = np.linalg.eig(a)
    q, _ = np.linalg.qr(vectors[:, order])
    z = q * schur_column_signs(q, a)
    return np.triu(np.swapaxes(z, -1, -2) @ a @ z), z
