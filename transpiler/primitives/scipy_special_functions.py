"""Further ``scipy.special`` functions real numerical code calls (loaded by scipy_special.py),
each by its partial derivatives, which call SciPy's own functions (so Hessians differentiate
them again): ``erfi``, ``exprel``, ``cosm1``, the degree-argument trigonometry (``sindg``,
``cosdg``, ``tandg``, ``cotdg``, ``radian``), ``cbrt``, ``exp2``, ``exp10``, SciPy's ``expm1`` and
``log1p``; the modified Bessel functions
of the second kind (``k0``, ``k1``, ``k0e``, ``k1e``, ``kv``, ``kve``, ``kn``); the complete elliptic integrals ``ellipk``, ``ellipe``;
``huber`` and ``pseudo_huber``; ``inv_boxcox``, ``inv_boxcox1p``, ``powm1`` and ``zetac``; the
complement ``betaincc``; and the inverses ``ndtri_exp``, ``gammaincinv``, ``gammainccinv``,
``betaincinv``, ``betainccinv`` and ``stdtrit`` (in their probability argument; their shape
parameters carry no rule, refused where active, as ``betainc``'s and ``stdtr``'s).
An order (``kv``'s ``v``) has no derivative.
"""
import numpy as np
import scipy.special

from .registry import Spelling, elementwise, nondifferentiable
from .scipy_special_parameters import zeta_s_derivative

FAMILY = "scipy.special"
special = scipy.special


def _path(name: str) -> Spelling:
    return Spelling(path=f"scipy.special.{name}")


# --------------------------------------------------------------------------- elementary
@elementwise(special.erfi, family=FAMILY, spelling=_path("erfi"), sympy=lambda sp, x: sp.erfi(x))
def erfi(x):
    return 1.1283791670955126 * np.exp(x * x)


# exprel(x) = (e^x - 1) / x; its derivative (x e^x - expm1(x)) / x², by its series near 0
@elementwise(special.exprel, family=FAMILY, spelling=_path("exprel"), sympy=lambda sp, x: (sp.exp(x) - 1) / x)
def exprel(x):
    return np.where(np.abs(x) < 1e-4, 0.5 + x / 3 + x * x / 8,
                    (x * np.exp(x) - np.expm1(x)) / np.where(x == 0, 1.0, x * x))


@elementwise(special.cosm1, family=FAMILY, spelling=_path("cosm1"), sympy=lambda sp, x: sp.cos(x) - 1)
def cosm1(x):
    return -np.sin(x)


@elementwise(special.sindg, family=FAMILY, spelling=_path("sindg"), sympy=lambda sp, x: sp.sin(x * sp.pi / 180))
def sindg(x):
    return 0.017453292519943295 * scipy.special.cosdg(x)


@elementwise(special.cosdg, family=FAMILY, spelling=_path("cosdg"), sympy=lambda sp, x: sp.cos(x * sp.pi / 180))
def cosdg(x):
    return -0.017453292519943295 * scipy.special.sindg(x)


@elementwise(special.tandg, family=FAMILY, spelling=_path("tandg"), sympy=lambda sp, x: sp.tan(x * sp.pi / 180))
def tandg(x, y):
    return 0.017453292519943295 * (1 + y * y)


@elementwise(special.cotdg, family=FAMILY, spelling=_path("cotdg"), sympy=lambda sp, x: sp.cot(x * sp.pi / 180))
def cotdg(x, y):
    return -0.017453292519943295 * (1 + y * y)


@elementwise(special.expm1, family=FAMILY, spelling=_path("expm1"), sympy=lambda sp, x: sp.exp(x) - 1)
def special_expm1(x, y):
    return y + 1


@elementwise(special.log1p, family=FAMILY, spelling=_path("log1p"), sympy=lambda sp, x: sp.log(1 + x))
def special_log1p(x):
    return 1 / (1 + x)


@elementwise(special.radian, family=FAMILY, spelling=_path("radian"),
             sympy=lambda sp, d, m, s: (d + m / 60 + s / 3600) * sp.pi / 180)
def radian(d, m, s):
    return 0.017453292519943295, 0.017453292519943295 / 60, 0.017453292519943295 / 3600


@elementwise(special.cbrt, family=FAMILY, spelling=_path("cbrt"), sympy=lambda sp, x: x ** sp.Rational(1, 3))
def cbrt(x, y):
    return 1 / (3 * y * y)


@elementwise(special.exp2, family=FAMILY, spelling=_path("exp2"), sympy=lambda sp, x: 2 ** x)
def exp2(x, y):
    return y * 0.6931471805599453


@elementwise(special.exp10, family=FAMILY, spelling=_path("exp10"), sympy=lambda sp, x: 10 ** x)
def exp10(x, y):
    return y * 2.302585092994046


# --------------------------------------------------------------------------- modified Bessel functions
# K0' = -K1, K1' = -K0 - K1/x, K_v' = -(K_{v-1} + K_{v+1}) / 2; the scaled e^x K adds its value
@elementwise(special.k0, family=FAMILY, spelling=_path("k0"), sympy=lambda sp, x: sp.besselk(0, x))
def k0(x):
    return -scipy.special.k1(x)


@elementwise(special.k1, family=FAMILY, spelling=_path("k1"), sympy=lambda sp, x: sp.besselk(1, x))
def k1(x, y):
    return -scipy.special.k0(x) - y / x


@elementwise(special.k0e, family=FAMILY, spelling=_path("k0e"), sympy=lambda sp, x: sp.besselk(0, x) * sp.exp(x))
def k0e(x, y):
    return y - scipy.special.k1e(x)


@elementwise(special.k1e, family=FAMILY, spelling=_path("k1e"), sympy=lambda sp, x: sp.besselk(1, x) * sp.exp(x))
def k1e(x, y):
    return y - scipy.special.k0e(x) - y / x


@elementwise(special.kv, family=FAMILY, spelling=_path("kv"), sympy=lambda sp, v, x: sp.besselk(v, x))
def kv(v, x):
    return None, -(scipy.special.kv(v - 1, x) + scipy.special.kv(v + 1, x)) / 2


@elementwise(special.kn, family=FAMILY, spelling=_path("kn"), sympy=lambda sp, n, x: sp.besselk(n, x))
def kn(n, x):
    # SciPy truncates a float order toward zero (kn(1.7, x) is kn(1, x)): the recurrence's too
    return None, -(scipy.special.kv(np.trunc(n) - 1, x) + scipy.special.kv(np.trunc(n) + 1, x)) / 2


@elementwise(special.kve, family=FAMILY, spelling=_path("kve"),
             sympy=lambda sp, v, x: sp.besselk(v, x) * sp.exp(x))
def kve(v, x, y):
    return None, y - (scipy.special.kve(v - 1, x) + scipy.special.kve(v + 1, x)) / 2


# --------------------------------------------------------------------------- elliptic integrals
# K'(m) = (E - (1 - m) K) / (2 m (1 - m)), E'(m) = (E - K) / (2 m); at m = 0: π/8 and -π/8
@elementwise(special.ellipk, family=FAMILY, spelling=_path("ellipk"), sympy=lambda sp, m: sp.elliptic_k(m))
def ellipk(m, y):
    return np.where(m == 0, np.pi / 8, (scipy.special.ellipe(m) - (1 - m) * y)
                    / np.where(m == 0, 1.0, 2 * m * (1 - m)))


@elementwise(special.ellipe, family=FAMILY, spelling=_path("ellipe"), sympy=lambda sp, m: sp.elliptic_e(m))
def ellipe(m, y):
    return np.where(m == 0, -np.pi / 8, (y - scipy.special.ellipk(m)) / np.where(m == 0, 1.0, 2 * m))


# --------------------------------------------------------------------------- robust losses
def _huber_in_sympy(sp, delta, r):
    return sp.Piecewise((r ** 2 / 2, sp.Abs(r) <= delta), (delta * (sp.Abs(r) - delta / 2), True))


# huber(δ, r) = r²/2 where |r| <= δ, else δ (|r| - δ/2): ∂r is r clipped to [-δ, δ]
@elementwise(special.huber, family=FAMILY, spelling=_path("huber"), sympy=_huber_in_sympy)
def huber(x1, x2):
    return np.where(np.abs(x2) <= x1, 0.0, np.abs(x2) - x1), np.clip(x2, -x1, x1)


def _pseudo_huber_in_sympy(sp, delta, r):
    return delta ** 2 * (sp.sqrt(1 + (r / delta) ** 2) - 1)


# pseudo_huber(δ, r) = δ² (√(1 + (r/δ)²) - 1)
@elementwise(special.pseudo_huber, family=FAMILY, spelling=_path("pseudo_huber"), sympy=_pseudo_huber_in_sympy)
def pseudo_huber(x1, x2, y):
    return (2 * y - x2 * x2 / np.sqrt(1 + (x2 / x1) ** 2)) / x1, x2 / np.sqrt(1 + (x2 / x1) ** 2)


# --------------------------------------------------------------------------- inverses
# x = ndtri(exp(y)): dx/dy = exp(y) / φ(x)
@elementwise(special.ndtri_exp, family=FAMILY, spelling=_path("ndtri_exp"),
             sympy=lambda sp, x: sp.sqrt(2) * sp.erfinv(2 * sp.exp(x) - 1))
def ndtri_exp(x, y):
    return 2.5066282746310002 * np.exp(x + y * y / 2)


# x = P⁻¹(a, p): dx/dp = 1 / (∂P/∂x) = Γ(a) e^x x^(1-a)
@elementwise(special.gammaincinv, family=FAMILY, spelling=_path("gammaincinv"),
             sympy=lambda sp, a, p: sp.Function("gammaincinv")(a, p))   # (no closed form: tests invert it)
def gammaincinv(a, p, y):
    return None, np.exp(y + scipy.special.gammaln(a) - (a - 1) * np.log(y))


# x = I⁻¹(a, b, p): dx/dp = B(a, b) / (x^(a-1) (1-x)^(b-1))
@elementwise(special.betaincinv, family=FAMILY, spelling=_path("betaincinv"),
             sympy=lambda sp, a, b, p: sp.Function("betaincinv")(a, b, p))
def betaincinv(a, b, p, y):
    return None, None, np.exp(scipy.special.betaln(a, b) - (a - 1) * np.log(y) - (b - 1) * np.log1p(-y))


# x = Q⁻¹(a, p), Q = 1 - P: dx/dp = -1 / (∂P/∂x)
@elementwise(special.gammainccinv, family=FAMILY, spelling=_path("gammainccinv"),
             sympy=lambda sp, a, p: sp.Function("gammainccinv")(a, p))
def gammainccinv(a, p, y):
    return None, -np.exp(y + scipy.special.gammaln(a) - (a - 1) * np.log(y))


# x = (1 - I)⁻¹(a, b, p): dx/dp = -B(a, b) / (x^(a-1) (1-x)^(b-1))
@elementwise(special.betainccinv, family=FAMILY, spelling=_path("betainccinv"),
             sympy=lambda sp, a, b, p: sp.Function("betainccinv")(a, b, p))
def betainccinv(a, b, p, y):
    return None, None, -np.exp(scipy.special.betaln(a, b) - (a - 1) * np.log(y) - (b - 1) * np.log1p(-y))


# t = T⁻¹(df, p), Student's t quantile: dt/dp = 1 / (its density at t)
@elementwise(special.stdtrit, family=FAMILY, spelling=_path("stdtrit"),
             sympy=lambda sp, df, p: sp.Function("stdtrit")(df, p))
def stdtrit(df, p, y):
    return None, np.exp(scipy.special.gammaln(df / 2) - scipy.special.gammaln((df + 1) / 2)
                        + 0.5 * np.log(df * np.pi) + (df + 1) / 2 * np.log1p(y * y / df))


# 1 - I_x(a, b), accurate where I is near 1: minus betainc's density in x
@elementwise(special.betaincc, family=FAMILY, spelling=_path("betaincc"),
             sympy=lambda sp, a, b, x: 1 - sp.betainc_regularized(a, b, 0, x))
def betaincc(a, b, x):
    return None, None, -np.exp(scipy.special.xlogy(a - 1, x) + scipy.special.xlog1py(b - 1, -x)
                               - scipy.special.betaln(a, b))


# --------------------------------------------------------------------------- Box-Cox inverses, powers, zeta
# x = (1 + λy)^(1/λ) (e^y at λ = 0): ∂x/∂y = x^(1-λ); in λ no rule (as boxcox's, it cancels near 0)
@elementwise(special.inv_boxcox, family=FAMILY, spelling=_path("inv_boxcox"),
             sympy=lambda sp, y, lm: (1 + lm * y) ** (1 / lm))
def inv_boxcox(x1, x2, y):
    return y ** (1 - x2), None


@elementwise(special.inv_boxcox1p, family=FAMILY, spelling=_path("inv_boxcox1p"),
             sympy=lambda sp, y, lm: (1 + lm * y) ** (1 / lm) - 1)
def inv_boxcox1p(x1, x2, y):
    return (1 + y) ** (1 - x2), None


# x^p - 1 (accurate near 0): ∂x = p x^(p-1), ∂p = x^p log x (xlogy: 0 at x = 0, where x^p is 0)
@elementwise(special.powm1, family=FAMILY, spelling=_path("powm1"), sympy=lambda sp, x, p: x ** p - 1)
def powm1(x1, x2, y):
    return x2 * x1 ** (x2 - 1), scipy.special.xlogy(y + 1, x1)


# ζ(x) - 1 (accurate for large x): ζ's derivative (Euler-Maclaurin, scipy_special_parameters.py)
@elementwise(special.zetac, family=FAMILY, spelling=_path("zetac"), sympy=lambda sp, x: sp.zeta(x) - 1)
def zetac(x):
    return zeta_s_derivative(x, None, 1)


nondifferentiable(special.round, family=FAMILY, spelling=_path("round"))      # piecewise constant
