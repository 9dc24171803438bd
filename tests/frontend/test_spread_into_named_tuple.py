"""``Params(*[p - lr * g for p, g in zip(params, grads)])``: a sequence spread into a NamedTuple
class whose fields all have to be given takes exactly that many elements (checked when it runs,
Python's TypeError otherwise), so the comprehension's length need not be known while compiling
(GloVe's AdaGrad step over a namedtuple of parameters). Values against Python's, gradients
against central differences in both modes; a NamedTuple with defaults is refused, located."""
from collections import namedtuple
from typing import NamedTuple

import numpy as np
import pytest

import transpiler
from transpiler import check_grad, errors

Pair = namedtuple("Pair", ["w", "b"])


class Layer(NamedTuple):
    w: np.ndarray
    b: np.ndarray


class WithDefault(NamedTuple):
    w: np.ndarray
    b: float = 0.0


def sgd_step(params, grads, lr=0.1):
    new = Pair(*[p - lr * g * p for p, g in zip(params, grads)])
    return np.sum(new.w ** 2) + np.sum(new.b)


def typed_step(params, scale):
    new = Layer(*[p * scale for p in params])
    return np.sum(np.sin(new.w) * new.b)


def from_a_list(x):
    parts = [x[:2], x[2:]]
    made = Pair(*parts)
    return np.sum(made.w * made.b)


PARAMS = Pair(np.array([0.5, -1.0]), np.array([0.3, 0.2]))
GRADS = Pair(np.array([0.1, 0.2]), np.array([-0.3, 0.4]))


@pytest.mark.parametrize("fn, args", [(sgd_step, (PARAMS, GRADS)),
                                      (typed_step, (Layer(np.array([0.5, -1.0]), np.array([0.3, 0.2])), 1.5)),
                                      (from_a_list, (np.array([0.5, -1.0, 0.3, 0.2]),))])
def test_spread_into_a_named_tuple_in_both_modes(fn, args):
    value, gradient = transpiler.value_and_grad(fn)(*args)
    assert value == pytest.approx(fn(*args), rel=1e-14)
    report = check_grad(fn, *args)
    assert report.ok, str(report)
    tangent_in = type(args[0])(*[np.ones_like(a) for a in args[0]]) if isinstance(args[0], tuple) else np.ones_like(args[0])
    _, tangent = transpiler.jvp(fn, args, (tangent_in,) + (None,) * (len(args) - 1))
    flat = [np.sum(g) for g in gradient] if isinstance(gradient, tuple) else [np.sum(gradient)]
    assert tangent == pytest.approx(sum(flat), rel=1e-10)


def with_default(params):
    return np.sum(WithDefault(*[p * 2 for p in params]).w)


def test_a_named_tuple_with_defaults_is_still_refused_where_it_is_called():
    with pytest.raises(errors.UnsupportedSyntaxError, match="not known until the function runs"):
        transpiler.grad(with_default)(Pair(np.ones(2), np.ones(2)))
