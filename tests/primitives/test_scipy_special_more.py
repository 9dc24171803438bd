"""scipy.special's binom, comb, factorial, bernoulli, sici and fresnel (primitives/
scipy_special_more.py): the scalar rules against sympy's derivatives and central finite
differences; the compositions as users call them (keywords, tuple results unpacked, exact=True
beside differentiated values, in a loop) in reverse and forward mode and through the Hessian;
values against SciPy's; the complex-valued functions refused."""
import numpy as np
import pytest

pytest.importorskip("scipy")
sympy = pytest.importorskip("sympy")
import scipy.special as sps  # noqa: E402
from one_argument_checks import (gradient_matches_finite_differences,  # noqa: E402
                                 hessian_matches_differences_of_the_gradient, jvp_matches_finite_differences)

import transpiler  # noqa: E402
from transpiler.errors import TranspileError  # noqa: E402

X = np.array([0.4, 1.7, 4.2, 7.5])


def binomial(n, k):
    return sps.binom(n, k)


def si(x):
    return sps.sici(x)[0]


def ci(x):
    return sps.sici(x)[1]


def fresnel_s(x):
    return sps.fresnel(x)[0]


def fresnel_c(x):
    return sps.fresnel(x)[1]


SYMPY = [
    (binomial, lambda n, k: sympy.binomial(n, k), [(5.5, 2.0), (7.0, 3.5), (3.2, 0.7)]),
    (si, lambda x: sympy.Si(x), [(0.3,), (-2.5,), (7.0,)]),
    (ci, lambda x: sympy.Ci(x), [(0.3,), (2.5,), (7.0,)]),
    (fresnel_s, lambda x: sympy.fresnels(x), [(0.3,), (-1.4,), (2.2,)]),
    (fresnel_c, lambda x: sympy.fresnelc(x), [(0.3,), (-1.4,), (2.2,)]),
]


@pytest.mark.parametrize("fn, reference, point", [(f, r, p) for f, r, points in SYMPY for p in points],
                         ids=lambda v: getattr(v, "__name__", None))
def test_scalar_gradient_matches_sympy_and_finite_differences(fn, reference, point):
    syms = sympy.symbols("a b", real=True)[:len(point)]
    got = transpiler.grad(fn, wrt=tuple(range(len(point))))(*point)
    for i, value in enumerate(got):
        exact = sympy.diff(reference(*syms), syms[i]).subs(dict(zip(syms, map(sympy.Float, point))))
        np.testing.assert_allclose(value, float(exact.evalf(30)), rtol=1e-9)
    assert transpiler.check_grad(fn, *point, wrt=tuple(range(len(point)))).ok


def combinations(x):
    return np.sum(sps.comb(x + 5.0, 2.0) + sps.comb(6.0, x) + sps.comb(x, 3.0, repetition=True)
                  + sps.comb(5, 2, exact=True) * x)


def factorials(x):
    total = sps.factorial(4, exact=True) * np.sum(x)
    for shift in (0.0, 2.0):
        total = total + np.sum(sps.factorial(x - shift))
    return total + np.sum(sps.factorial(x / 3.0, False) ** 2)


def bernoulli_weights(x):
    return np.sum(sps.bernoulli(3) * x)


def sine_and_cosine_integrals(x):
    si, ci = sps.sici(x)
    return np.sum(si ** 2 + ci * x)


def fresnel_integrals(x):
    s, c = sps.fresnel(x)
    return np.sum(s * c + s ** 2)


CASES = [combinations, factorials, bernoulli_weights, sine_and_cosine_integrals, fresnel_integrals]


@pytest.mark.parametrize("fn", CASES, ids=lambda f: f.__name__)
def test_gradient_matches_finite_differences(fn):
    gradient_matches_finite_differences(fn, X)


@pytest.mark.parametrize("fn", CASES, ids=lambda f: f.__name__)
def test_jvp_matches_finite_differences(fn):
    jvp_matches_finite_differences(fn, X)


@pytest.mark.parametrize("fn", CASES, ids=lambda f: f.__name__)
def test_hessian_matches_differences_of_the_gradient(fn):
    hessian_matches_differences_of_the_gradient(fn, X)


def every_output(x):
    return (sps.comb(x + 2.0, 3.0), sps.comb(4.0, x), sps.comb(x, 2.0, repetition=True), sps.factorial(x - 3.0),
            sps.sici(x - 4.0), sps.fresnel(x - 4.0), sps.binom(x, 1.5))


def test_values_are_scipys_outside_the_ranges_too():
    got = transpiler.jvp(every_output, (X,), (np.ones_like(X),))
    for mine, scipys in zip(got[0], every_output(X)):
        np.testing.assert_allclose(mine, scipys, rtol=1e-13, atol=1e-300)
    assert np.all(np.isfinite(np.concatenate([np.ravel(t) for t in got[1]])))


def sph_harm_of(x):
    return np.sum(sps.sph_harm_y(1, 0, x, x))


def test_complex_valued_functions_are_refused_where_written():
    with pytest.raises(TranspileError, match="complex-valued") as refusal:
        transpiler.grad(sph_harm_of)(X)
    assert refusal.value.location.line == sph_harm_of.__code__.co_firstlineno + 1
