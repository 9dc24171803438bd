"""``d.get(k, default)`` of a dict whose entries the compiler knows (a display, a helper's
``**opts``), at a key known only at run time (``for k in params`` over a dict argument): the
entry whose key equals ``k``, else the default (frontend/signatures.py). It was refused ("read a
keyword by a constant name"). Value, both modes and the Hessian against finite differences; a
missing key, a helper's ``**opts``, no default."""
import numpy as np
import pytest

import transpiler
from order_checks import assert_all_orders

X = np.array([0.4, -0.7, 1.3])


def weighted_terms(x, keys=("a", "b", "c")):
    weights = {"a": x[0] ** 2, "b": 2.0}
    total = 0.0
    for k in list(keys):
        total = total + weights.get(k, 0.5 * x[1]) * np.sum(np.sin(x))    # "c": the default
    return total


def scaled(x, **opts):
    total = 0.0
    for name in ["scale", "shift"]:
        total = total + opts.get(name, 1.0) * x
    return total


def through_a_helpers_opts(x):
    return np.sum(scaled(x, scale=x[2]) ** 2)


def without_default(x, keys=("a", "z")):
    d = {"a": np.exp(x)}
    found = [d.get(k) for k in list(keys)]
    return np.sum(found[0]) + (0.0 if found[1] is None else 1.0)


@pytest.mark.parametrize("f", [weighted_terms, through_a_helpers_opts, without_default])
def test_get_at_a_run_time_key_in_all_orders(f):
    assert_all_orders(f, X.copy())


def test_momentum_over_a_dict_argument():
    def train(params):
        grads = {"b": np.array([0.3])}
        vel = {k: np.zeros_like(v) for k, v in params.items()}
        p = {k: v.copy() for k, v in params.items()}
        for _ in range(2):
            for k, v in p.items():
                m = vel[k]
                m *= 0.9
                m += grads.get(k, 0.1 * v)
                v -= 0.5 * m
        return np.sum(p["w"] ** 2) + np.sum(p["b"] ** 2)
    params = {"w": np.array([1.0, -2.0]), "b": np.array([0.5])}
    value, grads = transpiler.value_and_grad(train)(params)
    assert value == pytest.approx(train({k: v.copy() for k, v in params.items()}))
    h = 1e-6
    for key in params:
        for i in range(params[key].size):
            up = {k: v.copy() for k, v in params.items()}
            down = {k: v.copy() for k, v in params.items()}
            up[key][i] += h
            down[key][i] -= h
            assert grads[key][i] == pytest.approx((train(up) - train(down)) / (2 * h), rel=1e-6, abs=1e-8)
