"""NumPy functions the runtime helpers call that numba's nopython mode lacks, given to numba
(``numba.extending.overload``) so that the helpers compile as they are written.

``np.result_type``: the helpers choose their zeros' dtype with it (``np.zeros(shape,
dtype=np.result_type(g, 1.0))``). numba types each argument when it compiles, so the dtype is
NumPy's ``np.result_type`` of those types, a constant of the compiled function. A number of
the types Python's numbers become (float64, int64, bool, complex128) stands for a Python number,
which NumPy promotes as weakly as ``1.0`` (a float32 array and ``1.0``: float32).
"""
from __future__ import annotations

import numpy as np

_registered = False


def register() -> None:
    """Give numba the overloads (once per process; numba keeps them)."""
    global _registered
    if _registered:
        return
    from numba.core import types
    from numba.extending import overload
    from numba.np.numpy_support import as_dtype

    python_numbers = {types.float64: 1.0, types.int64: 1, types.boolean: True, types.complex128: 1j}

    def example(t):
        """What NumPy's result_type is given for a value numba typed as ``t``."""
        if isinstance(t, types.Array):
            return as_dtype(t.dtype)
        t = types.unliteral(t)
        return python_numbers[t] if t in python_numbers else as_dtype(t)

    @overload(np.result_type)
    def result_type(*args):
        if len(args) == 1 and isinstance(args[0], types.StarArgTuple):
            args = args[0].types
        dtype = np.result_type(*[example(t) for t in args])

        def constant(*args):
            return dtype
        return constant

    _registered = True
