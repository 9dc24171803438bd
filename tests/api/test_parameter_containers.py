"""Parameter containers as people write them: ``@dataclass`` and ``NamedTuple`` parameters read
by attribute (``params.W``; the gradient has the container's own type), and array default
arguments of helpers and of the differentiated function. Both modes, against central finite
differences."""
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pytest

import transpiler
from transpiler import check_grad, grad, hessian, jvp, value_and_grad, vjp
from transpiler.trees import basis, leaves, rebuild


@dataclass
class Params:
    W: np.ndarray
    b: np.ndarray
    depth: int = 2


class Weights(NamedTuple):
    W: np.ndarray
    b: np.ndarray


def mlp(params, x):
    h = np.tanh(params.W @ x + params.b)
    for _ in range(params.depth):
        if np.sum(h) > -10.0:
            h = h * params.b + 0.1
    return np.sum(h ** 2)


def unpacks(weights, x):
    W, b = weights
    return np.sum(np.tanh(weights.W @ x + b) ** 2) + np.sum(weights[0] ** 2)


RS = np.random.RandomState(0)
X = RS.randn(3)
PARAMS = Params(RS.randn(2, 3), RS.randn(2))
WEIGHTS = Weights(RS.randn(2, 3), RS.randn(2))


def numeric_gradient(f, params, x, h=1e-6):
    """Central differences per leaf of ``params``, rebuilt in its structure."""
    parts = leaves(params)
    out = []
    for k, part in enumerate(parts):
        g = np.zeros(np.shape(part))
        for idx in np.ndindex(np.shape(part) if isinstance(part, np.ndarray) else (0,)):
            for sign in (1, -1):
                shifted = [p.copy() if isinstance(p, np.ndarray) else p for p in parts]
                shifted[k][idx] += sign * h
                g[idx] += sign * f(rebuild(params, shifted), x)
        out.append(g / (2 * h))
    return out


@pytest.mark.parametrize("f, params", [(mlp, PARAMS), (unpacks, WEIGHTS)])
def test_the_gradient_has_the_containers_type_and_agrees_with_finite_differences(f, params):
    value, g = value_and_grad(f)(params, X)
    assert type(g) is type(params) and value == pytest.approx(f(params, X))
    for analytic, numeric in zip(leaves(g), numeric_gradient(f, params, X)):
        np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)    # (an int field: 0, unperturbed)
    assert check_grad(f, params, X, wrt=1).ok


@pytest.mark.parametrize("f, params", [(mlp, PARAMS), (unpacks, WEIGHTS)])
def test_forward_mode_takes_a_tangent_of_the_containers_type(f, params):
    tangent = rebuild(params, [np.ones(np.shape(p)) if np.ndim(p) else 0 for p in leaves(params)])
    value, t = jvp(f, (params, X), (tangent, np.zeros(3)))
    g = grad(f)(params, X)
    expected = sum(np.sum(a * b) for a, b in zip(leaves(g), leaves(tangent)))
    assert t == pytest.approx(expected, rel=1e-8)


def test_vjp_and_hessian_with_respect_to_a_named_tuple():
    out, pullback = vjp(unpacks, WEIGHTS, X)
    assert type(pullback(1.0)[0]) is Weights
    H = hessian(unpacks)(WEIGHTS, X)
    assert type(H) is Weights and type(H.b) is Weights and H.b.b.shape == (2, 2)
    assert np.allclose(H.b.b, H.b.b.T)


def test_the_printed_code_reads_fields_as_written():
    source = transpiler.grad(mlp).source(args=(PARAMS, X))
    assert "params.W" in source and "add_into(zeros_like_adjoint(params), 'b'" in source


# Array default arguments -------------------------------------------------------------------
def dense(x, w=np.array([1.0, -2.0, 0.5]), b=0.25):
    return np.tanh(x * w + b)


def uses_a_default(x):
    s = 0.0
    for i in range(2):
        s = s + np.sum(dense(x) ** 2) * (i + 1)
    return s


def own_default(x, w=np.array([1.0, -2.0, 0.5])):
    w[0] = 3.0
    return np.sum(np.sin(x * w))


def test_array_defaults_of_helpers_and_of_the_function_itself():
    x = np.array([0.1, 0.2, 0.3])
    assert check_grad(uses_a_default, x).ok
    assert check_grad(own_default, x).ok and check_grad(own_default, x, wrt=1).ok
    np.testing.assert_array_equal(own_default.__defaults__[0], [1.0, -2.0, 0.5])    # never written
    _, t = jvp(uses_a_default, (x,), (x,))
    h = 1e-6
    assert t == pytest.approx((uses_a_default(x + h * x) - uses_a_default(x - h * x)) / (2 * h), rel=1e-6)


def test_a_helpers_array_default_is_read_at_call_time():
    x = np.array([0.1, 0.2, 0.3])
    g = grad(uses_a_default)
    before = g(x)
    saved = dense.__defaults__
    dense.__defaults__ = (np.array([2.0, 2.0, 2.0]), 0.25)
    try:
        assert not np.allclose(g(x), before)
        assert check_grad(uses_a_default, x).ok
    finally:
        dense.__defaults__ = saved


class Gaussian(NamedTuple):
    mean: np.ndarray
    std: float


@dataclass
class Moments:
    mean: np.ndarray
    var: float
    sum: float


def gaussian_nll(p, x):
    return np.sum(0.5 * ((x - p.mean) / p.std) ** 2 + np.log(p.std))


def moments_loss(m, x):
    return np.sum((x - m.mean) ** 2 / m.var) + m.sum ** 2


def test_fields_named_like_array_methods_are_fields():
    """``p.mean``, ``m.var``, ``m.sum`` read without a call are the record's fields (an array's
    method is never read that way in numeric code): they were refused as array attributes."""
    x = np.array([0.1, 0.5, -0.3])
    g = transpiler.grad(gaussian_nll)(Gaussian(np.zeros(3), 1.5), x)
    np.testing.assert_allclose(g.mean, -x / 1.5 ** 2, rtol=1e-12)
    assert g.std == pytest.approx(-np.sum(x ** 2) / 1.5 ** 3 + 3 / 1.5, rel=1e-12)
    m = Moments(np.array([0.2, 0.0, 0.1]), 2.0, 0.5)
    g = transpiler.grad(moments_loss)(m, x)
    np.testing.assert_allclose(g.mean, -2 * (x - m.mean) / 2.0, rtol=1e-12)
    assert g.var == pytest.approx(-np.sum((x - m.mean) ** 2) / 4.0, rel=1e-12)
    assert g.sum == pytest.approx(1.0, rel=1e-12)
    value, tangent = transpiler.jvp(gaussian_nll, (Gaussian(np.zeros(3), 1.5), x),
                                    (Gaussian(np.ones(3), 0.0), None))
    assert tangent == pytest.approx(np.sum(-x / 1.5 ** 2), rel=1e-12)


@dataclass
class _Named:
    """Real Python's `Position`: a record with a string field."""
    name: str
    lon: float = 0.0
    lat: float = 0.0

    def scaled_distance(self, other):
        return np.sqrt((self.lon - other.lon) ** 2 + 2.0 * (self.lat - other.lat) ** 2)


def test_a_records_string_field_takes_no_tangent():
    """(jvp failed converting the string field's tangent to a float, whatever was passed)"""
    home = _Named("home", 1.0, 2.0)
    there = _Named("there", -0.5, 4.0)
    g = transpiler.grad(home.scaled_distance)(there)
    for tangent, expected in ((_Named("there", 1.0, 0.0), g.lon), (_Named(None, 0.0, 1.0), g.lat)):
        value, t = transpiler.jvp(home.scaled_distance, (there,), (tangent,))
        assert value == pytest.approx(home.scaled_distance(there))
        assert t == pytest.approx(expected, rel=1e-12)


@dataclass
class _Powers:
    w: np.ndarray
    k: int
    n: int


def _sum_of_powers(p):
    return np.sum(p.w ** p.k) * p.n


def _power_of_a_dict(d):
    return np.sum(d["w"] ** d["k"])


def test_integer_elements_of_containers_get_a_zero_gradient():
    """(they got their formula's slope: nan for `k` where `w` < 0, a number for `n`)"""
    w = np.array([0.3, -0.7, 1.1])
    with np.errstate(invalid="ignore"):
        g = transpiler.grad(_sum_of_powers)(_Powers(w, 3, 2))
        by_key = transpiler.grad(_power_of_a_dict)({"w": w, "k": 3})
        in_a_tuple = transpiler.grad(lambda t: np.sum(t[0] ** t[1]))((w, np.int64(3)))
    np.testing.assert_allclose(g.w, 2 * 3 * w ** 2)
    assert (g.k, g.n) == (0.0, 0.0)
    np.testing.assert_allclose(by_key["w"], 3 * w ** 2)
    assert by_key["k"] == 0.0 and in_a_tuple[1] == 0.0
