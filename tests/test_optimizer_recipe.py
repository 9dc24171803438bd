"""The recipe of docs/optimizers.md: ``scipy.optimize.minimize(fun, x0, jac=True)`` with
``value_and_grad`` on a container of parameters, flattened by ``transpiler.ravel``. Each test
asserts the optimum the optimiser must reach."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import transpiler

optimize = pytest.importorskip("scipy.optimize")


def minimize_over(loss, params, *data, method="L-BFGS-B", **options):
    """The recipe: the value and the flat gradient in one call, the result back in ``params``'
    structure."""
    flat, unravel = transpiler.ravel(params)
    value_and_grad = transpiler.value_and_grad(loss)

    def fun(x):
        value, grads = value_and_grad(unravel(x), *data)
        return value, transpiler.ravel(grads)[0]

    result = optimize.minimize(fun, flat, jac=True, method=method, **options)
    return unravel(result.x), result


def regression_data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))
    y = X @ np.array([1.5, -2.0, 0.5]) + 0.3 + 0.05 * rng.normal(size=40)
    design = np.column_stack([X, np.ones(40)])
    best = np.linalg.lstsq(design, y, rcond=None)[0]
    return X, y, best


def squared_error(params, X, y):
    residual = X @ params["w"] + params["b"] - y
    return np.sum(residual ** 2)


@pytest.mark.parametrize("method", ["L-BFGS-B", "BFGS", "CG"])
def test_least_squares_over_a_dict_reaches_the_normal_equations_solution(method):
    X, y, best = regression_data()
    params, result = minimize_over(squared_error, {"w": np.zeros(3), "b": 0.0}, X, y, method=method,
                                   options={"gtol": 1e-10} if method != "L-BFGS-B" else {"gtol": 1e-10, "ftol": 1e-14})
    assert result.success
    assert type(params["b"]) is float and params["w"].shape == (3,)
    np.testing.assert_allclose(params["w"], best[:3], atol=1e-6)
    assert params["b"] == pytest.approx(best[3], abs=1e-6)


@dataclasses.dataclass
class Line:
    slope: np.ndarray
    intercept: np.ndarray


def line_error(line, X, y):
    return np.mean((X @ line.slope + line.intercept - y) ** 2)


def test_float32_parameters_in_a_dataclass_come_back_float32_at_the_optimum():
    X, y, best = regression_data()
    start = Line(np.zeros(3, dtype=np.float32), np.zeros((), dtype=np.float32))
    line, result = minimize_over(line_error, start, X.astype(np.float32), y.astype(np.float32))
    assert isinstance(line, Line) and line.slope.dtype == np.float32 and line.intercept.dtype == np.float32
    np.testing.assert_allclose(line.slope, best[:3], atol=1e-3)
    assert float(line.intercept) == pytest.approx(best[3], abs=1e-3)


def rosenbrock(p):
    x, (y,) = p
    return (1.0 - x) ** 2 + 100.0 * (y - x * x) ** 2


def test_rosenbrock_over_nested_tuples_of_python_floats_reaches_one_one():
    point, result = minimize_over(rosenbrock, (-1.2, (1.0,)), options={"gtol": 1e-10})
    x, (y,) = point
    assert result.success and type(x) is float
    assert (x, y) == (pytest.approx(1.0, abs=1e-5), pytest.approx(1.0, abs=1e-5))


def test_the_flat_gradient_scipy_receives_matches_its_finite_differences():
    X, y, _ = regression_data()
    params = {"w": np.array([0.3, -0.1, 0.2]), "b": 0.1}
    flat, unravel = transpiler.ravel(params)
    value_and_grad = transpiler.value_and_grad(squared_error)

    def fun(x):
        value, grads = value_and_grad(unravel(x), X, y)
        return value, transpiler.ravel(grads)[0]

    error = optimize.check_grad(lambda x: fun(x)[0], lambda x: fun(x)[1], flat)
    assert error < 1e-5 * np.linalg.norm(fun(flat)[1])


@pytest.mark.parametrize("method", ["Newton-CG", "trust-krylov", "trust-ncg"])
def test_second_order_methods_take_hessp_from_hvp_on_the_container(method):
    X, y, best = regression_data()
    flat, unravel = transpiler.ravel({"w": np.zeros(3), "b": 0.0})
    value_and_grad = transpiler.value_and_grad(squared_error)

    def fun(x):
        value, grads = value_and_grad(unravel(x), X, y)
        return value, transpiler.ravel(grads)[0]

    def hessp(x, p):
        return transpiler.ravel(transpiler.hvp(squared_error, unravel(x), unravel(p), X, y))[0]

    result = optimize.minimize(fun, flat, jac=True, hessp=hessp, method=method)
    assert result.success and result.nit <= 10         # a quadratic: Newton's method is exact
    np.testing.assert_allclose(result.x, best, atol=1e-5)


def test_hessp_from_hvp_is_the_hessian_the_normal_equations_give():
    X, y, _ = regression_data()
    flat, unravel = transpiler.ravel({"w": np.array([0.1, 0.2, 0.3]), "b": 0.5})
    design = np.column_stack([X, np.ones(len(y))])
    hessian = 2 * design.T @ design
    for k in range(flat.size):
        e = np.zeros_like(flat)
        e[k] = 1.0
        column = transpiler.ravel(transpiler.hvp(squared_error, unravel(flat), unravel(e), X, y))[0]
        np.testing.assert_allclose(column, hessian[:, k], rtol=1e-10)
