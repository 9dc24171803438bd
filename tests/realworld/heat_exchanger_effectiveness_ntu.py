# Written for this corpus (p12) in the style of Caleb Bell's `ht` library and Incropera's effectiveness-NTU chapter: `effectiveness_from_NTU(NTU, Cr, subtype='counterflow')` with an `if`/`elif` chain on the subtype string and a `raise ValueError` for an unknown one, `Cr == 1` special cases, `n_shell` shell passes by the Pentagon formula, a `@dataclass Stream` with a `field(default_factory=dict)` of properties and a `C` property, a `HeatExchanger` class whose `__call__(hot, cold)` returns a dict of outlet temperatures, `isinstance(UA, (int, float))` dispatch between a fixed UA and a `(U, A)` tuple, a secant `while` loop on the area for a target duty (a nested `shortfall(A)` closure), and a preheat train built by a list comprehension. Differentiated: an outlet temperature in UA and the flows, the sized area in the duty and U, and a train's recovered heat in the areas.
import math
from dataclasses import dataclass, field

import numpy as np


@dataclass
class Stream:
    name: str
    m_dot: float                      # kg/s
    T_in: float                       # degC
    props: dict = field(default_factory=dict)

    @property
    def Cp(self):
        return self.props.get("Cp", 4180.0)   # water unless told otherwise

    @property
    def C(self):
        return self.m_dot * self.Cp


def effectiveness_from_NTU(NTU, Cr, subtype='counterflow', n_shell_tube=1):
    """Effectiveness of a heat exchanger from its NTU and capacity ratio Cr = Cmin/Cmax."""
    if Cr > 1:
        raise ValueError('Heat capacity rate must be less than 1 by definition.')

    if subtype == 'counterflow':
        if Cr < 1:
            return (1. - math.exp(-NTU * (1. - Cr))) / (1. - Cr * math.exp(-NTU * (1. - Cr)))
        elif Cr == 1:
            return NTU / (1. + NTU)
    elif subtype == 'parallel':
        return (1. - math.exp(-NTU * (1. + Cr))) / (1. + Cr)
    elif 'S&T' in subtype:
        # one shell pass, 2n tube passes (Incropera 11.30a)
        top = 1. + math.exp(-NTU * (1. + Cr ** 2) ** .5)
        bottom = 1. - math.exp(-NTU * (1. + Cr ** 2) ** .5)
        eff = 2. / (1. + Cr + (1. + Cr ** 2) ** .5 * top / bottom)
        if n_shell_tube > 1:
            # n shells in series (11.31a)
            ratio = ((1. - eff * Cr) / (1. - eff)) ** n_shell_tube
            eff = (ratio - 1.) / (ratio - Cr)
        return eff
    elif subtype == 'crossflow':
        # both streams unmixed, the approximation of Incropera 11.32
        return 1. - math.exp(1. / Cr * NTU ** 0.22 * (math.exp(-Cr * NTU ** 0.78) - 1.))
    elif subtype == 'crossflow, mixed Cmax':
        return (1. / Cr) * (1. - math.exp(-Cr * (1. - math.exp(-NTU))))
    elif subtype == 'boiler' or subtype == 'condenser':
        return 1. - math.exp(-NTU)
    else:
        raise ValueError('Input heat exchanger type not recognized')


class HeatExchanger:
    def __init__(self, UA, subtype='counterflow', **options):
        self.UA = UA
        self.subtype = subtype
        self.options = options

    def conductance(self):
        if isinstance(self.UA, (int, float)):
            return self.UA
        U, A = self.UA
        return U * A

    def __call__(self, hot, cold):
        C_min = min(hot.C, cold.C)
        C_max = max(hot.C, cold.C)
        Cr = C_min / C_max
        NTU = self.conductance() / C_min
        eff = effectiveness_from_NTU(NTU, Cr, self.subtype, **self.options)
        Q = eff * C_min * (hot.T_in - cold.T_in)
        return {"Q": Q, "T_hot_out": hot.T_in - Q / hot.C, "T_cold_out": cold.T_in + Q / cold.C,
                "effectiveness": eff, "NTU": NTU}


def cold_outlet(UA, m_hot):
    hot = Stream("oil", m_hot, 160.0, props={"Cp": 2131.0})
    cold = Stream("water", 1.2, 25.0)
    shell_and_tube = HeatExchanger(UA, subtype='S&T', n_shell_tube=2)
    counterflow = HeatExchanger(UA)
    return shell_and_tube(hot, cold)["T_cold_out"] + 0.5 * counterflow(hot, cold)["T_hot_out"]


def area_for_duty(Q_target, U, tol=1e-9):
    """The area a crossflow exchanger needs for a duty: the secant method on A, as a sizing
    script does it."""
    hot = Stream("exhaust", 2.0, 300.0, props={"Cp": 1050.0})
    cold = Stream("air", 1.6, 20.0, props={"Cp": 1007.0})

    def shortfall(A):
        return HeatExchanger((U, A), subtype='crossflow')(hot, cold)["Q"] - Q_target

    A0, A1 = 10.0, 20.0
    f0, f1 = shortfall(A0), shortfall(A1)
    iterations = 0
    while abs(f1) > tol * Q_target:
        A0, A1 = A1, A1 - f1 * (A1 - A0) / (f1 - f0)
        f0, f1 = f1, shortfall(A1)
        iterations += 1
        if iterations > 50:
            raise RuntimeError("sizing did not converge")
    return A1


def preheat_train(areas, U=850.0):
    """Crude preheat train: the crude passes three exchangers in turn, each against its own
    product stream; the heat recovered."""
    products = [Stream("kerosene", 3.0, 210.0, props={"Cp": 2500.0}),
                Stream("diesel", 4.0, 260.0, props={"Cp": 2400.0}),
                Stream("residue", 5.0, 330.0, props={"Cp": 2300.0})]
    exchangers = [HeatExchanger((U, A), subtype=kind)
                  for A, kind in zip(areas, ['counterflow', 'S&T', 'parallel'])]
    crude_T = 30.0
    recovered = 0.0
    for product, exchanger in zip(products, exchangers):
        crude = Stream("crude", 12.0, crude_T, props={"Cp": 2100.0})
        result = exchanger(product, crude)
        crude_T = result["T_cold_out"]
        recovered += result["Q"]
    return recovered / 1e6


CASES = [
    dict(name="cold_outlet", function=cold_outlet, args=lambda: (4000.0, 0.8), wrt=(0, 1)),
    dict(name="area_for_duty", function=area_for_duty, args=lambda: (250e3, 45.0), wrt=(0, 1)),
    dict(name="preheat_train", function=preheat_train, args=lambda: (np.array([40.0, 60.0, 80.0]),)),
]
