"""A loop over a dict argument's items (``for k, v in params.items()``), whose keys the compiled
code knows, is unrolled, and a dict built by writing keys (``new = {}; new[k] = ...``) is read
through (opt/containers.py): straight-line code of known shapes, with no dict helpers left in the
code a call runs. The gradients are checked against finite differences in both modes and to
second order, for the spellings people write and for those that must stay general."""
import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad

RNG = np.random.default_rng(0)
X, Y = RNG.standard_normal((12, 3)), RNG.standard_normal(12)
PARAMS = {"w": RNG.standard_normal(3), "b": 0.3}


def loss(params, X, y):
    return np.mean((X @ params["w"] + params["b"] - y) ** 2)


def sgd_step_loss(params, X, y, lr=0.1):
    r = X @ params["w"] + params["b"] - y
    grads = {"w": X.T @ r / len(y), "b": np.mean(r)}
    new = {}
    for name, value in params.items():
        new[name] = value - lr * grads[name] * np.tanh(grads[name])
    return loss(new, X, y)


def scaled_keys(params, X, y):
    new = {}
    for name in params:                   # (keys, then an item read)
        new[name] = 2.0 * params[name]
    new["w"] = new["w"] + 1.0             # a key written twice: the last write counts
    return loss(new, X, y) + sum(np.sum(v ** 2) for v in new.values())


def branch_built(params, X, y, flip):
    new = {"w": params["w"]} if flip else {"w": -params["w"]}
    new["b"] = params["b"]
    return loss(new, X, y)


@pytest.mark.parametrize("f", [sgd_step_loss, scaled_keys])
def test_the_loop_unrolls_and_the_built_dict_is_read_through(f):
    code = transpiler.grad(f).source(args=(PARAMS, X, Y))
    assert "dict_keys" not in code and "assign_at" not in code and "add_into" not in code
    assert check_grad(f, PARAMS, X, Y)


@pytest.mark.parametrize("flip", [True, False])
def test_a_dict_from_either_branch_is_differentiated_as_built(flip):
    assert check_grad(branch_built, PARAMS, X, Y, flip)


def test_forward_mode_and_second_order():
    tangent = {"w": RNG.standard_normal(3), "b": 0.7}
    _, derivative = transpiler.jvp(sgd_step_loss, (PARAMS, X, Y), (tangent, None, None))
    g = transpiler.grad(sgd_step_loss)(PARAMS, X, Y)
    assert np.isclose(derivative, np.dot(g["w"], tangent["w"]) + g["b"] * tangent["b"])
    v, eps = RNG.standard_normal(3), 1e-6
    moved = [{"w": PARAMS["w"] + step * v, "b": PARAMS["b"]} for step in (eps, -eps)]
    column = (transpiler.grad(sgd_step_loss)(moved[0], X, Y)["w"]
              - transpiler.grad(sgd_step_loss)(moved[1], X, Y)["w"]) / (2 * eps)
    hessian = transpiler.hessian(sgd_step_loss)(PARAMS, X, Y)
    np.testing.assert_allclose(hessian["w"]["w"] @ v, column, rtol=1e-5, atol=1e-8)


def test_float32_parameters_keep_their_dtype():
    p32 = {"w": PARAMS["w"].astype(np.float32), "b": np.float32(0.3)}
    g = transpiler.grad(sgd_step_loss)(p32, X.astype(np.float32), Y.astype(np.float32))
    assert g["w"].dtype == np.float32
    np.testing.assert_allclose(g["w"], transpiler.grad(sgd_step_loss)(PARAMS, X, Y)["w"], rtol=1e-3, atol=1e-4)
