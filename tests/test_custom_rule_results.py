"""What a custom rule returns is checked against its arguments (transpiler/custom.py): a VJP that
returns an adjoint bare (not in a tuple), too few adjoints, or an adjoint of another shape than its
argument's, and a JVP whose tangent has another shape than the output's, raise RuleCheckError
naming the rule, never a wrong derivative."""
import numpy as np
import pytest

import transpiler
from transpiler import RuleCheckError
from transpiler.check.finite_differences import numeric_gradient
from transpiler.primitives.registry import REGISTRY



def square(x):
    return x**2


def times(x, s):
    return x * s


X = np.array([0.3, -0.4, 1.2])


@pytest.mark.parametrize("arg", [X, 3.0], ids=["array", "number"])
def test_an_adjoint_returned_bare_is_refused_naming_the_rule(register, arg):
    register(square, lambda d, y, x: d * 2 * x)
    with pytest.raises(RuleCheckError, match=r"VJP registered for square .*where a tuple of adjoints is expected"):
        transpiler.grad(lambda v: np.sum(square(v)))(arg)


def test_an_adjoint_returned_bare_is_refused_by_check_at(register):
    with pytest.raises(RuleCheckError, match="tuple of adjoints"):
        register(square, lambda d, y, x: d * 2 * x, check_at=(X,))
    assert square not in REGISTRY


def test_an_adjoint_not_summed_over_broadcast_axes_is_refused(register):
    register(times, lambda d, y, x, s: (d * s, d * x))
    with pytest.raises(RuleCheckError, match=r"adjoint of shape \(3,\) for argument 1, of shape \(\)"):
        transpiler.grad(lambda s: np.sum(times(X, s)) + s**2)(2.0)


def test_an_unsummed_adjoint_of_a_constant_argument_is_not_read(register):
    register(times, lambda d, y, x, s: (d * s, d * x))     # s's adjoint wrong, but s is constant here
    loss = lambda x: np.sum(times(x, 2.0))
    np.testing.assert_allclose(transpiler.grad(loss)(X), numeric_gradient(loss, (X,), 0), rtol=1e-6)


def test_too_few_adjoints_are_refused(register):
    register(times, lambda d, y, x, s: (d * s,))
    with pytest.raises(RuleCheckError, match=r"returned 1 adjoint\(s\) for 2 positional argument\(s\)"):
        transpiler.grad(lambda a, b: times(a, b), (0, 1))(2.0, 3.0)


def test_a_tangent_of_a_larger_shape_than_the_output_is_refused(register):
    register(times, lambda d, y, x, s: (d * s, np.sum(d * x)), lambda t, y, x, s: np.outer(t[0], s))
    with pytest.raises(RuleCheckError, match=r"JVP registered for times .*tangent of shape \(3, 3\)"):
        transpiler.jvp(lambda x: np.sum(times(x, X)), (X,), (np.ones(3),))


def test_a_correct_rule_still_matches_finite_differences(register):
    register(times, lambda d, y, x, s: (d * s, np.sum(d * x)),
             lambda t, y, x, s: (0 if t[0] is None else t[0] * s) + (0 if t[1] is None else x * t[1]))
    loss = lambda x, s: np.sum(times(x, s) ** 2)
    gx, gs = transpiler.grad(loss, (0, 1))(X, 2.0)
    np.testing.assert_allclose(gx, numeric_gradient(loss, (X, 2.0), 0), rtol=1e-6)
    np.testing.assert_allclose(gs, numeric_gradient(loss, (X, 2.0), 1), rtol=1e-6)
    direction = np.array([1.0, 0.5, -2.0])
    expected = numeric_gradient(loss, (X, 2.0), 0) @ direction
    np.testing.assert_allclose(transpiler.jvp(lambda x: loss(x, 2.0), (X,), (direction,))[1], expected, rtol=1e-6)
