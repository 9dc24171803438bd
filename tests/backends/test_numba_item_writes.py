"""An item written into an array (``y[2] = np.tanh(y[2])``) compiles on the numba backend: the
helpers of writes in place, ``owned_copy`` and ``stored_at``, test Python types and array flags
numba does not type; backends/numba_calls.py spells them ``np.copy`` and an in-place write."""
import numpy as np
import pytest

import transpiler

numba = pytest.importorskip("numba")

X = np.array([0.3, -0.7, 1.1, 0.45])


def one_item_written(x):
    y = x * 1.0
    y[2] = np.tanh(y[2])
    return np.sum(y)


def one_item_written_then_scaled(x):
    y = x * 1.0
    y[2] = np.tanh(y[2])
    return np.sum(y * 2.0)


def items_filled_in_a_loop(x):
    out = np.zeros(len(x))
    for i in range(len(x)):
        out[i] = np.sin(x[i])
    return np.sum(out * x)


@pytest.mark.parametrize("f", [one_item_written, one_item_written_then_scaled, items_filled_in_a_loop])
def test_the_numba_gradient_of_item_writes_is_numpys(f):
    got = transpiler.grad(f, backend="numba")(X)
    np.testing.assert_allclose(got, transpiler.grad(f)(X), rtol=1e-12)
    assert transpiler.check_grad(f, X).ok
