"""``except KeyError`` and ``except IndexError`` around a subscript: a subscript raises those kinds of
LookupError, so the clause catches what the `try` block's reads raise and each read is asked about
(frontend/try_statements.py ``_catches_arithmetic``). The clause was taken to catch nothing a
subscript raises: a dict's missing key escaped the handler, and `while True: try: v = x[i] except
IndexError: break` never stopped (pr7's B7). Both modes against central differences."""
import numpy as np
import pytest

import transpiler

X = np.array([0.3, -0.7, 1.1])


def memoised_sines(x):
    cache = {}
    s = 0.0
    for i in [0, 1, 0, 2]:
        try:
            v = cache[i]
        except KeyError:
            v = np.sin(x[i])
            cache[i] = v
        s = s + v
    return s


def summed_until_out_of_range(x):
    i, s = 0, 0.0
    while True:
        try:
            v = x[i]
        except IndexError:
            break
        s = s + v * v
        i += 1
    return s


def list_read_or_default(x):
    values = [x[0] * 2.0, x[1]]
    total = 0.0
    for i in range(3):
        try:
            total = total + values[i] ** 2
        except IndexError:
            total = total + x[2]
    return total


@pytest.mark.parametrize("f", [memoised_sines, summed_until_out_of_range, list_read_or_default])
def test_a_lookup_error_kind_caught_around_a_subscript_runs_its_handler(f):
    h = 1e-6
    expected = np.array([(f(X + h * e) - f(X - h * e)) / (2 * h) for e in np.eye(3)])
    value, gradient = transpiler.value_and_grad(f)(X)
    assert value == pytest.approx(f(X), rel=1e-12)
    np.testing.assert_allclose(gradient, expected, rtol=1e-6, atol=1e-9)
    direction = np.array([0.5, -1.0, 2.0])
    assert transpiler.jvp(f, (X,), (direction,))[1] == pytest.approx(expected @ direction, rel=1e-6)
