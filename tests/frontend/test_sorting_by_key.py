"""Sorting a list of tuples (or dicts) holding differentiated values by a key that is not
differentiated: ``items.sort(key=lambda t: t[0])`` (was refused), ``sorted(items, key=...)``,
``operator.itemgetter(0)`` / ``attrgetter`` as the key (was refused: a value called), ``max``/``min``
with such a key. The order comes from the keys; the values' derivatives follow their items.
``xs.sort(...)`` changes the list in place: another name for it sees the new order."""
import operator
from operator import itemgetter

import numpy as np
import pytest

import transpiler
from transpiler.check import roundtrip

X = np.array([0.3, -1.2, 2.0, 0.7])
K = np.array([3.0, 1.0, 2.0, 0.5])
DIRECTION = np.array([1.0, -0.5, 0.25, 2.0])


def weighted(items):
    return sum(v * (j + 1) ** 2 for j, (_, v) in enumerate(items))


def sort_method_with_a_lambda(x, k):
    items = [(k[i], np.sin(x[i])) for i in range(4)]
    items.sort(key=lambda t: t[0])
    return weighted(items)


def sort_method_reversed_seen_through_another_name(x, k):
    items = list(zip(k, x ** 2))
    same = items
    items.sort(key=lambda t: t[0], reverse=True)
    return same[0][1] * 3.0 + items[1][1]


def sort_method_with_itemgetter(x, k):
    items = [(k[i], x[i] * x[0]) for i in range(4)]
    items.sort(key=operator.itemgetter(0))
    return weighted(items)


def sorted_with_itemgetter_reversed(x, k):
    return weighted(sorted([(k[i], x[i]) for i in range(4)], key=itemgetter(0), reverse=True))


def sorted_by_a_key_of_dicts(x, k):
    rows = [{"k": k[i], "v": np.exp(x[i])} for i in range(4)]
    rows.sort(key=lambda d: d["k"])
    return rows[0]["v"] * 3.0 + rows[2]["v"]


def min_with_itemgetter(x, k):
    pairs = [(x[i] ** 3, k[i]) for i in range(4)]
    return min(pairs, key=itemgetter(1))[0] + max(pairs, key=itemgetter(1))[0] * 2.0


CASES = [sort_method_with_a_lambda, sort_method_reversed_seen_through_another_name, sort_method_with_itemgetter,
         sorted_with_itemgetter_reversed, sorted_by_a_key_of_dicts, min_with_itemgetter]


@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_the_printed_ir_computes_the_functions_value(f):
    assert roundtrip.mismatch(f, (X, K)) is None


@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_both_modes_match_finite_differences(f):
    report = transpiler.check_grad(f, X, K)
    assert report.ok, report
    value, derivative = transpiler.jvp(f, (X, K), (DIRECTION, None))
    h = 1e-6
    assert value == pytest.approx(f(X, K), rel=1e-12)
    numeric = (f(X + h * DIRECTION, K) - f(X - h * DIRECTION, K)) / (2 * h)
    assert derivative == pytest.approx(numeric, rel=1e-6, abs=1e-9)


def test_sort_with_a_positional_argument_is_refused_located():
    def f(x):
        items = [(1.0, x[0]), (0.0, x[1])]
        items.sort(None)
        return items[0][1]
    with pytest.raises(transpiler.TranspileError, match="positional"):
        transpiler.grad(f)(X)
