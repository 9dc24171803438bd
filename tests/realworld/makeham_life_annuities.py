# Written for this corpus (p5) in the style of actuarial Python (as the pyliferisk library's `MortalityTable` / `Actuarial` classes and commutation functions): a life table built in `__init__` by appending to lists (`self.lx.append(self.lx[-1] * (1 - q))`), `self.qx` from the Gompertz-Makeham law `mu_x = A + B * c ** x` integrated over each year of age, commutation columns `Dx = lx * v ** x`, `Nx` and `Mx` as reversed running sums in `for` loops, the standard functions `ax(mt, x)` (a whole-life annuity-due), `Ax(mt, x)`, `nEx`, `axn(mt, x, n)` and the net level premium of an endowment; and a Makeham fit to deaths and exposures by a Poisson likelihood with `scipy.special.gammaln`. Differentiated in the law's parameters and the interest rate.
import math

import numpy as np
from scipy.special import gammaln


def makeham_qx(A, B, c, ages):
    """One-year death probabilities: 1 - exp(-integral of mu over [x, x + 1])."""
    integral = A + B * c ** ages * (c - 1) / math.log(c)
    return 1.0 - np.exp(-integral)


class MortalityTable:
    def __init__(self, l_x=None, q_x=None, nt=None, perc=100):
        self.lx = []
        self.qx = []
        self.dx = []
        self.ex = []
        self.w = 0
        if nt:
            mt = nt
            init = mt[0]
            self.qx = [0.0] * init + [q * perc / 100 for q in mt[1:]] + [1.0]
            self.lx = [100000.0]
            for val in self.qx:
                self.lx.append(self.lx[-1] * (1 - val))
            self.w = len(self.lx) - 1
        if l_x is not None:
            self.lx = list(l_x)
            self.w = len(self.lx) - 1
        for x in range(len(self.lx) - 1):
            self.dx.append(self.lx[x] - self.lx[x + 1])
        if q_x is None and not self.qx:
            self.qx = [d / l if l > 0 else 1.0 for d, l in zip(self.dx, self.lx)]

    def ex_curtate(self, x):
        """Curtate expectation of life: sum of survivors after x over lx."""
        return sum(self.lx[x + 1:]) / self.lx[x]


class Actuarial(MortalityTable):
    def __init__(self, nt=None, i=None, perc=100):
        super().__init__(nt=nt, perc=perc)
        self.i = i
        v = 1.0 / (1 + i)
        self.Dx = [l * v ** x for x, l in enumerate(self.lx)]
        self.Cx = [d * v ** (x + 1) for x, d in enumerate(self.dx)]
        self.Nx = []
        self.Mx = []
        total = 0.0
        for D in reversed(self.Dx):
            total += D
            self.Nx.insert(0, total)
        total = 0.0
        for C in reversed(self.Cx):
            total += C
            self.Mx.insert(0, total)


def Dx(mt, x):
    return mt.Dx[x]


def Nx(mt, x):
    return mt.Nx[x]


def Mx(mt, x):
    return mt.Mx[x]


def nEx(mt, x, n):
    """Pure endowment: the present value of 1 paid at x + n if alive."""
    return Dx(mt, x + n) / Dx(mt, x)


def ax(mt, x):
    """Whole-life annuity-due."""
    return Nx(mt, x) / Dx(mt, x)


def axn(mt, x, n):
    """Temporary annuity-due for n years."""
    return (Nx(mt, x) - Nx(mt, x + n)) / Dx(mt, x)


def Ax(mt, x):
    """Whole-life insurance paid at the end of the year of death."""
    return Mx(mt, x) / Dx(mt, x)


def AExn(mt, x, n):
    """Endowment insurance: death within n years, or survival to x + n."""
    return (Mx(mt, x) - Mx(mt, x + n) + Dx(mt, x + n)) / Dx(mt, x)


AGES = np.arange(0, 111)


def table_from_law(params):
    A, B, c = params
    return [0] + list(makeham_qx(A, B, c, AGES))   # (the first entry: the table's starting age)


def annuity_price(log_params, i):
    """Test wrapper: a life annuity-due of 1 per year bought at 65, as a function of the law's
    parameters (their logs: B is 4e-5, far below the differences' step) and the interest rate."""
    mt = Actuarial(nt=table_from_law(np.exp(log_params)), i=i)
    return ax(mt, 65)


def endowment_premium(log_params, i):
    """Test wrapper: the net level annual premium of a 20-year endowment of 100,000 at 40."""
    mt = Actuarial(nt=table_from_law(np.exp(log_params)), i=i)
    return 100000 * AExn(mt, 40, 20) / axn(mt, 40, 20)


def life_expectancy(log_params):
    mt = MortalityTable(nt=table_from_law(np.exp(log_params)), perc=90)
    return mt.ex_curtate(30)


_rng = np.random.RandomState(3)
FIT_AGES = np.arange(40, 91)
EXPOSURE = 5000.0 * np.exp(-0.03 * (FIT_AGES - 40))
DEATHS = _rng.poisson(EXPOSURE * (0.0005 + 0.00004 * 1.1 ** FIT_AGES)).astype(float)


def poisson_deviance_fit(log_params):
    """The Makeham force of mortality fitted to deaths and central exposures."""
    A, B, c = np.exp(log_params)
    mu = A + B * c ** FIT_AGES
    expected = EXPOSURE * mu
    loglik = np.sum(DEATHS * np.log(expected) - expected - gammaln(DEATHS + 1))
    return -loglik


LOG_MAKEHAM = np.log(np.array([0.0005, 0.00004, 1.1]))

CASES = [
    dict(name="annuity_price", function=annuity_price, args=lambda: (LOG_MAKEHAM.copy(), 0.03), wrt=(0, 1)),
    dict(name="endowment_premium", function=endowment_premium, args=lambda: (LOG_MAKEHAM.copy(), 0.025), wrt=(0, 1)),
    dict(name="life_expectancy", function=life_expectancy, args=lambda: (LOG_MAKEHAM.copy(),)),
    dict(name="poisson_fit", function=poisson_deviance_fit, args=lambda: (np.log(np.array([0.0006, 0.00003, 1.105])),)),
]
