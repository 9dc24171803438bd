"""scipy.signal's linear filters (primitives/scipy_signal_filters.py): lfilter in its coefficients
and its signal (FIR and IIR, a leading coefficient not 1, along either axis, the discounted
returns of reinforcement learning; from an initial state zi=, with the final state, differentiable in
zi too), sosfilt (also from a state), detrend and hilbert; values against SciPy's, reverse
mode against central differences, forward mode along a random direction, the Hessian against
differences of the gradient; what has no rule refuses where written."""
import numpy as np
import pytest

pytest.importorskip("scipy")
from array_check import check_value_gradient_and_tangent, rng  # noqa: E402
from scipy import signal  # noqa: E402
from scipy.signal import lfilter  # noqa: E402

import transpiler  # noqa: E402
from transpiler import TranspileError  # noqa: E402
from transpiler.primitives.scipy_signal_filters import iir_filter  # noqa: E402

X10 = rng(21).normal(size=10)
M25 = rng(22).normal(size=(2, 5))
B3 = np.array([0.4, 0.3, 0.2])
A3 = np.array([1.0, -0.5, 0.2])
SOS = signal.butter(4, 0.3, output="sos")
WEIGHTS = np.arange(10.0)


def discounted_returns(rewards, gamma=0.9):
    return np.sum(lfilter([1], [1, -gamma], rewards[::-1])[::-1] * WEIGHTS)


def iir_in_every_argument(b, a, x):
    return np.sum(lfilter(b, a, x) ** 2)


def leading_coefficient_not_one(a, x):
    return np.sum(lfilter([1.0, 0.2], a, x) * WEIGHTS)


def along_the_first_axis(x):
    return np.sum(lfilter(B3, A3, x, axis=0) ** 2) + np.sum(lfilter(B3, A3, x.T, axis=1) * x.T)


def a_filter_longer_than_the_signal(b, x):
    return np.sum(lfilter(b, [1.0, 0.1], x[:2]) ** 2)


def second_order_sections(x):
    return np.sum(signal.sosfilt(SOS, x) ** 2) + np.sum(signal.sosfilt(SOS, x.reshape(2, 5), axis=0) ** 3)


def from_a_state(b, a, x, zi):
    y, zf = lfilter(b, a, x, zi=zi)
    return np.sum(y ** 2 * WEIGHTS) + np.sum(zf * np.array([1.0, -2.0]))


def from_a_state_along_the_first_axis(x, zi):
    y, zf = lfilter(B3, [2.0, -0.5], x, axis=0, zi=zi)
    return np.sum(y ** 3) + np.sum(zf ** 2)


def a_state_longer_than_the_signal(x, zi):
    y, zf = lfilter([0.5, 0.2, 0.1, 0.3], A3, x[:2], zi=zi)
    return np.sum(y ** 2) + np.sum(zf ** 2 * np.arange(1.0, 4.0))


def sections_from_a_state(x, zi):
    y, zf = signal.sosfilt(SOS, x, zi=zi)
    return np.sum(y ** 2 * WEIGHTS) + np.sum(zf ** 2)


def detrended(x):
    return (np.sum(signal.detrend(x) ** 2 * WEIGHTS) + np.sum(signal.detrend(x.reshape(2, 5), type="constant") ** 3)
            + np.sum(signal.detrend(x.reshape(5, 2), axis=0) ** 3))


def envelopes(x):
    return np.sum(np.abs(signal.hilbert(x))) + np.sum(np.abs(signal.hilbert(x[:7])) ** 2) \
        + np.sum(np.real(signal.hilbert(x, N=12)) * np.arange(12))


CASES = {iir_filter: [
    (discounted_returns, (X10, 0.9), (0, 1)), (iir_in_every_argument, (B3, A3, X10), (0, 1, 2)),
    (leading_coefficient_not_one, (np.array([2.0, 0.5]), X10), (0, 1)), (along_the_first_axis, (M25.T,), (0,)),
    (a_filter_longer_than_the_signal, (B3, X10), (0, 1)), (second_order_sections, (X10,), (0,)),
    (from_a_state, (B3, A3, X10, np.array([0.3, -0.7])), (0, 1, 2, 3)),
    (from_a_state_along_the_first_axis, (M25.T, rng(23).normal(size=(2, 2))), (0, 1)),
    (a_state_longer_than_the_signal, (X10, np.array([0.3, -0.7, 0.2])), (0, 1)),
    (sections_from_a_state, (X10, rng(24).normal(size=(2, 2))), (0, 1)),
]}
ALL = [pytest.param(*case, id=case[0].__name__) for case in CASES[iir_filter]] + [
    pytest.param(detrended, (X10,), (0,), id="detrended"), pytest.param(envelopes, (X10,), (0,), id="envelopes")]


@pytest.mark.parametrize("f, args, wrt", ALL)
def test_value_gradient_and_jvp_match_scipy_and_finite_differences(f, args, wrt):
    check_value_gradient_and_tangent(f, args, wrt, seed=70)


@pytest.mark.parametrize("f, args, wrt", ALL)
def test_hessian_matches_differences_of_the_gradient(f, args, wrt):
    x = np.asarray(args[0], dtype=float)
    hessian = transpiler.hessian(f, 0)(*args)
    h = 1e-5
    for index in np.ndindex(np.shape(x)):
        step = np.zeros_like(x)
        step[index] = h
        column = (transpiler.grad(f, 0)(x + step, *args[1:]) - transpiler.grad(f, 0)(x - step, *args[1:])) / (2 * h)
        np.testing.assert_allclose(hessian[(...,) + index], column, rtol=1e-4, atol=1e-4)


def breakpoints(x):
    return np.sum(signal.detrend(x, bp=[4]))


@pytest.mark.parametrize("fn, says", [(breakpoints, "breakpoints")],
                         ids=lambda v: getattr(v, "__name__", v))
def test_what_has_no_rule_is_refused_where_written(fn, says):
    with pytest.raises(TranspileError, match=says) as refusal:
        transpiler.grad(fn)(X10)
    assert f"test_scipy_signal_filters.py:{fn.__code__.co_firstlineno + 1}:" in str(refusal.value)


@pytest.mark.parametrize("b, a, x, zi", [
    (B3, A3, X10, np.array([0.3, -0.7])), ([0.5, 0.2, 0.1, 0.3], [2.0, 0.4], X10[:2], np.array([0.3, -0.7, 0.2])),
    (B3, [1.0, -0.3], M25, rng(25).normal(size=(2, 2)))])
def test_output_and_final_state_are_scipys_to_1e12(b, a, x, zi):
    def filtered(x, zi):
        return lfilter(b, a, x, zi=zi)
    value, tangent = transpiler.jvp(filtered, (x, zi), (np.ones_like(x), np.ones_like(zi)))
    for got, expected in zip(value, lfilter(b, a, x, zi=zi)):
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)
    for got, up, down in zip(tangent, lfilter(b, a, x + 1e-6, zi=zi + 1e-6), lfilter(b, a, x - 1e-6, zi=zi - 1e-6)):
        np.testing.assert_allclose(got, (up - down) / 2e-6, rtol=1e-6, atol=1e-7)
