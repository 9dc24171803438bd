"""Reductions: gradients against finite differences on several shapes, axes and keepdims.

Also ``np.where`` and ``np.clip`` on arrays (elementwise rules, listed in test_rules.py's tables;
here: their broadcasting, ties and ``None`` bounds), the conventions at non-differentiable points
(ties of max/min, zeros of prod, zero spread of std, zero norms), and two compositions written the
usual NumPy way: a stable logsumexp and softmax cross-entropy with integer labels.
"""
import warnings

import numpy as np
import pytest
from array_check import check_gradient, numeric_gradient, rng

import transpiler

X = rng(1).normal(size=(3, 4))
W_ROWS = rng(2).normal(size=(3,))
W_COLS = rng(3).normal(size=(4,))
W34 = rng(4).normal(size=(3, 4))
W12 = rng(5).normal(size=(12,))
X3 = rng(6).normal(size=(2, 3, 4))           # a stack: reduce tuples of axes
W3 = rng(7).normal(size=(3,))
W24 = rng(8).normal(size=(2, 4))
W234 = rng(9).normal(size=(2, 3, 4))
V = rng(10).normal(size=(5,))
W5 = rng(11).normal(size=(5,))
W2 = rng(12).normal(size=(2,))
X0 = np.array(1.7)                            # 0-d
STRIDED = rng(13).normal(size=(6, 8))[::2, ::2]   # (3, 4), non-contiguous
# Exact zeros for np.prod: row 0 has exactly one, row 1 none, row 2 two.
X_ZEROS = X.copy()
X_ZEROS[0, 1] = 0.0
X_ZEROS[2, 0] = X_ZEROS[2, 3] = 0.0
X_ONE_ZERO = X.copy()
X_ONE_ZERO[1, 2] = 0.0
MASK = X > 0


# --------------------------------------------------------------------------- sum, mean
def sum_all(x):
    return np.sum(x)


def sum_axis0_weighted(x):
    return np.sum(np.sum(x, axis=0) * W_COLS)


def sum_method_axis1_keepdims(x):
    return np.sum(x.sum(axis=1, keepdims=True) * W_ROWS[:, None])


def mean_all(x):
    return np.mean(x * x)


def mean_axis_negative(x):
    return np.sum(np.mean(x, axis=-1) * W_ROWS)


# --------------------------------------------------------------------------- prod
def prod_all(x):
    return np.prod(x)


def prod_axis1_weighted(x):
    return np.sum(np.prod(x, axis=1) * W_ROWS)


def prod_axis0_keepdims(x):
    return np.sum(np.prod(x, axis=0, keepdims=True) * W_COLS)


def prod_positional_negative_axis(x):
    return np.sum(np.prod(x, -1) * W_ROWS)


def prod_tuple_axes(x):
    return np.sum(np.prod(x, axis=(0, -1)) * W3)


def prod_method(x):
    return np.sum(x.prod(axis=1) * W_ROWS)


def prod_all_keepdims(x):
    return np.sum(np.prod(x, keepdims=True) * 2.5)


# --------------------------------------------------------------------------- max, min
def max_all(x):
    return np.max(x)


def max_axis0_weighted(x):
    return np.sum(np.max(x, axis=0) * W_COLS)


def max_method_axis1_keepdims(x):
    return np.sum(x.max(axis=1, keepdims=True) * W_ROWS[:, None])


def max_positional_axis(x):
    return np.sum(np.max(x, 1) * W_ROWS)


def amax_negative_axis(x):
    return np.sum(np.amax(x, axis=-1) * W_ROWS)


def amax_tuple_axes(x):
    return np.sum(np.amax(x, axis=(0, 2)) * W3)


def min_all(x):
    return np.min(x * x)


def min_axis1_weighted(x):
    return np.sum(np.min(x, axis=1) * W_ROWS)


def min_method(x):
    return np.sum(x.min(axis=0) * W_COLS)


def amin_keepdims_tuple_axes(x):
    return np.sum(np.amin(x, axis=(1, 2), keepdims=True) * W2[:, None, None])


def amin_all(x):
    return np.amin(x)


# --------------------------------------------------------------------------- var, std
def var_all(x):
    return np.var(x)


def var_axis0_weighted(x):
    return np.sum(np.var(x, axis=0) * W_COLS)


def var_axis_negative_keepdims_ddof(x):
    return np.sum(np.var(x, axis=-1, keepdims=True, ddof=1) * W_ROWS[:, None])


def var_tuple_axes(x):
    return np.sum(np.var(x, axis=(0, 2)) * W3)


def var_method_ddof(x):
    return x.var(ddof=1)


def std_all(x):
    return np.std(x)


def std_axis1_ddof_weighted(x):
    return np.sum(np.std(x, axis=1, ddof=1) * W_ROWS)


def std_keepdims(x):
    return np.sum(np.std(x, axis=0, keepdims=True) * W_COLS)


def std_tuple_axes(x):
    return np.sum(np.std(x, axis=(-1, 0)) * W3)


def std_method_axis0(x):
    return np.sum(x.std(axis=0) * W_COLS)


# --------------------------------------------------------------------------- linalg.norm
def norm_default(x):
    return np.linalg.norm(x)


def norm_fro(x):
    return np.linalg.norm(x, "fro")


def norm_axis1_weighted(x):
    return np.sum(np.linalg.norm(x, axis=1) * W_ROWS)


def norm_axis_negative_keepdims(x):
    return np.sum(np.linalg.norm(x, axis=-2, keepdims=True) * W_COLS)


def norm_matrix_axes_of_stack(x):
    return np.sum(np.linalg.norm(x, axis=(0, 2)) * W3)


def norm_ord1(x):
    return np.linalg.norm(x, 1)


def norm_ord1_axis0(x):
    return np.sum(np.linalg.norm(x, ord=1, axis=0) * W_COLS)


def norm_ord_inf(x):
    return np.linalg.norm(x, np.inf)


def norm_ord_minus_inf(x):
    return np.linalg.norm(x, ord=-np.inf)


def norm_ord3_axis1(x):
    return np.sum(np.linalg.norm(x, ord=3, axis=1) * W_ROWS)


def norm_ord0(x):
    return np.linalg.norm(x, 0) * np.sum(x)   # counts the non-zeros: a constant factor


def norm_matrix_ord1(x):
    return np.linalg.norm(x, 1)


def norm_matrix_ord_minus1(x):
    return np.linalg.norm(x, -1)


def norm_matrix_ord_inf(x):
    return np.linalg.norm(x, np.inf)


def norm_matrix_ord_minus_inf(x):
    return np.linalg.norm(x, -np.inf)


def norm_matrix_ord2(x):
    return np.linalg.norm(x, 2)


def norm_matrix_ord_minus2(x):
    return np.linalg.norm(x, -2)


def norm_nuclear(x):
    return np.linalg.norm(x, "nuc")


def norm_nuclear_stack_axes(x):
    return np.sum(np.linalg.norm(x, "nuc", axis=(2, 0)) * W3)


def norm_spectral_stack_keepdims(x):
    return np.sum(np.linalg.norm(x, ord=2, axis=(1, 2), keepdims=True) * W2[:, None, None])


def norm_matrix_ord1_stack(x):
    return np.sum(np.linalg.norm(x, ord=1, axis=(-1, 1)) * W2)


# --------------------------------------------------------------------------- cumsum
def cumsum_flat(x):
    return np.sum(np.cumsum(x) * W12)


def cumsum_axis0(x):
    return np.sum(np.cumsum(x, axis=0) * W34)


def cumsum_axis_negative(x):
    return np.sum(np.cumsum(x, axis=-1) * W34)


def cumsum_method_axis1(x):
    return np.sum(x.cumsum(axis=1) * W34)


def cumsum_vector(x):
    return np.sum(np.cumsum(x) * W5)


def cumsum_stack_axis1(x):
    return np.sum(np.cumsum(x, axis=1) * W234)


def cumsum_squared(x):
    return np.sum(np.cumsum(x * x, axis=0) * W34)


CASES = {
    np.sum: [(sum_all, (X,), (0,)), (sum_all, (X.T,), (0,)), (sum_axis0_weighted, (X,), (0,)),
             (sum_method_axis1_keepdims, (X,), (0,))],
    np.mean: [(mean_all, (X,), (0,)), (mean_axis_negative, (X,), (0,))],
    np.prod: [(prod_all, (X,), (0,)), (prod_all, (X.T,), (0,)), (prod_all, (X0,), (0,)),
              (prod_all, (X_ONE_ZERO,), (0,)), (prod_all, (X_ZEROS,), (0,)),
              (prod_axis1_weighted, (X,), (0,)), (prod_axis1_weighted, (X_ZEROS,), (0,)),
              (prod_axis0_keepdims, (X_ZEROS,), (0,)), (prod_positional_negative_axis, (X_ZEROS,), (0,)),
              (prod_tuple_axes, (X3,), (0,)), (prod_method, (STRIDED,), (0,)),
              (prod_all_keepdims, (X_ONE_ZERO,), (0,))],
    np.max: [(max_all, (X,), (0,)), (max_all, (X.T,), (0,)), (max_all, (X0,), (0,)),
             (max_axis0_weighted, (X,), (0,)), (max_method_axis1_keepdims, (X,), (0,)),
             (max_positional_axis, (STRIDED,), (0,))],
    np.amax: [(amax_negative_axis, (X,), (0,)), (amax_tuple_axes, (X3,), (0,))],
    np.min: [(min_all, (X,), (0,)), (min_axis1_weighted, (X.T.copy().T,), (0,)),
             (min_method, (X,), (0,))],
    np.amin: [(amin_keepdims_tuple_axes, (X3,), (0,)), (amin_all, (V,), (0,))],
    np.var: [(var_all, (X,), (0,)), (var_all, (X0,), (0,)), (var_all, (X.T,), (0,)), (var_axis0_weighted, (X,), (0,)),
             (var_axis_negative_keepdims_ddof, (X,), (0,)), (var_tuple_axes, (X3,), (0,)),
             (var_method_ddof, (STRIDED,), (0,))],
    np.std: [(std_all, (X,), (0,)), (std_axis1_ddof_weighted, (X,), (0,)), (std_keepdims, (X,), (0,)),
             (std_tuple_axes, (X3,), (0,)), (std_method_axis0, (np.asfortranarray(X),), (0,)),
             (std_all, (STRIDED,), (0,))],
    np.linalg.norm: [
        (norm_default, (V,), (0,)), (norm_default, (X,), (0,)), (norm_default, (X3,), (0,)),
        (norm_default, (X0,), (0,)), (norm_default, (X.T,), (0,)), (norm_fro, (X,), (0,)),
        (norm_axis1_weighted, (X,), (0,)), (norm_axis_negative_keepdims, (STRIDED,), (0,)),
        (norm_matrix_axes_of_stack, (X3,), (0,)),
        (norm_ord1, (V,), (0,)), (norm_ord1_axis0, (X,), (0,)), (norm_ord_inf, (V,), (0,)),
        (norm_ord_minus_inf, (V,), (0,)), (norm_ord3_axis1, (X,), (0,)), (norm_ord0, (V,), (0,)),
        (norm_matrix_ord1, (X,), (0,)), (norm_matrix_ord_minus1, (X,), (0,)),
        (norm_matrix_ord_inf, (X,), (0,)), (norm_matrix_ord_minus_inf, (X.T,), (0,)),
        (norm_matrix_ord2, (X,), (0,)), (norm_matrix_ord_minus2, (X.T,), (0,)),
        (norm_nuclear, (X,), (0,)), (norm_nuclear_stack_axes, (X3,), (0,)),
        (norm_spectral_stack_keepdims, (X3,), (0,)), (norm_matrix_ord1_stack, (X3,), (0,)),
    ],
    np.cumsum: [(cumsum_flat, (X,), (0,)), (cumsum_flat, (X.T,), (0,)), (cumsum_axis0, (X,), (0,)),
                (cumsum_axis_negative, (STRIDED,), (0,)), (cumsum_method_axis1, (X,), (0,)),
                (cumsum_vector, (V,), (0,)), (cumsum_stack_axis1, (X3,), (0,)),
                (cumsum_squared, (X,), (0,))],
}


def _case_id(value):
    if callable(value):
        return value.__name__
    if isinstance(value, tuple) and value and callable(value[0]):
        return value[0].__name__
    return None


@pytest.mark.parametrize("key, case", [(k, c) for k, cs in CASES.items() for c in cs], ids=_case_id)
def test_reduction_gradient_matches_finite_differences(key, case):
    fn, args, wrt = case
    before = [np.copy(a) for a in args]
    check_gradient(fn, args, wrt)
    for old, new in zip(before, args):
        np.testing.assert_array_equal(old, new)      # the caller's arrays are not mutated


# --------------------------------------------------------------------------- np.where, np.clip on arrays
def where_leaky(x):
    return np.sum(np.where(x > 0, x, 0.1 * x) * W34)


def where_scalar_branch(x):
    return np.sum(np.where(x > 0, x * x, 0.0) * W34)


def where_broadcast_branches(a, b):
    return np.sum(np.where(MASK, a, b) * W34)


def where_condition_from_arguments(a, b):
    return np.sum(np.where(a > b, a, b) * W34)


def where_row_condition(a, b):
    return np.sum(np.where(W_ROWS[:, None] > 0, a, b) * W34)


def clip_scalars(x):
    return np.sum(np.clip(x, -0.5, 0.5) * W34)


def clip_method(x):
    return np.sum(x.clip(-0.5, 0.5) * W34)


def clip_lower_only(x):
    return np.sum(np.clip(x, 0.0, None) * W34)


def clip_upper_only(x):
    return np.sum(np.clip(x, None, 0.2) * W34)


def clip_array_bounds(x, lo, hi):
    return np.sum(np.clip(x, lo, hi) * W34)


LO4 = np.array([-0.8, -0.3, 0.1, -1.5])
HI31 = np.array([[0.4], [1.2], [0.6]])

ELEMENTWISE_CASES = [
    (where_leaky, (X,), (0,)), (where_leaky, (np.asfortranarray(X),), (0,)), (where_scalar_branch, (STRIDED,), (0,)),
    (where_broadcast_branches, (X, W_COLS), (0, 1)), (where_broadcast_branches, (X, 1.5), (0, 1)),
    (where_condition_from_arguments, (X, W34), (0, 1)), (where_row_condition, (X, W_ROWS[:, None]), (0, 1)),
    (clip_scalars, (X,), (0,)), (clip_scalars, (STRIDED,), (0,)), (clip_method, (X,), (0,)),
    (clip_lower_only, (X,), (0,)), (clip_upper_only, (X,), (0,)),
    (clip_array_bounds, (X, LO4, HI31), (0, 1, 2)), (clip_array_bounds, (X, -0.5, HI31), (0, 1, 2)),
    (clip_array_bounds, (np.asfortranarray(X), LO4, 0.7), (0, 1, 2)),
]


@pytest.mark.parametrize("case", ELEMENTWISE_CASES, ids=_case_id)
def test_where_and_clip_gradients_match_finite_differences(case):
    fn, args, wrt = case
    check_gradient(fn, args, wrt)


def clip_plain(x, lo, hi):
    return np.sum(np.clip(x, lo, hi))


def test_clip_splits_ties_at_the_bounds_evenly():
    x = np.array([-1.0, 0.5, 1.0, 2.0, -3.0])
    d_x, d_lo, d_hi = transpiler.grad(clip_plain, wrt=(0, 1, 2))(x, -1.0, 1.0)
    np.testing.assert_array_equal(d_x, [0.5, 1.0, 0.5, 0.0, 0.0])
    assert d_lo == 0.5 + 1.0 and d_hi == 0.5 + 1.0


def test_clip_partials_sum_to_one_even_when_the_bounds_meet_or_cross():
    # clip(x + t, lo + t, hi + t) == clip(x, lo, hi) + t, so the three partials sum to 1
    x = np.array([-2.0, 0.3, 0.3, 2.0, 0.5])
    for lo, hi in [(0.3, 0.3), (1.0, -1.0), (0.5, 0.5)]:
        d_x, d_lo, d_hi = transpiler.grad(clip_plain, wrt=(0, 1, 2))(x, lo, hi)
        assert np.sum(d_x) + d_lo + d_hi == x.size
    # crossed bounds: NumPy returns hi everywhere, so only hi has a derivative
    d_x, d_lo, d_hi = transpiler.grad(clip_plain, wrt=(0, 1, 2))(x, 1.0, -1.0)
    assert np.all(d_x == 0) and d_lo == 0 and d_hi == x.size


def where_plain(c, a, b):
    return np.sum(np.where(c, a, b) * W34)


def test_where_condition_gets_a_zero_gradient_and_no_derivative_code():
    # A float condition (truthiness) is a valid argument: it gets zeros, a and b the masks.
    c = np.where(MASK, 2.0, 0.0)
    d_c, d_a, d_b = transpiler.grad(where_plain, wrt=(0, 1, 2))(c, X, -X)
    np.testing.assert_array_equal(d_c, np.zeros_like(c))
    np.testing.assert_array_equal(d_a, np.where(MASK, W34, 0.0))
    np.testing.assert_array_equal(d_b, np.where(MASK, 0.0, W34))


# --------------------------------------------------------------------------- conventions
def max_rows(x):
    return np.sum(np.max(x, axis=1) * np.array([1.0, 2.0, 3.0]))


def min_rows(x):
    return np.sum(np.min(x, axis=1) * np.array([1.0, 2.0, 3.0]))


TIES = np.array([[1.0, 3.0, 3.0, 2.0], [5.0, 5.0, 5.0, 0.0], [-1.0, -2.0, -1.0, -3.0]])


def test_max_ties_split_evenly_among_the_maxima():
    got = transpiler.grad(max_rows)(TIES)
    expected = np.array([[0, 1 / 2, 1 / 2, 0], [2 / 3, 2 / 3, 2 / 3, 0], [3 / 2, 0, 3 / 2, 0]])
    np.testing.assert_allclose(got, expected, rtol=1e-15)
    np.testing.assert_allclose(transpiler.grad(max_all)(np.array([2.0, 7.0, 7.0])), [0, 0.5, 0.5])


def test_min_ties_split_evenly_among_the_minima():
    got = transpiler.grad(min_rows)(-TIES)
    expected = np.array([[0, 1 / 2, 1 / 2, 0], [2 / 3, 2 / 3, 2 / 3, 0], [3 / 2, 0, 3 / 2, 0]])
    np.testing.assert_allclose(got, expected, rtol=1e-15)


def test_prod_with_zeros_has_exact_gradient():
    x = np.array([[2.0, 0.0, 3.0], [0.0, 4.0, 0.0], [1.0, 2.0, 5.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)        # no division by zero, no nan
        got = transpiler.grad(prod_axis1_weighted_plain)(x)
    np.testing.assert_array_equal(got, [[0.0, 6.0, 0.0], [0.0, 0.0, 0.0], [10.0, 5.0, 2.0]])


def prod_axis1_weighted_plain(x):
    return np.sum(np.prod(x, axis=1))


def std_rows(x):
    return np.sum(np.std(x, axis=1))


def norm_rows(x):
    return np.sum(np.linalg.norm(x, axis=1))


def norm_of_all_elements_in_a_loop(x):
    total = 0.0
    for row in x:                       # (generic code: the adjoint's runtime helper, its fast path)
        total = total + np.linalg.norm(row) * 2.0
    return total


@pytest.mark.parametrize("fn", [std_rows, norm_rows, norm_of_all_elements_in_a_loop])
def test_zero_spread_std_and_zero_norm_have_zero_gradient(fn):
    x = np.array([[1.5, 1.5, 1.5], [0.0, 0.0, 0.0], [1.0, -2.0, 0.5]])
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        got = transpiler.grad(fn)(x)
    assert np.all(np.isfinite(got))
    if fn is std_rows:
        np.testing.assert_array_equal(got[:2], 0.0)
    else:
        np.testing.assert_array_equal(got[1], 0.0)
        scale = 2.0 if fn is norm_of_all_elements_in_a_loop else 1.0
        np.testing.assert_allclose(got[2], scale * x[2] / np.linalg.norm(x[2]), rtol=1e-14)
    np.testing.assert_allclose(got[2], numeric_gradient(fn, [x], 0)[2], rtol=1e-6)


def test_norm_shape_is_known_without_evaluating_the_norm():
    from transpiler.primitives import REGISTRY
    rule = REGISTRY[np.linalg.norm].shape_rule
    assert rule([(2, 3, 4)], {"ord": "nuc", "axis": (2, 0)}) == (3,)
    assert rule([(2, 3, 4)], {"axis": -1, "keepdims": True}) == (2, 3, 1)
    assert rule([(3, 4)], {}) == ()
    assert rule([(3, 4)], {"keepdims": True}) == (1, 1)
    assert rule([(3, 4), ()], {}) is None       # ord passed positionally


# --------------------------------------------------------------------------- compositions
def logsumexp(x):
    m = np.max(x, axis=1, keepdims=True)
    return np.sum(m + np.log(np.sum(np.exp(x - m), axis=1, keepdims=True)))


def softmax(x):
    e = np.exp(x - np.max(x, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


LOGITS = rng(20).normal(size=(4, 5)) * 3
LABELS = np.array([0, 3, 3, 4])


def test_logsumexp_gradient_is_softmax():
    got = check_gradient(logsumexp, (LOGITS,))[0]
    np.testing.assert_allclose(got, softmax(LOGITS), rtol=1e-12)
    # stable: large logits neither overflow nor lose the gradient; the max's adjoint cancels
    big = LOGITS + 1000.0
    np.testing.assert_allclose(transpiler.grad(logsumexp)(big), softmax(LOGITS), rtol=1e-9)


def test_logsumexp_with_tied_maxima():
    x = np.array([[1.0, 1.0, 0.0], [2.0, 2.0, 2.0]])
    np.testing.assert_allclose(transpiler.grad(logsumexp)(x), softmax(x), rtol=1e-12)


def softmax_cross_entropy(logits, labels):
    n = logits.shape[0]
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    return -np.sum(log_probs[np.arange(n), labels]) / n


def softmax_cross_entropy_mean(logits, labels):
    m = np.max(logits, axis=1)
    lse = m + np.log(np.sum(np.exp(logits - m[:, None]), axis=1))
    return np.mean(lse - logits[np.arange(len(labels)), labels])


@pytest.mark.parametrize("fn", [softmax_cross_entropy, softmax_cross_entropy_mean])
def test_softmax_cross_entropy_with_integer_labels(fn):
    # check_gradient would turn the integer labels into floats: differentiate wrt logits only
    got = transpiler.grad(fn)(LOGITS, LABELS)
    expected = (softmax(LOGITS) - np.eye(5)[LABELS]) / len(LABELS)
    np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(got, numeric_gradient(lambda z: fn(z, LABELS), [LOGITS], 0),
                               rtol=1e-6, atol=1e-8)
    assert LABELS.dtype.kind == "i"


# --------------------------------------------------------------------------- generated code
def test_generated_source_reads_cleanly():
    source = transpiler.grad(max_axis0_weighted).source()
    assert "np.max(x, axis=0)" in source
    assert "extremum_adjoint(" in source and "def extremum_adjoint(" in source
    assert "def unreduce(" in source                    # the helper it calls is included too
    source = transpiler.grad(std_axis1_ddof_weighted).source()
    assert "std_adjoint(" in source and "def var_adjoint(" in source and "def unreduce(" in source
    assert "ddof=1" in source
    source = transpiler.grad(clip_scalars).source()
    assert "x, -0.5, 0.5)" in source and "def clip_adjoint(" in source and "def clip_partial(" in source
    assert "clip_partial(x, -0.5, 0.5, 1)" not in source     # constant bounds get no adjoint
    source = transpiler.grad(where_leaky).source()
    assert "np.where(" in source and "1.0, 0.0)" not in source    # the adjoint selected, not times a 0/1 mask


def test_generated_module_runs_with_numpy_alone():
    namespace = {}
    exec(transpiler.grad(norm_nuclear_stack_axes).source(), namespace)
    fn = next(v for k, v in namespace.items() if k.endswith("_grad"))
    np.testing.assert_allclose(fn(X3, W3=W3), transpiler.grad(norm_nuclear_stack_axes)(X3), rtol=1e-12)
