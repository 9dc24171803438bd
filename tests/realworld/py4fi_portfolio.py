# Ported from Yves Hilpisch, "Python for Finance" (O'Reilly, 1st ed., 2014), ch. 11 "Portfolio Optimization", as in feiniao1696/py4fi EfficientCorner.py (https://github.com/feiniao1696/py4fi/blob/master/EfficientCorner.py): `statistics(weights)` (annualised return `np.sum(rets.mean() * weights) * 252`, volatility `np.sqrt(np.dot(weights.T, np.dot(rets.cov() * 252, weights)))`, Sharpe ratio, `np.array([pret, pvol, pret / pvol])`), the objectives `min_func_sharpe`, `min_func_variance`, `min_func_port` handed to `sco.minimize`, and the equality constraints' lambdas `lambda x: statistics(x)[0] - tret`. The pandas DataFrame of log returns `rets = np.log(data / data.shift(1))` is replaced by a small stand-in with the two methods used (`mean()` per column, `cov()` as `np.cov` of the columns), over prices drawn once with a fixed seed.
import numpy as np


class LogReturns:
    """ the two DataFrame methods `statistics` calls, over an array (rows: days, columns: assets) """
    def __init__(self, values):
        self.values = values

    def mean(self):
        return self.values.mean(axis=0)

    def cov(self):
        return np.cov(self.values, rowvar=False)


_rng = np.random.RandomState(2014)
noa = 5
data = 100 * np.exp(np.cumsum(_rng.normal(0.0004, 0.015, (60, noa)), axis=0))
rets = LogReturns(np.log(data[1:] / data[:-1]))


def statistics(weights):
    ''' Return portfolio statistics.

    Parameters
    ==========
    weights : array-like
        weights for different securities in portfolio

    Returns
    =======
    pret : float
        expected portfolio return
    pvol : float
        expected portfolio volatility
    pret / pvol : float
        Sharpe ratio for rf=0
    '''
    weights = np.array(weights)
    pret = np.sum(rets.mean() * weights) * 252
    pvol = np.sqrt(np.dot(weights.T, np.dot(rets.cov() * 252, weights)))
    return np.array([pret, pvol, pret / pvol])


def min_func_sharpe(weights):
    return -statistics(weights)[2]


def min_func_variance(weights):
    return statistics(weights)[1] ** 2


def min_func_port(weights):
    return statistics(weights)[1]


tret = 0.15
cons = ({'type': 'eq', 'fun': lambda x:  statistics(x)[0] - tret},
        {'type': 'eq', 'fun': lambda x:  np.sum(x) - 1})


def weights():
    w = np.random.RandomState(7).random(noa)
    w /= np.sum(w)
    return (w,)


CASES = [
    dict(name="min_func_sharpe", function=min_func_sharpe, args=weights),
    dict(name="min_func_variance", function=min_func_variance, args=weights),
    dict(name="min_func_port", function=min_func_port, args=weights),
    dict(name="return_constraint", function=cons[0]['fun'], args=weights),
    dict(name="statistics", function=statistics, args=weights, kind="jacobian"),
]
