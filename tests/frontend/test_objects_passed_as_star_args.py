"""Objects made in the function, and functions, passed to a ``*args`` parameter:
``Sequential(Linear(2, 50), Tanh(), Linear(50, 2))`` (torchdiffeq's ODE demo ported from
``nn.Sequential``), ``compose(np.sin, np.cos)``. As a list display of them, the tuple is known
while compiling: iterating it, indexing it by a constant and ``len`` inline each element."""
import numpy as np
import pytest

from transpiler import check_grad, grad, hessian, jvp

X = np.array([0.3, -0.5])


class Linear:
    def __init__(self, weight, bias):
        self.weight = weight
        self.bias = bias

    def __call__(self, x):
        return x @ self.weight.T + self.bias


class Tanh:
    def __call__(self, x):
        return np.tanh(x)


class Sequential:
    def __init__(self, *modules):
        self.modules = modules

    def __call__(self, x):
        for module in self.modules:
            x = module(x)
        return x

    def first(self, x):
        return self.modules[0](x) * len(self.modules)


W1 = np.array([[0.5, -0.2], [0.1, 0.4], [-0.3, 0.2]])
W2 = np.array([[0.7, -0.1, 0.3], [0.2, 0.6, -0.4]])


def mlp(w1, w2, x):
    net = Sequential(Linear(w1, 0.1), Tanh(), Linear(w2, -0.2))
    return np.sum(net(x) ** 2)


def mlp_first_layer(w1, x):
    net = Sequential(Linear(w1, 0.0), Tanh())
    return np.sum(net.first(x))


def compose(*fs):
    def composed(x):
        for f in fs:
            x = f(x)
        return x
    return composed


def composed_functions(x):
    return np.sum(compose(np.sin, np.cos, lambda v: v * v)(x))


def in_a_loop(w1, w2, x):
    total = 0.0
    for scale in (1.0, 0.5):
        net = Sequential(Linear(w1 * scale, 0.0), Tanh(), Linear(w2, 0.0))
        total = total + np.sum(net(x))
    return total


@pytest.mark.parametrize("f, args", [(mlp, (W1, W2, X)), (mlp_first_layer, (W1, X)),
                                     (in_a_loop, (W1, W2, X))])
def test_objects_passed_as_star_args_agree_with_finite_differences(f, args):
    wrt = tuple(range(len(args)))
    report = check_grad(f, *args, wrt=wrt)
    assert report.ok, report
    direction = tuple(np.random.RandomState(2).randn(*np.shape(a)) for a in args)
    out, tangent = jvp(f, args, direction)
    h = 1e-6
    numeric = (f(*[a + h * d for a, d in zip(args, direction)]) - f(*[a - h * d for a, d in zip(args, direction)])) / (2 * h)
    assert out == pytest.approx(f(*args)) and tangent == pytest.approx(numeric, rel=1e-6)


def test_functions_passed_as_star_args():
    assert check_grad(composed_functions, X).ok
    np.testing.assert_allclose(grad(composed_functions)(X), -2 * np.cos(np.sin(X)) * np.sin(np.sin(X)) * np.cos(X))


def test_second_derivatives_through_the_sequence():
    h = hessian(lambda x: mlp(W1, W2, x))(X)
    g = grad(lambda x: mlp(W1, W2, x))
    numeric = np.stack([(g(X + 1e-5 * e) - g(X - 1e-5 * e)) / 2e-5 for e in np.eye(2)], axis=1)
    np.testing.assert_allclose(h, numeric, rtol=1e-5, atol=1e-8)
