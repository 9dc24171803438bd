"""A list or tuple display whose elements are tuples themselves (``[("w", x), ("b", y)]``):
each element's adjoint is a list, which adds up element by element (analysis/facts.py
``containers``, ad/adjoints.py). ``+`` concatenated the two lists and the gradient came out
zero (found by branch h13 through ``d.items()``)."""
import numpy as np

import transpiler

X = np.array([0.3, -0.2, 0.9])


def named_pairs(x):
    pairs = [("w", x), ("b", np.sin(x))]
    total = 0.0
    for name, value in pairs:
        total = total + np.sum(value ** 2) * len(name)
    return total


def nested_tuples(x):
    layers = ((x, (2.0 * x, 1.0)), (np.cos(x), (x * x, 3.0)))
    total = 0.0
    for w, (b, scale) in layers:
        total = total + scale * np.sum(w * b)
    return total


def test_a_list_of_name_value_pairs_iterated_with_unpacking():
    report = transpiler.check_grad(named_pairs, X)
    assert report.ok, report


def test_a_tuple_of_nested_tuples_iterated_with_unpacking():
    report = transpiler.check_grad(nested_tuples, X)
    assert report.ok, report
    value, tangent = transpiler.jvp(nested_tuples, (X,), (np.ones(3),))
    h = 1e-6
    numeric = (nested_tuples(X + h) - nested_tuples(X - h)) / (2 * h)
    np.testing.assert_allclose(tangent, numeric, rtol=1e-6)
