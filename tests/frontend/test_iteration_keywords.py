"""``zip(xs, ys, strict=True)`` and ``enumerate(xs, start=1)`` (frontend/iteration_keywords.py): the
plain zip's loop, in loops and comprehensions, with the lengths checked in the forward sweep;
enumerate's counter offset by ``start``. Both were refused ("this form of `zip(...)`"), and
ruff's B905 asks for ``strict=`` on every zip."""
import numpy as np
import pytest

import transpiler
from transpiler.errors import UnsupportedSyntaxError

from sequence_checks import assert_both_modes

X = np.array([0.3, -0.7, 1.2])


def loop(x):
    s = 0.0
    for a, b in zip(x, x[::-1], strict=True):
        s += a * np.sin(b)
    return s


def generator(x):
    return sum(a * b ** 2 for a, b in zip(x, [1.0, 2.0, 3.0], strict=True))


def not_strict(x):
    return sum(a * b for a, b in zip(x, x[1:], strict=False))


def counted_from_one(x):
    s = 0.0
    for i, v in enumerate(x, start=1):
        s += i * v ** 2
    return s + sum(i * np.sin(v) for i, v in enumerate(x[1:], 3))


def counted_from_a_parameter(x, first=2):
    out = np.zeros(5)
    for i, v in enumerate(x, first):
        out[i] = v * i
    return np.sum(out ** 2)


@pytest.mark.parametrize("f", [loop, generator, not_strict, counted_from_one, counted_from_a_parameter])
def test_zip_with_strict_matches_finite_differences_in_both_modes(f):
    assert_both_modes(f, X)
    g, h = transpiler.grad(f), 1e-6
    numeric = np.array([(g(X + h * e) - g(X - h * e)) / (2 * h) for e in np.eye(3)])
    np.testing.assert_allclose(transpiler.hessian(f)(X), numeric, rtol=1e-5, atol=1e-6)


def test_sequences_of_different_lengths_fail_the_check_as_python_refuses_them():
    def mismatched(x):
        return sum(a * b for a, b in zip(x, x[1:], strict=True))

    with pytest.raises(ValueError):
        mismatched(X)
    with pytest.raises(AssertionError, match="different lengths"):
        transpiler.grad(mismatched)(X)
    with pytest.raises(AssertionError, match="different lengths"):
        transpiler.jvp(mismatched, (X,), (X,))


def test_a_strict_flag_known_only_at_run_time_is_refused():
    def flagged(x, strict):
        return sum(a * b for a, b in zip(x, x, strict=strict))

    with pytest.raises(UnsupportedSyntaxError, match="strict=True or strict=False"):
        transpiler.grad(flagged)(X, True)
