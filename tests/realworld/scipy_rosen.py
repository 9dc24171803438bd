# Ported from scipy/scipy, scipy/optimize/_optimize.py (`rosen`, `rosen_der`) and doc/source/tutorial/optimize.rst (the tutorial's `rosen` with builtin sum).
import numpy as np
from numpy import asarray


def rosen(x):
    """
    The Rosenbrock function.

    The function computed is::

        sum(100.0*(x[1:] - x[:-1]**2.0)**2.0 + (1 - x[:-1])**2.0)
    """
    x = asarray(x)
    r = np.sum(100.0 * (x[1:] - x[:-1]**2.0)**2.0 + (1 - x[:-1])**2.0,
               axis=0)
    return r


def rosen_der(x):
    """The derivative (i.e. gradient) of the Rosenbrock function."""
    x = asarray(x)
    xm = x[1:-1]
    xm_m1 = x[:-2]
    xm_p1 = x[2:]
    der = np.zeros_like(x)
    der[1:-1] = (200 * (xm - xm_m1**2) -
                 400 * (xm_p1 - xm**2) * xm - 2 * (1 - xm))
    der[0] = -400 * x[0] * (x[1] - x[0]**2) - 2 * (1 - x[0])
    der[-1] = 200 * (x[-1] - x[-2]**2)
    return der


def rosen_tutorial(x):
    """The Rosenbrock function"""
    return sum(100.0*(x[1:]-x[:-1]**2.0)**2.0 + (1-x[:-1])**2.0)


x0 = np.array([1.3, 0.7, 0.8, 1.9, 1.2])

CASES = [
    dict(name="rosen", function=rosen, args=lambda: (x0.copy(),), reference=rosen_der),
    dict(name="rosen_tutorial", function=rosen_tutorial, args=lambda: (x0.copy(),), reference=rosen_der),
    dict(name="rosen_der_jacobian", function=rosen_der, args=lambda: (x0.copy(),), kind="jacobian"),
]
