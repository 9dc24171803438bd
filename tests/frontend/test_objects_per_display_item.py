"""A loop or comprehension making an object per item of a sequence whose length is known while
compiling (frontend/object_loops.py ``display_iterations``): ``[Layer(W) for W in (W1, W2.T)]``,
``for W in Ws: self.layers.append(Layer(W))`` with ``Ws`` a tuple or list display the caller
made, a PyTorch-style module list. Unrolled, one object per item, in both modes against central
differences (they were refused as "a loop whose number of iterations is known only at run
time"); over an array's rows the count is known only at run time and stays refused."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

from sequence_checks import assert_both_modes

X = np.array([0.3, -0.7, 0.2])


class Dense:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def __call__(self, h):
        return np.tanh(h @ self.W + self.b)


class Stack:
    def __init__(self, weights):
        self.layers = [Dense(W, 0.1) for W in weights]

    def forward(self, h):
        for layer in self.layers:
            h = layer(h)
        return h


class AppendedStack(Stack):
    def __init__(self, weights):
        self.layers = []
        for W in weights:
            self.layers.append(Dense(W, -0.2))


def comprehension_over_a_list_display(W):
    return np.sum(Stack([W, W.T]).forward(X) ** 2)


def appended_over_a_tuple_display(W):
    return np.sum(AppendedStack((W, W.T, W @ W)).forward(X) ** 2)


def comprehension_over_a_display_in_place(W):
    layers = [Dense(M, 0.3) for M in (W, 0.5 * W.T)]
    h = X
    for layer in layers:
        h = layer(h)
    return np.sum(h)


def over_a_list_grown_by_an_append(W):
    weights = [W]
    weights.append(W.T)
    return np.sum(AppendedStack(weights).forward(X) ** 2)


def over_the_rows_of_an_array(W):
    layers = [Dense(np.outer(row, row), 0.0) for row in W]
    return np.sum(layers[0](X))


W3 = np.array([[0.2, -0.4, 0.7], [0.5, 0.1, -0.3], [-0.6, 0.3, 0.8]])


@pytest.mark.parametrize("f", [comprehension_over_a_list_display, appended_over_a_tuple_display,
                               comprehension_over_a_display_in_place, over_a_list_grown_by_an_append])
def test_one_object_per_item_of_a_sequence_of_known_length_in_both_modes(f):
    assert_both_modes(f, W3)


def test_objects_per_row_of_an_array_stay_refused():
    with pytest.raises(UnsupportedSyntaxError, match="known only at run time"):
        transpiler.grad(over_the_rows_of_an_array)(W3)
