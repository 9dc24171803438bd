"""Arrays held by a dict built at keys known only at run time, written in place through another
name, and two evaluations of one expression that are two arrays (frontend/assignments.py
``_update``, frontend/expressions.py ``_owns_memory``).

**Wrong answers before** (found writing the training loops of i5's corpus programs):
``p = {k: v.copy() for k, v in params.items()}; w = p["W"]; w *= 0.5; return np.sum(p["W"])``
gave 3.0 where Python gives 1.5 (and gradient 1 where it is 0.5): the dict built in a loop did
not share its entries' memory, so the read ``w`` was taken for a value of its own and the write
was never seen by ``p``; ``for k, v in p.items(): v *= 0.5`` the same; ``d[k] = v`` in a loop,
then ``v *= 2``, read ``d["W"]`` unchanged. ``{"a": x * 1.0, "b": x * 1.0}`` then ``w = d["a"];
w *= 2`` doubled both entries (12 where Python gives 9): the two evaluations were one value to
the lowering (each display's items are now evaluated apart). Now each is right or refused,
located; value, both modes, second order."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError
from order_checks import assert_all_orders

X = np.array([0.3, -0.7, 1.2])


def copied_then_scaled_through_a_name(x):
    params = {"W": x * 2.0, "b": x[:1] ** 2}
    p = {k: v.copy() for k, v in params.items()}
    w = p["W"]
    w *= 0.5
    return np.sum(p["W"] ** 2) + np.sum(p["b"])


def decayed_in_a_loop_over_items(x):
    params = {"W": x * 2.0, "b": x[:1] ** 2}
    p = {k: v.copy() for k, v in params.items()}
    for k, v in p.items():
        v *= 0.5
    return np.sum(p["W"] * x) + np.sum(p["b"])


def built_at_run_time_keys(x, keys=("W", "b")):
    p = {}
    for k in list(keys):
        p[k] = x * 1.0
    w = p["W"]
    w -= 0.1 * x ** 2
    return np.sum(p["W"] ** 2) + np.sum(p["b"])


@pytest.mark.parametrize("f", [copied_then_scaled_through_a_name, decayed_in_a_loop_over_items,
                               built_at_run_time_keys])
def test_a_write_through_a_name_reaches_the_dict(f):
    assert_all_orders(f, X.copy())


def dict_argument_updated(params, x):
    p = {k: v.copy() for k, v in params.items()}
    for k, v in p.items():
        v *= 0.5
    return np.sum(p["W"] * x)


def test_the_gradient_with_respect_to_a_dict_argument():
    params = {"W": np.array([1.0, 2.0]), "b": np.array([0.5])}
    value, grads = transpiler.value_and_grad(dict_argument_updated)(params, np.array([0.3, 0.7]))
    assert value == pytest.approx(dict_argument_updated(params, np.array([0.3, 0.7])))
    np.testing.assert_allclose(grads["W"], [0.15, 0.35])
    np.testing.assert_allclose(grads["b"], [0.0])


def same_expression_in_two_entries(x):
    d = {"a": x * 1.0, "b": x * 1.0}
    w = d["a"]
    w *= 2.0
    return np.sum(d["a"]) + np.sum(d["b"])


def value_written_after_storing_it(x, keys=("W", "b")):
    d = {}
    v = x * 1.0
    for k in list(keys):
        d[k] = v
    v *= 2.0
    return np.sum(d["W"])


def two_evaluations_as_two_names(x):
    a = x * 1.0
    b = x * 1.0
    a *= 2.0
    return np.sum(a) + np.sum(b ** 2)


@pytest.mark.parametrize("f", [same_expression_in_two_entries, value_written_after_storing_it,
                               two_evaluations_as_two_names])
def test_what_is_not_followed_is_refused_never_wrong(f):
    try:
        value = transpiler.value_and_grad(f)(X.copy())[0]
    except UnsupportedSyntaxError as error:
        assert "test_entries_written_through_aliases.py:" in str(error)
    else:
        assert value == pytest.approx(f(X.copy()))
