"""A field of a record built in the function varies only where a record binds it to a varied
value (analysis/varied.py): ``LGD.get(firm.name, 0.45)`` in a run-time loop over a list of
records (p11's KMV credit portfolio) is a call on a string, not a refused call without a rule."""
from dataclasses import dataclass

import numpy as np
import pytest

import transpiler
from transpiler.errors import UnknownFunctionError


@dataclass
class Exposure:
    name: str
    value: float


LOSS_GIVEN_DEFAULT = {"b": 0.6}


def refined(exposure):
    """A `while` loop, so that the loop calling it stays a run-time loop (not unrolled)."""
    v = exposure.value
    it = 0
    while it < 3:
        v = 0.5 * (v + 2.0 / v)
        it += 1
    return v * exposure.value


def portfolio_loss(x):
    exposures = [Exposure("a", x[0]), Exposure("b", x[1])]
    total = 0.0
    for exposure in exposures:
        total += LOSS_GIVEN_DEFAULT.get(exposure.name, 0.45) * refined(exposure)
    return total


def mixed_constant_and_varied_fields(x):
    exposures = [Exposure("a", 2.0), Exposure("b", x[0] * x[1])]
    total = 0.0
    for exposure in exposures:
        total += LOSS_GIVEN_DEFAULT.get(exposure.name, 0.45) * refined(exposure)
    return total


def varied_field_passed_to_a_call_without_a_rule(x):
    exposures = [Exposure("a", x[0]), Exposure("b", x[1])]
    total = 0.0
    for exposure in exposures:
        total += LOSS_GIVEN_DEFAULT.get(exposure.value, 0.45) * refined(exposure)
    return total


def central_differences(f, x, h=1e-6):
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(x.size)])


@pytest.mark.parametrize("f", [portfolio_loss, mixed_constant_and_varied_fields])
def test_a_string_field_read_in_a_run_time_loop_is_not_differentiated(f):
    x = np.array([1.3, 2.1])
    expected = central_differences(f, x)
    np.testing.assert_allclose(transpiler.grad(f)(x), expected, rtol=1e-6)
    direction = np.array([0.4, -0.7])
    _, tangent = transpiler.jvp(f, (x,), (direction,))
    np.testing.assert_allclose(tangent, expected @ direction, rtol=1e-6)


def test_a_varied_field_passed_to_a_call_without_a_rule_is_still_refused():
    with pytest.raises(UnknownFunctionError, match=r"`exposure\.value` depends on the differentiated parameters"):
        transpiler.grad(varied_field_passed_to_a_call_without_a_rule)(np.array([1.3, 2.1]))
