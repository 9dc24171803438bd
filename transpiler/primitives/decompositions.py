"""Linear algebra: determinants by factorization and the factorizations themselves.

* ``sign, logdet = np.linalg.slogdet(a)``:  ``d_a = d_logdet * inv(a).T``; the sign is
  piecewise constant.  Tangent: ``trace(solve(a, t))``.
* ``L = np.linalg.cholesky(a)``:  ``d_a = sym(L^-T Phi(L.T @ d_L) L^-1)`` where ``Phi`` keeps the
  lower triangle and halves the diagonal; tangent ``L Phi(L^-1 sym(t) L^-T)``; the inverses are
  triangular solves (triangular.py: SciPy's where it imports).  NumPy reads only
  the lower triangle of ``a``; both rules take the *symmetric* part (as JAX and PyTorch do), so
  they agree with each other for any perturbation and with NumPy for any symmetric one, and so
  for any ``a`` built symmetric.

The helpers here are plain NumPy over primitives that have both rules, so generated gradients
that call them are differentiated again by inlining them (Hessians).
"""
import numpy as np

from .output_shapes import Pieces
from .runtime import helper, refuse_at_run_time  # noqa: F401  (the helpers' refusals call it)
from .registry import vjp_rule
from .triangular import triangle_times, triangular_solve  # noqa: F401  (the Cholesky rules' helpers call them)
from .svd_extra_vectors import unknown_beyond  # noqa: F401  (the full SVD's tangent calls it)

FAMILY = "linear algebra"


def _same_square_shape(shapes, kwargs):
    shape = shapes[0]
    return shape if len(shape) >= 2 and shape[-1] == shape[-2] else None


def _transposed(x):
    return np.swapaxes(x, -1, -2)


# --------------------------------------------------------------------------- determinants
def slogdet_tangent(t, y, a):
    return (np.zeros_like(y[0]), np.trace(np.linalg.solve(a, t), axis1=-2, axis2=-1)),


def _slogdet_shapes(shapes, kwargs):
    """``sign, logdet``: one number each per matrix of the stack."""
    a = shapes[0]
    return Pieces((a[:-2], a[:-2])) if len(a) >= 2 and a[-1] == a[-2] else None


@vjp_rule(np.linalg.slogdet, family=FAMILY, floating_result=True, shape_rule=_slogdet_shapes, outputs=2, jvp=slogdet_tangent)
def slogdet(d_y, y, a):
    """``d_y`` is the pair (d_sign, d_logdet); the sign is piecewise constant."""
    return np.expand_dims(d_y[1], (-2, -1)) * np.swapaxes(np.linalg.inv(a), -1, -2),


# --------------------------------------------------------------------------- Cholesky
def cholesky_tangent_rule(t, y, a, upper=False):
    return cholesky_tangent(t, y, upper),


@vjp_rule(np.linalg.cholesky, family=FAMILY, floating_result=True, shape_rule=_same_square_shape, jvp=cholesky_tangent_rule)
def cholesky(d_y, y, a, upper=False):
    return cholesky_adjoint(d_y, y, upper),


@helper()
def lower_half_diagonal(m):
    """``Phi(m)``: the lower triangle of ``m`` with its diagonal halved (masks, not ``np.tril``,
    so that code calling it can be differentiated)."""
    n = np.shape(m)[-1]
    below = 1.0 * (np.expand_dims(np.arange(n), -1) >= np.arange(n))
    return m * (below - 0.5 * np.eye(n))


@helper("lower_half_diagonal", "triangular_solve")
def cholesky_tangent(t, factor, upper=False):
    """Tangent of ``L = np.linalg.cholesky(a)`` for ``a``'s tangent ``t`` (its symmetric part):
    ``L Phi(L^-1 sym(t) L^-T)``; for ``upper`` the factor is ``U = L.T`` and so is its tangent.
    Two triangular solves (triangular.py)."""
    lower = np.swapaxes(factor, -1, -2) if upper else factor
    z = triangular_solve(lower, 0.5 * (t + np.swapaxes(t, -1, -2)), True, False, False)            # L^-1 sym(t)
    x = np.swapaxes(triangular_solve(lower, np.swapaxes(z, -1, -2), True, False, False), -1, -2)   # ... L^-T
    tangent = lower @ lower_half_diagonal(x)
    return np.swapaxes(tangent, -1, -2) if upper else tangent


@helper("triangle_times", linear="multi", args=(0, 1))
def half_mirrored_product(lower, g):
    """``S / 2``: ``M = L.T @ g`` (``L`` lower triangular) with its lower triangle, diagonal
    included, mirrored onto its upper one, halved. ``M`` is made here, so a NumPy matrix is
    mirrored and halved in its own memory (an n×n array fewer alive than ``np.where`` makes; other
    array libraries' arrays may be immutable); bilinear, so its tangent is two such products, each
    with its own ``M``."""
    m = triangle_times(lower, g, True, True, False)
    n = np.shape(m)[-1]
    if type(m).__module__ == "numpy" and np.ndim(m) == 2:
        above = np.expand_dims(np.arange(n), -1) < np.arange(n)
        m[above] = m.T[above]       # (read into a new half-size array first; a stack's m[..., above] is slow)
        np.multiply(m, 0.5, out=m)
        return m
    return 0.5 * np.where(np.expand_dims(np.arange(n), -1) >= np.arange(n), m, np.swapaxes(m, -1, -2))


@helper("triangular_solve", "half_mirrored_product")
def cholesky_adjoint(g, factor, upper=False):
    """Adjoint of ``np.linalg.cholesky(a)`` (``factor`` is its output): the symmetric
    ``sym(L^-T Phi(L.T g) L^-1)``, by two triangular solves (triangular.py). As
    ``Phi(M) + Phi(M).T`` is ``M``'s lower triangle mirrored onto its upper one, that is
    ``L^-T (S / 2) L^-1`` for ``S = mirrored(L.T g)``: no ``Phi`` and no sum of transposes (each an
    n×n array fewer to allocate, the larger part of this adjoint's time at n = 200). One name is
    rebound step by step so that at most two n×n arrays of its own are alive at once (page faults
    follow the peak of memory)."""
    lower = np.swapaxes(factor, -1, -2) if upper else factor      # the factor is U = L.T
    g_lower = np.swapaxes(g, -1, -2) if upper else g
    a_bar = half_mirrored_product(lower, g_lower)                                                  # S / 2
    a_bar = triangular_solve(lower, a_bar, True, True, False)                                      # L^-T S / 2
    return np.swapaxes(triangular_solve(lower, np.swapaxes(a_bar, -1, -2), True, True, False), -1, -2)  # .. L^-1


@helper()
def cholesky_diagonal_adjoint(v, factor):
    """``cholesky_adjoint(diag(v), L)`` for a lower-triangular factor ``L`` (rewrites/cholesky_terms.py
    writes it): ``Lᵀ diag(v)`` is upper triangular with diagonal ``w = v * diag(L)``, so ``Phi`` of
    it is ``diag(w) / 2`` and the adjoint is ``L⁻ᵀ diag(w) L⁻¹ / 2`` with no product ``Lᵀ @ g``
    (``log(diag(L))``'s adjoint: ``K⁻¹ / 2``). A NumPy matrix of a BLAS dtype by LAPACK's ``trtri``
    (``U = L⁻ᵀ``, n³/3 multiply-adds) and one triangular product ``U diag(w) Uᵀ`` (``trmm``):
    about half of two solves with n right-hand sides. Reads the lower triangle of ``L`` only."""
    w = 0.5 * v * np.diagonal(factor, 0, -2, -1)
    if type(factor).__module__ == "numpy" and type(w).__module__ == "numpy" and np.ndim(factor) == 2 \
            and factor.dtype == w.dtype and factor.dtype.char in "fd":
        try:
            from scipy.linalg.lapack import get_lapack_funcs
            from scipy.linalg.blas import get_blas_funcs
        except ImportError:
            get_lapack_funcs = None
        if get_lapack_funcs is not None:
            trtri, = get_lapack_funcs(("trtri",), (factor,))
            inverse, info = trtri(factor.T, lower=0)            # (Lᵀ)⁻¹, upper; factor.T: L's memory, no copy
            if info == 0:
                n = np.shape(factor)[-1]
                # its lower part is a copy of L's upper one, which trtri does not read (zero, or
                # cho_factor's leftovers): zeroed, as the product reads U diag(w) whole
                inverse[np.arange(n)[:, None] > np.arange(n)] = 0.0
                trmm = get_blas_funcs("trmm", (inverse,))
                product = trmm(1.0, inverse, inverse * w, side=1, lower=0, trans_a=1, overwrite_b=1)
                return product.T        # symmetric: its C-ordered view, for the readers' elementwise passes
    z = triangular_solve(factor, np.expand_dims(w, -1) * np.eye(np.shape(factor)[-1]), True, True, False)
    return triangular_solve(factor, np.swapaxes(z, -1, -2), True, True, False)          # L⁻ᵀ (L⁻ᵀ diag(w))ᵀ


@helper(linear="multi", args=(0, 1))
def symmetric_outer(p, q):
    """``(p qᵀ + q pᵀ) / 2`` (of matrices of columns, ``(p @ qᵀ + q @ pᵀ) / 2``): the Cholesky
    adjoint of ``cho_solve``'s two triangular outer products (rewrites/cholesky_terms.py)."""
    half = 0.5 * q
    product = np.multiply.outer(p, half) if np.ndim(p) == 1 else p @ np.swapaxes(half, -1, -2)
    return product + np.swapaxes(product, -1, -2)


# --------------------------------------------------------------------------- shared pieces
@helper()
def reciprocal_gaps(w):
    """``F[i, j] = 1 / (w[j] - w[i])`` off the diagonal, 0 on it: how an eigen- or singular
    vector turns towards another (the values must be distinct, as the rules here assume)."""
    eye = np.eye(np.shape(w)[-1])
    return 1.0 / (np.expand_dims(w, -2) - np.expand_dims(w, -1) + eye) - eye


@helper()
def gap_weighted(f, m):
    """``f * m``, 0 where ``m`` is 0 whatever ``f`` is: a vector cotangent that is zero (the vectors
    unread, as in ``np.linalg.eigh(a)[0]``) turns nothing, even where two values are equal and ``f``
    is infinite there (0 * inf was NaN); a nonzero one there stays infinite (no derivative)."""
    return np.where(m == 0, 0.0, f) * m


@helper()
def diagonal_matrix(d):
    """The (stack of) diagonal matrices with ``d`` on the diagonal."""
    return np.expand_dims(d, -2) * np.eye(np.shape(d)[-1])


@helper()
def symmetric_part(t):
    return 0.5 * (t + np.swapaxes(t, -1, -2))


# --------------------------------------------------------------------------- symmetric eigenproblems
# NumPy reads one triangle (UPLO); as for Cholesky the rules take the symmetric part of the
# perturbation. Eigenvalues must be distinct for the eigenvectors' derivative (1 / (w_j - w_i)).
def eigh_tangent_rule(t, y, a, UPLO="L"):
    return eigh_tangent(t, y[0], y[1]),


@vjp_rule(np.linalg.eigh, family=FAMILY, floating_result=True, shape_rule=None, outputs=2, jvp=eigh_tangent_rule)
def eigh(d_y, y, a, UPLO="L"):
    """``d_y`` is the pair (d_eigenvalues, d_eigenvectors)."""
    return eigh_adjoint(d_y[0], d_y[1], y[0], y[1], a, UPLO),


@helper("reciprocal_gaps", "diagonal_matrix", "symmetric_part")
def eigh_tangent(t, w, v):
    """Tangents of ``w, v = np.linalg.eigh(a)``: ``diag(V.T sym(t) V)`` and
    ``V (F * (V.T sym(t) V))``."""
    m = np.swapaxes(v, -1, -2) @ symmetric_part(t) @ v
    return np.diagonal(m, axis1=-2, axis2=-1), v @ (reciprocal_gaps(w) * m)


@helper("reciprocal_gaps", "gap_weighted", "diagonal_matrix", "symmetric_part")
def eigh_adjoint(d_w, d_v, w, v, a=None, UPLO="L"):
    """Adjoint of ``w, v = np.linalg.eigh(a)``: ``sym(V (diag(d_w) + F * (V.T d_v)) V.T)``.
    ``a`` and ``UPLO`` are for its forward rule (decomposition_tangents.py), which takes the
    change of ``w, v`` as ``a``'s at once: finite where eigenvalues repeat and ``d_v`` is 0."""
    v_t = np.swapaxes(v, -1, -2)
    return symmetric_part(v @ (diagonal_matrix(d_w) + gap_weighted(reciprocal_gaps(w), v_t @ d_v)) @ v_t)


def eigvalsh_tangent(t, y, a, UPLO="L"):
    return eigvalsh_tangent_of(t, a, UPLO),


@vjp_rule(np.linalg.eigvalsh, family=FAMILY, floating_result=True, shape_rule=None, jvp=eigvalsh_tangent)
def eigvalsh(d_y, y, a, UPLO="L"):
    return eigvalsh_adjoint(d_y, a, UPLO),


@helper("symmetric_part")
def eigvalsh_tangent_of(t, a, UPLO="L"):
    """Tangent of ``np.linalg.eigvalsh(a)``: ``diag(V.T sym(t) V)``."""
    v = np.linalg.eigh(a, UPLO)[1]
    return np.diagonal(np.swapaxes(v, -1, -2) @ symmetric_part(t) @ v, axis1=-2, axis2=-1)


@helper("diagonal_matrix")
def eigvalsh_adjoint(g, a, UPLO="L"):
    """Adjoint of ``np.linalg.eigvalsh(a)``: ``V diag(g) V.T`` (symmetric). Its forward rule
    (decomposition_tangents.py) takes the change of ``V`` and ``V.T`` at once: each is infinite
    where eigenvalues repeat, and their terms cancel."""
    v = np.linalg.eigh(a, UPLO)[1]
    return v @ diagonal_matrix(g) @ np.swapaxes(v, -1, -2)


# --------------------------------------------------------------------------- general eigenproblems
# Real eigenvalues only (distinct); NumPy normalises each eigenvector to unit length, and so do
# the rules (v_i . dv_i = 0).
def eig_tangent_rule(t, y, a):
    return eig_tangent(t, y[0], y[1]),


@vjp_rule(np.linalg.eig, family=FAMILY, floating_result=True, shape_rule=None, outputs=2, jvp=eig_tangent_rule)
def eig(d_y, y, a):
    """``d_y`` is the pair (d_eigenvalues, d_eigenvectors)."""
    return eig_adjoint(d_y[0], d_y[1], y[0], y[1]),


@helper("refuse_at_run_time", linear="joint")
def real_eigenvalues(w):
    """``w``, refusing complex eigenvalues: the rules for ``np.linalg.eig`` are for real ones."""
    if np.iscomplexobj(w):
        refuse_at_run_time(("numpy.linalg.eig", "numpy.linalg.eigvals", "numpy.roots", "scipy.linalg.eig",
                            "scipy.linalg.eigvals"),
                           "the derivative of `eig` (`eigvals`, `roots`) with complex eigenvalues is not supported",
                           "write `np.linalg.eig(a + 0j)` (the complex rules), or for a symmetric matrix `eigh` (or build it "
                           "symmetric: `0.5 * (A + A.T)`)")
    return w


@helper("reciprocal_gaps", "real_eigenvalues")
def eig_tangent(t, w, v):
    """Tangents of ``w, v = np.linalg.eig(a)``: with ``M = V^-1 t V``, ``diag(M)`` and
    ``V (F * M)`` minus each column's component along its own eigenvector."""
    m = np.linalg.solve(v, t @ v)
    dv = v @ (reciprocal_gaps(real_eigenvalues(w)) * m)
    return np.diagonal(m, axis1=-2, axis2=-1), dv - v * np.sum(v * dv, axis=-2, keepdims=True)


@helper("reciprocal_gaps", "gap_weighted", "diagonal_matrix", "real_eigenvalues")
def eig_adjoint(d_w, d_v, w, v):
    """Adjoint of ``w, v = np.linalg.eig(a)``:
    ``V^-T (diag(d_w) + F * (V.T d_v - V.T V diag(diag(V.T d_v)))) V.T``."""
    v_t = np.swapaxes(v, -1, -2)
    vt_dv = v_t @ d_v
    own = np.sum(vt_dv * np.eye(np.shape(w)[-1]), axis=-2, keepdims=True)   # diag(V.T d_v) as a row
    g = diagonal_matrix(d_w) + gap_weighted(reciprocal_gaps(real_eigenvalues(w)), vt_dv - (v_t @ v) * own)
    return np.linalg.solve(v_t, g @ v_t)


# --------------------------------------------------------------------------- singular values
# The reduced SVD (full_matrices=False, or a square matrix); singular values distinct and
# non-zero for the singular vectors' derivatives. compute_uv=False returns the values alone.
def _svd_outputs(values, kwargs):
    compute_uv = values[2] if len(values) > 2 else kwargs.get("compute_uv", True)
    return None if compute_uv is False else 3


def _hermitian_refused(values, keywords):
    if (values[3] if len(values) > 3 else keywords.get("hermitian", False)) is not False:
        return ("with hermitian=True", "leave hermitian= at its default, False (the same singular values)")
    return None


def svd_tangent_rule(t, y, a, full_matrices=True, compute_uv=True, hermitian=False):
    return svd_tangent(t, y, a, full_matrices, compute_uv),


@vjp_rule(np.linalg.svd, family=FAMILY, floating_result=True, shape_rule=None, outputs=_svd_outputs, jvp=svd_tangent_rule,
          refuses=_hermitian_refused)
def svd(d_y, y, a, full_matrices=True, compute_uv=True, hermitian=False):
    """``d_y`` is the triple (d_u, d_s, d_vh), or d_s alone for ``compute_uv=False``."""
    return svd_adjoint(d_y, y, a, full_matrices, compute_uv),


@helper("refuse_at_run_time", linear="joint")
def reduced_svd(x, a, full_matrices=True):
    """``x``, refusing the full SVD of a rectangular matrix: its extra singular vectors are
    not unique, and the rules here are for the reduced one."""
    if full_matrices and np.shape(a)[-1] != np.shape(a)[-2]:
        refuse_at_run_time(("numpy.linalg.svd", "scipy.linalg.svd"),
                           "the derivative of `svd(a, full_matrices=True)` of a rectangular matrix is not supported "
                           "(its extra singular vectors are not unique)",
                           "pass `full_matrices=False`: the same singular values and the vectors that go with them")
    return x


@helper("refuse_at_run_time", linear="joint", args=(0, 1, 2, 3))
def reduced_factors(u, d_u, vh, d_vh, k):
    """The reduced SVD's ``u, d_u, vh, d_vh`` (``k`` singular values) from the full SVD's, where
    the loss reads none of the extra singular vectors of a rectangular matrix (their adjoints are
    zero: ``U[:, :n]`` of a PCA start), which are not unique; refused where it reads them."""
    if np.any(d_u[..., k:] != 0) or np.any(d_vh[..., k:, :] != 0):
        refuse_at_run_time(("numpy.linalg.svd", "scipy.linalg.svd"),
                           "the derivative of a loss that reads the extra singular vectors of `svd(a, full_matrices="
                           "True)` of a rectangular matrix is not supported (they are not unique)",
                           "pass `full_matrices=False` and use only the vectors that go with the singular values")
    return u[..., :k], d_u[..., :k], vh[..., :k, :], d_vh[..., :k, :]


@helper("reciprocal_gaps", "gap_weighted", "diagonal_matrix", "reduced_factors")
def svd_adjoint(g, y, a, full_matrices=True, compute_uv=True):
    """Adjoint of ``u, s, vh = np.linalg.svd(a, full_matrices=False)`` (Townsend's formula, and of
    the full SVD's where the extra singular vectors are unread;
    ``F`` of the squared values):
    ``U (F*(U.T d_u - d_u.T U) S + diag(d_s) + S F*(V.T d_v - d_v.T V)) V.T
    + (I - U U.T) d_u S^-1 V.T + U S^-1 d_v.T (I - V V.T)``; for ``compute_uv=False``
    ``U diag(g) V.T``."""
    if compute_uv:
        d_u, d_s, d_vh = g
        u, s, vh = y
    else:           # the values alone: no gaps, no division (repeated or zero singular values too)
        u, s, vh = np.linalg.svd(a, full_matrices=False)
        return u @ (np.expand_dims(g, -1) * vh)
    if compute_uv and full_matrices:      # (a rectangular matrix's extra vectors: unread, else refused)
        u, d_u, vh, d_vh = reduced_factors(u, d_u, vh, d_vh, np.shape(s)[-1])
    u_t, v, d_v = np.swapaxes(u, -1, -2), np.swapaxes(vh, -1, -2), np.swapaxes(d_vh, -1, -2)
    row, column = np.expand_dims(s, -2), np.expand_dims(s, -1)
    f = reciprocal_gaps(s * s)
    ut_du, vt_dv = u_t @ d_u, vh @ d_v
    core = (gap_weighted(f, ut_du - np.swapaxes(ut_du, -1, -2)) * row + diagonal_matrix(d_s)
            + column * gap_weighted(f, vt_dv - np.swapaxes(vt_dv, -1, -2)))
    d_a = u @ core @ vh
    # the terms outside U's (V's) span, only where there is one, as in svd_tangents: of a
    # square matrix they are rounding, and divided by a zero singular value, not small
    if np.shape(u)[-2] > np.shape(vh)[-1]:
        d_a = d_a + ((d_u - u @ ut_du) / row) @ vh
    if np.shape(vh)[-1] > np.shape(u)[-2]:
        d_a = d_a + u @ ((d_vh - np.swapaxes(vt_dv, -1, -2) @ vh) / column)
    return d_a


@helper("svd_tangents", "unknown_beyond")
def svd_tangent(t, y, a, full_matrices=True, compute_uv=True):
    """Tangents of ``u, s, vh = np.linalg.svd(a, full_matrices=False)`` (JAX's rule, real); of
    the full SVD's of a rectangular matrix, the reduced part's, the extra vectors' unknown
    (svd_extra_vectors.py: reading them is refused when it happens)."""
    u, s, vh = y if compute_uv else np.linalg.svd(a, full_matrices=False)
    k = np.shape(s)[-1]
    du, ds, dvh = svd_tangents(u[..., :k], s, vh[..., :k, :], t)
    if not compute_uv:
        return ds
    return unknown_beyond(du, k, -1, np.shape(u)[-1]), ds, unknown_beyond(dvh, k, -2, np.shape(vh)[-2])


@helper("reciprocal_gaps")
def svd_tangents(u, s, vh, t):
    """(du, ds, dvh) of the reduced SVD ``u, s, vh`` of a matrix along its tangent ``t``."""
    u_t, v = np.swapaxes(u, -1, -2), np.swapaxes(vh, -1, -2)
    m = u_t @ t @ v
    row, column = np.expand_dims(s, -2), np.expand_dims(s, -1)
    f = reciprocal_gaps(s * s)
    dss, sds = m * row, column * m
    du = u @ (f * (dss + np.swapaxes(dss, -1, -2)))
    dv = v @ (f * (sds + np.swapaxes(sds, -1, -2)))
    if np.shape(u)[-2] > np.shape(v)[-2]:
        tv = t @ v
        du = du + (tv - u @ (u_t @ tv)) / row
    if np.shape(v)[-2] > np.shape(u)[-2]:
        ttu = np.swapaxes(t, -1, -2) @ u
        dv = dv + (ttu - v @ (vh @ ttu)) / row
    return du, np.diagonal(m, axis1=-2, axis2=-1), np.swapaxes(dv, -1, -2)


# --------------------------------------------------------------------------- QR
# The reduced QR of a matrix with at least as many rows as columns, of full column rank.
def _qr_outputs(values, kwargs):
    return None if kwargs.get("mode", "reduced") in ("r", "raw") else 2


def qr_tangent_rule(t, y, a, mode="reduced"):
    return qr_tangent(t, y[0], y[1], mode),


@vjp_rule(np.linalg.qr, family=FAMILY, floating_result=True, shape_rule=None, outputs=_qr_outputs, jvp=qr_tangent_rule)
def qr(d_y, y, a, mode="reduced"):
    """``d_y`` is the pair (d_q, d_r)."""
    return qr_adjoint(d_y[0], d_y[1], y[0], y[1], mode),


@helper("refuse_at_run_time", linear="joint")
def reduced_qr(x, q, r, mode="reduced"):
    """``x``, refusing the QR decompositions the rules do not cover: other modes, a matrix with
    more columns than rows, and the complete QR of one with more rows than columns (a square
    ``R`` is the reduced decomposition, whatever the mode said)."""
    if mode not in ("reduced", "complete") or np.shape(r)[-2] != np.shape(r)[-1]:
        refuse_at_run_time(("numpy.linalg.qr", "scipy.linalg.qr", "scipy.linalg.qr_multiply"),
                           "the derivative of `qr` is for the reduced decomposition of a matrix with at least as many "
                           "rows as columns only (the extra columns of a complete Q are not unique)",
                           "use `mode='reduced'` (the default: the same first columns of Q and rows of R; R alone: `np.linalg.qr(a)[1]`; "
                           "`scipy.linalg.qr`: `mode='economic'`); for a wide matrix, the QR of its transpose")
    return x


@helper()
def below_diagonal(m):
    """The strictly lower triangle of ``m`` (a mask, not ``np.tril``: differentiable)."""
    n = np.shape(m)[-1]
    return m * (1.0 * (np.expand_dims(np.arange(n), -1) > np.arange(n)))


@helper("below_diagonal", "reduced_qr")
def qr_tangent(t, q, r, mode="reduced"):
    """Tangents of ``q, r = np.linalg.qr(a)``: with ``X = Q.T t R^-1`` and ``W`` the strictly
    lower triangle of ``X`` minus its transpose, ``Q W + (I - Q Q.T) t R^-1`` and ``(X - W) R``."""
    t = reduced_qr(t, q, r, mode)         # first: with mode='r', ``q, r`` are R's first two rows
    t_r = np.swapaxes(np.linalg.solve(np.swapaxes(r, -1, -2), np.swapaxes(t, -1, -2)), -1, -2)
    x = np.swapaxes(q, -1, -2) @ t_r
    w = below_diagonal(x) - np.swapaxes(below_diagonal(x), -1, -2)
    return q @ w + t_r - q @ x, (x - w) @ r


@helper("below_diagonal", "reduced_qr")
def qr_adjoint(d_q, d_r, q, r, mode="reduced"):
    """Adjoint of ``q, r = np.linalg.qr(a)``: ``(d_q + Q copyltu(M)) R^-T`` with
    ``M = R d_r.T - d_q.T Q`` and ``copyltu`` its lower triangle mirrored to the upper."""
    d_q = reduced_qr(d_q, q, r, mode)
    m = r @ np.swapaxes(d_r, -1, -2) - np.swapaxes(d_q, -1, -2) @ q
    lower = below_diagonal(m)
    copied = lower + np.swapaxes(lower, -1, -2) + m * np.eye(np.shape(m)[-1])
    return np.swapaxes(np.linalg.solve(r, np.swapaxes(d_q + q @ copied, -1, -2)), -1, -2)
