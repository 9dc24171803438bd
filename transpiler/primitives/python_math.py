"""Functions of Python's ``math`` module with no NumPy counterpart to share a declaration with
(``math.pow``, ``math.copysign``, ``math.fmod``, ``math.ldexp``, ``math.cbrt`` and ``math.exp2`` are
spellings of NumPy's ufuncs' declarations): the error function by its partial, ``math.prod`` and
``math.dist`` as compositions the lowering inlines (both modes and second derivatives from the
products, sums and square roots they are made of).

``math.gamma``/``math.lgamma`` have none: their derivative is the digamma function, which only
SciPy computes (``scipy.special.gamma``/``gammaln`` have rules; docs/primitives.md).
"""
import math

import numpy as np

from .registry import composed, elementwise

FAMILY = "elementwise math"


@elementwise(math.erf, family=FAMILY, sympy=lambda sp, x: sp.erf(x))
def python_erf(x):
    return 2 / np.sqrt(np.pi) * np.exp(-x * x)


@elementwise(math.erfc, family=FAMILY, sympy=lambda sp, x: sp.erfc(x))
def python_erfc(x):
    return -2 / np.sqrt(np.pi) * np.exp(-x * x)


@composed(math.prod, family="reductions")
def python_prod(iterable, /, *, start=1):
    product = start
    for value in iterable:
        product = product * value
    return product


@composed(math.dist, family="reductions")
def python_dist(p, q, /):
    return math.sqrt(sum((a - b) ** 2 for a, b in zip(p, q)))
