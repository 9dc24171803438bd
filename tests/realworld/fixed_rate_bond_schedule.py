# Written for this corpus (p7) in the style of small fixed-income pricers in quant-finance notebooks (QuantLib-free Python: a `Schedule` built from `datetime.date` by adding months in a `while` loop with end-of-month clipping by `calendar.monthrange`, an ACT/365F and a 30/360 `year_fraction`, a `ZeroCurve` object holding pillar dates and zero rates with `discount(d)` by linear interpolation of the rate in time, a `FixedRateBond` with `cashflows()` returning `(date, amount)` tuples, `dirty_price(curve)` looping over the dates, accrued interest, a `z_spread` bump and a key-rate DV01 by bumping pillar rates in a dict comprehension). Differentiated: the clean price, the z-spread price and the accrued-adjusted yield proxy w.r.t. the curve's zero rates.
import calendar
import datetime as dt

import numpy as np


def add_months(d, months):
    month = d.month - 1 + months
    year = d.year + month // 12
    month = month % 12 + 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def year_fraction(start, end, convention="ACT/365F"):
    if convention == "ACT/365F":
        return (end - start).days / 365.0
    if convention == "30/360":
        d1, d2 = min(start.day, 30), end.day
        if d1 == 30 and d2 == 31:
            d2 = 30
        return (360 * (end.year - start.year) + 30 * (end.month - start.month) + (d2 - d1)) / 360.0
    raise ValueError(f"unknown convention {convention}")


class Schedule:
    def __init__(self, effective, maturity, months=6):
        self.dates = [effective]
        d = effective
        while True:
            d = add_months(d, months)
            if d >= maturity:
                break
            self.dates.append(d)
        self.dates.append(maturity)

    def periods(self):
        return list(zip(self.dates[:-1], self.dates[1:]))


class ZeroCurve:
    def __init__(self, reference, pillars, rates):
        self.reference = reference
        self.times = np.array([year_fraction(reference, p) for p in pillars])
        self.rates = rates

    def zero_rate(self, d):
        t = year_fraction(self.reference, d)
        return np.interp(t, self.times, self.rates)

    def discount(self, d, spread=0.0):
        t = year_fraction(self.reference, d)
        return np.exp(-(self.zero_rate(d) + spread) * t)


class FixedRateBond:
    def __init__(self, coupon, effective, maturity, face=100.0, frequency=2, day_count="30/360"):
        self.coupon = coupon
        self.face = face
        self.day_count = day_count
        self.schedule = Schedule(effective, maturity, months=12 // frequency)

    def cashflows(self):
        flows = []
        for start, end in self.schedule.periods():
            amount = self.face * self.coupon * year_fraction(start, end, self.day_count)
            flows.append((end, amount))
        last_date, last_amount = flows[-1]
        flows[-1] = (last_date, last_amount + self.face)
        return flows

    def accrued(self, settlement):
        for start, end in self.schedule.periods():
            if start <= settlement < end:
                return self.face * self.coupon * year_fraction(start, settlement, self.day_count)
        return 0.0

    def dirty_price(self, curve, settlement, spread=0.0):
        pv = 0.0
        for date, amount in self.cashflows():
            if date > settlement:
                pv += amount * curve.discount(date, spread) / curve.discount(settlement, spread)
        return pv

    def clean_price(self, curve, settlement, spread=0.0):
        return self.dirty_price(curve, settlement, spread) - self.accrued(settlement)


REFERENCE = dt.date(2024, 3, 15)
PILLARS = [dt.date(2024, 9, 15), dt.date(2025, 3, 15), dt.date(2027, 3, 15), dt.date(2029, 3, 15),
           dt.date(2034, 3, 15)]
BOND = FixedRateBond(0.045, dt.date(2023, 1, 31), dt.date(2031, 7, 31))
SETTLEMENT = dt.date(2024, 5, 2)


def clean_price(rates):
    curve = ZeroCurve(REFERENCE, PILLARS, rates)
    return BOND.clean_price(curve, SETTLEMENT)


def spread_price(params):
    """Test wrapper: the price at a z-spread (the last parameter) over the curve."""
    curve = ZeroCurve(REFERENCE, PILLARS, params[:-1])
    return BOND.dirty_price(curve, SETTLEMENT, spread=params[-1])


def key_rate_dv01(rates):
    """The pillar-by-pillar DV01s, bumping one rate by a basis point each."""
    base = clean_price(rates)
    bumped = {p: clean_price(rates + 1e-4 * (np.arange(len(rates)) == i)) for i, p in enumerate(PILLARS)}
    return np.array([base - bumped[p] for p in PILLARS])


RATES = np.array([0.052, 0.049, 0.043, 0.041, 0.042])

CASES = [
    dict(name="clean_price", function=clean_price, args=lambda: (RATES.copy(),)),
    dict(name="spread_price", function=spread_price, args=lambda: (np.append(RATES, 0.008),)),
    dict(name="key_rate_dv01", function=key_rate_dv01, args=lambda: (RATES.copy(),), kind="jacobian"),
]
