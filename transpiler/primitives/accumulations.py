"""The ufunc method ``accumulate``: running sums, products, maxima and minima along an axis
(``np.add.accumulate(x)``, ``np.maximum.accumulate(x, axis=1)``).

``np.add.accumulate`` and ``np.multiply.accumulate`` are ``np.cumsum`` and ``np.cumprod`` along
the axis (0 by default, as the ufunc method's). A running maximum (minimum) takes each of its
values from one element: the last one up to that position equal to the running value, which is
where its derivative goes (at a tie, the element reached last; any choice is a derivative there).
A running log-sum-exp (``np.logaddexp.accumulate``, an HMM's forward pass in logs) is its
recurrence, ``y[k] = logaddexp(y[k - 1], x[k])``: each step's derivative is ``logaddexp``'s, whose
weights are at most 1, where one expression of ``exp(x)`` and ``exp(-y)`` over the whole axis
would overflow once the values span more than about 700.
"""
import numpy as np

from .model import Spelling
from .registry import ON_OBJECT_ARRAYS, composed, shape_by_evaluation, vjp_rule
from .runtime import helper

FAMILY = "reductions"


@composed(np.add.accumulate, family=FAMILY)
def add_accumulate(array, axis=0):
    return np.cumsum(array, axis=axis)


@composed(np.multiply.accumulate, family=FAMILY)
def multiply_accumulate(array, axis=0):
    return np.cumprod(array, axis=axis)


@composed(np.logaddexp.accumulate, family=FAMILY)
def logaddexp_accumulate(array, axis=0):
    steps = np.moveaxis(array, axis, 0)
    running = [steps[0]]
    for k in range(1, steps.shape[0]):
        running.append(np.logaddexp(running[-1], steps[k]))
    return np.moveaxis(np.stack(running), 0, axis)


@helper()
def running_sources(x, y, axis=0):
    """For each position of ``y``, a running extremum of ``x`` along ``axis``, the position along
    the axis of the element it equals: the last one so far equal to the running value."""
    x, y = np.moveaxis(np.asarray(x), axis, 0), np.moveaxis(np.asarray(y), axis, 0)
    steps = np.arange(len(x)).reshape((-1,) + (1,) * (x.ndim - 1))
    return np.moveaxis(np.maximum.accumulate(np.where(x == y, steps, 0), axis=0), 0, axis)


@helper("running_sources", linear="joint")
def to_running_sources(d_y, x, y, axis=0):
    """The adjoint of a running extremum: each position's adjoint added to the element it came from."""
    sources = np.moveaxis(running_sources(x, y, axis), axis, 0)
    d_y = np.moveaxis(np.broadcast_to(d_y, np.shape(y)), axis, 0)
    out = np.zeros(sources.shape, dtype=np.result_type(d_y, 1.0))
    rest = np.indices(sources.shape)[1:]
    np.add.at(out, (sources, *rest), d_y)
    return np.moveaxis(out, 0, axis)


@helper("running_sources", linear="joint")
def from_running_sources(t, x, y, axis=0):
    """The tangent of a running extremum: each position takes the tangent of the element it came from."""
    return np.take_along_axis(np.broadcast_to(t, np.shape(x)), running_sources(x, y, axis), axis=axis)


def running_extremum_tangent(t, y, array, axis=0):
    return from_running_sources(t, array, y, axis),


@vjp_rule(np.maximum.accumulate, family=FAMILY, spelling=Spelling(path="np.maximum.accumulate"),
          shape_rule=shape_by_evaluation(np.maximum.accumulate), jvp=running_extremum_tangent, sympy=ON_OBJECT_ARRAYS)
def maximum_accumulate(d_y, y, array, axis=0):
    return to_running_sources(d_y, array, y, axis),


@vjp_rule(np.minimum.accumulate, family=FAMILY, spelling=Spelling(path="np.minimum.accumulate"),
          shape_rule=shape_by_evaluation(np.minimum.accumulate), jvp=running_extremum_tangent, sympy=ON_OBJECT_ARRAYS)
def minimum_accumulate(d_y, y, array, axis=0):
    return to_running_sources(d_y, array, y, axis),
