# Written for this corpus (p13) in the style of marketing-analytics notebooks on the Bass diffusion model: the closed-form cumulative adoption `F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t})` in a `BassModel` class with `__call__`, `sales` by `np.diff(..., prepend=0)`, peak time and peak sales as properties, the discrete-time recursion with adopters appended to a list in a loop, the Generalized Bass model whose clock runs on marketing effort (price and advertising) built by a list comprehension, a closure `make_forecaster(history)` returning a function of `(p, q, m)`, Poisson and nonlinear-least-squares fits (`scipy.special.gammaln`), and a launch plan that stops when 90% of the market has adopted. Differentiated: the Poisson log-likelihood and the squared error in (p, q, m), the Generalized Bass sales in the price and advertising elasticities, and the time-to-90% in (p, q).
import math

import numpy as np
from scipy.special import gammaln

# Colour-TV adoptions (thousands per year), the classic series in the Bass (1969) tradition
SALES = np.array([5.0, 3.0, 5.0, 8.0, 10.0, 16.0, 25.0, 32.0, 41.0, 47.0, 52.0, 51.0,
                  46.0, 40.0, 33.0, 25.0])


class BassModel:
    def __init__(self, p, q, m):
        self.p, self.q, self.m = p, q, m

    def cumulative(self, t):
        e = np.exp(-(self.p + self.q) * t)
        return (1 - e) / (1 + (self.q / self.p) * e)

    def __call__(self, t):
        return self.m * np.diff(self.cumulative(t), prepend=0.0)

    @property
    def peak_time(self):
        return math.log(self.q / self.p) / (self.p + self.q)

    @property
    def peak_sales(self):
        return self.m * (self.p + self.q) ** 2 / (4 * self.q)


def make_forecaster(history):
    years = np.arange(1, len(history) + 1, dtype=float)

    def forecaster(p, q, m):
        return BassModel(p, q, m)(years)
    return forecaster


def poisson_loglik(theta):
    p, q, m = theta
    predicted = make_forecaster(SALES)(p, q, m)
    return np.sum(SALES * np.log(predicted) - predicted - gammaln(SALES + 1))


def nls_error(theta):
    p, q, m = theta
    model = BassModel(p, q, m)
    err = model(np.arange(1.0, len(SALES) + 1)) - SALES
    return float(err @ err) / len(SALES) + 0.1 * (model.peak_sales - SALES.max()) ** 2


def discrete_bass(p, q, m, periods):
    adopters = [0.0]
    for _ in range(periods):
        N = adopters[-1]
        adopters.append(N + (p + q * N / m) * (m - N))
    return np.array(adopters[1:])


PRICE = np.array([1.0, 0.97, 0.93, 0.9, 0.86, 0.83, 0.8, 0.78, 0.76, 0.74, 0.72, 0.7])
ADVERTISING = np.array([1.0, 1.2, 1.5, 1.5, 1.4, 1.3, 1.3, 1.2, 1.0, 0.9, 0.8, 0.8])


def generalized_bass_sales(elasticities, p=0.01, q=0.4, m=500.0):
    beta_price, beta_adv = elasticities
    effort = [1.0 + beta_price * (PRICE[t] - PRICE[t - 1]) / PRICE[t - 1]
              + beta_adv * max(ADVERTISING[t] - ADVERTISING[t - 1], 0.0) / ADVERTISING[t - 1]
              if t > 0 else 1.0 for t in range(len(PRICE))]
    clock = np.cumsum(effort)
    sales = BassModel(p, q, m)(clock)
    recursion = discrete_bass(p, q, m, len(PRICE))
    return float(np.sum(sales) + 0.01 * np.sum((sales - np.diff(recursion, prepend=0.0)) ** 2))


def years_to_saturation(pq, share=0.9, m=1000.0, dt=0.05):
    p, q = pq
    model = BassModel(p, q, m)
    t = 0.0
    while True:
        F = model.cumulative(t)
        if F >= share:
            # interpolate back inside the last step, as the notebook does for a smooth answer
            F_prev = model.cumulative(t - dt)
            return t - dt + dt * (share - F_prev) / (F - F_prev)
        t += dt


CASES = [
    dict(name="poisson_loglik", function=poisson_loglik, args=lambda: (np.array([0.012, 0.45, 450.0]),)),
    dict(name="nls_error", function=nls_error, args=lambda: (np.array([0.01, 0.5, 430.0]),)),
    dict(name="generalized_bass_sales", function=generalized_bass_sales,
         args=lambda: (np.array([-1.8, 0.6]),)),
    dict(name="years_to_saturation", function=years_to_saturation, args=lambda: (np.array([0.02, 0.38]),)),
]
