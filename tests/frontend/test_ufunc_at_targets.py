"""``np.add.at`` and ``np.subtract.at`` into an object's attribute, a dict's or list's entry, or
inside an expression: the write ``a[...] = added_at(a, indices, b)`` each makes
(frontend/out_arguments.py ``lowered_ufunc_at``), followed by every other name for ``a``'s
memory as any write is. Before, each was refused ("calling `np.add.at` for its effect", or
"no derivative rule for `np.add.at`" in an expression)."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError

import python_semantics

IDX = np.array([0, 1, 1, 3])           # (a position given twice: adds twice)
X = np.array([0.3, -0.7, 1.1, 0.5])
DIRECTION = np.array([1.0, -0.5, 2.0, 0.25])


class Accumulator:
    def __init__(self):
        self.grad = np.zeros(4)

    def add(self, v):
        np.add.at(self.grad, IDX, v)


def into_an_attribute_by_a_method(x):
    acc = Accumulator()
    acc.add(x * 2.0)
    return np.sum(acc.grad ** 2)


def into_an_attribute_read_through_an_alias(x):
    acc = Accumulator()
    g = acc.grad
    np.add.at(acc.grad, IDX, x)
    return np.sum(g ** 2)


def into_a_dict_entry(x):
    grads = {"W": np.zeros(4)}
    np.add.at(grads["W"], IDX, x * x)
    return np.sum(grads["W"] ** 2)


def into_a_list_item(x):
    outs = [np.zeros(4), np.ones(4)]
    np.add.at(outs[0], IDX, x)
    return np.sum(outs[0] ** 2 * outs[1])


def subtracted_at(x):
    out = np.ones(4)
    np.subtract.at(out, IDX, x ** 2)
    return np.sum(out ** 3)


def inside_an_expression(x):
    out = np.zeros(4)
    done = np.add.at(out, IDX, np.sin(x))
    return np.sum(out ** 2) + (1.0 if done is None else 0.0)


@pytest.mark.parametrize("f", [into_an_attribute_by_a_method, into_an_attribute_read_through_an_alias,
                               into_a_dict_entry, into_a_list_item, subtracted_at, inside_an_expression],
                         ids=lambda f: f.__name__)
def test_an_unbuffered_accumulation_into_any_target_is_exact(f):
    python_semantics.check(f, X.copy(), DIRECTION)


def into_a_dict_entry_read_through_the_array_stored(x):
    w = np.zeros(4)
    grads = {"W": w}
    np.add.at(grads["W"], IDX, x)
    return np.sum(w ** 2)


def test_an_array_stored_then_accumulated_into_through_the_dict_is_refused_located():
    with pytest.raises(UnsupportedSyntaxError, match="`w` is read after a write through `grads`"):
        transpiler.grad(into_a_dict_entry_read_through_the_array_stored)(X.copy())
