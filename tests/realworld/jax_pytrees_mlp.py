# Ported from jax-ml/jax, docs/working-with-pytrees.md, "Example of jax.tree.map with ML model parameters" (Apache 2.0 licence; https://github.com/jax-ml/jax/blob/main/docs/working-with-pytrees.md): `init_mlp_params(layer_widths)` (a list of `dict(weights=..., biases=...)` built over `zip(layer_widths[:-1], layer_widths[1:])`), `forward(params, x)` with the starred unpacking `*hidden, last = params`, `loss_fn`, and the training step `update` (`jax.grad(loss_fn)(params, x, y)`, then `jax.tree.map(lambda p, g: p - LEARNING_RATE * g, params, grads)` over the list of dicts); `jax.numpy` as numpy, `jax.nn.relu` as `np.maximum(x, 0)`, `jax.grad` as `transpiler.grad`, and `jax.tree.map` as a small recursive map over lists and dicts. The layer widths are smaller ([1, 16, 16, 1] for [1, 128, 128, 1]).
import numpy as np

import transpiler


class jax:
    # (the three JAX names the example uses, on numpy)
    class nn:
        @staticmethod
        def relu(x):
            return np.maximum(x, 0)

    grad = staticmethod(transpiler.grad)

    class tree:
        @staticmethod
        def map(f, tree, *rest):
            if isinstance(tree, dict):
                return {k: jax.tree.map(f, tree[k], *[r[k] for r in rest]) for k in tree}
            if isinstance(tree, list):
                return [jax.tree.map(f, t, *r) for t, *r in zip(tree, *rest)]
            return f(tree, *rest)


jnp = np


def init_mlp_params(layer_widths):
    params = []
    for n_in, n_out in zip(layer_widths[:-1], layer_widths[1:]):
        params.append(
            dict(weights=np.random.normal(size=(n_in, n_out)) * np.sqrt(2/n_in),
                 biases=np.ones(shape=(n_out,))
                )
        )
    return params


def forward(params, x):
    *hidden, last = params
    for layer in hidden:
        x = jax.nn.relu(x @ layer['weights'] + layer['biases'])
    return x @ last['weights'] + last['biases']


def loss_fn(params, x, y):
    return jnp.mean((forward(params, x) - y) ** 2)


LEARNING_RATE = 0.0001


def update(params, x, y):

    grads = jax.grad(loss_fn)(params, x, y)
    # Note that `grads` is a pytree with the same structure as `params`.
    # `jax.grad` is one of the many JAX functions that has
    # built-in support for pytrees.

    # This is handy, because we can apply the SGD update using tree utils:
    return jax.tree.map(
        lambda p, g: p - LEARNING_RATE * g, params, grads
    )


def data():
    rs = np.random.RandomState(0)
    xs = rs.normal(size=(32, 1))
    ys = xs ** 2
    return xs, ys


def trained_params():
    np.random.seed(1)
    params = init_mlp_params([1, 16, 16, 1])
    xs, ys = data()
    for _ in range(3):
        params = update(params, xs, ys)
    return params


def loss_of_inputs(x, params, y):
    # test wrapper: the loss as a function of the inputs
    return loss_fn(params, x, y)


CASES = [
    dict(name="loss_fn", function=loss_fn, args=lambda: (trained_params(), *data())),
    dict(name="loss_of_inputs", function=loss_of_inputs,
         args=lambda: (data()[0], trained_params(), data()[1])),
]
