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


B = np.arange(1.0, 7.0).reshape(2, 3)


def plus_matrix(t):
    return t + B


def square_and_plus_matrix(t):
    return t ** 2, t + B


def built_array(x):
    return np.array([x[0] * x[1], x[2]])


def times_ones(t):
    return t * np.ones(3)


def matrix_times(x):
    return B @ x


def named_outputs(x):
    return {"scaled": 3.0 * x, "total": np.sum(x)}


def _by_full_cotangents(f, x, cotangent_of):
    """The pullback of the cotangent ``cotangent_of(out)`` spelled out leaf by leaf in full."""
    out, pullback = transpiler.vjp(f, x)
    return pullback(cotangent_of(out))[0]


@pytest.mark.parametrize("f, x, number, full", [
    (plus_matrix, 0.4, 1.0, lambda out: np.ones((2, 3))),
    (square_and_plus_matrix, 0.4, (1.0, 1.0), lambda out: (1.0, np.ones((2, 3)))),
    (built_array, np.array([0.4, -0.7, 1.1]), 1.0, lambda out: np.ones(2)),
    (times_ones, 0.5, 2.0, lambda out: np.full(3, 2.0)),
    (matrix_times, np.array([0.3, -0.2, 0.9]), 1.5, lambda out: np.full(2, 1.5)),
    (named_outputs, np.array([0.3, -0.2]), {"scaled": 1.0, "total": 2.0},
     lambda out: {"scaled": np.ones(2), "total": 2.0}),
])
def test_a_number_for_an_array_output_stands_for_itself_in_every_element(f, x, number, full):
    expected = _by_full_cotangents(f, x, full)
    for _ in range(3):              # (the first call and the warm ones)
        _, pullback = transpiler.vjp(f, x)
        np.testing.assert_allclose(pullback(number)[0], expected, rtol=1e-12)


def test_a_number_for_an_array_output_against_finite_differences():
    _, pullback = transpiler.vjp(plus_matrix, 0.4)
    h = 1e-6
    numeric = np.sum(plus_matrix(0.4 + h) - plus_matrix(0.4 - h)) / (2 * h)
    assert pullback(1.0)[0] == pytest.approx(numeric, rel=1e-8)      # (six elements: 6.0)


def test_none_in_a_cotangent_stands_for_zeros():
    x = np.array([0.4, -0.7, 1.1])
    for _ in range(3):
        _, pullback = transpiler.vjp(square_and_plus_matrix, 0.4)
        assert pullback((None, np.ones((2, 3))))[0] == pytest.approx(6.0)
        assert pullback((1.0, None))[0] == pytest.approx(0.8)
        _, pullback = transpiler.vjp(built_array, x)
        np.testing.assert_allclose(pullback(None)[0], np.zeros(3))


def test_none_for_a_container_inside_the_output_stands_for_zeros_of_each_leaf():
    x = np.array([0.4, -0.7, 1.1])
    _, pullback = transpiler.vjp(named_and_nested, x)
    np.testing.assert_allclose(pullback({"scaled": None, "parts": None})[0], np.zeros(3))
    np.testing.assert_allclose(pullback({"scaled": 1.0, "parts": (2.0, None)})[0],
                               pullback({"scaled": np.ones(3), "parts": (2.0, np.zeros(2))})[0])


def named_and_nested(x):
    return {"scaled": 3.0 * x, "parts": (np.sum(x), x[:2] ** 2)}
