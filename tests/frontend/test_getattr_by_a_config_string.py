"""``getattr(np, CFG["act"])`` with ``CFG`` a module-level dict of strings (and ``getattr(np,
ACT)`` with ``ACT`` a global string): the name is the string the dict holds now, compiled in as
a constant, and checked on every call: after ``CFG["act"] = "sin"`` the next call compiles again
(frontend/attribute_queries.py, as static_values.py does for a global string). Before, the name
was a value read at run time: refused ("`getattr` of `np` with a name known only at run time").
Checked against Python's value, central differences (grad, jvp), the Hessian and float32."""
import numpy as np
import pytest

import python_semantics
import transpiler

X = np.array([0.7, -1.3, 0.4])
DIRECTION = np.array([0.5, -0.25, 1.0])
CFG = {"act": "tanh", "out": "exp", "lr": 0.1, 2: "cos"}
ACT = "sin"


def check(f, x=X):
    python_semantics.check(f, x, DIRECTION)


def activation_from_the_config(x):
    act = getattr(np, CFG["act"])
    return np.sum(act(x) * x)


def layer(x):
    return getattr(np, CFG["out"])(x) * CFG["lr"]      # (a float entry is read at run time)


def through_a_helper_in_a_loop(x):
    total = 0.0
    for k in range(3):
        if k % 2:
            total = total + np.sum(layer(x * k))
        else:
            total = total + np.sum(getattr(np, CFG[2])(x) * k)
    return total


def through_a_lambda_and_a_global_string(x):
    f = lambda v: getattr(np, ACT)(v) ** 2         # noqa: E731
    return np.sum(f(x)) + np.sum(getattr(np, CFG["act"], np.sin)(x))


@pytest.mark.parametrize("f", [activation_from_the_config, through_a_helper_in_a_loop,
                               through_a_lambda_and_a_global_string], ids=lambda f: f.__name__)
def test_getattr_of_numpy_by_a_config_string(f):
    check(f)


def test_a_changed_entry_compiles_again():
    g = transpiler.grad(activation_from_the_config)
    before = g(np.copy(X))
    try:
        CFG["act"] = "sin"
        after = g(np.copy(X))
        np.testing.assert_allclose(after, np.cos(X) * X + np.sin(X), rtol=1e-12)
    finally:
        CFG["act"] = "tanh"
    np.testing.assert_allclose(before, (1 - np.tanh(X) ** 2) * X + np.tanh(X), rtol=1e-12)
    np.testing.assert_allclose(g(np.copy(X)), before, rtol=1e-12)
