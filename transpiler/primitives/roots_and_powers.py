"""``np.cbrt`` and ``np.float_power``, declared by their partials (both modes, sympy-checked)."""
import math

import numpy as np

from .registry import elementwise

FAMILY = "elementwise math"


@elementwise(np.cbrt, math.cbrt, family=FAMILY, sympy=lambda sp, x: sp.sign(x) * sp.Abs(x) ** sp.Rational(1, 3),
             inner_singularity=True)
def cbrt(x, y):
    # the real cube root: 1 / (3 y²), infinite at 0 (as the derivative is), inside its domain:
    # cbrt(x) ** 3 at 0 has derivative 1, so a zero adjoint there is no strong zero
    return 1 / (3 * y * y)


@elementwise(np.float_power, family=FAMILY, sympy=lambda sp, a, b: a ** b)
def float_power(a, b, y):
    # as np.power's rule, in float64: b a^(b-1) (0 for b == 0, a == 0 included), and a^b log a
    # (0 at a == 0, its limit for b > 0)
    return b * np.float_power(a, np.where(b == 0, 1, b - 1)), y * np.log(np.where(a == 0, 1.0, a))
