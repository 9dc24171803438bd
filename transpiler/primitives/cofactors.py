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
    # d(det(a) a^-T) = tr(a^-1 t) det(a) a^-T - det(a) a^-T (a^-1 t)^T: where a is invertible
    return (np.expand_dims(np.trace(np.linalg.solve(a, t), axis1=-2, axis2=-1), (-2, -1)) * y
            - y @ np.swapaxes(np.linalg.solve(a, t), -1, -2)),


@helper(jvp=cofactors_tangent)
def cofactors(a):
    """The cofactor matrix of (each matrix of) ``a``, singular or not."""
    u, s, vh = np.linalg.svd(a)
    ones = np.ones(np.shape(s)[:-1] + (1,), dtype=s.dtype)
    before = np.concatenate([ones, np.cumprod(s[..., :-1], axis=-1)], axis=-1)
    after = np.concatenate([np.cumprod(s[..., :0:-1], axis=-1)[..., ::-1], ones], axis=-1)
    phase = np.linalg.det(u) * np.linalg.det(vh)
    return np.expand_dims(phase, (-2, -1)) * (np.conj(u) * (before * after)[..., None, :]) @ np.conj(vh)
