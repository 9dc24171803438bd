"""Python's ``statistics`` module on floats: ``mean``, ``fmean``, ``median`` (and its low and high
forms), ``pvariance``, ``variance``, ``pstdev``, ``stdev``, ``geometric_mean``, ``harmonic_mean``,
``covariance`` and ``correlation``, as compositions of list primitives.

The library computes most of them exactly (in fractions) and rounds once; these compute in
floats, so a value may differ from the library's in its last bits, as ``math.fsum``'s
composition does (lists.py). The derivatives are those of the formulas. ``mode``,
``median_grouped``, ``quantiles`` and ``linear_regression`` have no composition: refused with what
to write instead."""
from __future__ import annotations

import math
import statistics

from .registry import composed, refused

FAMILY = "reductions"


@composed(statistics.mean, family=FAMILY)
def mean(data):
    """The arithmetic mean of the items of ``data``."""
    values = list(data)
    return sum(values, 0.0) / len(values)


@composed(statistics.fmean, family=FAMILY)
def fmean(data, weights=None):
    """The (weighted) arithmetic mean, in floats (as the library's)."""
    values = list(data)
    if weights is None:
        return mean(values)
    weighted = list(weights)
    return sum([v * w for v, w in zip(values, weighted)], 0.0) / sum(weighted, 0.0)


@composed(statistics.median, family=FAMILY)
def median(data):
    """The middle item of the sorted items, or the mean of the middle two (an even count)."""
    ordered = sorted(data)
    middle = len(ordered) // 2
    if len(ordered) % 2 == 1:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


@composed(statistics.median_low, family=FAMILY)
def median_low(data):
    ordered = sorted(data)
    return ordered[(len(ordered) - 1) // 2]


@composed(statistics.median_high, family=FAMILY)
def median_high(data):
    ordered = sorted(data)
    return ordered[len(ordered) // 2]


@composed(statistics.pvariance, family=FAMILY)
def pvariance(data, mu=None):
    """The population variance (about ``mu`` where given, as the library takes it)."""
    values = list(data)
    centre = mean(values) if mu is None else mu
    return mean([(v - centre) ** 2 for v in values])


@composed(statistics.variance, family=FAMILY)
def variance(data, xbar=None):
    """The sample variance (``n - 1`` in the denominator; about ``xbar`` where given)."""
    values = list(data)
    centre = mean(values) if xbar is None else xbar
    return sum([(v - centre) ** 2 for v in values], 0.0) / (len(values) - 1)


@composed(statistics.pstdev, family=FAMILY)
def pstdev(data, mu=None):
    return math.sqrt(pvariance(data, mu))


@composed(statistics.stdev, family=FAMILY)
def stdev(data, xbar=None):
    return math.sqrt(variance(data, xbar))


@composed(statistics.geometric_mean, family=FAMILY)
def geometric_mean(data):
    values = list(data)
    return math.exp(mean([math.log(v) for v in values]))


@composed(statistics.harmonic_mean, family=FAMILY)
def harmonic_mean(data, weights=None):
    values = list(data)
    weighted = [1.0] * len(values) if weights is None else list(weights)
    return sum(weighted, 0.0) / sum([w / v for v, w in zip(values, weighted)], 0.0)


@composed(statistics.covariance, family=FAMILY)
def covariance(x, y):
    """The sample covariance of two sequences of one length."""
    xs, ys = list(x), list(y)
    x_mean, y_mean = mean(xs), mean(ys)
    return sum([(a - x_mean) * (b - y_mean) for a, b in zip(xs, ys)], 0.0) / (len(xs) - 1)


@composed(statistics.correlation, family=FAMILY)
def correlation(x, y):
    """Pearson's correlation coefficient (the library's default method)."""
    return covariance(x, y) / math.sqrt(variance(x) * variance(y))


# (each simply runs where no differentiated value reaches it)
refused(statistics.mode, statistics.multimode, reason="its value is one of the items, chosen by counting equal values",
        hint="compute the value you need from the data directly (its derivative is that item's)",
        runs_when_inactive=True)
refused(statistics.median_grouped, statistics.quantiles,
        reason="it has no composition here (interpolation within grouped or ranked data)",
        hint="use np.quantile(np.asarray(data), q) or np.median, which have rules", runs_when_inactive=True)
refused(statistics.linear_regression, reason="its result, a LinearRegression record, has no composition here",
        hint="write slope = statistics.covariance(x, y) / statistics.variance(x) and "
             "intercept = statistics.mean(y) - slope * statistics.mean(x)", runs_when_inactive=True)
