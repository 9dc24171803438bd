# Written for this corpus (p6) in the style of small option-pricing projects on GitHub (as Ayoubbbb13/option-pricing-bs-merton's `src/merton.py` and Tankov-Cont exercise code): a `BlackScholes` class holding `r`, `q`, `sigma` with `d1_d2` and `price_call_BS(S0, K, T, sigma=None)` by `scipy.stats.norm.cdf`, a `Merton` class *composed* with a Black-Scholes object (`self.bs = bs_model`), jump parameters cast by `float(...)` and `int(N_max)` in `__init__`, `price_call_Merton` as the Poisson-weighted sum `for n in range(self.N_max)` with `math.factorial(n)`, conditional volatilities `sigma_n`, shifted spots `S_n`, the put by put-call parity, and a `@classmethod` alternative constructor `from_dict(cls, params)`. Differentiated: the call's delta, vega and jump sensitivities, and the put w.r.t. (S0, K, T).
import math

import numpy as np
from scipy.stats import norm


class BlackScholes:
    def __init__(self, r=0.03, q=0.0, sigma=0.2):
        #Risk-free rate
        self.r = r
        #Dividend yield
        self.q = q
        #Diffusion volatility
        self.sigma = sigma

    def d1_d2(self, S0, K, T, sigma):
        d1 = (np.log(S0 / K) + (self.r - self.q + 0.5 * sigma ** 2) * T) / (sigma * np.sqrt(T))
        d2 = d1 - sigma * np.sqrt(T)
        return d1, d2

    #Price of a European call under Black-Scholes (sigma defaults to the model's)
    def price_call_BS(self, S0, K, T, sigma=None):
        if sigma is None:
            sigma = self.sigma
        d1, d2 = self.d1_d2(S0, K, T, sigma)
        return S0 * np.exp(-self.q * T) * norm.cdf(d1) - K * np.exp(-self.r * T) * norm.cdf(d2)


class Merton:
    def __init__(self, bs_model, lam=0.3, muJ=-0.02, sigmaJ=0.10, N_max=30):
        #Instance of Black-Scholes
        self.bs = bs_model
        #Jump intensity lambda (average number of jumps per year)
        self.lam = lam
        #Mean log jump size
        self.muJ = float(muJ)
        #Standard deviation of log jump size
        self.sigmaJ = float(sigmaJ)
        #Limit for the Poisson summation
        self.N_max = int(N_max)

    @classmethod
    def from_dict(cls, params):
        bs = BlackScholes(params["r"], params["q"], params["sigma"])
        return cls(bs, params["lam"], params["muJ"], params["sigmaJ"])

    #Price a European call option using Merton's jump-diffusion formula
    def price_call_Merton(self, S0, K, T):
        Cn = 0.0
        k = np.exp(self.muJ + 0.5 * self.sigmaJ ** 2) - 1
        for n in range(self.N_max):
            sigma_n = np.sqrt(self.bs.sigma ** 2 + (n * self.sigmaJ ** 2) / T)
            S_n = S0 * np.exp(n * self.muJ + 0.5 * n * self.sigmaJ ** 2 - self.lam * k * T)
            w_n = np.exp(-self.lam * T) * (self.lam * T) ** n / math.factorial(n)
            Cn += w_n * self.bs.price_call_BS(S_n, K, T, sigma_n)
        return Cn

    #Price a European put option using Merton's jump-diffusion model via put-call parity.
    def price_put_Merton(self, S0, K, T):
        C = self.price_call_Merton(S0, K, T)
        Pn = C - S0 * np.exp(-self.bs.q * T) + K * np.exp(-self.bs.r * T)
        return Pn


MODEL = Merton(BlackScholes(r=0.05, q=0.01, sigma=0.25), lam=0.75, muJ=-0.1, sigmaJ=0.2, N_max=40)


def call_in_params(p):
    """Test wrapper: the call w.r.t. (sigma, lam, muJ, sigmaJ), the models built in the function."""
    bs = BlackScholes(r=0.05, q=0.01, sigma=p[0])
    model = Merton(bs, lam=p[1], muJ=p[2], sigmaJ=p[3])
    return model.price_call_Merton(100.0, 95.0, 0.75)


def call_from_dict(p):
    """Test wrapper: the same through the classmethod constructor and a dict of parameters."""
    params = {"r": 0.05, "q": 0.01, "sigma": p[0], "lam": p[1], "muJ": p[2], "sigmaJ": p[3]}
    return Merton.from_dict(params).price_call_Merton(100.0, 95.0, 0.75)


def put_of_contract(c):
    """Test wrapper: the global model's put w.r.t. (S0, K, T)."""
    return MODEL.price_put_Merton(c[0], c[1], c[2])


def no_jump_limit(s0):
    """Test wrapper: with lam = 0 the Merton price is Black-Scholes' (the n = 0 term alone)."""
    bs = BlackScholes(r=0.02, sigma=0.3)
    return Merton(bs, lam=0.0).price_call_Merton(s0, 1.0, 2.0) - bs.price_call_BS(s0, 1.0, 2.0)


PARAMS = np.array([0.25, 0.75, -0.1, 0.2])

CASES = [
    dict(name="call_in_params", function=call_in_params, args=lambda: (PARAMS.copy(),)),
    dict(name="call_from_dict", function=call_from_dict, args=lambda: (PARAMS.copy(),)),
    dict(name="put_of_contract", function=put_of_contract, args=lambda: (np.array([100.0, 105.0, 0.5]),)),
    dict(name="global_model_call", function=MODEL.price_call_Merton, args=lambda: (100.0, 95.0, 0.75),
         wrt=(0, 1, 2)),
    dict(name="no_jump_limit", function=no_jump_limit, args=lambda: (1.2,)),
]
