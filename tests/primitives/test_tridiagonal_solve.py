"""The tridiagonal solve the splines construct with (primitives/tridiagonal.py): its values are
the dense solve's; its adjoint and tangent, in each diagonal and the right-hand side (one column
or several), agree with finite differences, and so does a Hessian through it."""
import numpy as np
import pytest

import transpiler
from transpiler.primitives.tridiagonal import tridiagonal_solve

pytest.importorskip("scipy")

RNG = np.random.default_rng(7)
LOWER, UPPER = RNG.uniform(-1, 1, 4), RNG.uniform(-1, 1, 4)
DIAGONAL = 4.0 + RNG.uniform(0, 1, 5)            # (diagonally dominant: well conditioned)
COLUMN, COLUMNS = RNG.normal(size=5), RNG.normal(size=(5, 2))


def dense(lower, diagonal, upper):
    return np.diag(diagonal) + np.diag(upper, 1) + np.diag(lower, -1)


@pytest.mark.parametrize("b", [COLUMN, COLUMNS])
def test_the_solve_is_the_dense_solve(b):
    np.testing.assert_allclose(tridiagonal_solve(LOWER, DIAGONAL, UPPER, b),
                               np.linalg.solve(dense(LOWER, DIAGONAL, UPPER), b), rtol=1e-13)


def one_column(lower, diagonal, upper, b):
    return np.sum(np.sin(tridiagonal_solve(lower, diagonal, upper, b)))


def two_columns(lower, diagonal, upper, b):
    x = tridiagonal_solve(lower * 2.0, diagonal, upper, b * b)
    return np.sum(x[:, 0] * x[:, 1]) + np.sum(x ** 3)


@pytest.mark.parametrize("f, b", [(one_column, COLUMN), (two_columns, COLUMNS)])
def test_the_solve_is_differentiated_in_each_diagonal_and_the_right_hand_side(f, b):
    arguments = (LOWER, DIAGONAL, UPPER, b)
    assert transpiler.check_grad(f, *arguments, wrt=(0, 1, 2, 3)).ok
    directions = tuple(RNG.normal(size=np.shape(a)) for a in arguments)
    _, tangent = transpiler.jvp(f, arguments, directions)
    grads = transpiler.grad(f, wrt=(0, 1, 2, 3))(*arguments)
    assert tangent == pytest.approx(sum(np.sum(g * d) for g, d in zip(grads, directions)), rel=1e-10)
    step = 1e-6
    moved = [f(*(a + sign * step * d for a, d in zip(arguments, directions))) for sign in (1, -1)]
    assert tangent == pytest.approx((moved[0] - moved[1]) / (2 * step), rel=1e-6)


def test_a_hessian_through_the_solve_matches_finite_differences():
    def energy(diagonal):
        return one_column(LOWER, diagonal, UPPER, COLUMN * diagonal)
    hessian = transpiler.hessian(energy)(DIAGONAL)
    grad = transpiler.grad(energy)
    step = 1e-6
    numeric = np.stack([(grad(DIAGONAL + step * e) - grad(DIAGONAL - step * e)) / (2 * step) for e in np.eye(5)])
    np.testing.assert_allclose(hessian, numeric, rtol=1e-6, atol=1e-8)


# the rule's finite-difference cases, for tests/primitives/test_array_rules.py's census
CASES = {tridiagonal_solve: [(one_column, (LOWER, DIAGONAL, UPPER, COLUMN), (0, 1, 2, 3)),
                             (two_columns, (LOWER, DIAGONAL, UPPER, COLUMNS), (0, 1, 2, 3))]}
