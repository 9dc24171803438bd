"""A draw from NumPy's random generators is a new array whatever its arguments: sized by a global
(``np.random.normal(0, 0.5, N_TAPS)``, padasip's ``init_weights("random", n)`` with the filter
length a module constant; tests/realworld/nlms_system_identification.py), its result was taken
for memory the global may share, so ``w += ...`` on it was refused at run time ("another name that
may be the same array ... is read afterwards"); a size written as a number passed."""
import numpy as np
import pytest

import transpiler
from transpiler.check import roundtrip

N_TAPS = 4
X = np.linspace(-1.0, 1.0, N_TAPS)


def module_function_draw(mu):
    np.random.seed(3)
    w = np.random.normal(0, 0.5, N_TAPS)
    w += mu * X
    return np.sum(w ** 2)


def keyword_size_and_randn(mu):
    np.random.seed(4)
    w = np.random.uniform(-1.0, 1.0, size=N_TAPS)
    v = np.random.randn(N_TAPS)
    w *= mu
    v += w * X
    return np.sum(v * w)


def the_draw_in_a_helper(mu):
    np.random.seed(5)
    w = init_weights("random", N_TAPS)
    w -= mu ** 2 * X
    return np.sum(np.sin(w))


def init_weights(w, n):
    if type(w) == str:
        if w == "random":
            w = np.random.normal(0, 0.5, n)
        elif w == "zeros":
            w = np.zeros(n)
    return w


CASES = [module_function_draw, keyword_size_and_randn, the_draw_in_a_helper]


@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_the_printed_ir_computes_the_functions_value(f):
    assert roundtrip.mismatch(f, (0.7,)) is None


@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_reverse_mode_matches_finite_differences(f):
    report = transpiler.check_grad(f, 0.7)
    assert report.ok, report


@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_forward_mode_matches_finite_differences(f):
    value, derivative = transpiler.jvp(f, (0.7,), (1.0,))
    h = 1e-6
    assert value == pytest.approx(f(0.7), rel=1e-12)
    assert derivative == pytest.approx((f(0.7 + h) - f(0.7 - h)) / (2 * h), rel=1e-6)


def test_a_method_draw_is_still_taken_as_shared():
    """(``rs.normal`` of an argument: the lowering does not know ``rs`` is a generator, and a
    method of another object may return its argument or hold it.)"""
    def f(mu, rs):
        w = rs.normal(0.0, 1.0, N_TAPS)
        w += mu
        return np.sum(w)

    with pytest.raises(transpiler.errors.UnsupportedSyntaxError, match="in-place updates of shared arrays"):
        transpiler.grad(f)(0.7, np.random.RandomState(1))
