"""A value made from the differentiated parameters by a call that simply runs (a class the
compiler cannot build: a ``__new__`` of its own, a built-in base), then passed to another such
call (its method ``.f(3.0)``): refused, naming the call. The gradient was silently 0.0 (the
analysis's dependence stopped at the first call, and the second one took no differentiated
argument)."""
import numpy as np
import pytest

import transpiler
from transpiler.errors import UnknownFunctionError


class BuiltByNew:
    def __new__(cls, w):
        made = object.__new__(cls)
        made.w = w
        return made

    def f(self, x):
        return self.w * x


class FloatBased(float):
    def f(self, x):
        return float(self) * x


def method_of_an_object_built_by_new(p):
    made = BuiltByNew(p)
    return made.f(3.0)


def method_of_a_float_subclass(p):
    return FloatBased(p).f(3.0)


def through_a_class_argument(p, cls=BuiltByNew):
    return np.sum(cls(p).f(np.ones(2)))


@pytest.mark.parametrize("f", [method_of_an_object_built_by_new, method_of_a_float_subclass,
                               through_a_class_argument])
def test_a_derivative_through_two_calls_without_rules_is_refused(f):
    assert f(2.0) != f(2.5)         # (the value does depend on p: a zero gradient would be wrong)
    with pytest.raises(UnknownFunctionError, match=r"no derivative rule for .*made from the differentiated"):
        transpiler.grad(f)(2.0)


def test_a_value_made_so_that_reaches_no_output_is_not_refused():
    def only_logged(p):
        made = BuiltByNew(p)
        str(made.f(1.0))
        return p * 2.0
    assert transpiler.grad(only_logged)(2.0) == pytest.approx(2.0)
