"""A custom rule gets what the call passes (transpiler/custom.py, frontend/call_arguments.py):
the call bound to the function's signature, positional parameters by position (gaps filled with
the function's defaults), keyword-only ones by keyword, in reverse, forward and second order."""
import numpy as np
import pytest

import transpiler
from transpiler.check.finite_differences import numeric_gradient
from transpiler.primitives.registry import REGISTRY



def scale(x, a, b=2.0):
    return a * x**b


def scale_vjp(d, y, x, a=1.0, b=2.0):       # (defaults unlike the function's: must not be used)
    return d * a * b * x**(b - 1), d * x**b, None


def scale_jvp(t, y, x, a=1.0, b=2.0):
    return a * b * x**(b - 1) * t[0]


def power(x, *, s=2.0):
    return x**s


def power_vjp(d, y, x, *, s=2.0):
    return (d * s * x**(s - 1),)


def power_jvp(t, y, x, *, s=2.0):
    return s * x**(s - 1) * t[0]


X = np.array([0.3, 0.4])


def by_keyword(x):
    return np.sum(scale(x, 3.0, b=3.0))


def first_by_keyword(x):
    return np.sum(scale(x, a=3.0))


def both_by_keyword(x):
    return np.sum(scale(b=3.0, a=0.5, x=x))


def keyword_only(x):
    return np.sum(power(x, s=5.0))


CASES = [(by_keyword, scale), (first_by_keyword, scale), (both_by_keyword, scale), (keyword_only, power)]


@pytest.mark.parametrize("loss, ruled", CASES, ids=lambda c: getattr(c, "__name__", ""))
def test_reverse_mode_rule_gets_the_keyword_arguments(register, loss, ruled):
    register(scale, scale_vjp, scale_jvp)
    register(power, power_vjp, power_jvp)
    np.testing.assert_allclose(transpiler.grad(loss)(X), numeric_gradient(loss, (X,), 0), rtol=1e-6)


@pytest.mark.parametrize("loss, ruled", CASES, ids=lambda c: getattr(c, "__name__", ""))
def test_forward_mode_rule_gets_the_keyword_arguments(register, loss, ruled):
    register(scale, scale_vjp, scale_jvp)
    register(power, power_vjp, power_jvp)
    direction = np.array([1.0, -0.5])
    expected = numeric_gradient(loss, (X,), 0) @ direction
    np.testing.assert_allclose(transpiler.jvp(loss, (X,), (direction,))[1], expected, rtol=1e-6)


@pytest.mark.parametrize("loss, ruled", CASES, ids=lambda c: getattr(c, "__name__", ""))
def test_second_order_rule_gets_the_keyword_arguments(register, loss, ruled):
    register(scale, scale_vjp, scale_jvp)
    register(power, power_vjp, power_jvp)
    gradient = transpiler.grad(loss)
    expected = np.array([numeric_gradient(lambda x: gradient(x)[i], (X,), 0) for i in range(X.size)])
    np.testing.assert_allclose(transpiler.hessian(loss)(X), expected, rtol=1e-5)


def test_a_call_that_does_not_match_the_signature_is_refused(register):
    register(scale, scale_vjp, scale_jvp)
    with pytest.raises(transpiler.TranspileError, match="scale"):
        transpiler.grad(lambda x: np.sum(scale(x, 2.0, c=1.0)))(X)


def test_a_call_leaving_out_a_defaulted_argument_uses_the_functions_default(register):
    register(power, power_vjp, power_jvp)
    loss = lambda x: np.sum(power(x) + scale(x, 2.0))
    register(scale, scale_vjp, scale_jvp)
    np.testing.assert_allclose(transpiler.grad(loss)(X), numeric_gradient(loss, (X,), 0), rtol=1e-6)


@pytest.mark.parametrize("rule", [lambda d, y, x, a, b=3.0: (d, d, None), lambda d, y, x, a, b: (d, d, None)],
                         ids=["another default", "no default"])
def test_a_rule_whose_default_is_not_the_functions_is_refused_when_registered(rule):
    with pytest.raises(transpiler.TranspileError, match="`b`.*defaults to 2.0"):
        transpiler.register_rule(scale, rule)
    assert scale not in REGISTRY


def test_a_rule_without_the_defaulted_parameters_is_accepted(register):
    register(scale, lambda d, y, x, a: (d * a * 2 * x, d * x**2))      # b is always 2.0 here
    loss = lambda x: np.sum(scale(x, 3.0))
    np.testing.assert_allclose(transpiler.grad(loss)(X), numeric_gradient(loss, (X,), 0), rtol=1e-6)


def weighted(x, w=np.ones(2), c=1.0):
    return c * w * x


def test_a_gap_whose_default_is_not_a_literal_is_refused_naming_it(register):
    register(weighted, lambda d, y, x, w=weighted.__defaults__[0], c=1.0: (d * c * w, None, None))
    with pytest.raises(transpiler.TranspileError, match="pass `w` explicitly"):
        transpiler.grad(lambda x: np.sum(weighted(x, c=2.0)))(X)


def power_in_exponent(s):
    return np.sum(power(X, s=s))


@pytest.mark.parametrize("transform", [lambda f: transpiler.grad(f)(3.0),
                                       lambda f: transpiler.jvp(f, (3.0,), (1.0,))])
def test_differentiating_a_keyword_only_argument_hints_at_a_wrapper_not_a_positional_call(register, transform):
    register(power, power_vjp, power_jvp)
    with pytest.raises(transpiler.NonDifferentiableError, match="keyword argument `s=`") as refused:
        transform(power_in_exponent)
    assert "def power_at(x, s): return power(x, s=s)" in refused.value.hint
    assert "as a positional argument" not in refused.value.hint

