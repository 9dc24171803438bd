"""``for i in reversed(range(b))`` and ``reversed(range(a, b))`` lowered as a loop counting down
(frontend/enumerate_zip.py ``reversed_range``): the same values as Python, an empty range
included, the target left as Python leaves it, gradients checked against central differences."""
import numpy as np
import pytest

import transpiler as tp
from transpiler.driver import pipeline


def down(x, a, b):
    total = 0.0
    last = -1
    for i in reversed(range(a, b)):
        total = total * 0.5 + x[i] ** 2
        last = i
    return total + last


def down_from(x):
    out = np.zeros(len(x))
    for i in reversed(range(len(x))):
        out[i] = x[i] * (out[i + 1] if i + 1 < len(x) else 1.0)
    return np.sum(out)


@pytest.mark.parametrize("a, b", [(0, 6), (2, 5), (4, 2), (3, 3)])
def test_value_and_gradient_as_python_computes_them(a, b):
    x = np.linspace(0.1, 1.0, 6)
    value, gradient = tp.value_and_grad(down)(x, a, b)
    assert value == down(x, a, b)
    h = 1e-6
    expected = [(down(x + h * e, a, b) - down(x - h * e, a, b)) / (2 * h) for e in np.eye(6)]
    np.testing.assert_allclose(gradient, expected, rtol=1e-6, atol=1e-9)


def test_the_loop_counts_down_without_indexing_a_range():
    listing = pipeline.lowered(down).listing()
    assert "iterated(" not in listing and "range(" in listing
    x = np.linspace(0.1, 1.0, 5)
    assert tp.check_grad(down_from, x).ok
    assert tp.jvp(down_from, (x,), (np.ones(5),))[0] == pytest.approx(down_from(x))
