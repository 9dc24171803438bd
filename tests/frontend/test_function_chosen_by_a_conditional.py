"""``F = expit if link == "logit" else norm.cdf`` with the test known only at run time (a string
parameter of the differentiated function, a flag argument), and the statement ``if flag: act =
relu`` ``else: act = np.tanh``: both sides name functions, and ``F(x)`` is the branches calling
each, as ``ACTIVATIONS[name](x)``'s are (function_dicts.py).
Each side's value and gradient against Python's and central differences, forward mode, the
Hessian; a side that is not a function is lowered as any conditional value."""
import numpy as np
import pytest
from scipy.special import expit
from scipy.stats import norm

import transpiler
from transpiler import check_grad

X = np.array([0.3, -0.5, 1.1])


def link_by_name(x, link="logit"):
    F = expit if link == "logit" else norm.cdf
    return np.sum(F(x) ** 2)


def activation_by_flag(x, use_tanh):
    act = np.tanh if use_tanh else np.sin
    return np.sum(act(x) * x)


def local_functions(x, squared):
    def square(v):
        return v * v
    f = square if squared else abs
    return np.sum(f(x - 0.1))


def relu(z):
    return np.maximum(z, 0.0)


def statement_form(x, flag):
    if flag:
        act = relu
    else:
        act = np.tanh
    return np.sum(act(x) * x)


def statement_form_lambda_and_reuse(x, flag):
    if flag:
        act = lambda z: z ** 3      # noqa: E731
    else:
        act = np.sin
    h = act(x)
    return np.sum(act(h))


def bound_on_one_path_only(x, flag):
    act = np.tanh
    if flag:
        act = relu
    return np.sum(act(x))


def not_functions(x, flag):
    scale = 2.0 if flag else x[0]
    return np.sum(x) * scale


@pytest.mark.parametrize("fn, extra", [(link_by_name, "logit"), (link_by_name, "probit"),
                                       (activation_by_flag, True), (activation_by_flag, False),
                                       (activation_by_flag, np.bool_(True)),
                                       (local_functions, True), (local_functions, False),
                                       (statement_form, True), (statement_form, False),
                                       (statement_form_lambda_and_reuse, True),
                                       (statement_form_lambda_and_reuse, False),
                                       (bound_on_one_path_only, True), (bound_on_one_path_only, False),
                                       (not_functions, True), (not_functions, False)])
def test_each_side_is_called_as_python_calls_it(fn, extra):
    value, gradient = transpiler.value_and_grad(fn)(X, extra)
    assert value == pytest.approx(fn(X, extra), rel=1e-14)
    report = check_grad(lambda x: fn(x, extra), X)
    assert report.ok, str(report)
    direction = np.array([0.2, -0.4, 0.7])
    _, tangent = transpiler.jvp(fn, (X, extra), (direction, None))
    assert tangent == pytest.approx(gradient @ direction, rel=1e-10)


def test_the_default_side_and_the_hessian():
    p = expit(X)
    # d/dx sum(expit(x)^2) = 2 p^2 (1 - p); the second derivative is diagonal
    np.testing.assert_allclose(transpiler.grad(link_by_name)(X), 2 * p ** 2 * (1 - p), rtol=1e-12)
    np.testing.assert_allclose(transpiler.hessian(link_by_name)(X),
                               np.diag(2 * p ** 2 * (1 - p) * (2 - 3 * p)), rtol=1e-10, atol=1e-14)
