"""Forward over forward mode (``hessian(f, mode="forward")``) through ``.astype`` of a value the
function computed (pr6 finding 4): a cast to a float dtype is linear, and the first pass's tangent
``t.astype(np.float64)`` is now the cast primitive again for the second pass. Before, it was
refused ("has no rule"). A cast to integers stays piecewise constant: no derivative."""
import numpy as np
import pytest

import transpiler

X = np.array([0.3, -0.7, 1.1])


def cubes_cast_to_float64(x):
    return np.sum((x ** 3).astype(np.float64))


def sines_cast_to_float(x):
    return np.sum(np.sin(x).astype(float) ** 2)


def squares_through_float32_named_as_a_string(x):
    return np.sum((x * x).astype("float32").astype(np.float64))


def with_an_integer_cast_beside(x):
    return np.sum(x ** 2 + (x * 10).astype(int))


@pytest.mark.parametrize("f", [cubes_cast_to_float64, sines_cast_to_float, with_an_integer_cast_beside],
                         ids=lambda f: f.__name__)
def test_the_forward_hessian_through_a_cast_is_the_reverse_ones(f):
    np.testing.assert_allclose(transpiler.hessian(f, mode="forward")(X), transpiler.hessian(f)(X), rtol=1e-12, atol=0)


def test_the_forward_hessian_through_float32_is_rounded_as_the_values_are():
    hessian = transpiler.hessian(squares_through_float32_named_as_a_string, mode="forward")(X)
    np.testing.assert_allclose(hessian, 2 * np.eye(3), rtol=1e-6)


def test_the_forward_hessian_of_a_cast_matches_the_analytic_one():
    np.testing.assert_allclose(transpiler.hessian(cubes_cast_to_float64, mode="forward")(X), np.diag(6 * X),
                               rtol=1e-12)
