"""A classmethod that builds an object from ``cls(...)`` and sets attributes on it before
returning it (Kantor's CSTR: ``reactor = cls(Tc=Tc, **kwargs); reactor.X = X0; return reactor``)
is inlined as any constructor: writing into an object it made itself changes nothing outside.
It simply ran before, as a method writing into its object's attributes does, so the caller's
``reactor.p["Tc"] = ...`` was refused ("assignment to the element") and a refusal inside it (a
solver's lambda calling a method of the object) was reported there, at the wrong line."""
import numpy as np
import pytest
from scipy.optimize import fsolve

import transpiler
from sequence_checks import assert_both_modes


class Reactor:
    count = 0

    def __init__(self, a=1.0, **kwargs):
        self.p = {"a": a, "b": 2.0}
        self.p.update(kwargs)

    @classmethod
    def started(cls, a, **kwargs):
        reactor = cls(a=a, **kwargs)
        reactor.X = np.array([0.5, reactor.p["b"] * a])
        reactor.history = [reactor.X.copy()]
        return reactor

    @classmethod
    def counted(cls, a):
        cls.count += 1              # (a write into the class: the call runs as Python runs it)
        return a * cls.count

    @classmethod
    def solved(cls, a):
        reactor = cls(a=a)
        reactor.X = fsolve(lambda X: reactor.residual(X), np.array([0.5]))
        return reactor

    def residual(self, X):
        return X - self.p["a"]

    def energy(self):
        return self.p["a"] * np.sum(self.X ** 2) + self.history[0][1]


def set_after_the_classmethod(x):
    reactor = Reactor.started(1.5, b=x)
    reactor.p["a"] = x ** 2
    return reactor.energy()


def read_after_the_classmethod(x):
    reactor = Reactor.started(x, b=np.sin(x))
    return reactor.energy() + reactor.X[1]


@pytest.mark.parametrize("f", [set_after_the_classmethod, read_after_the_classmethod], ids=lambda f: f.__name__)
def test_a_classmethod_filling_the_object_it_builds_is_differentiated_in_both_modes(f):
    assert_both_modes(f, 0.7)


def test_a_classmethod_filling_the_object_it_builds_has_the_hessian_of_differences():
    x, h = 0.7, 1e-5
    expected = (transpiler.grad(set_after_the_classmethod)(x + h)
                - transpiler.grad(set_after_the_classmethod)(x - h)) / (2 * h)
    assert transpiler.hessian(set_after_the_classmethod)(x) == pytest.approx(expected, rel=1e-6)


def solved_then_set(x):
    reactor = Reactor.solved(x)
    reactor.p["a"] = x
    return reactor.X[0] * x


def test_a_refusal_inside_the_classmethod_is_reported_where_it_is():
    with pytest.raises(transpiler.UnsupportedSyntaxError) as caught:
        transpiler.grad(solved_then_set)(0.7)
    assert "reactor.residual(X)" in str(caught.value) and "`reactor`" in str(caught.value)


def count_twice(x):
    return Reactor.counted(x) * x


def test_a_classmethod_writing_into_its_class_still_runs_as_python_runs_it():
    Reactor.count = 0
    with pytest.raises(transpiler.UnknownFunctionError, match="Reactor.counted"):
        transpiler.grad(count_twice)(0.7)
    assert Reactor.count <= 1
