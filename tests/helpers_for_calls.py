"""Helpers that tests/test_calls.py calls from another module.

They read this module's own globals (``SCALE``, ``OFFSET``), which the tests rebind between calls
to check that the generated code reads them at call time rather than baking them in.
"""
import numpy as np

SCALE = np.array([1.0, 2.0, 3.0])
OFFSET = 0.5


def scaled(x):
    """``SCALE * x + OFFSET``: uses two globals of this module."""
    return SCALE * x + OFFSET


def scaled_square_sum(x):
    """Calls another helper of this module (a cross-module call chain)."""
    y = scaled(x)
    return np.sum(y * y)


def uses_try(x):
    try:
        for _ in range(2):         # (a loop in a `try` block: refused)
            x = x * 2.0
    except ZeroDivisionError:
        x = x + 1.0
    return x


def calls_uses_try(x):
    return uses_try(x) + 1.0
