"""``x.flatten()`` is a new array (never a view, unlike ``x.ravel()``): a write into it leaves ``x``
and every other name as they were (frontend/ravel_order.py). Before, ``A = x.flatten(); A[0] =
0.0`` and a later read of ``x`` was refused as a write through a possible view. Checked against
Python's value, central differences (grad, jvp), the Hessian and float32."""
import numpy as np
import pytest

import python_semantics
import transpiler
from transpiler import TranspileError

X = np.array([[0.7, -1.3, 0.4], [1.1, 0.2, -0.6]])
DIRECTION = np.linspace(0.5, -1.0, X.size).reshape(X.shape)


def check(f, x=X):
    python_semantics.check(f, x, DIRECTION)


def write_then_read_the_original(x):
    A = x.flatten()
    A[0] = 0.0
    return np.sum(A ** 2) + np.sum(x * x[::-1])


def two_flattens_are_two_arrays(x):
    a = x.flatten()
    b = x.flatten()
    a *= 2.0                           # b is its own array: unchanged
    return np.sum(a * np.sin(b))


def flatten_beside_ravel(x):
    view = x.ravel()                   # a view of x
    a = x.flatten(order="F")
    a[1:3] = np.tanh(a[1:3])
    return np.sum(view * a) + np.sum(x ** 3)


def zero_diagonal(v):
    v[::4] = 0.0                       # a helper writing into its parameter


def through_a_helper(x):
    flat = x.flatten()
    zero_diagonal(flat)
    return np.sum(flat ** 2) + np.sum(x[0] * x[1])


def in_a_loop(x):
    total = 0.0
    for k in range(3):
        v = (x * (k + 1.0)).flatten()
        if k % 2:
            v[0] = np.cos(v[0])
        v -= 0.1 * v ** 2
        total = total + np.sum(v * x.ravel())
    return total


@pytest.mark.parametrize("f", [write_then_read_the_original, two_flattens_are_two_arrays, flatten_beside_ravel,
                               through_a_helper, in_a_loop], ids=lambda f: f.__name__)
def test_a_write_into_a_flattened_copy_leaves_the_array(f):
    check(f)


def write_into_a_ravel(x):
    view = x.ravel()
    view[0] = 0.0                      # NumPy writes into x: still refused where x is read
    return np.sum(view) + np.sum(x)


def test_a_ravel_stays_a_possible_view():
    with pytest.raises(TranspileError, match="read after a write through `view`"):
        transpiler.grad(write_into_a_ravel)(np.copy(X))
