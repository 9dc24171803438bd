"""``for k in params: params[k] -= lr * grads[k]`` with ``params`` the function's parameter
(frontend/current_positions.py, opt/sequences.py). It was refused ("writing into `params`, which
may share memory with the sequence an enclosing loop iterates over"). For a dict the write
replaces the value at the key just read, no key changes, and Python changes the caller's dict:
so does the product, as for any write into a caller's dict (once per call, gradient calls
included). Where the call passes a list instead (``xs[k]``: the position an item names, which a
later iteration may read) it is refused, located. Value, both modes, the Hessian; in a helper,
a branch and an outer loop."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

W = np.array([0.5, -1.0, 2.0])


def sgd_step(params, grads, lr=0.1):
    for k in params:
        params[k] -= lr * grads[k]
    return np.sum(params["w"] ** 2 * np.sin(params["b"]))


def update(params, grads, lr):
    for name in params:
        if name == "w":
            params[name] = params[name] - lr * np.tanh(grads[name])
        else:
            params[name] = params[name] * 0.5
    return params


def two_steps_through_a_helper(params, grads):
    for step in range(2):
        update(params, grads, 0.1 * (step + 1))
    return np.sum(params["w"] * params["b"])


def fresh(w):
    return {"w": w.copy(), "b": np.array(0.3)}


GRADS = {"w": np.array([1.0, 2.0, -0.5]), "b": np.array(0.4)}


@pytest.mark.parametrize("f", [sgd_step, two_steps_through_a_helper])
def test_gradient_and_tangent_match_finite_differences(f):
    def of_w(w):
        return f(fresh(w), GRADS)
    h, direction = 1e-6, np.array([0.3, -0.2, 0.9])
    g = transpiler.grad(f)(fresh(W), GRADS)["w"]
    numeric = np.array([(of_w(W + h * e) - of_w(W - h * e)) / (2 * h) for e in np.eye(3)])
    np.testing.assert_allclose(g, numeric, rtol=1e-6, atol=1e-8)
    value, tangent = transpiler.jvp(f, (fresh(W), GRADS), ({"w": direction, "b": np.array(0.0)}, None))
    assert value == pytest.approx(of_w(W))
    assert tangent == pytest.approx((of_w(W + h * direction) - of_w(W - h * direction)) / (2 * h), rel=1e-6)
    H = transpiler.hessian(f)(fresh(W), GRADS)["w"]["w"]
    numeric_H = np.array([(transpiler.grad(f)(fresh(W + 1e-5 * e), GRADS)["w"]
                           - transpiler.grad(f)(fresh(W - 1e-5 * e), GRADS)["w"]) / 2e-5 for e in np.eye(3)])
    np.testing.assert_allclose(H, numeric_H, rtol=1e-5, atol=1e-7)


def decayed(params):
    for k in params:
        params[k] -= 0.1 * params[k]
    return params["w"] ** 2 + params["b"]


def test_the_callers_dict_changes_once_per_call_as_in_python():
    expected, given = fresh(W), fresh(W)
    two_steps_through_a_helper(expected, GRADS)          # (entries replaced: `params[name] = ...`)
    transpiler.value_and_grad(two_steps_through_a_helper)(given, GRADS)
    np.testing.assert_allclose(given["w"], expected["w"])
    np.testing.assert_allclose(given["b"], expected["b"])
    expected, given = {"w": 2.0, "b": 1.0}, {"w": 2.0, "b": 1.0}
    decayed(expected)                                    # numbers: `-=` replaces the entry
    transpiler.grad(decayed)(given)
    assert given == pytest.approx(expected) and expected == pytest.approx({"w": 1.8, "b": 0.9})


def test_an_arrays_in_place_update_leaves_the_callers_array_as_outside_a_loop():
    # `params[k] -= v` of an array entry: NumPy subtracts in place; the product never writes an
    # array the caller passed (docs/syntax.md), in a loop over the keys as outside one
    given = fresh(W)
    transpiler.grad(sgd_step)(given, GRADS)
    np.testing.assert_array_equal(given["w"], W)


def indexes_by_its_items(xs, w):
    for k in xs:
        xs[k] = xs[k] * 2
    return xs[0] * w


def test_a_list_written_at_the_position_an_item_names_is_refused_located():
    with pytest.raises(UnsupportedSyntaxError, match=r"inside `for k in xs`, where the call passes a list") as caught:
        transpiler.grad(indexes_by_its_items, wrt=1)([1, 0], 2.0)
    assert caught.value.location.line == indexes_by_its_items.__code__.co_firstlineno + 1
