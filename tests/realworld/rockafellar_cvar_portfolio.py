# Written for this corpus (p9) in the style of the Rockafellar-Uryasev CVaR portfolio notebooks (cvxpy/riskfolio-style tutorials rewritten for a smooth optimiser): a frozen `@dataclass` `CVaRConfig(alpha=0.95, smoothing=0.01, risk_aversion=3.0)`, scenario returns from `np.random.default_rng(seed)` with a fat-tailed mixture, losses `-R @ w`, the auxiliary VaR variable `t` unpacked from the parameter vector `params[:-1], params[-1]`, `max(0, x)` replaced by a softplus written with `np.logaddexp(0, x / s) * s`, weights from a softmax helper, a `dict` of risk figures, and an empirical VaR/CVaR by `np.sort` and slicing for comparison. Differentiated: the smoothed R-U objective, the mean-CVaR utility through the softmax, and the sorted-tail CVaR.
from dataclasses import dataclass

import numpy as np

rng = np.random.default_rng(7)
N_SCEN, N_ASSETS = 200, 4
MU = np.array([0.06, 0.04, 0.08, 0.03]) / 12
VOL = np.array([0.18, 0.10, 0.25, 0.06]) / np.sqrt(12)
crash = rng.random(N_SCEN) < 0.05
SCENARIOS = MU + VOL * rng.standard_normal((N_SCEN, N_ASSETS)) - crash[:, None] * np.array([0.08, 0.02, 0.12, 0.0])


@dataclass(frozen=True)
class CVaRConfig:
    alpha: float = 0.95
    smoothing: float = 0.01
    risk_aversion: float = 3.0


def softplus(x, s):
    """s * log(1 + exp(x / s)): a smooth max(0, x) that tends to it as s -> 0."""
    return s * np.logaddexp(0.0, x / s)


def softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def ru_objective(params, R=SCENARIOS, config=CVaRConfig()):
    """F_alpha(w, t) = t + 1/((1-alpha) N) sum max(0, loss - t), smoothed."""
    w, t = params[:-1], params[-1]
    losses = -R @ w
    excess = softplus(losses - t, config.smoothing)
    return t + excess.sum() / ((1.0 - config.alpha) * len(losses))


def mean_cvar_utility(z, R=SCENARIOS, config=CVaRConfig(alpha=0.9, smoothing=0.005)):
    w = softmax(z)
    losses = -R @ w
    t = np.quantile(losses, config.alpha)        # the empirical VaR as t (interpolated between order statistics)
    figures = {
        "mean": np.mean(R @ w),
        "cvar": ru_objective(np.append(w, t), R, config),
    }
    return figures["mean"] - config.risk_aversion * figures["cvar"]


def empirical_cvar(w, R=SCENARIOS, alpha=0.95):
    losses = -R @ w
    tail = np.sort(losses)[int(np.ceil(alpha * len(losses))):]
    return tail.mean()


W0 = np.array([0.3, 0.3, 0.2, 0.2])

CASES = [
    dict(name="ru_objective", function=ru_objective, args=lambda: (np.append(W0, 0.02),)),
    dict(name="mean_cvar_utility", function=mean_cvar_utility, args=lambda: (np.array([0.1, -0.2, 0.3, 0.0]),)),
    dict(name="empirical_cvar", function=empirical_cvar, args=lambda: (W0.copy(),)),
]
