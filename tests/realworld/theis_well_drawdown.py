# Written for this corpus (p13) in the style of groundwater-hydrology course code (pumping-test analysis with the Theis and Cooper-Jacob solutions): the well function `W(u)` as `scipy.special.exp1`, a `Well` dataclass with a pumping schedule of `(start, rate)` tuples superposed in time with an `if t > start` test, image wells for a straight recharge boundary made by a list comprehension with a sign flip, the Cooper-Jacob straight line used when `u < 0.01` (the course's `if`/`else` switch inside a helper), an aquifer as a dict of parameters, observation data built with `np.random.default_rng(seed)` inside the objective, and a log-space misfit. Differentiated: the pumping-test misfit in (log T, log S), the drawdown at a monitoring point from a well field in the pumping rates, and the Cooper-Jacob estimate's time to reach a drawdown limit in T and S.
import math
from dataclasses import dataclass, field

import numpy as np
from scipy.special import exp1


def well_function(u):
    return exp1(u)


def theis_drawdown(r, t, Q, T, S):
    u = r ** 2 * S / (4.0 * T * t)
    return Q / (4.0 * math.pi * T) * well_function(u)


def cooper_jacob(r, t, Q, T, S):
    return Q / (4.0 * math.pi * T) * (-0.5772 - math.log(r ** 2 * S / (4.0 * T * t)))


def drawdown(r, t, Q, aquifer, approximate=False):
    T, S = aquifer["T"], aquifer["S"]
    if approximate and r ** 2 * S / (4.0 * T * t) < 0.01:
        return cooper_jacob(r, t, Q, T, S)
    return theis_drawdown(r, t, Q, T, S)


@dataclass
class Well:
    x: float
    y: float
    schedule: list = field(default_factory=list)   # (start time in days, rate change in m3/day)

    def drawdown_at(self, x, y, t, aquifer):
        r = math.hypot(x - self.x, y - self.y)
        s = 0.0
        for start, dQ in self.schedule:
            if t > start:
                s += drawdown(r, t - start, dQ, aquifer)
        return s


def with_recharge_boundary(wells, x_boundary):
    images = [Well(2 * x_boundary - w.x, w.y, [(start, -dQ) for start, dQ in w.schedule])
              for w in wells]
    return wells + images


TIMES = np.logspace(-3, 0.5, 18)     # days
R_OBS = 30.0


def pumping_test_misfit(log_params, seed=21, Q=1500.0):
    T, S = np.exp(log_params[0]), np.exp(log_params[1])
    rng = np.random.default_rng(seed)
    observed = theis_drawdown(R_OBS, TIMES, Q, 450.0, 2e-4) * np.exp(rng.normal(0.0, 0.02, TIMES.shape))
    simulated = theis_drawdown(R_OBS, TIMES, Q, T, S)
    return float(np.sum((np.log(simulated) - np.log(observed)) ** 2))


def field_drawdown(rates, aquifer={"T": 600.0, "S": 1e-3}):
    wells = [Well(0.0, 0.0, [(0.0, rates[0]), (2.0, -0.5 * rates[0])]),
             Well(150.0, 40.0, [(0.5, rates[1])]),
             Well(-80.0, 120.0, [(1.0, rates[2])])]
    field_ = with_recharge_boundary(wells, x_boundary=400.0)
    points = [(50.0, 50.0), (200.0, -30.0)]
    return sum(w.drawdown_at(px, py, 5.0, aquifer) for w in field_ for px, py in points)


def time_to_limit(TS, Q=2000.0, r=0.15, limit=6.0):
    """Days until the pumping well's Cooper-Jacob drawdown reaches `limit`, as a design sheet
    inverts the straight line."""
    T, S = TS
    slope = Q / (4.0 * math.pi * T)
    log_arg = limit / slope + 0.5772
    t = r ** 2 * S / (4.0 * T) * math.exp(log_arg)
    check = drawdown(r, t, Q, {"T": T, "S": S}, approximate=True)
    assert abs(check - limit) < 1e-6 * limit, f"inversion off: {check:.3f} m"
    return t * 24.0 * 60.0          # minutes


CASES = [
    dict(name="pumping_test_misfit", function=pumping_test_misfit,
         args=lambda: (np.array([math.log(380.0), math.log(3e-4)]),)),
    dict(name="field_drawdown", function=field_drawdown, args=lambda: (np.array([1200.0, 800.0, 500.0]),)),
    dict(name="time_to_limit", function=time_to_limit, args=lambda: (np.array([300.0, 2e-4]),)),
]
