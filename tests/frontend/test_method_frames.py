"""A method inlined again while it is on the stack, on another object, is not a recursion
(frontend/method_frames.py): a container module's ``__call__`` calls each layer's ``__call__``
(the same ``Module.__call__``), a tree of objects calls each child's ``value``. Both modes and
second order against central differences; the same method on the same object stays refused,
located."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

from sequence_checks import assert_both_modes

RNG = np.random.default_rng(5)
X = RNG.normal(size=(4, 3))


class Module:
    def __call__(self, x):
        return self.forward(x)


class Linear(Module):
    def __init__(self, W):
        super().__init__()
        self.W = W

    def forward(self, x):
        return x @ self.W


class Tanh(Module):
    def forward(self, x):
        return np.tanh(x)


class Sequential(Module):
    def __init__(self, *layers):
        self.layers = list(layers)

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


def net_made_inside(W1, W2):
    net = Sequential(Linear(W1), Tanh(), Linear(W2))
    return np.sum(net(X) ** 2)


GLOBAL_NET = Sequential(Linear(RNG.normal(size=(3, 3))), Tanh(), Sequential(Tanh(), Tanh()))


def net_held_globally(x):
    return np.sum(GLOBAL_NET(x))          # a Sequential inside a Sequential: three levels of __call__


def test_a_container_module_calls_its_layers_call_in_both_modes():
    W1, W2 = RNG.normal(size=(3, 3)), RNG.normal(size=(3, 2))
    assert_both_modes(net_made_inside, W1, W2, wrt=0)
    assert_both_modes(net_made_inside, W1, W2, wrt=1)
    assert_both_modes(net_held_globally, X.copy())


def test_second_order_through_nested_calls():
    def f(w):
        return net_made_inside(w.reshape(3, 3), np.eye(3)[:, :2])
    w = RNG.normal(size=9)
    H = transpiler.hessian(f)(w)
    g = transpiler.grad(f)
    h = 1e-5
    fd = np.stack([(g(w + h * e) - g(w - h * e)) / (2 * h) for e in np.eye(9)], axis=1)
    np.testing.assert_allclose(H, fd, rtol=1e-5, atol=1e-7)


class Leaf:
    def __init__(self, w):
        self.w = w

    def value(self, x):
        return np.sin(self.w * x)


class Node(Leaf):
    def __init__(self, left, right):
        self.left, self.right = left, right

    def value(self, x):
        return self.left.value(x) * self.right.value(x) + Leaf.value(self.right, x)


def tree_value(a, b, c, x):
    tree = Node(Node(Leaf(a), Leaf(b)), Leaf(c))      # Node.value on two nodes, nested
    return tree.value(x)


def test_a_tree_of_objects_calls_the_same_method_on_each_node():
    for k in range(4):
        assert_both_modes(tree_value, 0.3, -1.2, 0.7, 1.5, wrt=k)


class Countdown:
    def run(self, x, n):
        if n == 0:
            return x
        return self.run(np.sin(x), n - 1)           # the same method on the same object


def test_a_method_calling_itself_on_its_own_object_is_still_refused_located():
    def f(x):
        return Countdown().run(x, 3)
    with pytest.raises(UnsupportedSyntaxError, match="recursive call of the method `run`") as info:
        transpiler.grad(f)(0.5)
    assert "test_method_frames.py:" in str(info.value)


class Chain:
    def value(self, x, n):
        if n == 0:
            return x
        return Chain().value(x * 2.0, n - 1)         # a new object at every level: never ends


def test_a_method_on_a_new_object_at_every_level_is_refused_at_a_depth():
    def f(x):
        return Chain().value(x, 100)
    with pytest.raises(UnsupportedSyntaxError, match="recursive call of the method `value`"):
        transpiler.grad(f)(0.5)
