"""Derivatives of ``scipy.special`` functions in their parameters, which have no closed form:
``gammainc(a, x)``/``gammaincc(a, x)`` in ``a`` and ``hyp1f1(a, b, x)`` in ``a`` and ``b``, each
summed from the function's power series differentiated term by term (JAX differentiates these
too), and ``zeta(s, q)`` in ``s`` by Euler–Maclaurin summation. Each is a primitive of its own
so that its derivative in ``x`` (closed form) gives the mixed second derivatives; ``gammainc``'s
second derivative in ``a`` is a series too, ``zeta``'s derivatives in ``s`` are of every order;
the others' derivatives in the parameters again are not declared (refused where active).

* ``∂P/∂a = Σ_k T_k (log x - ψ(a + k + 1))`` with ``T_k = x^(a+k) e^(-x) / Γ(a + k + 1)`` (the
  series of ``P``, all terms positive and summing to ``P <= 1``: accurate to rounding in absolute
  terms);
* ``∂²P/∂a² = Σ_k T_k ((log x - ψ(a + k + 1))² - ψ'(a + k + 1))`` (the same terms differentiated
  again);
* ``∂M/∂a = Σ_k t_k (ψ(a + k) - ψ(a))`` and ``∂M/∂b = -Σ_k t_k (ψ(b + k) - ψ(b))`` with
  ``t_k = (a)_k / (b)_k x^k / k!``; for ``x < 0`` through Kummer's ``M(a, b, x) = e^x M(b - a,
  b, -x)``, so that the series has terms of one sign from some ``k`` on. A series whose last
  terms are not negligible (far outside the range it is summed for) gives NaN, never a
  truncated number;
* ``∂ᵏζ/∂sᵏ`` of ``ζ(s, q) = Σ_n (n + q)^-s``: the first 16 terms summed, the rest by
  Euler–Maclaurin (as mpmath's ``zeta(s, q, k)``): ``a^(1-s)/(s-1) + a^-s/2 + Σ_j B_2j/(2j)!
  (s)_(2j-1) a^(1-2j-s)`` at ``a = q + 16``, twelve Bernoulli terms, each differentiated in ``s``
  exactly (Leibniz). Agrees with mpmath to about 1e-13 relative for ``s > 1``, ``q > 0`` (the
  Hurwitz function's domain in SciPy, which is NaN elsewhere; so is this, and for ``q <= 0``,
  where ``(n + q)^-s`` is not real for real ``s``). Riemann's ``ζ(s)`` (no ``q``) also for
  ``-2 <= s < 1``, to about 1e-10 there (the sum and the tail cancel); below, NotImplementedError.
"""
from __future__ import annotations

import numpy as np
import scipy.special

from .registry import Spelling, elementwise
from .runtime import helper

FAMILY = "scipy.special"


def _path(name: str) -> Spelling:
    return Spelling(path=name)


@helper()
def float_type_of(*args):
    """The floating dtype of arguments (float32 stays float32, a Python number is float64)."""
    return np.result_type(*[np.asarray(a) for a in args], np.float32)


@helper()
def summed_series(term_chunk, shape):
    """Σ_k term_chunk(k), 128 terms at a time, until the last chunk adds nothing; NaN where it
    still does after 20000 terms (a series summed far outside its range: never truncated)."""
    total = np.zeros(shape)
    for start in range(0, 20000, 128):
        k = np.arange(start, start + 128).reshape((-1,) + (1,) * len(shape))
        chunk = term_chunk(k)
        total = total + np.sum(chunk, axis=0)
        if start >= 128 and np.all(np.abs(chunk[-1]) <= 1e-17 * np.maximum(np.abs(total), 1e-300)):
            return total
    return np.where(np.abs(chunk[-1]) <= 1e-17 * np.abs(total), total, np.nan)


# --------------------------------------------------------------------------- gammainc in a
@helper("summed_series", "float_type_of")
def gammainc_a_series(a, x, order):
    """``∂/∂a`` (``order`` 1) or ``∂²/∂a²`` (``order`` 2) of ``scipy.special.gammainc(a, x)``, by
    its series; 0 at ``x = 0``, where ``P`` is 0 for every ``a``."""
    dtype = float_type_of(a, x)
    a, x = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(x, dtype=float))
    positive = x > 0
    log_x = np.log(np.where(positive, x, 1.0))
    x_ = np.where(positive, x, 1.0)

    def terms(k):
        slope = log_x - scipy.special.digamma(a + k + 1)
        weight = slope if order == 1 else slope ** 2 - scipy.special.polygamma(1, a + k + 1)
        return np.exp((a + k) * log_x - x_ - scipy.special.gammaln(a + k + 1)) * weight

    out = np.where(positive, summed_series(terms, a.shape), 0.0).astype(dtype)
    return out[()] if out.ndim == 0 else out


@helper("gammainc_a_series")
def gammainc_a_partial(a, x):
    """``∂/∂a scipy.special.gammainc(a, x)``."""
    return gammainc_a_series(a, x, 1)


@helper("gammainc_a_series")
def gammainc_a_second_partial(a, x):
    """``∂²/∂a² scipy.special.gammainc(a, x)``."""
    return gammainc_a_series(a, x, 2)


@elementwise(gammainc_a_partial, family=FAMILY, spelling=_path("gammainc_a_partial"),
             sympy=lambda sp, a, x: sp.diff(sp.lowergamma(a, x) / sp.gamma(a), a))
def gammainc_a_partial_partials(a, x):
    # ∂/∂x ∂P/∂a = ∂/∂a x^(a-1) e^(-x) / Γ(a)
    return (gammainc_a_second_partial(a, x),
            np.exp(scipy.special.xlogy(a - 1, x) - x - scipy.special.gammaln(a)) * (np.log(x) - scipy.special.digamma(a)))


@elementwise(gammainc_a_second_partial, family=FAMILY, spelling=_path("gammainc_a_second_partial"),
             sympy=lambda sp, a, x: sp.diff(sp.lowergamma(a, x) / sp.gamma(a), a, 2))
def gammainc_a_second_partial_partials(a, x):
    # ∂/∂x ∂²P/∂a² = ∂²/∂a² x^(a-1) e^(-x) / Γ(a); a third derivative in a is not declared
    return None, (np.exp(scipy.special.xlogy(a - 1, x) - x - scipy.special.gammaln(a))
                  * ((np.log(x) - scipy.special.digamma(a)) ** 2 - scipy.special.polygamma(1, a)))


# --------------------------------------------------------------------------- zeta in s
@helper("float_type_of")
def zeta_s_derivative(s, q, order):
    """``∂^order/∂s^order scipy.special.zeta(s, q)`` (``order`` 0: the function itself) by
    Euler–Maclaurin summation: 16 terms, then the tail's integral, half its first term and 12
    Bernoulli corrections, each differentiated ``order`` times in ``s`` by Leibniz's rule."""
    riemann = q is None
    dtype = float_type_of(s) if riemann else float_type_of(s, q)
    s, q = np.broadcast_arrays(np.asarray(s, dtype=float), np.asarray(1.0 if riemann else q, dtype=float))
    if riemann and np.any(s < -2):
        raise NotImplementedError("the derivative of scipy.special.zeta(s) in s for s < -2 (Euler-Maclaurin "
                                  "summation loses its precision there)")
    valid = (s != 1) & (q > 0) & (riemann | (s > 1))       # SciPy's Hurwitz zeta is NaN for s < 1
    s, q = np.where(valid, s, 2.0), np.where(valid, q, 1.0)
    total = np.zeros(s.shape)
    for n in range(16):
        log_term = np.log(n + q)
        total = total + (-log_term) ** order * np.exp(-s * log_term)
    a = q + 16
    log_a = np.log(a)
    power = np.exp(-s * log_a)
    # a^(1-s) / (s - 1) and a^-s / 2
    integral = sum(scipy.special.comb(order, i, exact=True) * (-1) ** i * scipy.special.factorial(i, exact=True) / (s - 1) ** (i + 1) * (-log_a) ** (order - i)
                   for i in range(order + 1))
    total = total + integral * a * power + (-log_a) ** order * power / 2
    # B_2j / (2j)! (s)_(2j-1) a^(1-2j-s): the rising factorial's derivatives kept as its factors come in
    bernoulli = scipy.special.bernoulli(24)
    rising = [np.ones(s.shape)] + [np.zeros(s.shape)] * order
    factors = 0
    for j in range(1, 13):
        while factors < 2 * j - 1:
            rising = [(s + factors) * rising[k] + (k * rising[k - 1] if k else 0.0) for k in range(order + 1)]
            factors += 1
        scale = bernoulli[2 * j] / scipy.special.factorial(2 * j, exact=True) * a ** (1.0 - 2 * j) * power
        total = total + scale * sum(scipy.special.comb(order, i, exact=True) * rising[i] * (-log_a) ** (order - i) for i in range(order + 1))
    out = np.where(valid, total, np.nan).astype(dtype)
    return out[()] if out.ndim == 0 else out


@elementwise(zeta_s_derivative, family=FAMILY, spelling=_path("zeta_s_derivative"),
             sympy=lambda sp, s, q, order: sp.diff(sp.zeta(s, 1 if q is None else q), s, order))
def zeta_s_derivative_partials(s, q, order):
    # ∂/∂q ∂ᵏζ/∂sᵏ = ∂ᵏ/∂sᵏ (-s ζ(s + 1, q)) = -(s ∂ᵏζ(s + 1, q) + k ∂ᵏ⁻¹ζ(s + 1, q))
    return (zeta_s_derivative(s, q, order + 1),
            -(s * zeta_s_derivative(s + 1, q, order) + order * zeta_s_derivative(s + 1, q, max(order - 1, 0))),
            None)


# --------------------------------------------------------------------------- hyp1f1 in a and b
@helper("summed_series")
def kummer_parameter_series(a, b, x, which):
    """``Σ t_k (ψ(c + k) - ψ(c))`` for ``x >= 0``, ``c`` = ``a`` or ``b`` as ``which`` says: the
    derivative in ``c`` of ``Σ t_k``, ``t_k = (a)_k / (b)_k x^k / k!``.

    Where ``a`` is 0, -1, -2 ... (= -n: M is a polynomial of degree n) ``Γ(a)`` and ``ψ(a)`` have
    poles, so there ``|(a)_k| = n! / (n - k)!`` up to ``k = n`` and 0 past it, ``ψ(a + k) - ψ(a) =
    ψ(n - k + 1) - ψ(n + 1)`` up to ``k = n``, and past it ``d(a)_k/da = (-1)^n n! (k - n - 1)!``
    (the one factor ``a + n`` that vanishes, differentiated)."""
    gammaln, digamma = scipy.special.gammaln, scipy.special.digamma
    log_x = np.log(np.where(x > 0, x, 1.0))
    polynomial = (a <= 0) & (a == np.round(a))
    n = np.where(polynomial, -a, 0.0)
    a_ = np.where(polynomial, 0.5, a)               # (a value off the poles for the other branch)

    def terms(k):
        # t_k by its logarithm and sign (a, b may be negative)
        log_a_rising = np.where(polynomial, gammaln(n + 1) - gammaln(np.maximum(n - k, 0) + 1),
                                gammaln(a_ + k) - gammaln(a_))
        log_rest = gammaln(b) - gammaln(b + k) + k * log_x - gammaln(k + 1.0)
        sign_b = np.sign(scipy.special.poch(b, k))
        t = np.where(x > 0, np.sign(scipy.special.poch(a, k)) * sign_b * np.exp(log_a_rising + log_rest),
                     np.where(k == 0, 1.0, 0.0))
        if which == "b":
            return t * (digamma(b + k) - digamma(b))
        past_the_degree = polynomial & (k > n) & (x > 0)
        slope = np.where(polynomial, digamma(np.maximum(n - k, 0) + 1) - digamma(n + 1), digamma(a_ + k) - digamma(a_))
        beyond = (-1.0) ** n * sign_b * np.exp(gammaln(n + 1) + gammaln(np.maximum(k - n, 1)) + log_rest)
        return np.where(past_the_degree, beyond, t * slope)

    return summed_series(terms, np.shape(x))


@helper("kummer_parameter_series", "float_type_of")
def hyp1f1_a_partial(a, b, x):
    """``∂/∂a scipy.special.hyp1f1(a, b, x)``."""
    dtype = float_type_of(a, b, x)
    a, b, x = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (a, b, x)))
    direct = kummer_parameter_series(a, b, np.abs(x), "a")
    # x < 0: M(a, b, x) = e^x M(b - a, b, -x), so ∂M/∂a = -e^x M_1(b - a, b, -x)
    reflected = -np.exp(x) * kummer_parameter_series(b - a, b, np.abs(x), "a")
    out = np.where(x >= 0, direct, reflected).astype(dtype)
    return out[()] if out.ndim == 0 else out


@helper("kummer_parameter_series", "float_type_of")
def hyp1f1_b_partial(a, b, x):
    """``∂/∂b scipy.special.hyp1f1(a, b, x)``."""
    dtype = float_type_of(a, b, x)
    a, b, x = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (a, b, x)))
    direct = -kummer_parameter_series(a, b, np.abs(x), "b")
    # x < 0: ∂/∂b e^x M(b - a, b, -x) = e^x (M_1 + M_2)(b - a, b, -x)
    reflected = np.exp(x) * (kummer_parameter_series(b - a, b, np.abs(x), "a") - kummer_parameter_series(b - a, b, np.abs(x), "b"))
    out = np.where(x >= 0, direct, reflected).astype(dtype)
    return out[()] if out.ndim == 0 else out


@elementwise(hyp1f1_a_partial, family=FAMILY, spelling=_path("hyp1f1_a_partial"),
             sympy=lambda sp, a, b, x: sp.diff(sp.hyper([a], [b], x), a))
def hyp1f1_a_partial_partials(a, b, x):
    # ∂/∂x ∂M/∂a = ∂/∂a (a / b) M(a + 1, b + 1, x)
    return None, None, (scipy.special.hyp1f1(a + 1, b + 1, x) + a * hyp1f1_a_partial(a + 1, b + 1, x)) / b


@elementwise(hyp1f1_b_partial, family=FAMILY, spelling=_path("hyp1f1_b_partial"),
             sympy=lambda sp, a, b, x: sp.diff(sp.hyper([a], [b], x), b))
def hyp1f1_b_partial_partials(a, b, x):
    # ∂/∂x ∂M/∂b = ∂/∂b (a / b) M(a + 1, b + 1, x)
    return None, None, a / b * (hyp1f1_b_partial(a + 1, b + 1, x) - scipy.special.hyp1f1(a + 1, b + 1, x) / b)
