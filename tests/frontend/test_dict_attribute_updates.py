"""``self.__dict__.update(kwds)`` in ``__init__`` (statsmodels' GenericLikelihoodModel): each key
the call passed becomes an attribute of the object made in the function."""
import numpy as np
import pytest

from transpiler import UnsupportedSyntaxError, grad, hessian, jvp, value_and_grad


class Model:
    def __init__(self, weights, **kwds):
        self.weights = weights
        self.__dict__.update(kwds)
        if not hasattr(self, "offset"):
            self.offset = 0.0

    def loss(self, x):
        return np.sum(self.scale * self.weights * np.sin(x + self.offset))


def with_keywords(x):
    model = Model(np.array([1.0, 2.0]), scale=x[0] ** 2, offset=0.5)
    return model.loss(x)


def without_offset(x):
    model = Model(np.array([1.0, 2.0]), scale=3.0)
    return model.loss(x)


class Settings:
    def __init__(self, x):
        self.__dict__.update({"a": x * 2.0, "b": 3.0})


def from_a_display(x):
    s = Settings(x)
    return np.sum(s.a * s.b)


X = np.array([0.3, -0.4])


def fd(f, x, eps=1e-6):
    return np.array([(f(x + eps * e) - f(x - eps * e)) / (2 * eps) for e in np.eye(x.size)])


@pytest.mark.parametrize("f", [with_keywords, without_offset, from_a_display])
def test_the_attributes_the_update_sets_in_both_modes_and_second_order(f):
    np.testing.assert_allclose(grad(f)(X), fd(f, X), rtol=1e-6, atol=1e-9)
    value, g = value_and_grad(f)(X)
    assert np.isclose(value, f(X))
    np.testing.assert_allclose(jvp(f, (X,), (np.ones(2),))[1], np.sum(fd(f, X)), rtol=1e-6)
    np.testing.assert_allclose(hessian(f)(X), fd(lambda v: grad(f)(v), X), rtol=1e-5, atol=1e-7)


class Shared:
    pass


SHARED = Shared()


def into_a_global_object(x):
    SHARED.__dict__.update({"a": x})
    return np.sum(x)


def test_updating_a_global_objects_dict_is_refused_where_written():
    with pytest.raises(UnsupportedSyntaxError) as caught:
        grad(into_a_global_object)(X)
    assert caught.value.location.line == into_a_global_object.__code__.co_firstlineno + 1
