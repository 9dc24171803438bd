"""Value, both modes and second order against central finite differences, for the tests of
Python constructs (test_ndindex_loops.py, test_spread_slices.py, ...): one call checks a
function the way issue 15 asks, ``grad``, ``jvp`` and ``hessian`` at once."""
import numpy as np

import transpiler

from sequence_checks import assert_both_modes


def numeric_hessian(f, x, h=1e-4):
    """Central differences of central differences: the Hessian of ``f`` at the array ``x``."""
    x = np.asarray(x, dtype=float)
    n = x.size
    H = np.zeros((n, n))
    basis = np.eye(n).reshape((n,) + x.shape)
    for i in range(n):
        for j in range(n):
            step_i, step_j = h * basis[i], h * basis[j]
            H[i, j] = (f(x + step_i + step_j) - f(x + step_i - step_j)
                       - f(x - step_i + step_j) + f(x - step_i - step_j)) / (4 * h * h)
    return H


def assert_all_orders(f, x, *rest):
    """``f(x, *rest)``: the value, ``grad`` and ``jvp`` (sequence_checks.py) and ``hessian`` in
    both modes against finite differences, with respect to ``x``."""
    assert_both_modes(f, x, *rest)
    x = np.asarray(x, dtype=float)
    numeric = numeric_hessian(lambda v: f(v, *rest), x)
    for mode in ("reverse", "forward"):
        H = np.reshape(transpiler.hessian(f, mode=mode)(x, *rest), numeric.shape)
        np.testing.assert_allclose(H, numeric, rtol=1e-4, atol=1e-5)
