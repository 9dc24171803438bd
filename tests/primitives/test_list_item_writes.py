"""An item of a list (or dict) written under a branch, in reverse mode: the reverse sweep keeps
a list of known length item by item and hands it back whole as a tuple where a branch's path
or a helper ends, and ``cleared_at`` (primitives/indexing.py) took only lists and dicts: a
TypeError ("Tuple must have size 2", "Cannot construct a dtype from an array") instead of a
gradient. Each spelling is checked against finite differences in both modes and to second
order, on both paths of the branch."""
import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad
from transpiler.primitives.indexing import cleared_at
from transpiler.primitives.runtime import accumulate

POSITIVE = np.array([0.3, 0.5, 0.7])
NEGATIVE = np.array([-0.3, 0.5, -0.9])
SCALE = 1.5


def write_the_middle(layers, x):
    layers[1] = np.sin(x)
    return layers


def list_of_arrays(x):
    layers = [x, x * 2, x * 3]
    if x.sum() > 0:
        layers[1] = np.sin(x)
    return sum((l * l).sum() for l in layers)


def from_the_end(x):
    layers = [x, x * 2, x * 3]
    if x.sum() > 0:
        layers[-1] = np.sin(x) * SCALE          # (a global constant)
    return sum((l * l).sum() for l in layers)


def list_of_numbers(x):
    vals = [x[0], x[1] * 2, x[2] * 3]
    if x[0] > 0:
        vals[1] = np.sin(x[1]) * x[0]
    return vals[0] * vals[1] + vals[2]


def nested_item(x):
    layers = [[x, x * 2], [x * 3, x * 4]]
    if x.sum() > 0:
        layers[1][0] = np.sin(x)
    return sum(sum((a * a).sum() for a in row) for row in layers)


def nested_row(x):
    layers = [[x, x * 2], [x * 3, x * 4]]
    if x.sum() > 0:
        layers[1] = [np.sin(x), x]
    return sum(sum((a * a).sum() for a in row) for row in layers)


def through_a_helper(x):
    layers = [x, x * 2, x * 3]
    if x.sum() > 0:
        write_the_middle(layers, x)             # (the helper writes the caller's list)
    return sum((l * l).sum() for l in layers)


def through_an_alias(x):
    lst = [x, x * 2]
    a = lst
    if x.sum() > 0:
        a[0] = np.sin(x)
    return (lst[0] * lst[1]).sum()


def augmented(x):
    lst = [x, x * 2]
    if x.sum() > 0:
        lst[0] *= np.sin(x)
    return (lst[0] * lst[1]).sum()


def slice_written(x):
    lst = [x, x * 2, x * 3]
    if x.sum() > 0:
        lst[:2] = [np.sin(x), np.cos(x)]
    return sum((l * l).sum() for l in lst)


def tuples_in_a_list(x):
    lst = [(x, x * 2), (x * 3, x)]
    if x.sum() > 0:
        lst[0] = (np.sin(x), x)
    return sum((a * b).sum() for a, b in lst)


def read_by_a_lambda(x):
    product = lambda l: l[0] * l[1]
    lst = [x, x * 2]
    if x.sum() > 0:
        lst[1] = np.exp(x)
    return product(lst).sum()


def dict_entry(x):
    d = {"a": x, "b": x * 2}
    if x.sum() > 0:
        d["b"] = np.sin(x)
    return (d["a"] * d["b"]).sum()


def returned_on_the_branch(x):
    layers = [x, x * 2]
    if x.sum() > 0:
        layers[0] = np.sin(x)
        return sum((l * l).sum() for l in layers)     # (the list's adjoint met as a tuple and a list)
    return (layers[0] * layers[1]).sum()


def read_on_the_branch_and_after(x):
    layers = [x, x * 2]
    s = x * 0
    if x.sum() > 0:
        s = layers[0] * layers[1]
        layers[1] = np.sin(x)
    return (s + sum(layers)).sum()


def two_branches(x):
    layers = [x, x * 2, x * 3]
    if x[0] > 0:
        layers[0] = np.sin(layers[1])
    if x[1] > 0.4:
        layers[2] = layers[0] * layers[2]
    return sum((l * l).sum() for l in layers)


def list_in_a_dict(x):
    d = {"w": [x, x * 2], "b": x}
    if x.sum() > 0:
        d["w"][1] = np.sin(x) * d["b"]
    return (d["w"][0] * d["w"][1]).sum() + d["b"].sum()


def dicts_in_a_list(x):
    entries = [{"a": x}, {"a": x * 2}]
    if x.sum() > 0:
        entries[1]["a"] = np.cos(x)
    return (entries[0]["a"] * entries[1]["a"]).sum()


CASES = [list_of_arrays, from_the_end, list_of_numbers, nested_item, nested_row, through_a_helper,
         through_an_alias, augmented, slice_written, tuples_in_a_list, read_by_a_lambda, dict_entry,
         returned_on_the_branch, read_on_the_branch_and_after, two_branches, list_in_a_dict, dicts_in_a_list]


def numeric_gradient(f, x, h=1e-6):
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(x.size)])


@pytest.mark.parametrize("x", [POSITIVE, NEGATIVE], ids=["written", "not_written"])
@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_an_item_written_under_a_branch_in_both_modes(f, x):
    value, g = transpiler.value_and_grad(f)(x.copy())
    assert np.isclose(value, f(x.copy()))
    assert check_grad(f, x.copy())
    direction = np.array([0.3, -0.2, 0.5])
    _, tangent = transpiler.jvp(f, (x.copy(),), (direction,))
    assert np.isclose(tangent, numeric_gradient(f, x) @ direction, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("f", [list_of_arrays, nested_item, through_an_alias, list_of_numbers],
                         ids=lambda f: f.__name__)
def test_second_order_through_an_item_written_under_a_branch(f):
    gradient = transpiler.grad(f)
    hessian = transpiler.hessian(f)(POSITIVE)
    expected = np.array([(gradient(POSITIVE + 1e-5 * e) - gradient(POSITIVE - 1e-5 * e)) / 2e-5 for e in np.eye(3)])
    assert np.allclose(hessian, expected, atol=1e-6)


def test_float32_items_written_under_a_branch():
    x = POSITIVE.astype(np.float32)

    def f(x):
        layers = [x, x * 2, x * 3]
        if x.sum() > 0:
            layers[1] = np.sin(x)
        return sum((l * l).sum() for l in layers)
    g = transpiler.grad(f)(x)
    assert np.allclose(g, 2 * x + 8 * x * 1 + 18 * x - 8 * x + 2 * np.sin(x) * np.cos(x), rtol=1e-5)


def test_cleared_at_takes_a_list_adjoint_given_as_a_tuple():
    x = [np.ones(2), np.ones(3), 2.0]
    d = (np.full(2, 5.0), np.full(3, 6.0), 7.0)
    out = cleared_at(d, 1, x)
    assert type(out) is list and np.array_equal(out[0], d[0]) and out[2] == 7.0
    assert np.array_equal(out[1], np.zeros(3))
    assert d[1][0] == 6.0                     # the adjoint given is not changed


def test_accumulate_adds_a_tuple_adjoint_item_by_item():
    a = (np.array([1.0, 2.0]), 3.0)
    total = accumulate(a, [np.array([10.0, 20.0]), 30.0])
    assert len(total) == 2 and np.array_equal(total[0], [11.0, 22.0]) and total[1] == 33.0
    assert len(accumulate(a, a)) == 2           # never the tuples' concatenation
