"""A class as an argument of the differentiated function, or a parameter's default
(``calibration_error(p, model_class=CIR)``: ``model = model_class(p[0], p[1], ...)``,
tests/realworld/short_rate_term_structure.py). **The gradient was silently zero**: the
parameter was a value the code read when it ran, so ``model_class(p)`` and the method called on
its result ran as calls with no derivative (grad 0.0 where 9.0 is right). The class is now a
constant of the call, as a function argument is (frontend/parameter_classes.py): the object is
made in the function, its ``__init__`` and methods inlined, and a call with another class
compiles anew."""
import numpy as np
import pytest

import transpiler


class Linear:
    def __init__(self, w):
        self.w = w

    def f(self, x):
        return np.sum(self.w * x)


class Square(Linear):
    def f(self, x):
        return np.sum(self.w ** 2 * x)


X = np.array([1.0, 2.0, 3.0])


def loss(p, model_class=Square):
    return model_class(p).f(X) + np.sum(p)


def named_then_called(p, model_class):
    model = model_class(p * 2.0)
    return model.f(X) * p[0]


P = np.array([0.5, -1.0, 2.0])


def test_a_class_default_is_constructed_grad_right():
    assert transpiler.grad(loss)(P) == pytest.approx(2 * P * X + 1.0)


@pytest.mark.parametrize("cls", [Linear, Square])
def test_a_class_passed_in_both_modes(cls):
    report = transpiler.check_grad(named_then_called, P, cls)
    assert report.ok, report
    t = np.array([0.3, 1.0, -0.5])
    h = 1e-6
    _, derivative = transpiler.jvp(named_then_called, (P, cls), (t, None))
    numeric = (named_then_called(P + h * t, cls) - named_then_called(P - h * t, cls)) / (2 * h)
    assert derivative == pytest.approx(numeric, rel=1e-6)


def test_another_class_on_the_next_call_compiles_anew():
    g = transpiler.grad(loss)
    assert g(P) == pytest.approx(2 * P * X + 1.0)
    assert g(P, Linear) == pytest.approx(X + 1.0)
    assert g(P) == pytest.approx(2 * P * X + 1.0)


def test_the_hessian_through_a_class_default():
    assert transpiler.hessian(loss)(P) == pytest.approx(np.diag(2 * X))
