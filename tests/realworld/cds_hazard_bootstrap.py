# Written for this corpus (p14) in the style of credit-derivatives course code (the standard CDS model bootstrapped as in Hull's and O'Kane's examples): quarterly premium dates from a comprehension, a flat discount curve returned by a closure, piecewise-constant hazard rates integrated with `math.exp` in a survival helper that walks the knots with an early `return`, the premium leg with accrual on default and the protection leg discounted at mid-period, a bootstrap that solves each tenor's hazard by a `while abs(error) > tol` Newton loop with a bumped difference quotient, and a mark-to-market of an off-market contract. Differentiated: the bootstrapped hazards in the quoted spreads (as a Jacobian), the value of a 5-year protection bought at 100 bp in the spreads, and the risky annuity (RPV01) in the flat hazard and the interest rate.
import math

import numpy as np

RECOVERY = 0.4
TENORS = [1.0, 3.0, 5.0, 7.0]


def flat_curve(r):
    def discount(t):
        return math.exp(-r * t)
    return discount


def survival(t, knots, hazards):
    """exp(-integral of the piecewise-constant hazard up to t)."""
    integral, previous = 0.0, 0.0
    for knot, h in zip(knots, hazards):
        if t <= knot:
            return math.exp(-(integral + h * (t - previous)))
        integral += h * (knot - previous)
        previous = knot
    return math.exp(-(integral + hazards[-1] * (t - previous)))


def schedule(maturity, frequency=4):
    n = int(round(maturity * frequency))
    return [(i + 1) / frequency for i in range(n)]


def legs(maturity, knots, hazards, discount):
    """(risky annuity per unit spread, protection leg per unit notional)."""
    annuity, protection, t_prev, q_prev = 0.0, 0.0, 0.0, 1.0
    for t in schedule(maturity):
        q = survival(t, knots, hazards)
        dt = t - t_prev
        annuity += dt * discount(t) * (q + 0.5 * (q_prev - q))       # accrual on default
        protection += (1.0 - RECOVERY) * discount(0.5 * (t_prev + t)) * (q_prev - q)
        t_prev, q_prev = t, q
    return annuity, protection


def par_spread(maturity, knots, hazards, discount):
    annuity, protection = legs(maturity, knots, hazards, discount)
    return protection / annuity


def bootstrap(spreads_bp, r=0.03, tol=1e-12, max_iter=50):
    discount = flat_curve(r)
    hazards = []
    for i, maturity in enumerate(TENORS):
        target = spreads_bp[i] / 1e4
        h = target / (1.0 - RECOVERY)        # the credit triangle as the first guess
        error, it = 1.0, 0
        while abs(error) > tol:
            error = par_spread(maturity, TENORS[:i + 1], hazards + [h], discount) - target
            bumped = par_spread(maturity, TENORS[:i + 1], hazards + [h + 1e-6], discount) - target
            h -= error / ((bumped - error) / 1e-6)
            it += 1
            if it > max_iter:
                raise RuntimeError(f"no convergence at {maturity}y: error {error:.2e}")
        hazards.append(h)
    return hazards


def bootstrap_hazards(spreads_bp):
    return np.array(bootstrap(spreads_bp))


def protection_value(spreads_bp, coupon_bp=100.0, maturity=5.0, notional=1e7, r=0.03):
    hazards = bootstrap(spreads_bp, r)
    annuity, protection = legs(maturity, TENORS, hazards, flat_curve(r))
    return notional * (protection - coupon_bp / 1e4 * annuity)


def rpv01(hr, maturity=5.0):
    h, r = hr
    annuity, _ = legs(maturity, [maturity], [h], flat_curve(r))
    return annuity * 1e-4


CASES = [
    dict(name="bootstrap_hazards", function=bootstrap_hazards, kind="jacobian",
         args=lambda: (np.array([60.0, 85.0, 110.0, 125.0]),)),
    dict(name="protection_value", function=protection_value, args=lambda: (np.array([60.0, 85.0, 110.0, 125.0]),)),
    dict(name="rpv01", function=rpv01, args=lambda: (np.array([0.02, 0.03]),)),
]
