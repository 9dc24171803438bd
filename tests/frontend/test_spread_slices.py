"""``f(*x[2:4])``: a slice with constant ends spread into a call (frontend/signatures.py
``_slice_length``). Into a user function taking a fixed number of arguments it worked already
(``pair(*x[2:])``); into a NumPy function (``np.hypot(*x[2:4])``) it was refused: now the slice
spreads ``b - a`` elements after a run-time check that it holds them (Python's TypeError from the
callee otherwise). A slice without a constant end stays refused, its hint says what to write.
Value, both modes and the Hessian; in a helper, a loop, a branch, float32."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError
from order_checks import assert_all_orders

X = np.array([0.7, -1.1, 1.5, 2.2, -0.4])


def pair(a, b):
    return a * np.sin(b)


def numpy_callees(x):
    return np.hypot(*x[2:4]) + np.arctan2(*x[0:4:2]) + pair(*x[3:])


def in_a_loop_and_a_branch(x):
    total = 0.0
    for k in range(3):
        window = x[k:k + 2]
        if k % 2:
            total = total + np.hypot(*window[0:2])
        else:
            total = total + pair(*x[1:3]) * k
    return total


@pytest.mark.parametrize("f", [numpy_callees, in_a_loop_and_a_branch])
def test_spread_slices_in_every_order(f):
    assert_all_orders(f, X)


def test_float32_and_a_list_argument():
    g = transpiler.grad(numpy_callees)(X.astype(np.float32))
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, transpiler.grad(numpy_callees)(X), rtol=1e-5)
    xs = [0.3, 1.2, 2.5, 0.1]
    np.testing.assert_allclose(transpiler.grad(lambda v: np.hypot(*v[1:3]))(xs),
                               [0.0, 1.2 / np.hypot(1.2, 2.5), 2.5 / np.hypot(1.2, 2.5), 0.0])


def open_ended(x):
    return np.hypot(*x[3:])


def test_a_short_argument_is_pythons_type_error_and_an_open_slice_is_refused():
    with pytest.raises(TypeError, match="takes 2 positional arguments from the spread, but 1 were given"):
        transpiler.grad(numpy_callees)(X[:3])
    with pytest.raises(UnsupportedSyntaxError, match=r"give the slice both ends as numbers") as caught:
        transpiler.grad(open_ended)(X)
    assert caught.value.location.line == open_ended.__code__.co_firstlineno + 1
