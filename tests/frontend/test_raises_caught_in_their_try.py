"""A ``raise`` inside a ``try`` block: caught by a clause of the same ``try`` (the queueing
program's ``if np.any(rho >= 1.0): raise ValueError("unstable node")`` with ``except ValueError:
return 1e6``), the clause's handler runs as in Python, the rest of the block skipped; caught by
none, it leaves the function (frontend/try_raises.py). Refused before ("a `try` block with the
statement `raise ValueError('unstable node')`")."""
import numpy as np
import pytest

import transpiler
from transpiler.check.finite_differences import numeric_gradient
from transpiler.errors import UnsupportedSyntaxError


def sojourn(mu, lam=np.array([2.0, 1.5, 0.8])):
    try:
        rho = lam / mu
        if np.any(rho >= 1.0):
            raise ValueError("unstable node")
        L = rho / (1.0 - rho)
    except ValueError:
        return 10.0 * np.sum(mu)
    return np.sum(L)


def in_a_loop(x):
    total = 0.0
    for i in range(3):
        try:
            if x[i] > 1.0:
                raise ArithmeticError("big")
            total = total + x[i] ** 2
        except (KeyError, ArithmeticError):
            total = total - 3.0 * x[i]
    return total


class Diverged(Exception):
    pass


def loop_in_the_try(x):
    total = 0.0
    try:
        for i in range(3):
            total = total + x[i] ** 2
            if total > 1.0:
                raise Diverged("too much")
            total = total * 2.0
    except Diverged:
        total = total + 100.0 * x[0]
    return total


def uncaught(x):
    try:
        if x[0] > 5.0:
            raise RuntimeError("too big")
        y = np.log(x)
    except ValueError:
        y = x
    return np.sum(y)


def reads_the_exception(x):
    try:
        if x[0] > 5.0:
            raise ValueError("too big")
        y = np.log(x)
    except ValueError as error:
        y = x * len(str(error))
    return np.sum(y)


def _line_of(text):
    with open(__file__) as source:
        return next(i for i, line in enumerate(source, start=1) if text in line)


@pytest.mark.parametrize("f, x", [
    (sojourn, np.array([6.0, 5.0, 4.5])),      # no raise
    (sojourn, np.array([6.0, 1.0, 4.5])),      # raised: the handler's value
    (in_a_loop, np.array([0.5, 1.5, 0.7])),    # raised in one iteration of three
    (loop_in_the_try, np.array([0.3, 0.2, 0.1])),   # never raised
    (loop_in_the_try, np.array([0.3, 0.9, 0.1])),   # raised in the second iteration: the loop left
    (uncaught, np.array([1.0, 2.0])),
])
def test_the_path_python_takes_is_differentiated_in_both_modes(f, x):
    value, g = transpiler.value_and_grad(f)(x)
    assert value == pytest.approx(f(x))
    np.testing.assert_allclose(g, numeric_gradient(f, (x,), 0), rtol=1e-6, atol=1e-9)
    direction = np.linspace(0.5, 1.0, x.size)
    _, tangent = transpiler.jvp(f, (x,), (direction,))
    assert tangent == pytest.approx(numeric_gradient(f, (x,), 0) @ direction, rel=1e-6)


def test_the_handler_gives_its_own_derivative():
    np.testing.assert_allclose(transpiler.grad(sojourn)(np.array([6.0, 1.0, 4.5])), [10.0, 10.0, 10.0])


def test_a_raise_no_clause_catches_leaves_the_function():
    with pytest.raises(RuntimeError, match="too big"):
        transpiler.grad(uncaught)(np.array([6.0, 2.0]))


def test_a_clause_reading_the_exception_is_refused_at_the_raise():
    with pytest.raises(UnsupportedSyntaxError, match="reads the exception") as info:
        transpiler.grad(reads_the_exception)(np.array([1.0, 2.0]))
    assert "test_raises_caught_in_their_try.py:" + str(_line_of("raise ValueError(\"too big\")")) in str(info.value)
