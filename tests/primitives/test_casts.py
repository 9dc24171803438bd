"""Casts (transpiler/primitives/casts.py) and the array methods spelled as NumPy functions
(spellings.py): a cast to integers or booleans has no derivative — never the identity's, which
gave silently wrong gradients — and a cast to floats passes the derivative on. Both modes."""
import numpy as np
import pytest

import transpiler
import transpiler.primitives.casts
from transpiler import TranspileError

X = np.array([1.25, 2.5, -0.75, 3.2])


def forward_along_ones(f, x):
    return transpiler.jvp(f, (x,), (np.ones_like(x),))[1]


def int_times_x(x):
    return np.sum(np.asarray(x, dtype=int) * x)


def int_times_x_positional(x):
    return np.sum(np.array(x, np.int64) * x)


def astype_int_times_x(x):
    return np.sum(x.astype(int) * x) + np.sum(x.astype("int32") * x)


def bool_mask_times_x(x):
    return np.sum((x > 0).astype(float) * x) + np.sum(x.astype(bool) * x)


@pytest.mark.parametrize("f, factor", [(int_times_x, 1), (int_times_x_positional, 1), (astype_int_times_x, 2)])
def test_a_cast_to_integers_has_no_derivative_in_both_modes(f, factor):
    expected = factor * np.trunc(X)              # d/dx [int(x) * x] = int(x) away from integers
    np.testing.assert_allclose(transpiler.grad(f)(X), expected, rtol=1e-12)
    assert forward_along_ones(f, X) == pytest.approx(expected.sum(), rel=1e-12)
    assert transpiler.check_grad(f, X).ok


def test_squares_of_an_integer_cast_have_zero_gradient():
    def f(x):
        return np.sum(np.asarray(x, dtype=np.int64) ** 2.0)
    np.testing.assert_array_equal(transpiler.grad(f)(X), np.zeros_like(X))


def test_an_integer_output_of_an_integer_cast_has_no_gradient():
    def f(x):
        return np.sum(np.asarray(x, dtype=np.int64) ** 2)     # an int64: refused (api/outputs.py)
    with pytest.raises(transpiler.errors.OutputTypeError):
        transpiler.grad(f)(X)


def test_boolean_casts_and_a_mask_cast_to_floats():
    expected = (X > 0).astype(float) + 1.0       # x.astype(bool) is 1 except at 0
    np.testing.assert_allclose(transpiler.grad(bool_mask_times_x)(X), expected, rtol=1e-12)
    assert forward_along_ones(bool_mask_times_x, X) == pytest.approx(expected.sum(), rel=1e-12)


def test_a_cast_to_floats_passes_the_derivative_on():
    def f(x):
        return np.sum(x.astype(np.float32) ** 2) + np.sum(x.astype(np.float64, copy=False) * 3.0)
    np.testing.assert_allclose(transpiler.grad(f)(X), 2 * X + 3.0, rtol=1e-6)
    assert forward_along_ones(f, X) == pytest.approx(np.sum(2 * X + 3.0), rel=1e-6)


def test_a_cast_to_a_dtype_known_only_at_run_time_decides_where_it_runs():
    """(it was refused: `x.astype(like.dtype)` ran as a call with no derivative)"""
    def f(x, like):
        return np.sum(x.astype(like.dtype) * x)
    np.testing.assert_allclose(transpiler.grad(f)(X, np.zeros(2, dtype=int)), np.trunc(X), rtol=1e-12)
    np.testing.assert_allclose(transpiler.grad(f)(X, np.zeros(2, dtype=np.float32)), 2 * X, rtol=1e-6)


def methods(x):
    i = x.argmax()
    order = np.abs(x).argsort()
    total = x[i] ** 2 + x[x.argmin()] + np.sum(x[order] * np.arange(4.0))
    total = total + np.sum(x.round(1) * x) + x.nonzero()[0].size * x[0]
    if x.any() and not (x > 10).all():
        total = total + np.sum(x ** 3)
    return total


def test_argmax_argsort_round_nonzero_any_all_as_methods_in_both_modes():
    x = np.array([1.23, 2.46, -0.77, 3.21])           # (away from round(x, 1)'s jumps)
    assert transpiler.check_grad(methods, x).ok
    assert forward_along_ones(methods, x) == pytest.approx(transpiler.grad(methods)(x).sum(), rel=1e-10)


def sine_of_a_float64_cast(x):
    return np.sum(np.sin(x.astype(np.float64)) * x.astype("float64"))


INTS = np.array([0, 1, 1, 2])


def cast_like_another_array(x):
    # a dtype known at run time: float passes the derivative on, int has none
    return np.sum(np.sin(x.astype(X.dtype)) * x) + np.sum(x.astype(INTS.dtype) * x)


def accuracy(y_hat, y):
    """d2l's `accuracy`: argmax, then `y_hat.astype(y.dtype) == y`."""
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(axis=1)
    cmp = y_hat.astype(y.dtype) == y
    return float(cmp.astype(y.dtype).sum())


def loss_reporting_accuracy(x):
    p = np.exp(np.reshape(x, (2, 2)))
    print(f"accuracy {accuracy(p, np.array([0, 1])):.2f}")
    return np.sum(p.astype(x.dtype) ** 2)


def test_a_cast_to_a_dtype_known_at_run_time_in_both_modes():
    expected = np.cos(X) * X + np.sin(X) + np.trunc(X)
    np.testing.assert_allclose(transpiler.grad(cast_like_another_array)(X), expected, rtol=1e-12)
    assert forward_along_ones(cast_like_another_array, X) == pytest.approx(expected.sum(), rel=1e-12)
    assert transpiler.check_grad(loss_reporting_accuracy, X).ok
    assert forward_along_ones(loss_reporting_accuracy, X) == pytest.approx(
        transpiler.grad(loss_reporting_accuracy)(X).sum(), rel=1e-12)


# registry key -> (function, args, wrt) cases, checked below and counted by test_array_rules.py
CASES = {transpiler.primitives.casts.to_floats: [(sine_of_a_float64_cast, (X,), (0,))],
         transpiler.primitives.casts.to_dtype: [(cast_like_another_array, (X,), (0,))]}


@pytest.mark.parametrize("case", [c for cases in CASES.values() for c in cases], ids=lambda c: c[0].__name__)
def test_cast_cases_match_finite_differences_in_every_mode(case):
    f, args, wrt = case
    assert transpiler.check_grad(f, *args, wrt=wrt[0]).ok
    direction = np.linspace(-1.0, 1.0, X.size)
    assert forward_along_ones(f, X) == pytest.approx(transpiler.grad(f)(X).sum(), rel=1e-12)
    H = transpiler.hessian(f)(X)
    g = transpiler.grad(f)
    h = 1e-5
    np.testing.assert_allclose(H @ direction, (g(X + h * direction) - g(X - h * direction)) / (2 * h), rtol=1e-6)


def logged_loss(w):
    loss = np.sum(w ** 2)
    scale = np.float64(w[0]) + w.sum().item()
    return loss.item() * scale


def test_item_is_the_number_in_both_modes():
    w = np.array([0.5, -1.5, 2.0])
    assert transpiler.check_grad(logged_loss, w).ok
    assert forward_along_ones(logged_loss, w) == pytest.approx(transpiler.grad(logged_loss)(w).sum(), rel=1e-10)


def bar_length(ends):
    b = np.array([[ends[1] - ends[0]], [ends[3] - ends[2]]])      # a column, as CALFEM's bar2e
    L = np.sqrt(b.T @ b).item()                                   # a 1x1 matrix's number
    return L * ends[0] + 1.0 / L


def test_item_of_a_one_by_one_matrix_is_its_number_in_both_modes():
    """``float`` takes only 0-d arrays; ``.item()`` any one-element array (it crashed)."""
    ends = np.array([0.2, 1.6, 0.1, 1.3])
    assert transpiler.check_grad(bar_length, ends).ok
    assert forward_along_ones(bar_length, ends) == pytest.approx(transpiler.grad(bar_length)(ends).sum(), rel=1e-10)
    g = transpiler.grad(bar_length)
    h = 1e-6
    columns = [(g(ends + h * e) - g(ends - h * e)) / (2 * h) for e in np.eye(4)]
    np.testing.assert_allclose(transpiler.hessian(bar_length)(ends), np.stack(columns, axis=1), rtol=1e-5, atol=1e-6)


def weighted_items(x):
    s = x.item(-1) * x.item(0, 1) + x.item((1, 0)) ** 2
    for k in range(x.size):
        s += x.item(k) ** 2 * (k + 1)          # a flat index, in C order
    return s


def test_item_with_an_index_is_that_element_in_both_modes():
    """``x.item(k)`` reads the k-th element in C order, ``x.item(i, j)`` / ``x.item((i, j))`` the
    element ``x[i, j]`` (they were lowered as ``float(x)`` and refused as "of an array of shape")."""
    x = np.arange(6.0).reshape(2, 3) / 7 + 0.3
    assert transpiler.check_grad(weighted_items, x).ok
    assert forward_along_ones(weighted_items, x) == pytest.approx(transpiler.grad(weighted_items)(x).sum(), rel=1e-10)


def test_a_call_on_the_result_of_a_call_is_named_as_written_in_errors():
    def f(x):
        return x.sum().byteswap() * 2.0
    with pytest.raises(TranspileError) as error:
        transpiler.grad(f)(X)
    assert "x.sum().byteswap" in str(error.value) and "held" not in str(error.value)


def test_tolist_of_a_number_is_the_number():
    def f(x):
        return x.sum().tolist() * 2.0        # (was this test's refused call: .tolist() is composed now)
    np.testing.assert_allclose(transpiler.grad(f)(X), 2.0 * np.ones_like(X))


# ----------------------- np.array(list, dtype=D) of values the derivative does not follow (ASE's Atoms)
def masked_by_a_list(x, flag=False):
    mask = np.array([flag, flag, not flag], dtype=bool)      # (ase.Atoms: np.array([pbc, pbc, pbc], bool))
    return np.sum(np.where(mask, 0.0, x ** 2))


def masked_by_a_named_tuple_of_flags(x, flag=False):
    flags = (flag, not flag, flag)
    mask = np.asarray(flags, dtype=bool)
    return np.sum(np.where(mask, 0.0, x ** 2)) + np.sum(np.array([1, 2, 3], dtype=np.float32) * x)


@pytest.mark.parametrize("f, expected, masked", [(masked_by_a_list, [2.0, 4.0, 0.0], [0, 0, 1]),
                                                 (masked_by_a_named_tuple_of_flags, [3.0, 2.0, 9.0], [0, 1, 0])])
def test_a_cast_of_a_list_or_tuple_of_flags_in_both_modes(f, expected, masked):
    # (the cast was printed `[flag, flag, not flag].astype(bool)`: AttributeError, a crash)
    x = np.array([1.0, 2.0, 3.0])
    np.testing.assert_allclose(transpiler.grad(f)(x), expected)
    np.testing.assert_allclose(transpiler.jvp(f, (x,), (np.ones(3),))[1], np.sum(expected))
    np.testing.assert_allclose(transpiler.hessian(f)(x), np.diag(2.0 * (1 - np.array(masked))))


LABELS = np.random.default_rng(7).standard_normal(64)
FEATURES = np.random.default_rng(8).standard_normal((64, 5))


def softplus_loss_with_cast_labels(w):
    z = FEATURES @ w
    t = (LABELS > 0).astype(float)
    return np.mean(np.log1p(np.exp(z)) - t * z)


def test_a_cast_keeps_its_argument_s_shape_for_the_analysis():
    # (the dtype argument, `float`, has no shape: the cast's shape was unknown, and every
    # statement after it summed its adjoint back at run time, `unbroadcast(...)`)
    w = np.full(5, 0.1)
    g = transpiler.grad(softplus_loss_with_cast_labels)
    code = g.source(args=(w,)).split("def softplus_loss_with_cast_labels_grad")[-1]
    assert "unbroadcast(" not in code and "unreduce(" not in code
    assert transpiler.check_grad(softplus_loss_with_cast_labels, w).ok


def cast_of_a_picked_number(x):
    return float(np.minimum(x, 0.1).astype(np.float64)) * x + np.sum(np.maximum(x, 0.0).astype("float64")) * 0.5


@pytest.mark.parametrize("x", [-0.5, 0.5])
def test_a_float_cast_of_a_numpy_number_has_a_tangent_in_forward_mode(x):
    """The tangent of ``np.minimum(x, 0.1)`` is a Python float: ``t.astype(...)`` raised
    AttributeError in forward mode (and in grad of a function of one number, which runs it)."""
    value, tangent = transpiler.jvp(cast_of_a_picked_number, (x,), (1.0,))
    assert value == pytest.approx(cast_of_a_picked_number(x))
    assert tangent == pytest.approx(transpiler.grad(cast_of_a_picked_number)(x))
    assert transpiler.check_grad(cast_of_a_picked_number, x).ok
