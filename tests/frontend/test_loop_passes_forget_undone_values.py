"""A loop lowered again (its fixpoint passes, frontend/loops.py) hands out the undone pass's
names again, to other values: facts about the undone values must not stick to the new ones
(frontend/recycled_names.py). A controller object whose ``__call__`` clamps its state with
``limits = (None, None)`` had ``upper is None`` folded as False (the name had held an arithmetic
temporary, "never None", in the pass undone): a finite wrong value (0.870 where Python gives
1.305), or, with ``(upper is not None) and (value > upper)``, a float compared with None."""
import numpy as np

import transpiler
from sequence_checks import assert_both_modes


def scaled(value, limits):
    lower, upper = limits
    if upper is None:
        return value
    return 0.5 * value


def clamp(value, limits):
    lower, upper = limits
    if value is None:
        return None
    elif (upper is not None) and (value > upper):
        return upper
    elif (lower is not None) and (value < lower):
        return lower
    return value


class Integrator:
    def __init__(self, gain, limits):
        self.gain = gain
        self.limits = limits
        self.total = 0
        self.last = None

    def __call__(self, error):
        previous = self.last if self.last is not None else error
        self.total += self.gain * error
        self.total = self.bound(self.total)
        self.last = error
        return self.total + previous

    def bound(self, value):
        return scaled(value, self.limits)


class Clamped(Integrator):
    def bound(self, value):
        return clamp(value, self.limits)


def run(gain, limits=(None, None)):
    return simulate(Integrator(gain, limits))


def run_clamped(gain, limits=(None, None)):
    return simulate(Clamped(gain, limits))


def simulate(integrator):
    y, out = 0.0, 0.0
    for _ in range(3):
        u = integrator(1.0 - y)
        y = y + 0.1 * u
        out += y
    return out


def test_a_none_read_from_a_tuple_in_a_loop_lowered_twice_takes_pythons_branch():
    value, gradient = transpiler.value_and_grad(run)(0.8)
    assert np.isclose(value, run(0.8))
    assert_both_modes(run, 0.8)


def test_a_clamp_without_limits_compares_no_number_with_none():
    assert_both_modes(run_clamped, 0.8)


def test_the_same_clamp_with_limits_clamps():
    assert_both_modes(lambda gain: run_clamped(gain, (-0.5, 0.3)), 0.8)
