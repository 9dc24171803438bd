# Written for this corpus (p1) in the style of Glasserman's "Monte Carlo Methods in Financial Engineering" and the Python for Finance notebooks: geometric Brownian motion paths by Euler-Maruyama with `np.random.standard_normal` drawn inside the pricer (seeded by the caller), `np.cumsum` of log increments, an arithmetic-average Asian call with `np.maximum`, discounting with `math.exp`, and pathwise Greeks (delta, vega) as the derivative of the same sample.
import math

import numpy as np


def gbm_paths(S0, r, sigma, T, n_steps, n_paths):
    dt = T / n_steps
    Z = np.random.standard_normal((n_paths, n_steps))
    increments = (r - 0.5 * sigma ** 2) * dt + sigma * math.sqrt(dt) * Z
    log_paths = math.log(S0) + np.cumsum(increments, axis=1) if isinstance(S0, float) else np.log(S0) + np.cumsum(increments, axis=1)
    return np.exp(log_paths)


def asian_call(S0, sigma, K=100.0, r=0.03, T=1.0, n_steps=12, n_paths=500):
    paths = gbm_paths(S0, r, sigma, T, n_steps, n_paths)
    payoff = np.maximum(paths.mean(axis=1) - K, 0.0)
    return math.exp(-r * T) * payoff.mean()


def barrier_knock_out(S0, sigma, K=100.0, H=130.0, r=0.03, T=1.0, n_steps=12, n_paths=500):
    paths = gbm_paths(S0, r, sigma, T, n_steps, n_paths)
    alive = np.all(paths < H, axis=1)
    payoff = np.where(alive, np.maximum(paths[:, -1] - K, 0.0), 0.0)
    return np.exp(-r * T) * np.mean(payoff)


CASES = [
    dict(name="asian_delta_vega", function=asian_call, args=lambda: (100.0, 0.2), wrt=(0, 1), seed=42),
    dict(name="barrier", function=barrier_knock_out, args=lambda: (100.0, 0.2), wrt=(0, 1), seed=7),
]
