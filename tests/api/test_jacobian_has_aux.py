"""``jacobian(f, has_aux=True)``, as JAX's ``jacrev`` and ``jacfwd``: ``f`` returns ``(out, aux)``;
the Jacobian is ``out``'s, in either mode, and ``aux`` (any values) comes back undifferentiated."""
import numpy as np
import pytest

import transpiler
from transpiler.errors import OutputShapeError

X = np.array([0.3, -1.2, 2.0])


def _with_metrics(x):
    y = np.sin(x) * x
    return y, {"norm": np.sum(y * y), "count": len(x), "label": "step", "y": y}


def _central_differences(f, x, h=1e-6):
    columns = [(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(x.size)]
    return np.stack(columns, -1)


@pytest.mark.parametrize("mode", ["forward", "reverse", "auto"])
def test_the_jacobian_is_of_the_first_output_and_aux_comes_back_as_computed(mode):
    jacobian = transpiler.jacobian(_with_metrics, mode=mode, has_aux=True)
    for _ in range(2):
        J, aux = jacobian(X)
        np.testing.assert_allclose(J, _central_differences(lambda x: _with_metrics(x)[0], X), atol=1e-8)
        assert aux["count"] == 3 and aux["label"] == "step"
        assert aux["norm"] == np.sum((np.sin(X) * X) ** 2)
        np.testing.assert_array_equal(aux["y"], np.sin(X) * X)


def _scalar_and_doubled(x):
    return np.sum(x * x), x * 2


@pytest.mark.parametrize("mode", ["forward", "reverse"])
def test_a_scalar_output_with_aux_has_the_gradient_as_its_jacobian(mode):
    J, aux = transpiler.jacobian(_scalar_and_doubled, mode=mode, has_aux=True)(X)
    np.testing.assert_allclose(J, 2 * X)
    np.testing.assert_array_equal(aux, 2 * X)


def _pair_and_count(x):
    return (x, x * x), 3


@pytest.mark.parametrize("mode", ["forward", "reverse"])
def test_a_tuple_output_with_aux_has_a_tuple_of_jacobians(mode):
    (J_x, J_square), aux = transpiler.jacobian(_pair_and_count, mode=mode, has_aux=True)(X)
    np.testing.assert_allclose(J_x, np.eye(3))
    np.testing.assert_allclose(J_square, np.diag(2 * X))
    assert aux == 3


def _product_and_sum(a, b):
    return a * b, a + b


def test_several_parameters_with_aux():
    (J_a, J_b), aux = transpiler.jacobian(_product_and_sum, (0, 1), has_aux=True)(X, 2.0)
    np.testing.assert_allclose(J_a, 2 * np.eye(3))
    np.testing.assert_allclose(J_b, X)
    np.testing.assert_array_equal(aux, X + 2.0)


def _number(x):
    return np.sin(x) * x, {"x": x}


@pytest.mark.parametrize("mode", ["forward", "reverse"])
def test_a_number_argument_with_aux(mode):
    J, aux = transpiler.jacobian(_number, mode=mode, has_aux=True)(1.5)
    assert np.isclose(J, np.sin(1.5) + 1.5 * np.cos(1.5))
    assert aux == {"x": 1.5}


def _no_pair(x):
    return x * 2


def _triple(x):
    return x, x, x


@pytest.mark.parametrize("f", [_no_pair, _triple])
def test_a_function_not_returning_a_pair_is_refused_as_grad_refuses_it(f):
    with pytest.raises(OutputShapeError, match="must return a pair"):
        transpiler.jacobian(f, has_aux=True)(X)


def test_without_has_aux_the_pair_is_a_tuple_output():
    J_out, J_aux = transpiler.jacobian(_scalar_and_doubled)(X)
    np.testing.assert_allclose(J_out, 2 * X)
    np.testing.assert_allclose(J_aux, 2 * np.eye(3))
