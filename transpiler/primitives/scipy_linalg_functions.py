"""``scipy.linalg``: the matrix logarithm by its Fréchet derivative, and two decompositions as
compositions (loaded by scipy_linalg.py with the rest of ``scipy.linalg``).

``logm``: the tangent along ``T`` is the upper right block of ``logm([[A, T], [0, A]])``
(Higham's block form, as ``expm_frechet``); a primary matrix function of a real matrix has the
Fréchet derivative at ``Aᵀ`` as its adjoint, so the VJP is the same block at ``Aᵀ``. The helper
calls ``logm`` again, so Hessians differentiate it once more (a 4n-by-4n block). A matrix with a
negative real eigenvalue has a complex logarithm: refused at run time.

``eigh_tridiagonal``: ``np.linalg.eigh`` of the symmetric tridiagonal matrix, eigenvectors with
SciPy's signs; ``qr_multiply``: ``Q c`` or ``c Q`` with the economic ``Q, R`` of ``qr``.
"""
import numpy as np
import scipy.linalg

from .helper_rules import declare_helpers_with_tangents, declare_linear_helpers
from .registry import Spelling, composed, nondifferentiable, refused, vjp_rule
from .runtime import helper, refuse_at_run_time, stop_gradient  # noqa: F401  (the helpers call them)

FAMILY = "scipy.linalg"
linalg = scipy.linalg


# --------------------------------------------------------------------------- the logarithm
def logm_tangent(t, y, A):
    return logm_frechet(A, t),


@vjp_rule(linalg.logm, family=FAMILY, floating_result=True, spelling=Spelling(path="scipy.linalg.logm"), shape_rule=None,
          jvp=logm_tangent)
def logm(d_y, y, A):
    return logm_frechet(np.swapaxes(A, -1, -2), d_y),


@helper("refuse_at_run_time", linear="joint")
def real_logarithm(x):
    """``x``, refusing a complex logarithm (of a matrix with a negative real eigenvalue)."""
    if np.iscomplexobj(x):
        refuse_at_run_time(("scipy.linalg.logm",),
                           "the derivative of `scipy.linalg.logm` with a complex logarithm (a matrix with a "
                           "negative real eigenvalue) is not supported",
                           "differentiate where the matrix has no eigenvalue on the negative real axis")
    return x


declare_linear_helpers()


def logm_frechet_tangent(t, y, a, e):
    # linear in e; along a, the second Fréchet derivative
    return logm_second_frechet(a, e, t), logm_frechet(a, t)


@helper("real_logarithm", "stop_gradient", jvp=logm_frechet_tangent)
def logm_frechet(a, e):
    """The Fréchet derivative of ``logm`` at ``a`` along ``e`` (linear in ``e``: computed along
    ``e`` scaled to ``a``'s norm, where SciPy's accuracy check of the block's logarithm holds)."""
    n = np.shape(a)[-1]
    scale = stop_gradient(np.sum(np.abs(a)) / np.maximum(np.sum(np.abs(e)), 1e-300))
    block = np.concatenate([np.concatenate([a, scale * e], axis=1), np.concatenate([np.zeros((n, n)), a], axis=1)],
                           axis=0)
    return real_logarithm(scipy.linalg.logm(block))[:n, n:] / scale


@helper("real_logarithm", "stop_gradient")
def logm_second_frechet(a, e, d):
    """The second Fréchet derivative of ``logm`` at ``a`` along ``e`` and ``d`` (the tangent of
    ``logm_frechet(a, e)`` along ``d``): the upper right block of ``logm`` of the 4-by-4 block
    matrix with ``a`` on the diagonal, ``e`` and ``d`` above it (Higham and Relton, 2014); ``e``
    and ``d`` scaled to ``a``'s norm, as in ``logm_frechet``."""
    n = np.shape(a)[-1]
    size = np.sum(np.abs(a))
    scale_e = stop_gradient(size / np.maximum(np.sum(np.abs(e)), 1e-300))
    scale_d = stop_gradient(size / np.maximum(np.sum(np.abs(d)), 1e-300))
    zero = np.zeros((n, n))
    block = np.block([[a, scale_e * e, scale_d * d, zero], [zero, a, zero, scale_d * d],
                      [zero, zero, a, scale_e * e], [zero, zero, zero, a]])
    return real_logarithm(scipy.linalg.logm(block))[:n, 3 * n:] / (scale_e * scale_d)


declare_helpers_with_tangents("logm_frechet")    # (its forward rule: forward over forward mode)


# --------------------------------------------------------------------------- eigh_tridiagonal
def eigh_tridiagonal_by_value():
    """Stands for ``eigh_tridiagonal(..., select="v")``: refused."""


refused(eigh_tridiagonal_by_value, reason="select='v' keeps the eigenvalues in a range: how many depends on the values",
        hint="select='a' (all) or select='i' with select_range=(first, last), then pick by value")


@composed(linalg.eigh_tridiagonal, family=FAMILY)
def eigh_tridiagonal(d, e, eigvals_only=False, select="a", select_range=None, check_finite=True, tol=0.0,
                     lapack_driver="auto"):
    """``np.linalg.eigh`` of the matrix with diagonal ``d`` and off-diagonals ``e``; ``select="i"``
    keeps eigenvalues ``select_range[0]`` to ``select_range[1]`` (inclusive, ascending)."""
    if select == "v" or select == "value" or select == 1:
        return eigh_tridiagonal_by_value()
    w, v = np.linalg.eigh(np.diag(d) + np.diag(e, 1) + np.diag(e, -1))
    if select == "i" or select == "index" or select == 2:
        w = w[select_range[0]:select_range[1] + 1]
        v = v[:, select_range[0]:select_range[1] + 1]
    if eigvals_only:
        return w
    return w, v * tridiagonal_eigenvector_signs(v, d, e, select, select_range)


@helper()
def tridiagonal_eigenvector_signs(v, d, e, select, select_range):
    """±1 for each column of ``v``: the signs of SciPy's eigenvectors (no derivative)."""
    theirs = scipy.linalg.eigh_tridiagonal(d, e, select=select, select_range=select_range, check_finite=False)[1]
    return np.where(np.sum(theirs * v, axis=0) < 0, -1.0, 1.0)


nondifferentiable(tridiagonal_eigenvector_signs, family="runtime helpers", shape_rule=None,
                  spelling=Spelling(path="tridiagonal_eigenvector_signs"))


# --------------------------------------------------------------------------- qr_multiply
def pivoted_qr_multiply():
    """Stands for ``qr_multiply(..., pivoting=True)``: refused."""


refused(pivoted_qr_multiply, reason="qr_multiply is supported without pivoting (pivoting=True adds the permutation)",
        hint="leave pivoting= at its default, False")


@composed(linalg.qr_multiply, family=FAMILY)
def qr_multiply(a, c, mode="right", pivoting=False, conjugate=False, overwrite_a=False, overwrite_c=False):
    """``(Q @ c, R)`` (``mode="left"``) or ``(c @ Q, R)`` (``"right"``) with the economic QR
    factors of ``a``; ``conjugate`` conjugates ``Q`` (real: the same); ``pivoting=True``
    refused. As SciPy's, a vector ``a`` is one row, and ``c`` may be a
    number, a tuple or a list (a vector, or one number: a row for "right", a column for "left")."""
    if pivoting:
        return pivoted_qr_multiply()
    q, r = np.linalg.qr(np.atleast_2d(a), "reduced")
    c = np.atleast_1d(np.asarray(c))
    if conjugate:
        q = np.conj(q)
    if mode == "left":
        return q @ c, r
    return c @ q, r
