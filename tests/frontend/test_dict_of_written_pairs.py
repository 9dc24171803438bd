"""``dict(...)`` of pairs written out (``dict([("a", x)], b=y)``) or of a dict display
(``dict({"a": x})``) is the display it builds, as ``dict(a=x)`` is (autograd's
test_make_dict; they were refused: no derivative rule for ``dict``)."""
import numpy as np
import pytest

import transpiler
from transpiler.check.finite_differences import numeric_gradient


def pairs_and_keywords(x):
    d = dict([("a", x)], b=np.sin(x))
    return d["a"] * d["b"]


def a_display(x):
    d = dict({"a": x, "b": 2.0 * x})
    return d["a"] * d["b"]


def a_tuple_of_lists_and_a_later_key_winning(x):
    d = dict((["a", x], ["b", np.exp(x)]), a=3.0 * x)
    return d["a"] + d["b"]


@pytest.mark.parametrize("f", [pairs_and_keywords, a_display, a_tuple_of_lists_and_a_later_key_winning])
def test_reverse_and_forward_mode_match_finite_differences(f):
    expected = numeric_gradient(f, (0.7,), 0)
    assert transpiler.grad(f)(0.7) == pytest.approx(expected, rel=1e-6)
    assert transpiler.jvp(f, (0.7,), (1.0,))[1] == pytest.approx(expected, rel=1e-6)


def test_a_dict_returned_gets_each_entrys_cotangent():
    out, pullback = transpiler.vjp(lambda x: dict([("a", x)], b=2.0 * x), 1.5)
    assert out == {"a": 1.5, "b": 3.0}
    assert pullback({"a": 1.0, "b": 1.0}) == (3.0,)
