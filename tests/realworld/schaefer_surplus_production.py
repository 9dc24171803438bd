# Written for this corpus (p8) in the style of the fisheries stock-assessment tutorials (Hilborn and Mangel's "The Ecological Detective" chapter 7 and the Schaefer/Pella-Tomlinson surplus-production notebooks of fisheries courses): a catch and CPUE table as lists, `project_biomass(r, K, catches, B0=None)` with the biomass appended year by year and floored by `max(B, 1e-3 * K)`, the closed-form catchability `q = exp(mean(log(I / B)))`, a lognormal observation-error negative log-likelihood with `sigma` estimated in closed form, log-parameters `params = [log_r, log_K]` unpacked with `np.exp`, and management reference points (`MSY = r * K / 4`, `B_MSY = K / 2`) in a `reference_points` dict. Differentiated: the negative log-likelihood, a penalised version with a prior on r, and the projected depletion and reference points.
import numpy as np

# South Atlantic albacore style data (Polacheck et al. 1993 layout: year, catch in kt, CPUE)
YEARS = list(range(1967, 1990))
CATCH = [15.9, 25.7, 28.5, 23.7, 25.0, 33.3, 28.2, 19.7, 17.5, 19.3, 21.6, 23.1, 22.5, 22.5,
         23.6, 29.1, 14.4, 13.2, 28.4, 34.6, 37.5, 25.9, 25.3]
CPUE = [61.89, 78.98, 55.59, 44.61, 56.89, 38.27, 33.84, 36.13, 41.95, 36.63, 36.33, 38.82,
        34.32, 37.64, 34.01, 32.16, 26.88, 36.61, 30.07, 30.75, 23.36, 22.36, 21.91]


def project_biomass(r, K, catches, B0=None):
    """Schaefer dynamics B[t+1] = B[t] + r B[t] (1 - B[t]/K) - C[t], starting at K unless given."""
    B = [K if B0 is None else B0]
    for C in catches:
        b = B[-1]
        b_next = b + r * b * (1 - b / K) - C
        B.append(max(b_next, 1e-3 * K))
    return np.array(B)


def catchability(index, biomass):
    """The maximum-likelihood q of a lognormal index: exp(mean(log(I / B)))."""
    return np.exp(np.mean(np.log(index / biomass)))


def negative_log_likelihood(params, catches=CATCH, cpue=CPUE):
    log_r, log_K = params
    r, K = np.exp(log_r), np.exp(log_K)
    B = project_biomass(r, K, catches)[:-1]
    I = np.asarray(cpue)
    q = catchability(I, B)
    residuals = np.log(I) - np.log(q * B)
    n = len(residuals)
    sigma = np.sqrt(np.sum(residuals ** 2) / n)
    return n * np.log(sigma) + n / 2.0


def penalised_nll(params, r_prior=(0.4, 0.3)):
    """A lognormal prior on r, as Bayesian surplus-production fits add."""
    mean, sd = r_prior
    prior = 0.5 * ((params[0] - np.log(mean)) / sd) ** 2
    return negative_log_likelihood(params) + prior


def reference_points(params, years_ahead=5, future_catch=20.0):
    r, K = np.exp(params)
    B = project_biomass(r, K, CATCH + [future_catch] * years_ahead)
    points = {"MSY": r * K / 4, "B_MSY": K / 2, "F_MSY": r / 2}
    points["depletion"] = B[-1] / K
    points["B/B_MSY"] = B[-1] / points["B_MSY"]
    return np.array([points[k] for k in ("MSY", "F_MSY", "depletion", "B/B_MSY")])


PARAMS0 = np.array([np.log(0.33), np.log(270.0)])

CASES = [
    dict(name="negative_log_likelihood", function=negative_log_likelihood, args=lambda: (PARAMS0.copy(),)),
    dict(name="penalised_nll", function=penalised_nll, args=lambda: (PARAMS0.copy(),)),
    dict(name="reference_points", function=reference_points, args=lambda: (PARAMS0.copy(),), kind="jacobian"),
]
