"""Where the function's own value is NaN, the derivative is the plain chain rule's (JAX's), in
``grad`` as in ``value_and_grad`` and ``jvp``: no strong-zero second run hides it (pr5 B6).
``np.sum(x * np.log(x))`` at ``x = [0, 1]`` has value ``0 * -inf = nan``: ``grad`` gave
``[-inf, 1]`` (the strong zeros, run because its code does not compute the value) where
``value_and_grad`` and ``jvp`` gave ``nan``. A value that is a number keeps the strong zeros (a
masked ``sqrt``; ``xlogy``, whose value at 0 is 0; ``np.log(c * x)`` with ``c = 0``, whose value
is ``-inf``: tests/api/test_gradient_api.py)."""
import warnings

import numpy as np
import pytest

import transpiler

special = pytest.importorskip("scipy.special")


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def x_log_x(x):
    return np.sum(x * np.log(x))


AT_ZERO = np.array([0.0, 1.0])


def test_x_log_x_at_zero_is_nan_in_every_mode():
    gradient = transpiler.grad(x_log_x)(AT_ZERO)
    value, also = transpiler.value_and_grad(x_log_x)(AT_ZERO)
    _, tangent = transpiler.jvp(x_log_x, (AT_ZERO,), (np.array([1.0, 0.0]),))
    assert np.isnan(value) and np.isnan(gradient[0]) and np.isnan(also[0]) and np.isnan(tangent)
    assert gradient[1] == also[1] == 1.0


def test_a_scalar_x_log_x_at_zero_is_nan():
    assert np.isnan(transpiler.grad(lambda x: x * np.log(x))(0.0))


def test_a_finite_value_keeps_the_strong_zeros():
    masked = transpiler.grad(lambda x: np.sum(np.where(x > 0, np.sqrt(x), 0.0)))(np.array([-1.0, 4.0]))
    np.testing.assert_array_equal(masked, [0.0, 0.25])
    entropy = transpiler.grad(lambda x: np.sum(special.xlogy(x, x)))(AT_ZERO)
    np.testing.assert_array_equal(entropy, [-np.inf, 1.0])
