"""Array methods that write into their array (``a.fill(v)``, ``a.put(i, v)``, ``a.partition(k)``)
and methods given ``out=`` (``y.clip(0, 1, out=y)``), lowered as the writes they make
(frontend/array_methods.py). **Wrong answers before**: ``out = np.empty(4); out.fill(0.5)`` was
dropped (its value unused), so value and gradient came from uninitialised memory;
``y.clip(0, 1, out=y)`` was dropped too (5.52 where Python gives 2.36). Value, both modes and
the Hessian against finite differences: a helper writing into its parameter, a row of a
matrix, a loop, float32."""
import numpy as np
import pytest

import transpiler
from order_checks import assert_all_orders

X = np.array([0.5, 1.0, -0.2, 0.3])


def filled_empty(x):
    out = np.empty(4)
    out.fill(0.5)
    return np.sum(out * x ** 2)


def filled_with_a_value_of_x(x):
    out = np.zeros(4)
    out.fill(x[0])
    return np.sum(out * x ** 2)


def reset(buffer):
    buffer.fill(0.0)                      # a helper writing into its caller's array


def filled_in_a_loop(x):
    acc = np.ones(4)
    total = 0.0
    for k in range(3):
        acc = acc * x + k
        total = total + np.sum(acc ** 2)
        reset(acc)
        acc[k] = 1.0
    return total + np.sum(acc * x)


def a_row_filled(x):
    M = np.outer(x, x)
    M[1].fill(2.0)
    M[:, 2].fill(-1.0)
    return np.sum(M ** 2)


def put_into(x):
    out = np.zeros(4)
    out.put([0, 2], x[:2] ** 2)
    return np.sum(out * x)


def partitioned(x):
    y = x * np.array([1.0, 2.0, 3.0, 4.0])
    y.partition(1)
    return np.sum(y * np.arange(4.0))


def clipped_into_itself(x):
    y = x * 1.7
    y.clip(0, 1, out=y)
    return np.sum(y ** 2 * x)


def rounded_into_another(x):
    z = np.empty(4)
    (x * 3).clip(-0.5, 0.5, out=z)
    return np.sum(z * x)


@pytest.mark.parametrize("f", [filled_empty, filled_with_a_value_of_x, filled_in_a_loop, a_row_filled, put_into,
                               partitioned, clipped_into_itself, rounded_into_another])
def test_written_by_a_method_in_all_orders(f):
    assert_all_orders(f, X.copy())


def test_value_is_pythons_and_float32_keeps_working():
    assert transpiler.value_and_grad(filled_empty)(X)[0] == pytest.approx(filled_empty(X))
    x32 = X.astype(np.float32)
    value, gradient = transpiler.value_and_grad(clipped_into_itself)(x32)
    assert value == pytest.approx(clipped_into_itself(x32), rel=1e-6)
    np.testing.assert_allclose(gradient, transpiler.grad(clipped_into_itself)(X), rtol=1e-6)


class Tank:
    def __init__(self):
        self.level = 0.0

    def fill(self, amount):              # a user class's own `fill`: still its method
        self.level = self.level + amount


def objects_fill_is_its_method(x):
    t = Tank()
    t.fill(x[0] * 2.0)
    return t.level * x[1]


def test_an_objects_fill_method_is_not_an_array_write():
    assert_all_orders(objects_fill_is_its_method, X.copy())
