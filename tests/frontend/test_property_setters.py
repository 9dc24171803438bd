"""``obj.attr = value`` where ``attr`` is a property with a setter, on an object made in the
function: Python calls the setter (``psi_x = property(_get_psi_x, _set_psi_x)`` and ``dt``'s in
Jake VanderPlas' split-step Schrodinger solver, tests/realworld/split_step_schrodinger.py), so
the setter's body is inlined there, and every read calls the getter. It was refused ("assigning
to `self.psi_x`, a property or descriptor ... is not supported")."""
import numpy as np
import pytest

import transpiler
from transpiler.check import roundtrip


class Wave:
    def __init__(self, x, psi0, k0):
        self.x = x
        self.k0 = k0
        self.dt_ = None
        self.psi_x = psi0                 # the setter stores a modulated copy

    def _set_psi_x(self, psi_x):
        self.psi_mod_x = psi_x * np.cos(self.k0 * self.x)

    def _get_psi_x(self):
        return self.psi_mod_x / np.cos(self.k0 * self.x)

    def _get_dt(self):
        return self.dt_

    def _set_dt(self, dt):
        if dt != self.dt_:                # the factors are computed once per new step size
            self.dt_ = dt
            self.decay = np.exp(-0.5 * self.x ** 2 * dt)

    psi_x = property(_get_psi_x, _set_psi_x)
    dt = property(_get_dt, _set_dt)

    def step(self, dt, n):
        self.dt = dt
        for _ in range(n):
            self.psi_mod_x = self.psi_mod_x * self.decay
        return self


class Box:
    def __init__(self, width):
        self._width = width

    @property
    def width(self):
        return self._width

    @width.setter
    def width(self, value):
        self._width = np.maximum(value, 0.1) * 2.0

    @property
    def area(self):
        return self.width ** 2


X = np.linspace(-1.0, 1.0, 5)


def property_pair(psi0):
    wave = Wave(X, psi0, 0.3)
    wave.step(0.1, 3)
    return np.sum(wave.psi_x ** 2)


def set_in_the_function(psi0):
    wave = Wave(X, psi0, 0.3)
    wave.psi_x = psi0 ** 2          # (outside any method)
    wave.dt = 0.2
    wave.dt = 0.2                   # (the same step: the factors are not recomputed)
    return np.sum(wave.psi_x * wave.decay)


def decorated_setter(psi0):
    box = Box(psi0[0])
    box.width = psi0[1] * psi0[2]
    return box.area + box.width


CASES = [property_pair, set_in_the_function, decorated_setter]
PSI0 = np.array([0.2, 0.9, 1.3, 0.7, -0.4])


@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_the_printed_ir_computes_the_functions_value(f):
    assert roundtrip.mismatch(f, (PSI0,)) is None


@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_reverse_mode_matches_finite_differences(f):
    report = transpiler.check_grad(f, PSI0)
    assert report.ok, report


@pytest.mark.parametrize("f", CASES, ids=[f.__name__ for f in CASES])
def test_forward_mode_matches_finite_differences(f):
    t = np.random.RandomState(0).randn(PSI0.size)
    value, derivative = transpiler.jvp(f, (PSI0,), (t,))
    h = 1e-6
    assert value == pytest.approx(f(PSI0), rel=1e-12)
    assert derivative == pytest.approx((f(PSI0 + h * t) - f(PSI0 - h * t)) / (2 * h), rel=1e-6)


def test_a_property_without_a_setter_is_still_refused():
    class Fixed:
        def __init__(self, v):
            self.v = v

        @property
        def doubled(self):
            return 2 * self.v

    def f(x):
        obj = Fixed(x)
        obj.doubled = x          # (Python raises AttributeError: no setter)
        return obj.v

    with pytest.raises(transpiler.errors.UnsupportedSyntaxError, match="a property or descriptor"):
        transpiler.grad(f)(1.0)
