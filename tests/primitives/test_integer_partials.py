"""An adjoint is never an integer array. Where the output's adjoint is the number 1.0 and a rule's
partial is an integer or boolean value (``k`` in ``x * k`` with ``k = np.arange(n)``, an ``int``
parameter, integer counts), the product ``1.0 * k`` stays: folded to ``k`` alone, the adjoint
was an integer array, and what the reverse sweep then added into it in place was truncated
(``d_y[i] += 0.5`` into ``np.arange(3)``: a silent wrong gradient) or refused by NumPy's casting
(a slice). primitives/model.py ``Primitive.vjp``. Both modes, against central differences."""
import numpy as np
import pytest

import transpiler

X = np.array([0.3, -0.7, 1.1])


def reads_after_integer_weights(y):
    s = 0.0
    for i in range(3):
        s = s + y[i] * 0.5
    return s + np.sum(y * np.arange(3))


def item_write_then_integer_weights(x):
    y = x * 1.0
    y[1] *= 2.5
    return np.sum(y * np.arange(3))


def slice_write_then_integer_weights(x):
    y = x * 1.0
    y[::2] *= 2.5
    return np.sum(y * np.arange(3))


def integer_parameter_scales_a_sum(x, n):
    y = x.copy()
    y[0] = y[0] * 0.3
    return np.sum(y) * n


def counts_times_written_values(w, counts):
    eta = w * 1.0
    for i in range(len(eta)):
        eta[i] = np.tanh(eta[i])
    return -np.sum(counts * eta)


def integer_matrix_product(y, k):
    return y @ k + y[1] * 0.5


def boolean_mask_then_write(y, mask):
    z = y * mask
    z[1] = z[1] * 3.0
    return np.sum(z) + y[0] * 0.25


CASES = [(reads_after_integer_weights, ()), (item_write_then_integer_weights, ()), (slice_write_then_integer_weights, ()),
         (integer_parameter_scales_a_sum, (3,)), (counts_times_written_values, (np.array([3, 0, 1]),)),
         (integer_matrix_product, (np.array([2, -1, 4]),)), (boolean_mask_then_write, (np.array([True, False, True]),))]


def central_differences(f, x, rest, h=1e-6):
    return np.array([(f(x + h * e, *rest) - f(x - h * e, *rest)) / (2 * h) for e in np.eye(len(x))])


@pytest.mark.parametrize("f, rest", CASES, ids=[f.__name__ for f, _ in CASES])
def test_gradient_with_integer_partials_matches_finite_differences(f, rest):
    expected = central_differences(f, X, rest)
    value, gradient = transpiler.value_and_grad(f)(X, *rest)
    assert value == pytest.approx(f(X, *rest))
    np.testing.assert_allclose(gradient, expected, rtol=1e-7, atol=1e-8)
    assert gradient.dtype == np.float64
    direction = np.array([1.0, -2.0, 0.5])
    tangent = transpiler.jvp(f, (X, *rest), (direction, *[None] * len(rest)))[1]
    assert tangent == pytest.approx(expected @ direction, rel=1e-7)


def test_the_integer_factor_is_kept_as_a_float_product_in_the_code():
    code = transpiler.grad(integer_parameter_scales_a_sum).source(args=(X, 3))
    assert "1.0 * n" in code


def written_matrix_times_integer_matrix(Y, K):
    Z = Y * 1.0
    Z[0, 0] = Z[0, 0] * 0.3
    return np.sum(Z @ K)


def test_a_written_matrix_times_an_integer_matrix():
    Y, K = np.arange(6.0).reshape(2, 3) / 5, np.array([[1, 2], [3, 4], [5, 6]])
    expected = K.sum(axis=1) * np.ones((2, 1))
    expected[0, 0] *= 0.3
    np.testing.assert_allclose(transpiler.grad(written_matrix_times_integer_matrix)(Y, K), expected, rtol=1e-14)


def test_a_dict_read_at_an_integer_key_is_not_scaled_as_a_number():
    """(a container's adjoint helper reading an integer key is no integer value: no 1.0 * dict)"""
    def weighted(x, k):
        d = {i: x[i] * (i + 1) for i in range(3)}
        return d[k] * 2.0 + np.sum(x * np.arange(3))
    np.testing.assert_allclose(transpiler.grad(weighted)(X, 1), [0.0, 5.0, 2.0])


# Integer and boolean weights made by arithmetic, whose kind the analysis does not follow (pr7's B1:
# each gave the integer weights themselves as the adjoint, `d_y[1] += ...` truncated into them).
def weights_plus_one(x):
    y = x * 1.0
    y[1] = np.tanh(y[1])
    return np.sum(y * (np.arange(3) + 1))


def weights_reversed(x):
    s = 0.0
    for i in range(3):
        s = s + x[i] * 0.5
    return s + np.sum(x * np.arange(3)[::-1])


def weights_squared_slice_write(x):
    y = x * 1.0
    y[1:] = np.tanh(y[1:])
    return np.sum(y * np.arange(3) ** 2)


def weights_from_where(x, mask):
    y = x * 1.0
    y[2] = np.sin(y[2])
    return np.sum(y * np.where(mask, 1, 2))


def inverted_mask_weights(x, mask):
    y = x * 1.0
    y[0] = y[0] ** 3
    return np.sum(y * ~mask)


def integer_sum_scales(x):
    y = x * 1.0
    y[1] = np.exp(y[1])
    return np.sum(y) * np.sum(np.arange(3))


def reversed_weights_matrix_product(x):
    y = x * 1.0
    y[0] = np.cos(y[0])
    return (3 - np.arange(3)) @ y


MASK = np.array([True, False, True])
ARITHMETIC = [(weights_plus_one, ()), (weights_reversed, ()), (weights_squared_slice_write, ()),
              (weights_from_where, (MASK,)), (inverted_mask_weights, (MASK,)), (integer_sum_scales, ()),
              (reversed_weights_matrix_product, ())]


@pytest.mark.parametrize("f, rest", ARITHMETIC, ids=[f.__name__ for f, _ in ARITHMETIC])
def test_weights_made_by_integer_arithmetic_leave_the_adjoint_float(f, rest):
    expected = central_differences(f, X, rest)
    for gradient in (transpiler.grad(f)(X, *rest), transpiler.value_and_grad(f)(X, *rest)[1]):
        np.testing.assert_allclose(gradient, expected, rtol=1e-7, atol=1e-8)
        assert gradient.dtype == np.float64


def test_an_integer_factor_of_a_partial_is_made_float_in_place_of_a_further_product():
    """`np.sum((h - t) ** 2)` with `h - t` of a kind the analysis does not know: `2.0 * d`, not
    `1.0 * (2 * d)`."""
    def squared_error(h, t):
        d = h - t
        return np.sum(d ** 2)
    code = transpiler.grad(squared_error).source(args=(X, X[::-1]))
    assert "1.0 *" not in code and "1.0," not in code
