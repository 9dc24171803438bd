"""scipy.linalg's ``orthogonal_procrustes``, ``solve_continuous_lyapunov`` and
``solve_discrete_lyapunov`` (primitives/scipy_matrix_equations.py): value against SciPy's,
gradient against central differences of SciPy's function in every argument, forward mode
against reverse, Hessian-vector products against differences of the gradient; and SciPy's
shape errors."""
import composition_checks
import numpy as np
import pytest

pytest.importorskip("scipy")
import scipy.linalg as sl  # noqa: E402
from scipy.linalg import orthogonal_procrustes  # noqa: E402

import transpiler  # noqa: E402

rs = np.random.RandomState(3)
A = rs.randn(5, 3)
B = A @ sl.expm(np.array([[0, 0.4, -0.2], [-0.4, 0, 0.3], [0.2, -0.3, 0]])) + 0.1 * rs.randn(5, 3)
STABLE = np.array([[0.5, 0.2, 0.0], [-0.1, 0.3, 0.2], [0.1, 0.0, -0.4]])
Q = np.array([[2.0, 0.3, 0.1], [0.3, 1.0, -0.2], [0.1, -0.2, 1.5]])


def procrustes_misfit(a, b): R, _ = orthogonal_procrustes(a, b); return np.sum((a @ R - b) ** 2)
def procrustes_scale(a, b): return orthogonal_procrustes(a, b)[1]
def procrustes_rotation(a, b): return np.sum(orthogonal_procrustes(a, b, check_finite=False)[0] * np.arange(9.0).reshape(3, 3))
def continuous_lyapunov(a, q): return np.sum(sl.solve_continuous_lyapunov(a - 2 * np.eye(3), q) * np.arange(9.0).reshape(3, 3))
def discrete_lyapunov(a, q): return np.sum(sl.solve_discrete_lyapunov(a, q) ** 2)
def discrete_lyapunov_method(a, q): return np.trace(sl.solve_discrete_lyapunov(a, q, method="direct"))


CASES = [(procrustes_misfit, (A, B)), (procrustes_scale, (A, B)), (procrustes_rotation, (A, B)),
         (continuous_lyapunov, (STABLE, Q)), (discrete_lyapunov, (STABLE, Q)), (discrete_lyapunov_method, (STABLE, Q))]


(test_value_is_scipys_and_gradient_matches_finite_differences_of_scipy, test_forward_mode_matches_reverse,
 test_hvp_matches_differences_of_the_gradient) = composition_checks.checks_of(CASES, 0.01)


def test_procrustes_of_a_rotated_copy_recovers_the_rotation_and_the_misfit_gradient_vanishes_in_b():
    R_true = sl.expm(np.array([[0, 0.4, -0.2], [-0.4, 0, 0.3], [0.2, -0.3, 0]]))
    np.testing.assert_allclose(orthogonal_procrustes(A, A @ R_true)[0], R_true, atol=1e-12)
    np.testing.assert_allclose(transpiler.grad(procrustes_misfit, wrt=1)(A, A @ R_true), 0.0, atol=1e-12)


def mismatched(a, b):
    return orthogonal_procrustes(a, b[:, :2])[1]


def test_shapes_that_differ_raise_scipys_error():
    with pytest.raises(ValueError, match="the shapes of A and B differ"):
        transpiler.grad(mismatched)(A, B)
