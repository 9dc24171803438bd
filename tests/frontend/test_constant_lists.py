"""Lists of constants read at a constant index (frontend/constant_lists.py): micrograd's
``sz = [nin] + nouts`` then ``Layer(sz[i], sz[i + 1])`` for ``i`` in ``range(len(nouts))``, whose
``Neuron(nin)`` makes ``[W(...) for _ in range(nin)]``: the counts are constants, so the objects
are made while compiling (was refused: "a loop whose number of iterations is known only at run
time"). Both modes against central differences, second order; and lists changed in place
(``sort``, ``reverse``, a helper's write, another name's write, ``pop``, ``del``, ``+=``, a loop)
read as Python reads them."""
import random

import numpy as np
import pytest

import transpiler
from sequence_checks import assert_both_modes

X = np.array([0.3, -1.2, 0.7])


class Weight:
    def __init__(self, k):
        self.data = 0.1 * (k + 1)


class Neuron:
    def __init__(self, nin, nonlin=True):
        self.w = [Weight(k) for k in range(nin)]
        self.nonlin = nonlin

    def __call__(self, x):
        act = sum(wi.data * x[k] for k, wi in enumerate(self.w))
        return np.tanh(act) if self.nonlin else act


class Layer:
    def __init__(self, nin, nout, **kwargs):
        self.neurons = [Neuron(nin, **kwargs) for _ in range(nout)]

    def __call__(self, x):
        return [n(x) for n in self.neurons]


class MLP:
    def __init__(self, nin, nouts):
        sz = [nin] + nouts
        self.layers = [Layer(sz[i], sz[i + 1], nonlin=i != len(nouts) - 1) for i in range(len(nouts))]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


def mlp_output(x):
    net = MLP(3, [4, 2, 1])
    return net(x)[0] * 2.0


def test_the_layer_sizes_of_a_list_of_constants_count_the_objects():
    assert_both_modes(mlp_output, X)
    gradient = transpiler.grad(mlp_output)
    numeric = np.array([(gradient(X + 1e-5 * e) - gradient(X - 1e-5 * e)) / 2e-5 for e in np.eye(3)])
    np.testing.assert_allclose(transpiler.hessian(mlp_output)(X), numeric, rtol=1e-5, atol=1e-7)


def _write_first(lst):
    lst[0] = 10


def sorted_in_place(x):
    lst = [3, 1, 2]
    lst.sort()
    return x * lst[0]


def reversed_in_place(x):
    lst = [3, 1, 2]
    lst.reverse()
    return x * lst[0]


def written_by_a_helper(x):
    lst = [3, 1, 2]
    _write_first(lst)
    return x * lst[0]


def written_through_another_name(x):
    lst = [3, 1, 2]
    other = lst
    other[0] = 7
    return x * lst[0]


def popped_and_deleted(x):
    lst = [3, 1, 2, 5]
    lst.pop(0)
    del lst[0]
    return x * lst[0]


def extended_through_another_name(x):
    lst = [3, 1, 2]
    other = lst
    other += [4]
    return x * lst[-1]


def changed_in_a_loop(x):
    lst = [1, 2]
    total = 0.0
    for i in range(3):
        total = total + x * lst[0]
        lst.insert(0, i + 5)
    return total


def shuffled(x):
    lst = [3, 1, 2]
    random.shuffle(lst)
    return x * lst[0]


@pytest.mark.parametrize("f", [sorted_in_place, reversed_in_place, written_by_a_helper, written_through_another_name,
                               popped_and_deleted, extended_through_another_name, changed_in_a_loop, shuffled])
def test_a_list_changed_in_place_is_read_as_python_reads_it(f):
    random.seed(0)
    expected = f(2.0)
    random.seed(0)
    value, gradient = transpiler.value_and_grad(f)(2.0)
    assert value == expected and gradient == pytest.approx(expected / 2.0)
