# Written for this corpus (p11) in the style of credit-risk notebooks implementing the Merton/KMV structural model: equity as a call on the firm's assets (`scipy.stats.norm.cdf`), the unobserved asset value and volatility solved from the equity value and equity volatility by Newton's method on the two equations with a hand-written 2x2 Jacobian and `np.linalg.solve` in a `while` loop with a tolerance, a `Firm` dataclass with a `default_point` property (short-term debt plus half the long-term), distance to default and the expected default frequency, a portfolio's expected loss summed over a dict of exposures with `.get(name, 0.45)` LGD defaults, losses by sector accumulated in a `defaultdict(float)` for a concentration index, and a `try`/`except np.linalg.LinAlgError` fallback. Differentiated: a firm's default probability in its equity value and equity volatility, the portfolio's expected loss and its sector concentration in the equity volatilities, and the Merton credit spread in the risk-free rate.
import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from scipy.stats import norm


@dataclass
class Firm:
    name: str
    equity: float          # market capitalisation
    sigma_equity: float    # annualised equity volatility
    short_term_debt: float
    long_term_debt: float

    @property
    def default_point(self):
        return self.short_term_debt + 0.5 * self.long_term_debt


def merton_equity(V, sigma_V, D, r, T):
    d1 = (math.log(V / D) + (r + 0.5 * sigma_V ** 2) * T) / (sigma_V * math.sqrt(T))
    d2 = d1 - sigma_V * math.sqrt(T)
    return V * norm.cdf(d1) - D * math.exp(-r * T) * norm.cdf(d2), d1, d2


def solve_asset_value(E, sigma_E, D, r=0.03, T=1.0, tol=1e-10, max_iter=100):
    """Newton on  E = V N(d1) - D e^{-rT} N(d2)  and  sigma_E E = N(d1) sigma_V V."""
    x = np.array([E + D, sigma_E * E / (E + D)])
    step = np.ones(2)
    it = 0
    while np.max(np.abs(step)) > tol and it < max_iter:
        V, sigma_V = x
        equity, d1, d2 = merton_equity(V, sigma_V, D, r, T)
        residual = np.array([equity - E, norm.cdf(d1) * sigma_V * V - sigma_E * E])
        # the Jacobian of the two equations in (V, sigma_V)
        sqrtT = math.sqrt(T)
        dd1_dV = 1.0 / (V * sigma_V * sqrtT)
        dd1_ds = -d1 / sigma_V + sqrtT
        jac = np.array([
            [norm.cdf(d1), V * norm.pdf(d1) * sqrtT],
            [sigma_V * (norm.cdf(d1) + V * norm.pdf(d1) * dd1_dV), V * (norm.cdf(d1) + sigma_V * norm.pdf(d1) * dd1_ds)],
        ])
        try:
            step = np.linalg.solve(jac, residual)
        except np.linalg.LinAlgError:
            step = residual / np.diag(jac)
        x = x - step
        it += 1
    return x[0], x[1]


def expected_default_frequency(firm, r=0.03, T=1.0):
    D = firm.default_point
    V, sigma_V = solve_asset_value(firm.equity, firm.sigma_equity, D, r, T)
    distance_to_default = (math.log(V / D) + (r - 0.5 * sigma_V ** 2) * T) / (sigma_V * math.sqrt(T))
    return norm.cdf(-distance_to_default)


def default_probability(equity, sigma_equity):
    firm = Firm("Acme", equity, sigma_equity, short_term_debt=60.0, long_term_debt=50.0)
    return expected_default_frequency(firm) * 100


PORTFOLIO = {"Acme": 10.0, "Globex": 25.0, "Initech": 8.0}
LGD = {"Globex": 0.6}


def portfolio_expected_loss(sigma_equities):
    firms = [Firm("Acme", 40.0, sigma_equities[0], 60.0, 50.0),
             Firm("Globex", 120.0, sigma_equities[1], 80.0, 140.0),
             Firm("Initech", 15.0, sigma_equities[2], 20.0, 10.0)]
    expected_loss = 0.0
    for firm in firms:
        pd = expected_default_frequency(firm)
        expected_loss += PORTFOLIO[firm.name] * LGD.get(firm.name, 0.45) * pd
    return expected_loss


SECTOR = {"Acme": "industrials", "Globex": "energy", "Initech": "industrials"}


def sector_concentration(sigma_equities):
    """Herfindahl index of the expected loss by sector."""
    firms = [Firm("Acme", 40.0, sigma_equities[0], 60.0, 50.0),
             Firm("Globex", 120.0, sigma_equities[1], 80.0, 140.0),
             Firm("Initech", 15.0, sigma_equities[2], 20.0, 10.0)]
    by_sector = defaultdict(float)
    for firm in firms:
        by_sector[SECTOR[firm.name]] += PORTFOLIO[firm.name] * LGD.get(firm.name, 0.45) * expected_default_frequency(firm)
    total = sum(by_sector.values())
    return sum((loss / total) ** 2 for loss in by_sector.values())


def credit_spread_bp(r, E=40.0, sigma_E=0.5, D=85.0, T=1.0):
    V, sigma_V = solve_asset_value(E, sigma_E, D, r, T)
    debt_value = V - merton_equity(V, sigma_V, D, r, T)[0]
    yield_ = -math.log(debt_value / D) / T
    return (yield_ - r) * 1e4


CASES = [
    dict(name="default_probability", function=default_probability, args=lambda: (40.0, 0.5), wrt=(0, 1)),
    dict(name="portfolio_expected_loss", function=portfolio_expected_loss,
         args=lambda: (np.array([0.5, 0.35, 0.7]),)),
    dict(name="sector_concentration", function=sector_concentration, args=lambda: (np.array([0.5, 0.35, 0.7]),)),
    dict(name="credit_spread_bp", function=credit_spread_bp, args=lambda: (0.03,)),
]
