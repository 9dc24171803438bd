"""``where=`` and ``initial=`` of NumPy's reductions (transpiler/frontend/reduction_keywords.py):
written as the reductions they mean; values are NumPy's, gradients match finite differences,
forward mode matches reverse; the mask is evaluated once."""
import numpy as np
import pytest

import transpiler

X = np.array([0.3, 0.7, -0.4, 1.1])
M = np.array([[0.3, 0.7], [-0.4, 1.1], [0.2, -0.9]])


def sum_where(x):
    return np.sum(x ** 2, where=x > 0.5)


def sum_where_axis(m):
    return np.sum(np.sum(m ** 2, axis=0, where=m > 0) ** 2)


def max_initial(x):
    return np.max(x ** 2, initial=0.2)


def max_initial_where(x):
    return np.max(x, initial=-5.0, where=x < 1.0)


def min_where_per_row(m):
    return np.sum(np.min(m, axis=1, initial=10.0, where=m > 0))


def mean_where(x):
    return np.mean(x ** 3, where=x > 0)


def mean_where_per_row(m):
    return np.sum(np.mean(m ** 2, axis=1, where=m > 0) ** 2)


def prod_where(x):
    return np.prod(x, where=x > 0)


def sum_initial(x):
    return np.sum(x ** 2, initial=1.5)


def as_methods(x):
    return (x ** 2).sum(where=x > 0.5) + x.max(initial=2.0) + x.mean(where=x < 1.0)


@pytest.mark.parametrize("f, x", [(sum_where, X), (sum_where_axis, M), (max_initial, X), (max_initial_where, X),
                                  (min_where_per_row, M), (mean_where, X), (mean_where_per_row, M),
                                  (prod_where, X), (sum_initial, X), (as_methods, X)],
                         ids=lambda v: getattr(v, "__name__", ""))
def test_where_and_initial_in_both_modes(f, x):
    assert transpiler.check_grad(f, x).ok
    value, tangent = transpiler.jvp(f, (x,), (np.ones_like(x),))
    assert value == pytest.approx(f(x), rel=1e-12)
    assert tangent == pytest.approx(np.sum(transpiler.grad(f)(x)), rel=1e-10)


def mean_of_a_random_half(x, rng):
    return np.mean(x ** 2, where=rng.random(x.shape) > 0.5)


def test_the_mask_is_evaluated_once():
    """The rewrite reads the mask twice (the sum and the count): it is drawn once, as Python does."""
    x = np.linspace(0.1, 1.0, 20)
    value, gradient = transpiler.value_and_grad(mean_of_a_random_half)(x, np.random.default_rng(3))
    assert value == pytest.approx(mean_of_a_random_half(x, np.random.default_rng(3)), rel=1e-12)
    mask = np.random.default_rng(3).random(x.shape) > 0.5
    np.testing.assert_allclose(gradient, np.where(mask, 2 * x, 0.0) / mask.sum(), rtol=1e-12)


# --------------------------------------------------------------------------- empty slices with initial=
def max_initial_over_empty_columns(m, c):
    return np.sum(np.max(m, axis=0, initial=c) ** 2)


def min_initial_over_empty_rows_method(m, c):
    return np.sum(np.sin(m.min(axis=1, initial=c, keepdims=True)))


def nanmax_initial_of_nothing(m, c):
    return np.nanmax(m, initial=c) * c


def nanmin_initial_in_a_loop(m, c):
    total = 0.0
    for axis in (0, 1):
        total = total + np.sum(np.nanmin(m, axis=axis, initial=c) * c)
    return total


@pytest.mark.parametrize("f", [max_initial_over_empty_columns, min_initial_over_empty_rows_method,
                               nanmax_initial_of_nothing, nanmin_initial_in_a_loop], ids=lambda f: f.__name__)
@pytest.mark.parametrize("shape", [(0, 3), (2, 0), (0, 0)], ids=str)
def test_an_empty_slice_with_initial_is_initial_and_its_derivative_goes_there(f, shape):
    m, c = np.zeros(shape), 1.7
    value, (d_m, d_c) = transpiler.value_and_grad(f, wrt=(0, 1))(m, c)
    assert value == pytest.approx(f(m, c), rel=1e-12)
    assert d_m.shape == shape
    h = 1e-6
    assert d_c == pytest.approx((f(m, c + h) - f(m, c - h)) / (2 * h), rel=1e-6, abs=1e-9)
    _, tangent = transpiler.jvp(f, (m, c), (np.ones(shape), 1.0))
    assert tangent == pytest.approx(d_c, rel=1e-10, abs=1e-12)


def max_where_nothing_chosen(x):
    return np.max(x ** 2, initial=-1.5, where=np.zeros(x.shape, bool)) + np.min(x, initial=2.0, where=x > 5)


def test_an_all_false_where_with_initial_is_initial_with_derivative_zero():
    value, gradient = transpiler.value_and_grad(max_where_nothing_chosen)(X)
    assert value == pytest.approx(0.5)
    np.testing.assert_array_equal(gradient, np.zeros_like(X))
    _, tangent = transpiler.jvp(max_where_nothing_chosen, (X,), (np.ones_like(X),))
    assert tangent == 0.0


def test_a_nonempty_slice_keeps_its_derivative_with_the_identity_as_inner_initial():
    m = np.array([[0.3, -2.0], [1.1, 0.4], [1.1, -0.1]])
    d_m, d_c = transpiler.grad(max_initial_over_empty_columns, wrt=(0, 1))(m, 0.5)
    np.testing.assert_allclose(d_m, [[0, 0], [1.1, 0], [1.1, 0]])     # the tie splits 2 * 1.1 evenly
    assert d_c == pytest.approx(1.0)


# dtype= (the reduction of the argument cast to it), out=None and correction= (NumPy 2's ddof=)
TYPED = {
    "sum in float64 of float32": (lambda x: np.sum(x ** 2, dtype=np.float64), X.astype(np.float32)),
    "mean in float64 of float32": (lambda x: np.mean(np.sin(x), dtype=np.float64) * x[0], X.astype(np.float32)),
    "cumsum with dtype": (lambda x: np.sum(np.cumsum(x, dtype=np.float64) ** 2), X),
    "prod with dtype": (lambda x: np.prod(x, dtype=np.float64), X),
    "method sum with dtype": (lambda x: (x ** 2).sum(dtype=np.float64), X),
    "sum with dtype and axis": (lambda m: np.sum(np.sum(m ** 2, axis=0, dtype=np.float64) ** 2), M),
    "sum with out=None": (lambda x: np.sum(x ** 2, out=None), X),
    "std with correction": (lambda x: np.std(x, correction=1), X),
    "var with correction, axis, keepdims": (lambda m: np.sum(np.var(m, axis=1, correction=1, keepdims=True)), M),
}


@pytest.mark.parametrize("name", TYPED)
def test_dtype_out_none_and_correction_are_the_reductions_they_mean(name):
    f, x = TYPED[name]
    value, gradient = transpiler.value_and_grad(f)(x)
    expected = f(x)
    assert value == expected and np.result_type(value) == np.result_type(expected)     # NumPy's value and dtype
    assert gradient.dtype == x.dtype
    assert transpiler.check_grad(f, x.astype(np.float64)).ok
    tangent = np.ones_like(x)
    _, along = transpiler.jvp(f, (x.astype(np.float64),), (tangent,))
    assert along == pytest.approx(np.sum(transpiler.grad(f)(x.astype(np.float64)) * tangent), rel=1e-9)


def test_an_out_array_and_correction_with_ddof_stay_refused_at_the_call():
    with pytest.raises(transpiler.UnsupportedSyntaxError, match=r"test_reduction_keywords.py:\d+:\d+: `np.sum`"):
        transpiler.grad(lambda x: np.sum(x, out=np.empty(())))(X)
    with pytest.raises(transpiler.UnsupportedSyntaxError, match=r"test_reduction_keywords.py:\d+:\d+: `np.var`"):
        transpiler.grad(lambda x: np.var(x, correction=1, ddof=1))(X)
