# Written for this corpus (p2) in the style of Hull's and every quant course's Cox-Ross-Rubinstein tree (as in QuantStart's and "Python for Finance"'s binomial pricers): `u = math.exp(sigma * math.sqrt(dt))`, the terminal payoffs by a list comprehension, backward induction with `np.maximum` for early exercise of an American put, and Greeks by differentiating the price.
import math

import numpy as np


def crr_price(S0, K, T, r, sigma, N=60, american=True, call=False):
    dt = T / N
    u = math.exp(sigma * math.sqrt(dt))
    d = 1 / u
    p = (math.exp(r * dt) - d) / (u - d)
    disc = math.exp(-r * dt)

    ST = np.array([S0 * u ** j * d ** (N - j) for j in range(N + 1)])
    if call:
        V = np.maximum(ST - K, 0.0)
    else:
        V = np.maximum(K - ST, 0.0)

    for i in range(N - 1, -1, -1):
        V = disc * (p * V[1:i + 2] + (1 - p) * V[0:i + 1])
        if american:
            S = S0 * u ** np.arange(i + 1) * d ** (i - np.arange(i + 1))
            exercise = K - S if not call else S - K
            V = np.maximum(V, exercise)
    return V[0]


def european_call_inplace(params, N=40):
    """The same tree written with an array updated in place, as C-minded code does."""
    S0, K, T, r, sigma = params
    dt = T / N
    u = np.exp(sigma * np.sqrt(dt))
    d = 1.0 / u
    q = (np.exp(r * dt) - d) / (u - d)
    values = np.zeros(N + 1)
    for j in range(N + 1):
        values[j] = max(S0 * u ** j * d ** (N - j) - K, 0.0)
    for i in range(N, 0, -1):
        for j in range(i):
            values[j] = np.exp(-r * dt) * (q * values[j + 1] + (1 - q) * values[j])
    return values[0]


CASES = [
    dict(name="american_put", function=crr_price, args=lambda: (100.0, 105.0, 1.0, 0.03, 0.25), wrt=(0, 2, 3, 4)),
    dict(name="american_call", function=lambda S0, sigma: crr_price(S0, 95.0, 0.5, 0.02, sigma, call=True),
         args=lambda: (100.0, 0.3), wrt=(0, 1)),
    dict(name="european_inplace", function=european_call_inplace, args=lambda: (np.array([100.0, 98.0, 0.75, 0.04, 0.2]),)),
]
