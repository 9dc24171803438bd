"""``cls(...)`` inside a classmethod (an alternative constructor, ``Model.make(w)``) makes an
object of the class the method was called on, as ``Model(...)`` does (it was refused: "calling the
object `Model` is not supported"); a subclass calling the inherited classmethod makes a subclass
object."""
import numpy as np
import pytest

import transpiler

from sequence_checks import assert_both_modes

W = np.array([0.5, -1.2, 2.0])


class Model:
    scale = 1.0

    def __init__(self, w):
        self.w = w

    @classmethod
    def make(cls, w):
        return cls(w * 2)

    @staticmethod
    def act(z):
        return np.tanh(z)

    @property
    def norm2(self):
        return np.sum(self.w ** 2)

    def __call__(self, x):
        return np.sum(self.act(self.w * x)) * self.scale + self.norm2


class Scaled(Model):
    scale = 3.0


def made_by_the_classmethod(w):
    return Model.make(w)(1.5)


def made_by_the_subclass(w):
    return Scaled.make(w)(1.5)


def made_directly(w):
    return Model(w * 2)(1.5)


@pytest.mark.parametrize("f", [made_by_the_classmethod, made_by_the_subclass], ids=lambda f: f.__name__)
def test_cls_called_in_a_classmethod_makes_the_object_in_both_modes(f):
    assert_both_modes(f, W)


def test_the_classmethod_s_object_is_the_one_its_class_makes():
    np.testing.assert_allclose(transpiler.grad(made_by_the_classmethod)(W), transpiler.grad(made_directly)(W),
                               rtol=1e-12)
    assert transpiler.value_and_grad(made_by_the_subclass)(W)[0] == pytest.approx(made_by_the_subclass(W))
