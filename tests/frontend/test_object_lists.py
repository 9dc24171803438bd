"""Objects made in the function kept in a list (frontend/object_lists.py): ``[Dense(W1),
Dense(W2)]``, ``self.layers.append(Dense(W))`` in ``__init__``, then ``for layer in self.layers``,
``enumerate(layers)``, ``layers[-1].output``, ``len(self.layers)``: a list known while compiling,
its loops unrolled. Both modes against central differences, hessian; an append inside a loop or
a branch is refused, located."""
import inspect

import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

from sequence_checks import assert_both_modes

W1 = np.array([[0.3, -0.2], [0.5, 0.1]])
X = np.array([[1.0, 2.0], [-0.5, 0.3]])


class Dense:
    def __init__(self, W):
        self.W = W

    def forward(self, x):
        self.output = np.tanh(x @ self.W)
        return self.output


class Net:
    def __init__(self, W1, W2):
        self.layers = []
        self.layers.append(Dense(W1))
        self.layers.append(Dense(W2))

    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x


def network_built_by_appends(w):
    net = Net(w, w.T * 2.0)
    out = net.forward(X)
    return np.sum(out ** 2) + np.sum(net.layers[0].output) * len(net.layers)


def display_of_objects(w):
    layers = [Dense(w), Dense(w.T)]
    h = X
    for i, layer in enumerate(layers):
        h = layer.forward(h) * (i + 1)
    return np.sum(layers[-1].output * h)


def plain_objects_in_a_list(w):
    nodes = []
    nodes.append(Dense(w))
    nodes[0].forward(X)
    return np.sum(nodes[0].output) + np.sum(nodes[0].W)


@pytest.mark.parametrize("f", [network_built_by_appends, display_of_objects, plain_objects_in_a_list])
def test_lists_of_objects_in_both_modes(f):
    assert_both_modes(f, W1)


def test_hessian_through_a_list_of_layers():
    hessian = transpiler.hessian(display_of_objects)(W1)
    gradient = transpiler.grad(display_of_objects)
    h = 1e-6
    basis = np.eye(4).reshape(4, 2, 2)
    numeric = np.stack([(gradient(W1 + h * e) - gradient(W1 - h * e)) / (2 * h) for e in basis], axis=-1)
    np.testing.assert_allclose(hessian, numeric.reshape(2, 2, 2, 2), rtol=1e-5, atol=1e-7)


def appended_in_a_loop(w):
    layers = []
    for i in range(2):          # a count known while compiling: unrolled (object_loops.py)
        layers.append(Dense(w * (i + 1.0)))
    return np.sum(layers[0].forward(X)) + np.sum(layers[1].forward(X)) * len(layers)


def appended_in_a_run_time_loop(w):
    layers = []
    for row in w:               # as many layers as `w` has rows: known only at run time
        layers.append(Dense(np.outer(row, row)))
    return np.sum(layers[0].forward(X))


def appended_in_a_branch(w):
    layers = [Dense(w)]
    if np.sum(w) > 0:
        layers.append(Dense(w.T))
    return np.sum(layers[0].forward(X))


def test_an_object_appended_in_a_loop_over_a_constant_range_is_unrolled():
    assert_both_modes(appended_in_a_loop, W1)


def test_an_object_appended_inside_a_run_time_loop_is_refused_saying_where_to_build_the_list():
    with pytest.raises(UnsupportedSyntaxError, match="in a list inside a loop") as caught:
        transpiler.grad(appended_in_a_run_time_loop)(W1)
    assert "make the list before the loop" in caught.value.hint


def test_an_object_appended_in_one_branch_is_refused():
    with pytest.raises(UnsupportedSyntaxError, match="on one path of the branch"):
        transpiler.grad(appended_in_a_branch)(W1)


class Grown:
    def __init__(self, w):
        self.layers = [Dense(w)]

    def add(self, w):
        self.layers.append(Dense(w))


def appended_by_a_method(w):
    net = Grown(w)
    net.add(w.T)
    h = X
    for layer in net.layers:
        h = layer.forward(h)
    return np.sum(h) * len(net.layers)


def appended_through_another_name(w):
    layers = [Dense(w)]
    same = layers
    same.append(Dense(w.T))
    h = X
    for layer in layers:
        h = layer.forward(h)
    return np.sum(h)


def test_an_append_by_a_method_reaches_the_objects_list():
    assert_both_modes(appended_by_a_method, W1)


def test_an_append_through_another_name_for_the_list_is_refused():
    # (the other name would not see it: Python's list would have two layers)
    with pytest.raises(UnsupportedSyntaxError, match="a list of objects made in the function used as a value"):
        transpiler.grad(appended_through_another_name)(W1)


class State:
    def __init__(self, x=0.0, v=0.0):
        self.x = x
        self.v = v


def sometimes_new(state, a):
    if a > 0:
        return State(state.x, state.v + a)
    return state


def updated_by_a_helper_returning_old_or_new(oa):
    state = State(x=0.5, v=1.0)
    for a in oa:
        state = sometimes_new(state, a)
    return state.x


def test_a_helper_returning_a_new_object_on_one_path_only_is_refused_naming_the_object_at_its_return():
    # (it said "using `_result`, bound to a function", and hinted at binding a function; and it
    # was located at the helper's `def`)
    with pytest.raises(UnsupportedSyntaxError, match="using the value returned, which is the object `state`") as caught:
        transpiler.grad(updated_by_a_helper_returning_old_or_new)(np.array([0.3, 0.7, -0.2]))
    assert "new object on both paths" in caught.value.hint and "function" not in caught.value.hint
    lines, first = inspect.getsourcelines(sometimes_new)
    assert caught.value.location.line == first + lines.index("    return state\n")     # the last `return`


def choose_activation(x, flag):
    act = np.tanh
    if flag > 0:
        act = 2.0
    return np.sum(act(x))


def test_a_function_on_one_path_only_is_refused_naming_the_function():
    with pytest.raises(UnsupportedSyntaxError, match="using `act`, which is the function `np.tanh` on one path") as caught:
        transpiler.grad(choose_activation)(np.ones(3), 1.0)
    assert "bind the function before the `if`" in caught.value.hint
