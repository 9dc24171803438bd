"""Reductions: sums, means, products, extrema and moments, with ``axis`` and ``keepdims``.

``unreduce`` broadcasts an adjoint back over the reduced axes (re-inserting them first unless
``keepdims``); the rules below are that, times the reduction's local derivative.
"""
import numpy as np

from .registry import shape_by_evaluation, vjp_rule

FAMILY = "reductions"


@vjp_rule(np.sum, family=FAMILY, shape_rule=shape_by_evaluation(np.sum))
def sum(d_y, y, x, axis=None, keepdims=False):
    return unreduce(d_y, x, axis, keepdims),


@vjp_rule(np.mean, family=FAMILY, shape_rule=shape_by_evaluation(np.mean))
def mean(d_y, y, x, axis=None, keepdims=False):
    return unreduce(d_y, x, axis, keepdims) * (np.size(y) / np.size(x)),
