"""Linear algebra: the pseudo-inverse, least squares, matrix powers and chained products.

* ``p = np.linalg.pinv(a)``:  ``dP = -P t P + P P.T t.T (I - A P) + (I - P A) t.T P.T P`` and
  its transpose for the adjoint; exact where the rank of ``a`` does not change (full rank).
* ``x, residuals, rank, s = np.linalg.lstsq(a, b)``: the solution is ``pinv(a) @ b``; the
  residuals' derivative is ``2 (a x - b)`` times that of ``a x - b`` (``x`` is optimal), the
  singular values' that of the SVD; ``rank`` has none.  Full column rank assumed, as for pinv.
* ``np.linalg.matrix_power(a, n)`` for an integer ``n``: ``sum_k B^k dB B^(n-1-k)`` with
  ``B = a`` (``dB = t``) or, for ``n < 0``, ``B = inv(a)`` (``dB = -B t B``).
* ``np.linalg.multi_dot(arrays)``: a product, linear in each array; first and last may be
  vectors, as for ``@``. ``arrays`` may be one array, its rows the factors (NumPy iterates it).
* ``np.linalg.matrix_rank`` is an integer: no derivative.
"""
import ast

import numpy as np

from .registry import dotted, nondifferentiable, vjp_rule
from .runtime import helper

FAMILY = "linear algebra"


# --------------------------------------------------------------------------- pseudo-inverse
def pinv_tangent_rule(t, y, a, rcond=None, hermitian=False, *, rtol=None):
    return pinv_tangent(t, a, y, hermitian),


@vjp_rule(np.linalg.pinv, family=FAMILY, floating_result=True, shape_rule=None, jvp=pinv_tangent_rule)
def pinv(d_y, y, a, rcond=None, hermitian=False, *, rtol=None):
    return pinv_adjoint(d_y, a, y, hermitian),


# hermitian=True reads one triangle of the matrix (an eigendecomposition): as for eigh, the
# rules then take the symmetric part of a perturbation.
@helper()
def pinv_tangent(t, a, p, hermitian=False):
    """Tangent of ``p = np.linalg.pinv(a)`` along ``t`` (constant rank)."""
    t = 0.5 * (t + np.swapaxes(t, -1, -2)) if hermitian else t
    p_t, t_t = np.swapaxes(p, -1, -2), np.swapaxes(t, -1, -2)
    return -p @ t @ p + (p @ p_t) @ (t_t - (t_t @ a) @ p) + (t_t - p @ (a @ t_t)) @ (p_t @ p)


@helper()
def pinv_adjoint(g, a, p, hermitian=False):
    """Adjoint of ``p = np.linalg.pinv(a)``: ``-P.T g P.T + (I - A P) g.T P P.T + P.T P g.T (I - P A)``."""
    p_t, g_t = np.swapaxes(p, -1, -2), np.swapaxes(g, -1, -2)
    d_a = -p_t @ g @ p_t + (g_t - a @ (p @ g_t)) @ (p @ p_t) + (p_t @ p) @ (g_t - (g_t @ p) @ a)
    return 0.5 * (d_a + np.swapaxes(d_a, -1, -2)) if hermitian else d_a


# --------------------------------------------------------------------------- least squares
def _lstsq_tangent(site, tangents):
    """All four outputs' tangents at once: per-argument terms of a tuple could not be added."""
    a, b = site.args[:2]
    t_a, t_b = (list(tangents) + [None, None])[:2]
    none = ast.Constant(None)
    return ast.Call(func=dotted("lstsq_tangent"), args=[a, b, site.out, t_a or none, t_b or none], keywords=[])


@vjp_rule(np.linalg.lstsq, family=FAMILY, floating_result=True, shape_rule=None, outputs=4, jvp_builder=_lstsq_tangent)
def lstsq(d_y, y, a, b, rcond=None):
    """``d_y`` is (d_x, d_residuals, d_rank, d_s); ``rank`` carries none."""
    return lstsq_adjoint(d_y, y, a, b, 0), lstsq_adjoint(d_y, y, a, b, 1)


@helper("pinv_adjoint")
def lstsq_adjoint(g, y, a, b, which):
    """Adjoint of ``x, residuals, rank, s = np.linalg.lstsq(a, b)`` for ``a`` (which=0) or
    ``b`` (which=1), right-hand sides as columns."""
    d_x, d_residuals, d_s = g[0], g[1], g[3]
    m, n = np.shape(a)
    x, columns = np.reshape(y[0], (n, -1)), np.reshape(b, (m, -1))
    d_x = np.reshape(d_x, (n, -1))
    p = np.linalg.pinv(a)
    residual = a @ x - columns
    if np.size(y[1]) == 0:                    # no residuals reported (square or rank-deficient)
        residual = 0.0 * residual
        d_residuals = 0.0
    if which == 1:
        return np.reshape(np.swapaxes(p, -1, -2) @ d_x - 2.0 * residual * d_residuals, np.shape(b))
    u, _, vh = np.linalg.svd(a, full_matrices=False)
    return (pinv_adjoint(d_x @ np.swapaxes(columns, -1, -2), a, p)
            + (2.0 * residual * d_residuals) @ np.swapaxes(x, -1, -2) + (u * d_s) @ vh)


@helper("pinv_tangent")
def lstsq_tangent(a, b, y, t_a=None, t_b=None):
    """Tangents of ``x, residuals, rank, s = np.linalg.lstsq(a, b)`` along ``t_a`` and ``t_b``
    (None: no tangent)."""
    m, n = np.shape(a)
    x, columns = np.reshape(y[0], (n, -1)), np.reshape(b, (m, -1))
    p = np.linalg.pinv(a)
    t_a = np.zeros(np.shape(a)) if t_a is None else t_a
    t_b = np.zeros((m, np.shape(x)[1])) if t_b is None else np.reshape(t_b, (m, -1))
    d_x = pinv_tangent(t_a, a, p) @ columns + p @ t_b
    residual = a @ x - columns
    d_residuals = 2.0 * np.sum(residual * (t_a @ x - t_b), axis=0)
    u, _, vh = np.linalg.svd(a, full_matrices=False)
    d_s = np.diagonal(np.swapaxes(u, -1, -2) @ t_a @ np.swapaxes(vh, -1, -2))
    return (np.reshape(d_x, np.shape(y[0])), d_residuals if np.size(y[1]) else np.zeros(np.shape(y[1])),
            np.zeros_like(y[2]), d_s)


# --------------------------------------------------------------------------- matrix powers
def matrix_power_tangent_rule(t, y, a, n=None):
    return matrix_power_tangent(t, a, n), None


@vjp_rule(np.linalg.matrix_power, family=FAMILY, shape_rule=None, jvp=matrix_power_tangent_rule)
def matrix_power(d_y, y, a, n=None):   # n is required (None: NumPy refuses the call)
    return matrix_power_adjoint(d_y, a, n), None


@helper()
def matrix_power_tangent(t, a, n):
    """Tangent of ``np.linalg.matrix_power(a, n)``: ``sum_k B^k dB B^(|n|-1-k)``."""
    base = np.linalg.inv(a) if n < 0 else a
    d_base = -base @ t @ base if n < 0 else t
    total = 0.0 * d_base
    for k in range(abs(n)):
        total = total + np.linalg.matrix_power(base, k) @ d_base @ np.linalg.matrix_power(base, abs(n) - 1 - k)
    return total


@helper()
def matrix_power_adjoint(g, a, n):
    """Adjoint of ``np.linalg.matrix_power(a, n)``: ``sum_k (B.T)^k g (B.T)^(|n|-1-k)``, then
    ``-B.T (...) B.T`` for ``n < 0`` (``B = inv(a)``)."""
    base = np.linalg.inv(a) if n < 0 else a
    base_t = np.swapaxes(base, -1, -2)
    total = 0.0 * g
    for k in range(abs(n)):
        total = total + np.linalg.matrix_power(base_t, k) @ g @ np.linalg.matrix_power(base_t, abs(n) - 1 - k)
    return -base_t @ total @ base_t if n < 0 else total


# --------------------------------------------------------------------------- chained products
def multi_dot_tangent_rule(t, y, arrays):
    return multi_dot_tangent(t, arrays),


@vjp_rule(np.linalg.multi_dot, family=FAMILY, shape_rule=None, jvp=multi_dot_tangent_rule)
def multi_dot(d_y, y, arrays):
    return multi_dot_adjoint(d_y, arrays),


@helper()
def multi_dot_tangent(tangents, arrays):
    """Tangent of ``np.linalg.multi_dot(arrays)``: one product per array, with its tangent."""
    total = 0.0
    for i, t in enumerate(tangents):
        if t is not None:
            total = total + np.linalg.multi_dot(list(arrays[:i]) + [t] + list(arrays[i + 1:]))
    return total


def _multi_dot_adjoint_tangent(site, tangents):
    """The adjoint's tangent in one call: it is a list, and per-argument terms would not add."""
    t_g, t_arrays = tangents
    none = ast.Constant(None)
    return ast.Call(func=dotted("multi_dot_adjoint_tangent"), args=[*site.args, t_g or none, t_arrays or none],
                    keywords=[])


@helper("multi_dot_adjoint")
def multi_dot_adjoint_tangent(g, arrays, t_g=None, t_arrays=None):
    """Tangent of ``multi_dot_adjoint(g, arrays)`` along ``t_g`` and the arrays' tangents: array
    i's adjoint is linear in ``g`` and in each OTHER array."""
    total = multi_dot_adjoint(t_g, arrays) if t_g is not None else [0.0 * x for x in multi_dot_adjoint(g, arrays)]
    for j in range(len(arrays) if t_arrays is not None else 0):
        moved = multi_dot_adjoint(g, list(arrays[:j]) + [t_arrays[j]] + list(arrays[j + 1:]))
        total = [x if i == j else x + m for i, (x, m) in enumerate(zip(total, moved))]
    return total if isinstance(arrays, (list, tuple)) else np.stack(total)


@helper(jvp_builder=_multi_dot_adjoint_tangent)
def multi_dot_adjoint(g, arrays):
    """Adjoint of ``np.linalg.multi_dot(arrays)``: for each array the product of the adjoint
    with the others' transposes on either side (vectors at the ends as for ``@``)."""
    mats = [np.reshape(arrays[0], (1, -1)) if np.ndim(arrays[0]) == 1 else arrays[0], *arrays[1:-1],
            np.reshape(arrays[-1], (-1, 1)) if np.ndim(arrays[-1]) == 1 else arrays[-1]]
    g = np.reshape(g, (np.shape(mats[0])[0], np.shape(mats[-1])[1]))
    out = []
    for i, x in enumerate(mats):
        left = np.linalg.multi_dot([np.eye(np.shape(mats[0])[0]), *mats[:i]]) if i else np.eye(np.shape(x)[0])
        right = np.linalg.multi_dot([*mats[i + 1:], np.eye(np.shape(mats[-1])[1])]) if i < len(mats) - 1 \
            else np.eye(np.shape(x)[1])
        out.append(np.reshape(left.T @ g @ right.T, np.shape(arrays[i])))
    return out if isinstance(arrays, (list, tuple)) else np.stack(out)    # (one array: its rows the factors)


nondifferentiable(np.linalg.matrix_rank, family=FAMILY, shape_rule=None, result_kind="i8")
