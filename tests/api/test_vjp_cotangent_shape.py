"""``vjp``'s pullback takes a cotangent of the output's shape (or a number, for that number in
every element); any other shape is refused before the generated code runs: broadcast there, it
gave an adjoint of the wrong shape (a (2, 5, 3) "gradient" for a (5, 3) parameter) or failed
deep inside the generated code."""
import numpy as np
import pytest

import transpiler

A = np.linspace(-1.0, 1.0, 15).reshape(5, 3)


def rolled_sines(a):
    return np.roll(np.sin(a), 1)


def column_sums_of_squares(a):
    return np.sum(a * a, axis=0)


def shifted(a):
    return a[1:] * 2.0


@pytest.mark.parametrize("f, cotangent", [
    (rolled_sines, np.ones(3)),              # would broadcast up to the output's shape
    (rolled_sines, np.ones((2, 5, 3))),      # would broadcast the adjoint to (2, 5, 3)
    (column_sums_of_squares, np.ones((4, 3))),
    (column_sums_of_squares, np.ones(5)),
])
def test_a_cotangent_of_another_shape_is_refused(f, cotangent):
    _, pullback = transpiler.vjp(f, A)
    with pytest.raises(ValueError, match=r"a cotangent of shape \(.*\) for an output of shape \(.*\)"):
        pullback(cotangent)


@pytest.mark.parametrize("f", [rolled_sines, column_sums_of_squares, shifted])
def test_a_cotangent_of_the_outputs_shape_against_finite_differences(f):
    out, pullback = transpiler.vjp(f, A)
    u = np.cos(np.arange(np.size(out)) + 0.5).reshape(np.shape(out))
    (adjoint,) = pullback(u)
    assert adjoint.shape == A.shape
    direction = np.sin(np.arange(A.size) + 1.0).reshape(A.shape)
    h = 1e-6
    numeric = np.sum(u * (f(A + h * direction) - f(A - h * direction))) / (2 * h)
    assert np.sum(adjoint * direction) == pytest.approx(numeric, rel=1e-6)
    _, tangent = transpiler.jvp(f, (A,), (direction,))
    assert np.sum(u * tangent) == pytest.approx(numeric, rel=1e-6)


def test_a_number_stands_for_itself_in_every_element():
    _, pullback = transpiler.vjp(column_sums_of_squares, A)
    np.testing.assert_allclose(pullback(2.0)[0], pullback(np.full(3, 2.0))[0])
    np.testing.assert_allclose(pullback(2.0)[0], 4.0 * A)
