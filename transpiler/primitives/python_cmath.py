"""Python's ``cmath`` module: its functions as compositions of NumPy's complex ones, on the
argument made complex (``cmath.exp(1.0)`` is ``(2.718...+0j)``, a complex number, as ``cmath``
gives it, where ``np.exp(1.0)`` is real). NumPy's complex functions take the principal branches
``cmath`` takes (C99's, signed zeros included); a value may differ from ``cmath``'s in its last
bit. Their derivatives are those of NumPy's complex rules (complex_rules.py)."""
from __future__ import annotations

import cmath

import numpy as np

from .registry import composed

FAMILY = "elementwise math"


def _complex(z):
    """``z`` as a complex number (a real one with a zero imaginary part)."""
    return z + 0j


@composed(cmath.exp, family=FAMILY)
def exp(z):
    return np.exp(_complex(z))


@composed(cmath.log, family=FAMILY)
def log(z, base=None):
    if base is None:
        return np.log(_complex(z))
    return np.log(_complex(z)) / np.log(_complex(base))


@composed(cmath.log10, family=FAMILY)
def log10(z):
    return np.log10(_complex(z))


@composed(cmath.sqrt, family=FAMILY)
def sqrt(z):
    return np.sqrt(_complex(z))


@composed(cmath.sin, family=FAMILY)
def sin(z):
    return np.sin(_complex(z))


@composed(cmath.cos, family=FAMILY)
def cos(z):
    return np.cos(_complex(z))


@composed(cmath.tan, family=FAMILY)
def tan(z):
    return np.tan(_complex(z))


@composed(cmath.sinh, family=FAMILY)
def sinh(z):
    return np.sinh(_complex(z))


@composed(cmath.cosh, family=FAMILY)
def cosh(z):
    return np.cosh(_complex(z))


@composed(cmath.tanh, family=FAMILY)
def tanh(z):
    return np.tanh(_complex(z))


@composed(cmath.phase, family=FAMILY)
def phase(z):
    """The argument of ``z`` (a float, as ``cmath.phase`` gives it)."""
    return np.angle(_complex(z))


@composed(cmath.polar, family=FAMILY)
def polar(z):
    """``(abs(z), phase(z))``."""
    return abs(_complex(z)), np.angle(_complex(z))


@composed(cmath.rect, family=FAMILY)
def rect(r, phi):
    """``r * (cos(phi) + 1j sin(phi))``."""
    return r * np.cos(phi) + 1j * (r * np.sin(phi))
