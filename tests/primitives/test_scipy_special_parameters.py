"""The derivatives of ``scipy.special.gammainc``/``gammaincc`` in ``a`` (first and second), of
``hyp1f1`` in ``a`` and ``b`` (series summed term by term) and of ``zeta`` in ``s`` (Euler–Maclaurin,
every order; scipy_special_parameters.py), which JAX's lax_scipy_special_functions_test
differentiates and transpiler refused: against mpmath's derivative at several points (x = 0,
small and large x, x < 0 for hyp1f1 through Kummer's transformation; s near the pole, large s and
q), against central differences in both modes with broadcasting and float32, and hyp1f1's second
derivative in a parameter refused."""
import mpmath
import numpy as np
import pytest
from array_check import numeric_gradient, rng
from scipy import special

import transpiler
from transpiler.errors import NonDifferentiableError


def lower_incomplete_gamma(a, x):
    return special.gammainc(a, x)


def upper_incomplete_gamma(a, x):
    return special.gammaincc(a, x)


def confluent(a, b, x):
    return special.hyp1f1(a, b, x)


def mp_gammainc_in_a(a, x):
    return float(mpmath.diff(lambda s: mpmath.gammainc(s, 0, x, regularized=True), a))


def mp_hyp1f1_in(position, a, b, x):
    if position == 0:
        return float(mpmath.diff(lambda s: mpmath.hyp1f1(s, b, x), a))
    return float(mpmath.diff(lambda s: mpmath.hyp1f1(a, s, x), b))


@pytest.mark.parametrize("a, x", [(0.5, 0.3), (2.5, 1.0), (3.0, 7.5), (10.0, 30.0), (1.2, 0.0), (0.7, 45.0)])
def test_gammainc_in_its_parameter_is_mpmaths(a, x):
    expected = mp_gammainc_in_a(a, x)
    got_p, _ = transpiler.grad(lower_incomplete_gamma, wrt=(0, 1))(a, x)
    got_q, _ = transpiler.grad(upper_incomplete_gamma, wrt=(0, 1))(a, x)
    assert got_p == pytest.approx(expected, rel=1e-9, abs=1e-14)
    assert got_q == pytest.approx(-expected, rel=1e-9, abs=1e-14)
    assert transpiler.jvp(lower_incomplete_gamma, (a, x), (1.0, 0.0))[1] == pytest.approx(expected, rel=1e-9, abs=1e-14)


# a = 0, -1, -2 ... (M a polynomial in x; so is Kummer's reflection where b - a is one): Γ(a) and
# ψ(a) have poles there, and the series was NaN in both parameters (x > 0)
POLYNOMIAL = [(-2.0, 1.5, 0.6), (-1.0, 0.5, 2.0), (-3.0, 2.5, 12.0), (0.0, 1.5, 2.0), (-2.0, 1.5, -0.6),
              (2.5, 0.5, -3.0)]


@pytest.mark.parametrize("a, b, x", [(0.5, 1.5, 0.4), (2.0, 3.5, 10.0), (7.0, 2.0, 25.0), (1.5, 4.0, -3.0),
                                     (3.0, 0.8, -12.0), (0.9, 1.7, 0.0)] + POLYNOMIAL)
def test_hyp1f1_in_its_parameters_is_mpmaths(a, b, x):
    got = transpiler.grad(confluent, wrt=(0, 1))(a, b, x)
    for position in (0, 1):
        assert got[position] == pytest.approx(mp_hyp1f1_in(position, a, b, x), rel=1e-8, abs=1e-12)
    _, tangent = transpiler.jvp(confluent, (a, b, x), (1.0, -0.5, 0.0))
    expected = mp_hyp1f1_in(0, a, b, x) - 0.5 * mp_hyp1f1_in(1, a, b, x)
    assert tangent == pytest.approx(expected, rel=1e-8, abs=1e-12)


def broadcast_loss(a, b, x):
    out = special.hyp1f1(a, b[:, None], x) + special.gammaincc(b[:, None], x) * special.gammainc(a, x)
    return np.sum(out + 0.3 * out ** 2)


@pytest.mark.parametrize("dtype, rtol", [(np.float64, 1e-6), (np.float32, 2e-2)])
def test_parameters_broadcast_in_both_modes(dtype, rtol):
    r = rng(12)
    a = r.uniform(0.5, 3.0, size=4).astype(dtype)
    b = r.uniform(0.5, 3.0, size=3).astype(dtype)
    x = r.uniform(0.1, 4.0, size=4).astype(dtype)
    gradients = transpiler.grad(broadcast_loss, wrt=(0, 1, 2))(a, b, x)
    wide = [v.astype(np.float64) for v in (a, b, x)]
    for i, g in enumerate(gradients):
        assert g.dtype == dtype
        np.testing.assert_allclose(g, numeric_gradient(broadcast_loss, wide, i), rtol=rtol, atol=1e-6)
    directions = [r.normal(size=4).astype(dtype), r.normal(size=3).astype(dtype), None]
    _, tangent = transpiler.jvp(broadcast_loss, (a, b, x), directions)
    assert tangent == pytest.approx(np.sum(gradients[0] * directions[0]) + np.sum(gradients[1] * directions[1]), rel=rtol)


def incomplete_gamma_in_a(a):
    return special.gammainc(a, 2.0)


def hyp1f1_in_a(a):
    return special.hyp1f1(a, 1.5, 2.0)


@pytest.mark.parametrize("a, x", [(1.5, 0.7), (0.3, 2.0), (4.0, 3.5), (2.2, 0.05)])
def test_gammainc_second_derivative_in_a_is_mpmaths_in_both_modes(a, x):
    expected = float(mpmath.diff(lambda s: mpmath.gammainc(s, 0, x, regularized=True), a, 2))
    for mode in ("reverse", "forward"):
        assert transpiler.hessian(lower_incomplete_gamma, mode=mode)(a, x) == pytest.approx(expected, rel=1e-9)
        assert transpiler.hessian(upper_incomplete_gamma, mode=mode)(a, x) == pytest.approx(-expected, rel=1e-9)
    mixed = float(mpmath.diff(lambda s, y: mpmath.gammainc(s, 0, y, regularized=True), (a, x), (1, 1)))
    assert transpiler.jvp(transpiler.grad(lower_incomplete_gamma), (a, x), (0.0, 1.0))[1] == pytest.approx(mixed, rel=1e-9)


def test_a_second_derivative_in_hyp1f1s_parameter_is_refused():
    # (located in the generated gradient the Hessian differentiates, which names the call)
    with pytest.raises(NonDifferentiableError, match=r"`hyp1f1_a_partial` has no derivative with respect to `a`"):
        transpiler.hessian(hyp1f1_in_a)(1.5)


# --------------------------------------------------------------------------- zeta in s
def hurwitz(s, q):
    return special.zeta(s, q)


def riemann(s):
    return special.zeta(s) + special.zeta(s, None)     # (Riemann's zeta: zeta(s, 1.0) is NaN below s = 1)


@pytest.mark.parametrize("s, q", [(1.001, 0.5), (1.1, 1.0), (2.0, 0.05), (3.0, 1.5), (5.5, 7.0), (12.0, 0.3),
                                  (30.0, 40.0), (80.0, 2.5)])
def test_zeta_in_s_is_mpmaths_to_every_order(s, q):
    gradient = transpiler.grad(hurwitz, wrt=(0, 1))(s, q)
    assert gradient[0] == pytest.approx(float(mpmath.zeta(s, q, 1)), rel=1e-12)
    assert gradient[1] == pytest.approx(-s * special.zeta(s + 1, q), rel=1e-12)
    assert transpiler.jvp(hurwitz, (s, q), (1.0, None))[1] == pytest.approx(float(mpmath.zeta(s, q, 1)), rel=1e-12)
    for mode in ("reverse", "forward"):
        assert transpiler.hessian(hurwitz, mode=mode)(s, q) == pytest.approx(float(mpmath.zeta(s, q, 2)), rel=1e-12)
    mixed = float(mpmath.diff(lambda a, b: mpmath.zeta(a, b), (s, q), (1, 1)))
    assert transpiler.jvp(transpiler.grad(hurwitz), (s, q), (0.0, 1.0))[1] == pytest.approx(mixed, rel=1e-9)


@pytest.mark.parametrize("s", [-1.9, -1.0, -0.5, 0.0, 0.4, 0.999, 1.5, 3.0])
def test_riemann_zeta_in_s_is_mpmaths_below_one_too(s):
    assert transpiler.grad(riemann)(s) == pytest.approx(2 * float(mpmath.zeta(s, 1, 1)), rel=1e-9)
    assert transpiler.hessian(riemann)(s) == pytest.approx(2 * float(mpmath.zeta(s, 1, 2)), rel=1e-9)
    assert transpiler.jvp(riemann, (s,), (1.0,)) == pytest.approx((riemann(s), 2 * float(mpmath.zeta(s, 1, 1))), rel=1e-9)


def zeta_loss(s, q):
    return np.sum(np.sin(special.zeta(s[:, None], q)) * np.arange(1.0, 4.0))


@pytest.mark.parametrize("dtype, rtol", [(np.float64, 1e-6), (np.float32, 2e-2)])
def test_zeta_broadcasts_in_both_modes(dtype, rtol):
    s, q = np.array([1.5, 2.5, 4.0], dtype), np.array([0.8, 1.0, 4.0], dtype)
    gradients = transpiler.grad(zeta_loss, wrt=(0, 1))(s, q)
    for i, g in enumerate(gradients):
        assert g.dtype == dtype
        np.testing.assert_allclose(g, numeric_gradient(zeta_loss, [s.astype(float), q.astype(float)], i), rtol=rtol)
    direction = np.array([0.5, -1.0, 0.25], dtype)
    _, tangent = transpiler.jvp(zeta_loss, (s, q), (direction, None))
    assert tangent == pytest.approx(np.sum(gradients[0] * direction), rel=rtol)


def test_zeta_in_s_outside_scipys_domain():
    """SciPy's Hurwitz zeta is NaN below s = 1, and (n + q)^-s is not real in s for q < 0: NaN;
    Riemann's below s = -2 is refused when the derivative runs."""
    assert np.isnan(transpiler.grad(hurwitz)(0.5, 2.0))
    assert np.isnan(transpiler.grad(hurwitz)(3.0, -1.5))
    with pytest.raises(NotImplementedError, match="s < -2"):
        transpiler.grad(riemann)(-3.5)


def zeta_into_out(s):
    out = np.zeros(2)
    y = special.zeta(s, 2.0, out=out)
    return np.sum(y * out)


def test_zeta_with_out_writes_it():
    s = np.array([2.0, 3.5])
    expected = 2 * special.zeta(s, 2.0) * np.array([float(mpmath.zeta(v, 2.0, 1)) for v in s])
    np.testing.assert_allclose(transpiler.grad(zeta_into_out)(s), expected, rtol=1e-12)


def zeta_into_out_as_a_statement(q):
    # the call's value dropped: the composition is inlined (its write into `out` kept), not
    # SciPy's own source, whose `_ufuncs._zeta` has no rule
    out = np.zeros(3)
    special.zeta(3.0, q, out=out)
    for k in range(2):
        special.zeta(3.0 + k, q * (k + 1), out)
    return np.sum(out * q)


def test_zeta_with_out_as_a_bare_statement_in_both_modes_and_the_hessian():
    q = np.array([1.5, 2.0, 3.0])
    assert transpiler.value_and_grad(zeta_into_out_as_a_statement)(q)[0] == pytest.approx(zeta_into_out_as_a_statement(q))
    assert transpiler.check_grad(zeta_into_out_as_a_statement, q).ok
    expected = special.zeta(4.0, 2 * q) - 8 * q * special.zeta(5.0, 2 * q)     # d/dq of q * zeta(4, 2q)
    np.testing.assert_allclose(transpiler.grad(zeta_into_out_as_a_statement)(q), expected, rtol=1e-12)
    v = np.array([0.5, -1.0, 0.25])
    assert transpiler.jvp(zeta_into_out_as_a_statement, (q,), (v,))[1] == pytest.approx(expected @ v, rel=1e-12)
    second = -16 * special.zeta(5.0, 2 * q) + 80 * q * special.zeta(6.0, 2 * q)
    np.testing.assert_allclose(transpiler.hessian(zeta_into_out_as_a_statement)(q), np.diag(second), rtol=1e-10, atol=1e-14)
