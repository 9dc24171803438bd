"""A lambda passed to a SciPy solver inside a method, reading attributes of the object made in
the function (QuantEcon's ``Market.consumer_surp``: ``quad(lambda x: (self.ad / self.bd) - (1 /
self.bd) * x, 0, self.quantity())``, tests/realworld/solow_growth_oop.py). It was refused as the
object used as a value: the lifted lambda now takes each attribute it reads as a value of its own
(frontend/lifted_functions.py). A lambda calling the object's method still keeps the refusal."""
import numpy as np
import pytest
from scipy.integrate import quad
from scipy.optimize import brentq

import transpiler
from transpiler import UnsupportedSyntaxError


class Market:
    def __init__(self, ad, bd, az, bz):
        self.ad, self.bd, self.az, self.bz = ad, bd, az, bz

    def quantity(self):
        return (self.ad * self.bz + self.az * self.bd) / (self.bd + self.bz)

    def surplus(self):
        area, error = quad(lambda x: (self.ad / self.bd) - (1 / self.bd) * x, 0, self.quantity())
        return area

    def clearing(self):
        return brentq(lambda p: self.ad - self.bd * p - (self.az + self.bz * p), -50.0, 50.0)

    def demand(self, p):
        return self.ad - self.bd * p

    def calls_a_method(self):
        area, error = quad(lambda p: self.demand(p), 0.0, 1.0)
        return area


def surplus(v):
    return Market(v[0], v[1], v[2], v[3]).surplus()


def clearing_price(v):
    m = Market(v[0], v[1], v[2], v[3])
    return m.clearing() * m.ad


CASES = [surplus, clearing_price]
V = np.array([15.0, 0.5, -2.0, 0.7])


@pytest.mark.parametrize("f", CASES)
def test_reverse_mode_matches_finite_differences(f):
    report = transpiler.check_grad(f, V)
    assert report.ok, report


@pytest.mark.parametrize("f", CASES)
def test_forward_mode_matches_finite_differences(f):
    t = np.random.RandomState(2).randn(V.size)
    value, derivative = transpiler.jvp(f, (V,), (t,))
    h = 1e-6
    assert value == pytest.approx(f(V), rel=1e-10)
    assert derivative == pytest.approx((f(V + h * t) - f(V - h * t)) / (2 * h), rel=1e-5)


def test_the_surplus_is_the_closed_form():
    ad, bd, az, bz = V
    q = (ad * bz + az * bd) / (bd + bz)
    assert transpiler.value_and_grad(surplus)(V)[0] == pytest.approx(ad / bd * q - q ** 2 / (2 * bd))


def test_a_lambda_calling_the_objects_method_is_still_refused():
    def f(v):
        return Market(v[0], v[1], v[2], v[3]).calls_a_method()

    with pytest.raises(UnsupportedSyntaxError):
        transpiler.grad(f)(V)
