"""NamedTuples and dataclasses inside list, tuple and dict arguments are taken apart like
tuples (api/flat.py, opt/containers.py): the code a call runs takes each field as a parameter
of its own (the record's class beside them), ``layer.W`` and ``W, b = layer`` read the field
itself, and each matrix product's adjoint is written directly, where every adjoint went through
``matmul_adjoint``, ``add_into`` and ``zeros_like_adjoint`` (issue 17: an MLP whose layers are
NamedTuples ran at 1.5-1.6× hand-written)."""
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pytest

import transpiler

RNG = np.random.default_rng(5)


class Layer(NamedTuple):
    W: np.ndarray
    b: np.ndarray


@dataclass
class Dense:
    W: np.ndarray
    b: np.ndarray


@dataclass
class Scaled:
    W: np.ndarray
    scale: float

    def __post_init__(self):
        self.W = np.asarray(self.W)


class Counted(NamedTuple):
    W: np.ndarray
    times: int


def mlp(params, X, y):
    h = X
    for layer in params[:-1]:
        h = np.tanh(h @ layer.W + layer.b)
    out = h @ params[-1].W + params[-1].b
    return np.mean((out - y) ** 2)


def mlp_unpacked(params, X, y):
    h = X
    for W, b in params[:-1]:
        h = np.tanh(h @ W + b)
    W, b = params[-1]
    return np.mean((h @ W + b - y) ** 2)


def mlp_by_position(params, X, y):
    h = X
    for k in range(len(params)):
        h = np.tanh(h @ params[k][0] + params[k][1])
    return np.sum((h - y) ** 2)


def layers(kind, dims=(4, 6, 5, 1), dtype=np.float64):
    return [kind((RNG.standard_normal((a, b)) / np.sqrt(a)).astype(dtype), (0.1 * RNG.standard_normal(b)).astype(dtype))
            for a, b in zip(dims[:-1], dims[1:])]


def numeric(f, params, *rest, h=1e-6):
    """Central differences per field, in the records' own structure."""
    out = []
    for k, layer in enumerate(params):
        fields = {}
        for name in ("W", "b"):
            value = np.asarray(getattr(layer, name), dtype=float)
            g = np.zeros_like(value)
            for idx in np.ndindex(value.shape):
                for sign in (1, -1):
                    moved = value.copy()
                    moved[idx] += sign * h
                    changed = list(params)
                    changed[k] = type(layer)(**{**{n: getattr(layer, n) for n in ("W", "b")}, name: moved})
                    g[idx] += sign * f(changed, *rest) / (2 * h)
            fields[name] = g
        out.append(fields)
    return out


def assert_matches(got, expected, rtol=1e-5):
    assert len(got) == len(expected)
    for layer, fields in zip(got, expected):
        for name, g in fields.items():
            assert np.allclose(getattr(layer, name), g, rtol=rtol, atol=1e-7)


def body_of(f, *args) -> str:
    source = transpiler.grad(f).compiled(args).source
    return source[source.index(f"def {f.__name__}_grad"):]


@pytest.mark.parametrize("kind, f", [(Layer, mlp), (Dense, mlp), (Layer, mlp_by_position)])
def test_layers_as_records_are_taken_apart(kind, f):
    params, X, y = layers(kind), RNG.standard_normal((8, 4)), RNG.standard_normal((8, 1))
    body = body_of(f, params, X, y)
    for generic in ("zeros_like_adjoint(", "add_into(", "matmul_adjoint", "field_adjoint("):
        assert generic not in body, generic
    assert "params_0_W" in body and "params_2_b" in body
    got = transpiler.grad(f)(params, X, y)
    assert type(got) is list and all(type(layer) is kind for layer in got)
    assert_matches(got, numeric(f, params, X, y))


def test_named_tuples_unpacked_and_in_a_tuple_or_dict():
    params, X, y = layers(Layer), RNG.standard_normal((8, 4)), RNG.standard_normal((8, 1))
    assert "matmul_adjoint" not in body_of(mlp_unpacked, params, X, y)
    assert_matches(transpiler.grad(mlp_unpacked)(params, X, y), numeric(mlp_unpacked, params, X, y))
    assert_matches(transpiler.grad(mlp_unpacked)(tuple(params), X, y), numeric(mlp_unpacked, params, X, y))

    def by_name(model, X):
        h = np.tanh(X @ model["first"].W + model["first"].b)
        return np.sum(h @ model["last"].W + model["last"].b * model["scale"])
    model = {"first": params[0], "last": params[1], "scale": 0.5}
    got = transpiler.grad(by_name)(model, X)
    assert type(got["first"]) is Layer and np.isclose(got["scale"], 8 * np.sum(params[1].b))
    check = numeric(lambda ps, X: by_name({"first": ps[0], "last": ps[1], "scale": 0.5}, X), [params[0], params[1]], X)
    assert_matches([got["first"], got["last"]], check)


def test_many_layers_stay_a_loop_over_rebuilt_records():
    params = [Layer(0.5 * RNG.standard_normal((3, 3)), 0.1 * RNG.standard_normal(3)) for _ in range(20)]
    X, y = RNG.standard_normal((2, 3)), RNG.standard_normal((2, 3))
    for f in (mlp_by_position, mlp_unpacked):
        got = transpiler.grad(f)(params, X, y)
        assert all(type(layer) is Layer for layer in got)
        assert_matches(got, numeric(f, params, X, y))


def test_records_that_are_not_taken_apart_keep_their_gradient():
    def scaled(params, x):
        return sum(np.sum(np.sin(x @ p.W) * p.scale) for p in params)
    x = RNG.standard_normal((2, 3))
    params = [Scaled(RNG.standard_normal((3, 3)), 0.5), Scaled(RNG.standard_normal((3, 3)), -1.5)]
    got = transpiler.grad(scaled)(params, x)       # __post_init__: passed whole
    for p, g in zip(params, got):
        assert np.allclose(g.W, x.T @ (np.cos(x @ p.W) * p.scale))
        assert np.isclose(g.scale, np.sum(np.sin(x @ p.W)))

    def counted(params, x):
        return sum(np.sum(x @ p.W) * p.times for p in params)
    params = [Counted(RNG.standard_normal((3, 3)), 2), Counted(RNG.standard_normal((3, 3)), 3)]
    got = transpiler.grad(counted)(params, x)       # an integer field: passed whole
    for p, g in zip(params, got):
        assert np.allclose(g.W, x.T @ np.ones((2, 3)) * p.times)


def test_float32_layers_and_forward_mode():
    params = layers(Layer, dtype=np.float32)
    X, y = RNG.standard_normal((8, 4)).astype(np.float32), RNG.standard_normal((8, 1)).astype(np.float32)
    got = transpiler.grad(mlp)(params, X, y)
    assert all(layer.W.dtype == np.float32 for layer in got)
    params64 = [Layer(p.W.astype(float), p.b.astype(float)) for p in params]
    assert_matches(got, numeric(mlp, params64, X.astype(float), y.astype(float)), rtol=2e-3)

    params = layers(Layer)
    X, y = RNG.standard_normal((8, 4)), RNG.standard_normal((8, 1))
    tangents = [Layer(RNG.standard_normal(p.W.shape), RNG.standard_normal(p.b.shape)) for p in params]
    _, tangent = transpiler.jvp(mlp, (params, X, y), (tangents, None, None))
    gradient = transpiler.grad(mlp)(params, X, y)
    expected = sum(np.sum(g.W * t.W) + np.sum(g.b * t.b) for g, t in zip(gradient, tangents))
    assert np.isclose(tangent, expected, rtol=1e-6)


def test_second_derivatives_through_layers_as_records():
    params = layers(Layer, dims=(3, 4, 1))
    X, y = RNG.standard_normal((5, 3)), RNG.standard_normal((5, 1))
    v = [Layer(RNG.standard_normal(p.W.shape), RNG.standard_normal(p.b.shape)) for p in params]
    got = transpiler.hvp(mlp, params, v, X, y)
    grad, h = transpiler.grad(mlp), 1e-5
    plus = grad([Layer(p.W + h * q.W, p.b + h * q.b) for p, q in zip(params, v)], X, y)
    minus = grad([Layer(p.W - h * q.W, p.b - h * q.b) for p, q in zip(params, v)], X, y)
    for g, a, b in zip(got, plus, minus):
        assert type(g) is Layer
        assert np.allclose(g.W, (a.W - b.W) / (2 * h), rtol=1e-4, atol=1e-7)
        assert np.allclose(g.b, (a.b - b.b) / (2 * h), rtol=1e-4, atol=1e-7)
