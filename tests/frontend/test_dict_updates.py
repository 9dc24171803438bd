"""``d.update(...)`` on a dict the function made, with keys known while compiling: one entry
assignment per key (frontend/dict_updates.py), the argument evaluated first as Python does. Both
modes and second order against central differences: a display, keywords, another dict, a value
reading ``d`` itself, in a helper, a loop and a branch; keys known only at run time stay refused,
located."""
import numpy as np
import pytest

from transpiler import UnsupportedSyntaxError, check_grad, grad, hessian, jvp

X = np.array([0.3, 0.7, -0.4])
W = np.array([1.5, -0.5, 0.25])


def display_and_keywords(x, w):
    d = {"a": x * 2.0, "b": w}
    d.update({"b": x * w, "c": np.sin(x)})
    d.update(scale=3.0, a=d["a"] ** 2)
    return np.sum(d["a"] * d["b"] + d["c"] * d["scale"])


def from_another_dict(x, w):
    d = {"a": x}
    other = {"a": w, "z": x * w}
    d.update(other)
    return np.sum(d["a"] + d["z"] ** 2)


def reads_itself(x, w):
    d = {"a": x, "b": w}
    d.update({"a": d["b"] * 2.0, "b": d["a"] + 1.0})      # both values from the old entries
    return np.sum(d["a"] * d["b"])


def set_defaults(config, x):
    config.update({"scale": np.exp(x), "shift": x ** 2})
    return config


def in_a_helper_loop_and_branch(x, w):
    config = {"scale": x, "shift": w}
    total = 0.0
    for i in range(3):
        if i % 2 == 0:
            config = set_defaults(config, x * (i + 1))
        else:
            config.update(shift=config["shift"] * w)
        total = total + np.sum(config["scale"] * config["shift"])
    return total


@pytest.mark.parametrize("f", [display_and_keywords, from_another_dict, reads_itself, in_a_helper_loop_and_branch])
def test_an_update_is_its_entry_assignments(f):
    report = check_grad(f, X, W)
    assert report.ok, report
    g = grad(f, (0, 1))(X, W)
    value, tangent = jvp(f, (X, W), (W, X))
    assert value == pytest.approx(f(X, W))
    assert tangent == pytest.approx(np.sum(g[0] * W) + np.sum(g[1] * X))
    h = 1e-6
    numeric = (grad(f)(X + h * W, W) - grad(f)(X - h * W, W)) / (2 * h)
    np.testing.assert_allclose(hessian(f)(X, W) @ W, numeric, rtol=1e-5, atol=1e-7)


def test_float32_values_stay_float32():
    g = grad(display_and_keywords)(X.astype(np.float32), W.astype(np.float32))
    assert g.dtype == np.float32


def keys_known_at_run_time(x, w):
    d = {}
    for i in range(2):
        d.update({"v%d" % i: x * (i + 1)})
    return np.sum(d["v0"] * d["v1"] * w)


def test_keys_known_only_at_run_time_are_refused_at_the_line():
    with pytest.raises(UnsupportedSyntaxError, match=r"`\.update\(\)` on a list or dict") as info:
        grad(keys_known_at_run_time)(X, W)
    assert info.value.location.line == keys_known_at_run_time.__code__.co_firstlineno + 3
