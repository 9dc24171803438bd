"""Forward rules of the decompositions' tangent helpers: ``hessian(f, mode="forward")``.

Forward over forward mode differentiates the first derivative's code on the IR, so each runtime
helper that a decomposition's forward rule calls (``cholesky_tangent``, ``eigh_tangent``,
``svd_tangent`` ...) needs a forward rule of its own. Each ``<helper>_tangent`` here is that
helper differentiated by hand, statement by statement (the product rule over the helper's own
code), along the tangents of all its arguments at once: several of the helpers return tuples,
whose per-argument terms could not be added, and one call shares the factorization's work.
A tangent of ``None`` is an argument that does not vary. These are not differentiated again:
a third derivative in forward mode through them is refused at the user's line.

Each is checked against the reverse-mode Hessian and central differences of the gradient
(tests/primitives/test_linalg_hessians.py) and, on its own, against differences of the helper
(tests/primitives/test_decomposition_tangents.py).
"""
import ast
import inspect

import numpy as np

from . import runtime
from .decompositions import (below_diagonal, cholesky_tangent, diagonal_matrix, eig_tangent,  # noqa: F401
                             eigh_adjoint, eigh_tangent, eigvalsh_adjoint, eigvalsh_tangent_of, gap_weighted,
                             lower_half_diagonal, qr_tangent, real_eigenvalues, reciprocal_gaps, reduced_qr,
                             reduced_svd, svd_tangent, svd_tangents, symmetric_part)
from .matrix_functions import lstsq_tangent, matrix_power_tangent, multi_dot_tangent, pinv_tangent
from .reductions import norm_adjoint, norm_second, norm_tangent  # noqa: F401  (called by norm_tangent_tangent)
from .registry import dotted
from .runtime import helper, zero_if_none  # noqa: F401  (called by the helpers below)


def in_one_call(first, second: str):
    """The forward rule (a ``jvp_builder``) of runtime helper ``first``: ``second(*arguments,
    *their tangents)``, every parameter of ``first`` passed (defaults filled in) and ``None``
    for an argument that does not vary."""
    parameters = list(inspect.signature(first).parameters.values())

    def build(site, tangents):
        # (the forward rules call these helpers positionally; a keyword's tangent would be lost)
        assert not site.kwargs, f"{first.__name__} is called positionally by the rules"
        args = list(site.args) + [ast.Constant(p.default) for p in parameters[len(site.args):]]
        along = list(tangents) + [None] * (len(parameters) - len(tangents))
        return ast.Call(func=dotted(second), args=args + [t if t is not None else ast.Constant(None) for t in along],
                        keywords=[])
    return build


def _declare(first, second) -> None:
    runtime.TANGENT_BUILDERS[first.__name__] = in_one_call(first, second.__name__)


@helper("zero_if_none")
def gap_tangent(f, d_w):
    """The tangent of ``F = reciprocal_gaps(w)`` (``F[i, j] = 1 / (w[j] - w[i])``) along ``d_w``:
    ``F**2 (d_w[i] - d_w[j])``."""
    return f * f * (np.expand_dims(d_w, -1) - np.expand_dims(d_w, -2))


# --------------------------------------------------------------------------- Cholesky
@helper("lower_half_diagonal", "symmetric_part", "zero_if_none")
def cholesky_tangent_tangent(t, factor, upper, d_t, d_factor, d_upper):
    """The tangent of ``cholesky_tangent(t, factor, upper)``: ``L Phi(X)`` with
    ``X = L^-1 sym(t) L^-T``."""
    d_t, d_factor = zero_if_none(d_t, t), zero_if_none(d_factor, factor)
    lower, d_lower = (np.swapaxes(factor, -1, -2), np.swapaxes(d_factor, -1, -2)) if upper else (factor, d_factor)
    s, d_s = symmetric_part(t), symmetric_part(d_t)
    z = np.linalg.solve(lower, s)
    d_z = np.linalg.solve(lower, d_s - d_lower @ z)
    x_t = np.linalg.solve(lower, np.swapaxes(z, -1, -2))                       # X.T = L^-1 Z.T
    d_x = np.swapaxes(np.linalg.solve(lower, np.swapaxes(d_z, -1, -2) - d_lower @ x_t), -1, -2)
    x = np.swapaxes(x_t, -1, -2)
    tangent = d_lower @ lower_half_diagonal(x) + lower @ lower_half_diagonal(d_x)
    return np.swapaxes(tangent, -1, -2) if upper else tangent


# --------------------------------------------------------------------------- eigenproblems
@helper("reciprocal_gaps", "gap_tangent", "symmetric_part", "zero_if_none", "turned_by_equal_values")
def eigh_tangent_tangent(t, w, v, d_t, d_w, d_v):
    """The tangent of ``eigh_tangent(t, w, v)``: of ``diag(M)`` and ``V (F * M)`` with
    ``M = V.T sym(t) V``."""
    d_t, d_w, d_v = zero_if_none(d_t, t), zero_if_none(d_w, w), zero_if_none(d_v, v)
    s, d_s = symmetric_part(t), symmetric_part(d_t)
    v_t, d_v_t = np.swapaxes(v, -1, -2), np.swapaxes(d_v, -1, -2)
    m = v_t @ s @ v
    d_m = d_v_t @ s @ v + v_t @ d_s @ v + v_t @ s @ d_v
    f = reciprocal_gaps(w)
    return (turned_by_equal_values(np.diagonal(d_m, axis1=-2, axis2=-1), w, m, v_t @ d_v),
            d_v @ (f * m) + v @ (gap_tangent(f, d_w) * m + f * d_m))


@helper("eigh_tangent", "symmetric_part", "zero_if_none", "turned_by_equal_values")
def eigvalsh_tangent_of_tangent(t, a, uplo, d_t, d_a, d_uplo):
    """The tangent of ``eigvalsh_tangent_of(t, a, uplo)``: of ``diag(V.T sym(t) V)``, the
    eigenvectors' tangent by ``eigh_tangent``."""
    d_t, d_a = zero_if_none(d_t, t), zero_if_none(d_a, a)
    w, v = np.linalg.eigh(a, uplo)
    d_v = eigh_tangent(d_a, w, v)[1]
    s, v_t = symmetric_part(t), np.swapaxes(v, -1, -2)
    m = v_t @ s @ v
    d_m = np.swapaxes(d_v, -1, -2) @ s @ v + v_t @ symmetric_part(d_t) @ v + v_t @ s @ d_v
    return turned_by_equal_values(np.diagonal(d_m, axis1=-2, axis2=-1), w, m, v_t @ d_v)


# The second derivative of one eigenvalue where it equals another (up to rounding) and the two
# tangents couple them is infinite: only a sum over the equal ones has a limit (the trace), which
# forward over forward mode, differentiating each eigenvalue apart, cannot take. Its terms
# 1 / (w[j] - w[i]) of a rounding error's size left a finite, wrong value (0.105 for the
# Hessian of np.sum(np.linalg.eigvalsh(a)) at a rotated diag(1, 1, 2), where it is 0): NaN there
# instead, which hessian(f, mode="forward") answers by the reverse mode (api/second.py).
@helper()
def equal_values(w):
    """``E[i, j]``: are eigenvalues ``i != j`` equal up to rounding (relative to the largest)?"""
    n = np.shape(w)[-1]
    gaps = np.expand_dims(w, -2) - np.expand_dims(w, -1)
    scale = np.max(np.abs(w), axis=-1, keepdims=True)[..., None]
    return (np.abs(gaps) <= 100 * n * np.finfo(w.dtype).eps * scale) & (np.eye(n) == 0)


@helper("equal_values")
def turned_by_equal_values(d_w, w, m, turn):
    """``d_w`` (second-order changes of the eigenvalues ``w``), NaN for an eigenvalue equal to
    another that ``m`` (one tangent, in the eigenbasis) couples it to while the eigenvectors
    turn into each other (``turn = V.T dV``, infinite or of a rounding error's size there)."""
    coupled = equal_values(w) & (m != 0) & (turn != 0)
    return np.where(np.any(coupled, axis=-1), np.nan, d_w)


# The adjoints' own forward rules (second derivatives: forward over reverse). Inlined, they
# differentiated V through eigh_tangent, infinite where eigenvalues repeat: dV G V.T + V G dV.T
# was NaN where its infinite terms cancel (the Hessian of np.sum(np.linalg.eigvalsh(a)), the
# trace, at a = 2 I), and finite but wrong where equal eigenvalues differ by rounding. Taken at
# once, the change of V G V.T along a's tangent t is V (D * M) V.T, M = V.T sym(t) V, with D
# the divided differences of the weights g (Daleckii and Krein).
@helper()
def divided_differences(g, w, g_constant):
    """``D[i, j] = (g[j] - g[i]) / (w[j] - w[i])``, 0 on the diagonal. Where two eigenvalues are
    equal (up to rounding: ``g`` may come from ``eigvalsh``'s values, rounded unlike ``eigh``'s,
    and a quotient of two rounding errors is no derivative) and so are their weights, 0 if ``g``
    does not change with ``a`` (``g_constant``: the cotangent of a sum of eigenvalues); if it
    does (``g = 2 w`` of ``np.sum(w ** 2)``) the limit is ``g``'s own derivative, not known
    here: NaN. Equal eigenvalues with different weights have no derivative: infinite."""
    n = np.shape(w)[-1]
    gaps = np.expand_dims(w, -2) - np.expand_dims(w, -1)          # [i, j]: w[j] - w[i]
    rises = np.expand_dims(g, -2) - np.expand_dims(g, -1)
    scale = np.max(np.abs(w), axis=-1, keepdims=True)[..., None]
    equal = np.abs(gaps) <= 100 * n * np.finfo(w.dtype).eps * scale
    level = np.where(rises == 0, 0.0 if g_constant else np.nan, np.inf)
    d = np.where(equal, level, rises / np.where(equal, 1.0, gaps))
    return np.where(np.eye(n) == 1, 0.0, d).astype(np.result_type(w, g))


@helper("eigvalsh_adjoint", "divided_differences", "gap_weighted", "symmetric_part")
def eigvalsh_adjoint_tangent(g, a, uplo, d_g, d_a, d_uplo):
    """The tangent of ``eigvalsh_adjoint(g, a, uplo) = V diag(g) V.T``."""
    total = 0.0 if d_g is None else eigvalsh_adjoint(d_g, a, uplo)
    if d_a is None:
        return total
    w, v = np.linalg.eigh(a, uplo)
    v_t = np.swapaxes(v, -1, -2)
    m = v_t @ symmetric_part(d_a) @ v
    return total + v @ gap_weighted(divided_differences(g, w, d_g is None), m) @ v_t


@helper("eigh_adjoint", "divided_differences", "gap_weighted", "gap_tangent", "reciprocal_gaps", "zero_if_none")
def eigh_adjoint_tangent(d_w, d_v, w, v, a, uplo, t_dw, t_dv, t_w, t_v, t_a, t_uplo):
    """The tangent of ``eigh_adjoint(d_w, d_v, w, v, a) = sym(V B V.T)``, ``B = diag(d_w) + K``,
    ``K = F * (V.T d_v)``. ``w, v`` are ``eigh(a)``'s: where ``a`` varies their change is taken
    as its (``V (D * M + F M K - K F M + dK) V.T``, the infinite parts of the ``d_w`` term
    cancelled; ``F M`` is infinite where eigenvalues repeat, as the eigenvectors' derivative is,
    so the ``d_v`` term only where ``d_v`` is not 0)."""
    total = 0.0
    if t_dw is not None or t_dv is not None:
        total = eigh_adjoint(zero_if_none(t_dw, d_w), zero_if_none(t_dv, d_v), w, v)
    v_t = np.swapaxes(v, -1, -2)
    if t_a is not None:
        m = v_t @ symmetric_part(t_a) @ v
        middle = gap_weighted(divided_differences(d_w, w, t_dw is None), m)
        if np.any(d_v):
            f = reciprocal_gaps(w)
            p, fm = v_t @ d_v, gap_weighted(f, m)
            k = gap_weighted(f, p)
            d_k = np.where(p == 0, 0.0, f) * (-fm @ p) \
                + np.where(p == 0, 0.0, gap_tangent(f, np.diagonal(m, axis1=-2, axis2=-1))) * p
            middle = middle + fm @ k - k @ fm + d_k
        return total + symmetric_part(v @ middle @ v_t)
    if t_w is None and t_v is None:
        return total
    t_w, t_v = zero_if_none(t_w, w), zero_if_none(t_v, v)     # (a held: w, v moved on their own)
    f, p, t_v_t = reciprocal_gaps(w), v_t @ d_v, np.swapaxes(t_v, -1, -2)
    b = diagonal_matrix(d_w) + gap_weighted(f, p)
    d_b = np.where(p == 0, 0.0, gap_tangent(f, t_w)) * p + np.where(p == 0, 0.0, f) * (t_v_t @ d_v)
    return total + symmetric_part(t_v @ b @ v_t + v @ b @ t_v_t + v @ d_b @ v_t)


@helper("reciprocal_gaps", "gap_tangent", "real_eigenvalues", "zero_if_none")
def eig_tangent_tangent(t, w, v, d_t, d_w, d_v):
    """The tangent of ``eig_tangent(t, w, v)``: of ``diag(M)`` and ``P - V colsum(V * P)``
    with ``M = V^-1 t V``, ``P = V (F * M)``."""
    d_t, d_w, d_v = zero_if_none(d_t, t), zero_if_none(d_w, w), zero_if_none(d_v, v)
    m = np.linalg.solve(v, t @ v)
    d_m = np.linalg.solve(v, d_t @ v + t @ d_v - d_v @ m)
    f = reciprocal_gaps(real_eigenvalues(w))
    p = v @ (f * m)
    d_p = d_v @ (f * m) + v @ (gap_tangent(f, d_w) * m + f * d_m)
    along = np.sum(v * p, axis=-2, keepdims=True)
    d_along = np.sum(d_v * p + v * d_p, axis=-2, keepdims=True)
    return np.diagonal(d_m, axis1=-2, axis2=-1), d_p - d_v * along - v * d_along


# --------------------------------------------------------------------------- singular values
@helper("reciprocal_gaps", "gap_tangent", "zero_if_none")
def svd_tangents_tangent(u, s, vh, t, d_u, d_s, d_vh, d_t):
    """The tangent of ``svd_tangents(u, s, vh, t)`` along the tangents of all four."""
    d_u, d_s, d_vh, d_t = (zero_if_none(d, x) for d, x in ((d_u, u), (d_s, s), (d_vh, vh), (d_t, t)))
    u_t, v, d_u_t, d_v = (np.swapaxes(m, -1, -2) for m in (u, vh, d_u, d_vh))
    m = u_t @ t @ v
    d_m = d_u_t @ t @ v + u_t @ d_t @ v + u_t @ t @ d_v
    row, column = np.expand_dims(s, -2), np.expand_dims(s, -1)
    d_row, d_column = np.expand_dims(d_s, -2), np.expand_dims(d_s, -1)
    f = reciprocal_gaps(s * s)
    d_f = gap_tangent(f, 2.0 * s * d_s)
    dss, d_dss = m * row, d_m * row + m * d_row
    sds, d_sds = column * m, d_column * m + column * d_m
    in_u, d_in_u = dss + np.swapaxes(dss, -1, -2), d_dss + np.swapaxes(d_dss, -1, -2)
    in_v, d_in_v = sds + np.swapaxes(sds, -1, -2), d_sds + np.swapaxes(d_sds, -1, -2)
    d_du = d_u @ (f * in_u) + u @ (d_f * in_u + f * d_in_u)
    d_dv = d_v @ (f * in_v) + v @ (d_f * in_v + f * d_in_v)
    if np.shape(u)[-2] > np.shape(v)[-2]:                  # (I - U U.T) t V S^-1
        tv, d_tv = t @ v, d_t @ v + t @ d_v
        outside = tv - u @ (u_t @ tv)
        d_outside = d_tv - d_u @ (u_t @ tv) - u @ (d_u_t @ tv + u_t @ d_tv)
        d_du = d_du + d_outside / row - outside * d_row / (row * row)
    if np.shape(v)[-2] > np.shape(u)[-2]:                  # (I - V V.T) t.T U S^-1
        ttu, d_ttu = np.swapaxes(t, -1, -2) @ u, np.swapaxes(d_t, -1, -2) @ u + np.swapaxes(t, -1, -2) @ d_u
        outside = ttu - v @ (vh @ ttu)
        d_outside = d_ttu - d_v @ (vh @ ttu) - v @ (d_vh @ ttu + vh @ d_ttu)
        d_dv = d_dv + d_outside / row - outside * d_row / (row * row)
    return d_du, np.diagonal(d_m, axis1=-2, axis2=-1), np.swapaxes(d_dv, -1, -2)


@helper("svd_tangents", "svd_tangents_tangent", "reduced_svd")
def svd_tangent_tangent(t, y, a, full_matrices, compute_uv, d_t, d_y, d_a, d_full_matrices, d_compute_uv):
    """The tangent of ``svd_tangent(t, y, a, ...)``: the factors' tangents are ``d_y`` (or,
    for ``compute_uv=False``, ``svd_tangents`` along ``d_a``)."""
    if compute_uv:
        (u, s, vh), factors = y, d_y
    else:
        u, s, vh = np.linalg.svd(a, full_matrices=False)
        factors = None if d_a is None else svd_tangents(u, s, vh, d_a)
    d_u, d_s, d_vh = (None, None, None) if factors is None else factors
    du, ds, dvh = svd_tangents_tangent(u, s, vh, reduced_svd(t, a, full_matrices and compute_uv), d_u, d_s, d_vh, d_t)
    return (du, ds, dvh) if compute_uv else ds


# --------------------------------------------------------------------------- QR
@helper("below_diagonal", "reduced_qr", "zero_if_none")
def qr_tangent_tangent(t, q, r, mode, d_t, d_q, d_r, d_mode):
    """The tangent of ``qr_tangent(t, q, r, mode)``: of ``Q W + t R^-1 - Q X`` and ``(X - W) R``
    with ``X = Q.T t R^-1`` and ``W`` the strictly lower triangle of ``X`` minus its transpose."""
    d_t, d_q, d_r = zero_if_none(d_t, t), zero_if_none(d_q, q), zero_if_none(d_r, r)
    r_t = np.swapaxes(r, -1, -2)
    t_r = np.swapaxes(np.linalg.solve(r_t, np.swapaxes(reduced_qr(t, q, r, mode), -1, -2)), -1, -2)    # t R^-1
    d_t_r = np.swapaxes(np.linalg.solve(r_t, np.swapaxes(d_t - t_r @ d_r, -1, -2)), -1, -2)
    x = np.swapaxes(q, -1, -2) @ t_r
    d_x = np.swapaxes(d_q, -1, -2) @ t_r + np.swapaxes(q, -1, -2) @ d_t_r
    w = below_diagonal(x) - np.swapaxes(below_diagonal(x), -1, -2)
    d_w = below_diagonal(d_x) - np.swapaxes(below_diagonal(d_x), -1, -2)
    return d_q @ w + q @ d_w + d_t_r - d_q @ x - q @ d_x, (d_x - d_w) @ r + (x - w) @ d_r


# --------------------------------------------------------------------------- norms
@helper("norm_adjoint", "norm_second", "zero_if_none")
def norm_tangent_tangent(t, y, x, ord, axis, keepdims, d_t, d_y, d_x, d_ord, d_axis, d_keepdims):
    """The tangent of ``norm_tangent(t, y, x, ...)``, the gradient times ``t`` summed: the
    gradient's own tangent is the norm's second derivative (``norm_second``)."""
    axes = tuple(range(np.ndim(x))) if axis is None else axis
    ones = np.ones(np.shape(y))
    total = norm_second(ones, y, x, zero_if_none(d_y, y), zero_if_none(d_x, x), ord, axis, keepdims) * t
    if d_t is not None:
        total = total + norm_adjoint(ones, y, x, ord, axis, keepdims) * d_t
    return np.sum(total, axis=axes, keepdims=keepdims)


# --------------------------------------------------------------------------- pseudo-inverse, least squares
@helper("symmetric_part", "zero_if_none")
def pinv_tangent_tangent(t, a, p, hermitian, d_t, d_a, d_p, d_hermitian):
    """The tangent of ``pinv_tangent(t, a, p, hermitian)``:
    ``-P t P + (P P.T)(t.T - t.T A P) + (t.T - P A t.T)(P.T P)`` by the product rule."""
    d_t, d_a, d_p = zero_if_none(d_t, t), zero_if_none(d_a, a), zero_if_none(d_p, p)
    t, d_t = (symmetric_part(t), symmetric_part(d_t)) if hermitian else (t, d_t)
    p_t, t_t, d_p_t, d_t_t = (np.swapaxes(m, -1, -2) for m in (p, t, d_p, d_t))
    ppt, d_ppt = p @ p_t, d_p @ p_t + p @ d_p_t
    ptp, d_ptp = p_t @ p, d_p_t @ p + p_t @ d_p
    left, d_left = t_t - (t_t @ a) @ p, d_t_t - (d_t_t @ a) @ p - (t_t @ d_a) @ p - (t_t @ a) @ d_p
    right, d_right = t_t - p @ (a @ t_t), d_t_t - d_p @ (a @ t_t) - p @ (d_a @ t_t) - p @ (a @ d_t_t)
    return (-(d_p @ t @ p + p @ d_t @ p + p @ t @ d_p) + d_ppt @ left + ppt @ d_left
            + d_right @ ptp + right @ d_ptp)


@helper("pinv_tangent", "pinv_tangent_tangent", "svd_tangents", "zero_if_none")
def lstsq_tangent_tangent(a, b, y, t_a, t_b, d_a, d_b, d_y, d_t_a, d_t_b):
    """The tangent of ``lstsq_tangent(a, b, y, t_a, t_b)`` (the solution's tangent ``d_y[0]``;
    ``pinv(a)``'s and the singular vectors' along ``d_a``)."""
    m, n = np.shape(a)
    x, columns = np.reshape(y[0], (n, -1)), np.reshape(b, (m, -1))
    d_a = zero_if_none(d_a, a)
    d_x = np.zeros(np.shape(x)) if d_y is None or d_y[0] is None else np.reshape(d_y[0], (n, -1))
    d_columns = np.zeros(np.shape(columns)) if d_b is None else np.reshape(d_b, (m, -1))
    t_a = np.zeros(np.shape(a)) if t_a is None else t_a
    d_t_a = zero_if_none(d_t_a, t_a)
    t_b = np.zeros((m, np.shape(x)[1])) if t_b is None else np.reshape(t_b, (m, -1))
    d_t_b = np.zeros(np.shape(t_b)) if d_t_b is None else np.reshape(d_t_b, (m, -1))
    p = np.linalg.pinv(a)
    d_p = pinv_tangent(d_a, a, p)
    d_solution = (pinv_tangent_tangent(t_a, a, p, False, d_t_a, d_a, d_p, None) @ columns
                  + pinv_tangent(t_a, a, p) @ d_columns + d_p @ t_b + p @ d_t_b)
    residual = a @ x - columns
    d_residual = d_a @ x + a @ d_x - d_columns
    d_residuals = 2.0 * np.sum(d_residual * (t_a @ x - t_b) + residual * (d_t_a @ x + t_a @ d_x - d_t_b), axis=0)
    u, s, vh = np.linalg.svd(a, full_matrices=False)
    d_u, _, d_vh = svd_tangents(u, s, vh, d_a)
    v, d_v = np.swapaxes(vh, -1, -2), np.swapaxes(d_vh, -1, -2)
    u_t = np.swapaxes(u, -1, -2)
    d_values = np.diagonal(np.swapaxes(d_u, -1, -2) @ t_a @ v + u_t @ d_t_a @ v + u_t @ t_a @ d_v)
    return (np.reshape(d_solution, np.shape(y[0])), d_residuals if np.size(y[1]) else np.zeros(np.shape(y[1])),
            np.zeros_like(y[2]), d_values)


# --------------------------------------------------------------------------- powers and chained products
@helper("matrix_power_tangent", "zero_if_none")
def matrix_power_tangent_tangent(t, a, n, d_t, d_a, d_n):
    """The tangent of ``matrix_power_tangent(t, a, n)``, ``sum_k B^k dB B^(|n|-1-k)``: the
    powers' tangents are ``matrix_power_tangent`` again (of ``B`` itself, ``k >= 0``)."""
    d_t, d_a = zero_if_none(d_t, t), zero_if_none(d_a, a)
    if n < 0:
        base = np.linalg.inv(a)
        d_base = -base @ d_a @ base                    # of B = inv(a)
        step = -base @ t @ base                        # dB
        d_step = -(d_base @ t @ base + base @ d_t @ base + base @ t @ d_base)
    else:
        base, d_base, step, d_step = a, d_a, t, d_t
    total = 0.0 * step
    for k in range(abs(n)):
        before, after = np.linalg.matrix_power(base, k), np.linalg.matrix_power(base, abs(n) - 1 - k)
        total = (total + matrix_power_tangent(d_base, base, k) @ step @ after + before @ d_step @ after
                 + before @ step @ matrix_power_tangent(d_base, base, abs(n) - 1 - k))
    return total


@helper()
def multi_dot_tangent_tangent(tangents, arrays, d_tangents, d_arrays):
    """The tangent of ``multi_dot_tangent(tangents, arrays)``, a sum of products each linear in
    every factor: each term with one factor replaced by its tangent."""
    total = 0.0
    for i, t in enumerate(tangents):
        if t is None:
            continue
        with_t = list(arrays[:i]) + [t] + list(arrays[i + 1:])
        if d_tangents is not None and d_tangents[i] is not None:
            total = total + np.linalg.multi_dot(list(arrays[:i]) + [d_tangents[i]] + list(arrays[i + 1:]))
        for j in range(len(arrays) if d_arrays is not None else 0):
            if j != i and d_arrays[j] is not None:
                total = total + np.linalg.multi_dot(with_t[:j] + [d_arrays[j]] + with_t[j + 1:])
    return total


for _first, _second in ((eigvalsh_adjoint, eigvalsh_adjoint_tangent), (eigh_adjoint, eigh_adjoint_tangent),
                        (cholesky_tangent, cholesky_tangent_tangent), (eigh_tangent, eigh_tangent_tangent),
                        (eigvalsh_tangent_of, eigvalsh_tangent_of_tangent), (eig_tangent, eig_tangent_tangent),
                        (svd_tangents, svd_tangents_tangent), (svd_tangent, svd_tangent_tangent),
                        (qr_tangent, qr_tangent_tangent), (norm_tangent, norm_tangent_tangent),
                        (pinv_tangent, pinv_tangent_tangent), (lstsq_tangent, lstsq_tangent_tangent),
                        (matrix_power_tangent, matrix_power_tangent_tangent),
                        (multi_dot_tangent, multi_dot_tangent_tangent)):
    _declare(_first, _second)
