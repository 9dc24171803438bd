"""More of ``scipy.special`` (loaded by scipy_special.py): ``binom`` by its partials (digammas);
``comb`` and ``factorial`` with ``exact=False`` as compositions over ``binom`` and ``gamma``
(``exact=True`` computes integers: no derivative); ``bernoulli`` (constants); the tuple-valued
``sici`` and ``fresnel`` as pairs of elementwise primitives, each a runtime helper computing one
of the pair, with its partial (``sin(x)/x``, ``cos(x)/x``; ``sin(πx²/2)``, ``cos(πx²/2)``).
The Faddeeva function ``wofz`` (holomorphic, complex-valued) by its
derivative; the complex-valued ``sph_harm_y`` is refused. ``softplus`` (SciPy 1.15+) by its
partial ``expit``.
"""
import numpy as np
import scipy.special

from .registry import Spelling, composed, elementwise, nondifferentiable, refused
from .runtime import helper

FAMILY = "scipy.special"
special = scipy.special


# --------------------------------------------------------------------------- binomial coefficients
@elementwise(special.binom, family=FAMILY, spelling=Spelling(path="scipy.special.binom"),
             sympy=lambda sp, n, k: sp.binomial(n, k))
def binom(x1, x2, y):
    # Γ(n+1) / (Γ(k+1) Γ(n-k+1)): each partial is y times a difference of digammas
    return (y * (scipy.special.digamma(x1 + 1) - scipy.special.digamma(x1 - x2 + 1)),
            y * (scipy.special.digamma(x1 - x2 + 1) - scipy.special.digamma(x2 + 1)))


@helper()
def exact_comb(N, k, repetition):
    """``comb(N, k, exact=True)``: an integer, no derivative."""
    return scipy.special.comb(N, k, exact=True, repetition=repetition)


@helper()
def exact_factorial(n):
    """``factorial(n, exact=True)``: an integer, no derivative."""
    return scipy.special.factorial(n, exact=True)


for _helper in (exact_comb, exact_factorial):
    nondifferentiable(_helper, family="runtime helpers", shape_rule=None, spelling=Spelling(path=_helper.__name__))
nondifferentiable(special.bernoulli, family=FAMILY, shape_rule=None, allocates=True,
                  spelling=Spelling(path="scipy.special.bernoulli"))


@composed(special.comb, family=FAMILY)
def comb(N, k, *, exact=False, repetition=False):
    """``binom(N, k)`` where ``0 <= k <= N``, else 0; with ``repetition``, ``binom(N + k - 1, k)``
    (1 for ``k == 0``): SciPy's. Outside the range ``binom`` is evaluated at ``(k, k)`` instead,
    so that no infinite digamma meets the zero the branch is multiplied by."""
    if exact:
        return exact_comb(N, k, repetition)
    if repetition:
        return np.where((k == 0) & (N >= 0), 1.0, scipy.special.binom(N + k - 1, k))
    inside = (k <= N) & (N >= 0) & (k >= 0)
    return np.where(inside, scipy.special.binom(np.where(inside, N, k), k), 0.0)


def factorial_extended_to_complex():
    """Stands for ``factorial(..., extend="complex")``: refused."""


refused(factorial_extended_to_complex, reason="factorial's complex extension has complex values",
        hint="use scipy.special.gamma(n + 1) for the gamma function's values")


@composed(special.factorial, family=FAMILY)
def factorial(n, exact=False, extend="zero"):
    """``gamma(n + 1)``, 0 for negative ``n`` (SciPy's default ``extend="zero"``)."""
    if exact:
        return exact_factorial(n)
    if extend != "zero":
        return factorial_extended_to_complex()
    negative = n < 0
    return np.where(negative, 0.0, scipy.special.gamma(np.where(negative, 0.0, n) + 1))


# --------------------------------------------------------------------------- sine and cosine integrals
@helper()
def sine_integral(x):
    """``Si(x)``: the first of ``scipy.special.sici(x)``."""
    return scipy.special.sici(x)[0]


@helper()
def cosine_integral(x):
    """``Ci(x)``: the second of ``scipy.special.sici(x)`` (``Ci(|x|)`` for negative ``x``)."""
    return scipy.special.sici(x)[1]


@elementwise(sine_integral, family=FAMILY, spelling=Spelling(path="sine_integral"), sympy=lambda sp, x: sp.Si(x))
def sine_integral_partial(x):
    return np.sinc(x / np.pi)            # sin(x) / x, 1 at 0


@elementwise(cosine_integral, family=FAMILY, spelling=Spelling(path="cosine_integral"), sympy=lambda sp, x: sp.Ci(x))
def cosine_integral_partial(x):
    return np.cos(x) / x


@composed(special.sici, family=FAMILY)
def sici(x, /):
    return sine_integral(x), cosine_integral(x)


# --------------------------------------------------------------------------- Fresnel integrals
@helper()
def fresnel_sine(x):
    """``S(x)``: the first of ``scipy.special.fresnel(x)``."""
    return scipy.special.fresnel(x)[0]


@helper()
def fresnel_cosine(x):
    """``C(x)``: the second of ``scipy.special.fresnel(x)``."""
    return scipy.special.fresnel(x)[1]


@elementwise(fresnel_sine, family=FAMILY, spelling=Spelling(path="fresnel_sine"), sympy=lambda sp, x: sp.fresnels(x))
def fresnel_sine_partial(x):
    return np.sin(np.pi / 2 * x * x)


@elementwise(fresnel_cosine, family=FAMILY, spelling=Spelling(path="fresnel_cosine"), sympy=lambda sp, x: sp.fresnelc(x))
def fresnel_cosine_partial(x):
    return np.cos(np.pi / 2 * x * x)


@composed(special.fresnel, family=FAMILY)
def fresnel(x, /):
    return fresnel_sine(x), fresnel_cosine(x)


refused(special.sph_harm_y, reason="complex-valued: transpiler differentiates real-valued functions",
        hint="write the real and imaginary parts with real functions (np.cos, np.sin, scipy.special.lpmv ...)")


# --------------------------------------------------------------------------- the Faddeeva function
def _wofz_in_sympy(sp, z):
    return sp.exp(-z ** 2) * sp.erfc(-sp.I * z)


# w(z) = exp(-z²) erfc(-iz) is entire: w'(z) = -2 z w(z) + 2i/√π (its rule holds for complex z,
# primitives/complex_rules.py; its value is complex for real x too)
@elementwise(special.wofz, family=FAMILY, spelling=Spelling(path="scipy.special.wofz"), sympy=_wofz_in_sympy)
def wofz(z, y):
    return -2 * z * y + 1.1283791670955126j


# --------------------------------------------------------------------------- softplus (SciPy 1.15)
if hasattr(special, "softplus"):
    @elementwise(special.softplus, family=FAMILY, spelling=Spelling(path="scipy.special.softplus"),
                 sympy=lambda sp, x: sp.log(1 + sp.exp(x)))
    def softplus(x):
        # d/dx log(1 + e^x) = 1 / (1 + e^-x), which SciPy computes without overflow
        return scipy.special.expit(x)
