"""The ufunc methods ``reduce`` and ``outer`` of the ufuncs that have rules, written as the
functions they equal (accumulations.py has ``accumulate``): ``np.add.reduce(x, axis)`` is
``np.sum``, ``np.multiply.reduce`` ``np.prod``, ``np.maximum.reduce`` / ``np.minimum.reduce``
``np.max`` / ``np.min``, ``np.logaddexp.reduce`` a log-sum-exp, each along axis 0 by default as
the method's; ``np.multiply.outer(a, b)`` (and the other binary ufuncs') is the ufunc of ``a``
with an axis of length one per dimension of ``b`` appended, and ``b``.

Each takes ``reduce``'s own positional order, ``(array, axis, dtype, out, keepdims)``: a
``dtype`` is the reduction of the array cast to it (as ``np.sum(x, dtype=d)``), an ``out`` other
than None is refused."""
import numpy as np

from .registry import composed, refused

FAMILY = "reductions"


def reduced_into_out():
    """Stands for a ufunc's ``reduce`` with an ``out`` array: refused."""


refused(reduced_into_out, reason="a ufunc's reduce is supported with no out= (or out=None)",
        hint="assign the result to a name instead")


def _cast(array, dtype):
    return array if dtype is None else np.asarray(array, dtype=dtype)


@composed(np.add.reduce, family=FAMILY)
def add_reduce(array, axis=0, dtype=None, out=None, keepdims=False):
    if out is not None:
        return reduced_into_out()
    return np.sum(_cast(array, dtype), axis=axis, keepdims=keepdims)


@composed(np.multiply.reduce, family=FAMILY)
def multiply_reduce(array, axis=0, dtype=None, out=None, keepdims=False):
    if out is not None:
        return reduced_into_out()
    return np.prod(_cast(array, dtype), axis=axis, keepdims=keepdims)


@composed(np.maximum.reduce, family=FAMILY)
def maximum_reduce(array, axis=0, dtype=None, out=None, keepdims=False):
    if out is not None:
        return reduced_into_out()
    return np.max(_cast(array, dtype), axis=axis, keepdims=keepdims)


@composed(np.minimum.reduce, family=FAMILY)
def minimum_reduce(array, axis=0, dtype=None, out=None, keepdims=False):
    if out is not None:
        return reduced_into_out()
    return np.min(_cast(array, dtype), axis=axis, keepdims=keepdims)


@composed(np.logaddexp.reduce, family=FAMILY)
def logaddexp_reduce(array, axis=0, dtype=None, out=None, keepdims=False):
    if out is not None:
        return reduced_into_out()
    array = _cast(array, dtype)
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
