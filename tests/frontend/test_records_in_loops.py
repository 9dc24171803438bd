"""Records as run-time values (frontend/record_values.py): a dataclass made in the function and
rebound in a loop (``p = Params(p.w - lr * g, p.b)``, ``for`` and ``while``, in a helper) is built
there as a record; methods of records whose class is known (a NamedTuple or such a dataclass, after
the loop too) are inlined. Both modes against central differences, hessian; the refusals."""
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

from sequence_checks import assert_both_modes

X = np.array([[1.0, 2.0], [0.5, -1.0], [0.3, 0.2]])
Y = np.array([1.0, 0.0, 2.0])
W0 = np.array([0.3, -0.4])


@dataclass
class Params:
    w: np.ndarray
    b: float = 0.5

    def predict(self, x):
        return x @ self.w + self.b

    def loss(self, x, y):
        return np.mean((self.predict(x) - y) ** 2)


class State(NamedTuple):
    w: np.ndarray
    b: float

    def predict(self, x):
        return x @ self.w + self.b


def dataclass_rebound_in_a_for_loop(w0):
    p = Params(w0, 0.5)
    for i in range(3):
        g = X.T @ (X @ p.w + p.b - Y)
        p = Params(p.w - 0.1 * g, p.b)
    return np.sum(p.w ** 2) + p.b


def dataclass_with_methods_inside_and_after_the_loop(w0):
    p = Params(w=w0)
    for _ in range(4):
        g = X.T @ (p.predict(X) - Y) / len(Y)
        p = Params(w=p.w - 0.2 * g, b=p.b - 0.1 * np.mean(p.predict(X) - Y))
    return p.loss(X, Y)


def dataclass_rebound_in_a_while_loop(w0):
    p = Params(w0 * 2.0, 0.0)
    step = 0
    while step < 3:
        p = Params(np.tanh(p.w) + w0, p.b + np.sum(p.w))
        step += 1
    return p.predict(X).sum()


def train(p, steps):
    for _ in range(steps):
        p = Params(p.w - 0.05 * X.T @ (p.predict(X) - Y), p.b)
    return p


def dataclass_through_a_helper(w0):
    return train(Params(w0, 0.1), 3).loss(X, Y)


def namedtuple_method_after_the_loop(w0):
    s = State(w0, 0.5)
    for i in range(3):
        s = State(s.w - 0.1 * X.T @ (s.predict(X) - Y), s.b)
    return np.sum(s.predict(X) ** 2)


def namedtuple_method_without_a_loop(w0):
    return np.sum(State(w0 * 3.0, 1.0).predict(X) ** 2)


@pytest.mark.parametrize("f", [dataclass_rebound_in_a_for_loop, dataclass_with_methods_inside_and_after_the_loop,
                               dataclass_rebound_in_a_while_loop, dataclass_through_a_helper,
                               namedtuple_method_after_the_loop, namedtuple_method_without_a_loop])
def test_records_in_loops_in_both_modes(f):
    assert_both_modes(f, W0)


@pytest.mark.parametrize("f", [dataclass_with_methods_inside_and_after_the_loop, namedtuple_method_after_the_loop])
def test_hessian_through_records_rebound_in_a_loop(f):
    hessian = transpiler.hessian(f)(W0)
    gradient = transpiler.grad(f)
    h = 1e-6
    numeric = np.stack([(gradient(W0 + h * e) - gradient(W0 - h * e)) / (2 * h) for e in np.eye(2)], axis=1)
    np.testing.assert_allclose(hessian, numeric, rtol=1e-6, atol=1e-8)


def rebound_to_another_type(w0):
    p = State(w0, 0.5)
    for i in range(2):
        p = Params(p.w * 2.0, p.b)
    return np.sum(p.predict(X))


def written_after_the_loop_through_another_name(w0):
    p = Params(w0, 0.5)
    q = p
    for i in range(2):
        p = Params(p.w * 2.0, p.b)
    q.b = 3.0
    return np.sum(p.predict(X))


def test_a_record_rebound_to_another_class_is_refused():
    with pytest.raises(UnsupportedSyntaxError, match="not a `State` built in it"):
        transpiler.grad(rebound_to_another_type)(W0)


def test_writing_an_object_built_as_a_record_is_refused():
    with pytest.raises(UnsupportedSyntaxError, match="rebound in a loop"):
        transpiler.grad(written_after_the_loop_through_another_name)(W0)


@dataclass
class Layer:
    w: np.ndarray
    b: float


def dataclasses_appended_to_a_list(w0):
    layers = []
    for i in range(3):
        layers.append(Layer(w0 * (i + 1), float(i)))
    total = 0.0
    for layer in layers:
        total = total + np.sum(np.tanh(layer.w) * layer.b)
    return total


def dataclasses_in_a_display(w0):
    layers = [Layer(w0, 1.0), Layer(w0 ** 2, 2.0)]
    return sum(np.sum(layer.w) * layer.b for layer in layers)


def identity_of_objects_made_here(w0):
    p = Layer(w0, 1.0)
    q = p
    r = Layer(w0, 1.0)
    return np.sum(w0) * (2.0 if p is q else 3.0) * (5.0 if p is r else 7.0) * (11.0 if p is not None else 13.0)


def identity_through_a_list(w0):
    p = Layer(w0, 1.0)
    return np.sum(w0) * (2.0 if [p][0] is p else 3.0)


def namedtuples_built_alike_are_two_objects(w0):
    s, t = State(w0, 1.0), State(w0, 1.0)
    return np.sum(w0) * (2.0 if s is t else 3.0)


class Node:
    def __init__(self, w):
        self.w = w


def plain_objects_in_a_list(w0):
    nodes = []
    nodes.append(Node(w0))
    return np.sum(nodes[0].w)


@pytest.mark.parametrize("f", [dataclasses_appended_to_a_list, dataclasses_in_a_display,
                               identity_of_objects_made_here, namedtuples_built_alike_are_two_objects])
def test_dataclasses_used_as_values_in_both_modes(f):
    assert_both_modes(f, W0)


def test_identity_of_a_dataclass_built_at_run_time_is_refused():
    with pytest.raises(UnsupportedSyntaxError, match="with `is` or `is not`"):
        transpiler.grad(identity_through_a_list)(W0)


def test_a_plain_object_put_in_a_list_is_a_list_known_while_compiling():
    # (refused before; tests/frontend/test_object_lists.py)
    assert_both_modes(plain_objects_in_a_list, W0)
