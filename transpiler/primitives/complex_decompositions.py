"""The rules of the matrix decompositions for complex matrices (docs/syntax.md,
"Complex numbers"): a call with a complex argument takes these in place of the real rules.

None of these functions is holomorphic (a Hermitian factorization conjugates, a singular
value is real), so the real rules, written with transposes, do not hold. Each tangent
here is the real one with conjugate transposes (JAX's and PyTorch's complex rules), and each
adjoint is that tangent's transpose under the project's convention, where an adjoint ``ȳ``
pairs with a tangent ``ẏ`` as ``Re(sum(ȳ * ẏ))`` with no conjugate: the transpose of
``t -> M t N`` is ``g -> M.T g N.T``, of ``t -> conj(t)`` is ``conj(g)``, of ``t -> t^H`` is
``g^H`` and of ``t -> Re(t)`` is ``Re(g)`` (for a real ``y`` only ``Re(ȳ)`` counts).

Eigen- and singular vectors have an arbitrary phase each (``v -> v e^{iθ}`` is another valid
answer). LAPACK fixes it by keeping one component of each vector real (``eig``: its largest;
``eigh``: the first row, or the last with ``UPLO="U"``; ``svd``: ``V``'s first row, or ``U``'s of
a wide matrix), so the vectors NumPy returns are functions of the matrix, and the tangents
follow that choice (``numpy_phase_turn``): the derivative of what NumPy computes, for every loss
(JAX's and PyTorch's tangents fix each phase's derivative to zero instead, which is right only
for a loss invariant to the phases). Where the returned vectors show no such component (the
SVD of a much wider than tall matrix) the tangent is refused when it runs. The adjoints
differentiate only a loss invariant to those phases (``abs(v) ** 2``, the projector ``v v^H``,
singular values, ``u @ diag(s) @ vh``): they check the phases' derivative, ``Im(diag(V.T
d_V))``, is zero and refuse otherwise, as PyTorch does.

The helpers are plain NumPy over rules that hold for complex values, so Hessian-vector
products differentiate them again by inlining them.
"""
import ast

import numpy as np

from .complex_rules import complex_rule
from .decompositions import below_diagonal, diagonal_matrix, gap_weighted, lower_half_diagonal, reciprocal_gaps
from .registry import dotted
from .runtime import helper, refuse_at_run_time  # noqa: F401  (the helpers' refusals call it)


@helper()
def conj_t(x):
    """The conjugate transpose of a (stack of) matrices."""
    return np.conj(np.swapaxes(x, -1, -2))


@helper("conj_t")
def hermitian_part(t):
    return 0.5 * (t + conj_t(t))


@helper("refuse_at_run_time")
def numpy_phase_turn(dv, v, reference, calls):
    """``θ``, one per column (a row): ``dv + i θ v`` keeps the ``reference`` component of each
    column of ``v`` real (its row: an integer array shaped like a row of ``v``), as LAPACK keeps
    it; refused where NumPy's vectors show no such component."""
    pivot = np.take_along_axis(v, reference, axis=-2)
    if np.any(np.imag(pivot) != 0) or np.any(pivot == 0):
        refuse_at_run_time(calls, "the derivative of complex eigen- or singular vectors whose phases NumPy's "
                           "LAPACK fixes in a way the rule does not know (no component of each vector is real)",
                           "differentiate a loss invariant to their phases (np.abs(v) ** 2, the projector "
                           "v @ np.conj(v).T) in reverse mode (transpiler.grad of a function of several values)")
    return -np.imag(np.take_along_axis(dv, reference, axis=-2)) / np.real(pivot)


@helper()
def first_row(v, last=False):
    """Row 0 (or the last row) of each column of ``v``, as ``numpy_phase_turn``'s ``reference``."""
    return np.zeros(np.shape(v)[:-2] + (1, np.shape(v)[-1]), dtype=int) + (np.shape(v)[-2] - 1 if last else 0)


@helper("refuse_at_run_time", linear="joint")
def phase_invariant(k, what, calls):
    """``k``, refusing a loss that depends on the eigen- or singular vectors' phases: ``k`` is
    ``V.T d_V`` (summed over the pairs ``U, V`` of an SVD), whose diagonal's imaginary part is the
    derivative along a change of phase, zero for a loss that has a derivative at all (and so
    along any path: the identity is its own tangent, checked again)."""
    phase = np.imag(np.diagonal(k, axis1=-2, axis2=-1))
    scale = np.max(np.abs(k), initial=0.0)
    tolerance = np.sqrt(np.finfo(np.result_type(k, np.float32)).eps) * np.shape(k)[-1]
    if np.max(np.abs(phase), initial=0.0) > tolerance * scale:
        refuse_at_run_time(calls, f"the derivative of a loss that depends on the phases of the {what} of a complex "
                           "matrix (each is defined up to a factor e^(i theta)) in reverse mode",
                           "write the loss with phase-invariant terms such as np.abs(v) ** 2 or the projector "
                           "v @ np.conj(v).T, or take it in forward mode (transpiler.jvp), which follows NumPy's phases")
    return k


# --------------------------------------------------------------------------- slogdet
# g = trace(a^-1 t) = d log(det a): logabsdet moves by Re(g), the sign (det / |det|, a phase)
# by 1j Im(g) sign.
def slogdet_vjp(d_y, y, a):
    return complex_slogdet_adjoint(d_y[0], d_y[1], y[0], a),


def slogdet_jvp(t, y, a):
    return complex_slogdet_tangent(t, y[0], a),


@helper()
def complex_slogdet_tangent(t, sign, a):
    g = np.trace(np.linalg.solve(a, t), axis1=-2, axis2=-1)
    return 1j * np.imag(g) * sign, np.real(g)


@helper()
def complex_slogdet_adjoint(d_sign, d_logdet, sign, a):
    """``(Re(d_logdet) + 1j Im(d_sign sign)) a^-T``: the transpose of the tangent above."""
    weight = np.real(d_logdet) + 1j * np.imag(d_sign * sign)
    return np.expand_dims(weight, (-2, -1)) * np.swapaxes(np.linalg.inv(a), -1, -2)


complex_rule("np.linalg.slogdet", slogdet_vjp, slogdet_jvp)


# --------------------------------------------------------------------------- Cholesky
# a = L L^H for a Hermitian a; NumPy reads the lower triangle, the rules the Hermitian part of a
# perturbation (as the real ones the symmetric part). upper=True returns U = L^H.
def cholesky_vjp(d_y, y, a, upper=False):
    return complex_cholesky_adjoint(d_y, y, upper),


def cholesky_jvp(t, y, a, upper=False):
    return complex_cholesky_tangent(t, y, upper),


@helper("lower_half_diagonal", "hermitian_part", "conj_t")
def complex_cholesky_tangent(t, factor, upper=False):
    """``L Phi(L^-1 herm(t) L^-H)`` (``Phi``: the lower triangle, its diagonal halved)."""
    lower = conj_t(factor) if upper else factor
    z = np.linalg.solve(lower, hermitian_part(t))                   # L^-1 herm(t)
    x = conj_t(np.linalg.solve(lower, conj_t(z)))                   # ... L^-H
    tangent = lower @ lower_half_diagonal(x)
    return conj_t(tangent) if upper else tangent


@helper("lower_half_diagonal", "hermitian_part", "conj_t")
def complex_cholesky_adjoint(g, factor, upper=False):
    """The transpose of the tangent above: ``conj(herm(L^-H Phi(L^H conj(g)) L^-1))``, the
    real rule with conjugate transposes, on ``conj(g)``, conjugated."""
    lower = conj_t(factor) if upper else factor
    g_lower = conj_t(g) if upper else g                            # dU = dL^H: the adjoint g^H
    l_h = conj_t(lower)
    z = np.linalg.solve(l_h, lower_half_diagonal(l_h @ np.conj(g_lower)))   # L^-H Phi(L^H conj(g))
    p = conj_t(np.linalg.solve(l_h, conj_t(z)))                             # ... L^-1
    return np.conj(hermitian_part(p))


complex_rule("np.linalg.cholesky", cholesky_vjp, cholesky_jvp)


# --------------------------------------------------------------------------- Hermitian eigenproblems
# a = V diag(w) V^H, w real and distinct. With M = V^H herm(t) V: dw = Re(diag(M)),
# dV = V (F * M) (F: reciprocal_gaps; no component along each vector's own phase).
def eigh_vjp(d_y, y, a, UPLO="L"):
    return complex_eigh_adjoint(d_y[0], d_y[1], y[0], y[1]),


def eigh_jvp(t, y, a, UPLO="L"):
    return complex_eigh_tangent(t, y[0], y[1], UPLO),


@helper("reciprocal_gaps", "hermitian_part", "conj_t", "numpy_phase_turn", "first_row")
def complex_eigh_tangent(t, w, v, UPLO="L"):
    m = conj_t(v) @ hermitian_part(t) @ v
    dv = v @ (reciprocal_gaps(w) * m)
    # LAPACK's tridiagonal reduction leaves the triangle's first row (UPLO="L") or last one real
    turn = numpy_phase_turn(dv, v, first_row(v, UPLO in ("U", "u")), ("numpy.linalg.eigh", "scipy.linalg.eigh"))
    return np.real(np.diagonal(m, axis1=-2, axis2=-1)), dv + 1j * turn * v


@helper("reciprocal_gaps", "gap_weighted", "diagonal_matrix", "hermitian_part", "phase_invariant")
def complex_eigh_adjoint(d_w, d_v, w, v):
    """``herm(conj(V) (diag(Re d_w) + F * (V.T d_V)) V.T)``."""
    v_t = np.swapaxes(v, -1, -2)
    k = phase_invariant(v_t @ d_v, "eigenvectors of np.linalg.eigh", ("numpy.linalg.eigh", "scipy.linalg.eigh"))
    return hermitian_part(np.conj(v) @ (diagonal_matrix(np.real(d_w)) + gap_weighted(reciprocal_gaps(w), k)) @ v_t)


complex_rule("np.linalg.eigh", eigh_vjp, eigh_jvp)


def eigvalsh_vjp(d_y, y, a, UPLO="L"):
    return complex_eigvalsh_adjoint(d_y, a, UPLO),


def eigvalsh_jvp(t, y, a, UPLO="L"):
    return complex_eigvalsh_tangent(t, a, UPLO),


@helper("hermitian_part", "conj_t")
def complex_eigvalsh_tangent(t, a, UPLO="L"):
    v = np.linalg.eigh(a, UPLO)[1]
    return np.real(np.diagonal(conj_t(v) @ hermitian_part(t) @ v, axis1=-2, axis2=-1))


@helper("diagonal_matrix", "hermitian_part")
def complex_eigvalsh_adjoint(g, a, UPLO="L"):
    v = np.linalg.eigh(a, UPLO)[1]
    return hermitian_part(np.conj(v) @ diagonal_matrix(np.real(g)) @ np.swapaxes(v, -1, -2))


complex_rule("np.linalg.eigvalsh", eigvalsh_vjp, eigvalsh_jvp)


# --------------------------------------------------------------------------- singular values
# a = U diag(s) V^H (the reduced SVD), s distinct and non-zero. With P = U^H t V (JAX's rule):
# ds = Re(diag(P)); dU = U (F * (P S + S P^H) + (P - P^H) / 2 * diag(1/s)) + (I - U U^H) t V S^-1;
# dV = V (F * (S P + P^H S)) + (I - V V^H) t^H U S^-1 (F: reciprocal_gaps of s², the last terms
# for a tall or a wide matrix); the imaginary part of diag(P) is the phase U and V share.
def svd_vjp(d_y, y, a, full_matrices=True, compute_uv=True, hermitian=False):
    return complex_svd_adjoint(d_y, y, a, full_matrices, compute_uv),


def svd_jvp(t, y, a, full_matrices=True, compute_uv=True, hermitian=False):
    return complex_svd_tangent(t, y, a, full_matrices, compute_uv),


@helper("refuse_at_run_time", linear="joint")
def reduced_complex_svd(x, a, full_matrices=True):
    """``x``, refusing the full SVD of a rectangular matrix (its extra singular vectors are not
    unique)."""
    if full_matrices and np.shape(a)[-1] != np.shape(a)[-2]:
        refuse_at_run_time(("numpy.linalg.svd", "scipy.linalg.svd"), "the derivative of np.linalg.svd(a, "
                           "full_matrices=True) of a rectangular complex matrix (its extra singular vectors are "
                           "not unique)", "pass full_matrices=False")
    return x


@helper()
def reciprocal_or_zero(s):
    """``1 / s``, 0 where ``s`` is 0 (a zero singular value's phase term carries nothing: JAX's)."""
    return np.where(s == 0, 0.0, 1.0 / np.where(s == 0, 1.0, s))


@helper("reciprocal_gaps", "diagonal_matrix", "conj_t", "reduced_complex_svd", "reciprocal_or_zero")
def complex_svd_tangents(u, s, vh, t):
    """(du, ds, dvh) of the reduced SVD ``u, s, vh`` of a complex matrix along ``t``."""
    u_h, v = conj_t(u), conj_t(vh)
    p = u_h @ t @ v
    row, column = np.expand_dims(s, -2), np.expand_dims(s, -1)
    f = reciprocal_gaps(s * s)
    ps, sp = p * row, column * p
    du = u @ (f * (ps + conj_t(ps)) + 0.5 * (p - conj_t(p)) * diagonal_matrix(reciprocal_or_zero(s)))
    dv = v @ (f * (sp + conj_t(sp)))
    if np.shape(u)[-2] > np.shape(v)[-2]:
        tv = t @ v
        du = du + (tv - u @ (u_h @ tv)) / row
    if np.shape(v)[-2] > np.shape(u)[-2]:
        thu = conj_t(t) @ u
        dv = dv + (thu - v @ (vh @ thu)) / row
    return du, np.real(np.diagonal(p, axis1=-2, axis2=-1)), conj_t(dv)


@helper("complex_svd_tangents", "reduced_complex_svd", "numpy_phase_turn", "first_row", "conj_t")
def complex_svd_tangent(t, y, a, full_matrices=True, compute_uv=True):
    u, s, vh = y if compute_uv else np.linalg.svd(a, full_matrices=False)
    du, ds, dvh = complex_svd_tangents(u, s, vh, reduced_complex_svd(t, a, full_matrices and compute_uv))
    if not compute_uv:
        return ds
    # LAPACK's bidiagonal reduction leaves V's first row real (U's, of a wide matrix, where it
    # does not first factor it as L Q): one phase turns the pair u_j, v_j together
    wide = np.shape(u)[-2] < np.shape(vh)[-1]
    v, dv = conj_t(vh), conj_t(dvh)
    turn = numpy_phase_turn(du if wide else dv, u if wide else v, first_row(u if wide else v),
                            ("numpy.linalg.svd", "scipy.linalg.svd"))
    return du + 1j * turn * u, ds, conj_t(dv + 1j * turn * v)


@helper("reciprocal_gaps", "gap_weighted", "diagonal_matrix", "conj_t", "reduced_complex_svd", "phase_invariant", "reciprocal_or_zero")
def complex_svd_adjoint(g, y, a, full_matrices=True, compute_uv=True):
    """The transpose of the tangents above: with ``Y = F * (U.T d_U)`` and ``Q = F * (V.T d_V)``
    (``d_V = d_vh^H``), ``P``'s adjoint is ``diag(Re d_s) + (Y + Y^H) S + S (Q + Q^H)`` plus
    ``Z - Z^H`` with ``Z = (U.T d_U) * diag(1/s) / 2``, and ``a``'s is ``conj(U) (that) V.T`` plus
    the tall and wide terms' transposes."""
    if compute_uv:
        d_u, d_s, d_vh = g
        u, s, vh = y
    else:           # the values alone: conj(U) diag(Re g) V.T, no gaps (repeated or zero values too)
        u, s, vh = np.linalg.svd(a, full_matrices=False)
        return np.conj(u) @ (np.expand_dims(np.real(g), -1) * np.conj(vh))
    d_u = reduced_complex_svd(d_u, a, full_matrices and compute_uv)
    v, d_v = conj_t(vh), conj_t(d_vh)
    row, column = np.expand_dims(s, -2), np.expand_dims(s, -1)
    f = reciprocal_gaps(s * s)
    ut_du, vt_dv = np.swapaxes(u, -1, -2) @ d_u, np.swapaxes(v, -1, -2) @ d_v
    ut_du = phase_invariant(ut_du + vt_dv, "singular vectors of np.linalg.svd",          # (checked together)
                            ("numpy.linalg.svd", "scipy.linalg.svd")) - vt_dv
    y_u, q_v, z = gap_weighted(f, ut_du), gap_weighted(f, vt_dv), 0.5 * ut_du * diagonal_matrix(reciprocal_or_zero(s))
    p_bar = (diagonal_matrix(np.real(d_s)) + (y_u + conj_t(y_u)) * row + column * (q_v + conj_t(q_v))
             + z - conj_t(z))
    d_a = np.conj(u) @ p_bar @ np.swapaxes(v, -1, -2)
    if np.shape(u)[-2] > np.shape(v)[-2]:
        d_a = d_a + ((d_u - np.conj(u) @ (np.swapaxes(u, -1, -2) @ d_u)) / row) @ np.swapaxes(v, -1, -2)
    if np.shape(v)[-2] > np.shape(u)[-2]:
        d_a = d_a + np.conj(u) @ ((conj_t(d_v) - (conj_t(d_v) @ np.conj(v)) @ np.swapaxes(v, -1, -2)) / column)
    return d_a


complex_rule("np.linalg.svd", svd_vjp, svd_jvp)


# --------------------------------------------------------------------------- QR
# The reduced QR (at least as many rows as columns, full column rank). LAPACK makes R's diagonal
# real, which fixes the phases: any loss has a derivative. With X = Q^H t R^-1 and
# W = B(X) - B(X)^H + 1j Im(diag X) (B: the strictly lower triangle; JAX's rule), dQ = Q (W - X) + t R^-1
# and dR = (X - W) R, whose diagonal is real.
def qr_vjp(d_y, y, a, mode="reduced"):
    return complex_qr_adjoint(d_y[0], d_y[1], y[0], y[1], mode),


def qr_jvp(t, y, a, mode="reduced"):
    return complex_qr_tangent(t, y[0], y[1], mode),


@helper("refuse_at_run_time", linear="joint")
def reduced_complex_qr(x, q, r, mode="reduced"):
    """``x``, refusing the QR decompositions the rules do not cover."""
    if mode not in ("reduced", "complete") or np.shape(q)[-1] != np.shape(r)[-2] or np.shape(r)[-2] < np.shape(r)[-1]:
        refuse_at_run_time(("numpy.linalg.qr", "scipy.linalg.qr"), "the derivative of np.linalg.qr of a complex "
                           "matrix other than the reduced decomposition of one with at least as many rows as columns",
                           "take the reduced QR (mode='reduced') of a matrix with at least as many rows as columns")
    return x


@helper("below_diagonal", "conj_t")
def qr_rotation(x):
    """``W``: the skew-Hermitian part of ``x`` that turns ``Q`` (its strictly lower triangle minus
    that's conjugate transpose, and the imaginary part of its diagonal)."""
    lower = below_diagonal(x)
    return lower - conj_t(lower) + 1j * np.imag(x) * np.eye(np.shape(x)[-1])


@helper("qr_rotation", "conj_t", "reduced_complex_qr")
def complex_qr_tangent(t, q, r, mode="reduced"):
    t_r = conj_t(np.linalg.solve(conj_t(r), conj_t(reduced_complex_qr(t, q, r, mode))))    # t R^-1
    x = conj_t(q) @ t_r
    w = qr_rotation(x)
    return q @ (w - x) + t_r, (x - w) @ r


@helper("below_diagonal", "reduced_complex_qr")
def complex_qr_adjoint(d_q, d_r, q, r, mode="reduced"):
    """The transpose of the tangents above: ``W``'s adjoint is ``Q.T d_Q - d_R R.T``, ``X``'s
    ``-W̄ + B(W̄) - B(W̄^H) + 1j Im(diag W̄)``, and ``t``'s ``(d_Q + conj(Q) X̄) R^-T``."""
    d_q = reduced_complex_qr(d_q, q, r, mode)
    w_bar = np.swapaxes(q, -1, -2) @ d_q - d_r @ np.swapaxes(r, -1, -2)
    x_bar = (-w_bar + below_diagonal(w_bar) - below_diagonal(np.conj(np.swapaxes(w_bar, -1, -2)))
             + 1j * np.imag(w_bar) * np.eye(np.shape(w_bar)[-1]))
    return np.swapaxes(np.linalg.solve(r, np.swapaxes(d_q + np.conj(q) @ x_bar, -1, -2)), -1, -2)


complex_rule("np.linalg.qr", qr_vjp, qr_jvp)


# --------------------------------------------------------------------------- pseudo-inverse
# dP = -P t P + P P^H t^H (I - A P) + (I - P A) t^H P^H P (constant rank); hermitian=True takes
# the Hermitian part of the perturbation.
def pinv_vjp(d_y, y, a, rcond=None, hermitian=False, *, rtol=None):
    return complex_pinv_adjoint(d_y, a, y, hermitian),


def pinv_jvp(t, y, a, rcond=None, hermitian=False, *, rtol=None):
    return complex_pinv_tangent(t, a, y, hermitian),


@helper("hermitian_part", "conj_t")
def complex_pinv_tangent(t, a, p, hermitian=False):
    t = hermitian_part(t) if hermitian else t
    p_h, t_h = conj_t(p), conj_t(t)
    return -p @ t @ p + (p @ p_h) @ (t_h - (t_h @ a) @ p) + (t_h - p @ (a @ t_h)) @ (p_h @ p)


@helper("hermitian_part", "conj_t")
def complex_pinv_adjoint(g, a, p, hermitian=False):
    """The transpose of the tangent above: ``-P.T g P.T + conj(I - A P) g^H conj(P P^H)
    + conj(P^H P) g^H conj(I - P A)``."""
    p_t, g_h = np.swapaxes(p, -1, -2), conj_t(g)
    a_c, p_c = np.conj(a), np.conj(p)
    d_a = -p_t @ g @ p_t + (g_h - a_c @ (p_c @ g_h)) @ (p_c @ p_t) + (p_t @ p_c) @ (g_h - (g_h @ p_c) @ a_c)
    return hermitian_part(d_a) if hermitian else d_a


complex_rule("np.linalg.pinv", pinv_vjp, pinv_jvp)


# --------------------------------------------------------------------------- general eigenproblems
# a = V diag(w) V^-1, w distinct (complex in general: holomorphic in a); NumPy scales each
# eigenvector to unit length, its phase arbitrary. With M = V^-1 t V: dw = diag(M);
# dV = V (F * M) less each column's real component along itself (the length stays 1).
def eig_vjp(d_y, y, a):
    return complex_eig_adjoint(d_y[0], d_y[1], y[0], y[1]),


def eig_jvp(t, y, a):
    return complex_eig_tangent(t, y[0], y[1]),


@helper("reciprocal_gaps", "numpy_phase_turn")
def complex_eig_tangent(t, w, v):
    m = np.linalg.solve(v, t @ v)
    dv = v @ (reciprocal_gaps(w) * m)
    dv = dv - v * np.real(np.sum(np.conj(v) * dv, axis=-2, keepdims=True))
    # LAPACK's zgeev makes each eigenvector's largest component real (its phase turn keeps the length)
    largest = np.expand_dims(np.argmax(np.abs(v), axis=-2), -2)
    turn = numpy_phase_turn(dv, v, largest, ("numpy.linalg.eig", "scipy.linalg.eig"))
    return np.diagonal(m, axis1=-2, axis2=-1), dv + 1j * turn * v


@helper("reciprocal_gaps", "diagonal_matrix", "phase_invariant")
def complex_eig_adjoint(d_w, d_v, w, v):
    """The transpose of the tangent above: with ``K = V.T d_V``,
    ``V^-T (diag(d_w) + F * (K - V.T conj(V) diag(Re(diag(K))))) V.T`` (the unit length's term
    takes each column's real component along ``conj(V)``)."""
    v_t = np.swapaxes(v, -1, -2)
    k = phase_invariant(v_t @ d_v, "eigenvectors of np.linalg.eig", ("numpy.linalg.eig", "scipy.linalg.eig"))
    own = np.real(np.sum(k * np.eye(np.shape(w)[-1]), axis=-2, keepdims=True))   # Re(diag(k)) as a row
    g = diagonal_matrix(d_w) + reciprocal_gaps(w) * (k - (v_t @ np.conj(v)) * own)
    return np.linalg.solve(v_t, g @ v_t)


complex_rule("np.linalg.eig", eig_vjp, eig_jvp)


# --------------------------------------------------------------------------- least squares
# x = pinv(a) b (full column rank); residuals = sum |a x - b|² per column, whose derivative in
# x vanishes (a^H (a x - b) = 0 at the optimum); s the singular values. rank has none.
def lstsq_vjp(d_y, y, a, b, rcond=None):
    return complex_lstsq_adjoint(d_y, y, a, b, 0), complex_lstsq_adjoint(d_y, y, a, b, 1)


def _lstsq_tangent(site, tangents):
    """All four outputs' tangents at once (per-argument terms of a tuple could not be added)."""
    a, b = site.args[:2]
    t_a, t_b = (list(tangents) + [None, None])[:2]
    none = ast.Constant(None)
    return ast.Call(func=dotted("complex_lstsq_tangent"), args=[a, b, site.out, t_a or none, t_b or none],
                    keywords=[])


@helper("complex_pinv_adjoint")
def complex_lstsq_adjoint(g, y, a, b, which):
    """Adjoint of ``x, residuals, rank, s = np.linalg.lstsq(a, b)`` of complex values for ``a``
    (which=0) or ``b`` (which=1): ``b``'s is ``P.T d_x - 2 conj(r) d_residuals``, ``a``'s the
    pseudo-inverse's of ``d_x b.T`` plus ``2 conj(r) d_residuals x.T + conj(U diag(d_s) V^H)``."""
    d_x, d_residuals, d_s = g[0], np.real(g[1]), np.real(g[3])
    m, n = np.shape(a)
    x, columns = np.reshape(y[0], (n, -1)), np.reshape(b, (m, -1))
    d_x = np.reshape(d_x, (n, -1))
    p = np.linalg.pinv(a)
    weighted = 2.0 * np.conj(a @ x - columns) * d_residuals
    if np.size(y[1]) == 0:                    # no residuals reported (square or rank-deficient)
        weighted = 0.0 * weighted
    if which == 1:
        return np.reshape(np.swapaxes(p, -1, -2) @ d_x - weighted, np.shape(b))
    u, _, vh = np.linalg.svd(a, full_matrices=False)
    return (complex_pinv_adjoint(d_x @ np.swapaxes(columns, -1, -2), a, p) + weighted @ np.swapaxes(x, -1, -2)
            + np.conj((u * d_s) @ vh))


@helper("complex_pinv_tangent", "conj_t")
def complex_lstsq_tangent(a, b, y, t_a=None, t_b=None):
    """Tangents of ``x, residuals, rank, s = np.linalg.lstsq(a, b)`` of complex values along
    ``t_a`` and ``t_b`` (None: no tangent)."""
    m, n = np.shape(a)
    x, columns = np.reshape(y[0], (n, -1)), np.reshape(b, (m, -1))
    p = np.linalg.pinv(a)
    t_a = np.zeros(np.shape(a)) if t_a is None else t_a
    t_b = np.zeros((m, np.shape(x)[1])) if t_b is None else np.reshape(t_b, (m, -1))
    d_x = complex_pinv_tangent(t_a, a, p) @ columns + p @ t_b
    d_residuals = 2.0 * np.real(np.sum(np.conj(a @ x - columns) * (t_a @ x - t_b), axis=0))
    u, _, vh = np.linalg.svd(a, full_matrices=False)
    d_s = np.real(np.diagonal(conj_t(u) @ t_a @ conj_t(vh)))
    return (np.reshape(d_x, np.shape(y[0])), d_residuals if np.size(y[1]) else np.zeros(np.shape(y[1])),
            np.zeros_like(y[2]), d_s)


complex_rule("np.linalg.lstsq", lstsq_vjp, jvp_builder=_lstsq_tangent)
