"""Two spellings users meet (found by probing): the gradient of an ``@differentiate`` function
inside another function being differentiated, and ``grad(obj)`` of an object whose class's
``__call__`` was replaced by a lambda (``Model.__call__ = lambda self, x: ...``). Derivatives
checked against finite differences."""
import numpy as np
import pytest

import transpiler
from transpiler.check.finite_differences import numeric_gradient
from transpiler.errors import UnsupportedSyntaxError

P = np.array([1.0, 2.0, -0.5])
Q = np.array([0.5, -1.0, 1.5])


@transpiler.differentiate
def decorated(p, q):
    return np.sum(np.sin(p) * p * q)


def with_the_decorated_gradient(p, q):
    return np.sum(decorated.grad(p, q) * p)


def with_transpilers_grad_of_it(p, q):
    return np.sum(transpiler.grad(decorated)(p, q) * p)


def test_the_decorated_gradient_inside_is_refused_at_the_line_saying_what_to_write():
    # before: UnknownFunctionError "no derivative rule for `decorated.grad`", hint: register a rule
    with pytest.raises(UnsupportedSyntaxError,
                       match=r"test_decorated_and_replaced_calls.py:\d+:\d+: `decorated.grad` \(a derivative "
                             r"transpiler made\) called inside") as refused:
        transpiler.grad(with_the_decorated_gradient)(P, Q)
    assert "`grad(f)(x)`, `grad(f, k)(x, y)`" in refused.value.hint


def test_what_the_refusal_says_to_write_gives_the_second_derivative():
    expected = numeric_gradient(with_transpilers_grad_of_it, (P, Q), 0)
    np.testing.assert_allclose(transpiler.grad(with_transpilers_grad_of_it)(P, Q), expected, rtol=1e-6)
    # and it is the function the refused spelling computes
    assert with_the_decorated_gradient(P, Q) == pytest.approx(with_transpilers_grad_of_it(P, Q))


def test_the_decorated_derivatives_outside_are_unchanged():
    np.testing.assert_allclose(decorated.grad(P, Q), numeric_gradient(decorated, (P, Q), 0), rtol=1e-7)
    value, gradient = decorated.value_and_grad(P, Q)
    assert value == pytest.approx(decorated(P, Q))
    np.testing.assert_allclose(gradient, decorated.grad(P, Q))


class Model:
    def __init__(self, w):
        self.w = w

    def __call__(self, x):
        return np.sum(self.w * x ** 2)


def test_grad_of_an_object_whose_call_was_replaced_by_a_lambda():
    # before: SourceUnavailableError "not a Python function with source" (the lambda's source line
    # assigns to an attribute, `Model.__call__ = ...`, which was read as the lambda writing one)
    saved = Model.__call__
    try:
        Model.__call__ = lambda self, x: np.sum(self.w * np.sin(x) * x ** 2)
        model = Model(np.array([1.0, 2.0, 0.5]))
        np.testing.assert_allclose(transpiler.grad(model)(P), numeric_gradient(model, (P,), 0), rtol=1e-7)
        hessian = transpiler.hessian(model)(P)
        columns = [(transpiler.grad(model)(P + 1e-5 * e) - transpiler.grad(model)(P - 1e-5 * e)) / 2e-5
                   for e in np.eye(3)]
        np.testing.assert_allclose(hessian, np.stack(columns, -1), rtol=1e-6, atol=1e-8)
    finally:
        Model.__call__ = saved
