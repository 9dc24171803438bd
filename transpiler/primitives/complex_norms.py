"""``np.linalg.norm`` of complex values (docs/syntax.md, "Complex numbers"), in both modes and
to second order.

The norm is real, so only ``Re(g)`` of its adjoint ``g`` counts, and its adjoint for ``x`` is the
real rule's conjugated: an entry's modulus ``|x|`` has the adjoint ``conj(x) / |x|`` where a real
one's is ``sign(x)`` (NumPy's sign of a complex number is ``x / |x|``, so the real helper computes
``sign(x)``), a singular value ``conj(u v^H)`` where a real one's is ``u v.T``. The second
derivatives differ more: ``conj(x) / |x|`` turns with ``x`` where a real sign is constant (the
1-, inf- and matrix 1/inf norms of complex values have curvature), so they have a helper of
their own, :func:`complex_norm_second`.
"""
import numpy as np

from .complex_decompositions import complex_svd_tangents
from .complex_rules import COMPLEX_READY, complex_rule
from .reductions import norm_adjoint
from .runtime import helper, unreduce


def norm_vjp(d_y, y, x, ord=None, axis=None, keepdims=False):
    return complex_norm_adjoint(d_y, y, x, ord, axis, keepdims),


def norm_jvp(t, y, x, ord=None, axis=None, keepdims=False):
    return complex_norm_tangent(t, y, x, ord, axis, keepdims),


def complex_norm_adjoint_tangent(t, out, g, y, x, ord=None, axis=None, keepdims=False):
    return (complex_norm_adjoint(t, y, x, ord, axis, keepdims),
            complex_norm_second(g, y, x, t, np.zeros(np.shape(x)), ord, axis, keepdims),
            complex_norm_second(g, y, x, np.zeros(np.shape(y)), t, ord, axis, keepdims), None, None, None)


@helper("norm_adjoint", jvp=complex_norm_adjoint_tangent)
def complex_norm_adjoint(g, y, x, ord=None, axis=None, keepdims=False):
    """Adjoint of ``np.linalg.norm`` of a complex ``x``: ``conj(norm_adjoint(Re(g), ...))``."""
    return np.conj(norm_adjoint(np.real(g), y, x, ord, axis, keepdims))


@helper("complex_norm_adjoint")
def complex_norm_tangent(t, y, x, ord=None, axis=None, keepdims=False):
    """Tangent of ``np.linalg.norm`` of a complex ``x``: ``Re(sum(adjoint of 1 * t))``."""
    axes = tuple(range(np.ndim(x))) if axis is None else axis
    unit = complex_norm_adjoint(np.ones(np.shape(y)), y, x, ord, axis, keepdims)
    return np.real(np.sum(unit * t, axis=axes, keepdims=keepdims))


@helper("unreduce", "complex_svd_tangents")
def complex_norm_second(g, y, x, t_y, t_x, ord=None, axis=None, keepdims=False):
    """The tangent of ``complex_norm_adjoint(g, y, x, ...)`` along ``t_y`` (of the norm ``y``)
    and ``t_x`` (of a complex ``x``). With ``s = x / |x|``, ``conj(s)`` moves by
    ``(conj(t_x) - conj(s) Re(conj(s) t_x)) / |x|`` and ``|x|`` by ``Re(conj(s) t_x)``."""
    x = np.asarray(x)
    if axis is None:
        axes = tuple(range(np.ndim(x)))
    else:
        axes = tuple(a % np.ndim(x) for a in ((axis,) if np.ndim(axis) == 0 else axis))
    g, y, t_y = (unreduce(v, x, axes, keepdims) for v in (np.real(g), y, np.real(t_y)))
    zero = np.equal(y, 0)
    safe_y = np.where(zero, 1.0, y)
    if ord is None or (isinstance(ord, str) and ord in ("fro", "f")) or (ord == 2 and len(axes) == 1):
        return np.where(zero, 0.0, g * (np.conj(t_x) - np.conj(x) * t_y / safe_y) / safe_y)
    a = np.abs(x)
    safe_a = np.where(a == 0, 1.0, a)
    s = x / safe_a
    grows = np.real(np.conj(s) * t_x)                                    # d|x|
    turns = np.where(a == 0, 0.0, (np.conj(t_x) - np.conj(s) * grows) / safe_a)   # d conj(s)
    if len(axes) == 1:
        if ord == 0:
            return np.zeros(np.shape(x), dtype=complex)
        if ord == 1:
            return g * turns
        if np.isinf(ord):
            hit = np.equal(a, y)
            return g * turns * hit / np.sum(hit, axis=axes, keepdims=True)
        r = a / safe_y
        return np.where(zero, 0.0, g * (turns * r ** (ord - 1)
                                        + np.conj(s) * (ord - 1) * r ** (ord - 2) * (grows - r * t_y) / safe_y))
    row, col = axes
    if isinstance(ord, str) or ord in (2, -2):                # 'nuc', 2, -2: singular vectors
        u, s_values, vh = np.linalg.svd(np.moveaxis(x, (row, col), (-2, -1)), full_matrices=False)
        du, _, dvh = complex_svd_tangents(u, s_values, vh, np.moveaxis(t_x, (row, col), (-2, -1)))
        if ord in (2, -2):                                    # one pair of singular vectors
            pick = slice(0, 1) if ord == 2 else slice(-1, None)
            u, du, vh, dvh = u[..., :, pick], du[..., :, pick], vh[..., pick, :], dvh[..., pick, :]
        return g * np.conj(np.moveaxis(du @ vh + u @ dvh, (-2, -1), (row, col)))
    # the matrix 1 / -1 (column sums of |x|) and inf / -inf (row sums) norms: the sign turns
    summed, across = (row, col) if ord in (1, -1) else (col, row)
    sums = np.sum(a, axis=summed, keepdims=True)
    best = np.max(sums, axis=across, keepdims=True) if ord > 0 else np.min(sums, axis=across, keepdims=True)
    hit = np.equal(sums, best)
    return g * turns * (hit / np.sum(hit, axis=across, keepdims=True))


complex_rule("np.linalg.norm", norm_vjp, norm_jvp)
COMPLEX_READY.add("complex_norm_adjoint")     # (its forward rule above is written for complex values)
