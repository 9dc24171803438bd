"""``super()`` in a method of an object from outside the function (a global, a closure's, the
object of ``grad(obj.method)``), and a classmethod differentiated itself (``grad(K.g)``) calling
``cls.f(x)``. Both were refused ("no derivative rule for `super().kernel`", "... for `cls.f`"):
``super()`` found the running method's class only for objects made in the function or passed
as arguments, and a classmethod's ``cls`` was an argument passed at run time, not the class."""
import numpy as np
import pytest

import transpiler


class Base:
    def __init__(self, scale):
        self.scale = scale

    def kernel(self, x):
        return self.scale * x ** 2


class Derived(Base):
    def kernel(self, x):
        return np.cos(x) + super().kernel(x)

    def total(self, x):
        return np.sum(np.cos(x)) + np.sum(super().kernel(x))


class Twice(Derived):
    def kernel(self, x):
        return np.sin(x) * super(Twice, self).kernel(x)      # (Python 2's spelling: the class after Twice)


class Model(Derived):
    def __call__(self, x):
        return np.sum(super().kernel(x) * x)


class K:
    @staticmethod
    def f(x):
        return np.sum(np.exp(x) * x)

    @classmethod
    def g(cls, x):
        return cls.f(x) * 2 + cls.h(x)

    @classmethod
    def h(cls, x):
        return np.sum(np.tanh(x)) ** 2


class L(K):
    @staticmethod
    def f(x):
        return np.sum(x ** 3)


DERIVED, TWICE, MODEL = Derived(1.5), Twice(0.5), Model(2.0)


def global_object(x):
    return np.sum(DERIVED.kernel(x))


def two_levels_of_super(x):
    return np.sum(TWICE.kernel(x) ** 2)


def closure_object():
    d = Derived(0.7)

    def closure_object(x):
        return np.sum(d.kernel(x) * x)
    return closure_object


def classmethod_called(x):
    return K.g(x) + L.g(x)


CASES = [global_object, two_levels_of_super, closure_object(), MODEL, DERIVED.total, K.g, L.g,
         classmethod_called]
IDS = ["global_object", "two_levels_of_super", "closure_object", "called_object", "bound_method_entry",
       "classmethod_entry", "inherited_classmethod_entry", "classmethod_called"]
X = np.array([0.3, -0.7, 1.1])


@pytest.mark.parametrize("f", CASES, ids=IDS)
def test_reverse_mode_matches_finite_differences(f):
    report = transpiler.check_grad(f, X)
    assert report.ok, report


@pytest.mark.parametrize("f", CASES, ids=IDS)
def test_forward_mode_matches_finite_differences(f):
    t = np.random.RandomState(0).randn(X.size)
    value, derivative = transpiler.jvp(f, (X,), (t,))
    h = 1e-6
    assert value == pytest.approx(f(X), rel=1e-12)
    assert derivative == pytest.approx((f(X + h * t) - f(X - h * t)) / (2 * h), rel=1e-6)


@pytest.mark.parametrize("f", CASES, ids=IDS)
def test_hessian_matches_finite_differences_of_the_gradient(f):
    hessian = transpiler.hessian(f)(X)
    gradient, h = transpiler.grad(f), 1e-6
    columns = [(gradient(X + h * e) - gradient(X - h * e)) / (2 * h) for e in np.eye(X.size)]
    assert hessian == pytest.approx(np.array(columns).T, rel=1e-6, abs=1e-8)


def test_the_bound_entrys_gradient_follows_its_object():
    """``grad(obj.total)`` reads ``self.scale`` of the object it was made for, when it runs."""
    other = Derived(3.0)
    f, g = transpiler.grad(DERIVED.total), transpiler.grad(other.total)
    assert g(X) == pytest.approx(-np.sin(X) + 6.0 * X)
    assert f(X) == pytest.approx(-np.sin(X) + 3.0 * X)
