"""Predicates, dtype and shape queries, index producers, np.around and the window functions
(primitives/predicates.py): accepted on differentiated values, their results carry no
derivative, and the functions using them get finite differences' gradient in reverse and
forward mode."""
import numpy as np
import pytest
from array_check import check_gradient, numeric_gradient, rng

import transpiler

X = rng(11).normal(size=(3, 3))


def isclose_keyword_masks(x):
    return np.sum(np.where(np.isclose(x, X[0, 0], rtol=1e-3), 0.0, x ** 2))


def allclose_in_a_branch(x):
    return np.sum(x) if np.allclose(x, 0.0, atol=1e-8) else np.sum(x ** 2)


def array_equal_and_equiv(x):
    same = np.array_equal(x, x.T) or np.array_equiv(x[0], x[1])
    return 0.0 if same else np.sum(np.sin(x))


def dtype_queries(x):
    floating = np.issubdtype(x.dtype, np.floating) and np.isdtype(x.dtype, "real floating")
    real = np.isrealobj(x) and not np.iscomplexobj(x) and np.can_cast(x.dtype, np.float64)
    shape = np.broadcast_shapes((3, 1), (1, 3))
    return np.sum(np.broadcast_to(x, shape) ** 2) if floating and real and np.iterable(x) and not np.isscalar(x) else 0.0


def signs_and_infinities(x):
    y = np.where(np.signbit(x), -x, 2.0 * x)
    return np.sum(np.where(np.isneginf(y) | np.isposinf(y) | ~np.isreal(y) | np.iscomplex(y), 0.0, y ** 2))


def around_and_its_method(x):
    return np.sum(np.around(x, 1) * x) + np.sum(x.round(decimals=2) * x ** 2)


def lower_triangle_from(x):
    i, j = np.tril_indices_from(x)
    return np.sum(x[i, j] ** 2)


def upper_triangle_keyword(x):
    rows, cols = np.triu_indices(3, k=1)
    return np.sum(np.cos(x[rows, cols]))


def diagonal_indices(x):
    return np.sum(x[np.diag_indices_from(x)] ** 3) + np.sum(x[np.diag_indices(3)])


def counts_and_positions(x):
    positive = np.argwhere(x > 0)
    return np.sum(x) * np.count_nonzero(x) + np.sum(x[positive[:, 0], positive[:, 1]] ** 2)


def count_nonzero_along_an_axis(x):
    return np.sum(x * np.count_nonzero(x > 0, axis=0))


def digitize_weights(x):
    return np.sum(x * np.digitize(x, [-1.0, 0.0, 1.0]))


def argpartition_smallest_two(x):
    return np.sum(x[0, np.argpartition(x[0], 1)[:2]] ** 2)


def lexsort_order(x):
    return np.sum(x[0][np.lexsort((x[1], x[0]))] * np.arange(3.0))


def unravel_the_largest(x):
    return x[np.unravel_index(np.argmax(x), x.shape)] * np.sum(x)


def ravel_multi_index_picks(x):
    return np.sum(np.ravel(x)[np.ravel_multi_index(([0, 2], [1, 2]), (3, 3))] ** 2)


def ix_block(x):
    return np.sum(x[np.ix_([0, 2], [1, 2])] ** 2)


def isin_mask(x):
    return np.sum(x * np.isin(np.arange(9).reshape(3, 3), [1, 4, 8]))


def indices_grid(x):
    rows, cols = np.indices((3, 3))
    return np.sum(x * rows - x ** 2 * cols)


def windows_in_a_loop(x):
    total = 0.0
    for w in (np.bartlett(3), np.blackman(3), np.hamming(3), np.hanning(3), np.kaiser(3, 5.0)):
        total = total + np.sum(x[0] * w) ** 2
    return total


CASES = [isclose_keyword_masks, allclose_in_a_branch, array_equal_and_equiv, dtype_queries,
         signs_and_infinities, around_and_its_method, lower_triangle_from, upper_triangle_keyword,
         diagonal_indices, counts_and_positions, count_nonzero_along_an_axis, digitize_weights,
         argpartition_smallest_two, lexsort_order, unravel_the_largest, ravel_multi_index_picks,
         ix_block, isin_mask, indices_grid, windows_in_a_loop]


@pytest.mark.parametrize("fn", CASES, ids=lambda f: f.__name__)
def test_gradient_matches_finite_differences(fn):
    check_gradient(fn, (X,), rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("fn", CASES, ids=lambda f: f.__name__)
def test_jvp_matches_finite_differences(fn):
    direction = rng(12).normal(size=X.shape)
    value, tangent = transpiler.jvp(fn, (X,), (direction,))
    np.testing.assert_allclose(value, fn(X), rtol=1e-12)
    np.testing.assert_allclose(tangent, np.sum(numeric_gradient(fn, [X], 0) * direction), rtol=1e-5, atol=1e-7)


def test_their_results_are_never_active():
    """d/dx of a predicate's or index producer's numbers is zero, not an error."""
    def only_queries(x):
        return np.count_nonzero(x > 0.1) + np.sum(np.digitize(x, [0.0])) + np.sum(np.around(x))
    np.testing.assert_array_equal(transpiler.grad(only_queries)(X), np.zeros_like(X))


def unique_of_constants(x):
    return np.sum(x) * len(np.unique(np.array([1, 1, 2])))


def unique_of_x(x):
    return np.sum(np.unique(x))


def test_unique_runs_on_constants_and_is_refused_with_its_reason_on_differentiated_values():
    np.testing.assert_array_equal(transpiler.grad(unique_of_constants)(X), np.full(X.shape, 2.0))
    with pytest.raises(transpiler.UnknownFunctionError, match="np.unique") as refused:
        transpiler.grad(unique_of_x)(X)
    assert "at a tie" in str(refused.value) and "np.sort(x)" in str(refused.value)
    assert refused.value.location.line > 0


def union_of_x(x):
    return np.sum(np.union1d(x, np.array([0.5, 2.0])))


def intersection_with_x(x):
    return np.sum(np.intersect1d(np.array([0.5, 2.0]), x) ** 2)


@pytest.mark.parametrize("f, name, says", [(union_of_x, "np.union1d", "at a tie"),
                                           (intersection_with_x, "np.intersect1d", "leaves the result")])
def test_set_operations_of_differentiated_values_are_refused_with_their_reason(f, name, says):
    with pytest.raises(transpiler.UnknownFunctionError, match=name) as refused:
        transpiler.grad(f)(X)
    assert says in str(refused.value) and "np.isin" in str(refused.value)
    assert refused.value.location.line == f.__code__.co_firstlineno + 1


def portfolio_variance_with_a_matrix(w, V=np.diag([1.0, 2.0, 3.0])):
    w = np.matrix(w)
    return (w * V * w.T)[0, 0]


def test_np_matrix_of_differentiated_values_is_refused_at_its_line_saying_to_write_at():
    """(risk-parity scripts' ``np.matrix(w)``, tests/realworld/risk_parity_portfolio.py: the generic
    hint offered to register a rule for it, under which `w * V * w.T` would be differentiated as an
    elementwise product: a wrong gradient.)"""
    with pytest.raises(transpiler.UnknownFunctionError, match="np.matrix") as refused:
        transpiler.grad(portfolio_variance_with_a_matrix)(np.array([0.2, 0.3, 0.5]))
    assert "matrix products" in str(refused.value) and "(w @ V @ w.T)[0, 0]" in str(refused.value)
    assert "register_rule" not in str(refused.value)
    assert refused.value.location.line == portfolio_variance_with_a_matrix.__code__.co_firstlineno + 1
