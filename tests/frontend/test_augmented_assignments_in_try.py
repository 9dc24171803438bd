"""``x += v`` on a name inside a ``try`` block (the MT inversion's ``misfit += math.log10(ra /
ra_obs) ** 2 + ...`` guarded by ``except ZeroDivisionError``): its value is computed first, asked
statement by statement as any, then the update is asked as one operation (``lambda a, b: a +
b``), or runs unasked where no clause catches what arithmetic raises (try_statements.py
``_augmented``). Refused before ("a `try` block with the statement `misfit += ...`")."""
import math

import numpy as np
import pytest

import transpiler
from transpiler.check.finite_differences import numeric_gradient


def log_misfit(x, observed=(1.0, 2.0, 0.5)):
    misfit = 0.0
    for xi, o in zip(x, observed):
        try:
            misfit += (math.log10(xi / o)) ** 2 + (xi - o) ** 2 * 1e-2
        except ZeroDivisionError:
            misfit += 1e3
    return misfit


def handler_taken(x):
    total = 0.0
    for d in (0.0, 2.0, 4.0):       # Python floats: 1.0 / 0.0 raises
        try:
            total += 1.0 / d * x[0] ** 2
        except ZeroDivisionError:
            total += 100.0 * x[1]
        total *= 1.5
    return total


def in_place_updates_of_an_array(x):
    acc = np.zeros(2)
    try:
        acc += np.linalg.solve(np.array([[2.0, 1.0], [1.0, 3.0]]), x)
        acc *= 2.0
    except np.linalg.LinAlgError:
        acc = acc - 1.0
    return np.sum(acc ** 2)


@pytest.mark.parametrize("f", [log_misfit, handler_taken, in_place_updates_of_an_array])
def test_updates_in_a_try_block_are_differentiated_in_both_modes(f):
    x = np.array([1.3, 1.7, 0.9])[: 3 if f is log_misfit else 2]
    value, g = transpiler.value_and_grad(f)(x)
    assert value == pytest.approx(f(x))
    np.testing.assert_allclose(g, numeric_gradient(f, (x,), 0), rtol=1e-6, atol=1e-9)
    direction = np.linspace(0.5, 1.0, x.size)
    _, tangent = transpiler.jvp(f, (x,), (direction,))
    assert tangent == pytest.approx(numeric_gradient(f, (x,), 0) @ direction, rel=1e-6)


def test_the_handler_runs_where_the_update_raised():
    x = np.array([1.3, 1.7])
    g = transpiler.grad(handler_taken)(x)
    # 0.0: the handler adds 100 x1 (then *1.5 three times); 2.0 and 4.0 add x0**2 / d
    np.testing.assert_allclose(g, [2 * 1.3 * (1.5 ** 2 / 2.0 + 1.5 / 4.0), 100.0 * 1.5 ** 3])
