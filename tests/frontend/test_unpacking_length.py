"""``a, b = t`` unpacks as Python does: never the first values of a longer ``t``. A length known
while lowering (a display, a constant, ``np.linalg.slogdet(A)``'s pair) that differs is a located
`UnpackingError` (a ValueError) at compile time; a length known only at run time (a parameter,
the rows of an array) is checked there, Python's ValueError. Code specialised to an array's
shape drops the check where the shape answers it; printed code keeps it."""
import numpy as np
import pytest

import transpiler
from transpiler import check_grad
from transpiler.errors import UnpackingError

X = np.linspace(0.0, 2.0, 5)
Y = np.array([0.3, 0.9, 1.4, 2.2, 2.9])


def log_likelihood(theta, x, y):
    m, b = theta                      # emcee's line model, in a helper
    return -0.5 * np.sum((y - (m * x + b)) ** 2)


def product_of_pair(args):
    a, b = args
    return np.sum(a * b)


def rows(x):
    first, second = x                 # the rows of a (2, n) array
    return np.sum(np.sin(first) * second)


def pairs_in_a_loop(pairs):
    total = 0.0
    for pair in pairs:
        w, s = pair
        total = total + np.sum(w * s)
    return total


def in_a_branch(theta, flag):
    if flag:
        m, b = theta
        return m * b
    return theta[0]


PAIR = (np.array([1.0, 2.0]), np.array([0.5, -1.0]))
TRIPLE = (*PAIR, np.array([3.0, 4.0]))


def test_unpacking_the_right_number_of_values_differentiates_in_both_modes():
    assert check_grad(log_likelihood, np.array([0.9, 0.4]), X, Y).ok
    assert check_grad(rows, np.arange(6.0).reshape(2, 3)).ok
    value, tangent = transpiler.jvp(rows, (np.arange(6.0).reshape(2, 3),), (np.ones((2, 3)),))
    x = np.arange(6.0).reshape(2, 3)
    assert value == pytest.approx(rows(x))
    assert tangent == pytest.approx(np.sum(np.cos(x[0]) * x[1] + np.sin(x[0])))
    gradient = transpiler.grad(product_of_pair)(PAIR)
    assert np.allclose(gradient[0], PAIR[1]) and np.allclose(gradient[1], PAIR[0])


@pytest.mark.parametrize("call", [
    lambda: transpiler.grad(product_of_pair)(TRIPLE),
    lambda: transpiler.value_and_grad(product_of_pair)(TRIPLE),
    lambda: transpiler.jvp(product_of_pair, (TRIPLE,), (TRIPLE,)),
    lambda: transpiler.grad(log_likelihood)(np.array([0.9, 0.4, 1.0]), X, Y),        # `m, b, c` of four
    lambda: transpiler.grad(rows)(np.ones((3, 2))),                                  # three rows, two names
    lambda: transpiler.grad(pairs_in_a_loop)([PAIR, TRIPLE]),
    lambda: transpiler.grad(in_a_branch)(np.array([1.0, 2.0, 3.0]), True),
], ids=["grad", "value_and_grad", "jvp", "helper", "array rows", "loop", "branch"])
def test_too_many_values_raise_pythons_value_error_instead_of_using_the_first(call):
    with pytest.raises(ValueError, match=r"too many values to unpack \(expected 2\)"):
        call()


def test_too_few_values_raise_pythons_value_error():
    with pytest.raises(ValueError, match=r"test_unpacking_length.py:\d+:\d+: `a, b = \.\.\.`: "
                                         r"not enough values to unpack \(expected 2, got 1\)"):
        transpiler.grad(product_of_pair)((np.ones(2),))


def test_a_length_known_while_lowering_is_a_located_error_at_compile_time():
    def display(x):
        a, b = x, 2 * x, 3 * x
        return a * b

    def slogdet(A):
        sign, logdet, extra = np.linalg.slogdet(A)
        return logdet

    for f, arg in [(display, 1.0), (slogdet, np.eye(2))]:
        with pytest.raises(UnpackingError, match=r"unpacks (3|2) values into (2|3) names") as caught:
            transpiler.grad(f)(arg)
        assert caught.value.location.line > 0 and "hint" in str(caught.value)


def test_specialised_code_drops_the_check_a_shape_answers_and_printed_code_keeps_it():
    x = np.arange(6.0).reshape(2, 3)
    assert "expect_unpacked" not in transpiler.grad(rows).compiled([x]).source
    assert "expect_unpacked(x, 2" in transpiler.grad(rows).source()


def test_unpacking_a_known_pair_prints_no_check():
    def f(A):
        sign, logdet = np.linalg.slogdet(A)
        u, v = A[0], A[1]
        return logdet + np.sum(u * v)

    assert "expect_unpacked" not in transpiler.grad(f).source()
    assert check_grad(f, np.array([[2.0, 0.5], [0.3, 1.5]])).ok


def test_hessian_through_a_checked_unpacking():
    def f(theta):
        m, b = theta
        return m ** 2 * b + np.sin(b)

    theta = np.array([0.7, 0.2])
    m, b = theta
    expected = np.array([[2 * b, 2 * m], [2 * m, -np.sin(b)]])
    assert np.allclose(transpiler.hessian(f)(theta), expected)


def swaps_elements(x):
    y = x.copy()
    y[0], y[2] = y[2], y[0] * 3.0        # every value first, then each write, as Python does
    return np.sum(y * np.array([1.0, 2.0, 3.0]))


def fills_rows_by_unpacking(m):
    a = np.zeros((2, 2))
    for i in range(2):
        a[i, 0], a[i, 1] = m[i, 1] ** 2, m[i, 0] * m[i, 1]
    return np.sum(a * np.array([[1.0, 2.0], [3.0, 4.0]]))


@pytest.mark.parametrize("f, x", [(swaps_elements, np.array([0.5, -0.3, 1.2])),
                                  (fills_rows_by_unpacking, np.array([[0.5, -0.3], [1.2, 0.7]]))],
                         ids=lambda v: getattr(v, "__name__", ""))
def test_unpacking_into_elements_writes_each_after_evaluating_every_value(f, x):
    value, gradient = transpiler.value_and_grad(f)(x)
    assert value == pytest.approx(f(x), rel=1e-12)
    assert transpiler.check_grad(f, x).ok
    assert transpiler.jvp(f, (x,), (np.ones_like(x),))[1] == pytest.approx(np.sum(gradient), rel=1e-12)
