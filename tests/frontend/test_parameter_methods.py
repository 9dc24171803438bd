"""Methods and properties of objects passed in (frontend/parameter_classes.py): ``a.distance_to(b)``
of dataclass parameters, ``model.loss(x, y)`` of a plain model object passed as an argument
(methods calling each other, ``self(x)``, properties), NamedTuple parameters; inside loops,
branches and helpers, keyword arguments, float32; a subclass compiles anew. Both modes against
central differences, hessian; gradients with respect to a dataclass have its type. And the
refusals: a write to the caller's object, a gradient with respect to a plain object (which gave
a wrong number before: its fields' adjoints were summed into one)."""
import dataclasses
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pytest

import transpiler
from transpiler import NonDifferentiableError, UnsupportedSyntaxError

from sequence_checks import assert_both_modes

X = np.array([[1.0, 2.0], [0.5, -1.0], [0.3, 0.2]])
Y = np.array([1.0, 0.0, 2.0])


@dataclass
class Point:
    xy: np.ndarray
    weight: float = 1.0

    def distance_to(self, other):
        return self.weight * np.sqrt(np.sum((self.xy - other.xy) ** 2))

    @property
    def norm(self):
        return np.sqrt(np.sum(self.xy ** 2))

    def scaled_norm(self, k=2.0):
        return k * self.norm


class Line(NamedTuple):
    w: np.ndarray
    b: float

    def __call__(self, x):
        return x @ self.w + self.b

    def loss(self, x, y):
        return np.mean((self(x) - y) ** 2)


class Model:
    """A model object as tutorials write it: weights set in ``__init__``, methods reading them."""

    def __init__(self, W, b):
        self.W = W
        self.b = b

    def _activation(self, z):
        return np.tanh(z)

    def predict(self, x):
        return self._activation(x @ self.W + self.b)

    @property
    def size(self):
        return self.W.shape[0]

    def loss(self, x, y):
        return np.sum((self.predict(x) - y) ** 2) / self.size


class ScaledModel(Model):
    def predict(self, x):
        return 3.0 * super().predict(x)


MODEL = Model(np.array([0.4, -0.3]), 0.1)


def distance(a, b):
    return a.distance_to(b)


def norm_of(p):
    return p.norm + p.scaled_norm(k=3.0)


def model_loss(model, x):
    return model.loss(x, Y)


def in_a_loop_and_a_branch(model, x):
    total = 0.0
    for i in range(3):
        if i % 2 == 0:
            total = total + model.loss(x * (i + 1), Y)
        else:
            total = total - np.sum(model.predict(x)) * 0.1
    return total


def _helper(m, x):
    return m.predict(x=x)


def through_a_helper(model, x):
    return np.sum(_helper(model, x) ** 2)


def namedtuple_loss(line, x):
    return line.loss(x, Y)


def _fd_gradient_of_fields(f, obj, others, h=1e-6):
    """Central differences with respect to each array or float field of a dataclass or
    NamedTuple ``obj`` (the first argument of ``f``)."""
    names = [f.name for f in dataclasses.fields(obj)] if dataclasses.is_dataclass(obj) else list(obj._fields)
    out = {}
    for name in names:
        value = getattr(obj, name)
        flat = np.array(value, dtype=float).ravel()
        grad = np.zeros_like(flat)
        for k in range(flat.size):
            step = np.zeros_like(flat)
            step[k] = h
            up = np.reshape(flat + step, np.shape(value))
            down = np.reshape(flat - step, np.shape(value))
            plus = obj._replace(**{name: up}) if hasattr(obj, "_replace") else dataclasses.replace(obj, **{name: up})
            minus = obj._replace(**{name: down}) if hasattr(obj, "_replace") else dataclasses.replace(obj, **{name: down})
            grad[k] = (f(plus, *others) - f(minus, *others)) / (2 * h)
        out[name] = grad.reshape(np.shape(value))
    return out


def test_a_method_of_dataclass_parameters_has_the_gradient_of_both_in_their_type():
    a, b = Point(np.array([1.0, 2.0]), 2.0), Point(np.array([-0.5, 0.3]), 1.0)
    value, (da, db) = transpiler.value_and_grad(distance, (0, 1))(a, b)
    assert value == pytest.approx(distance(a, b))
    assert isinstance(da, Point) and isinstance(db, Point)
    expected = _fd_gradient_of_fields(distance, a, (b,))
    np.testing.assert_allclose(da.xy, expected["xy"], rtol=1e-6)
    assert da.weight == pytest.approx(expected["weight"], rel=1e-6)
    np.testing.assert_allclose(db.xy, -da.xy, rtol=1e-12)      # (only the difference of the points matters)


def test_a_method_of_a_dataclass_parameter_in_forward_mode():
    a, b = Point(np.array([1.0, 2.0]), 2.0), Point(np.array([-0.5, 0.3]), 1.0)
    direction = Point(np.array([0.3, -0.7]), 0.5)
    value, tangent = transpiler.jvp(distance, (a, b), (direction, None))
    h = 1e-6
    moved = lambda s: Point(a.xy + s * direction.xy, a.weight + s * direction.weight)  # noqa: E731
    numeric = (distance(moved(h), b) - distance(moved(-h), b)) / (2 * h)
    assert value == pytest.approx(distance(a, b))
    assert tangent == pytest.approx(numeric, rel=1e-6)


def test_properties_of_a_dataclass_parameter_and_a_method_reading_one():
    p = Point(np.array([1.0, 2.0]), 2.0)
    gradient = transpiler.grad(norm_of)(p)
    expected = _fd_gradient_of_fields(norm_of, p, ())
    np.testing.assert_allclose(gradient.xy, expected["xy"], rtol=1e-6)
    assert gradient.weight == 0.0


@pytest.mark.parametrize("f", [model_loss, in_a_loop_and_a_branch, through_a_helper])
def test_methods_of_a_model_object_passed_as_an_argument_in_both_modes(f):
    assert_both_modes(f, MODEL, X, wrt=1)


def test_hessian_through_a_method_of_a_model_object():
    x = X[0]
    hessian = transpiler.hessian(model_loss, 1)(MODEL, x)
    gradient = transpiler.grad(model_loss, 1)
    h = 1e-6
    numeric = np.stack([(gradient(MODEL, x + h * e) - gradient(MODEL, x - h * e)) / (2 * h) for e in np.eye(2)], axis=1)
    np.testing.assert_allclose(hessian, numeric, rtol=1e-5, atol=1e-8)


def test_a_subclass_overriding_the_method_compiles_anew():
    gradient = transpiler.grad(model_loss, 1)
    plain = gradient(MODEL, X)
    scaled_model = ScaledModel(MODEL.W, MODEL.b)
    scaled = gradient(scaled_model, X)
    report = transpiler.check_grad(model_loss, scaled_model, X, wrt=1)
    assert report.ok, report
    assert not np.allclose(plain, scaled)
    np.testing.assert_allclose(gradient(MODEL, X), plain, rtol=1e-12)


def test_a_namedtuple_parameter_calling_itself_and_its_methods():
    line = Line(np.array([0.5, -0.2]), 0.3)
    assert_both_modes(namedtuple_loss, line, X, wrt=1)
    gradient = transpiler.grad(namedtuple_loss)(line, X)
    assert isinstance(gradient, Line)
    expected = _fd_gradient_of_fields(namedtuple_loss, line, (X,))
    np.testing.assert_allclose(gradient.w, expected["w"], rtol=1e-6)
    assert gradient.b == pytest.approx(expected["b"], rel=1e-6)


def test_float32_through_a_method_of_a_parameter():
    model = Model(np.array([0.4, -0.3], dtype=np.float32), np.float32(0.1))
    x = X.astype(np.float32)
    gradient = transpiler.grad(model_loss, 1)(model, x)
    assert gradient.dtype == np.float32
    np.testing.assert_allclose(gradient, transpiler.grad(model_loss, 1)(MODEL, X), rtol=1e-5)


class Counter:
    def __init__(self):
        self.calls = 0.0

    def bump(self, x):
        self.calls = self.calls + 1.0
        return np.sum(x)


def writes_the_callers_object(counter, x):
    return counter.bump(x)


def test_a_method_writing_an_attribute_of_the_callers_object_is_refused():
    with pytest.raises(UnsupportedSyntaxError, match="the caller's object would change"):
        transpiler.grad(writes_the_callers_object, 1)(Counter(), X)


class Holder:
    def __init__(self, w, b):
        self.w = w
        self.b = b


def read_two_fields(m, x):
    return np.sum(m.w * x + m.b)


def test_a_gradient_with_respect_to_a_plain_object_is_refused_not_summed():
    # (it returned the sum of the two fields' adjoints as one array: a wrong number)
    with pytest.raises(NonDifferentiableError, match="a `Holder` object"):
        transpiler.grad(read_two_fields)(Holder(np.ones(3), 2.0), np.arange(3.0))
    np.testing.assert_allclose(transpiler.grad(read_two_fields, 1)(Holder(np.ones(3), 2.0), np.arange(3.0)),
                               np.ones(3))


@dataclass
class Particle:
    w: np.ndarray
    charge: float = 1.0

    def energy(self, x):
        return self.charge * np.sum(np.sin(self.w * x))


class HeavyParticle(Particle):
    def energy(self, x):
        return 2.0 * super().energy(x) + np.sum(self.w ** 2)


PARTICLES = [Particle(np.array([1.0, 2.0]), 0.5), Particle(np.array([0.5, -1.0]), 2.0)]
XS = np.array([0.3, 0.4])


def energy_over_a_loop(ps, x):
    total = 0.0
    for p in ps:
        total = total + p.energy(x)
    return total


def energy_by_index_and_comprehension(ps, x):
    return ps[0].energy(x) * ps[-1].energy(x * 2.0) + sum(p.energy(x) for p in ps[1:])


def energy_with_enumerate(ps, x):
    return sum((i + 1.0) * p.energy(x) for i, p in enumerate(ps))


@pytest.mark.parametrize("f", [energy_over_a_loop, energy_by_index_and_comprehension, energy_with_enumerate])
def test_methods_of_the_elements_of_a_list_of_records_in_both_modes(f):
    assert_both_modes(f, PARTICLES, XS, wrt=1)


def test_the_gradient_with_respect_to_a_list_of_records_is_that_list():
    gradient = transpiler.grad(energy_over_a_loop)(PARTICLES, XS)
    assert isinstance(gradient, list) and all(isinstance(g, Particle) for g in gradient)
    for k, particle in enumerate(PARTICLES):
        expected = _fd_gradient_of_fields(lambda p, x: energy_over_a_loop(
            [p if j == k else q for j, q in enumerate(PARTICLES)], x), particle, (XS,))
        np.testing.assert_allclose(gradient[k].w, expected["w"], rtol=1e-6)
        assert gradient[k].charge == pytest.approx(expected["charge"], rel=1e-6)


def test_elements_of_another_class_compile_anew():
    gradient = transpiler.grad(energy_over_a_loop, 1)
    light = gradient(PARTICLES, XS)
    heavy = [HeavyParticle(p.w, p.charge) for p in PARTICLES]
    report = transpiler.check_grad(energy_over_a_loop, heavy, XS, wrt=1)
    assert report.ok, report
    assert not np.allclose(gradient(heavy, XS), light)
    np.testing.assert_allclose(gradient(PARTICLES, XS), light, rtol=1e-12)
