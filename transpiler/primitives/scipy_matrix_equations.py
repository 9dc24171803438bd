"""``scipy.linalg``'s orthogonal Procrustes problem and Lyapunov equations as compositions of
``np.linalg`` primitives (registered with scipy_linalg.py, which imports this):

* ``orthogonal_procrustes(A, B)``: SciPy's own formula, ``u, w, vt = svd((Bᵀ conj(A))ᵀ)``,
  ``R = u vt`` and ``scale = sum(w)`` (shape checks as SciPy's);
* ``solve_continuous_lyapunov(a, q)``: ``a x + x aᴴ = q``, the Sylvester equation SciPy solves;
* ``solve_discrete_lyapunov(a, q)``: ``a x aᴴ - x + q = 0`` as one linear system in ``x``'s
  entries (row by row), ``(I - a ⊗ conj(a)) vec(x) = vec(q)``: SciPy's ``direct`` method, exact,
  O(n⁶) (SciPy switches to a bilinear transform for n >= 10; the solution is the same)."""
import numpy as np
import scipy.linalg

from .registry import composed

FAMILY = "scipy.linalg"
linalg = scipy.linalg


@composed(linalg.orthogonal_procrustes, family=FAMILY)
def orthogonal_procrustes(A, B, check_finite=True):
    if np.ndim(A) != 2:
        raise ValueError(f"expected ndim to be 2, but observed {np.ndim(A)}")
    if np.shape(A) != np.shape(B):
        raise ValueError(f"the shapes of A and B differ ({np.shape(A)} vs {np.shape(B)})")
    u, w, vt = np.linalg.svd(np.swapaxes(np.swapaxes(B, -1, -2) @ np.conj(A), -1, -2))
    return u @ vt, np.sum(w)


@composed(linalg.solve_continuous_lyapunov, family=FAMILY)
def solve_continuous_lyapunov(a, q):
    return scipy.linalg.solve_sylvester(a, np.conj(np.swapaxes(a, -1, -2)), q)


@composed(linalg.solve_discrete_lyapunov, family=FAMILY)
def solve_discrete_lyapunov(a, q, method=None):
    n = np.shape(a)[-1]
    system = np.eye(n * n) - np.kron(a, np.conj(a))
    return np.reshape(np.linalg.solve(system, np.ravel(q)), (n, n))
