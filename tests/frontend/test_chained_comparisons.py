"""``a < b < c`` as Python runs it (``a < b and b < c``, ``b`` evaluated once, ``c`` only when
``a < b`` holds), in branches and loops, both modes."""
import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad


def in_a_box(theta):
    m, b = theta[0], theta[1]
    if -5.0 < m < 0.5 and 0.0 < b < 10.0:
        return m * m + b
    return np.sin(m) * b


def three_links(x):
    s = 0.0
    for i in range(3):
        if 0.1 < x[i] <= 0.5 < 1.0:
            s = s + x[i] ** 2
        else:
            s = s + np.sin(x[i])
    return s


def as_a_value(x):
    inside = 0.0 < x[0] < x[1]
    return np.sum(x * x) * (2.0 if inside else 3.0)


@pytest.mark.parametrize("f, x", [
    (in_a_box, np.array([0.1, 2.0])), (in_a_box, np.array([1.1, 2.0])), (in_a_box, np.array([0.1, 12.0])),
    (three_links, np.array([0.2, 0.7, 0.4])), (as_a_value, np.array([0.5, 0.7])), (as_a_value, np.array([0.8, 0.7])),
])
def test_chained_comparisons_decide_branches_as_python_does(f, x):
    assert check_grad(f, x)
    value, tangent = transpiler.jvp(f, (x,), (np.ones_like(x),))
    assert value == pytest.approx(f(x))
    assert tangent == pytest.approx(np.sum(transpiler.grad(f)(x)))
