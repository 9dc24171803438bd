"""NumPy's numerical functions beyond the arithmetic (issue 16):

* by their partials: ``np.copysign`` (±1 in ``x1``, piecewise constant in ``x2``), ``np.fmod``
  (``x1 - x2 trunc(x1 / x2)``), ``np.ldexp`` (``x1 2**x2``, the exponent an integer) and
  ``np.nextafter`` (the neighbouring float of ``x1``: derivative 1 in ``x1``, 0 in ``x2``, as the
  function differs from ``x1`` by one unit in the last place);
* with no derivative: ``np.spacing`` (piecewise constant), the integer functions ``np.gcd``,
  ``np.lcm``, ``np.bitwise_*``, ``np.invert``, ``np.left_shift``, ``np.right_shift``, and the
  positions ``np.nanargmax``, ``np.nanargmin``;
* as compositions the lowering inlines: the tuple-valued ``np.modf``, ``np.divmod`` (and the
  builtin ``divmod``), ``np.frexp``; ``np.i0`` (NumPy's own Clenshaw--Chebyshev evaluation, so
  the value is NumPy's bit for bit and the derivative that of the approximation) and
  ``np.unwrap`` (the corrections are whole periods: constants of the derivative).
"""
import math

import numpy as np

from .registry import Spelling, composed, elementwise, nondifferentiable
from .runtime import helper, stop_gradient

FAMILY = "elementwise"


# --------------------------------------------------------------------------- by their partials
def _copysign_in_sympy(sp, a, b):
    """``|a| sign(b)``, the sign written with a floor: its derivative is the 0 it is off 0."""
    return sp.Abs(a) * (2 * sp.floor(b / (2 * sp.Abs(b)) + sp.Rational(1, 2)) - 1)


@elementwise(np.copysign, math.copysign, family=FAMILY, sympy=_copysign_in_sympy)
def copysign(x1, x2):
    return np.sign(x1) * np.copysign(1.0, x2), 0


def _fmod_in_sympy(sp, a, b, num=None):
    """``a - b trunc(a / b)``; given the numeric arguments, the truncation is the integer it is."""
    if num is None:
        return a - b * sp.Piecewise((sp.floor(a / b), a / b >= 0), (-sp.floor(-a / b), True))
    return a - b * sp.Integer(int(np.trunc(num[0] / num[1])))


@elementwise(np.fmod, math.fmod, family=FAMILY, sympy=_fmod_in_sympy)
def fmod(x1, x2, y):
    # fmod(a, b) == a - b * trunc(a / b); the truncation is piecewise constant, -trunc(a / b)
    # is (y - a) / b
    return 1, (y - x1) / x2


@elementwise(np.ldexp, math.ldexp, family=FAMILY, sympy=lambda sp, a, b: a * 2 ** sp.floor(b))
def ldexp(x1, x2):
    # the exponent is an integer (NumPy refuses a float): piecewise constant
    return np.ldexp(1.0, x2), 0


@elementwise(np.nextafter, family=FAMILY, sympy=lambda sp, a, b: a)
def nextafter(x1, x2):
    return 1, 0


nondifferentiable(np.spacing, family="piecewise constant")
nondifferentiable(np.gcd, np.lcm, np.bitwise_and, np.bitwise_or, np.bitwise_xor, np.invert,
                  np.left_shift, np.right_shift, np.bitwise_count, family="logic")
nondifferentiable(np.nanargmax, np.nanargmin, family="indexing and containers", shape_rule=None)


# --------------------------------------------------------------------------- tuple results
@composed(np.modf, family=FAMILY)
def modf(x, /):
    """``(fraction, whole)``, both with ``x``'s sign; an infinity's fraction is 0."""
    infinite = np.isinf(x)
    finite = np.where(infinite, 0.0, x)          # (inf - inf would warn)
    return np.where(infinite, np.copysign(0.0, x), finite - np.trunc(finite)), np.trunc(x)


@composed(np.divmod, divmod, family=FAMILY)
def quotient_and_remainder(x1, x2, /):
    return np.floor_divide(x1, x2), np.mod(x1, x2)


@helper()
def frexp_exponent(x):
    """The exponent ``e`` of ``x = m 2**e`` (``0.5 <= |m| < 1``): an integer, no derivative."""
    return np.frexp(x)[1]


nondifferentiable(frexp_exponent, family="runtime helpers", shape_rule=None, spelling=Spelling(path="frexp_exponent"))


@composed(np.frexp, family=FAMILY)
def frexp(x, /):
    """``(mantissa, exponent)``: the mantissa is ``x`` scaled by a power of two (exactly)."""
    exponent = frexp_exponent(x)
    return np.ldexp(x, -exponent), exponent


# --------------------------------------------------------------------------- i0, unwrap
_I0_SMALL = (
    -4.4153416464793395e-18, 3.3307945188222384e-17, -2.431279846547955e-16, 1.715391285555133e-15,
    -1.1685332877993451e-14, 7.676185498604936e-14, -4.856446783111929e-13, 2.95505266312964e-12,
    -1.726826291441556e-11, 9.675809035373237e-11, -5.189795601635263e-10, 2.6598237246823866e-09,
    -1.300025009986248e-08, 6.046995022541919e-08, -2.670793853940612e-07, 1.1173875391201037e-06,
    -4.4167383584587505e-06, 1.6448448070728896e-05, -5.754195010082104e-05,
    0.00018850288509584165, -0.0005763755745385824, 0.0016394756169413357, -0.004324309995050576,
    0.010546460394594998, -0.02373741480589947, 0.04930528423967071, -0.09490109704804764,
    0.17162090152220877, -0.3046826723431984, 0.6767952744094761)
_I0_LARGE = (
    -7.233180487874754e-18, -4.830504485944182e-18, 4.46562142029676e-17, 3.461222867697461e-17,
    -2.8276239805165836e-16, -3.425485619677219e-16, 1.7725601330565263e-15,
    3.8116806693526224e-15, -9.554846698828307e-15, -4.150569347287222e-14, 1.54008621752141e-14,
    3.8527783827421426e-13, 7.180124451383666e-13, -1.7941785315068062e-12,
    -1.3215811840447713e-11, -3.1499165279632416e-11, 1.1889147107846439e-11, 4.94060238822497e-10,
    3.3962320257083865e-09, 2.266668990498178e-08, 2.0489185894690638e-07, 2.8913705208347567e-06,
    6.889758346916825e-05, 0.0033691164782556943, 0.8044904110141088)


def _chebyshev(x, coefficients):
    """Clenshaw's recurrence for a Chebyshev series (NumPy's ``_chbevl``)."""
    b0, b1, b2 = coefficients[0] + 0.0 * x, 0.0 * x, 0.0 * x
    for c in coefficients[1:]:
        b2 = b1
        b1 = b0
        b0 = x * b1 - b2 + c
    return 0.5 * (b0 - b2)


@composed(np.i0, family=FAMILY)
def i0(x):
    """The modified Bessel function of order 0 as NumPy computes it: a Chebyshev series on
    [0, 8] and another in ``32 / x`` beyond (each branch evaluated where it is finite)."""
    x = np.abs(x)
    small = np.where(x <= 8.0, x, 8.0)         # (not np.minimum: its tie at 8 splits the derivative)
    large = np.where(x <= 8.0, 8.0, x)
    near = np.exp(small) * _chebyshev(small / 2.0 - 2, _I0_SMALL)
    far = np.exp(large) * _chebyshev(32.0 / large - 2.0, _I0_LARGE) / np.sqrt(large)
    return np.where(x <= 8.0, near, far)


@composed(np.unwrap, family=FAMILY)
def unwrap(p, discont=None, axis=-1, *, period=2 * np.pi):
    """``p`` plus the whole periods that bring each step within ``discont`` (NumPy's rule,
    ties included): the periods added are constants of the derivative."""
    step = stop_gradient(np.diff(p, axis=axis))
    high = period / 2
    discont = high if discont is None else discont
    wrapped = np.mod(step + high, period) - high
    wrapped = np.where((wrapped == -high) & (step > 0), high, wrapped)
    correction = np.where(np.abs(step) < discont, 0.0, wrapped - step)
    added = np.moveaxis(np.cumsum(correction, axis=axis), axis, 0)
    first = np.zeros_like(np.moveaxis(p, axis, 0)[:1])   # (not added[:1]: empty where p has one step)
    return p + np.moveaxis(np.concatenate([first, added]), 0, axis)
