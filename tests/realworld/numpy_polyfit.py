# Ported from numpy/numpy, numpy/lib/_polynomial_impl.py (`polyfit`, `polyval`; BSD 3-clause licence; https://github.com/numpy/numpy/blob/main/numpy/lib/_polynomial_impl.py): the weighted least-squares polynomial fit — argument checks raising `TypeError`/`ValueError`, `rcond = len(x)*finfo(x.dtype).eps`, `lhs = vander(x, order)`, in-place weighting `lhs *= w[:, NX.newaxis]` and `rhs *= w` (`rhs` another name for `y`), column scaling `lhs /= scale`, the four results of `c, resids, rank, s = lstsq(lhs, rhs, rcond)`, `c = (c.T/scale).T`, the rank warning, and the `full` / `cov` branches (`inv(dot(lhs.T, lhs))`, `Vbase /= NX.outer(scale, scale)`, `cov == "unscaled"`) — and Horner's `polyval` (`for pv in p: y = y * x + pv`), verbatim; numpy's private module paths as the public names (`NX` is numpy, `RankWarning` from numpy.exceptions), the docstrings and the `array_function_dispatch` decorators left out. The data are a noisy quadratic.
import warnings

import numpy as NX
from numpy import finfo, dot, vander
from numpy.linalg import lstsq, inv
from numpy.exceptions import RankWarning
from numpy import poly1d


def polyfit(x, y, deg, rcond=None, full=False, w=None, cov=False):
    order = int(deg) + 1
    x = NX.asarray(x) + 0.0
    y = NX.asarray(y) + 0.0

    # check arguments.
    if deg < 0:
        raise ValueError("expected deg >= 0")
    if x.ndim != 1:
        raise TypeError("expected 1D vector for x")
    if x.size == 0:
        raise TypeError("expected non-empty vector for x")
    if y.ndim < 1 or y.ndim > 2:
        raise TypeError("expected 1D or 2D array for y")
    if x.shape[0] != y.shape[0]:
        raise TypeError("expected x and y to have same length")

    # set rcond
    if rcond is None:
        rcond = len(x)*finfo(x.dtype).eps

    # set up least squares equation for powers of x
    lhs = vander(x, order)
    rhs = y

    # apply weighting
    if w is not None:
        w = NX.asarray(w) + 0.0
        if w.ndim != 1:
            raise TypeError("expected a 1-d array for weights")
        if w.shape[0] != y.shape[0]:
            raise TypeError("expected w and y to have the same length")
        lhs *= w[:, NX.newaxis]
        if rhs.ndim == 2:
            rhs *= w[:, NX.newaxis]
        else:
            rhs *= w

    # scale lhs to improve condition number and solve
    scale = NX.sqrt((lhs*lhs).sum(axis=0))
    lhs /= scale
    c, resids, rank, s = lstsq(lhs, rhs, rcond)
    c = (c.T/scale).T  # broadcast scale coefficients

    # warn on rank reduction, which indicates an ill conditioned matrix
    if rank != order and not full:
        msg = "Polyfit may be poorly conditioned"
        warnings.warn(msg, RankWarning, stacklevel=2)

    if full:
        return c, resids, rank, s, rcond
    elif cov:
        Vbase = inv(dot(lhs.T, lhs))
        Vbase /= NX.outer(scale, scale)
        if cov == "unscaled":
            fac = 1
        else:
            if len(x) <= order:
                raise ValueError("the number of data points must exceed order "
                                 "to scale the covariance matrix")
            # note, this used to be: fac = resids / (len(x) - order - 2.0)
            # it was decided that the "- 2" (originally justified by "Bayesian
            # uncertainty analysis") is not what the user expects
            # (see gh-11196 and gh-11197)
            fac = resids / (len(x) - order)
        if y.ndim == 1:
            return c, Vbase * fac
        else:
            return c, Vbase[:, :, NX.newaxis] * fac
    else:
        return c


def polyval(p, x):
    p = NX.asarray(p)
    if isinstance(x, poly1d):
        y = 0
    else:
        x = NX.asanyarray(x)
        y = NX.zeros_like(x)
    for pv in p:
        y = y * x + pv
    return y


def data():
    rs = NX.random.RandomState(2)
    x = NX.linspace(-1, 2, 9)
    y = 0.5 * x ** 2 - x + 0.3 + 0.1 * rs.normal(size=9)
    return x, y


# ---- test wrappers

def coefficients(y, x):
    return polyfit(x, y, 2)


def weighted_prediction(w, x, y):
    c = polyfit(x, y, 2, w=w)
    return NX.sum(polyval(c, NX.array([-0.5, 0.5, 2.5])))


def coefficient_uncertainty(y, x):
    c, V = polyfit(x, y, 2, cov=True)
    return NX.sum(NX.sqrt(NX.diag(V))) + NX.sum(c)


def residual_sum(x, y):
    c, resids, rank, s, rcond = polyfit(x, y, 1, full=True)
    return resids[0]


CASES = [
    dict(name="coefficients", function=coefficients, args=lambda: data()[::-1], kind="jacobian"),
    dict(name="weighted_prediction", function=weighted_prediction,
         args=lambda: (NX.linspace(0.5, 1.5, 9), *data()), wrt=(0, 1, 2)),
    dict(name="coefficient_uncertainty", function=coefficient_uncertainty, args=lambda: data()[::-1]),
    dict(name="residual_sum", function=residual_sum, args=data, wrt=(0, 1)),
]
