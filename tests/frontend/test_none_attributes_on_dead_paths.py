"""``if self.fixed_params is not None: params = self.expandparams(params)`` with the attribute
None (statsmodels' GenericLikelihoodModel): the test is known when compiling (a free None is
folded, and the next call recompiles when it is rebound), and the path that never runs reads
attributes None lacks (`self.fixed_params.copy()`): lowered as None there, as a call of a
non-function is, instead of refused as a misspelling."""
import numpy as np
import pytest

from transpiler import grad, hessian, jvp, value_and_grad
from transpiler.errors import UnsupportedSyntaxError


class Model:
    def __init__(self, weights, fixed_params=None):
        self.weights = weights
        self.fixed_params = fixed_params

    def expandparams(self, params):
        paramsfull = self.fixed_params.copy()
        paramsfull[np.isnan(self.fixed_params)] = params
        return paramsfull

    def loglike(self, params):
        if self.fixed_params is not None:
            params = self.expandparams(params)
        return -np.sum(self.weights * params ** 2) + np.sum(np.sin(params))


W = np.array([1.0, 2.0, 3.0])
free_model = Model(W)
P = np.array([0.3, -0.2, 0.5])


def expected_grad(p):
    return -2 * W * p + np.cos(p)


def test_a_bound_method_of_a_global_object_with_a_none_attribute():
    np.testing.assert_allclose(grad(free_model.loglike)(P), expected_grad(P))
    value, g = value_and_grad(lambda p: free_model.loglike(p))(P)
    assert np.isclose(value, free_model.loglike(P))
    np.testing.assert_allclose(g, expected_grad(P))
    np.testing.assert_allclose(jvp(free_model.loglike, (P,), (np.ones(3),))[1], np.sum(expected_grad(P)))
    np.testing.assert_allclose(hessian(free_model.loglike)(P), np.diag(-2 * W - np.sin(P)))


rebound_model = Model(W)


def test_rebinding_the_attribute_recompiles_and_takes_the_other_path():
    model = rebound_model
    f = grad(lambda p: rebound_model.loglike(p))
    np.testing.assert_allclose(f(P), expected_grad(P))
    model.fixed_params = np.array([np.nan, 0.7, np.nan])            # the middle one fixed
    q = np.array([0.3, 0.5])
    full = np.array([0.3, 0.7, 0.5])
    np.testing.assert_allclose(f(q), expected_grad(full)[[0, 2]])
    model.fixed_params = None
    np.testing.assert_allclose(f(P), expected_grad(P))


OFFSET = None


def shifted(p):
    if OFFSET is not None:
        p = p + OFFSET.shift * OFFSET.scale.sum()
    return np.sum(np.tanh(p))


def in_a_closure(config):
    def loss(p):
        if config is not None:
            p = p * config.weights.copy()
        return np.sum(p ** 3)
    return loss


def test_a_global_or_closure_none_and_attribute_chains_on_the_path_not_taken():
    np.testing.assert_allclose(grad(shifted)(P), 1 - np.tanh(P) ** 2)
    np.testing.assert_allclose(jvp(shifted, (P,), (np.ones(3),))[1], np.sum(1 - np.tanh(P) ** 2))
    loss = in_a_closure(None)
    np.testing.assert_allclose(grad(loss)(P), 3 * P ** 2)
    np.testing.assert_allclose(hessian(loss)(P), np.diag(6 * P))


def misspelt(p):
    if OFFSET is None:
        p = p + OFFSET.shift
    return np.sum(p)


def test_a_missing_attribute_on_the_path_that_runs_is_still_refused_where_it_is_read():
    with pytest.raises(UnsupportedSyntaxError, match="`OFFSET.shift` does not exist") as caught:
        grad(misspelt)(P)
    assert caught.value.location.line == misspelt.__code__.co_firstlineno + 2


class Packed:
    """An attribute read in an index written to (`q[self.mask] = p`) does not make the method
    one that changes its object: it is inlined, not run as an opaque call."""

    def __init__(self):
        self.base = np.array([1.0, 5.0, 1.0])
        self.mask = np.array([True, False, True])

    def expand(self, p):
        q = self.base.copy()
        q[self.mask] = p
        q[self.mask] *= 2.0
        return q

    def loss(self, p):
        return np.sum(self.expand(p) ** 2)


packed = Packed()


def test_a_method_writing_at_an_index_read_from_its_object_is_inlined():
    p = np.array([2.0, 3.0])
    np.testing.assert_allclose(grad(packed.loss)(p), 8 * p)
    np.testing.assert_allclose(jvp(packed.loss, (p,), (np.ones(2),))[1], np.sum(8 * p))
    np.testing.assert_allclose(hessian(lambda v: packed.loss(v))(p), 8 * np.eye(2))
