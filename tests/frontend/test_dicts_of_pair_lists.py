"""``dict(pairs)`` of a list of ``(key, value)`` pairs the function made (``d = dict([("a", x0),
...])`` built first as a name) is the dict of its pairs, ``{k: v for k, v in pairs}``, as
Python's ``dict`` builds it (it was "no derivative rule for `dict`"); a global list of pairs was
already folded. A parameter's ``dict(obs)`` stays a copy of a dict, checked at run time
(tests/realworld/lorenz96_4dvar.py; test_dict_of_a_dict_argument.py). Both modes against finite
differences."""
import numpy as np
import pytest

import transpiler

from sequence_checks import assert_both_modes

X = np.array([0.3, -0.4])
OBS = [(1, np.array([1.0, 2.0])), (3, np.array([0.5, 0.1]))]


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


@pytest.mark.parametrize("fn", [global_pairs, pairs_made_here, pairs_appended_in_a_loop])
def test_dict_of_pairs_is_differentiated_as_python_builds_it(fn):
    assert_both_modes(fn, X)
    assert transpiler.value_and_grad(fn)(X)[0] == pytest.approx(fn(X), rel=1e-12)
