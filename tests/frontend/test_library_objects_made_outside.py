"""Library objects made outside the function and called in it (frontend/free_library_objects.py):
a module's ``np.poly1d`` trend, ``scipy.interpolate.interp1d`` lookup tables (linear, cubic, a
fill pair, extrapolated, along an axis; knots given unsorted) and frozen scipy.stats distributions
(positional and keyword parameters), one held by a closure too. Each call was refused ("no
derivative rule for `DRAG_RISE`"): the corpus's aircraft performance reads its compressibility drag
from a global interp1d. Values as the library computes them, and both modes against central
differences; a global CubicSpline is still refused, located."""
import numpy as np
import pytest
from scipy import interpolate, stats

import transpiler
from transpiler import UnknownFunctionError

from sequence_checks import assert_both_modes

TREND = np.poly1d([0.5, -1.0, 2.0])
DRAG_RISE = interpolate.interp1d([0.0, 0.70, 0.78, 0.85, 0.92], [0.0, 0.0, 0.0005, 0.0025, 0.012])
SMOOTH = interpolate.interp1d([2.0, 0.0, 1.0, 3.0, 4.0], [1.0, 0.0, 0.5, 0.2, 0.9], kind="cubic")
CLIPPED = interpolate.interp1d([0.0, 1.0, 2.0], [1.0, 3.0, 2.0], bounds_error=False, fill_value=(0.5, -1.0))
EXTENDED = interpolate.interp1d([0.0, 1.0, 2.0], [1.0, 3.0, 2.0], fill_value="extrapolate")
ROWS = interpolate.interp1d([0.0, 1.0, 2.0], np.array([[1.0, 2.0, 4.0], [0.0, -1.0, 1.0]]), axis=1)
NOISE = stats.norm(0.3, 1.5)
WAITING = stats.gamma(2.5, loc=0.1, scale=2.0)


def tables(x):
    mach = 0.6 + 0.1 * x[0]                     # between the knots
    return TREND(x[1]) * float(DRAG_RISE(mach)) + np.sum(SMOOTH(x * 1.5) ** 2)


def filled(x):
    points = np.array([-0.5, 0.4, 1.3, 2.5]) * x[0]
    return np.sum(CLIPPED(points) ** 2) + np.sum(EXTENDED(points + x[1]) ** 3) + np.sum(np.tanh(ROWS(x[2])))


def likelihood(x):
    return np.sum(NOISE.logpdf(x)) + WAITING.logpdf(x[0] + 2.0) + NOISE.cdf(x[1])


def make_scorer():
    prior = stats.norm(loc=1.0, scale=0.5)

    def score(x):
        return np.sum(prior.logpdf(x) * x)
    return score


X = np.array([1.3, 0.4, 0.7])


@pytest.mark.parametrize("f", [tables, filled, likelihood, make_scorer()], ids=["tables", "filled", "likelihood",
                                                                                 "closure"])
def test_a_library_object_made_outside_is_differentiated_through_its_call(f):
    assert transpiler.value_and_grad(f)(X)[0] == pytest.approx(f(X), rel=1e-12)
    assert_both_modes(f, X)


CURVE = interpolate.CubicSpline([0.0, 1.0, 2.0, 3.0], [0.0, 1.0, 0.5, 2.0])


def spline_made_outside(x):
    return np.sum(CURVE(x))


def test_a_global_cubic_spline_stays_refused_located():
    with pytest.raises(UnknownFunctionError, match="no derivative rule for `CURVE`") as error:
        transpiler.grad(spline_made_outside)(X)
    assert "test_library_objects_made_outside.py:" in str(error.value)
