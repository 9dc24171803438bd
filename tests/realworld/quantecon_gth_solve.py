# Ported from QuantEcon/QuantEcon.py, quantecon/markov/gth_solve.py (Daisuke Oyama's Grassmann-Taksar-Heyman algorithm for the stationary distribution of an irreducible Markov chain): `gth_solve(A, overwrite=False, use_jit=True)` with the module's `try: xrange except: xrange = range` shim, `np.array(A, dtype=float, copy=not overwrite, order='C')`, the `ValueError` for a non-square matrix, the plain-NumPy reduction (`for k in xrange(n-1)`, `if scale <= 0: n = k+1; break`, in-place slice updates `A1[k+1:n, k] /= scale`, `A1[k+1:n, k+1:n] += np.dot(...)`), the backward substitution and `x /= np.sum(x)`; and the `@jit(nopython=True)` element loop `_gth_solve_jit(A, out)` writing into its `out` argument, verbatim. The objectives: the stationary distribution's Jacobian w.r.t. the transition matrix, and the long-run mean reward `x @ r` (QuantEcon's `MarkovChain.stationary_distributions` use) by both routes. (The `break` for a reducible chain is not a case: it is taken where an off-diagonal entry is exactly 0, and any perturbation of that entry (finite differences included) leaves it, so no derivative exists there.)
import numpy as np
from numba import jit

#TODO: Remove as we no longer officially support Python <3.5?
try:
    xrange
except:  # python3
    xrange = range


def gth_solve(A, overwrite=False, use_jit=True):
    r"""
    This routine computes the stationary distribution of an irreducible
    Markov transition matrix (stochastic matrix) or transition rate
    matrix (generator matrix) `A`.

    Parameters
    ----------
    A : array_like(float, ndim=2)
        Stochastic matrix or generator matrix. Must be of shape n x n.

    Returns
    -------
    x : numpy.ndarray(float, ndim=1)
        Stationary distribution of `A`.

    overwrite : bool, optional(default=False)
        Whether to overwrite `A`.

    """
    A1 = np.array(A, dtype=float, copy=not overwrite, order='C')
    # `order='C'` is for use with Numba <= 0.18.2
    # See issue github.com/numba/numba/issues/1103

    if len(A1.shape) != 2 or A1.shape[0] != A1.shape[1]:
        raise ValueError('matrix must be square')

    n = A1.shape[0]
    x = np.zeros(n)

    if use_jit:
        _gth_solve_jit(A1, x)
        return x

    # if not using jit
    # === Reduction === #
    for k in xrange(n-1):
        scale = np.sum(A1[k, k+1:n])
        if scale <= 0:
            # There is one (and only one) recurrent class contained in
            # {0, ..., k};
            # compute the solution associated with that recurrent class.
            n = k+1
            break
        A1[k+1:n, k] /= scale

        A1[k+1:n, k+1:n] += np.dot(A1[k+1:n, k:k+1], A1[k:k+1, k+1:n])

    # === Backward substitution === #
    x[n-1] = 1
    for k in xrange(n-2, -1, -1):
        x[k] = np.dot(x[k+1:n], A1[k+1:n, k])

    # === Normalization === #
    x /= np.sum(x)

    return x


@jit(nopython=True)
def _gth_solve_jit(A, out):
    """
    JIT complied version of the main routine of gth_solve.

    Parameters
    ----------
    A : numpy.ndarray(float, ndim=2)
        Stochastic matrix or generator matrix. Must be of shape n x n.
        Data will be overwritten.

    out : numpy.ndarray(float, ndim=1)
        Output array in which to place the stationary distribution of A.

    """
    n = A.shape[0]

    # === Reduction === #
    for k in range(n-1):
        scale = np.sum(A[k, k+1:n])
        if scale <= 0:
            # There is one (and only one) recurrent class contained in
            # {0, ..., k};
            # compute the solution associated with that recurrent class.
            n = k+1
            break
        for i in range(k+1, n):
            A[i, k] /= scale

            for j in range(k+1, n):
                A[i, j] += A[i, k] * A[k, j]

    # === Backward substitution === #
    out[n-1] = 1
    for k in range(n-2, -1, -1):
        for i in range(k+1, n):
            out[k] += out[i] * A[i, k]

    # === Normalization === #
    norm = np.sum(out)
    for k in range(n):
        out[k] /= norm


# A 4-state chain (a lazy random walk with drift) and a reward per state.
P = np.array([[0.5, 0.3, 0.1, 0.1],
              [0.2, 0.4, 0.3, 0.1],
              [0.1, 0.2, 0.4, 0.3],
              [0.3, 0.1, 0.2, 0.4]])
REWARD = np.array([1.0, -0.5, 2.0, 0.25])

def long_run_reward(A):     # test wrapper: QuantEcon's `mc.stationary_distributions[0] @ r`
    return gth_solve(A, use_jit=False) @ REWARD


def long_run_reward_jit(A):     # test wrapper: the same through the numba routine
    return gth_solve(A) @ REWARD


CASES = [
    dict(name="stationary_jacobian", function=lambda A: gth_solve(A, use_jit=False), args=lambda: (P.copy(),),
         kind="jacobian"),
    dict(name="long_run_reward", function=long_run_reward, args=lambda: (P.copy(),)),
    dict(name="long_run_reward_jit", function=long_run_reward_jit, args=lambda: (P.copy(),)),
]
