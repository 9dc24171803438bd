# Written for this corpus (i5) in the style of a quant-finance notebook: Black-Scholes with scipy.stats.norm and a dict of Greeks.
import numpy as np
from scipy.stats import norm


def d1_d2(S, K, T, r, sigma):
    d1 = (np.log(S / K) + (r + 0.5 * sigma ** 2) * T) / (sigma * np.sqrt(T))
    return d1, d1 - sigma * np.sqrt(T)


def bs_price(S, K, T, r, sigma, kind="call"):
    d1, d2 = d1_d2(S, K, T, r, sigma)
    if kind == "call":
        return S * norm.cdf(d1) - K * np.exp(-r * T) * norm.cdf(d2)
    else:
        return K * np.exp(-r * T) * norm.cdf(-d2) - S * norm.cdf(-d1)


def book_value(spots, vols, strikes, T=0.5, r=0.02):
    # a book of options, one call and one put per strike
    total = 0.0
    for S, sigma, K in zip(spots, vols, strikes):
        total += bs_price(S, K, T, r, sigma) + 0.5 * bs_price(S, K, T, r, sigma, kind="put")
    return total


def vectorised_book(spots, vols):
    strikes = np.array([95.0, 100.0, 110.0])
    c = bs_price(spots, strikes, 0.75, 0.01, vols)
    return np.sum(c * norm.pdf(spots / 100.0))


CASES = [
    dict(name="book", function=book_value,
         args=lambda: ([101.0, 99.0, 105.0], [0.2, 0.25, 0.3], [100.0, 100.0, 110.0]), wrt=(0, 1)),
    dict(name="vectorised", function=vectorised_book,
         args=lambda: (np.array([101.0, 99.0, 105.0]), np.array([0.2, 0.25, 0.3])), wrt=(0, 1)),
]
