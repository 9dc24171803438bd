"""``scipy.fftpack``'s complex transforms are NumPy's (primitives/scipy_fftpack.py): Jake
VanderPlas' split-step Schrodinger solver calls ``fftpack.fft`` and ``fftpack.ifft``
(tests/realworld/split_step_schrodinger.py), which had no rule ("no derivative rule for
`fftpack.fft`")."""
import numpy as np
import pytest
from scipy import fftpack

import transpiler

X = np.cos(np.arange(12.0) * 0.7).reshape(3, 4)


def spectrum_power(x):
    k = fftpack.fft(x * np.exp(0.3j * x))
    return np.sum(np.abs(k[:, 1:3]) ** 2)


def round_trip_with_a_phase(x):
    k = fftpack.fft(x, n=6, axis=0)
    back = fftpack.ifft(k * np.exp(-1j * np.arange(6.0))[:, None], axis=0, overwrite_x=True)
    return np.sum(back.real * np.sin(back.imag + 1.0))


def n_dimensional(x):
    k = fftpack.fftn(x ** 2, shape=(4, 4))
    return np.sum(np.real(fftpack.ifftn(k * np.conj(k), axes=(0, 1))) ** 2)


CASES = [spectrum_power, round_trip_with_a_phase, n_dimensional]


@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_reverse_mode_matches_finite_differences(f):
    report = transpiler.check_grad(f, X)
    assert report.ok, report


@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_forward_mode_matches_finite_differences(f):
    t = np.random.RandomState(2).randn(*X.shape)
    value, derivative = transpiler.jvp(f, (X,), (t,))
    h = 1e-6
    assert value == pytest.approx(f(X), rel=1e-12)
    assert derivative == pytest.approx((f(X + h * t) - f(X - h * t)) / (2 * h), rel=1e-6)


def test_the_packed_real_transform_has_no_rule():
    def f(x):
        return np.sum(fftpack.rfft(x) ** 2)

    with pytest.raises(transpiler.UnknownFunctionError, match="rfft"):
        transpiler.grad(f)(X[0])
