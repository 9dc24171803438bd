"""Where the function's own value is NaN, the derivative is the plain chain rule's (JAX's), in
``grad`` as in ``value_and_grad`` and ``jvp``: no strong-zero second run hides it (pr5 B6).
``np.sum(x * np.log(x))`` at ``x = [0, 1]`` has value ``0 * -inf = nan``: ``grad`` gave
``[-inf, 1]`` (the strong zeros, run because its code does not compute the value) where
``value_and_grad`` and ``jvp`` gave ``nan``, and ``vjp`` and ``jacobian`` still gave ``-inf``. An
infinite value keeps the plain chain rule too (``np.log(np.sum(np.exp(x)))`` overflowing gave the
finite gradient ``[0, 0]``; ``np.log(c * x)`` with ``c = 0``: tests/api/test_gradient_api.py). A
finite value keeps the strong zeros (a masked ``sqrt``; ``xlogy``, whose value at 0 is 0)."""
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


def test_vjp_and_jacobian_agree_with_grad_where_the_value_is_nan():
    pulled = transpiler.vjp(x_log_x, AT_ZERO)[1](1.0)[0]
    rows = transpiler.jacobian(x_log_x)(AT_ZERO)
    assert np.isnan(pulled[0]) and np.isnan(rows[0]) and pulled[1] == rows[1] == 1.0


def log_sum_exp_naive(x):
    return np.log(np.sum(np.exp(x)))


OVERFLOWING = np.array([1000.0, 0.0])


@pytest.mark.parametrize("mode", ["grad", "value_and_grad", "vjp", "jacobian", "jvp"])
def test_an_overflowing_value_has_no_finite_derivative(mode):
    """(its value is inf; the strong zeros gave [0, 0], a finite gradient of an infinite value)"""
    if mode == "grad":
        got = transpiler.grad(log_sum_exp_naive)(OVERFLOWING)
    elif mode == "value_and_grad":
        value, got = transpiler.value_and_grad(log_sum_exp_naive)(OVERFLOWING)
        assert value == np.inf
    elif mode == "vjp":
        got = transpiler.vjp(log_sum_exp_naive, OVERFLOWING)[1](1.0)[0]
    elif mode == "jacobian":
        got = transpiler.jacobian(log_sum_exp_naive)(OVERFLOWING)
    else:
        got = transpiler.jvp(log_sum_exp_naive, (OVERFLOWING,), (np.array([1.0, 0.0]),))[1]
    assert not np.all(np.isfinite(got)), got


def test_a_finite_value_after_an_overflow_keeps_the_strong_zeros():
    """np.where's untaken branch overflows; the value is finite: the gradient is the taken branch's"""
    def clipped(x):
        return np.sum(np.where(x < 100.0, np.exp(x), 0.0))
    np.testing.assert_array_equal(transpiler.grad(clipped)(np.array([1000.0, 0.0])), [0.0, 1.0])


def test_a_numpy_number_gradient_is_checked_for_nan_by_comparison():
    # (sp4) `g != g`, not np.isnan's ufunc call, on every call that returns a sum's np.float32
    from transpiler.api.strong_zeros import has_nan
    nan = float("nan")
    assert [has_nan(v) for v in (np.float32(nan), np.float32(1.0), np.complex64(complex(1.0, nan)), np.complex64(1j),
                                 np.int8(3), np.longdouble(nan), (np.ones(2, np.float32), np.float32(nan)))] == \
        [True, False, True, False, False, True, True]

