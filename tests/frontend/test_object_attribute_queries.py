"""Objects made inside the function, as statsmodels writes them: ``hasattr(self, "offset")`` and
``getattr(self, "exposure", 0)`` (known while lowering), ``super(Cls, self).__init__(...,
**kwargs)``, a method bound to an attribute under a branch whose test is known
(``if method == 'nb2': self.loglikeobs = self._ll_nb2``), and ``and`` / ``or`` of values known
while lowering, which short-circuit there. Both modes against central finite differences,
second order, an attribute set on one path of a branch (a flag at run time), and the questions
that cannot be answered (refused, never guessed)."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

from sequence_checks import assert_both_modes

X = np.array([0.3, -1.2, 2.0, 0.7])


class Base(object):
    def __init__(self, data, offset=None, scale=None, **kwargs):
        self.data = data
        if offset is not None:
            self.offset = offset
        if scale is not None:
            self.scale = scale

    def predict(self, params, offset=None):
        if offset is None and hasattr(self, 'offset'):
            offset = self.offset
        elif offset is None:
            offset = 0.
        return np.exp(params * self.data + offset)


class Model(Base):
    def __init__(self, data, method='square', offset=None, **kwargs):
        super(Model, self).__init__(data, offset=offset, **kwargs)
        self.method = method
        self._initialize()

    def _initialize(self):
        if self.method == 'square':
            self.loss = self._square
        elif self.method == 'absolute':
            self.loss = self._absolute
        else:
            raise NotImplementedError("no such loss")

    def _square(self, params):
        return (self.predict(params) - getattr(self, "scale", 1.0)) ** 2

    def _absolute(self, params):
        return np.abs(self.predict(params) - getattr(self, "scale", 1.0))

    def total(self, params):
        return np.sum(self.loss(params))


def square_without_offset(params):
    return Model(X).total(params)


def absolute_with_offset_and_scale(params):
    return Model(X, method='absolute', offset=0.25, scale=0.5).total(params)


def offset_passed_to_predict(params):
    model = Model(X, offset=0.1)
    return np.sum(model.predict(params, offset=-0.2) * hasattr(model, "offset") + getattr(model, "missing", 3.0))


def short_circuits_on_constants(params):
    model = Model(X)
    weight = (model.method == 'square' and 2.0) or 5.0
    named = None or params
    return weight * np.sum(named ** 2)


@pytest.mark.parametrize("f", [square_without_offset, absolute_with_offset_and_scale, offset_passed_to_predict,
                               short_circuits_on_constants])
def test_matches_finite_differences_in_both_modes(f):
    assert_both_modes(f, np.array([0.2, -0.4, 0.1, 0.3]))


def test_second_derivative_through_a_method_chosen_by_a_known_test():
    p = np.array([0.2, -0.4, 0.1, 0.3])
    h = transpiler.hessian(square_without_offset)(p)
    e = np.exp(p * X)
    np.testing.assert_allclose(np.diag(h), 2 * X ** 2 * e * (2 * e - 1), rtol=1e-10)


class Conditional:
    def __init__(self, x):
        if np.sum(x) > 0:
            self.positive = x

    def value(self):
        return getattr(self, "positive", 0.0) + 2.0 * hasattr(self, "positive")


def asks_for_an_attribute_assigned_on_one_path(x):
    model = Conditional(x * 1.5)
    if np.max(x) > 1.0:
        model.positive = x ** 3
    return np.sum(model.value() * x)


@pytest.mark.parametrize("x", [X, -X, X - 0.9])
def test_an_attribute_assigned_on_one_path_of_a_run_time_branch_is_asked_for_at_run_time(x):
    assert_both_modes(asks_for_an_attribute_assigned_on_one_path, x)


class Accumulated:
    def __init__(self, x, n):
        for i in range(n):
            self.h = x * i

    def has_h(self):
        return hasattr(self, "h")


def asks_for_an_attribute_assigned_in_a_loop(x, n):
    return np.sum(x * Accumulated(x, n).has_h())


def test_an_attribute_first_assigned_in_a_loop_is_not_known_to_exist_after_it():
    with pytest.raises(UnsupportedSyntaxError, match="may run zero times"):       # (range(0): Python says False)
        transpiler.grad(asks_for_an_attribute_assigned_in_a_loop)(X, 0)


def names_the_attribute_at_run_time(x):
    model = Model(x)
    name = "data"
    return np.sum(getattr(model, name))


def test_getattr_with_a_name_that_is_not_a_constant_is_refused():
    with pytest.raises(UnsupportedSyntaxError, match="string constant"):
        transpiler.grad(names_the_attribute_at_run_time)(X)
