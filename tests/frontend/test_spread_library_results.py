"""``f(*g(...))`` where ``g`` is a library function whose result's length its constant arguments
fix (primitives/registry.py ``result_length_of``, read by frontend/signatures.py): SciPy's filter
designs, ``lfilter(*butter(4, 0.2), x)`` — ``(b, a)`` for ``output="ba"`` (the default), three for
``"zpk"`` — and ``iirnotch``. The elements spread after a run-time check of the length, as a
slice's do. An ``output`` not known while lowering (a variable) or ``"sos"`` (an array, no tuple)
stays refused; a design from a differentiated cutoff is refused at the design, with its hint."""
import numpy as np
import pytest

pytest.importorskip("scipy")
from scipy import signal  # noqa: E402

import transpiler  # noqa: E402
from transpiler import TranspileError, UnsupportedSyntaxError  # noqa: E402

X = np.random.default_rng(61).normal(size=40)


def numeric_gradient(f, x, h=1e-6):
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(len(x))])
FS = 100.0
OUTPUT = "ba"


def low_passed(x):
    return np.sum(signal.lfilter(*signal.butter(2, 0.3), x) ** 2)


def zero_phase_with_keywords(x):
    return np.sum(signal.filtfilt(*signal.butter(3, 10.0, btype="low", fs=FS), x) ** 2 * np.arange(40.0))


def notched(x):
    return np.sum(signal.filtfilt(*signal.iirnotch(12.0, 5.0, FS), x) ** 3)


def from_zeros_and_poles(x):
    return np.sum(np.real(signal.zpk2tf(*signal.butter(2, 0.3, output="zpk"))[0]) * x[:3])


@pytest.mark.parametrize("f", [low_passed, zero_phase_with_keywords, notched, from_zeros_and_poles])
def test_a_designed_filter_spreads_into_the_call_in_both_modes(f):
    value, gradient = transpiler.value_and_grad(f)(X)
    assert value == pytest.approx(f(X), rel=1e-12)
    np.testing.assert_allclose(gradient, numeric_gradient(f, X), rtol=1e-5, atol=1e-6)
    direction = np.random.default_rng(62).normal(size=40)
    _, tangent = transpiler.jvp(f, (X,), (direction,))
    assert tangent == pytest.approx(np.sum(gradient * direction), rel=1e-8, abs=1e-10)


def an_output_known_when_it_runs(x):
    return np.sum(signal.lfilter(*signal.butter(2, 0.3, output=OUTPUT), x))


def a_cutoff_differentiated(cutoff):
    return np.sum(signal.lfilter(*signal.butter(2, cutoff), X) ** 2)


def test_an_output_not_known_while_lowering_stays_refused():
    with pytest.raises(UnsupportedSyntaxError, match="number of elements is not known") as refusal:
        transpiler.grad(an_output_known_when_it_runs)(X)
    assert f"test_spread_library_results.py:{an_output_known_when_it_runs.__code__.co_firstlineno + 1}:" \
        in str(refusal.value)


def test_a_differentiated_cutoff_is_refused_at_the_design_with_its_hint():
    with pytest.raises(TranspileError, match="differentiated cutoff") as refusal:
        transpiler.grad(a_cutoff_differentiated)(0.3)
    assert f"test_spread_library_results.py:{a_cutoff_differentiated.__code__.co_firstlineno + 1}:" \
        in str(refusal.value)
    assert "pass b and a as arguments" in str(refusal.value)
