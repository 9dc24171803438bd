"""The cofactor matrix, ``det(a) inv(a).T`` where ``a`` is invertible: the derivative of
``np.linalg.det``. Computed from the SVD ``a = U diag(s) Vh`` as ``det(U) det(Vh) conj(U)
diag(s_others) conj(Vh)``, with ``s_others[i]`` the product of the singular values other than
``s[i]``: the same numbers for an invertible matrix, and the right ones for a singular matrix
too, where ``inv`` fails (corank 1: a rank-one matrix; corank 2 or more: zero). JAX's linalg_test
differentiates ``det`` at singular matrices.
"""
from __future__ import annotations

import numpy as np

from .runtime import helper


def cofactors_tangent(t, y, a):
    return cofactors_along(a, t),


@helper()
def cofactors_along(a, t):
    """The derivative of ``cofactors(a)`` along ``t``, singular ``a`` too (the Hessian of ``det``):
    with ``a = U diag(s) Vh`` held fixed, ``adj(a + e t) = adj(Vh) adj(diag(s) + e m) adj(U)``
    exactly, ``m = U^H t Vh^H``, and the adjugate of a diagonal matrix has the derivative
    ``-m[i, j] q[i, j]`` off the diagonal and ``sum_k q[i, k] m[k, k]`` on it, ``q[i, j]`` the
    product of the singular values other than ``s[i]`` and ``s[j]`` (0 for ``i == j``): no
    inverse, where ``solve(a, t)`` raised LinAlgError at a singular matrix."""
    u, s, vh = np.linalg.svd(a)
    n = np.shape(s)[-1]
    m = np.conj(np.swapaxes(u, -1, -2)) @ t @ np.conj(np.swapaxes(vh, -1, -2))
    k = np.arange(n)
    left_out = (k[:, None, None] == k) | (k[None, :, None] == k)         # (i, j, k): k is i or j
    q = np.prod(np.where(left_out, 1.0, s[..., None, None, :]), axis=-1) * (1.0 - np.eye(n))
    on_diagonal = np.sum(q * np.diagonal(m, axis1=-2, axis2=-1)[..., None, :], axis=-1)
    d_adjugate_t = -np.swapaxes(m, -1, -2) * q + on_diagonal[..., None] * np.eye(n)   # its transpose
    phase = np.linalg.det(u) * np.linalg.det(vh)
    return np.expand_dims(phase, (-2, -1)) * (np.conj(u) @ d_adjugate_t @ np.conj(vh))


@helper(jvp=cofactors_tangent)
def cofactors(a):
    """The cofactor matrix of (each matrix of) ``a``, singular or not."""
    u, s, vh = np.linalg.svd(a)
    ones = np.ones(np.shape(s)[:-1] + (1,), dtype=s.dtype)
    before = np.concatenate([ones, np.cumprod(s[..., :-1], axis=-1)], axis=-1)
    after = np.concatenate([np.cumprod(s[..., :0:-1], axis=-1)[..., ::-1], ones], axis=-1)
    phase = np.linalg.det(u) * np.linalg.det(vh)
    return np.expand_dims(phase, (-2, -1)) * (np.conj(u) * (before * after)[..., None, :]) @ np.conj(vh)
