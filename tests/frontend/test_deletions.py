"""``del`` statements (frontend/deletions.py): ``del name``, ``del xs[i]`` of a list the function
made, ``del d["k"]`` of a dict it built. They were refused with the hint "drop the statement;
unused values are removed automatically", which for ``del xs[0]`` changes the result."""
import numpy as np
import pytest

import transpiler
from transpiler.errors import UnsupportedSyntaxError

from sequence_checks import assert_both_modes

X = np.array([0.3, -0.7, 1.2])


def deletes_a_name(x):
    y = x * 2
    z = np.sin(y) + 1
    del y
    return np.sum(z ** 2)


def deletes_list_items(x):
    items = [x[0], x[1] ** 2, x[2] * 3.0, 1.0]
    del items[0], items[-1]
    squares = []
    for v in x:
        squares.append(v ** 2)
    del squares[1]
    return sum(v * (i + 1) for i, v in enumerate(items)) + sum(squares)


def deletes_dict_entries(x):
    d = {"a": x[0], "b": x[1] ** 2, "c": 1.0}
    del d["a"], d["c"]
    return sum(d.values()) * len(d) + x[2]


def deletes_in_a_branch(x):
    t = x[0] * x[2]
    if x[1] > 0:
        del t
        t = x[1]
    return t * 2


@pytest.mark.parametrize("f", [deletes_a_name, deletes_list_items, deletes_dict_entries, deletes_in_a_branch])
def test_deletions_match_finite_differences_in_both_modes_and_second_order(f):
    assert_both_modes(f, X)
    g, h = transpiler.grad(f), 1e-6
    numeric = np.array([(g(X + h * e) - g(X - h * e)) / (2 * h) for e in np.eye(3)])
    np.testing.assert_allclose(transpiler.hessian(f)(X), numeric, rtol=1e-5, atol=1e-6)


def test_reading_a_deleted_name_raises_as_python_does():
    def read_after(x):
        y = x * 2
        del y
        return np.sum(y)

    def maybe_deleted(x):
        t = x[0]
        if x[1] > 0:
            del t
        return t * 2

    with pytest.raises(UnsupportedSyntaxError, match="`y`, which is unbound here"):
        transpiler.grad(read_after)(X)
    assert transpiler.grad(maybe_deleted)(X) == pytest.approx([2.0, 0.0, 0.0])     # x[1] < 0: kept
    with pytest.raises(UnboundLocalError):
        transpiler.grad(maybe_deleted)(-X)                                          # deleted: raises


def test_deleting_an_array_element_is_refused_with_what_to_write():
    def array_item(x):
        y = x.copy()
        del y[0]
        return np.sum(y)

    with pytest.raises(UnsupportedSyntaxError, match="np.delete") as error:
        transpiler.grad(array_item)(X)
    assert "del y[0]" in str(error.value)
