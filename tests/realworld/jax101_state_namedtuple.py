# Ported from jax-ml/jax, docs/jax-101/07-state.ipynb ("Stateful Computations in JAX", the linear-regression worked example): a NamedTuple of parameters, `init`, `loss`, and `update` mapping a lambda over the parameters (jax.tree_map as a comprehension over the tuple's fields).
from typing import NamedTuple

import numpy as np


class Params(NamedTuple):
    weight: np.ndarray
    bias: np.ndarray


def init(rng) -> Params:
    """Returns the initial model params."""
    weights_key, bias_key = rng, rng
    weight = weights_key.normal()
    bias = bias_key.normal()
    return Params(weight, bias)


def loss(params: Params, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Computes the least squares error of the model's predictions on x against y."""
    pred = params.weight * x + params.bias
    return np.mean((pred - y) ** 2)


LEARNING_RATE = 0.005


def update(params: Params, grad: Params) -> Params:
    """Performs one SGD update step on params using the given gradient."""
    return Params(*[param - g * LEARNING_RATE for param, g in zip(params, grad)])


rng = np.random.default_rng(42)

# Generate true data from y = w*x + b + noise
true_w, true_b = 2, -1
xs = rng.normal(size=(128, 1))
noise = rng.normal(size=(128, 1)) * 0.5
ys = xs * true_w + true_b + noise


CASES = [
    dict(name="loss", function=loss, args=lambda: (init(np.random.default_rng(0)), xs, ys)),
]
