"""Iterators made by calls that simply run (``iter(xs)``, ``itertools.chain``, ``accumulate``,
``islice``, ``repeat``), read whole inside a loop (frontend/iterators.py). The reverse sweep
recomputed ``list(it)`` from the iterator it had kept, spent by then: the derivative through the
items was zero (a wrong gradient, on main too). Now the reading is itself a call that simply
runs, kept on the tape. ``next(it)`` still reads the iterator in order. Value, both modes and the
Hessian against finite differences; a helper, a branch, a comprehension, ``sum``."""
import itertools

import numpy as np
import pytest

import transpiler
from order_checks import assert_all_orders

X = np.array([0.4, -0.7, 1.3])
WEIGHTS = [1.0, 2.0, 3.0]


def chained(x):
    s = 0.0
    for k in range(2):
        for w in list(itertools.chain(WEIGHTS[:1], WEIGHTS[1:])):
            s = s + np.sum(w * x ** 2) * (k + 1)
    return s


def running_sums(x):
    s = 0.0
    for k in range(2):
        if k == 0:
            s = s + sum(c * np.sum(np.sin(x)) for c in itertools.accumulate(WEIGHTS))
        else:
            s = s + helper(x, tuple(itertools.islice(iter(WEIGHTS), 2)))
    return s


def helper(x, ws):
    return sum(np.sum(w * x ** 3) for w in ws)


def firsts(x):
    it = iter(WEIGHTS)
    first = next(it)
    second = next(it)
    s = 0.0
    for k in range(2):
        s = s + first * np.sum(x) + second * np.sum(x ** 2) * k
    return s


@pytest.mark.parametrize("f", [chained, running_sums, firsts])
def test_iterators_read_in_loops_in_every_order(f):
    assert_all_orders(f, X)


def test_the_gradient_is_not_zero():
    np.testing.assert_allclose(transpiler.grad(chained)(X), 2 * X * 6.0 * 3)


def endless(x):
    s = 0.0
    for k in itertools.count():
        if k == 2:
            break
        s = s + x[k]
    return s


def test_an_endless_iterator_is_not_listed_and_a_finite_repeat_is():
    with pytest.raises(transpiler.UnsupportedSyntaxError, match=r"iterating over `itertools.count\(\)`"):
        transpiler.grad(endless)(X)
    repeated = lambda x: sum(np.sum(w * x) for k in range(2) for w in itertools.repeat(2.0, 3))   # noqa: E731
    np.testing.assert_allclose(transpiler.grad(repeated)(X), np.full(3, 12.0))
