"""``np.linalg`` functions written over its differentiable primitives, inlined where one is called
(both modes and Hessians come from the composed rules):

* ``cond``: the ratio of the extreme singular values (``p`` None, 2, -2), else
  ``norm(x, p) norm(inv(x), p)``; ``svdvals``: ``svd(x, compute_uv=False)``;
* ``eigvals``: ``eig(x)[0]``, so, as for ``np.linalg.eig``, real eigenvalues only: the
  derivative refuses complex ones when it runs;
* ``tensorinv`` and ``tensorsolve``: ``inv`` and ``solve`` of the arrays reshaped to matrices.
"""
import numpy as np

from .registry import composed

FAMILY = "linear algebra"


@composed(np.linalg.svdvals, family=FAMILY)
def svdvals(x, /):
    return np.linalg.svd(x, compute_uv=False)


@composed(np.linalg.cond, family=FAMILY)
def cond(x, p=None):
    if p is None or p == 2 or p == -2:
        s = np.linalg.svd(x, compute_uv=False)
        if p == -2:
            return s[..., -1] / s[..., 0]
        return s[..., 0] / s[..., -1]
    return np.linalg.norm(x, p, (-2, -1)) * np.linalg.norm(np.linalg.inv(x), p, (-2, -1))


@composed(np.linalg.eigvals, family=FAMILY)
def eigvals(a):
    return np.linalg.eig(a)[0]


@composed(np.linalg.tensorinv, family=FAMILY)
def tensorinv(a, ind=2):
    """The inverse with respect to ``tensordot(·, ·, ind)``: ``a``'s first ``ind`` axes against
    the rest, inverted as a matrix."""
    shape = np.shape(a)
    rows = int(np.prod(shape[ind:]))
    inverse = np.linalg.inv(np.reshape(a, (rows, -1)))
    return np.reshape(inverse, shape[ind:] + shape[:ind])


@composed(np.linalg.tensorsolve, family=FAMILY)
def tensorsolve(a, b, axes=None):
    """``x`` with ``tensordot(a, x, x.ndim) == b``: ``axes`` of ``a`` moved last first."""
    if axes is not None:
        a = np.moveaxis(a, axes, list(range(np.ndim(a) - len(axes), np.ndim(a))))
    unknowns = np.shape(a)[np.ndim(b):]
    size = int(np.prod(unknowns))
    solution = np.linalg.solve(np.reshape(a, (size, size)), np.ravel(b))
    return np.reshape(solution, unknowns)
