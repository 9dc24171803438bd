"""A user class held by a name rather than written at the call: a parameter's default
(Karpathy's RealNVP ``AffineHalfFlow(dim, parity, net_class=MLP)``), a class passed to a helper
or ``__init__`` that constructs it (``net_class(...)``). The object made is one made in the function
(objects.py), whatever name held its class; both modes, a hessian, in loops, against central
differences."""
from dataclasses import dataclass

import numpy as np
import pytest

import transpiler

X = np.array([0.3, -0.6, 0.9])


def check_both(f, x, *rest):
    assert transpiler.check_grad(f, x, *rest).ok
    direction = np.array([0.5, -1.0, 2.0])
    h = 1e-6
    _, derivative = transpiler.jvp(f, (x, *rest), (direction, *[None] * len(rest)))
    numeric = (f(x + h * direction, *rest) - f(x - h * direction, *rest)) / (2 * h)
    assert derivative == pytest.approx(numeric, rel=1e-5, abs=1e-8)


class Tanh:
    def __init__(self, scale):
        self.scale = scale

    def __call__(self, x):
        return np.tanh(self.scale * x)


class Square:
    def __init__(self, scale):
        self.scale = scale

    def __call__(self, x):
        return (self.scale * x) ** 2


@dataclass
class Affine:
    scale: float

    def __call__(self, x):
        return self.scale * x + 1.0


class Coupling:
    def __init__(self, scale, net_class=Tanh):
        self.net = net_class(scale)

    def forward(self, x):
        return x + self.net(x)


def default_class(x):
    return np.sum(Coupling(2.0).forward(x) ** 2)


def class_given(x):
    return np.sum(Coupling(2.0, net_class=Square).forward(x)) + np.sum(Coupling(0.5, Affine).forward(x))


def build(layer_class, scale):
    return layer_class(scale)


def stacked(x):
    for _ in range(2):                                  # classes passed to a helper, in a loop
        x = build(Tanh, 0.7)(x) + build(Square, 0.3)(x)
    return np.sum(x)


def helper_with_default(x, scale, layer=Square):
    return layer(scale)(x)


def in_a_branch(x, square):
    y = helper_with_default(x, 1.5) if square else helper_with_default(x, 1.5, layer=Tanh)
    return np.sum(y)


@pytest.mark.parametrize("f", [default_class, class_given, stacked])
def test_a_class_held_by_a_name_is_constructed_as_written(f):
    check_both(f, X)


@pytest.mark.parametrize("square", [True, False])
def test_a_class_default_of_a_helper_in_a_branch(square):
    check_both(in_a_branch, X, square)


def test_the_hessian_through_a_class_default():
    H = transpiler.hessian(default_class)(X)
    gradient, h = transpiler.grad(default_class), 1e-6
    numeric = np.stack([(gradient(X + h * e) - gradient(X - h * e)) / (2 * h) for e in np.eye(3)], axis=1)
    np.testing.assert_allclose(H, numeric, rtol=1e-5, atol=1e-6)


def test_a_new_class_default_is_used_by_the_next_call(monkeypatch):
    gradient = transpiler.grad(default_class)
    gradient(X)
    monkeypatch.setattr(Coupling.__init__, "__defaults__", (Square,))
    np.testing.assert_allclose(gradient(X), transpiler.grad(lambda x: np.sum(Coupling(2.0, Square).forward(x) ** 2))(X))
