"""Python's ``math`` module as scalar code writes it: the spellings that share NumPy's declarations
(``math.pow``, ``copysign``, ``fmod``, ``ldexp``, ``cbrt``, ``exp2``), the error function, and the
calls with more arguments than the primitive (``math.log(x, base)``, ``math.hypot(a, b, c)``) or
over a list (``math.prod``, ``math.dist``): reverse mode, forward mode and the Hessian, against
finite differences."""
import math

import numpy as np
import pytest

import transpiler


def _derivative(f, x, h=1e-6):
    return (f(x + h) - f(x - h)) / (2 * h)


def log_base(x):
    return math.log(x, 3.0) + math.log(5.0, x + 2.0)


def hypot_of_three(x):
    return math.hypot(x, 2.0, 3.0 * x)


def product_of_a_list(x):
    return math.prod([x, x + 1.0, 2.0]) + math.prod((x, x), start=0.5)


def distance(x):
    return math.dist([x, 1.0], [0.0, 2.0 * x])


def normal_cdf(x):
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0))) + math.erfc(x) ** 2


def numpy_spellings(x):
    total = 0.0
    for k in range(3):          # inside a loop, as scalar code calls them
        total = total + math.pow(x, k + 0.5) + math.copysign(x, -1.0) * math.fmod(x, 0.3)
    return total + math.ldexp(x, 3) + math.cbrt(x) + math.exp2(x)


@pytest.mark.parametrize("f", [log_base, hypot_of_three, product_of_a_list, distance, normal_cdf, numpy_spellings])
@pytest.mark.parametrize("x", [0.8, 1.7])
def test_math_functions_differentiate_in_both_modes_and_twice(f, x):
    expected = _derivative(f, x)
    assert transpiler.grad(f)(x) == pytest.approx(expected, rel=1e-6)
    value, tangent = transpiler.jvp(f, (x,), (1.0,))
    assert value == pytest.approx(f(x)) and tangent == pytest.approx(expected, rel=1e-6)
    assert transpiler.hessian(f)(x) == pytest.approx(_derivative(transpiler.grad(f), x), rel=1e-5, abs=1e-8)


def test_black_scholes_delta_and_vega_with_math_erf_match_the_closed_forms():
    def call_price(S, K, T, r, sigma):
        d1 = (math.log(S / K) + (r + 0.5 * sigma ** 2) * T) / (sigma * math.sqrt(T))
        d2 = d1 - sigma * math.sqrt(T)
        N = lambda z: 0.5 * (1 + math.erf(z / math.sqrt(2)))  # noqa: E731 (the way the formula is written)
        return S * N(d1) - K * math.exp(-r * T) * N(d2)

    S, K, T, r, sigma = 100.0, 95.0, 1.0, 0.02, 0.2
    delta, vega = transpiler.grad(call_price, wrt=(0, 4))(S, K, T, r, sigma)
    d1 = (math.log(S / K) + (r + sigma ** 2 / 2) * T) / (sigma * math.sqrt(T))
    pdf = math.exp(-d1 * d1 / 2) / math.sqrt(2 * math.pi)
    assert delta == pytest.approx(0.5 * (1 + math.erf(d1 / math.sqrt(2))), rel=1e-12)
    assert vega == pytest.approx(S * pdf * math.sqrt(T), rel=1e-12)


def test_math_gamma_of_a_differentiated_value_is_refused_naming_the_function():
    with pytest.raises(transpiler.UnknownFunctionError, match="math.gamma"):
        transpiler.grad(lambda x: math.gamma(x))(1.5)
    # of a constant it simply runs
    assert transpiler.grad(lambda x: x * math.lgamma(4.0))(1.5) == pytest.approx(math.log(6.0))
