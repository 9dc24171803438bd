# Written for this corpus (p7) in the style of leaf-physiology model code in ecology notebooks and small packages (the Farquhar-von Caemmerer-Berry C3 model: `arrhenius(k25, Ea, Tk)` and a peaked Arrhenius for Vcmax/Jmax with `deltaS` and `Hd`, Bernacchi temperature responses for `Kc`, `Ko`, `gamma_star`, electron transport `J` as the smaller root of the non-rectangular hyperbola `theta*J**2 - (alpha*I + Jmax)*J + alpha*I*Jmax = 0`, `Wc` and `Wj` limitations combined by `min` (and by a smooth colimitation `quadratic` helper), a `Leaf` dataclass-like class holding parameters with defaults in a dict, and an A/Ci curve fit by squared errors over a list of measured `(Ci, A)` points). Differentiated: the curve-fit loss and the net assimilation at a few light levels w.r.t. Vcmax25, Jmax25 and Rd25.
import numpy as np

RGAS = 8.314
DEFAULTS = {"Vcmax25": 60.0, "Jmax25": 110.0, "Rd25": 1.0, "theta_J": 0.7, "alpha": 0.3,
            "Ea_V": 65330.0, "Ea_J": 43540.0, "Ea_Rd": 46390.0, "deltaS": 650.0, "Hd": 200000.0,
            "Oi": 210.0}


def arrhenius(k25, Ea, Tk):
    return k25 * np.exp(Ea * (Tk - 298.15) / (298.15 * RGAS * Tk))


def peaked_arrhenius(k25, Ea, Tk, deltaS, Hd):
    arg1 = arrhenius(k25, Ea, Tk)
    arg2 = 1.0 + np.exp((298.15 * deltaS - Hd) / (298.15 * RGAS))
    arg3 = 1.0 + np.exp((Tk * deltaS - Hd) / (Tk * RGAS))
    return arg1 * arg2 / arg3


def quadratic(a, b, c, large=False):
    d = b ** 2 - 4.0 * a * c
    if large:
        return (-b + np.sqrt(d)) / (2.0 * a)
    return (-b - np.sqrt(d)) / (2.0 * a)


class Leaf:
    def __init__(self, **params):
        self.p = dict(DEFAULTS)
        self.p.update(params)

    def kinetics(self, Tk):
        Kc = arrhenius(404.9, 79430.0, Tk)
        Ko = arrhenius(278.4, 36380.0, Tk)
        gamma_star = arrhenius(42.75, 37830.0, Tk)
        return Kc, Ko, gamma_star

    def assimilation(self, Ci, I, Tleaf=25.0, colimit=False):
        Tk = Tleaf + 273.15
        p = self.p
        Kc, Ko, gamma_star = self.kinetics(Tk)
        Km = Kc * (1.0 + p["Oi"] / Ko)
        Vcmax = peaked_arrhenius(p["Vcmax25"], p["Ea_V"], Tk, p["deltaS"], p["Hd"])
        Jmax = peaked_arrhenius(p["Jmax25"], p["Ea_J"], Tk, p["deltaS"], p["Hd"])
        Rd = arrhenius(p["Rd25"], p["Ea_Rd"], Tk)
        J = quadratic(p["theta_J"], -(p["alpha"] * I + Jmax), p["alpha"] * I * Jmax)
        Wc = Vcmax * Ci / (Ci + Km)
        Wj = J / 4.0 * Ci / (Ci + 2.0 * gamma_star)
        if colimit:
            A_gross = quadratic(0.98, -(Wc + Wj), Wc * Wj)
        else:
            A_gross = min(Wc, Wj)
        return A_gross * (1.0 - gamma_star / Ci) - Rd


MEASURED = [(80.0, 2.1), (150.0, 7.6), (250.0, 13.9), (400.0, 19.8), (600.0, 22.9), (900.0, 24.6),
            (1200.0, 25.3)]


def aci_loss(params):
    leaf = Leaf(Vcmax25=params[0], Jmax25=params[1], Rd25=params[2])
    loss = 0.0
    for Ci, A_obs in MEASURED:
        loss += (leaf.assimilation(Ci, 1500.0, Tleaf=27.0) - A_obs) ** 2
    return loss


def light_response(params):
    leaf = Leaf(Vcmax25=params[0], Jmax25=params[1], Rd25=params[2])
    return np.array([leaf.assimilation(300.0, I, colimit=True) for I in (50.0, 200.0, 800.0, 1800.0)])


P0 = np.array([55.0, 100.0, 1.2])

CASES = [
    dict(name="aci_loss", function=aci_loss, args=lambda: (P0.copy(),)),
    dict(name="light_response", function=light_response, args=lambda: (P0.copy(),), kind="jacobian"),
]
