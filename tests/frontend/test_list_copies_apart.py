"""A new list holding another list's items is another list object (frontend/containers.py
``_apart_from``, loops.py ``_iterable``): replacing an item of one leaves the other as it was,
as in Python. Two false aliasing refusals of issue 15: ``keep = list(lst); lst[i] = ...;
keep[...]`` (``list()`` copies; so do ``lst.copy()``, ``[*lst]``, ``copy.copy(lst)``), and
reading ``a`` after ``arrs[i] = a * 2`` in ``for i, a in enumerate(arrs)`` (``a * 2`` is a new
array; ``a`` is the old item). Value, both modes and the Hessian against finite differences;
in a helper, a branch and a loop. The items' memory is still shared: an in-place write through
one list's item, read through the other, stays refused."""
import copy

import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError
from order_checks import assert_all_orders

X = np.array([0.5, -1.5, 2.0])


def kept_by_list(x):
    lst = [x, 2 * x]
    keep = list(lst)
    lst[0] = x ** 3
    return np.sum(keep[0] * lst[0] + keep[1])


def kept_by_every_spelling(x):
    lst = [np.sin(x), x]
    copies = [list(lst), lst.copy(), [*lst], copy.copy(lst), tuple(lst)]
    lst[0] = x ** 2
    lst.append(x)
    return sum(np.sum(c[0] * c[1]) for c in copies) + np.sum(lst[0])


def doubled(arrs):
    for i, a in enumerate(arrs):
        arrs[i] = a * 2
        if i == 0:
            first = np.sum(a ** 2)           # the old item, read after its slot was replaced
    return arrs, first


def doubled_through_a_helper_in_a_loop(x):
    total = 0.0
    for step in range(2):
        arrs, first = doubled([x * (step + 1), np.cos(x)])
        total = total + first + np.sum(arrs[1] * arrs[0])
    return total


def enumerate_reads_the_old_item(x):
    arrs = [x, x + 1.0]
    for i, a in enumerate(arrs):
        arrs[i] = a * 2
        y = np.sum(a * x)
    return np.sum(arrs[0]) + y


@pytest.mark.parametrize("f", [kept_by_list, kept_by_every_spelling, doubled_through_a_helper_in_a_loop,
                               enumerate_reads_the_old_item])
def test_copies_and_replaced_items_in_every_order(f):
    assert_all_orders(f, X)


def test_values_are_pythons():
    for f in (kept_by_list, kept_by_every_spelling, enumerate_reads_the_old_item):
        assert transpiler.value_and_grad(f)(X)[0] == pytest.approx(f(X))


def written_in_place_through_the_copy(x):
    lst = [x * 1.0, x]
    keep = list(lst)
    keep[0] += 1.0                          # the array both lists hold, changed in place
    return np.sum(lst[0] * x)


def test_an_in_place_write_into_a_shared_item_stays_refused():
    with pytest.raises(UnsupportedSyntaxError, match="`lst` is read after a write through `keep`"):
        transpiler.grad(written_in_place_through_the_copy)(X)
