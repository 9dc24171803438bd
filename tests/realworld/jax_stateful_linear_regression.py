# Ported from jax-ml/jax, docs/stateful-computations.md ("Stateful computations": the linear-regression example, `model`, `loss_fn`, `update`, with jax.grad replaced by the gradient under test).
import numpy as np


def model(theta, x):
    """Computes wx + b on a batch of input x."""
    w, b = theta
    return w * x + b


def loss_fn(theta, x, y):
    prediction = model(theta, x)
    return np.mean((prediction-y)**2)


rng = np.random.default_rng(42)

# Generate true data from y = w*x + b + noise
true_w, true_b = 2, -1
xs = rng.normal(size=(20,))
noise = rng.normal(size=(20,))
ys = xs * true_w + true_b + noise


def init(rng):
    """Returns the initial model params."""
    return np.array([1., 0.])


def unrolled_loss(theta, x, y, lr=0.1):
    # test wrapper: three steps of `update` written out, the gradient of the loss after them
    for _ in range(3):
        prediction = model(theta, x)
        grad = np.array([np.mean(2 * (prediction - y) * x), np.mean(2 * (prediction - y))])
        theta = theta - lr * grad
    return loss_fn(theta, x, y)


CASES = [
    dict(name="loss_fn", function=loss_fn, args=lambda: (init(None), xs, ys)),
    dict(name="unrolled_loss", function=unrolled_loss, args=lambda: (init(None), xs, ys)),
]
