"""The ``scipy.linalg`` functions users reach for that are ``np.linalg``'s under another name, as
compositions of the NumPy primitives: ``norm``, ``eigvalsh`` (the triangle SciPy reads, a second
matrix ``b``, ``subset_by_index``), ``eigvals`` and ``eig`` (complex eigenvalues, as SciPy's),
``svdvals``, ``pinv``, ``pinvh``, ``lstsq``, ``orth``, ``khatri_rao``, ``solve_toeplitz``,
``solve_circulant``, and the hyperbolic matrix functions ``sinhm``, ``coshm``, ``tanhm`` (by
``expm``). ``overwrite_*``, ``check_finite`` and the LAPACK driver change nothing a derivative
sees and are accepted and ignored. Loaded by scipy_linalg.py.

Left out, refused where written: ``null_space`` (a basis of the zero singular values' subspace:
any rotation of it is one, so it has no derivative) and ``fractional_matrix_power``.
"""
import numpy as np
import scipy.linalg

from .registry import composed, refused
from .scipy_linalg_matrices import circulant, toeplitz
from .scipy_linalg_more import eigh

FAMILY = "scipy.linalg"
linalg = scipy.linalg


@composed(linalg.norm, family=FAMILY)
def norm(a, ord=None, axis=None, keepdims=False, check_finite=True):
    return np.linalg.norm(a, ord, axis, keepdims)


@composed(linalg.eigvalsh, family=FAMILY)
def eigvalsh(a, b=None, *, lower=True, overwrite_a=False, overwrite_b=False, check_finite=True,
             subset_by_index=None, driver=None):
    """``eigh``'s eigenvalues (the triangle of ``a`` SciPy reads, ascending)."""
    return eigh(a, b, lower=lower, eigvals_only=True, subset_by_index=subset_by_index)


@composed(linalg.eigvals, family=FAMILY)
def eigvals(a, b=None, overwrite_a=False, check_finite=True):
    """Complex, as SciPy's always are (``np.linalg.eigvals`` is real where every one is)."""
    if b is not None:
        return generalized_eigenproblem()
    return np.linalg.eigvals(a) + 0j


@composed(linalg.eig, family=FAMILY)
def eig(a, b=None, left=False, right=True, overwrite_a=False, overwrite_b=False, check_finite=True):
    """``np.linalg.eig``'s (both are LAPACK's ``geev``: unit eigenvectors, the same signs), the
    eigenvalues complex as SciPy's; the eigenvectors real where every eigenvalue is."""
    if b is not None:
        return generalized_eigenproblem()
    if left:
        return left_eigenvectors()
    w, v = np.linalg.eig(a)
    return w + 0j if not right else (w + 0j, v)


def generalized_eigenproblem():
    """Stands for ``eig``/``eigvals`` with a second matrix ``b``: refused."""


refused(generalized_eigenproblem, reason="the generalized eigenproblem a v = w b v of eig/eigvals has no rule",
        hint="for a symmetric a and a positive definite b, scipy.linalg.eigh(a, b); otherwise "
             "np.linalg.eig(np.linalg.solve(b, a))")


def left_eigenvectors():
    """Stands for ``eig(..., left=True)``: refused."""


refused(left_eigenvectors, reason="eig's left eigenvectors have no rule",
        hint="the left eigenvectors of a are the right ones of a.conj().T: np.linalg.eig(a.conj().T)")


@composed(linalg.svdvals, family=FAMILY)
def svdvals(a, overwrite_a=False, check_finite=True):
    return np.linalg.svd(a, compute_uv=False)


def _cutoff(s, atol, rtol):
    """SciPy's threshold below which a singular (or eigen-) value counts as zero: ``atol + rtol
    * max(s)``, ``rtol`` defaulting to ``max(M, N) * eps`` where no ``atol`` is given."""
    return atol + rtol * np.max(s)


@composed(linalg.pinv, family=FAMILY)
def pinv(a, *, atol=None, rtol=None, return_rank=False, check_finite=True):
    """``V diag(1 / s) Uᴴ`` over the singular values above SciPy's cutoff (how many is a
    constant of the derivative, as for ``np.linalg.pinv``)."""
    u, s, vh = np.linalg.svd(a, full_matrices=False)
    atol = 0.0 if atol is None else atol
    if rtol is None:
        rtol = max(np.shape(a)[-2:]) * np.finfo(np.result_type(a, 1.0)).eps if atol == 0.0 else 0.0
    rank = int(np.sum(s > _cutoff(s, atol, rtol)))
    inverse = np.conj(vh[:rank]).T @ (np.conj(u[:, :rank]).T / s[:rank, None])
    return (inverse, rank) if return_rank else inverse


@composed(linalg.pinvh, family=FAMILY)
def pinvh(a, atol=None, rtol=None, lower=True, return_rank=False, check_finite=True):
    """``V diag(1 / w) Vᴴ`` over the eigenvalues of the triangle SciPy reads whose size is above
    its cutoff."""
    w, v = eigh(a, lower=lower)
    atol = 0.0 if atol is None else atol
    if rtol is None:
        rtol = np.shape(a)[-1] * np.finfo(np.result_type(a, 1.0)).eps if atol == 0.0 else 0.0
    kept = np.abs(w) > _cutoff(np.abs(w), atol, rtol)
    inverse = (v[:, kept] / w[kept]) @ np.conj(v[:, kept]).T
    return (inverse, int(np.sum(kept))) if return_rank else inverse


@composed(linalg.lstsq, family=FAMILY)
def lstsq(a, b, cond=None, overwrite_a=False, overwrite_b=False, check_finite=True, lapack_driver=None):
    """``(x, residues, rank, s)``: ``np.linalg.lstsq``'s, with SciPy's empty residues where the
    rank is below the columns or there are no more rows than columns."""
    x, residues, rank, s = np.linalg.lstsq(a, b, rcond=cond)
    if rank < np.shape(a)[1] or np.shape(a)[0] <= np.shape(a)[1]:
        residues = np.zeros((0,), dtype=np.result_type(a, b, 1.0))
    return x, residues, rank, s


@composed(linalg.orth, family=FAMILY)
def orth(A, rcond=None):
    """The left singular vectors of the singular values above ``rcond * max(s)`` (SciPy's
    default ``rcond``: ``eps * max(M, N)``)."""
    u, s, vh = np.linalg.svd(A, full_matrices=False)
    if rcond is None:
        rcond = np.finfo(np.result_type(A, 1.0)).eps * max(np.shape(A))
    return u[:, :int(np.sum(s > np.max(s, initial=0.0) * rcond))]


refused(linalg.null_space, reason="a basis of the null space (the zero singular values' vectors) is one of many: "
        "any rotation of it is one, so it has no derivative",
        hint="differentiate a quantity that does not depend on the basis chosen, e.g. the projector "
             "np.eye(n) - np.linalg.pinv(A) @ A")
refused(linalg.fractional_matrix_power, reason="fractional_matrix_power has no rule",
        hint="for a symmetric positive definite matrix: w, v = np.linalg.eigh(A); v @ np.diag(w ** t) @ v.T")


@composed(linalg.khatri_rao, family=FAMILY)
def khatri_rao(a, b):
    """The column-wise Kronecker product: column ``j`` is ``np.kron(a[:, j], b[:, j])``."""
    return np.reshape(a[:, None, :] * b[None, :, :], (-1, np.shape(a)[1]))


@composed(linalg.solve_toeplitz, family=FAMILY)
def solve_toeplitz(c_or_cr, b, check_finite=True):
    """``toeplitz(c, r) x = b`` by a dense solve (SciPy's Levinson recursion is O(n²); this is
    O(n³), its derivative a solve's)."""
    c, r = c_or_cr if isinstance(c_or_cr, tuple) else (c_or_cr, None)
    return np.linalg.solve(toeplitz(c, r), b)


@composed(linalg.solve_circulant, family=FAMILY)
def solve_circulant(c, b, singular="raise", tol=None, caxis=-1, baxis=0, outaxis=0):
    """``circulant(c) x = b`` for one ``c`` and ``b`` along its first axis (SciPy's defaults), by a
    dense solve; a singular matrix raises, as ``singular="raise"`` does. (A batch of ``c`` is
    refused when the code runs, by ``circulant``.)"""
    if singular != "raise" or baxis != 0 or outaxis != 0:
        return batched_circulant_solve()
    return np.linalg.solve(circulant(c), b)


def batched_circulant_solve():
    """Stands for ``solve_circulant`` with a batch of ``c``, other axes or ``singular="lstsq"``."""


refused(batched_circulant_solve, reason="solve_circulant is supported for one 1-d c, b along axis 0 and "
        "singular='raise'", hint="loop over the batch, or write np.linalg.solve(scipy.linalg.circulant(c), b)")


@composed(linalg.sinhm, family=FAMILY)
def sinhm(A):
    return 0.5 * (linalg.expm(A) - linalg.expm(-A))


@composed(linalg.coshm, family=FAMILY)
def coshm(A):
    return 0.5 * (linalg.expm(A) + linalg.expm(-A))


@composed(linalg.tanhm, family=FAMILY)
def tanhm(A):
    """``coshm(A)⁻¹ sinhm(A)`` (the two commute)."""
    plus, minus = linalg.expm(A), linalg.expm(-A)
    return np.linalg.solve(plus + minus, plus - minus)
