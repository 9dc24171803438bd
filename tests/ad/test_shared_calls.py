"""The adjoints of one statement's operands share their expensive calls (ad/shared_calls.py): a
solve with both its matrix and its right-hand side differentiated runs one adjoint solve, in
every layout of the right-hand side, and the gradient is right in both modes."""
import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad

RNG = np.random.default_rng(11)


def solve_matrix_rhs(a, B):
    return np.sum(np.linalg.solve(a, B) ** 2)


def solve_vector_rhs(a, b):
    x = np.linalg.solve(a, b)
    return np.sum(np.sin(x))


def solve_transposed_rhs(a, X):
    return np.sum(X * np.linalg.solve(a, X.T).T)


CASES = {
    "matrix": (solve_matrix_rhs, (RNG.standard_normal((4, 4)) + 4 * np.eye(4), RNG.standard_normal((4, 3)))),
    "vector": (solve_vector_rhs, (RNG.standard_normal((4, 4)) + 4 * np.eye(4), RNG.standard_normal(4))),
    "transposed": (solve_transposed_rhs, (RNG.standard_normal((4, 4)) + 4 * np.eye(4), RNG.standard_normal((6, 4)))),
}


@pytest.mark.parametrize("case", CASES)
def test_both_operands_read_one_adjoint_solve(case):
    f, args = CASES[case]
    source = transpiler.grad(f, wrt=(0, 1)).source(args=args)
    assert source.count("np.linalg.solve(") == 2, source          # the primal's and one adjoint
    assert "solve_adjoint" not in source


@pytest.mark.parametrize("case", CASES)
def test_gradient_matches_finite_differences_in_both_modes(case):
    f, args = CASES[case]
    assert check_grad(f, *args, wrt=(0, 1)).ok
    tangents = [RNG.standard_normal(np.shape(a)) for a in args]
    _, derivative = transpiler.jvp(f, args, tangents)
    gradient = transpiler.grad(f, wrt=(0, 1))(*args)
    np.testing.assert_allclose(derivative, sum(np.sum(g * t) for g, t in zip(gradient, tangents)), rtol=1e-9)
