"""The ufunc methods ``reduce`` and ``outer`` of the ufuncs that have rules, written as the
functions they equal (accumulations.py has ``accumulate``): ``np.add.reduce(x, axis)`` is
``np.sum``, ``np.multiply.reduce`` ``np.prod``, ``np.maximum.reduce`` / ``np.minimum.reduce``
``np.max`` / ``np.min``, ``np.logaddexp.reduce`` a log-sum-exp, each along axis 0 by default as
the method's; ``np.multiply.outer(a, b)`` (and the other binary ufuncs') is the ufunc of ``a``
with an axis of length one per dimension of ``b`` appended, and ``b``."""
import numpy as np

from .registry import composed

FAMILY = "reductions"


@composed(np.add.reduce, family=FAMILY)
def add_reduce(array, axis=0, keepdims=False):
    return np.sum(array, axis=axis, keepdims=keepdims)


@composed(np.multiply.reduce, family=FAMILY)
def multiply_reduce(array, axis=0, keepdims=False):
    return np.prod(array, axis=axis, keepdims=keepdims)


@composed(np.maximum.reduce, family=FAMILY)
def maximum_reduce(array, axis=0, keepdims=False):
    return np.max(array, axis=axis, keepdims=keepdims)


@composed(np.minimum.reduce, family=FAMILY)
def minimum_reduce(array, axis=0, keepdims=False):
    return np.min(array, axis=axis, keepdims=keepdims)


@composed(np.logaddexp.reduce, family=FAMILY)
def logaddexp_reduce(array, axis=0, keepdims=False):
    shift = np.max(array, axis=axis, keepdims=True)      # (its derivative cancels: any shift is exact)
    total = np.log(np.sum(np.exp(array - shift), axis=axis, keepdims=True)) + shift
    return total if keepdims else np.squeeze(total, axis=axis)


def _outer(ufunc):
    def outer(a, b):
        return ufunc(np.reshape(a, np.shape(a) + (1,) * np.ndim(b)), b)
    outer.__name__ = outer.__qualname__ = f"{ufunc.__name__}_outer"
    return outer


for _ufunc in (np.add, np.subtract, np.multiply, np.divide, np.power, np.maximum, np.minimum, np.arctan2,
               np.hypot, np.logaddexp):
    # (a module attribute by its name, e.g. multiply_outer, as the docs table lists it)
    globals()[f"{_ufunc.__name__}_outer"] = composed(_ufunc.outer, family=FAMILY)(_outer(_ufunc))
