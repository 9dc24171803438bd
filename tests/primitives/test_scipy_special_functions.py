"""Further scipy.special functions (primitives/scipy_special_functions.py): each rule against
sympy's derivative of the declared counterpart and against central differences at several
points; in arrays, loops and keyword-free helpers in reverse and forward mode and through the
Hessian; the inverses (gammaincinv, betaincinv: no closed form) against the derivative of the
function they invert; an order's derivative refused."""
import numpy as np
import pytest

pytest.importorskip("scipy")
sympy = pytest.importorskip("sympy")
import mpmath  # noqa: E402  (sympy's own dependency)
import scipy.special as sps  # noqa: E402
from one_argument_checks import (gradient_matches_finite_differences,  # noqa: E402
                                 hessian_matches_differences_of_the_gradient, jvp_matches_finite_differences)

import transpiler  # noqa: E402
from transpiler.errors import TranspileError  # noqa: E402
from transpiler.primitives import REGISTRY  # noqa: E402

transpiler.primitives.registry.load_optional_rules()

# function -> points (the differentiated argument last; the others constants)
POINTS = {
    sps.erfi: [(0.3,), (-1.1,), (1.6,)], sps.exprel: [(0.7,), (-2.0,), (3e-5,), (-2e-3,)],
    sps.cosm1: [(0.4,), (-2.2,), (3.0,)], sps.sindg: [(30.0,), (-75.0,), (200.0,)],
    sps.cosdg: [(30.0,), (-75.0,), (200.0,)], sps.tandg: [(30.0,), (-75.0,), (100.0,)],
    sps.cotdg: [(30.0,), (-75.0,), (100.0,)], sps.cbrt: [(0.4,), (2.7,), (8.0,)],
    sps.exp2: [(0.4,), (-1.5,)], sps.exp10: [(0.4,), (-1.5,)], sps.expm1: [(0.4,), (-1.5,)],
    sps.log1p: [(0.4,), (2.5,)], sps.k0: [(0.3,), (1.7,), (4.0,)], sps.k1: [(0.3,), (1.7,), (4.0,)],
    sps.k0e: [(0.3,), (1.7,), (4.0,)], sps.k1e: [(0.3,), (1.7,), (4.0,)], sps.kv: [(1.5, 0.7), (0.3, 2.5)],
    sps.kn: [(2, 0.7), (1, 2.5)], sps.kve: [(1.5, 0.7), (0.3, 2.5)], sps.ellipk: [(0.2,), (0.7,), (-0.5,)],
    sps.ellipe: [(0.2,), (0.7,), (-0.5,)], sps.pseudo_huber: [(1.5, 0.7), (0.5, -2.0)],
    sps.huber: [(1.5, 0.7), (0.5, -2.0), (1.0, 3.0)], sps.ndtri_exp: [(-0.3,), (-2.5,), (-0.01,)],
    sps.radian: [(30.0, 20.0, 10.0), (-3.0, 1.0, 5.0)],
}


@pytest.mark.parametrize("fn, point", [(f, p) for f, points in POINTS.items() for p in points],
                         ids=lambda v: getattr(v, "__name__", None))
def test_the_derivative_is_sympys_and_the_differences(fn, point):
    prim = REGISTRY[fn]
    syms = sympy.symbols("a b c", real=True)[:len(point)]
    expression = prim.sympy(sympy, *syms)
    active = [i for i in range(len(point)) if not (fn in (sps.kv, sps.kn, sps.kve) and i == 0)]
    wrt = tuple(active)
    got = _gradient(fn, point, wrt)
    for i, value in zip(active, got):
        exact = sympy.diff(expression, syms[i]).subs({s: sympy.Float(p, 40) for s, p in zip(syms, point)})
        np.testing.assert_allclose(value, float(sympy.N(exact, 30)), rtol=1e-8)


def _gradient(fn, point, wrt):
    module = {sps.kv: kv_of, sps.kn: kn_of, sps.kve: kve_of, sps.pseudo_huber: pseudo_huber_of,
              sps.huber: huber_of, sps.radian: radian_of}
    f = module.get(fn) or SINGLE[fn]
    got = transpiler.grad(f, wrt=wrt)(*point)
    return got if isinstance(got, tuple) else (got,)


def kv_of(v, x):
    return sps.kv(v, x)


def kn_of(n, x):
    return sps.kn(n, x)


def kve_of(v, x):
    return sps.kve(v, x)


def pseudo_huber_of(delta, r):
    return sps.pseudo_huber(delta, r)


def huber_of(delta, r):
    return sps.huber(delta, r)


def radian_of(d, m, s):
    return sps.radian(d, m, s)


def erfi_of(x):
    return sps.erfi(x)


def exprel_of(x):
    return sps.exprel(x)


def cosm1_of(x):
    return sps.cosm1(x)


def sindg_of(x):
    return sps.sindg(x)


def cosdg_of(x):
    return sps.cosdg(x)


def tandg_of(x):
    return sps.tandg(x)


def cotdg_of(x):
    return sps.cotdg(x)


def cbrt_of(x):
    return sps.cbrt(x)


def exp2_of(x):
    return sps.exp2(x)


def exp10_of(x):
    return sps.exp10(x)


def expm1_of(x):
    return sps.expm1(x)


def log1p_of(x):
    return sps.log1p(x)


def k0_of(x):
    return sps.k0(x)


def k1_of(x):
    return sps.k1(x)


def k0e_of(x):
    return sps.k0e(x)


def k1e_of(x):
    return sps.k1e(x)


def ellipk_of(x):
    return sps.ellipk(x)


def ellipe_of(x):
    return sps.ellipe(x)


def ndtri_exp_of(x):
    return sps.ndtri_exp(x)


SINGLE = {sps.erfi: erfi_of, sps.exprel: exprel_of, sps.cosm1: cosm1_of, sps.sindg: sindg_of, sps.cosdg: cosdg_of,
          sps.tandg: tandg_of, sps.cotdg: cotdg_of, sps.cbrt: cbrt_of, sps.exp2: exp2_of, sps.exp10: exp10_of,
          sps.expm1: expm1_of, sps.log1p: log1p_of, sps.k0: k0_of, sps.k1: k1_of, sps.k0e: k0e_of, sps.k1e: k1e_of,
          sps.ellipk: ellipk_of, sps.ellipe: ellipe_of, sps.ndtri_exp: ndtri_exp_of}


# --------------------------------------------------------------------------- arrays, both modes, Hessians
X = np.array([[0.3, 0.8, 1.4], [2.1, 0.55, 1.1]])


def bessel_k_family(x):
    return np.sum(sps.k0(x) + sps.k1e(x) * x + sps.kv(1.5, x) ** 2 + sps.kn(2, x + 1.0) + sps.kve(0.5, x))


def elementary_in_a_loop(x):
    total = 0.0
    for scale in (0.5, 1.0):
        total = total + np.sum(sps.erfi(scale * x) + sps.exprel(x - scale) + sps.cosm1(x) * sps.cbrt(x + 1.0))
    return total


def degrees_and_powers(x):
    return np.sum(sps.sindg(40 * x) * sps.cosdg(70 * x) + sps.tandg(20 * x) + sps.cotdg(30 * x + 10)
                  + sps.exp2(x) + sps.exp10(x / 2) + sps.expm1(x) * sps.log1p(x) + sps.radian(x, 2 * x, 30.0))


def elliptic_and_losses(x):
    return np.sum(sps.ellipk(x / 3) * sps.ellipe(x / 4) + sps.huber(1.0, x - 1.0) + sps.pseudo_huber(0.8, x - 1.0))


def inverses(x):
    p = x / 3
    return np.sum(sps.ndtri_exp(-x) + sps.gammaincinv(2.5, p) + sps.betaincinv(2.0, 3.0, p) ** 2)


@pytest.mark.parametrize("fn", [bessel_k_family, elementary_in_a_loop, degrees_and_powers, elliptic_and_losses,
                                inverses], ids=lambda f: f.__name__)
def test_in_arrays_in_both_modes_and_the_hessian(fn):
    gradient_matches_finite_differences(fn, X)
    jvp_matches_finite_differences(fn, X)
    hessian_matches_differences_of_the_gradient(fn, X, rtol=1e-3, atol=1e-5)


def gammaincinv_of(p):
    return sps.gammaincinv(2.5, p)


def betaincinv_of(p):
    return sps.betaincinv(2.0, 3.0, p)


@pytest.mark.parametrize("p", [0.1, 0.5, 0.93])
def test_the_inverses_derivatives_are_the_reciprocals_of_their_functions(p):
    x = sps.gammaincinv(2.5, p)
    density = x ** 1.5 * np.exp(-x) / sps.gamma(2.5)
    assert transpiler.grad(gammaincinv_of)(p) == pytest.approx(1 / density, rel=1e-10)
    x = sps.betaincinv(2.0, 3.0, p)
    density = x * (1 - x) ** 2 / sps.beta(2.0, 3.0)
    assert transpiler.grad(betaincinv_of)(p) == pytest.approx(1 / density, rel=1e-10)


def test_exprel_at_zero_has_its_limit_derivative():
    assert transpiler.grad(exprel_of)(0.0) == 0.5
    assert transpiler.hessian(exprel_of)(0.0) == pytest.approx(1 / 3)


def order_of_kv(v):
    return sps.kv(v, 1.5)


def test_an_order_has_no_derivative():
    with pytest.raises(TranspileError, match="no derivative with respect to `v`"):
        transpiler.grad(order_of_kv)(0.5)


def integer_orders_given_as_floats(x):
    return np.sum(sps.yn(1.7, x) * x + sps.kn(2.5, x) + sps.spherical_jn(1.5, x, True))


def test_a_float_order_is_truncated_as_scipy_truncates_it_in_both_modes_and_the_hessian():
    """yn, kn and the spherical functions take an integer order and truncate a float one toward
    zero (yn(1.7, x) is yn(1, x)); the recurrences took the float itself: yn(0.7) - yn(2.7)
    for yn(1)'s slope."""
    x = np.array([0.7, 1.6, 3.1])
    gradient_matches_finite_differences(integer_orders_given_as_floats, x)
    jvp_matches_finite_differences(integer_orders_given_as_floats, x)
    hessian_matches_differences_of_the_gradient(integer_orders_given_as_floats, x, rtol=1e-4, atol=1e-5)


# --------------------------------------------------------------------------- betaincc, Box-Cox inverses, powm1, zetac
def betaincc_of(x):
    return sps.betaincc(2.0, 3.5, x)


def inv_boxcox_of(y):
    return sps.inv_boxcox(y, 0.3)


def inv_boxcox1p_of(y):
    return sps.inv_boxcox1p(y, -0.4)


def powm1_of(x, p):
    return sps.powm1(x, p)


def zetac_of(x):
    return sps.zetac(x)


# (wrapper, SciPy function, the constants before the differentiated arguments, points)
DIFFERENTIATED_LAST = [
    (betaincc_of, sps.betaincc, (2.0, 3.5), [(0.2,), (0.7,)]),
    (inv_boxcox_of, sps.inv_boxcox, (), [(0.7, 0.3), (-1.2, 0.3)]),
    (inv_boxcox1p_of, sps.inv_boxcox1p, (), [(0.7, -0.4), (1.5, -0.4)]),
    (powm1_of, sps.powm1, (), [(1.7, 0.3), (0.4, -2.5), (3.0, 1e-3)]),
    (zetac_of, sps.zetac, (), [(3.0,), (0.5,), (-1.5,), (12.0,)]),
]


@pytest.mark.parametrize("wrapper, fn, constants, point",
                         [(w, f, c, p) for w, f, c, points in DIFFERENTIATED_LAST for p in points],
                         ids=lambda v: getattr(v, "__name__", None))
def test_the_new_derivatives_are_sympys(wrapper, fn, constants, point):
    # inv_boxcox's lmbda is a constant (no rule, as boxcox's): the point's last entry, not differentiated
    held = 1 if fn in (sps.inv_boxcox, sps.inv_boxcox1p) else 0
    active = point[:len(point) - held]
    syms = sympy.symbols("a b c d", real=True)[:len(constants) + len(point)]
    expression = REGISTRY[fn].sympy(sympy, *syms)
    values = dict(zip(syms, [sympy.Float(v, 40) for v in (*constants, *point)]))
    got = transpiler.grad(wrapper, wrt=tuple(range(len(active))))(*active) if not held else transpiler.grad(wrapper)(active[0])
    got = got if isinstance(got, tuple) else (got,)
    for i, value in enumerate(got):
        exact = sympy.diff(expression, syms[len(constants) + i]).subs(values)
        if fn is sps.zetac:      # (sympy does not evaluate ζ'(s); mpmath's zeta(s, 1, 1) is it)
            exact = mpmath.zeta(point[0], 1, 1)
        np.testing.assert_allclose(value, float(sympy.N(exact, 30)), rtol=1e-8)


def gammainccinv_of(p):
    return sps.gammainccinv(2.5, p)


def betainccinv_of(p):
    return sps.betainccinv(2.0, 3.0, p)


def stdtrit_of(p):
    return sps.stdtrit(3.5, p)


@pytest.mark.parametrize("p", [0.1, 0.5, 0.93])
def test_the_complements_inverses_derivatives_are_minus_the_reciprocal_densities(p):
    x = sps.gammainccinv(2.5, p)
    assert transpiler.grad(gammainccinv_of)(p) == pytest.approx(-sps.gamma(2.5) / (x ** 1.5 * np.exp(-x)), rel=1e-10)
    x = sps.betainccinv(2.0, 3.0, p)
    assert transpiler.grad(betainccinv_of)(p) == pytest.approx(-sps.beta(2.0, 3.0) / (x * (1 - x) ** 2), rel=1e-10)
    t = sps.stdtrit(3.5, p)
    density = np.exp(sps.gammaln(2.25) - sps.gammaln(1.75) - 0.5 * np.log(3.5 * np.pi) - 2.25 * np.log1p(t * t / 3.5))
    assert transpiler.grad(stdtrit_of)(p) == pytest.approx(1 / density, rel=1e-10)


def new_functions(x):
    p = x / 3
    return np.sum(sps.betaincc(2.0, 1.5, p) + sps.gammainccinv(1.5, p) + sps.betainccinv(2.5, 1.5, p) * sps.stdtrit(4.0, p)
                  + sps.inv_boxcox(x, 0.4) + sps.inv_boxcox1p(x, -0.2) + sps.powm1(x, x / 2) + sps.zetac(x + 1.5))


def test_the_new_functions_in_arrays_in_both_modes_and_the_hessian():
    gradient_matches_finite_differences(new_functions, X)
    jvp_matches_finite_differences(new_functions, X)
    hessian_matches_differences_of_the_gradient(new_functions, X, rtol=1e-3, atol=1e-5)


def new_functions_in_float32(x):
    return np.sum(sps.betaincc(np.float32(2.0), np.float32(1.5), x) + sps.stdtrit(np.float32(4.0), x)
                  + sps.powm1(x, np.float32(0.5)) + sps.inv_boxcox(x, np.float32(0.3)))


def test_float32_is_kept_by_the_new_functions():
    x = np.array([0.2, 0.6], dtype=np.float32)
    gradient = transpiler.grad(new_functions_in_float32)(x)
    assert gradient.dtype == np.float32
    np.testing.assert_allclose(gradient, transpiler.grad(new_functions_in_float32)(x.astype(np.float64)), rtol=1e-4)
