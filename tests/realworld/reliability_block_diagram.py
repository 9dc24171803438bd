# Written for this corpus (p14) in the style of reliability-engineering scripts (reliability block diagrams as the `reliability` package and RAM course code build them): a `Weibull` component class, `Series`, `Parallel` and `KOutOfN` blocks that hold other blocks and recurse through `reliability(t)` (the composite pattern), blocks iterable through `__iter__` (`return iter(self.blocks)` in one, `yield from` in the other) and iterated as `for b in self`, `math.prod` over a generator, `math.comb` in the k-out-of-n sum for identical units, an abstract base class whose `reliability` raises `NotImplementedError` with an f-string, the mission reliability of a pumping station, the mean time to failure by the trapezoid rule over a time grid with the blocks evaluated on arrays. Differentiated: the station's mission reliability in the five components' Weibull scales, the MTTF in the pumps' shape and scale, and the k-out-of-n reliability in the unit reliability.
import math

import numpy as np


class Block:
    name = "block"

    def reliability(self, t):
        raise NotImplementedError(f"{type(self).__name__} '{self.name}' has no reliability model")

    def unreliability(self, t):
        return 1.0 - self.reliability(t)


class Weibull(Block):
    def __init__(self, name, beta, eta):
        self.name, self.beta, self.eta = name, beta, eta

    def reliability(self, t):
        return np.exp(-(t / self.eta) ** self.beta)


class Series(Block):
    def __init__(self, name, *blocks):
        self.name, self.blocks = name, blocks

    def __iter__(self):
        return iter(self.blocks)

    def reliability(self, t):
        return math.prod(b.reliability(t) for b in self)


class Parallel(Block):
    def __init__(self, name, *blocks):
        self.name, self.blocks = name, list(blocks)

    def __iter__(self):
        yield from self.blocks

    def reliability(self, t):
        failing = 1.0
        for b in self:
            failing = failing * b.unreliability(t)
        return 1.0 - failing


class KOutOfN(Block):
    """k working of n identical units."""
    def __init__(self, name, k, n, unit):
        self.name, self.k, self.n, self.unit = name, k, n, unit

    def reliability(self, t):
        p = self.unit.reliability(t)
        return sum(math.comb(self.n, i) * p ** i * (1.0 - p) ** (self.n - i) for i in range(self.k, self.n + 1))


def pumping_station(etas, pump_beta=1.8):
    pumps = Parallel("pumps", Weibull("pump A", pump_beta, etas[0]), Weibull("pump B", pump_beta, etas[1]))
    power = Parallel("power", Weibull("grid", 1.0, etas[2]), Weibull("diesel", 1.3, etas[3]))
    return Series("station", power, pumps, Weibull("controller", 1.1, etas[4]))


def mission_reliability(etas, mission=2000.0):
    return pumping_station(etas).reliability(mission)


def mttf(pump, horizon=60000.0, points=1201):
    beta, eta = pump
    station = pumping_station([eta, eta, 20000.0, 8000.0, 90000.0], pump_beta=beta)
    t = np.linspace(0.0, horizon, points)
    R = station.reliability(t)
    return float(np.sum(0.5 * (R[1:] + R[:-1]) * np.diff(t)))


def k_out_of_n(p, k=2, n=4):
    unit = Weibull("unit", 1.0, 1.0)
    unit.reliability = lambda t: p          # a measured unit reliability instead of a model
    return KOutOfN("voting", k, n, unit).reliability(0.0)


CASES = [
    dict(name="mission_reliability", function=mission_reliability,
         args=lambda: (np.array([6000.0, 7000.0, 15000.0, 5000.0, 80000.0]),)),
    dict(name="mttf", function=mttf, args=lambda: (np.array([1.8, 6000.0]),)),
    dict(name="k_out_of_n", function=k_out_of_n, args=lambda: (0.9,)),
]
