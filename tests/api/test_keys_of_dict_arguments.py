"""``for k in params`` over a dict argument reads its keys, which carry no derivative: a string
method of a key (``k.startswith("W")``) was refused as "no derivative rule for `k.startswith`,
and its argument `k` depends on the differentiated parameters", because the check whether the
output has a derivative at all (api/outputs.py) analysed the function before its iteration was
resolved to the dict's keys (the pipeline resolves it: opt/sequences.py). Both modes, a
comprehension, a helper, and the Hessian against finite differences."""
import numpy as np
import pytest

import transpiler

PARAMS = {"W0": np.array([1.0, 2.0]), "b0": np.array([0.5]), "W1": np.array([-0.3])}


def weights_only(params):
    total = 0.0
    for k in params:
        if k.startswith("W"):
            total = total + np.sum(params[k] ** 2)
    return total


def count_of_layers(params):
    n_layers = len([k for k in params if k.startswith("W")])
    return np.sum(params["W0"] ** 3) * n_layers + np.sum(params["b0"])


def is_bias(name):
    return name.endswith("0") and name[0] == "b"


def through_a_helper(params):
    return sum(np.sum(np.sin(params[k])) for k in sorted(params) if not is_bias(k))


def numeric(f, params, h=1e-6):
    out = {}
    for key, value in params.items():
        g = np.zeros_like(value)
        for i in range(value.size):
            up = {k: v.copy() for k, v in params.items()}
            down = {k: v.copy() for k, v in params.items()}
            up[key].flat[i] += h
            down[key].flat[i] -= h
            g.flat[i] = (f(up) - f(down)) / (2 * h)
        out[key] = g
    return out


@pytest.mark.parametrize("f", [weights_only, count_of_layers, through_a_helper])
def test_a_string_method_of_a_key_in_both_modes(f):
    value, grads = transpiler.value_and_grad(f)(PARAMS)
    assert value == pytest.approx(f(PARAMS))
    expected = numeric(f, PARAMS)
    for key in PARAMS:
        np.testing.assert_allclose(grads[key], expected[key], rtol=1e-6, atol=1e-8)
    tangents = {k: np.ones_like(v) for k, v in PARAMS.items()}
    _, slope = transpiler.jvp(f, (PARAMS,), (tangents,))
    assert slope == pytest.approx(sum(np.sum(g) for g in expected.values()), rel=1e-6)


def test_second_order_through_the_keys():
    def of_vector(w):
        return weights_only({"W0": w[:2], "b0": w[2:3], "W1": w[3:]})
    H = transpiler.hessian(of_vector)(np.array([1.0, 2.0, 0.5, -0.3]))
    np.testing.assert_allclose(H, np.diag([2.0, 2.0, 0.0, 2.0]), atol=1e-12)
