# Ported from adavis2345/BLOT, black_scholes_model.py ("Newton's Approximation Method for finding Implied Volatility"), verbatim but for the commented-out `input(...)` prompts and the unused `Decimal` import left out: `from math import log, sqrt, exp`, the module aliases `n = norm.pdf` and `N = norm.cdf` of scipy's frozen-free distribution, `bs_price(cp_flag, ...)` choosing call or put by `if cp_flag == 'c':`, the author's `bs_vega`, and `find_vol` (Newton's method in a `for` loop with `print(i, sigma, diff)` and an early `return sigma` once `abs(diff) < precision`), module-level data with `T` from `datetime.date` differences and the script's own `implied_vol = find_vol(V_market, cp, S, K, T, r)` at import. The objectives: the price's derivative w.r.t. the volatility (the author's vega as the reference) and the other inputs for a call and a put, and the implied volatility's sensitivities to the market price, spot, strike, maturity and rate (the Newton iterates differentiated).
from math import log, sqrt, exp
import scipy.stats as stats
import datetime

#*************************************************************************************************************#
#1: Newton's Approximation Method for finding Implied Volatility
#*************************************************************************************************************#
from scipy.stats import norm

V_market = 17.5
K = 585
T = (datetime.date(2014,10,18) - datetime.date(2014,9,8)).days / 365.
S = 586.08
r = 0.0002
cp = 'c' # call option

n = norm.pdf
N = norm.cdf


def bs_price(cp_flag,S,K,T,r,v,q=0.0):
    d1 = (log(S/K)+(r+v*v/2.)*T)/(v*sqrt(T))
    d2 = d1-v*sqrt(T)
    if cp_flag == 'c':
        price = S*exp(-q*T)*N(d1)-K*exp(-r*T)*N(d2)
    else:
        price = K*exp(-r*T)*N(-d2)-S*exp(-q*T)*N(-d1)
    return price


def bs_vega(cp_flag,S,K,T,r,v,q=0.0):
    d1 = (log(S/K)+(r+v*v/2.)*T)/(v*sqrt(T))
    return S * sqrt(T)*n(d1)


def find_vol(target_value, call_put, S, K, T, r):
    max_iterations = 100
    precision = 1.0e-5

    sigma = 0.5
    for i in range(0, max_iterations):
        price = bs_price(call_put, S, K, T, r, sigma)
        vega = bs_vega(call_put, S, K, T, r, sigma)

        price = price
        diff = target_value - price  # our root

        print(i, sigma, diff)

        if abs(diff) < precision:
            return sigma
        sigma = sigma + diff/vega # f(x) / f'(x)

    # value wasn't found, return best guess so far
    return sigma

implied_vol = find_vol(V_market, cp, S, K, T, r)

print("{}%".format(implied_vol * 100))


def _vega_only(cp_flag, S, K, T, r, v):     # the reference: the author's vega, as a gradient in v
    return bs_vega(cp_flag, S, K, T, r, v)


CASES = [
    dict(name="call_vega", function=bs_price, args=lambda: ('c', S, K, T, r, 0.21), wrt=(5,), reference=_vega_only),
    dict(name="put_vega", function=bs_price, args=lambda: ('p', S, K, T, r, 0.21), wrt=(5,), reference=_vega_only),
    dict(name="call_greeks", function=bs_price, args=lambda: ('c', S, K, T, r, 0.21, 0.01), wrt=(1, 2, 3, 4, 6)),
    dict(name="implied_vol_call", function=find_vol, args=lambda: (V_market, cp, S, K, T, r), wrt=(0, 2, 3, 4, 5)),
    dict(name="implied_vol_put", function=find_vol, args=lambda: (16.9, 'p', S, K, T, r), wrt=(0, 2, 3)),
]
