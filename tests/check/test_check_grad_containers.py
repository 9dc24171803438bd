"""``check_grad`` of a container argument (a dict, list of tuples, dataclass, NamedTuple of
arrays): finite differences in its raveled floats (``transpiler.ravel``), reported per leaf under
the path Python indexes it by (``params['W']``, ``layers[0][1]``, ``p.w``)."""
import dataclasses
from typing import NamedTuple

import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad, finite_differences


def mlp(params, x):
    return np.sum(np.tanh(x @ params["W"] + params["b"]) ** 2)


def layers_loss(layers, x):
    for w, b in layers:
        x = np.sin(x * w + b)
    return np.sum(x ** 2)


@dataclasses.dataclass
class Params:
    w: np.ndarray
    b: float


class Pair(NamedTuple):
    w: np.ndarray
    b: np.ndarray


PARAMS = {"W": np.linspace(-0.5, 0.5, 6).reshape(3, 2), "b": np.array([0.1, -0.2])}
X = np.linspace(0.2, 1.0, 12).reshape(4, 3)
LAYERS = [(np.array([0.5, -0.3]), 0.2), (np.array([1.1, 0.4]), -0.1)]


def test_a_dict_argument_is_checked_leaf_by_leaf():
    report = check_grad(mlp, PARAMS, X)
    assert report.ok
    assert [a.name for a in report.arguments] == ["params['W']", "params['b']"]
    assert report["params['W']"].shape == (3, 2) and report["params['b']"].shape == (2,)
    assert "params['W'] (shape (3, 2)): agrees" in str(report)


def test_a_list_of_tuples_and_another_argument_together():
    report = check_grad(layers_loss, LAYERS, np.array([0.3, 0.7]), wrt=(0, 1))
    assert report.ok
    assert [a.name for a in report.arguments] == ["layers[0][0]", "layers[0][1]", "layers[1][0]",
                                                  "layers[1][1]", "x"]


@pytest.mark.parametrize("params, names", [
    (Params(np.array([1.0, 2.0]), 0.5), ["p.w", "p.b"]),
    (Pair(np.array([1.0, 2.0]), np.array(0.5)), ["p.w", "p.b"]),
])
def test_records_are_checked_by_field(params, names):
    report = check_grad(lambda p: np.sum(p.w ** 3) * p.b, params)
    assert report.ok and [a.name for a in report.arguments] == names


def test_a_wrong_leaf_is_a_mismatch_naming_it(monkeypatch):
    right = transpiler.grad

    def wrong_bias(f, wrt=0):
        g = right(f, wrt)

        def call(*args):
            gradient = g(*args)
            return ({"W": gradient[0]["W"], "b": gradient[0]["b"] + np.array([0.0, 0.5])},)
        return call

    monkeypatch.setattr(finite_differences.api, "grad", wrong_bias)
    report = check_grad(mlp, PARAMS, X)
    assert report.status == "mismatch"
    assert report["params['W']"].ok and report["params['b']"].mismatches == 1
    assert (report.worst.argument, report.worst.index) == ("params['b']", (1,))


def test_a_gradient_missing_a_leaf_is_a_mismatch(monkeypatch):
    monkeypatch.setattr(finite_differences.api, "grad", lambda f, wrt=0: lambda *a: ({"W": np.zeros((3, 2))},))
    report = check_grad(mlp, PARAMS, X)
    assert report.status == "mismatch" and "not shaped like the argument" in str(report)


def test_a_flat_list_of_numbers_is_still_checked_as_one_vector():
    report = check_grad(lambda xs: xs[0] * xs[1] ** 2, [1.5, 2.0])
    assert report.ok and [a.name for a in report.arguments] == ["xs"]


def test_the_callers_container_is_left_alone():
    params = {"W": PARAMS["W"].copy(), "b": PARAMS["b"].copy()}
    check_grad(mlp, params, X)
    assert all(np.array_equal(params[k], PARAMS[k]) for k in PARAMS)
