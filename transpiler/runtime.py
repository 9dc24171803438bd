"""Runtime helpers that generated code may call.

Kept tiny and NumPy-only: the printed module of a gradient includes the source of every helper it
uses, so it runs with NumPy alone.
"""
import numpy as np


def unbroadcast(g, x):
    """Sum the adjoint ``g`` back to the shape of ``x``, undoing NumPy broadcasting."""
    shape = np.shape(x)
    if np.shape(g) == shape:
        return g
    extra = np.ndim(g) - len(shape)
    if extra > 0:
        g = np.sum(g, axis=tuple(range(extra)))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and np.shape(g)[i] != 1)
    if stretched:
        g = np.sum(g, axis=stretched, keepdims=True)
    return g


def zeros_like_adjoint(x):
    """The adjoint of a value the output does not depend on: zeros of ``x``'s shape."""
    if np.ndim(x) == 0:
        return 0.0
    return np.zeros(np.shape(x), dtype=np.result_type(x, 1.0))


def add_at(g, x, index):
    """The adjoint of ``x[index]``: zeros shaped like ``x`` with ``g`` added at ``index``
    (repeated indices accumulate)."""
    if isinstance(x, (list, tuple)):
        raise TypeError("differentiating through an element of a list or tuple is not supported "
                        "yet: pass a NumPy array instead")
    out = np.zeros(np.shape(x), dtype=np.result_type(x, g, 1.0))
    np.add.at(out, index, g)
    return out


HELPERS = {"unbroadcast": unbroadcast, "zeros_like_adjoint": zeros_like_adjoint, "add_at": add_at}
