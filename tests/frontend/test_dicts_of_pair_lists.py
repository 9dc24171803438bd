"""``dict(pairs)`` of a list of ``(key, value)`` pairs is the dict of its pairs, as Python's
``dict`` builds it: a 4D-Var window's observations passed as a default argument (``obs_at =
dict(obs)``, ``obs=[(k, y_k), ...]``, tests/realworld/lorenz96_4dvar.py; it was a TypeError at
run time, "compiled as a copy of a dict"), and a list the function made (it was "no derivative
rule for `dict`"). A parameter's ``dict(d)`` branches on ``isinstance(d, dict)``; the code
specialised to the call's kinds keeps the branch taken (opt/specialize.py), so no dead branch
runs or is compiled (it was compiled with the keys folded: ``(1)[1]``, a SyntaxWarning). Both
modes against finite differences."""
import warnings

import numpy as np
import pytest

import transpiler

from sequence_checks import assert_both_modes

X = np.array([0.3, -0.4])
OBS = [(1, np.array([1.0, 2.0])), (3, np.array([0.5, 0.1]))]


def window_cost(x, obs=OBS):
    obs_at = dict(obs)
    cost = 0.0
    for k in range(4):
        x = np.sin(x) + 0.5 * x
        if k in obs_at:
            cost += np.sum((x - obs_at[k]) ** 2)
    return cost


def window_cost_of_a_dict(x, obs=dict(OBS)):
    return window_cost(x, obs)


def global_pairs(x):
    at = dict(OBS)
    return np.sum(x * at[3]) + np.sum(x ** 2 * at[1])


def pairs_made_here(x):
    pairs = [("a", x[0] ** 2), ("b", np.sin(x[1]))]
    d = dict(pairs)
    return d["a"] * d["b"] + len(d)


def pairs_appended_in_a_loop(x):
    pairs = []
    for k in range(2):
        pairs.append((k, np.exp(x[k])))
    scale = dict(pairs)
    return scale[0] * x[1] + scale[1] ** 2


def weights_from_pairs(x, weights):
    w = dict(weights)
    return sum(w[k] * x[k] ** 2 for k in range(2))


def user_branch_on_the_kind(x, obs=dict(OBS)):
    if isinstance(obs, dict):
        at = {k: v for k, v in obs.items()}
    else:
        at = {k: v for k, v in obs}
    return np.sum(x * at[3]) + np.sum(x ** 2 * at[1])


FUNCTIONS = [window_cost, window_cost_of_a_dict, global_pairs, pairs_made_here, pairs_appended_in_a_loop,
             user_branch_on_the_kind]


@pytest.mark.parametrize("fn", FUNCTIONS)
def test_dict_of_pairs_is_differentiated_as_python_builds_it(fn):
    assert_both_modes(fn, X)
    assert transpiler.value_and_grad(fn)(X)[0] == pytest.approx(fn(X), rel=1e-12)


def test_values_of_a_parameters_pairs_are_differentiated_too():
    weights = [(0, 1.5), (1, 2.5)]
    assert_both_modes(weights_from_pairs, X, weights)
    gradient = transpiler.grad(weights_from_pairs, wrt=1)(X, weights)
    assert [g[1] for g in gradient] == pytest.approx([X[0] ** 2, X[1] ** 2])
    assert_both_modes(weights_from_pairs, X, dict(weights))


@pytest.mark.parametrize("fn", [window_cost_of_a_dict, user_branch_on_the_kind])
def test_the_branch_not_taken_is_not_compiled(fn):
    with warnings.catch_warnings():
        warnings.simplefilter("error", SyntaxWarning)
        transpiler.value_and_grad(fn)(X)
        transpiler.jvp(fn, (X,), (np.ones(2),))
