"""A dataclass field's ``default_factory`` (frontend/records.py ``_made_by_factory``): ``dict``,
``list``, and factories making the same list of numbers or array each time are made anew per
object, as the class's ``__init__`` makes them; any other factory is refused, located."""
import dataclasses

import numpy as np
import pytest

import transpiler

X = np.array([0.3, -0.7, 1.1])


@dataclasses.dataclass
class Settings:
    scale: float = 2.0
    weights: list = dataclasses.field(default_factory=lambda: [1.0, 2.0])
    cache: dict = dataclasses.field(default_factory=dict)
    offsets: np.ndarray = dataclasses.field(default_factory=lambda: np.array([0.5, -1.0]))
    counts: np.ndarray = dataclasses.field(default_factory=lambda: np.arange(2))


def loss(x):
    s = Settings()
    s.cache["first"] = x[0] * 3.0
    s.weights.append(x[2])           # the object's own list: a new one per call
    s.offsets[0] += x[1]             # the object's own array: written in place
    linear = s.weights[0] * x[0] + s.weights[1] * x[1] + s.weights[2]
    return s.scale * linear + s.cache["first"] + np.sum(s.offsets * x[:2]) + np.sum(s.counts * x[1:])


def expected_gradient(x):
    return np.array([2 + 3 + 0.5 + x[1], 4 - 1.0 + x[0] + 0.0, 2 + 1.0])


def test_each_factory_makes_its_value_in_reverse_mode():
    np.testing.assert_allclose(transpiler.grad(loss)(X), expected_gradient(X), rtol=1e-12)
    assert transpiler.check_grad(loss, X).ok


def test_each_factory_makes_its_value_in_forward_mode():
    direction = np.array([1.0, -2.0, 0.5])
    value, tangent = transpiler.jvp(loss, (X,), (direction,))
    assert value == pytest.approx(loss(X), rel=1e-12)
    assert tangent == pytest.approx(expected_gradient(X) @ direction, rel=1e-12)


def test_a_value_made_by_a_factory_is_new_at_every_call():
    g = transpiler.grad(loss)
    first, second = g(X), g(X)        # (an array written in place, a list appended to: not kept)
    np.testing.assert_array_equal(first, second)
    assert Settings().weights == [1.0, 2.0] and Settings().offsets[0] == 0.5


RNG = np.random.default_rng(0)


@dataclasses.dataclass
class Noisy:
    w: np.ndarray = dataclasses.field(default_factory=lambda: RNG.normal(size=2))


def test_a_factory_whose_values_differ_is_refused_where_the_object_is_made():
    def drawn(x):
        return np.sum(Noisy().w * x[:2])
    with pytest.raises(transpiler.UnsupportedSyntaxError, match="default factory of `Noisy.w`") as raised:
        transpiler.grad(drawn)(X)
    assert raised.value.location.line == drawn.__code__.co_firstlineno + 1
    assert "pass the field explicitly" in str(raised.value)


@dataclasses.dataclass
class Step:
    lr: float = 0.1
    decay: float = 0.9


@dataclasses.dataclass
class Trainer:
    step: Step = dataclasses.field(default_factory=Step)
    rounds: int = 3


def trained(x):
    t = Trainer()
    t.step.lr = t.step.lr * 2.0          # the object's own Step: a new one per call
    w = x.copy()
    for _ in range(t.rounds):
        w = w - t.step.lr * t.step.decay * w
    return np.sum(w ** 2)


def test_a_dataclass_factory_makes_an_object_of_its_defaults():
    shrink = (1 - 0.2 * 0.9) ** 3
    np.testing.assert_allclose(transpiler.grad(trained)(X), 2 * shrink ** 2 * X, rtol=1e-12)
    direction = np.array([1.0, -2.0, 0.5])
    assert transpiler.jvp(trained, (X,), (direction,))[1] == pytest.approx(2 * shrink ** 2 * X @ direction, rel=1e-12)
    assert Trainer().step.lr == 0.1
