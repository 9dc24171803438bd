"""Builtins over sequences (frontend/comprehensions.py, primitives/lists.py) and the ``operator``
module (primitives/spellings.py): ``sum``, ``max``/``min`` of one sequence, ``map``, ``zip``,
``zip(*pairs)``, ``enumerate``, ``reversed``, ``len``, ``list``/``tuple``, ``functools.reduce``
and ``operator.add`` ... as calls and as values; both modes against finite differences."""
import functools
import operator
from functools import reduce

import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError
from sequence_checks import assert_both_modes

X = np.array([0.3, -1.2, 0.8])
M = np.array([[0.2, -0.5], [1.1, 0.4], [-0.7, 0.9]])
WEIGHTS = [1.0, 2.0, 3.0]


def sum_of_a_display(x):
    return sum([x[0], x[1] * x[2], 2.0])


def sum_of_a_tuple_with_start(x):
    return sum((x[0] ** 2, x[1]), x[2])


def sum_of_arrays(x):
    return np.sum(sum([x, x * x, np.sin(x)]))


def sum_of_a_matrix_adds_rows(m):
    return np.sum(sum(m) ** 2)


def sum_with_keyword_start(x):
    return sum([x[0], x[1]], start=x[2] * 3)


def max_and_min_of_a_list(x):
    values = [x[0] * 2, np.sin(x[1]), x[2] ** 2]
    return max(values) + min(values)


def map_of_a_numpy_function(x):
    return sum(map(np.sin, [x[0], x[1]]))


def square(v):
    return v * v


def map_of_a_user_function(x):
    return sum(map(square, x))


def zip_of_an_array_and_a_constant_list(x):
    return sum(list(a * w for a, w in zip(x, WEIGHTS)))


def zip_as_a_value(x):
    pairs = list(zip(x, WEIGHTS))
    return sum(a * w for a, w in pairs)


def zip_star_transposes(x):
    pairs = [(x[0], 2.0), (x[1], 3.0), (x[2], 4.0)]
    xs, ws = zip(*pairs)
    return sum(xs) * sum(ws) + xs[0] * xs[2]


def loop_over_zip_star(x):
    params = [(x[0], x[1]), (x[2], 0.5)]
    total = 0.0
    for w, b in zip(*params):
        total = total + w * b
    return total


def enumerate_zip(x):
    total = 0.0
    for k, (a, w) in enumerate(zip(x, WEIGHTS)):
        total = total + k * a * w
    return total


def enumerate_as_a_value(x):
    return sum(k * v for k, v in list(enumerate(x)))


def reversed_as_a_value(x):
    backwards = list(reversed(x))
    return backwards[0] * x[0] + sum(backwards)


def tuple_and_list_conversions(x):
    t = tuple([x[0], x[1] * 2])
    lst = list(x)
    return t[1] * lst[2] + sum(lst) + len(t)


def operator_calls(x):
    a = operator.add(x, 1.0)
    b = operator.mul(a, x)
    c = operator.truediv(operator.sub(b, x), 2.0)
    d = operator.pow(operator.neg(c), 2) + operator.pos(x)
    return np.sum(operator.mod(d, 7.0)) + operator.getitem(x, 1) + operator.abs(x[2])


def operator_matmul(m):
    return np.sum(operator.matmul(m.T, m))


def reduce_with_operator_add(x):
    return np.sum(functools.reduce(operator.add, [x, x * x, x]))


def reduce_with_numpy_multiply(x):
    return np.sum(reduce(np.multiply, [x, x + 1, x * 2]))


def reduce_with_initial(x):
    return reduce(operator.mul, [x[0], x[1], x[2]], 2.0)


def reduce_with_a_user_function(x):
    return reduce(add_squares, x, 0.0)


def add_squares(total, v):
    return total + v * v


def reduce_in_a_loop(x):
    total = 0.0
    for k in range(2):
        total = total + reduce(operator.add, [x[k], x[k + 1] * k])
    return total


def map_over_two_sequences(x):
    return sum(map(operator.mul, x, WEIGHTS))


def map_of_a_lambda_over_three_sequences(x):
    return sum(map(lambda a, b, c: a * b ** 2 - c, x, x[::-1], WEIGHTS))


@pytest.mark.parametrize("f", [
    sum_of_a_display, sum_of_a_tuple_with_start, sum_of_arrays, sum_with_keyword_start,
    max_and_min_of_a_list, map_of_a_numpy_function, map_of_a_user_function,
    zip_of_an_array_and_a_constant_list, zip_as_a_value, zip_star_transposes, loop_over_zip_star,
    enumerate_zip, enumerate_as_a_value, reversed_as_a_value, tuple_and_list_conversions,
    operator_calls, reduce_with_operator_add, reduce_with_numpy_multiply, reduce_with_initial,
    reduce_with_a_user_function, reduce_in_a_loop, map_over_two_sequences, map_of_a_lambda_over_three_sequences,
])
def test_builtin_matches_finite_differences_in_both_modes(f):
    assert_both_modes(f, X)


@pytest.mark.parametrize("f", [sum_of_a_matrix_adds_rows, operator_matmul])
def test_builtin_on_a_matrix_matches_finite_differences_in_both_modes(f):
    assert_both_modes(f, M)


def test_operator_functions_print_as_the_operators():
    source = transpiler.grad(operator_calls).source()
    assert "operator." not in source and " + 1.0" in source


def test_hessian_through_reduce_and_sum():
    h = transpiler.hessian(reduce_with_initial)(X)
    expected = 2.0 * np.array([[0, X[2], X[1]], [X[2], 0, X[0]], [X[1], X[0], 0]])
    np.testing.assert_allclose(h, expected, atol=1e-12)


def max_with_a_default(x):
    return max([x[0], x[1]], default=0.0)


@pytest.mark.parametrize("f, words", [
    (max_with_a_default, "with `default=`"),
])
def test_unsupported_forms_name_the_construct_and_the_line(f, words):
    with pytest.raises(UnsupportedSyntaxError) as info:
        transpiler.grad(f)(X)
    assert words in str(info.value) and "test_builtins.py" in str(info.value)
