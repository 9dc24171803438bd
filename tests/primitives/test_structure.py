"""Functions that move or copy elements, written as gathers (primitives/structure.py), and
np.block, np.vander, np.matvec, np.vecmat: reverse mode, forward mode and Hessians against
finite differences, in the spellings users write (positional, keywords, methods, helpers,
loops)."""
import numpy as np
import pytest
from array_check import rng
from one_argument_checks import (gradient_matches_finite_differences, hessian_matches_differences_of_the_gradient,
                              jvp_matches_finite_differences)

import transpiler

X = rng(21).normal(size=(3, 4))
V = rng(22).normal(size=5)
LABELS = np.array([[0], [2], [1]])
NEGATIVE_LABELS = np.array([[-1], [0], [-3]])


def take_flat_with_repeats(x):
    return np.sum(np.take(x, [0, 5, 5, -1]) ** 2)


def take_axis_keyword_and_wrap(x):
    return np.sum(np.sin(np.take(x, [[0, 7]], axis=1, mode="wrap"))) + np.sum(np.take(x, [2, 9], 0, mode="clip") ** 3)


def take_method(x):
    return np.sum(x.take([1, 1], axis=0) ** 2) + np.sum(x.take(indices=[3], axis=1, mode="clip") ** 3)


def take_along_axis_log_likelihood(x):
    logp = x - np.log(np.sum(np.exp(x), axis=1, keepdims=True))
    return -np.sum(np.take_along_axis(logp, LABELS, axis=1))


def take_along_axis_mean_of_labels(x):
    logp = x - np.log(np.sum(np.exp(x), axis=1, keepdims=True))
    return -np.mean(np.take_along_axis(logp, LABELS, axis=-1))


def take_along_axis_negative_labels(x):
    # one label per row, negative ones counted from the end: written in place, not np.add.at
    return np.sum(np.tanh(np.take_along_axis(x, NEGATIVE_LABELS, axis=1)) ** 2)


def take_along_axis_repeated_rows(x):
    # indices (3, 1) against a row (1, 4): all three read row 0, two of them the same element
    return np.sum(np.sin(np.take_along_axis(x[:1], np.array([[1], [3], [1]]), axis=1)))


def take_along_axis_sorted_keyword(x):
    return np.sum(np.take_along_axis(x, np.argsort(x, axis=0), axis=0)[0] ** 3)


def take_along_axis_in_a_helper_loop(x):
    def pick(row, k):
        return np.take_along_axis(row, np.array([k, 0]), axis=-1)
    total = 0.0
    for k in range(3):
        total = total + np.sum(pick(x[k], k) ** 2)
    return total


def delete_columns_and_flat(x):
    return np.sum(np.delete(x, [0, 2], axis=1) ** 2) + np.sum(np.delete(x, 3) ** 3)


def insert_column_of_values(x):
    return np.sum(np.insert(x, 1, x[:, 0] * 2, axis=1) ** 2) + np.sum(np.insert(x, [1, 3], 5.0) ** 2)


def insert_keyword_values(x):
    return np.sum(np.sin(np.insert(x[0], obj=[0, 2], values=x[1, 1:3] ** 2)))


def resize_cycles(x):
    return np.sum(np.resize(x, (5, 3)) ** 2 * np.arange(3.0))


def compress_and_extract(x):
    return (np.sum(np.compress([True, False, True], x, axis=0) ** 2) + np.sum(np.compress(np.ravel(X) > 0, x) ** 3)
            + np.sum(np.extract(X > 0, x) ** 2))


def choose_broadcasts_choices(x):
    which = np.array([[0, 1, 2, 0], [1, 1, 0, 2], [2, 0, 0, 1]])
    return np.sum(np.choose(which, [x, x ** 2, 1.0]) ** 2) + np.sum(np.choose([[0, 4, 2, 1]], [x[0], x[1], x[2]], mode="wrap"))


def choose_method(x):
    return np.sum(np.array([[0, 1, 0, 1]]).choose([x, np.cos(x)]))


def trim_zeros_front(v):
    return np.sum(np.trim_zeros(v * np.array([0.0, 0.0, 1.0, 1.0, 0.0]), "f") ** 2) + np.sum(np.trim_zeros(v) ** 3)


def broadcast_arrays_unpacked(x):
    a, b, c = np.broadcast_arrays(x[:, :1], x[0], 2.0)
    return np.sum(a * b * c)


def broadcast_arrays_iterated(x):
    return sum(np.sum(b ** 2) for b in np.broadcast_arrays(x, x[:1], 2.0))


def unstack_columns_in_a_loop(x):
    total = 0.0
    for column in np.unstack(x, axis=1):
        total = total + np.prod(column)
    return total


def unstack_rows_and_axis(x):
    a, b, c = np.unstack(x)
    return np.sum(a * b * c) + np.sum(np.unstack(x, axis=1)[2] ** 2)


def ediff1d_with_ends(x):
    return np.sum(np.ediff1d(x, to_end=[1.0, x[0, 0]], to_begin=x[1, 1]) ** 2) + np.sum(np.ediff1d(x[0]) ** 3)


def matvec_and_vecmat(x):
    g = x.T @ x
    return np.sum(np.matvec(g, x[0]) ** 2) + np.sum(np.vecmat(x[1], g) ** 2)


def vander_default_and_increasing(v):
    return np.sum(np.vander(v) ** 2) + np.sum(np.vander(v, 3, increasing=True) ** 2)


def vander_through_zero(v):
    return np.sum(np.vander(v * np.array([0.0, 1.0, 1.0, 1.0, 1.0]), N=4) * np.arange(4.0))


def block_of_vectors(v):
    return np.sum(np.block([v, 2.0 * v, 1.0]) ** 2)


def block_of_rows(x):
    return np.sum(np.block([[x, x[:, :1]], [x[:1], 3.0]]) ** 2)


ALL = [(take_flat_with_repeats, X), (take_axis_keyword_and_wrap, X), (take_method, X),
         (take_along_axis_log_likelihood, X), (take_along_axis_sorted_keyword, X),
         (take_along_axis_in_a_helper_loop, X),
         (take_along_axis_mean_of_labels, X), (take_along_axis_repeated_rows, X),
         (take_along_axis_negative_labels, X), (delete_columns_and_flat, X), (insert_column_of_values, X),
         (insert_keyword_values, X), (resize_cycles, X), (compress_and_extract, X), (choose_broadcasts_choices, X),
         (choose_method, X), (trim_zeros_front, V), (broadcast_arrays_unpacked, X), (broadcast_arrays_iterated, X),
         (unstack_columns_in_a_loop, X), (unstack_rows_and_axis, X),
         (ediff1d_with_ends, X), (matvec_and_vecmat, X), (vander_default_and_increasing, V),
         (vander_through_zero, V), (block_of_vectors, V), (block_of_rows, X)]

# The rules declared by a VJP here, for tests/primitives/test_array_rules.py (the others are compositions).
CASES = {np.block: [(block_of_rows, (X,), (0,))]}


def _id(case):
    return case[0].__name__


@pytest.mark.parametrize("case", ALL, ids=_id)
def test_gradient_matches_finite_differences(case):
    gradient_matches_finite_differences(*case)


@pytest.mark.parametrize("case", ALL, ids=_id)
def test_jvp_matches_finite_differences(case):
    jvp_matches_finite_differences(*case)


@pytest.mark.parametrize("case", ALL, ids=_id)
def test_hessian_matches_differences_of_the_gradient(case):
    hessian_matches_differences_of_the_gradient(*case)


def test_gathers_keep_float32():
    x = X.astype(np.float32)
    gradient = transpiler.grad(take_along_axis_log_likelihood)(x)
    assert gradient.dtype == np.float32


def test_take_out_of_bounds_raises_as_numpy_does():
    def beyond(x):
        return np.sum(np.take(x, [12]))
    with pytest.raises(IndexError):
        transpiler.grad(beyond)(X)


def test_insert_and_delete_values_match_numpy():
    value, _ = transpiler.value_and_grad(lambda x: np.sum(np.insert(np.delete(x, 1, 0), 2, -1.0, axis=1) * np.arange(5.0)))(X)
    assert value == pytest.approx(np.sum(np.insert(np.delete(X, 1, 0), 2, -1.0, axis=1) * np.arange(5.0)))


def _compiled_source(f, x):
    gradient = transpiler.grad(f)
    gradient(x)
    return gradient.compiled((x,)).source


def test_a_mean_of_labels_taken_along_an_axis_keeps_no_gathered_value():
    # the positions' shape is known once np.shape(logp) folds, so the mean's size folds and the
    # gathered values, logp and its log are dead; one label per row: a direct write, not np.add.at
    source = _compiled_source(take_along_axis_mean_of_labels, X)
    assert "np.log" not in source and "np.ravel" not in source and "np.size" not in source
    assert "np.add.at" not in source and "] -= " in source


def test_negative_labels_one_per_row_are_written_in_place():
    assert "np.add.at" not in _compiled_source(take_along_axis_negative_labels, X)


def test_labels_reading_one_row_repeatedly_accumulate_with_add_at():
    source = _compiled_source(take_along_axis_repeated_rows, X)
    assert "np.add.at" in source
    gradient = transpiler.grad(take_along_axis_repeated_rows)(X)
    expected = np.zeros_like(X)
    expected[0, 1], expected[0, 3] = 2 * np.cos(X[0, 1]), np.cos(X[0, 3])
    np.testing.assert_allclose(gradient, expected, rtol=1e-12)


def test_a_mean_of_labels_keeps_float32():
    gradient = transpiler.grad(take_along_axis_mean_of_labels)(X.astype(np.float32))
    assert gradient.dtype == np.float32
    np.testing.assert_allclose(gradient, transpiler.grad(take_along_axis_mean_of_labels)(X), rtol=1e-5, atol=1e-6)


def _positions_by_numpy(shape, indices, axis):
    from transpiler.primitives.structure import element_positions
    return np.take_along_axis(element_positions(shape), indices, axis)


def test_positions_along_an_axis_are_numpys_gather_without_the_whole_arange():
    # (sp4) computed from the indices and the strides: the same positions, dtypes and errors
    from transpiler.primitives.structure import taken_along_positions
    gen = np.random.default_rng(11)
    checked = 0
    for shape in [(5,), (4, 3), (1, 3), (4, 1), (2, 3, 4), (3, 1, 2), (0, 3), (2, 0)]:
        n = len(shape)
        for axis in [*range(-n, n), None]:
            for trial in range(6):
                extent = shape[axis % n] if axis is not None else int(np.prod(shape))
                index_shape = [int(gen.integers(0, 4)) if axis is not None and j == axis % n else int(gen.choice([1, shape[j]]))
                               for j in range(n)] if axis is not None else [int(gen.integers(0, 5))]
                for dtype in (np.int64, np.int32, np.uint8):
                    low = -extent - (trial == 5) if np.dtype(dtype).kind == "i" else 0
                    high = extent + (trial == 4)
                    if high <= low:
                        continue
                    indices = gen.integers(low, high, size=index_shape).astype(dtype)
                    try:
                        expected = _positions_by_numpy(shape, indices, axis)
                    except IndexError:
                        with pytest.raises(IndexError):
                            taken_along_positions(shape, indices, axis)
                        continue
                    got = taken_along_positions(shape, indices, axis)
                    assert got.shape == expected.shape and got.dtype.kind == "i"
                    np.testing.assert_array_equal(got, expected)
                    assert not np.shares_memory(got, indices)
                    checked += 1
    assert checked > 300
