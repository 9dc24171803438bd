"""``a / b`` with ``b`` broadcast along axes of the output (``e / e.sum(axis=1, keepdims=True)``,
``x / norms``, ``X / scale[None, :]``): ``d_b`` divides the reduced sum, ``-sum(d_y * y) / b``,
and matches finite differences in every broadcast pattern."""
import numpy as np

import transpiler
from transpiler.check import check_grad

RNG = np.random.default_rng(2)
A = RNG.uniform(0.5, 2.0, (5, 4))
WEIGHTS = RNG.standard_normal((5, 4))


def normalised_rows(a):
    return np.sum(a / np.sum(a, axis=1, keepdims=True) * WEIGHTS)


def by_column_scale(a, s):
    return np.sum(np.sin(a / s[None, :]))


def by_row_vector_trailing(a, s):
    return np.sum(np.sin(a / s))             # s of shape (4,): the leading axis broadcast


def by_column(a, s):
    return np.sum(np.cos(a / s[:, None]) * WEIGHTS)


def test_the_denominator_s_adjoint_is_a_reduced_sum_divided():
    source = transpiler.grad(normalised_rows).compiled((A,)).source
    assert ".sum(axis=1, keepdims=True) / " in source
    assert check_grad(normalised_rows, A)


def test_each_broadcast_pattern_matches_finite_differences_in_both_modes():
    for f, s in ((by_column_scale, RNG.uniform(1, 2, 4)), (by_row_vector_trailing, RNG.uniform(1, 2, 4)),
                 (by_column, RNG.uniform(1, 2, 5))):
        assert check_grad(f, A, s, wrt=(0, 1)), f.__name__
        direction = RNG.standard_normal(s.shape)
        _, tangent = transpiler.jvp(f, (A, s), (np.zeros_like(A), direction))
        assert np.isclose(tangent, transpiler.grad(f, wrt=1)(A, s) @ direction), f.__name__


def test_float32_and_a_loop_keep_the_rule_right():
    s = RNG.uniform(1, 2, 4).astype(np.float32)
    g = transpiler.grad(by_column_scale, wrt=1)(A.astype(np.float32), s)
    assert g.dtype == np.float32
    assert np.allclose(g, transpiler.grad(by_column_scale, wrt=1)(A, s.astype(float)), atol=1e-4)

    def looped(a, s):
        total = 0.0
        for k in range(3):
            total = total + np.sum(a / (s[None, :] + k))
        return total
    assert check_grad(looped, A, RNG.uniform(1, 2, 4), wrt=1)
