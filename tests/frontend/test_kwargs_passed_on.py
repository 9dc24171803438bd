"""``def f(x, **kwargs): return helper(x, **kwargs)`` with ``def helper(x, **kw)``: the run-time
dict spread whole into a callee's own ``**kw`` (keyword_spread.py ``whole_dict``), a copy of it as
Python makes one, after a run-time check that it names none of the callee's named parameters.
Both modes against central differences; what Python would bind differently is refused when it runs."""
import numpy as np
import pytest

import transpiler
from transpiler.check import check_grad

X = np.array([0.5, -1.2, 2.0])


def scaled(x, **kw):
    return x * kw.get("a", 2.0)


def loss(x, **kwargs):
    return np.sum(scaled(x, **kwargs) ** 2)


def shifted(x, offset=0.0, **kw):
    return np.tanh(x * kw["a"] + offset)


def passed_twice(x, **opts):
    return np.sum(scaled(x, **opts) * shifted(x, **opts))


def popping(x, **kw):
    a = kw.pop("a", 2.0)
    return x * a + kw.get("a", 0.5)


def pops_then_reads_again(x, **kwargs):
    return np.sum(popping(x, **kwargs)) + kwargs.get("a", 0.0)


class Model:
    def predict(self, x, **kw):
        return np.sin(x) * kw.get("a", 1.0)

    def loss(self, x, **kwargs):
        return np.sum(self.predict(x, **kwargs) ** 2)


def method_loss(x, **kwargs):
    return Model().loss(x, **kwargs)


def nested(x, **kwargs):
    def inner(y, **kw):
        return y ** 3 * kw.get("a", 1.0)
    return np.sum(inner(x, **kwargs))


def central_differences(f, x, h=1e-6):
    return np.array([(f(x + e) - f(x - e)) / (2 * h) for e in np.eye(x.size) * h])


@pytest.mark.parametrize("f", [loss, passed_twice, pops_then_reads_again, nested],
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize("keywords", [{}, {"a": 3.0}], ids=["none", "a"])
def test_the_functions_own_kwargs_passed_on_to_a_helper_in_both_modes(f, keywords):
    if f is passed_twice and not keywords:
        pytest.skip("`shifted` reads kw['a']: Python's KeyError")
    expected = central_differences(lambda x: f(x, **keywords), X)
    np.testing.assert_allclose(transpiler.grad(f)(X, **keywords), expected, rtol=1e-6, atol=1e-9)

    def through_a_dict(x, opts):          # forward mode: a run-time dict spread into `f`'s own **kwargs
        return f(x, **opts)
    direction = np.array([1.0, -0.5, 0.25])
    value, tangent = transpiler.jvp(through_a_dict, (X, keywords), (direction, None))
    assert value == pytest.approx(f(X, **keywords))
    np.testing.assert_allclose(tangent, expected @ direction, rtol=1e-6)


def test_a_key_naming_a_parameter_of_the_callee_is_refused_when_it_runs_not_read_as_its_default():
    assert np.all(np.isfinite(passed_twice(X, a=2.0, offset=1.0)))      # Python binds `offset` from the dict
    with pytest.raises(AssertionError, match="names `offset`"):
        transpiler.grad(passed_twice)(X, a=2.0, offset=1.0)


def test_a_method_given_the_dict_whole_is_still_refused_where_it_is_called():
    with pytest.raises(transpiler.UnsupportedSyntaxError, match=r"\*\*kwargs") as caught:
        transpiler.grad(method_loss)(X, a=2.0)
    assert caught.value.location.line == method_loss.__code__.co_firstlineno + 1


def test_the_kwargs_value_is_differentiated_too():
    def through_kwargs(a):
        return loss(X, a=a)
    np.testing.assert_allclose(transpiler.grad(through_kwargs)(3.0), 2 * 3.0 * np.sum(X ** 2), rtol=1e-12)
