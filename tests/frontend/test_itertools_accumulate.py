"""``itertools.accumulate`` of values with a derivative, lowered as the loop it is
(frontend/accumulations.py): it was refused ("no derivative rule for `itertools.accumulate`")
wherever its items depended on the differentiated parameters. Running sums, a function
(a lambda, ``operator.mul``, a helper), ``initial=``, a generator's items, a ``for`` over it,
``reversed`` input; and ``functools.reduce`` over a user generator (it was refused as a generator
called other than as a loop's iterable). Value, both modes and the Hessian against finite
differences."""
import functools
import itertools
import operator

import numpy as np
import pytest

import transpiler
from order_checks import assert_all_orders

X = np.array([0.4, -0.7, 1.3, 0.2])


def running_sums(x):
    path = np.array(list(itertools.accumulate(x)))
    return np.sum(np.sin(path)) + path[-1] ** 2


def discounted(x, gamma=0.9):
    returns = list(itertools.accumulate(reversed(list(x)), lambda acc, r: r + gamma * acc))
    return sum(g ** 2 for g in returns)


def products_with_initial(x):
    total = 0.0
    for p in itertools.accumulate(x, operator.mul, initial=1.5):     # a `for` over it
        total = total + p
    return total


def smooth_max(a, b):
    return np.logaddexp(a, b)


def running_soft_maximum(x):
    return sum(itertools.accumulate(x * 2.0, func=smooth_max))


def squares(x):
    for v in x:
        yield v * v


def reduce_over_a_generator(x):
    return functools.reduce(lambda acc, v: acc * 0.5 + v, squares(x), 0.25)


def accumulate_over_a_generator(x):
    return np.prod(np.array(list(itertools.accumulate(squares(x)))))


@pytest.mark.parametrize("f", [running_sums, discounted, products_with_initial, running_soft_maximum,
                               reduce_over_a_generator, accumulate_over_a_generator])
def test_running_results_in_all_orders(f):
    assert_all_orders(f, X.copy())


def test_float32_and_a_list_argument():
    def f(xs):
        return list(itertools.accumulate(xs))[-1] * xs[0]
    g = transpiler.grad(f)([0.5, np.float32(2.0), 3.0])
    np.testing.assert_allclose(np.array(g, dtype=float), [5.5 + 0.5, 0.5, 0.5])


def test_an_accumulation_read_by_next_stays_the_iterator_python_makes():
    def f(x):
        it = itertools.accumulate([1.0, 2.0, 4.0])
        first = next(it)
        return (first + next(it)) * x
    assert transpiler.grad(f)(2.0) == pytest.approx(4.0)
    _, slope = transpiler.jvp(f, (2.0,), (1.0,))
    assert slope == pytest.approx(4.0)
