"""Index assignment ``y[index] = v`` (and ``+=``, ``-=``, ``*=``) follows NumPy exactly when an
integer-array index repeats a position: the last write stays (``+=`` with fancy indices is
buffered, ``y[idx] = y[idx] + v``), so only the last occurrence of a position passes the adjoint
on to ``v``; ``np.add.at`` is the unbuffered accumulate."""
import numpy as np
import pytest

from transpiler import check_grad, grad, jvp

WEIGHTS = np.array([1., 2., 3., 4.])


def assign(x, idx):
    y = np.zeros(4)
    y[idx] = x
    return np.sum(y * WEIGHTS)


def add_assign(x, idx):
    y = np.zeros(4)
    y[idx] += x
    return np.sum(y * WEIGHTS)


def sub_assign(x, idx):
    y = np.ones(4)
    y[idx] -= x
    return np.sum(y * WEIGHTS)


def mul_assign(x, idx):
    y = np.arange(1.0, 5.0)
    y[idx] *= x
    return np.sum(y * WEIGHTS)


def add_assign_to_active(x, idx):
    y = x[:4] * 1.0
    y[idx] += x[1:]
    return np.sum(y * WEIGHTS)


def assign_scalar(s, idx):
    y = np.zeros(4)
    y[idx] = s * 2.0            # one value broadcast to repeated positions
    return np.sum(y * WEIGHTS)


def assign_rows_cols(x, rows, cols):
    y = np.zeros((3, 3))
    y[rows, cols] = x
    return np.sum(y * np.arange(9.0).reshape(3, 3))


def assign_rows(x, rows):
    y = np.zeros((3, 2))
    y[rows, :] = x
    return np.sum(y * np.arange(6.0).reshape(3, 2))


def assign_in_loop(x, idx):
    y = np.zeros(4)
    for k in range(2):
        y[idx] = x * (k + 1)
    return np.sum(y * WEIGHTS)


def assign_list_index(x):
    y = np.zeros(4)
    y[[0, 2, 0]] = x
    return np.sum(y * WEIGHTS)


def accumulate_with_add_at(x, idx):
    y = np.zeros(4)
    np.add.at(y, idx, x)
    return np.sum(y * WEIGHTS)


REPEATS = np.array([0, 2, 0])


def test_assignment_with_repeated_indices_passes_only_the_last_write():
    assert np.array_equal(grad(assign)(np.array([1., 2., 3.]), REPEATS), [0., 3., 1.])


def test_augmented_assignment_with_repeated_indices_is_buffered_like_numpy():
    assert np.array_equal(grad(add_assign)(np.array([1., 2., 3.]), REPEATS), [0., 3., 1.])
    assert np.array_equal(grad(sub_assign)(np.array([1., 2., 3.]), REPEATS), [0., -3., -1.])


@pytest.mark.parametrize("f, args", [
    (assign, (np.array([1., 2., 3.]), REPEATS)),
    (add_assign, (np.array([1., 2., 3.]), REPEATS)),
    (sub_assign, (np.array([1., 2., 3.]), REPEATS)),
    (mul_assign, (np.array([1.5, 2., 3.]), REPEATS)),
    (add_assign_to_active, (np.array([1., 2., 3., 4., 5.]), np.array([3, 1, 3, 3]))),
    (assign_scalar, (1.5, REPEATS)),
    (assign_rows_cols, (np.array([1., 2., 3., 4.]), np.array([0, 1, 0, 2]), np.array([1, 1, 1, 0]))),
    (assign_rows, (np.arange(8.0).reshape(4, 2), np.array([2, 0, 2, 1]))),
    (assign_in_loop, (np.array([1., 2., 3.]), REPEATS)),
    (assign_list_index, (np.array([1., 2., 3.]),)),
    (assign, (np.array([1., 2., 3.]), np.array([3, 1, 0]))),      # distinct positions
    (assign, (np.array([1., 2., 3.]), np.array([True, False, True, True]))),
])
def test_repeated_index_updates_agree_with_finite_differences(f, args):
    assert check_grad(f, *args), check_grad(f, *args)


def test_float32_updates_keep_float32_and_last_write():
    x = np.array([1., 2., 3.], dtype=np.float32)
    g = grad(assign)(x, REPEATS)
    assert np.array_equal(g, [0., 3., 1.])


def test_forward_mode_of_repeated_index_assignment_keeps_the_last_write():
    x, t = np.array([1., 2., 3.]), np.array([1., 10., 100.])
    for f in (assign_fixed, add_assign_fixed):
        _, tangent = jvp(f, (x,), (t,))
        assert np.isclose(tangent, 3. * 10. + 1. * 100.)      # x[0]'s write is overwritten


def assign_fixed(x):
    return assign(x, REPEATS)


def add_assign_fixed(x):
    return add_assign(x, REPEATS)


def test_add_at_statement_accumulates_each_repeated_index():
    # np.add.at (the unbuffered accumulate) adds x[k] at idx[k] for every k, repeats included
    # (primitives/writes.py added_at); `y[idx] += x` would keep one of the repeats
    x = np.array([1., 2., 3.])
    np.testing.assert_allclose(grad(accumulate_with_add_at)(x, REPEATS), WEIGHTS[REPEATS])
    _, tangent = jvp(accumulate_with_add_at, (x, REPEATS), (np.ones(3), None))
    assert np.isclose(tangent, np.sum(WEIGHTS[REPEATS]))


def by_slice(x):
    y = np.zeros(4)
    y[1:] = x
    return np.sum(y * WEIGHTS)


def test_generated_code_checks_repeats_only_where_an_index_may_be_an_integer_array():
    assert "written_adjoint" in grad(assign).source(((3,), (3,)))
    assert "written_adjoint" not in grad(by_slice).source(((3,),))
    assert "written_adjoint" not in grad(assign).source(((3,), ()))   # one position


def rows_under_a_mask(S):
    """``y[mask] = T[i]``: the row broadcast onto every row the mask selects, where ``T``'s shape
    is not known while compiling (``np.diag`` of a list; found by the fuzzer through
    ``np.piecewise`` given values, seed 300013 of the library class)."""
    T = S + np.diag([1.0, 2.0, 3.0])
    y = np.zeros((3, 3))
    for i in range(len(T)):
        y[S[i] > -1.5] = T[i]
    return np.sum(y * np.arange(9.0).reshape(3, 3))


def test_a_value_of_unknown_shape_broadcast_by_the_write_gets_its_own_shape_back():
    S = np.array([[-1.37, 0.16, 1.01], [1.62, 1.3, -1.66], [1.27, -0.67, -1.21]])
    assert check_grad(rows_under_a_mask, S).ok
    assert check_grad(lambda S: np.sum(np.piecewise(S, S, np.diag([1.0, 2.0, 3.0]) + S) ** 2), S).ok


def diagonal_scaled_in_place(x):
    A = np.outer(x, x)
    A += np.eye(4)
    A[np.diag_indices(4)] *= 2          # an index the code computes by a NumPy call, kept in the pattern
    return np.sum(np.linalg.inv(A))


def test_an_index_made_by_a_numpy_call_in_the_subscript_has_a_shape_rule_and_a_derivative():
    x = np.array([0.3, -0.7, 1.1, 0.5])
    assert check_grad(diagonal_scaled_in_place, x).ok          # (a NameError in the index's shape rule)
    _, tangent = jvp(diagonal_scaled_in_place, (x,), (np.ones(4),))
    assert tangent == pytest.approx(np.sum(grad(diagonal_scaled_in_place)(x)), rel=1e-10)
