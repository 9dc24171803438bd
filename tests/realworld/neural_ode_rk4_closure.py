# Written for this corpus (i5) in the style of a "neural ODE from scratch" blog post: an MLP vector field closed over by an RK4 integrator.
import numpy as np


def make_field(W1, b1, W2):
    def field(t, y):
        h = np.tanh(W1 @ y + b1 * t)
        return W2 @ h
    return field


def rk4(f, y0, t0, t1, n):
    h = (t1 - t0) / n
    y, t = y0, t0
    for _ in range(n):
        k1 = f(t, y)
        k2 = f(t + h / 2, y + h / 2 * k1)
        k3 = f(t + h / 2, y + h / 2 * k2)
        k4 = f(t + h, y + h * k3)
        y = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        t = t + h
    return y


def loss(W1, b1, W2, y0, target):
    f = make_field(W1, b1, W2)
    y1 = rk4(f, y0, 0.0, 1.0, 10)
    return 0.5 * np.sum((y1 - target) ** 2)


rng = np.random.RandomState(0)
W1 = rng.randn(5, 2) * 0.5
b1 = rng.randn(5) * 0.1
W2 = rng.randn(2, 5) * 0.5

CASES = [
    dict(name="params", function=loss,
         args=lambda: (W1.copy(), b1.copy(), W2.copy(), np.array([1.0, 0.0]), np.array([0.0, 1.0])), wrt=(0, 1, 2)),
    dict(name="initial_state", function=loss,
         args=lambda: (W1.copy(), b1.copy(), W2.copy(), np.array([1.0, 0.0]), np.array([0.0, 1.0])), wrt=(3,)),
]
