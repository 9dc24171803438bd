# Written for this corpus (p4) in the style of trade economists' pandas-free gravity scripts (Santos Silva and Tenreyro's PPML, Anderson and van Wincoop's multilateral resistance): countries in a dict of dicts (GDP, latitude, longitude, neighbours), great-circle distances by the haversine formula with `math`, flows keyed by `(origin, destination)` tuples, `for (o, d), flow in FLOWS.items()` loops, a `coefs` dict built by `dict(zip(NAMES, beta))`, an f-string summary; the structural model's resistance terms by a fixed-point `for` loop over dicts. Differentiated in the coefficients and the trade-cost elasticity.
import math

import numpy as np

COUNTRIES = {
    "DEU": {"gdp": 3.85, "lat": 51.2, "lon": 10.4, "neighbours": {"FRA", "NLD", "POL"}},
    "FRA": {"gdp": 2.72, "lat": 46.2, "lon": 2.2, "neighbours": {"DEU", "ESP"}},
    "NLD": {"gdp": 0.91, "lat": 52.1, "lon": 5.3, "neighbours": {"DEU"}},
    "POL": {"gdp": 0.59, "lat": 51.9, "lon": 19.1, "neighbours": {"DEU"}},
    "ESP": {"gdp": 1.39, "lat": 40.5, "lon": -3.7, "neighbours": {"FRA"}},
    "ITA": {"gdp": 2.00, "lat": 41.9, "lon": 12.6, "neighbours": set()},
}
EARTH_RADIUS_KM = 6371.0


def haversine(c1, c2):
    lat1, lon1 = math.radians(c1["lat"]), math.radians(c1["lon"])
    lat2, lon2 = math.radians(c2["lat"]), math.radians(c2["lon"])
    a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def pairs():
    for o in COUNTRIES:
        for d in COUNTRIES:
            if o != d:
                yield o, d


DIST = {(o, d): haversine(COUNTRIES[o], COUNTRIES[d]) for o, d in pairs()}
CONTIG = {(o, d): float(d in COUNTRIES[o]["neighbours"]) for o, d in pairs()}

rng = np.random.RandomState(7)
FLOWS = {}
for o, d in pairs():
    mean = math.exp(-1.0 + 0.9 * math.log(COUNTRIES[o]["gdp"]) + 0.8 * math.log(COUNTRIES[d]["gdp"])
                    - 0.7 * math.log(DIST[o, d] / 1000.0) + 0.4 * CONTIG[o, d])
    FLOWS[o, d] = mean * math.exp(0.2 * rng.randn())

NAMES = ["const", "ln_gdp_o", "ln_gdp_d", "ln_dist", "contig"]


def regressors(o, d):
    return {
        "const": 1.0,
        "ln_gdp_o": math.log(COUNTRIES[o]["gdp"]),
        "ln_gdp_d": math.log(COUNTRIES[d]["gdp"]),
        "ln_dist": math.log(DIST[o, d] / 1000.0),
        "contig": CONTIG[o, d],
    }


def ppml_objective(beta, flows=FLOWS):
    """Minus the Poisson pseudo-log-likelihood (Santos Silva and Tenreyro 2006), up to a constant."""
    coefs = dict(zip(NAMES, beta))
    total = 0.0
    for (o, d), flow in flows.items():
        x = regressors(o, d)
        xb = sum(coefs[name] * x[name] for name in NAMES)
        mu = np.exp(xb)
        total += mu - flow * xb
    return total / len(flows)


def ppml_report(beta):
    coefs = dict(zip(NAMES, beta))
    lines = [f"{name:>9s}: {value: .4f}" for name, value in coefs.items()]
    print("\n".join(lines))
    return ppml_objective(beta)


def multilateral_resistance(theta, tau_dist, n_iter=30):
    """Anderson-van Wincoop: P_j^(1-s) = sum_i (Y_i/Y)(t_ij/Pi_i)^(1-s), Pi_i likewise, by
    fixed-point iteration; t_ij = dist^tau_dist, s the elasticity of substitution `theta`."""
    world = sum(c["gdp"] for c in COUNTRIES.values())
    shares = {k: c["gdp"] / world for k, c in COUNTRIES.items()}
    t = {(o, d): (DIST[o, d] / 1000.0) ** tau_dist for o, d in pairs()}
    for k in COUNTRIES:
        t[k, k] = 1.0
    P = {k: 1.0 for k in COUNTRIES}
    Pi = {k: 1.0 for k in COUNTRIES}
    for _ in range(n_iter):
        Pi = {i: sum(shares[j] * (t[i, j] / P[j]) ** (1 - theta) for j in COUNTRIES) ** (1 / (1 - theta))
              for i in COUNTRIES}
        P = {j: sum(shares[i] * (t[i, j] / Pi[i]) ** (1 - theta) for i in COUNTRIES) ** (1 / (1 - theta))
             for j in COUNTRIES}
    return P, Pi


def structural_fit(params):
    """Test wrapper: squared log error of the structural gravity prediction against the flows."""
    theta, tau_dist = params
    P, Pi = multilateral_resistance(theta, tau_dist)
    world = sum(c["gdp"] for c in COUNTRIES.values())
    err = 0.0
    for (o, d), flow in FLOWS.items():
        t = (DIST[o, d] / 1000.0) ** tau_dist
        pred = COUNTRIES[o]["gdp"] * COUNTRIES[d]["gdp"] / world * (t / (Pi[o] * P[d])) ** (1 - theta)
        err += (math.log(pred) - math.log(flow)) ** 2
    return err


BETA = np.array([-0.8, 0.85, 0.75, -0.6, 0.3])

CASES = [
    dict(name="ppml", function=ppml_objective, args=lambda: (BETA.copy(),)),
    dict(name="ppml_report", function=ppml_report, args=lambda: (BETA.copy(),)),
    dict(name="structural", function=structural_fit, args=lambda: (np.array([5.0, 0.8]),)),
]
