"""``isinstance(v, cls)`` of a dict, tuple or list the function built is answered while compiling
(frontend/values.py ``static_isinstance``) by the class of what was built: a dict display passed
to a helper that dispatches on ``isinstance(theta, dict)`` (the CJS mark-recapture program's
``as_probabilities``) took the list's answer, so the helper ran its vector branch on the dict
(``theta[0]``: KeyError in the generated code)."""
import numpy as np
import pytest

import transpiler
from transpiler.check.finite_differences import numeric_gradient


def _probabilities(theta):
    if isinstance(theta, dict):
        return theta["a"] * 2.0 + theta.get("b", 0.0) ** 2
    else:
        return theta[0] * 3.0


def from_a_dict(beta):
    return _probabilities({"a": beta[0], "b": beta[1]})


def _scaled(v):
    if isinstance(v, tuple):
        first, second = v
        return first * second
    return sum(v) * 10.0


def from_a_tuple(x):
    return _scaled((x[0], x[1])) + _scaled([x[0], x[1]])


def _norm2(v):
    if isinstance(v, list):
        return sum(e * e for e in v)
    return np.sum(v * v)


def from_a_comprehension(x):
    return _norm2([3.0 * e for e in x]) + _norm2(x)


def _dict_or_pairs(d):
    if isinstance(d, (list, tuple)):
        return sum(k * v for k, v in d)
    return d["w"] * d["z"]


def from_a_dict_updated_in_place(x):
    d = {"w": x[0]}
    d["z"] = x[1] ** 2
    return _dict_or_pairs(d) + _dict_or_pairs([(x[0], x[1])])


@pytest.mark.parametrize("f", [from_a_dict, from_a_tuple, from_a_comprehension, from_a_dict_updated_in_place])
def test_the_branch_python_takes_is_the_one_differentiated(f):
    x = np.array([0.7, -1.3])
    value, grad = transpiler.value_and_grad(f)(x)
    assert value == pytest.approx(f(x))
    np.testing.assert_allclose(grad, numeric_gradient(f, (x,), 0), rtol=1e-6, atol=1e-8)
    _, tangent = transpiler.jvp(f, (x,), (np.array([1.0, 0.5]),))
    assert tangent == pytest.approx(numeric_gradient(f, (x,), 0) @ np.array([1.0, 0.5]), rel=1e-6)


def test_a_dict_display_is_a_dict_and_no_list():
    value, grad = transpiler.value_and_grad(from_a_dict)(np.array([1.0, 2.0]))
    assert value == 6.0
    np.testing.assert_allclose(grad, [2.0, 4.0])


def _pieces_or_pair(v):
    if isinstance(v, list):
        return sum(np.sum(p ** 2) for p in v)
    if isinstance(v, tuple):
        w, q = v
        return np.sum(w) + np.sum(q[:, 0])
    return np.sum(v)


def from_split_and_eigh(x):
    parts = np.split(x, 2)
    pair = np.linalg.eigh(np.outer(x[:2], x[:2]) + np.eye(2))
    return _pieces_or_pair(parts) + _pieces_or_pair(pair)


def test_a_split_is_a_list_and_eigh_a_tuple():
    x = np.array([0.7, -1.3, 0.4, 2.0])
    value, grad = transpiler.value_and_grad(from_split_and_eigh)(x)
    assert value == pytest.approx(from_split_and_eigh(x))
    np.testing.assert_allclose(grad, numeric_gradient(from_split_and_eigh, (x,), 0), rtol=1e-6, atol=1e-8)
