"""``for date, amount in self.cashflows():`` in a method of a global object (a bond priced
against a curve built from the differentiated rates): the method's list is iterated by position,
as a local object's is. It was refused ("iterating over `self.cashflows()`"): a bound method
of a global object was not recognised as a user function whose value a loop may read."""
import numpy as np
import pytest

import transpiler
from sequence_checks import assert_both_modes


class Bond:
    def __init__(self, times, coupon):
        self.times = times
        self.coupon = coupon

    def periods(self):
        return list(zip(self.times[:-1], self.times[1:]))

    def cashflows(self):
        flows = []
        for start, end in self.periods():
            flows.append((end, self.coupon * (end - start)))
        last_time, last_amount = flows[-1]
        flows[-1] = (last_time, last_amount + 1.0)
        return flows

    def price(self, rates):
        pv = 0.0
        for time, amount in self.cashflows():
            pv += amount * np.exp(-np.interp(time, [0.0, 5.0], rates) * time)
        return pv

    def price_of_comprehension(self, rates):
        return sum(a * np.exp(-rates[0] * t) for t, a in self.cashflows())


BOND = Bond([0.0, 0.5, 1.0, 2.0, 3.5], 0.04)


def price(rates):
    return BOND.price(rates)


def price_of_comprehension(rates):
    return BOND.price_of_comprehension(rates)


def bound_method(rates):
    return sum(amount * np.exp(-rates[1] * time) for time, amount in BOND.cashflows())


@pytest.mark.parametrize("f", [price, price_of_comprehension, bound_method], ids=lambda f: f.__name__)
def test_a_loop_over_a_global_object_s_method_is_differentiated_in_both_modes(f):
    assert_both_modes(f, np.array([0.03, 0.045]))


def test_a_loop_over_a_global_object_s_method_has_the_hessian_of_differences():
    x, h = np.array([0.03, 0.045]), 1e-5
    gradient = transpiler.grad(price)
    expected = np.array([(gradient(x + h * e) - gradient(x - h * e)) / (2 * h) for e in np.eye(2)])
    np.testing.assert_allclose(transpiler.hessian(price)(x), expected, rtol=1e-5, atol=1e-7)
