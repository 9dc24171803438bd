"""Means, variances and averages of an empty array (pr10's C2): ``np.mean(x[:, :0], axis=0)`` is
an empty array in NumPy, and its adjoint's scale ``np.size(y) / np.size(x)`` was Python's 0 / 0,
a ZeroDivisionError in reverse mode (the same count in ``var_adjoint``, so ``np.var``'s and
``np.std``'s tangents). An empty slice's adjoint is empty: the gradient is
the rest of the function's. Every mode against central finite differences."""
import warnings

import numpy as np
import pytest
from array_check import check_gradient, hessian_by_differences

import transpiler
from transpiler.ir.algebra import simplify

X = np.arange(12.0).reshape(3, 4) / 7.0


def mean_of_no_columns(x):
    return np.sum(np.mean(x[:, :0], axis=0)) + np.sum(x ** 2)


def mean_of_no_columns_kept(x):
    return np.sum(np.mean(x[:, :0], axis=0, keepdims=True)) + np.sum(x ** 2)


def mean_of_no_rows_times_zero(x):
    """A mean over an empty axis is NaN (NumPy warns); its input slice is empty all the same."""
    return np.sum(np.mean(x[:0], axis=0) * 0.0) + np.sum(x ** 2)


def var_of_no_columns(x):
    return np.sum(np.var(x[:, :0], axis=0)) + np.sum(x ** 2)


def std_of_no_columns(x):
    return np.sum(np.std(x[:, :0], axis=0, ddof=1)) + np.sum(x ** 2)


def nanmean_of_no_columns(x):
    return np.sum(np.nanmean(x[:, :0], axis=0)) + np.sum(x ** 2)


FUNCTIONS = [mean_of_no_columns, mean_of_no_columns_kept, var_of_no_columns, std_of_no_columns,
             nanmean_of_no_columns]


@pytest.mark.parametrize("f", FUNCTIONS, ids=[f.__name__ for f in FUNCTIONS])
def test_an_empty_reductions_gradient_is_the_rest_of_the_functions(f):
    gradient = check_gradient(f, (X,))[0]
    np.testing.assert_allclose(gradient, 2 * X)


def test_the_gradient_of_an_empty_mean_alone_is_zeros_of_x_shape():
    def empty_mean(x):
        return np.sum(np.mean(x[:, :0], axis=0))
    gradient = transpiler.grad(empty_mean)(X)
    assert gradient.shape == X.shape and not np.any(gradient)


def test_a_nan_mean_of_nothing_times_zero_has_the_rest_as_gradient():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)      # (NumPy's "Mean of empty slice")
        np.testing.assert_allclose(transpiler.grad(mean_of_no_rows_times_zero)(X), 2 * X)


@pytest.mark.parametrize("f", FUNCTIONS, ids=[f.__name__ for f in FUNCTIONS])
def test_an_empty_reductions_tangent_is_the_gradients_projection(f):
    tangent = np.cos(np.arange(12.0)).reshape(3, 4)
    value, derivative = transpiler.jvp(f, (X,), (tangent,))
    assert np.isclose(value, f(X))
    assert np.isclose(derivative, np.sum(2 * X * tangent))


@pytest.mark.parametrize("mode", ["reverse", "forward"])
@pytest.mark.parametrize("f", FUNCTIONS, ids=[f.__name__ for f in FUNCTIONS])
def test_an_empty_reductions_hessian_matches_differences_of_the_gradient(f, mode):
    hessian = transpiler.hessian(f) if mode == "reverse" else transpiler.hessian(f, mode="forward")
    np.testing.assert_allclose(hessian(X), hessian_by_differences(f, X), atol=1e-6)


def test_the_count_of_a_known_size_still_folds_to_a_number():
    """``np.size(y) / max(np.size(x), 1)`` of known sizes is the number it was before."""
    import ast
    folded = simplify(ast.parse("d * (4 / max(16, 1))", mode="eval").body)
    assert ast.unparse(folded) == "d * 0.25"


def average_of_no_columns(x):
    return np.sum(np.average(x[:, :0], axis=0)) + np.sum(x ** 2)


def test_an_average_of_no_columns_has_the_rest_as_gradient():
    """NumPy's own ``np.average`` of it raises (its count, 0 / 0), so no finite differences: the
    transpiled function computes the count only where it is returned (dead code here)."""
    with pytest.raises(ZeroDivisionError):
        average_of_no_columns(X)
    np.testing.assert_allclose(transpiler.grad(average_of_no_columns)(X), 2 * X)
