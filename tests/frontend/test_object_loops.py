"""Loops that make objects and keep them (frontend/object_loops.py): ``[Scalar(...) for _ in
range(n)]`` and ``for i in range(3): layers.append(...)`` with a count known while compiling,
``[n(x) for n in self.neurons]``, ``sum((wi * xi for wi, xi in zip(self.w, x)), self.b)``,
``total = total + a`` of an object: unrolled, each object its own. A micrograd-style network
(objects for scalars, operators as dunder methods) in both modes against central differences,
through a helper, a branch, float32 and the hessian; a loop whose count is known only at run
time is refused, located."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

from sequence_checks import assert_both_modes


class Scalar:
    def __init__(self, data, _children=()):
        self.data = data
        self._prev = set(_children)

    def __add__(self, other):
        other = other if isinstance(other, Scalar) else Scalar(other)
        return Scalar(self.data + other.data, (self, other))

    def __radd__(self, other):
        return self + other

    def __mul__(self, other):
        other = other if isinstance(other, Scalar) else Scalar(other)
        return Scalar(self.data * other.data, (self, other))

    def __rmul__(self, other):
        return self * other

    def __sub__(self, other):
        return self + (other * -1)

    def __pow__(self, k):
        return Scalar(self.data ** k, (self,))

    def tanh(self):
        return Scalar(np.tanh(self.data), (self,))


class Neuron:
    def __init__(self, weights, bias):
        self.w = [Scalar(weights[i]) for i in range(3)]
        self.b = Scalar(bias)

    def __call__(self, x):
        act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        return act.tanh()


class Layer:
    def __init__(self, W, nout):
        self.neurons = [Neuron(W[j], 0.1 * j) for j in range(nout)]

    def __call__(self, x):
        return [n(x) for n in self.neurons]


def network(W):
    layer = Layer(W, 3)
    x = [Scalar(0.5), Scalar(-1.0), Scalar(2.0)]
    h = layer(x)
    out = layer(h)
    return sum((o - 0.25) ** 2 for o in out).data


def through_a_helper(W):
    def first_layer(W):
        return Layer(W, 2)
    layer = first_layer(W)
    return sum(layer([Scalar(1.0), Scalar(2.0), Scalar(3.0)])).data


def appended_in_a_loop(W):
    scalars = []
    for i in range(3):
        scalars.append(Scalar(W[i, i]) * (i + 1.0))
    total = Scalar(0.0)
    for s in scalars:
        total = total + s * s
    return total.data


def rebound_in_a_loop_in_a_branch(W):
    acc = Scalar(W[0, 0])
    for k in range(1, 3):
        if k == 2:
            acc = acc * Scalar(W[k, 0])
        else:
            acc = acc + Scalar(W[k, 1])
    return acc.tanh().data


W3 = np.array([[0.2, -0.4, 0.7], [0.5, 0.1, -0.3], [-0.6, 0.3, 0.8]])


@pytest.mark.parametrize("f", [network, through_a_helper, appended_in_a_loop, rebound_in_a_loop_in_a_branch])
def test_objects_kept_by_unrolled_loops_in_both_modes(f):
    assert_both_modes(f, W3)


def test_float32_and_hessian():
    g32 = transpiler.grad(network)(W3.astype(np.float32))
    assert g32.dtype == np.float32
    np.testing.assert_allclose(g32, transpiler.grad(network)(W3), rtol=1e-4, atol=1e-6)
    hessian = transpiler.hessian(appended_in_a_loop)(W3)
    gradient = transpiler.grad(appended_in_a_loop)
    h = 1e-6
    basis = np.eye(9).reshape(9, 3, 3)
    numeric = np.stack([(gradient(W3 + h * e) - gradient(W3 - h * e)) / (2 * h) for e in basis], axis=-1)
    np.testing.assert_allclose(hessian, numeric.reshape(3, 3, 3, 3), rtol=1e-5, atol=1e-7)


def test_the_unrolled_code_keeps_no_object_and_no_set():
    source = transpiler.grad(network).source()
    own = source[source.index("def network_grad"):]       # (the runtime helpers above it are the library's)
    assert "Scalar" not in own and "set(" not in own


def rebound_in_a_run_time_loop(W):
    total = Scalar(0.0)
    for row in W:
        total = total + Scalar(row[0])
    return total.data


def made_in_a_run_time_comprehension(W):
    scalars = [Scalar(v) for v in W[0]]
    return scalars[0].data


def inputs_known_at_run_time(W):
    layer = Layer(W, 1)
    return layer(list(W[0]))[0].data       # `isinstance(xi, Scalar)` of a run-time number


def test_run_time_inputs_are_no_objects_of_the_class():
    # `isinstance(xi, Scalar)` of a run-time number is False, checked when it runs
    # (frontend/runtime_isinstance.py; was refused)
    report = transpiler.check_grad(inputs_known_at_run_time, W3)
    assert report.ok, report


def test_a_loop_counted_at_run_time_is_refused_at_its_line():
    with pytest.raises(UnsupportedSyntaxError, match="known only at run time") as caught:
        transpiler.grad(rebound_in_a_run_time_loop)(W3)
    assert caught.value.location.line == rebound_in_a_run_time_loop.__code__.co_firstlineno + 2
    with pytest.raises(UnsupportedSyntaxError, match="in a list inside a loop"):
        transpiler.grad(made_in_a_run_time_comprehension)(W3)


# ---- the LSTM's network (nicodjimenez/lstm): a method appends a node when the inputs outgrow
# the nodes (`len(self.x_list) > len(self.nodes)`, lengths known while compiling), called in a
# loop over `range(len(LABELS))` of a global list, then `self.nodes[idx - 1]`.

class Cell:
    def __init__(self, W):
        self.W = W

    def step(self, x, h_prev=None):
        h_prev = np.zeros(2) if h_prev is None else h_prev
        self.h = np.tanh(self.W @ x + h_prev)


class Unrolled:
    def __init__(self, W):
        self.W = W
        self.nodes = []
        self.x_list = []

    def add(self, x):
        self.x_list.append(x)
        if len(self.x_list) > len(self.nodes):
            self.nodes.append(Cell(self.W))
        idx = len(self.x_list) - 1
        if idx == 0:
            self.nodes[idx].step(x)
        else:
            self.nodes[idx].step(x, self.nodes[idx - 1].h)


LABELS = [0.5, -0.2, 0.1]
XS = [np.array([0.3, -0.1]), np.array([0.2, 0.4]), np.array([-0.5, 0.6])]


def sequence_loss(W):
    net = Unrolled(W)
    for ind in range(len(LABELS)):
        net.add(XS[ind])
    loss = 0.0
    for ind in range(len(LABELS)):
        loss += (net.nodes[ind].h[0] - LABELS[ind]) ** 2
    return loss


W2 = np.array([[0.4, -0.3], [0.2, 0.7]])


def test_nodes_appended_by_a_method_in_a_loop_over_a_global_lists_length():
    assert_both_modes(sequence_loss, W2)
    hessian = transpiler.hessian(sequence_loss)(W2)
    gradient = transpiler.grad(sequence_loss)
    h = 1e-6
    basis = np.eye(4).reshape(4, 2, 2)
    numeric = np.stack([(gradient(W2 + h * e) - gradient(W2 - h * e)) / (2 * h) for e in basis], axis=-1)
    np.testing.assert_allclose(hessian, numeric.reshape(2, 2, 2, 2), rtol=1e-5, atol=1e-7)


def test_a_global_list_of_another_length_compiles_again():
    gradient = transpiler.grad(sequence_loss)
    before = gradient(W2)
    LABELS.append(0.3)
    XS.append(np.array([0.1, 0.1]))
    try:
        longer = gradient(W2)
        h = 1e-6
        basis = np.eye(4).reshape(4, 2, 2)
        numeric = np.array([(sequence_loss(W2 + h * e) - sequence_loss(W2 - h * e)) / (2 * h) for e in basis])
        np.testing.assert_allclose(longer, numeric.reshape(2, 2), rtol=1e-6, atol=1e-8)
        assert not np.allclose(longer, before)
    finally:
        LABELS.pop()
        XS.pop()


def lengths_of_lists(x):
    xs = [x]
    xs.append(x * 2.0)
    alias = xs
    alias.append(x * 3.0)        # (Python's `xs` is the same list: its length is 3 too)
    steps = []
    for k in range(len(xs)):
        steps.append(k)
    return x * len(xs) * len(steps) + len(alias)


def test_len_of_a_list_grown_by_appends_is_known_and_follows_other_names():
    assert lengths_of_lists(2.0) == 2.0 * 3 * 3 + 3
    assert transpiler.grad(lengths_of_lists)(2.0) == 9.0
    assert_both_modes(lengths_of_lists, 1.5)


class Walker:
    """shangtong_td_lambda's OffLineLambdaReturn: a list attribute grown by a method the loop
    calls, its `len` read there (a length known while compiling only where the list was made)."""

    def __init__(self, w):
        self.w = w
        self.trajectory = [0]

    def learn(self, state):
        self.trajectory.append(state)
        self.T = len(self.trajectory) - 1
        self.total = self.w * self.T


def length_grown_in_a_run_time_loop(w):
    walker = Walker(w)
    state = 0
    while state < 4:
        state = state + 1
        walker.learn(state)
    return walker.total * len(walker.trajectory)


def test_the_length_of_a_list_grown_by_a_loop_is_read_at_run_time():
    # (it was folded to the length of the first pass's list, 2: a wrong value, 1x instead of 4x)
    assert length_grown_in_a_run_time_loop(1.5) == 1.5 * 4 * 5
    assert transpiler.value_and_grad(length_grown_in_a_run_time_loop)(1.5) == (30.0, 20.0)
    assert_both_modes(length_grown_in_a_run_time_loop, 1.5)
