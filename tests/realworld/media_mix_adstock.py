# Written for this corpus (p13) in the style of media-mix-modelling notebooks (the geometric adstock and Hill saturation of Jin et al., as in LightweightMMM/Robyn tutorials written in plain NumPy): channel parameters in a dict of dicts unpacked from a flat vector by a comprehension, a geometric adstock filled in place in a `for` loop (`x[t] = spend[t] + decay * x[t - 1]`), a Weibull-lag adstock by `np.convolve` with weights from `scipy.stats.weibull_min.pdf`, Hill saturation with keyword defaults, `transform(spend, **params)` dispatch by the parameter names present, a `default_rng(seed)` sales series made at import, budget response curves by `functools.partial`, and a few gradient steps updating the channel dict in a loop. Differentiated: the model's squared error in all channel parameters, the marginal return of a reallocated budget, and the error after three in-function gradient steps (second order inside the objective is not used: the steps use a hand-written finite-difference slope).
import functools

import numpy as np
from scipy.stats import weibull_min

CHANNELS = ["tv", "search", "social"]
WEEKS = 40

_rng = np.random.default_rng(2024)
SPEND = {
    "tv": np.where(np.arange(WEEKS) % 8 < 3, 120.0, 10.0) * _rng.uniform(0.8, 1.2, WEEKS),
    "search": 40.0 + 10.0 * np.sin(np.arange(WEEKS) / 3.0) + _rng.uniform(0.0, 5.0, WEEKS),
    "social": _rng.gamma(2.0, 15.0, WEEKS),
}


def geometric_adstock(spend, decay):
    x = np.zeros_like(spend)
    x[0] = spend[0]
    for t in range(1, len(spend)):
        x[t] = spend[t] + decay * x[t - 1]
    return x


def weibull_adstock(spend, shape, scale, max_lag=8):
    lags = np.arange(max_lag) + 0.5
    weights = weibull_min.pdf(lags, shape, scale=scale)
    weights = weights / weights.sum()
    return np.convolve(spend, weights)[:len(spend)]


def hill(x, half_saturation, slope=1.0):
    return x ** slope / (x ** slope + half_saturation ** slope)


def transform(spend, **params):
    if "decay" in params:
        carried = geometric_adstock(spend, params["decay"])
    else:
        carried = weibull_adstock(spend, params["shape"], params["scale"])
    return params["beta"] * hill(carried, params["half"], slope=params.get("slope", 1.0))


def unpack(theta):
    tv_decay, tv_half, tv_beta, s_half, s_beta, so_shape, so_scale, so_half, so_beta = theta
    return {
        "tv": {"decay": tv_decay, "half": tv_half, "beta": tv_beta, "slope": 1.5},
        "search": {"decay": 0.1, "half": s_half, "beta": s_beta},
        "social": {"shape": so_shape, "scale": so_scale, "half": so_half, "beta": so_beta},
    }


def predict(params, spend=SPEND, baseline=200.0):
    contributions = {ch: transform(spend[ch], **params[ch]) for ch in CHANNELS}
    return baseline + sum(contributions.values()), contributions


TRUE = unpack([0.6, 180.0, 90.0, 50.0, 40.0, 1.8, 2.5, 35.0, 25.0])
SALES = predict(TRUE)[0] + _rng.normal(0.0, 3.0, WEEKS)


def fit_error(theta):
    sales_hat, _ = predict(unpack(theta))
    return np.mean((sales_hat - SALES) ** 2)


def response(total, share, params):
    spend = {ch: SPEND[ch] * (total * share[i] / SPEND[ch].sum()) for i, ch in enumerate(CHANNELS)}
    return predict(params, spend)[0].sum()


def marginal_roi(shares, theta=np.array([0.55, 170.0, 85.0, 55.0, 42.0, 1.7, 2.8, 30.0, 27.0])):
    params = unpack(theta)
    budget = sum(SPEND[ch].sum() for ch in CHANNELS)
    curve = functools.partial(response, share=shares / np.sum(shares), params=params)
    return (curve(budget * 1.01) - curve(budget)) / (0.01 * budget)


def refit_steps(theta, lr=2e-3, steps=3, h=1e-4):
    params = unpack(theta)
    for _ in range(steps):
        for ch in CHANNELS:
            base = np.mean((predict(params)[0] - SALES) ** 2)
            bumped = dict(params[ch], beta=params[ch]["beta"] + h)
            slope = (np.mean((predict(dict(params, **{ch: bumped}))[0] - SALES) ** 2) - base) / h
            params[ch]["beta"] = params[ch]["beta"] - lr * slope
    return np.mean((predict(params)[0] - SALES) ** 2)


THETA0 = np.array([0.5, 160.0, 80.0, 60.0, 35.0, 1.6, 3.0, 40.0, 20.0])

CASES = [
    dict(name="fit_error", function=fit_error, args=lambda: (THETA0.copy(),)),
    dict(name="marginal_roi", function=marginal_roi, args=lambda: (np.array([0.5, 0.3, 0.2]),)),
    dict(name="refit_steps", function=refit_steps, args=lambda: (THETA0.copy(),)),
]
