"""``next(iter(xs))``, ``next(iter(d.values()))`` and ``next((v for v in xs if c), default)``
(frontend/first_items.py): the first item of a sequence or of a generator expression's items
was refused ("no derivative rule for `iter`" / "`next`") wherever it held a differentiated value."""
import numpy as np
import pytest
from python_semantics import check_as_python

import transpiler

X = np.array([1.5, 2.0, 0.7])


def first_value_of_a_dict(x):
    d = {"a": x[0] * 2.0, "b": x[1]}
    return next(iter(d.values())) * x[1]


def first_item_of_a_list(x):
    xs = [x[0] * 3.0, x[1]]
    return next(iter(xs)) * x[2]


def first_key_of_a_dict(x):
    d = {"b": x * 2.0, "a": x}
    k = next(iter(d))
    return np.sum(d[k] * x) * (k == "b")


def first_pair_of_a_dict(x):
    d = {"bb": x * x, "a": x}
    k, v = next(iter(d.items()))
    return np.sum(v) * len(k)


def first_row_of_an_array(x):
    return np.sum(next(iter(np.outer(x, x))) * x)


def first_match_or_default(x):
    never = next((v * 2.0 for v in x if v > 100.0), np.sum(x * x))
    found = next((v * v for v in x if v > 1.0), 0.0)
    return never + found


def first_item_of_an_empty_slice_is_the_default(x):
    return next(iter(x[3:]), x[0] * x[1]) ** 2


CASES = [first_value_of_a_dict, first_item_of_a_list, first_key_of_a_dict, first_pair_of_a_dict,
         first_row_of_an_array, first_match_or_default, first_item_of_an_empty_slice_is_the_default]


@pytest.mark.parametrize("f", CASES)
def test_the_value_and_gradient_are_pythons_in_both_modes(f):
    check_as_python(f, X)


def test_the_hessian_through_the_first_match():
    # sum(x * x) (no item > 100) + x0 ** 2 (the first item > 1)
    np.testing.assert_allclose(transpiler.hessian(first_match_or_default)(X), np.diag([4.0, 2.0, 2.0]), rtol=1e-12)


def first_value_of_a_dict_argument(p):
    return np.sum(next(iter(p.values())) ** 2)


def test_the_first_value_of_a_dict_argument():
    gradient = transpiler.grad(first_value_of_a_dict_argument)({"a": X, "b": 2.0 * X})
    np.testing.assert_allclose(gradient["a"], 2.0 * X, rtol=1e-12)
    np.testing.assert_allclose(gradient["b"], 0.0 * X)


def iterator_read_twice(x):
    it = iter([x[0], x[1]])
    return next(it) * next(it)


def test_an_iterator_bound_to_a_name_is_refused_where_it_is_made_saying_what_to_write():
    with pytest.raises(transpiler.UnknownFunctionError, match="`iter`") as raised:
        transpiler.grad(iterator_read_twice)(X)
    assert raised.value.location.line == iterator_read_twice.__code__.co_firstlineno + 1
    assert "read the items by index" in str(raised.value)
