"""``scipy.special``: its ufuncs declared by their partials, its reductions (``logsumexp``,
``softmax``, ``log_softmax``, ``multigammaln``) as compositions of primitives.

SciPy is an optional extra: registry.py imports this module the first time a lookup misses while
``scipy.special`` is imported, never before. The partials spell SciPy's functions by their full
path (``scipy.special.digamma(x)``): they are inlined into generated code, whose module then
imports ``scipy.special`` (backends/emit.py), and differentiated again for Hessians.

An integer order (``n`` of ``polygamma(n, x)``, ``v`` of ``iv(v, x)``) has no derivative: its
partial is ``None``, so an active order is refused (the derivative in the order exists for some
of these functions, but SciPy has no function computing it).
"""
import numpy as np
import scipy.special

from .registry import Spelling, composed, elementwise, nondifferentiable
from .runtime import helper, stop_gradient
from .scipy_special_parameters import gammainc_a_partial, hyp1f1_a_partial, hyp1f1_b_partial, zeta_s_derivative

FAMILY = "scipy.special"
special = scipy.special


def _path(name: str) -> Spelling:
    return Spelling(path=f"scipy.special.{name}")


# --------------------------------------------------------------------------- logistic
@helper()
def expit_slope(x):
    """``scipy.special.expit``'s derivative ``y * (1 - y)`` as ``t / (1 + t) ** 2`` with ``t =
    exp(-|x|)`` in (0, 1]: exact in both tails (``1 - y`` cancels where ``x`` is large, pr6),
    no overflow (``t`` underflows quietly far out), in expit's dtype (float32 stays float32)."""
    x = np.asarray(x)
    dtype = np.result_type(x.dtype, np.float32)     # (SciPy's loops: float32, float64, long double)
    if x.ndim == 0:
        t = np.exp(-np.abs(x, dtype=dtype))
        return t / (1 + t) ** 2
    t = np.abs(x, dtype=dtype)          # (in place after: five passes, one temporary)
    np.negative(t, out=t)
    np.exp(t, out=t)
    d = t + 1
    np.multiply(d, d, out=d)
    return np.divide(t, d, out=t)


# The slope is a primitive of its own, so that the derivative code can be differentiated again in
# every mode (np.abs written into a rule has no rule of its own: forward over forward refused it,
# and its sign(0) = 0 would make the third derivative at 0 wrong). y'' = y' (1 - 2 y), and
# 1 - 2 y = -tanh(x / 2): exact near 0 (where 1 - 2 y cancels) and in both tails.
@elementwise(special.expit, family=FAMILY, spelling=_path("expit"), sympy=lambda sp, x: 1 / (1 + sp.exp(-x)),
             finite_partials=True)      # (of real arguments only: SciPy's expit takes no complex)
def expit(x):
    # not y * expit(-x): SciPy's expit is about 3x NumPy's exp (sp4)
    return expit_slope(x)


@elementwise(expit_slope, family=FAMILY, spelling=Spelling(path="expit_slope"),
             sympy=lambda sp, x: sp.exp(-x) / (1 + sp.exp(-x)) ** 2,
             finite_partials=True)      # (of real arguments: it is only expit's slope, and expit takes no complex)
def expit_slope_partial(x):
    return -expit_slope(x) * np.tanh(x / 2)


@elementwise(special.logit, family=FAMILY, spelling=_path("logit"), sympy=lambda sp, x: sp.log(x / (1 - x)))
def logit(x):
    return 1 / (x * (1 - x))


# --------------------------------------------------------------------------- gamma family
@elementwise(special.gammaln, family=FAMILY, spelling=_path("gammaln"), sympy=lambda sp, x: sp.loggamma(x))
def gammaln(x):
    # log|Γ(x)|: its derivative is ψ(x) also where Γ is negative
    return scipy.special.digamma(x)


@elementwise(special.loggamma, family=FAMILY, spelling=_path("loggamma"), sympy=lambda sp, x: sp.loggamma(x))
def loggamma(x):
    return scipy.special.digamma(x)


@elementwise(special.digamma, family=FAMILY, spelling=_path("digamma"), sympy=lambda sp, x: sp.polygamma(0, x))
def digamma(x):
    return scipy.special.polygamma(1, x)


@elementwise(special.polygamma, family=FAMILY, spelling=_path("polygamma"), sympy=lambda sp, n, x: sp.polygamma(n, x))
def polygamma(n, x):
    return None, scipy.special.polygamma(n + 1, x)


@elementwise(special.gamma, family=FAMILY, spelling=_path("gamma"), sympy=lambda sp, x: sp.gamma(x))
def gamma(x, y):
    return y * scipy.special.digamma(x)


@elementwise(special.rgamma, family=FAMILY, spelling=_path("rgamma"), sympy=lambda sp, x: 1 / sp.gamma(x))
def rgamma(x, y):
    return -y * scipy.special.digamma(x)


def _beta_in_sympy(sp, a, b):
    return sp.gamma(a) * sp.gamma(b) / sp.gamma(a + b)


@elementwise(special.beta, family=FAMILY, spelling=_path("beta"), sympy=_beta_in_sympy)
def beta(a, b, y):
    return (y * (scipy.special.digamma(a) - scipy.special.digamma(a + b)),
            y * (scipy.special.digamma(b) - scipy.special.digamma(a + b)))


@elementwise(special.betaln, family=FAMILY, spelling=_path("betaln"),
             sympy=lambda sp, a, b: sp.log(_beta_in_sympy(sp, a, b)))
def betaln(a, b):
    return (scipy.special.digamma(a) - scipy.special.digamma(a + b),
            scipy.special.digamma(b) - scipy.special.digamma(a + b))


# Regularised incomplete gamma and beta functions (the CDFs of scipy.stats' gamma, chi2, beta,
# poisson): the incomplete gamma function in its parameter too (a series: scipy_special_parameters.py).
@elementwise(special.gammainc, family=FAMILY, spelling=_path("gammainc"),
             sympy=lambda sp, a, x: sp.lowergamma(a, x) / sp.gamma(a))
def gammainc(a, x):
    return gammainc_a_partial(a, x), np.exp(scipy.special.xlogy(a - 1, x) - x - scipy.special.gammaln(a))


@elementwise(special.gammaincc, family=FAMILY, spelling=_path("gammaincc"),
             sympy=lambda sp, a, x: sp.uppergamma(a, x) / sp.gamma(a))
def gammaincc(a, x):
    return -gammainc_a_partial(a, x), -np.exp(scipy.special.xlogy(a - 1, x) - x - scipy.special.gammaln(a))


@elementwise(special.betainc, family=FAMILY, spelling=_path("betainc"),
             sympy=lambda sp, a, b, x: sp.betainc_regularized(a, b, 0, x))
def betainc(a, b, x):
    return None, None, np.exp(scipy.special.xlogy(a - 1, x) + scipy.special.xlog1py(b - 1, -x)
                              - scipy.special.betaln(a, b))


def _stdtr_in_sympy(sp, df, t):
    return sp.Rational(1, 2) + t * sp.gamma((df + 1) / 2) * sp.hyper(
        [sp.Rational(1, 2), (df + 1) / 2], [sp.Rational(3, 2)], -t ** 2 / df) / (sp.sqrt(sp.pi * df) * sp.gamma(df / 2))


@elementwise(special.stdtr, family=FAMILY, spelling=_path("stdtr"), sympy=_stdtr_in_sympy)
def stdtr(df, t):
    # Student's t CDF: its derivative in t is the density
    return None, np.exp(scipy.special.gammaln((df + 1) / 2) - scipy.special.gammaln(df / 2)
                        - 0.5 * np.log(df * np.pi) - (df + 1) / 2 * np.log1p(t * t / df))


# --------------------------------------------------------------------------- error function, normal CDF
@elementwise(special.erf, family=FAMILY, spelling=_path("erf"), sympy=lambda sp, x: sp.erf(x))
def erf(x):
    return 2 / np.sqrt(np.pi) * np.exp(-x * x)


@elementwise(special.erfc, family=FAMILY, spelling=_path("erfc"), sympy=lambda sp, x: sp.erfc(x))
def erfc(x):
    return -2 / np.sqrt(np.pi) * np.exp(-x * x)


@elementwise(special.erfinv, family=FAMILY, spelling=_path("erfinv"), sympy=lambda sp, x: sp.erfinv(x))
def erfinv(x, y):
    return np.sqrt(np.pi) / 2 * np.exp(y * y)


@elementwise(special.erfcinv, family=FAMILY, spelling=_path("erfcinv"), sympy=lambda sp, x: sp.erfcinv(x))
def erfcinv(x, y):
    return -np.sqrt(np.pi) / 2 * np.exp(y * y)


def _ndtr_in_sympy(sp, x):
    return (1 + sp.erf(x / sp.sqrt(2))) / 2


@elementwise(special.ndtr, family=FAMILY, spelling=_path("ndtr"), sympy=_ndtr_in_sympy)
def ndtr(x):
    return np.exp(-0.5 * x * x) / np.sqrt(2 * np.pi)


@elementwise(special.log_ndtr, family=FAMILY, spelling=_path("log_ndtr"),
             sympy=lambda sp, x: sp.log(_ndtr_in_sympy(sp, x)))
def log_ndtr(x, y):
    # the normal density over its CDF, as one exponential: stable far in the left tail
    return np.exp(-0.5 * x * x - y) / np.sqrt(2 * np.pi)


@elementwise(special.ndtri, family=FAMILY, spelling=_path("ndtri"),
             sympy=lambda sp, x: sp.sqrt(2) * sp.erfinv(2 * x - 1))
def ndtri(x, y):
    return np.sqrt(2 * np.pi) * np.exp(0.5 * y * y)


# --------------------------------------------------------------------------- x log y
@elementwise(special.xlogy, family=FAMILY, spelling=_path("xlogy"), sympy=lambda sp, x, z: x * sp.log(z))
def xlogy(x, z):
    # xlogy(0, z) is 0 for every z: its partial in z is 0 there, also at z = 0 (not 0/0): x / 1
    # where x is 0 (one guard, not a second np.where around the quotient)
    return np.log(z), x / np.where(x == 0, 1.0, z)


@elementwise(special.xlog1py, family=FAMILY, spelling=_path("xlog1py"), sympy=lambda sp, x, z: x * sp.log(1 + z))
def xlog1py(x, z):
    # xlog1py(0, z) is 0 for every z: its partial in z is 0 there, also at z = -1 (x / 1 there)
    return np.log1p(z), x / np.where(x == 0, 1.0, 1 + z)


# --------------------------------------------------------------------------- Bessel functions
@elementwise(special.i0, family=FAMILY, spelling=_path("i0"), sympy=lambda sp, x: sp.besseli(0, x))
def i0(x):
    return scipy.special.i1(x)


@elementwise(special.i1, family=FAMILY, spelling=_path("i1"), sympy=lambda sp, x: sp.besseli(1, x))
def i1(x):
    # I1' = (I0 + I2) / 2: also at 0, where I1(x) / x would divide by zero
    return (scipy.special.i0(x) + scipy.special.iv(2, x)) / 2


@elementwise(special.iv, family=FAMILY, spelling=_path("iv"), sympy=lambda sp, v, x: sp.besseli(v, x))
def iv(v, x):
    return None, (scipy.special.iv(v - 1, x) + scipy.special.iv(v + 1, x)) / 2


@elementwise(special.ive, family=FAMILY, spelling=_path("ive"),
             sympy=lambda sp, v, x: sp.besseli(v, x) * sp.exp(-sp.Abs(x)))
def ive(v, x, y):
    # iv(v, x) * exp(-|x|)
    return None, (scipy.special.ive(v - 1, x) + scipy.special.ive(v + 1, x)) / 2 - np.sign(x) * y


@elementwise(special.jv, family=FAMILY, spelling=_path("jv"), sympy=lambda sp, v, x: sp.besselj(v, x))
def jv(v, x):
    # scipy.special.jn is this same ufunc
    return None, (scipy.special.jv(v - 1, x) - scipy.special.jv(v + 1, x)) / 2


@elementwise(special.yv, family=FAMILY, spelling=_path("yv"), sympy=lambda sp, v, x: sp.bessely(v, x))
def yv(v, x):
    return None, (scipy.special.yv(v - 1, x) - scipy.special.yv(v + 1, x)) / 2


@elementwise(special.yn, family=FAMILY, spelling=_path("yn"), sympy=lambda sp, n, x: sp.bessely(n, x))
def yn(n, x):
    # SciPy truncates a float order toward zero (yn(1.7, x) is yn(1, x)): the recurrence's too
    return None, (scipy.special.yn(np.trunc(n) - 1, x) - scipy.special.yn(np.trunc(n) + 1, x)) / 2


@elementwise(special.j0, family=FAMILY, spelling=_path("j0"), sympy=lambda sp, x: sp.besselj(0, x))
def j0(x):
    return -scipy.special.j1(x)


@elementwise(special.j1, family=FAMILY, spelling=_path("j1"), sympy=lambda sp, x: sp.besselj(1, x))
def j1(x):
    return (scipy.special.j0(x) - scipy.special.jv(2, x)) / 2


@elementwise(special.y0, family=FAMILY, spelling=_path("y0"), sympy=lambda sp, x: sp.bessely(0, x))
def y0(x):
    return -scipy.special.y1(x)


@elementwise(special.y1, family=FAMILY, spelling=_path("y1"), sympy=lambda sp, x: sp.bessely(1, x))
def y1(x):
    return (scipy.special.y0(x) - scipy.special.yv(2, x)) / 2


# --------------------------------------------------------------------------- scaled, entropies, integrals
@elementwise(special.erfcx, family=FAMILY, spelling=_path("erfcx"), sympy=lambda sp, x: sp.exp(x * x) * sp.erfc(x))
def erfcx(x, y):
    # exp(x²) erfc(x)
    return 2 * x * y - 1.1283791670955126        # 2 / sqrt(pi)


@elementwise(special.i0e, family=FAMILY, spelling=_path("i0e"),
             sympy=lambda sp, x: sp.besseli(0, x) * sp.exp(-sp.Abs(x)))
def i0e(x, y):
    # i0(x) exp(-|x|)
    return scipy.special.i1e(x) - np.sign(x) * y


@elementwise(special.i1e, family=FAMILY, spelling=_path("i1e"),
             sympy=lambda sp, x: sp.besseli(1, x) * sp.exp(-sp.Abs(x)))
def i1e(x, y):
    # i1(x) exp(-|x|): I1' = (I0 + I2) / 2, scaled alike
    return (scipy.special.i0e(x) + scipy.special.ive(2, x)) / 2 - np.sign(x) * y


@elementwise(special.dawsn, family=FAMILY, spelling=_path("dawsn"),
             sympy=lambda sp, x: sp.sqrt(sp.pi) / 2 * sp.exp(-x * x) * sp.erfi(x))
def dawsn(x, y):
    return 1 - 2 * x * y


@elementwise(special.exp1, family=FAMILY, spelling=_path("exp1"), sympy=lambda sp, x: sp.expint(1, x))
def exp1(x):
    return -np.exp(-x) / x


@elementwise(special.expi, family=FAMILY, spelling=_path("expi"), sympy=lambda sp, x: sp.Ei(x))
def expi(x):
    return np.exp(x) / x


@elementwise(special.entr, family=FAMILY, spelling=_path("entr"), sympy=lambda sp, x: -x * sp.log(x))
def entr(x):
    return -np.log(x) - 1


@elementwise(special.rel_entr, family=FAMILY, spelling=_path("rel_entr"), sympy=lambda sp, a, b: a * sp.log(a / b))
def rel_entr(a, b):
    return np.log(a / b) + 1, -a / b


@elementwise(special.kl_div, family=FAMILY, spelling=_path("kl_div"),
             sympy=lambda sp, a, b: a * sp.log(a / b) - a + b)
def kl_div(a, b):
    return np.log(a / b), 1 - a / b


@elementwise(special.spence, family=FAMILY, spelling=_path("spence"), sympy=lambda sp, z: sp.polylog(2, 1 - z))
def spence(z):
    # log(z) / (1 - z), whose limit at z = 1 is -1
    return np.where(z == 1, -1.0, np.log(z) / (1 - np.where(z == 1, 0.0, z)))


def hurwitz_zeta(s, q):
    """Stands for ``scipy.special.zeta(s, q)`` with both arguments (the primitive, spelled as
    SciPy's): the composition below passes ``q=None``, Riemann's zeta, where it is left out."""
    return scipy.special.zeta(s, q)


@elementwise(hurwitz_zeta, family=FAMILY, spelling=_path("zeta"),
             sympy=lambda sp, s, q: sp.zeta(s, 1 if q is None else q))
def hurwitz_zeta_partials(s, q):
    # Hurwitz zeta(s, q) (Riemann's for q None); in s by Euler-Maclaurin (scipy_special_parameters.py)
    return zeta_s_derivative(s, q, 1), -s * scipy.special.zeta(s + 1, q)


@composed(special.zeta, family=FAMILY)
def zeta(x, q=None, out=None):
    if out is None:
        return hurwitz_zeta(x, q)
    out[...] = hurwitz_zeta(x, q)
    return out


@elementwise(special.poch, family=FAMILY, spelling=_path("poch"), sympy=lambda sp, z, m: sp.gamma(z + m) / sp.gamma(z))
def poch(z, m, y):
    # Γ(z + m) / Γ(z)
    return (y * (scipy.special.digamma(z + m) - scipy.special.digamma(z)),
            y * scipy.special.digamma(z + m))


@elementwise(special.boxcox, family=FAMILY, spelling=_path("boxcox"), sympy=lambda sp, x, lm: (x ** lm - 1) / lm)
def boxcox(x, lmbda):
    # the derivative in lmbda cancels badly near 0: refused where lmbda is differentiated
    return x ** (lmbda - 1), None


@elementwise(special.boxcox1p, family=FAMILY, spelling=_path("boxcox1p"),
             sympy=lambda sp, x, lm: ((1 + x) ** lm - 1) / lm)
def boxcox1p(x, lmbda):
    return (1 + x) ** (lmbda - 1), None


# --------------------------------------------------------------------------- more of JAX's
@elementwise(special.log_expit, family=FAMILY, spelling=_path("log_expit"),
             sympy=lambda sp, x: -sp.log(1 + sp.exp(-x)))
def log_expit(x):
    return scipy.special.expit(-x)


@elementwise(special.wrightomega, family=FAMILY, spelling=_path("wrightomega"),
             sympy=lambda sp, x: sp.LambertW(sp.exp(x)))
def wrightomega(x, y):
    # y + log(y) = x, so y' (1 + 1 / y) = 1
    return y / (1 + y)


@elementwise(special.expn, family=FAMILY, spelling=_path("expn"), sympy=lambda sp, n, x: sp.expint(n, x))
def expn(n, x):
    # E_n' = -E_{n-1}; E_0(x) = exp(-x) / x, whose derivative SciPy has no E_{-1} for
    return None, np.where(n >= 1, -scipy.special.expn(np.maximum(n - 1, 0), x), -np.exp(-x) * (1 + x) / (x * x))


@elementwise(special.hyp1f1, family=FAMILY, spelling=_path("hyp1f1"),
             sympy=lambda sp, a, b, x: sp.hyper([a], [b], x))
def hyp1f1(a, b, x):
    # the derivatives in the parameters are series SciPy does not compute (scipy_special_parameters.py)
    return hyp1f1_a_partial(a, b, x), hyp1f1_b_partial(a, b, x), a / b * scipy.special.hyp1f1(a + 1, b + 1, x)


@elementwise(special.hyp2f1, family=FAMILY, spelling=_path("hyp2f1"),
             sympy=lambda sp, a, b, c, z: sp.hyper([a, b], [c], z))
def hyp2f1(a, b, c, z):
    return None, None, None, a * b / c * scipy.special.hyp2f1(a + 1, b + 1, c + 1, z)


def _owens_t_in_sympy(sp, h, a):
    t = sp.Dummy("t")
    return sp.Integral(sp.exp(-h ** 2 * (1 + t ** 2) / 2) / (2 * sp.pi * (1 + t ** 2)), (t, 0, a))


@elementwise(special.owens_t, family=FAMILY, spelling=_path("owens_t"), sympy=_owens_t_in_sympy)
def owens_t(h, a):
    # T(h, a) = ∫_0^a exp(-h²(1 + t²)/2) / (2π(1 + t²)) dt; 2 sqrt(2π) = 5.013256549262001
    return (-np.exp(-0.5 * h * h) * scipy.special.erf(a * h * 0.7071067811865476) / 5.013256549262001,
            np.exp(-0.5 * h * h * (1 + a * a)) / (2 * np.pi * (1 + a * a)))


# the sign of Γ(x): piecewise constant
nondifferentiable(special.gammasgn, family=FAMILY, spelling=_path("gammasgn"))


# --------------------------------------------------------------------------- compositions
# Written the way SciPy computes them, in primitives: the shift by the maximum is a constant of
# the derivative (stop_gradient), which is exact: the result does not depend on it.
@composed(special.logsumexp, family=FAMILY)
def logsumexp(a, axis=None, b=None, keepdims=False, return_sign=False):
    """``log(sum(b * exp(a)))`` over ``axis``; with ``return_sign``, ``(log|s|, sign(s))``."""
    if keepdims and np.ndim(a) == 0:
        a = np.reshape(a, (1,))        # SciPy reads a number as a vector: keepdims keeps shape (1,)
    if b is not None and np.ndim(b) > np.ndim(a):
        a, b = np.broadcast_arrays(a, b)   # as SciPy does: axis counts the axes of the broadcast shape
    # (the real part's maximum: a shift of a complex a too, which orders no complex numbers)
    shift = stop_gradient(np.max(np.real(a), axis=axis, keepdims=True))
    shift = stop_gradient(np.where(np.isfinite(shift), shift, 0.0))
    terms = np.exp(a - shift) if b is None else b * np.exp(a - shift)
    total = np.sum(terms, axis=axis, keepdims=keepdims)
    shift = np.sum(shift, axis=axis, keepdims=keepdims)     # the reduced axes have length 1
    if return_sign:
        return np.log(np.abs(total)) + shift, np.sign(total)
    return np.log(total) + shift


@composed(special.softmax, family=FAMILY)
def softmax(x, axis=None):
    """``exp(x) / sum(exp(x))`` over ``axis``."""
    terms = np.exp(x - stop_gradient(np.max(x, axis=axis, keepdims=True)))
    return terms / np.sum(terms, axis=axis, keepdims=True)


@composed(special.log_softmax, family=FAMILY)
def log_softmax(x, axis=None):
    """``x - logsumexp(x)`` over ``axis``."""
    shifted = x - stop_gradient(np.max(x, axis=axis, keepdims=True))
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


@composed(special.multigammaln, family=FAMILY)
def multigammaln(a, d):
    """The log of the multivariate gamma function of dimension ``d`` (a constant integer)."""
    halves = np.arange(d) / 2
    return d * (d - 1) / 4 * np.log(np.pi) + np.sum(scipy.special.gammaln(np.expand_dims(a, -1) - halves), axis=-1)


from . import scipy_special_more  # noqa: E402,F401  (binom, comb, factorial, sici, fresnel ...: registered with these)
from . import scipy_special_functions  # noqa: E402,F401  (erfi, exprel, kv, ellipk, huber ...)
from . import scipy_special_polynomials  # noqa: E402,F401  (eval_legendre, eval_chebyt, eval_hermite ...)
from . import scipy_special_bessel_airy  # noqa: E402,F401  (spherical_jn ..., airy, lambertw)
from . import scipy_special_cdfs  # noqa: E402,F401  (chdtr, gdtr, pdtr, bdtr, nbdtr, fdtr, complements, inverses)
