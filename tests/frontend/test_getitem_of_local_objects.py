"""``obj[k]`` of an object made in the function whose class writes ``__getitem__``
(frontend/operator_overloads.py): the method inlined, as other methods are. It was refused with
"index it with a constant" even where the index was one. Value, both modes and the Hessian
against finite differences: by a string and an integer key, a tuple key, through a helper given
the object, in a loop over keys, in a branch, and float32; a class without ``__getitem__`` is
Python's TypeError, refused where written."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError
from order_checks import assert_all_orders

X = np.array([0.4, -1.2, 0.7])


class Params:
    def __init__(self, w, b):
        self.w = w
        self.b = b

    def __getitem__(self, key):
        if key == "w":
            return self.w
        return self.b


class Grid:
    def __init__(self, values):
        self.values = values

    def __getitem__(self, ij):
        i, j = ij
        return self.values[i] * self.values[j]


def by_name(x):
    p = Params(x, np.sin(x))
    return np.sum(p["w"] * p["b"])


def score(params, x):
    return np.sum(np.tanh(params["w"] * x) + params["b"] ** 2)


def through_a_helper_in_a_loop_and_a_branch(x):
    p = Params(x ** 2, 0.5 * x)
    total = 0.0
    for key in ["w", "b"]:
        if key == "w":
            total = total + np.sum(p[key])
        else:
            total = total + score(p, x) * np.sum(p[key])
    return total


def by_a_tuple(x):
    g = Grid(x)
    return g[0, 1] + g[2, 2] * g[1, 0]


@pytest.mark.parametrize("f", [by_name, through_a_helper_in_a_loop_and_a_branch, by_a_tuple])
def test_getitem_is_inlined_in_every_order(f):
    assert_all_orders(f, X)


def test_float32():
    g = transpiler.grad(by_name)(X.astype(np.float32))
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, transpiler.grad(by_name)(X), rtol=1e-5)


class Plain:
    def __init__(self, w):
        self.w = w


def indexes_a_plain_object(x):
    return np.sum(Plain(x)["w"])


def slices_an_object(x):
    return np.sum(Params(x, x)[0:2])


def test_without_getitem_or_with_a_slice_the_refusal_says_so():
    with pytest.raises(UnsupportedSyntaxError, match=r"whose class has no `__getitem__`") as caught:
        transpiler.grad(indexes_a_plain_object)(X)
    assert caught.value.location.line == indexes_a_plain_object.__code__.co_firstlineno + 1
    with pytest.raises(UnsupportedSyntaxError, match=r"a slice given to `Params.__getitem__`"):
        transpiler.grad(slices_an_object)(X)
