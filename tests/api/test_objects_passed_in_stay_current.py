"""A gradient called with an object whose methods it inlined (``grad(loss)(x, model)``: the
class is the call's, frontend/parameter_classes.py) follows what the class and the object hold
*now*: a method replaced on the class or a base class, a property replaced, a function set on
the object itself, another subclass passed (api/instances.py checks these on every call of a
cached runner; frontend/dependencies.py records what the lowering took from the class). Each
result is compared with central differences of the function as it is at that moment."""
import numpy as np
import pytest

import transpiler
from transpiler.errors import TranspileError

X = np.array([0.1, 0.5, -0.3])


def finite_differences(f, x, *rest, h=1e-6):
    return np.array([(f(x + h * e, *rest) - f(x - h * e, *rest)) / (2 * h) for e in np.eye(x.size)])


def assert_every_mode_matches(gradient, f, x, *rest):
    """The cached gradient, a fresh value_and_grad, and jvp along ones all match central
    differences of ``f`` as it is now."""
    expected = finite_differences(f, x, *rest)
    np.testing.assert_allclose(gradient(x, *rest), expected, rtol=1e-6, atol=1e-8)
    value, g = transpiler.value_and_grad(f)(x, *rest)
    assert value == pytest.approx(f(x, *rest))
    np.testing.assert_allclose(g, expected, rtol=1e-6, atol=1e-8)
    _, tangent = transpiler.jvp(f, (x, *rest), (np.ones_like(x), *[None] * len(rest)))
    assert tangent == pytest.approx(expected.sum(), rel=1e-6)


class Base:
    def act(self, z):
        return np.tanh(z)


class Model(Base):
    def __init__(self, w):
        self.w = w

    def predict(self, x):
        return self.act(self.w * x)

    @property
    def scale(self):
        return 2.0


def loss(x, model):
    return np.sum(model.predict(x)) * model.scale


def cube(self, z):
    return z ** 3


def sine(z):
    return np.sin(z)


def test_a_method_replaced_on_the_class_of_an_argument_is_seen_by_the_cached_gradient(monkeypatch):
    model, gradient = Model(2.0), transpiler.grad(loss)
    assert_every_mode_matches(gradient, loss, X, model)
    monkeypatch.setattr(Model, "act", cube)
    assert_every_mode_matches(gradient, loss, X, model)


def test_a_method_replaced_on_a_base_class_is_seen(monkeypatch):
    model, gradient = Model(2.0), transpiler.grad(loss)
    gradient(X, model)
    monkeypatch.setattr(Base, "act", cube)
    assert_every_mode_matches(gradient, loss, X, model)


def test_a_method_added_to_the_class_that_hides_its_base_class_method_is_seen(monkeypatch):
    model, gradient = Model(2.0), transpiler.grad(loss)
    gradient(X, model)
    monkeypatch.setattr(Model, "act", cube, raising=False)
    assert_every_mode_matches(gradient, loss, X, model)


def test_a_property_replaced_on_the_class_is_seen(monkeypatch):
    model, gradient = Model(2.0), transpiler.grad(loss)
    gradient(X, model)
    monkeypatch.setattr(Model, "scale", property(lambda self: self.w * 3.0))
    assert_every_mode_matches(gradient, loss, X, model)


def test_a_function_set_on_the_object_hides_its_class_method_as_in_python():
    model, gradient = Model(2.0), transpiler.grad(loss)
    gradient(X, model)
    model.act = sine                            # an instance attribute: called without `self`
    assert_every_mode_matches(gradient, loss, X, model)
    del model.act                               # the class's method again
    assert_every_mode_matches(gradient, loss, X, model)


def test_objects_of_one_class_with_and_without_their_own_function_alternate_correctly():
    plain, own = Model(2.0), Model(2.0)
    own.act = sine
    gradient = transpiler.grad(loss)
    for _ in range(2):
        np.testing.assert_allclose(gradient(X, plain), finite_differences(loss, X, plain), rtol=1e-6)
        np.testing.assert_allclose(gradient(X, own), finite_differences(loss, X, own), rtol=1e-6)


def test_a_value_set_on_the_object_that_hides_a_method_is_refused_not_ignored():
    model = Model(2.0)
    model.act = np.sin                          # no source to inline: never the class's tanh silently
    with pytest.raises(TranspileError, match=r"calling `self.act`, which the object holds itself"):
        transpiler.grad(loss)(X, model)


def test_an_instance_of_a_subclass_passed_later_runs_its_own_method():
    class Cubic(Model):
        def act(self, z):
            return z ** 3

    gradient = transpiler.grad(loss)
    assert_every_mode_matches(gradient, loss, X, Model(2.0))
    assert_every_mode_matches(gradient, loss, X, Cubic(2.0))
    assert_every_mode_matches(gradient, loss, X, Model(2.0))


class Likelihood:
    """statsmodels' NegativeBinomial binds ``self.loglikeobs`` to one of its methods in ``__init__``."""

    def __init__(self, y, method="nb2"):
        self.y = y
        self.loglikeobs = self._ll_nb2 if method == "nb2" else self._ll_poisson

    def _ll_nb2(self, mu):
        return self.y * np.log(mu) - 2.0 * np.log1p(mu)

    def _ll_poisson(self, mu):
        return self.y * np.log(mu) - mu

    def loglike(self, params):
        return np.sum(self.loglikeobs(np.exp(params)))


def total_loglike(params, model):
    return model.loglike(params)


def test_a_method_the_object_stored_as_its_attribute_is_inlined_and_followed_when_rebound():
    y, params = np.array([1.0, 3.0, 0.0]), np.array([0.2, -0.4, 0.1])
    model, gradient = Likelihood(y), transpiler.grad(total_loglike)
    assert_every_mode_matches(gradient, total_loglike, params, model)
    model.loglikeobs = model._ll_poisson
    assert_every_mode_matches(gradient, total_loglike, params, model)
    assert_every_mode_matches(gradient, total_loglike, params, Likelihood(y, "poisson"))


def steps(x, model, n):
    for _ in range(n):                          # the method inlined in a loop, through a helper
        x = advance(model, x)
    return np.sum(x ** 2)


def advance(model, x):
    return x + 0.1 * model.predict(x)


def test_a_method_replaced_while_inlined_in_a_loop_through_a_helper_is_seen(monkeypatch):
    model, gradient = Model(0.5), transpiler.grad(steps)
    assert_every_mode_matches(gradient, steps, X, model, 3)
    monkeypatch.setattr(Model, "act", cube)
    assert_every_mode_matches(gradient, steps, X, model, 3)


def test_the_hessian_follows_a_method_replaced_on_the_class(monkeypatch):
    model = Model(2.0)
    hessian = transpiler.hessian(lambda x, m: np.sum(m.predict(x)))
    t = np.tanh(2.0 * X)
    np.testing.assert_allclose(hessian(X, model), np.diag(-8.0 * t * (1 - t ** 2)), rtol=1e-6, atol=1e-12)
    monkeypatch.setattr(Model, "act", cube)     # sum((2x)^3): 48 x on the diagonal
    np.testing.assert_allclose(hessian(X, model), np.diag(48.0 * X), rtol=1e-6, atol=1e-12)


def test_a_gradient_reading_an_object_from_outside_follows_a_function_set_on_it():
    model = Model(2.0)

    def predict_sum(x):
        return np.sum(model.predict(x))
    gradient = transpiler.grad(predict_sum)
    np.testing.assert_allclose(gradient(X), finite_differences(predict_sum, X), rtol=1e-6)
    model.act = sine
    np.testing.assert_allclose(gradient(X), finite_differences(predict_sum, X), rtol=1e-6)
    del model.act
    np.testing.assert_allclose(gradient(X), finite_differences(predict_sum, X), rtol=1e-6)


class Made:
    """A class constructed inside the differentiated function (objects.py: a compile-time object)."""

    factor = 3.0

    def __init__(self, w):
        self.w = w

    def out(self, x):
        return np.sin(self.w * x) * self.factor


def made_inside(x):
    return np.sum(Made(2.0).out(x))


def test_a_method_or_constant_replaced_on_a_class_constructed_in_the_function_is_seen(monkeypatch):
    gradient = transpiler.grad(made_inside)
    np.testing.assert_allclose(gradient(X), finite_differences(made_inside, X), rtol=1e-6)
    monkeypatch.setattr(Made, "out", lambda self, x: self.w * x ** 2)
    np.testing.assert_allclose(gradient(X), finite_differences(made_inside, X), rtol=1e-6)
    monkeypatch.setattr(Made, "factor", 5.0)
    np.testing.assert_allclose(gradient(X), finite_differences(made_inside, X), rtol=1e-6)
