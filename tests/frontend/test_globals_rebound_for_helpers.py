"""A helper reading a global that the differentiated function declared ``global`` and rebound
(an EKF's noise covariances set for one run, then restored: ``global Q, R; Q = np.diag(...)``,
``ekf_estimation(...)`` reading ``Q``; tests/realworld/ekf_localization.py). **The value and the
gradient were wrong**: the helper read the global as it was when the call began (value 5.0 and
gradient 1.0 where Python gives 9.0 and 3.0 below); it now reads the function's variable, as
Python's helper reads the global the function has just assigned (frontend/outer_names.py)."""
import numpy as np
import pytest

import transpiler

G = 1.0
W = np.array([1.0, 2.0, 3.0])


def helper(x):
    return G * x


def weighted(v):
    return np.sum(W * v)


def save_rebind_restore(s):
    global G
    saved = G
    G = s
    r = helper(2.0) + G
    G = saved
    return r


def rebound_in_a_loop(s):
    global G
    total = 0.0
    for k in range(3):
        G = s * (k + 1)
        total = total + helper(s)
    G = 1.0
    return total


def array_global(v):
    global W
    saved = W
    W = W * v
    r = weighted(v)
    W = saved
    return r


def test_the_values_and_gradients_are_pythons():
    assert transpiler.value_and_grad(save_rebind_restore)(3.0) == pytest.approx((9.0, 3.0))
    assert G == 1.0                                  # (restored, as Python leaves it)
    assert transpiler.value_and_grad(rebound_in_a_loop)(2.0) == pytest.approx((24.0, 24.0))


@pytest.mark.parametrize("f, x", [(save_rebind_restore, 3.0), (rebound_in_a_loop, 0.7),
                                  (array_global, np.array([0.5, -1.0, 2.0]))])
def test_both_modes_and_second_order_match_finite_differences(f, x):
    assert transpiler.check_grad(f, x).ok
    t = np.ones_like(x) * 0.5
    h = 1e-6
    value, derivative = transpiler.jvp(f, (x,), (t,))
    assert value == pytest.approx(f(x))
    assert derivative == pytest.approx((f(x + h * t) - f(x - h * t)) / (2 * h), rel=1e-6)
    if np.ndim(x):
        hessian = transpiler.hessian(f)(x)
        columns = [(transpiler.grad(f)(x + h * e) - transpiler.grad(f)(x - h * e)) / (2 * h) for e in np.eye(x.size)]
        assert hessian == pytest.approx(np.array(columns).T, rel=1e-6, abs=1e-8)
