"""A string argument is a constant of the call, as a function argument is
(frontend/function_arguments.py): ``getattr(np, name)``, ``ACTIVATIONS[name]``, ``if mode ==
"sum":`` with ``name`` / ``mode`` a parameter compile for the string passed, and a call with
another string compiles anew (the runner's call key holds it). A loop over string constants is
unrolled, each copy of its body with its name known. Both modes, second order, float32, a
helper, a default; an int stays a run-time value (a count varies from call to call)."""
import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad

ACTIVATIONS = {"tanh": np.tanh, "sin": np.sin}
X = np.array([0.3, -0.5, 1.2])
DERIVATIVES = {"sin": np.cos, "tanh": lambda x: 1 - np.tanh(x) ** 2, "exp": np.exp}


def by_getattr(x, name):
    act = getattr(np, name)
    return np.sum(act(x))


def _layer(x, name):
    return ACTIVATIONS[name](x)


def by_dict_in_a_helper(x, name="tanh"):
    return np.sum(_layer(x, name))


def by_branch(x, mode):
    if mode == "sum":
        return np.sum(np.sin(x))
    return np.sum(np.tanh(x))


@pytest.mark.parametrize("name", ["sin", "tanh"])
@pytest.mark.parametrize("f", [by_getattr, by_dict_in_a_helper], ids=lambda f: f.__name__)
def test_a_string_parameter_selects_the_function_compiled_in(f, name):
    np.testing.assert_allclose(transpiler.grad(f)(X, name), DERIVATIVES[name](X), rtol=1e-12)
    assert check_grad(f, X, name)
    v = np.array([0.5, -1.0, 2.0])
    _, tangent = transpiler.jvp(f, (X, name), (v, None))
    assert tangent == pytest.approx(DERIVATIVES[name](X) @ v)
    h = 1e-6
    numeric = (transpiler.grad(f)(X + h * v, name) - transpiler.grad(f)(X - h * v, name)) / (2 * h)
    np.testing.assert_allclose(transpiler.hessian(f)(X, name) @ v, numeric, rtol=1e-5, atol=1e-7)
    g32 = transpiler.grad(f)(X.astype(np.float32), name)
    assert g32.dtype == np.float32


def test_one_gradient_called_with_another_string_compiles_anew():
    gradient = transpiler.grad(by_getattr)
    for name in ("sin", "tanh", "exp", "sin"):
        np.testing.assert_allclose(gradient(X, name), DERIVATIVES[name](X), rtol=1e-12)
    branch = transpiler.grad(by_branch)
    np.testing.assert_allclose(branch(X, "sum"), np.cos(X), rtol=1e-12)
    np.testing.assert_allclose(branch(X, "other"), DERIVATIVES["tanh"](X), rtol=1e-12)


def by_default(x, name="exp"):
    return np.sum(getattr(np, name)(x))


def test_a_string_default_and_a_wrapper_lambda():
    np.testing.assert_allclose(transpiler.grad(by_default)(X), np.exp(X), rtol=1e-12)
    np.testing.assert_allclose(transpiler.grad(lambda x: by_getattr(x, "sin"))(X), np.cos(X), rtol=1e-12)


def over_string_constants(x):
    total = 0.0
    for name in ("sin", "tanh"):
        f = getattr(np, name)
        total = total + np.sum(f(x))
    return total


def over_a_local_tuple_of_names(x):
    names = ["tanh", "sin"]
    total = 0.0
    for k, name in enumerate(names):
        total = total + (k + 1.0) * np.sum(ACTIVATIONS[name](x))
    return total


def test_a_loop_over_string_constants_is_unrolled():
    expected = np.cos(X) + DERIVATIVES["tanh"](X)
    np.testing.assert_allclose(transpiler.grad(over_string_constants)(X), expected, rtol=1e-12)
    assert check_grad(over_string_constants, X)
    source = transpiler.grad(over_string_constants).source()
    assert "np.cos(x)" in source and "for " not in source.split("def over_string_constants_grad")[1]
    np.testing.assert_allclose(transpiler.grad(over_a_local_tuple_of_names)(X),
                               DERIVATIVES["tanh"](X) + 2 * np.cos(X), rtol=1e-12)
    _, tangent = transpiler.jvp(over_string_constants, (X,), (np.ones(3),))
    assert tangent == pytest.approx(np.sum(expected))


def repeated(x, n):
    total = 0.0
    for _ in range(n):
        total = total + np.sum(np.sin(x))
    return total


def test_an_int_argument_stays_a_run_time_value():
    gradient = transpiler.grad(repeated)
    np.testing.assert_allclose(gradient(X, 2), 2 * np.cos(X), rtol=1e-12)
    np.testing.assert_allclose(gradient(X, 3), 3 * np.cos(X), rtol=1e-12)
    assert "range(n)" in gradient.source(args=(X, 2))
