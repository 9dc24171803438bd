"""Small forms of real programs: ``total(*rest)`` (a helper's ``*args`` given a whole sequence of
a length known only at run time: frontend/signatures.py) and ``in`` / ``not in`` (a truth value
without a derivative, as Python computes it), also inside inlined helpers. Both modes against
central differences."""
import numpy as np
import pytest

import transpiler

from sequence_checks import assert_both_modes

X = np.array([0.3, -0.7, 1.1])


def total(*rest):
    s = 0.0
    for r in rest:
        s = s + np.sum(r ** 2)
    return s


def weighted(w, *rest):
    return w * len(rest) + total(*rest)


def spread_of_a_tuple_display(x):
    rest = (x, 2.0 * x)
    return total(*rest)


def spread_of_a_list_made_here(x):
    parts = [x, np.sin(x)]
    parts.append(x * x)
    return total(*parts)


def spread_after_a_named_argument(x):
    parts = [np.tanh(x), x]
    return weighted(2.0, *parts)


def own_rest_passed_on(x, *rest):
    return total(*rest) + np.sum(x) * weighted(np.sum(x), *rest)


def _label(k, keys):
    if k not in keys:
        return 1.0
    return 2.0


def membership_in_a_helper(x):
    return np.sum(x) * _label("a", ("b", "c")) + np.sum(x ** 2) * _label("b", ["b"])


def membership_in_a_loop(x):
    seen = []
    s = 0.0
    for k in ["a", "z", "a"]:
        if k not in seen:
            s = s + np.sum(np.sin(x))
            seen.append(k)
    return s


def membership_of_array_values(x):
    return np.sum(x) * (3.0 if 1.0 in np.round(x) else 5.0) + (x[0] ** 2 if x[1] not in (0.0, 1.0) else 0.0)


def activation(x, kind="tanh"):
    if kind in {"tanh", "sigmoid"}:         # a set of constants: `in` tests, as Python does
        return np.tanh(x)
    return np.maximum(x, 0.0)


def membership_in_a_set_of_names(x):
    return np.sum(activation(x) + activation(x, "relu"))


def skips_keys_in_a_set(params):
    total = 0.0
    for k in params:
        if k not in {"b", "c"}:
            total = total + np.sum(params[k] ** 2)
    return total


def over_a_set_of_positions(x):
    return sum(x[i] ** 2 for i in {0, 2}) * x[1] + np.sum(x[sorted({2, 0, 2})]) * len({1, 2})


@pytest.mark.parametrize("f", [spread_of_a_tuple_display, spread_of_a_list_made_here, spread_after_a_named_argument,
                               membership_in_a_helper, membership_in_a_loop, membership_of_array_values,
                               membership_in_a_set_of_names, over_a_set_of_positions])
def test_in_both_modes(f):
    assert_both_modes(f, X)


def test_the_differentiated_functions_own_rest_passed_on():
    args = (X, np.array([1.0, 2.0]), 0.5)
    for wrt in (0, 1):
        report = transpiler.check_grad(own_rest_passed_on, *args, wrt=wrt)
        assert report.ok, report
    value, tangent = transpiler.jvp(own_rest_passed_on, args, (np.ones(3), np.ones(2), 1.0))
    h = 1e-6
    plus = own_rest_passed_on(X + h, np.array([1.0, 2.0]) + h, 0.5 + h)
    minus = own_rest_passed_on(X - h, np.array([1.0, 2.0]) - h, 0.5 - h)
    assert tangent == pytest.approx((plus - minus) / (2 * h), rel=1e-6)


def test_membership_decides_a_branch_as_python_does():
    assert transpiler.grad(membership_of_array_values)(X)[0] == pytest.approx(3.0 + 2 * 0.3)
    assert transpiler.grad(membership_of_array_values)(np.array([0.3, 0.0, 2.0]))[0] == pytest.approx(5.0)


def test_a_set_of_constants_tested_at_run_time_is_printed_in_one_order():
    # `{"b", "c"}` was refused ("a set display"); its printed form must not depend on string hashes
    params = {"w": X, "b": X}
    gradient = transpiler.grad(skips_keys_in_a_set)(params)
    np.testing.assert_allclose(gradient["w"], 2 * X)
    np.testing.assert_allclose(gradient["b"], 0.0)
    assert "frozenset({'b', 'c'})" in transpiler.grad(skips_keys_in_a_set).source(args=(params,))
