"""Specialisation drops arithmetic that leaves a float64 number as it is (opt/specialize.py
``_kept_number``): ``x - 0.0`` and ``x / 1.0`` of an inlined ``cdf(x, loc=0.0, scale=1.0)``,
``x * 1.0``, ``1.0 * x``, for a number the function computed (a float64 item, a product). It
stays for ``x + 0.0`` (``-0.0 + 0.0`` is ``0.0``), for arrays (``y = x - 0.0`` is a copy a
later write must not reach ``x`` through) and for parameters (a 0-d array). Against central
differences."""
import numpy as np

import transpiler
from transpiler.check import check_grad


def cdf(x, loc=0.0, scale=1.0):
    z = (x - loc) / scale
    return 0.5 * (1 + np.tanh(z))


def call_value(S, K, a):
    d1 = np.log(S / K) * a
    return S * cdf(d1) - K * cdf(d1 - a)


def scaled_items(x):
    return np.sin(x[0] * 1.0) + np.cos(1.0 * x[1]) + np.exp(x[2] + 0.0)


def written_copy(x):
    y = x - 0.0
    y[0] = 5.0
    return np.sum(y * x)


def zero_d_parameter(a, x):
    b = a - 0.0
    return np.sum(b * x)


def test_identities_on_computed_numbers_go():
    code = transpiler.grad(call_value, wrt=(0, 1, 2)).source(args=(1.1, 1.0, 0.3))
    assert "- 0.0" not in code and "/ 1.0" not in code
    check_grad(call_value, 1.1, 1.0, 0.3, wrt=(0, 1, 2))


def test_times_one_goes_and_plus_zero_stays():
    x = np.array([0.3, -0.7, 1.1])
    code = transpiler.grad(scaled_items).source(args=(x,))
    assert "* 1.0" not in code and "1.0 *" not in code and "+ 0.0" in code
    check_grad(scaled_items, x)


def test_an_array_minus_zero_stays_a_copy_that_a_write_does_not_reach_through():
    x = np.array([0.3, -0.7, 1.1])
    before = x.copy()
    got = transpiler.grad(written_copy)(x)
    np.testing.assert_array_equal(x, before)
    np.testing.assert_allclose(got, [5.0, 2 * x[1], 2 * x[2]], rtol=1e-14)


def test_a_zero_d_parameter_minus_zero_is_not_taken_for_a_number():
    a, x = np.array(0.4), np.array([0.3, -0.7, 1.1])
    assert "- 0.0" in transpiler.grad(zero_d_parameter, wrt=(0, 1)).source(args=(a, x))
    check_grad(zero_d_parameter, a, x, wrt=(0, 1))
    assert a.shape == () and a == 0.4
