"""backends/python_code.py: an ir.Function printed as Python. Lowering a function, printing its IR
and running the printed code gives the function's own value (a check of the frontend as much as
of the printer), and the printed code reads like the source: single-use temporaries folded back
into the expressions that use them, never across a statement that could observe the difference."""
from __future__ import annotations

import math
from collections import namedtuple
from dataclasses import dataclass

import numpy as np
import pytest

from transpiler.backends import python_code
from transpiler.driver.pipeline import free_values, lowered

SCALE = 3.0
Point = namedtuple("Point", "x y")


@dataclass
class Layer:
    w: np.ndarray
    b: float


def helper(a, b=2.0):
    return a * b - np.tanh(a)


def straight_line(x, y):
    z = np.sin(x) * y + 2.0
    return np.sum(z ** 2) / z.size


def branches(x, y):
    if np.sum(x) > y:
        r = x * y
    elif y > 1:
        r = x - y
    else:
        r = -x
    return float(r.sum()) if y > 0 else r.max()


def loops(x, n):
    s = 0.0
    for i in range(n):
        if x[i % x.size] > 0:
            s += x[i % x.size] ** 2
            continue
        s -= 1.0
    k = 0
    while k < 10 and s < 100:
        s = s * 1.5 + 1
        k += 1
        if s > 50:
            break
    return s


def helpers_and_globals(x, y):
    return helper(x, b=y).sum() + helper(y) * SCALE + math.exp(-y)


def closures(x, y):
    c = 2.0 * y

    def inner(v):
        return v * c + y

    g = lambda v: inner(v) ** 2  # noqa: E731
    return np.sum(g(x)) + g(y)


def containers(x, y):
    pair = (x, y)
    items = [x[0], x[1] * y]
    table = {"a": x * 2, "b": y}
    items.append(table["a"].sum())
    first, second = pair
    return sum(items) + np.sum(first) * second + table["b"]


def comprehensions(x, y):
    squares = [v * y for v in x]
    total = sum(v ** 2 for v in squares)
    return total + np.sum(np.array([x[i] * i for i in range(x.size)]))


def raising(x, y):
    if y < -1e9:
        raise ValueError("y too small")
    assert x.ndim == 1, "a vector"
    return np.dot(x, x) * y


def records(x, y):
    p = Point(x, y)
    layer = Layer(x * 2.0, y)
    return np.sum(p.x * p.y) + np.sum(layer.w) * layer.b


def random_draws(x, y):
    rng = np.random.default_rng(7)
    noise = rng.normal(size=x.shape)
    first, second = rng.uniform(), rng.uniform()
    return np.sum((x + noise) * y) + first - second


def writes(x, y):
    a = np.zeros(3)
    a[0] = y
    a[1:] = x[:2] * y
    a += 1.0
    b = a.copy()
    b[2] *= 2.0
    return np.sum(a * x[:3]) + b[2]


def tuple_outputs(x, y):
    q, r = np.linalg.qr(np.outer(x[:3], x[:3]) + y * np.eye(3))
    u, s, vt = np.linalg.svd(q @ r)
    return np.sum(s) + y


FUNCTIONS = [straight_line, branches, loops, helpers_and_globals, closures, containers, comprehensions,
             raising, records, random_draws, writes, tuple_outputs]
X = np.array([0.3, -1.2, 2.0, 0.7])
ARGUMENTS = {loops: (X, 7), branches: (X, 0.5)}


def printed(f):
    return python_code.compile_function(lowered(f))


@pytest.mark.parametrize("f", FUNCTIONS, ids=lambda f: f.__name__)
def test_the_printed_ir_computes_what_the_function_computes(f):
    args = ARGUMENTS.get(f, (X, 1.7))
    expected = f(*[np.copy(a) for a in args])
    got = printed(f)(*[np.copy(a) for a in args], **free_values(f))
    np.testing.assert_allclose(got, expected, rtol=1e-12)


@pytest.mark.parametrize("y", [-2.0, 0.5, 3.0])
def test_every_branch_of_the_printed_ir_agrees(y):
    got = printed(branches)(X, y, **free_values(branches))
    np.testing.assert_allclose(got, branches(X, y), rtol=1e-12)


def test_a_raise_in_the_printed_ir_raises_as_the_function_does():
    with pytest.raises(ValueError, match="y too small"):
        printed(raising)(X, -1e10, **free_values(raising))


def test_single_use_temporaries_fold_into_one_expression_like_the_source():
    text = python_code.module_source(lowered(straight_line))
    assert "    z = np.sin(x) * y + 2.0\n" in text
    assert "    return np.sum(z ** 2) / np.size(z)\n" in text
    assert "_t" not in text


def test_the_unfolded_printing_is_one_primitive_per_line():
    text = python_code.module_source(lowered(straight_line), fold=False)
    assert "_t1 = np.sin(x)" in text and "z = _t2 + 2.0" in text


def draws_in_order(y):
    rng = np.random.default_rng(3)
    a = rng.normal()
    b = rng.uniform()
    return b - a * y


def test_folding_keeps_the_order_of_random_draws():
    got = printed(draws_in_order)(2.0, **free_values(draws_in_order))
    assert got == draws_in_order(2.0)


def pops_then_reads(x):
    stack = [x, 2 * x]
    top = stack.pop()
    return top - stack.pop() * 3


def test_folding_keeps_the_order_of_pops():
    got = printed(pops_then_reads)(1.5, **free_values(pops_then_reads))
    assert got == pops_then_reads(1.5)


def test_a_while_loop_whose_test_is_one_expression_prints_as_while_test():
    def halve(x):
        while x > 1.0:
            x = x / 2
        return x
    text = python_code.module_source(lowered(halve))
    assert "while x > 1.0:" in text or "while x" in text.replace("_1", "")
    assert printed(halve)(40.0) == halve(40.0)


def chained(x, y):
    if -5.0 < y < 0.5 and 0.0 < x[0] < 10.0:
        return np.sum(x) * y
    return -np.inf


@pytest.mark.parametrize("y", [-6.0, 0.2, 0.7])
def test_a_chained_comparison_lowers_to_ir_that_prints_as_python(y):
    # (its middle operand's held name was merged after the branch as if it were a variable,
    # a statement binding a name with spaces in it)
    assert " held " not in lowered(chained).listing()
    got = printed(chained)(X, y, **free_values(chained))
    assert got == chained(X, y)
