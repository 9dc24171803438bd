"""A nested function writing into an object of the function that defines it and calls it: a
closure accumulating into a one-item list (``total[0] += v``), a dict of running statistics, an
array (``acc[i] += v``), called in a loop. The write is followed as the enclosing function's own
(frontend/helper_results.py ``captured_writes``): the enclosing name is rebound to the written
value after the call, as for ``nonlocal``, and a loop calling the function carries it. Both modes
and second order against finite differences. A closure called elsewhere (a factory's, or one
passed to a helper) keeps its cells past the call: refused, located."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

import python_semantics

X0 = np.array([0.3, 0.7, 1.1, 1.3])
DIRECTION = np.array([1.0, -0.5, 0.25, 2.0])


def accumulated_in_a_one_item_list(x):
    total = [0.0]

    def add(v):
        total[0] += v
    for i in range(4):
        add(x[i] ** 2)
    return total[0] * x[0]


def accumulated_in_an_array(x):
    acc = np.zeros(3)

    def add(i, v):
        acc[i] += v
    for i in range(3):
        add(i, x[i] ** 2)
    add(0, x[3])
    return np.sum(acc ** 2)


def running_statistics_in_a_dict(x):
    stats = {"s": 0.0, "n": 0}

    def seen(v):
        stats["s"] += v
        stats["n"] += 1
    for i in range(4):
        if x[i] > 0.5:
            seen(x[i] ** 2)
    return stats["s"] / stats["n"]


def written_and_returned(x):
    total = [0.0]

    def add(v):
        total[0] = total[0] + v
        return total[0]
    s = 0.0
    for i in range(4):
        s = s + add(x[i]) * x[i]
    return s + total[0]


def seen_through_another_name(x):
    total = [0.0]
    alias = total

    def add(v):
        total[0] += v
    add(x[0] * x[1])
    add(x[2])
    return alias[0] * total[0]


def nonlocal_counter(x):
    total = 0.0

    def add(v):
        nonlocal total
        total += v
    for i in range(4):
        add(x[i] * x[3 - i])
    return total ** 2


@pytest.mark.parametrize("f", [accumulated_in_a_one_item_list, accumulated_in_an_array, running_statistics_in_a_dict,
                               written_and_returned, seen_through_another_name, nonlocal_counter],
                         ids=lambda f: f.__name__)
def test_a_nested_function_writing_into_the_enclosing_functions_object_is_followed(f):
    python_semantics.check(f, X0.copy(), DIRECTION, keeps_float32=False)


def _make_adder():
    total = [0.0]

    def add(v):
        total[0] += v
        return total[0]
    return add


def made_by_a_factory(x):
    add = _make_adder()
    add(x[0])
    return add(x[1])


def _run_all(f, xs):
    for v in xs:
        f(v)


def passed_to_a_helper(x):
    total = [0.0]

    def add(v):
        total[0] += v
    _run_all(add, x)
    return total[0] ** 2


@pytest.mark.parametrize("f", [made_by_a_factory, passed_to_a_helper], ids=lambda f: f.__name__)
def test_a_closure_writing_into_its_cell_called_elsewhere_is_refused_located(f):
    for transform in (transpiler.grad(f), lambda x: transpiler.jvp(f, (x,), (DIRECTION,))):
        with pytest.raises(UnsupportedSyntaxError, match="writing into `total`, a variable of the enclosing "
                                                         "function") as caught:
            transform(X0.copy())
        assert "total[0] += v" in str(caught.value)
        assert "call it only in the function that defines it" in str(caught.value)
