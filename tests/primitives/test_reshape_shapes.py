"""``x.reshape(2, -1)`` and the other spellings of a reshape to a constant shape: the analysis
works out the new shape, its ``-1`` from the input's size (the rule ran NumPy on stand-ins of
the arguments' shapes, the new shape's too, and always failed), so the code after it is
specialised (no ``unbroadcast`` / ``unreduce`` summing adjoints back at run time), and its
derivatives are right in both modes."""
import numpy as np
import pytest

import transpiler
from transpiler.analysis.facts import shapes_of
from transpiler.check import check_grad
from transpiler.driver import pipeline

GENERIC_HELPERS = ("unbroadcast(", "unreduce(", "broadcast_like(")
X = np.linspace(-1.0, 1.3, 6)
W = np.array([[1.0], [-2.0]])


def two_rows(x, w):
    y = x.reshape(2, -1)
    return np.sum(np.sin(y) * w)


def two_rows_as_a_tuple(x, w):
    y = x.reshape((2, -1))
    return np.sum(np.sin(y) * w)


def rows_of_three(x, w):
    y = np.reshape(x, (-1, 3))
    return np.sum(np.sin(y) * w)


def flattened_again(x, w):
    y = x.reshape(2, 3).reshape(-1)
    return np.sum(np.sin(y) * w[1, 0])


def a_column(x, w):
    y = x.reshape(-1, 1)
    return np.sum(np.sin(y) * w[0])


def rows_from_the_size(x, w):
    y = x.reshape(x.shape[0] // 3, -1)
    return np.sum(np.sin(y) * w)


CASES = [two_rows, two_rows_as_a_tuple, rows_of_three, flattened_again, a_column, rows_from_the_size]
IDS = [f.__name__ for f in CASES]


def by_two_rows(x):
    return x.reshape(2, -1)


def by_a_tuple(x):
    return x.reshape((2, -1))


def by_the_function(x):
    return np.reshape(x, (-1, 3))


def flat(x):
    return x.reshape(-1)


def column(x):
    return x.reshape(-1, 1)


def without_minus_one(x):
    return x.reshape(3, 2)


@pytest.mark.parametrize("f, shape", [(by_two_rows, (2, 3)), (by_a_tuple, (2, 3)), (by_the_function, (2, 3)),
                                      (flat, (6,)), (column, (6, 1)), (without_minus_one, (3, 2))],
                         ids=lambda v: getattr(v, "__name__", str(v)))
def test_the_shape_of_a_reshape_is_known(f, shape):
    assert shape in shapes_of(pipeline.lowered(f), ((6,),)).values()


def test_a_size_that_does_not_fit_is_left_to_numpy():
    def f(x):
        return np.sum(x.reshape(4, -1))
    with pytest.raises(ValueError):
        transpiler.grad(f)(X)


@pytest.mark.parametrize("f", CASES, ids=IDS)
def test_code_after_the_reshape_is_specialised(f):
    body = transpiler.grad(f, wrt=(0, 1)).source(args=(X, W)).split(f"def {f.__name__}_grad")[-1]
    assert not [h for h in GENERIC_HELPERS if h in body], body


@pytest.mark.parametrize("f", CASES, ids=IDS)
def test_gradients_match_finite_differences_in_both_modes(f):
    assert check_grad(f, X, W, wrt=(0, 1)).ok
    rng = np.random.default_rng(0)
    tangents = (rng.standard_normal(X.shape), rng.standard_normal(W.shape))
    _, derivative = transpiler.jvp(f, (X, W), tangents)
    gradient = transpiler.grad(f, wrt=(0, 1))(X, W)
    np.testing.assert_allclose(derivative, sum(np.sum(g * t) for g, t in zip(gradient, tangents)), rtol=1e-9)
