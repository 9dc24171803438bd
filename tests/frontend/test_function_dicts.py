"""Dicts of functions, the registry spelling of activations and losses: a global's, a closure's
or a display's, called at a key known when compiling (``ACTIVATIONS["tanh"](x)``), at a key
known only at run time (a string parameter, a loop's item: the branches it means, one per key,
frontend/function_dicts.py), iterated with ``.items()``/``.values()``/``.keys()``. Replacing,
adding or deleting an entry recompiles. Both modes and a Hessian against central differences."""
import numpy as np
import pytest

import transpiler

X = np.array([0.3, -1.2, 2.1])
ACTIVATIONS = {"tanh": np.tanh, "square": lambda z: z ** 2, "softplus": lambda z: np.log1p(np.exp(z))}


def at_a_constant_key(x):
    return np.sum(ACTIVATIONS["softplus"](x))


def at_a_parameter(x, activation="tanh"):
    return np.sum(ACTIVATIONS[activation](x) * x)


def over_listed_names(x):
    return sum(np.sum(ACTIVATIONS[name](x)) for name in ["tanh", "square"])


def over_items(x):
    total = 0.0
    for name, f in ACTIVATIONS.items():
        total = total + np.sum(f(x)) * len(name)
    return total


def over_values(x):
    return sum(np.sum(f(x) ** 2) for f in ACTIVATIONS.values())


def of_a_display(x, which):
    losses = {"l2": lambda r: np.sum(r ** 2), "cosh": lambda r: np.sum(np.log(np.cosh(r)))}
    return losses[which](x - 1.0)


def by_get(x, activation="tanh"):
    return np.sum(ACTIVATIONS.get(activation, np.sin)(x) * x)


def by_get_then_called(x, activation):
    f = ACTIVATIONS.get(activation, np.cos)
    return np.sum(f(x))


def by_get_at_a_key_chosen_by_a_value(x):
    key = "square" if x[0] > 0 else "missing"
    f = ACTIVATIONS.get(key, np.sin)
    return np.sum(f(x) * x)


def central_differences(f, x, *rest, h=1e-6):
    return np.array([(f(x + h * e, *rest) - f(x - h * e, *rest)) / (2 * h) for e in np.eye(len(x))])


CASES = [(at_a_constant_key, ()), (at_a_parameter, ()), (at_a_parameter, ("square",)), (at_a_parameter, ("softplus",)),
         (over_listed_names, ()), (over_items, ()), (over_values, ()), (of_a_display, ("l2",)),
         (of_a_display, ("cosh",)), (by_get, ()), (by_get, ("square",)), (by_get, ("relu",)),
         (by_get_then_called, ("softplus",)), (by_get_then_called, ("relu",))]


@pytest.mark.parametrize("f, rest", CASES, ids=[f"{f.__name__}-{'-'.join(rest)}" for f, rest in CASES])
def test_calls_of_dicts_of_functions_match_finite_differences_in_both_modes(f, rest):
    expected = central_differences(f, X, *rest)
    value, gradient = transpiler.value_and_grad(f)(X, *rest)
    assert value == pytest.approx(f(X, *rest))
    np.testing.assert_allclose(gradient, expected, rtol=1e-6, atol=1e-7)
    direction = np.array([1.0, -2.0, 0.5])
    tangent = transpiler.jvp(f, (X, *rest), (direction, *[None] * len(rest)))[1]
    assert tangent == pytest.approx(expected @ direction, rel=1e-6)


def test_the_hessian_through_a_key_known_at_run_time():
    hessian = transpiler.hessian(at_a_parameter)(X, "square")
    np.testing.assert_allclose(hessian, 6 * np.diag(X))


def test_a_missing_key_raises_key_error_as_python_does():
    with pytest.raises(KeyError, match="relu"):
        transpiler.grad(at_a_parameter)(X, "relu")


def test_replacing_adding_or_deleting_an_entry_recompiles():
    registry = {"square": lambda z: z ** 2}

    def loss(x, name):
        return np.sum(registry[name](x))
    gradient = transpiler.grad(loss)
    np.testing.assert_allclose(gradient(X, "square"), 2 * X)
    registry["square"] = lambda z: z ** 3
    np.testing.assert_allclose(gradient(X, "square"), 3 * X ** 2)
    registry["sin"] = np.sin
    np.testing.assert_allclose(gradient(X, "sin"), np.cos(X))
    del registry["square"]
    with pytest.raises(KeyError):
        gradient(X, "square")


@pytest.mark.parametrize("x", [X, -X])
def test_get_at_a_key_known_at_run_time_takes_the_default_for_a_missing_key(x):
    expected = central_differences(by_get_at_a_key_chosen_by_a_value, x)
    value, gradient = transpiler.value_and_grad(by_get_at_a_key_chosen_by_a_value)(x)
    assert value == pytest.approx(by_get_at_a_key_chosen_by_a_value(x))
    np.testing.assert_allclose(gradient, expected, rtol=1e-6, atol=1e-7)


def get_without_default(x):
    key = "square" if x[0] > 0 else "missing"
    return np.sum(ACTIVATIONS.get(key)(x))


def test_get_without_default_at_a_run_time_key_is_refused_with_a_hint():
    with pytest.raises(transpiler.UnsupportedSyntaxError, match="give a default function"):
        transpiler.grad(get_without_default)(X)
