# Ported from yhilpisch/py4fi, "Python for Finance" (1st ed.), ch. 3, bsm_functions.py (`bsm_call_value`).
#
# Valuation of European call options in Black-Scholes-Merton model
# incl. Vega function and implied volatility estimation
# bsm_functions.py
#
# Analytical BSM Formula
#

def bsm_call_value(S0, K, T, r, sigma):
    ''' Valuation of European call option in BSM model.
    Analytical formula.

    Parameters
    ==========
    S0 : float
        initial stock/index level
    K : float
        strike price
    T : float
        maturity date (in year fractions)
    r : float
        constant risk-free short rate
    sigma : float
        volatility factor in diffusion term

    Returns
    =======
    value : float
        present value of the European call option
    '''
    from math import log, sqrt, exp
    from scipy import stats

    S0 = float(S0)
    d1 = (log(S0 / K) + (r + 0.5 * sigma ** 2) * T) / (sigma * sqrt(T))
    d2 = (log(S0 / K) + (r - 0.5 * sigma ** 2) * T) / (sigma * sqrt(T))
    value = (S0 * stats.norm.cdf(d1, 0.0, 1.0)
            - K * exp(-r * T) * stats.norm.cdf(d2, 0.0, 1.0))
      # stats.norm.cdf --> cumulative distribution function
      #                    for normal distribution
    return value


def value_of_sigma(sigma, S0, K, T, r):
    # test wrapper: the value as a function of the volatility (its derivative is the vega)
    return bsm_call_value(S0, K, T, r, sigma)


CASES = [
    dict(name="call_value", function=bsm_call_value, args=lambda: (100., 105., 1.0, 0.05, 0.2),
         wrt=(0, 1, 2, 3, 4)),
    dict(name="value_of_sigma", function=value_of_sigma, args=lambda: (0.2, 100., 105., 1.0, 0.05)),
]
