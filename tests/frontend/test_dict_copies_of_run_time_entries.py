"""``dict(d)`` and ``d.copy()`` of a dict whose keys are known only at run time make a new dict
(frontend/shallow_copies.py ``_same_items``): they were the same object under a new name, so
``kw2.pop("a")``, run in place as written, removed ``"a"`` from ``kw`` too (value 3.9 where
Python gives 6.9; found by sp3). Values and gradients against Python and central differences."""
import numpy as np
import pytest

import transpiler

X = np.array([0.5, -1.2, 2.0])


def popped_from_a_dict_copy(x, opts):
    kw = dict(opts)
    kw2 = dict(kw)
    a = kw2.pop("a", 2.0)
    return np.sum(x * a) + kw.get("a", 0.0) * x[0]


def popped_from_a_method_copy(x, opts):
    kw = dict(opts)
    kw2 = kw.copy()
    scale = kw2.pop("a", 2.0)
    kw2["b"] = x[1]
    return np.sum(x * scale) + kw.get("a", 0.0) * x[0] + kw2["b"] * len(kw)


def written_in_a_loop_copy(x, opts):
    kw = dict(opts)
    for i in range(2):
        step = dict(kw)
        step["a"] = step.get("a", 1.0) * x[i]
        kw = step
    return kw["a"] + np.sum(x) * len(opts)


@pytest.mark.parametrize("f", [popped_from_a_dict_copy, popped_from_a_method_copy, written_in_a_loop_copy])
def test_the_copy_is_a_new_dict_in_value_and_derivative(f):
    opts = {"a": 3.0, "c": 1.0}
    value, gradient = transpiler.value_and_grad(f)(X, dict(opts))
    assert value == pytest.approx(f(X, dict(opts)), rel=1e-12)
    h = 1e-6
    expected = [(f(X + h * e, dict(opts)) - f(X - h * e, dict(opts))) / (2 * h) for e in np.eye(3)]
    np.testing.assert_allclose(gradient, expected, rtol=1e-6, atol=1e-9)
