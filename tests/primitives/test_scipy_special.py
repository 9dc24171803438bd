"""scipy.special: every rule against central finite differences at several points and against
sympy's derivative, on arrays in both modes, through Hessians; the reductions (logsumexp,
softmax, log_softmax, multigammaln) in every calling convention SciPy accepts; SciPy stays an
optional import."""
import subprocess
import sys
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import pytest

scipy = pytest.importorskip("scipy")
sympy = pytest.importorskip("sympy")
import scipy.special as sps  # noqa: E402
from scipy.special import logsumexp  # noqa: E402

import transpiler  # noqa: E402
from transpiler import check_grad  # noqa: E402
from transpiler.errors import NonDifferentiableError  # noqa: E402
from transpiler.primitives import lookup  # noqa: E402
from transpiler.primitives.scipy_special import hurwitz_zeta  # noqa: E402  (zeta's primitive: zeta itself composes it)


# --------------------------------------------------------------------------- scalar cases
def f_expit(x): return sps.expit(x)
def f_logit(x): return sps.logit(x)
def f_gammaln(x): return sps.gammaln(x)
def f_loggamma(x): return sps.loggamma(x)
def f_digamma(x): return sps.digamma(x)
def f_psi(x): return sps.psi(x)
def f_polygamma(x): return sps.polygamma(2, x)
def f_gamma(x): return sps.gamma(x)
def f_rgamma(x): return sps.rgamma(x)
def f_beta(a, b): return sps.beta(a, b)
def f_betaln(a, b): return sps.betaln(a, b)
def f_gammainc(x): return sps.gammainc(2.5, x)
def f_gammaincc(x): return sps.gammaincc(2.5, x)
def f_betainc(x): return sps.betainc(2.0, 3.0, x)
def f_stdtr(x): return sps.stdtr(3.0, x)
def f_erf(x): return sps.erf(x)
def f_erfc(x): return sps.erfc(x)
def f_erfinv(x): return sps.erfinv(x)
def f_erfcinv(x): return sps.erfcinv(x)
def f_ndtr(x): return sps.ndtr(x)
def f_log_ndtr(x): return sps.log_ndtr(x)
def f_ndtri(x): return sps.ndtri(x)
def f_xlogy(x, z): return sps.xlogy(x, z)
def f_xlog1py(x, z): return sps.xlog1py(x, z)
def f_i0(x): return sps.i0(x)
def f_i1(x): return sps.i1(x)
def f_iv(x): return sps.iv(1.5, x)
def f_ive(x): return sps.ive(2.0, x)
def f_jv(x): return sps.jv(0.5, x)
def f_jn(x): return sps.jn(2, x)
def f_yv(x): return sps.yv(1.5, x)
def f_yn(x): return sps.yn(2, x)
def f_j0(x): return sps.j0(x)
def f_j1(x): return sps.j1(x)
def f_y0(x): return sps.y0(x)
def f_y1(x): return sps.y1(x)
def f_erfcx(x): return sps.erfcx(x)
def f_i0e(x): return sps.i0e(x)
def f_i1e(x): return sps.i1e(x)
def f_dawsn(x): return sps.dawsn(x)
def f_exp1(x): return sps.exp1(x)
def f_expi(x): return sps.expi(x)
def f_entr(x): return sps.entr(x)
def f_rel_entr(a, b): return sps.rel_entr(a, b)
def f_kl_div(a, b): return sps.kl_div(a, b)
def f_spence(x): return sps.spence(x)
def f_zeta(q): return sps.zeta(2.5, q)
def f_poch(z, m): return sps.poch(z, m)
def f_log_expit(x): return sps.log_expit(x)
def f_wrightomega(x): return sps.wrightomega(x)
def f_expn(x): return sps.expn(2, x)
def f_expn0(x): return sps.expn(0, x)
def f_hyp1f1(x): return sps.hyp1f1(0.5, 1.5, x)
def f_hyp2f1(z): return sps.hyp2f1(0.5, 1.2, 2.0, z)
def f_owens_t(h, a): return sps.owens_t(h, a)
def f_boxcox(x): return sps.boxcox(x, 0.7)
def f_boxcox1p(x): return sps.boxcox1p(x, -0.4)


@dataclass
class Case:
    fn: Callable
    key: Any                    # the scipy function the case applies
    points: list                # argument tuples
    order: Any = None           # a constant leading argument (an order), not differentiated


POS = [(0.3,), (1.7,), (4.2,)]
UNIT = [(0.15,), (0.5,), (0.85,)]
SIGNED = [(-1.3,), (0.4,), (2.6,)]
CASES = [
    Case(f_expit, sps.expit, SIGNED), Case(f_logit, sps.logit, UNIT),
    Case(f_gammaln, sps.gammaln, POS + [(-1.5,)]), Case(f_loggamma, sps.loggamma, POS),
    Case(f_digamma, sps.digamma, POS), Case(f_psi, sps.psi, POS),
    Case(f_polygamma, sps.polygamma, POS, order=2),
    Case(f_gamma, sps.gamma, POS + [(-1.5,)]), Case(f_rgamma, sps.rgamma, POS + [(-1.5,)]),
    Case(f_beta, sps.beta, [(0.7, 1.3), (2.5, 4.0)]), Case(f_betaln, sps.betaln, [(0.7, 1.3), (2.5, 4.0)]),
    Case(f_gammainc, sps.gammainc, POS, order=2.5), Case(f_gammaincc, sps.gammaincc, POS, order=2.5),
    Case(f_betainc, sps.betainc, UNIT, order=(2.0, 3.0)), Case(f_stdtr, sps.stdtr, SIGNED + [(0.0,)], order=3.0),
    Case(f_erf, sps.erf, SIGNED), Case(f_erfc, sps.erfc, SIGNED),
    Case(f_erfinv, sps.erfinv, [(-0.6,), (0.1,), (0.8,)]), Case(f_erfcinv, sps.erfcinv, [(0.3,), (1.0,), (1.7,)]),
    Case(f_ndtr, sps.ndtr, SIGNED), Case(f_log_ndtr, sps.log_ndtr, SIGNED + [(-9.0,)]), Case(f_ndtri, sps.ndtri, UNIT),
    Case(f_xlogy, sps.xlogy, [(0.7, 1.3), (-2.0, 0.4)]), Case(f_xlog1py, sps.xlog1py, [(0.7, 1.3), (-2.0, -0.4)]),
    Case(f_i0, sps.i0, SIGNED), Case(f_i1, sps.i1, SIGNED + [(0.0,)]),
    Case(f_iv, sps.iv, POS, order=1.5), Case(f_ive, sps.ive, SIGNED, order=2.0),
    Case(f_jv, sps.jv, POS, order=0.5), Case(f_jn, sps.jn, POS, order=2),
    Case(f_yv, sps.yv, POS, order=1.5), Case(f_yn, sps.yn, POS, order=2),
    Case(f_j0, sps.j0, SIGNED), Case(f_j1, sps.j1, SIGNED), Case(f_y0, sps.y0, POS), Case(f_y1, sps.y1, POS),
    Case(f_erfcx, sps.erfcx, SIGNED), Case(f_i0e, sps.i0e, SIGNED), Case(f_i1e, sps.i1e, SIGNED),
    Case(f_dawsn, sps.dawsn, SIGNED), Case(f_exp1, sps.exp1, POS), Case(f_expi, sps.expi, SIGNED),
    Case(f_entr, sps.entr, POS), Case(f_rel_entr, sps.rel_entr, [(0.7, 1.3), (2.5, 0.4)]),
    Case(f_kl_div, sps.kl_div, [(0.7, 1.3), (2.5, 0.4)]), Case(f_spence, sps.spence, POS),
    Case(f_zeta, hurwitz_zeta, POS, order=2.5), Case(f_poch, sps.poch, [(0.7, 1.3), (2.5, 0.4)]),
    Case(f_log_expit, sps.log_expit, SIGNED + [(-30.0,)]), Case(f_expn, sps.expn, POS, order=2),
    Case(f_expn0, sps.expn, POS, order=0), Case(f_hyp1f1, sps.hyp1f1, SIGNED, order=(0.5, 1.5)),
    Case(f_hyp2f1, sps.hyp2f1, [(-0.6,), (0.3,), (0.7,)], order=(0.5, 1.2, 2.0)),
    Case(f_owens_t, sps.owens_t, [(0.6, 1.3), (-1.2, 0.4)]),
    Case(f_wrightomega, sps.wrightomega, SIGNED + [(-20.0,), (30.0,)]),
]
# (boxcox's constant is its second argument, not a leading order: checked below)


def point_cases():
    return [pytest.param(c, p, id=f"{c.fn.__name__}-{','.join(map(str, p))}") for c in CASES for p in c.points]


def all_args(case):
    return tuple(range(len(case.points[0])))


@pytest.mark.parametrize("case, point", point_cases())
def test_scalar_gradient_matches_finite_differences(case, point):
    report = check_grad(case.fn, *point, wrt=all_args(case))
    assert report.ok, str(report)


def sympy_reference(case):
    prim = lookup(case.key)
    leading = () if case.order is None else case.order if isinstance(case.order, tuple) else (case.order,)
    return lambda *syms: prim.sympy(sympy, *map(sympy.nsimplify, leading), *syms)


@pytest.mark.parametrize("case, point", point_cases())
def test_scalar_gradient_matches_sympy(case, point):
    syms = sympy.symbols("a b", real=True)[:len(point)]
    expression = sympy_reference(case)(*syms)
    got = transpiler.grad(case.fn, wrt=all_args(case))(*point)
    for i, value in enumerate(got):
        exact = with_inverses_evaluated(sympy.diff(expression, syms[i]).subs(dict(zip(syms, map(sympy.Float, point)))))
        np.testing.assert_allclose(value, float(exact.evalf(30)), rtol=1e-8, atol=1e-12)


@pytest.mark.parametrize("fn, point, reference", [
    (f_boxcox, 1.7, lambda x: (x ** sympy.Rational(7, 10) - 1) / sympy.Rational(7, 10)),
    (f_boxcox1p, 0.5, lambda x: ((1 + x) ** sympy.Rational(-2, 5) - 1) / sympy.Rational(-2, 5))])
def test_boxcox_gradient_in_x_matches_sympy_and_finite_differences_in_both_modes(fn, point, reference):
    x = sympy.Symbol("x", positive=True)
    exact = float(sympy.diff(reference(x), x).subs(x, sympy.Float(point)).evalf(30))
    np.testing.assert_allclose(transpiler.grad(fn)(point), exact, rtol=1e-10)
    np.testing.assert_allclose(transpiler.jvp(fn, (point,), (1.0,))[1], exact, rtol=1e-10)
    assert check_grad(fn, point).ok


def boxcox_in_lambda(x, lmbda):
    return sps.boxcox(x, lmbda)


def test_boxcox_lambda_differentiated_is_refused():
    with pytest.raises(NonDifferentiableError):
        transpiler.grad(boxcox_in_lambda, wrt=1)(1.5, 0.3)


def test_spence_derivative_at_one_is_its_limit():
    np.testing.assert_allclose(transpiler.grad(f_spence)(1.0), -1.0)
    assert check_grad(f_spence, 1.0).ok


def with_inverses_evaluated(expression):
    """sympy cannot evaluate erfinv and erfcinv numerically: SciPy's values stand in for them
    (the derivative's formula is still sympy's)."""
    return expression.replace(lambda e: e.func in (sympy.erfinv, sympy.erfcinv),
                              lambda e: sympy.Float(getattr(sps, e.func.__name__)(float(e.args[0])), 30))


@pytest.mark.parametrize("case, point", point_cases())
def test_forward_mode_matches_reverse(case, point):
    tangents = tuple(0.5 + i for i in range(len(point)))
    _, tangent = transpiler.jvp(case.fn, point, tangents)
    gradient = transpiler.grad(case.fn, wrt=all_args(case))(*point)
    assert tangent == pytest.approx(sum(g * t for g, t in zip(gradient, tangents)), rel=1e-10)


def second_derivative(fn, x, h=1e-4):
    g = transpiler.grad(fn)
    return (g(x + h) - g(x - h)) / (2 * h)


@pytest.mark.parametrize("case", [pytest.param(c, id=c.fn.__name__) for c in CASES if len(c.points[0]) == 1])
def test_hessian_through_each_rule_matches_differences_of_the_gradient(case):
    x = case.points[1][0]
    hessian = transpiler.hessian(case.fn)(x)
    np.testing.assert_allclose(hessian, second_derivative(case.fn, x), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("case", [pytest.param(c, id=c.fn.__name__) for c in CASES if len(c.points[0]) == 2])
def test_hvp_through_each_two_argument_rule_in_either_argument(case):
    a, b = case.points[0]
    h = 1e-5
    first, second = transpiler.grad(case.fn, wrt=0), transpiler.grad(case.fn, wrt=1)
    np.testing.assert_allclose(transpiler.hvp(case.fn, a, 1.0, b), (first(a + h, b) - first(a - h, b)) / (2 * h),
                               rtol=1e-6)
    np.testing.assert_allclose(transpiler.hessian(case.fn, wrt=1)(a, b),
                               (second(a, b + h) - second(a, b - h)) / (2 * h), rtol=1e-6)


# --------------------------------------------------------------------------- arrays, broadcasting
def broadcast_gammaln_times_xlogy(x, z):
    return np.sum(sps.gammaln(x) * sps.xlogy(x, z[:, None]))


def bessel_mix(x):
    return np.sum(sps.iv(np.array([0.5, 1.0, 2.0]), x) + sps.jv(1, x) * sps.erf(x))


def loop_of_expits(x):
    total = 0.0
    for i in range(3):
        total = total + sps.expit(x[i]) * sps.log_ndtr(x[i])
    return total


def test_array_arguments_broadcast_in_both_modes():
    x, z = np.array([0.6, 1.4, 2.9]), np.array([0.5, 2.0])
    assert check_grad(broadcast_gammaln_times_xlogy, x, z, wrt=(0, 1)).ok
    v = np.array([0.3, -1.0, 2.0])
    _, tangent = transpiler.jvp(broadcast_gammaln_times_xlogy, (x, z), (v, np.zeros(2)))
    assert tangent == pytest.approx(transpiler.grad(broadcast_gammaln_times_xlogy)(x, z) @ v)


def test_array_order_and_a_loop():
    x = np.array([0.6, 1.4, 2.9])
    assert check_grad(bessel_mix, x).ok
    assert check_grad(loop_of_expits, np.array([-0.4, 0.2, 1.5])).ok


def test_hvp_through_array_rules():
    x, v = np.array([0.6, 1.4, 2.9]), np.array([1.0, -0.5, 0.25])
    np.testing.assert_allclose(transpiler.hvp(bessel_mix, x, v), transpiler.hessian(bessel_mix)(x) @ v, rtol=1e-10)
    h = 1e-5
    numeric = (transpiler.grad(bessel_mix)(x + h * v) - transpiler.grad(bessel_mix)(x - h * v)) / (2 * h)
    np.testing.assert_allclose(transpiler.hvp(bessel_mix, x, v), numeric, rtol=1e-6)


def float32_erf(x):
    return np.sum(sps.erf(x) ** 2)


def test_float32_arrays():
    x = np.array([0.1, -0.7, 1.2], dtype=np.float32)
    expected = 2 * sps.erf(x.astype(float)) * 2 / np.sqrt(np.pi) * np.exp(-x.astype(float) ** 2)
    np.testing.assert_allclose(transpiler.grad(float32_erf)(x), expected, rtol=1e-5)


# --------------------------------------------------------------------------- orders refused
def active_order(v, x):
    return sps.iv(v, x)


def order_as_argument(n, x):
    return sps.polygamma(n, x) + sps.yn(n, x)


def test_an_order_passed_as_a_constant_argument_is_differentiated_in_x_only():
    assert check_grad(order_as_argument, 2, 1.3, wrt=1).ok


def test_an_active_order_is_refused_at_its_line_in_both_modes():
    with pytest.raises(NonDifferentiableError) as info:
        transpiler.grad(active_order, wrt=(0, 1))(1.5, 2.0)
    assert "argument 1" in str(info.value) and "test_scipy_special.py" in str(info.value)
    with pytest.raises(NonDifferentiableError):
        transpiler.jvp(active_order, (1.5, 2.0), (1.0, 0.0))


# --------------------------------------------------------------------------- logsumexp and friends
ROWS = np.array([[0.3, -1.2, 2.0], [1.1, 0.4, -0.6]])
WEIGHTS = np.array([[1.0, 0.5, 2.0], [0.3, 1.5, 1.0]])


def lse_all(a): return logsumexp(a)
def lse_axis0(a): return np.sum(logsumexp(a, axis=0))
def lse_axis1_keepdims(a): return np.sum(logsumexp(a, 1, keepdims=True) ** 2)
def lse_negative_axis(a): return np.sum(logsumexp(a, axis=-1))
def lse_b_keyword(a, b): return np.sum(logsumexp(a, axis=1, b=b))
def lse_b_positional(a, b): return np.sum(logsumexp(a, 0, b))
def lse_axis_tuple(a): return logsumexp(a, axis=(0, 1))


def lse_signed(a, b):
    value, sign = logsumexp(a, axis=0, b=b, return_sign=True)
    return np.sum(value * sign)


def lse_signed_positional(a, b):
    value, sign = logsumexp(a, None, b, False, True)
    return value * sign


def lse_module_spelling(a):
    return scipy.special.logsumexp(a, axis=1).sum()


def softmax_rows(a): return np.sum(sps.softmax(a, axis=1) * WEIGHTS)
def softmax_all(a): return np.sum(sps.softmax(a) ** 2)
def log_softmax_rows(a): return np.sum(sps.log_softmax(a, axis=-1) * WEIGHTS)
def log_softmax_positional(a): return np.sum(sps.log_softmax(a, 0) * WEIGHTS)
def multigammaln_scalar(a): return sps.multigammaln(a, 3)
def multigammaln_keywords(a): return np.sum(sps.multigammaln(a=a, d=2))


NEGATIVE_WEIGHTS = np.array([[1.0, -0.5, 2.0], [-0.3, 1.5, -1.0]])
REDUCTIONS = [
    (lse_all, (ROWS,)), (lse_axis0, (ROWS,)), (lse_axis1_keepdims, (ROWS,)), (lse_negative_axis, (ROWS,)),
    (lse_b_keyword, (ROWS, WEIGHTS)), (lse_b_positional, (ROWS, WEIGHTS)), (lse_axis_tuple, (ROWS,)),
    (lse_signed, (ROWS, NEGATIVE_WEIGHTS)), (lse_signed_positional, (ROWS, NEGATIVE_WEIGHTS)),
    (lse_module_spelling, (ROWS,)), (softmax_rows, (ROWS,)), (softmax_all, (ROWS,)),
    (log_softmax_rows, (ROWS,)), (log_softmax_positional, (ROWS,)),
    (multigammaln_scalar, (2.7,)), (multigammaln_keywords, (np.array([1.8, 3.5]),)),
]


def reduction_cases():
    return [pytest.param(fn, args, id=fn.__name__) for fn, args in REDUCTIONS]


@pytest.mark.parametrize("fn, args", reduction_cases())
def test_reduction_value_and_gradient_match_scipy_and_finite_differences(fn, args):
    value, _ = transpiler.value_and_grad(fn)(*args)
    assert value == pytest.approx(fn(*args), rel=1e-12)
    report = check_grad(fn, *args, wrt=tuple(range(len(args))))
    assert report.ok, str(report)


@pytest.mark.parametrize("fn, args", reduction_cases())
def test_reduction_forward_mode_matches_reverse(fn, args):
    tangents = tuple(np.full(np.shape(a), 0.7) + 0.1 * np.arange(np.size(a)).reshape(np.shape(a)) for a in args)
    _, tangent = transpiler.jvp(fn, args, tangents)
    gradients = transpiler.grad(fn, wrt=tuple(range(len(args))))(*args)
    assert tangent == pytest.approx(sum(np.sum(g * t) for g, t in zip(gradients, tangents)), rel=1e-9)


@pytest.mark.parametrize("fn, args", reduction_cases())
def test_reduction_hvp_matches_differences_of_the_gradient(fn, args):
    x, rest = args[0], args[1:]
    v = np.ones_like(x) if np.ndim(x) else 1.0
    got = transpiler.hvp(fn, x, v, *rest)
    h = 1e-5
    g = transpiler.grad(fn)
    np.testing.assert_allclose(got, (g(x + h * v, *rest) - g(x - h * v, *rest)) / (2 * h), rtol=1e-5, atol=1e-7)


def test_logsumexp_gradient_is_finite_for_large_inputs():
    a = np.array([1000.0, 1001.0, -1000.0])
    gradient = transpiler.grad(lse_all)(a)
    np.testing.assert_allclose(gradient, sps.softmax(a), rtol=1e-12)


def test_generated_code_is_readable_and_imports_scipy():
    source = transpiler.grad(f_gammaln).source()
    assert "import scipy.special" in source and "scipy.special.digamma(x)" in source
    namespace = {}
    exec(compile(source, "<printed>", "exec"), namespace)
    assert namespace["f_gammaln_grad"](2.5) == pytest.approx(sps.digamma(2.5))


# --------------------------------------------------------------------------- optional import
def test_importing_transpiler_does_not_import_scipy():
    script = "import sys, transpiler, transpiler.primitives.table\nassert 'scipy' not in sys.modules, 'imported'\n"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


# --------------------------------------------------------------------------- check_symbolic
def mixed_scalar_program(x, z):
    return sps.gammaln(x) * sps.xlogy(x, z) + sps.erf(x) * sps.iv(1.5, z) + sps.log_ndtr(x - z)


def test_check_symbolic_runs_scipy_primitives_through_sympy():
    from transpiler.check.symbolic import check_symbolic

    report = check_symbolic(mixed_scalar_program, 1.3, 0.7, wrt=(0, 1))
    assert report.ok, str(report)


def test_a_rule_registered_before_scipys_load_is_kept():
    script = ("import transpiler, scipy.special as sps\n"
              "from transpiler.primitives import registry\n"
              "assert sps.erf not in registry.REGISTRY\n"
              "transpiler.register_rule(sps.erf, lambda d_y, y, x: (2.0 * d_y,))\n"
              "assert registry.lookup(sps.gammaln) is not None   # the first miss loads SciPy's rules\n"
              "assert registry.REGISTRY[sps.erf].family == 'custom'\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


from scipy.special import gammaln as imported_gammaln  # noqa: E402


def by_imported_name(x):
    return imported_gammaln(x) * scipy.special.expit(x)


def test_any_spelling_that_resolves_to_the_function():
    assert check_grad(by_imported_name, 1.7).ok


def summed_gammaln(x):
    return np.sum(sps.gammaln(x))


def test_numba_backend_says_it_cannot_compile_scipy_calls():
    pytest.importorskip("numba")
    with pytest.raises(transpiler.TranspileError) as info:
        transpiler.grad(summed_gammaln, backend="numba")(np.array([1.5, 2.5]))
    assert "numba cannot compile" in str(info.value) and "backend='numpy'" in str(info.value)


# --------------------------------------------------------------------------- owens_t, gammasgn
def owens_t_sum(h, a):
    return np.sum(sps.owens_t(h, a))


def test_owens_t_in_both_arguments_in_both_modes_and_through_the_hessian():
    h, a = np.array([-1.2, 0.3, 0.6]), np.array([0.4, 1.3, -0.7])
    assert check_grad(owens_t_sum, h, a, wrt=(0, 1)).ok
    gh, ga = transpiler.grad(owens_t_sum, wrt=(0, 1))(h, a)
    v, w = np.array([0.5, -1.0, 0.25]), np.array([0.3, 0.2, -0.4])
    assert transpiler.jvp(owens_t_sum, (h, a), (v, w))[1] == pytest.approx(gh @ v + ga @ w, rel=1e-10)
    step = 1e-5
    g = transpiler.grad(owens_t_sum)
    np.testing.assert_allclose(transpiler.hvp(owens_t_sum, h, v, a),
                               (g(h + step * v, a) - g(h - step * v, a)) / (2 * step), rtol=1e-6, atol=1e-9)


def gamma_times_sign(x):
    return np.sum(sps.gammasgn(x) * x * x)


def test_gammasgn_is_piecewise_constant():
    x = np.array([-1.5, -0.5, 0.7, 2.2])
    np.testing.assert_allclose(transpiler.grad(gamma_times_sign)(x), 2 * x * sps.gammasgn(x))
    assert check_grad(gamma_times_sign, x).ok


def hyp1f1_in_a(a):
    return sps.hyp1f1(a, 1.5, 0.4)


def test_hypergeometric_parameter_differentiated_twice_is_refused():
    # once is a series (scipy_special_parameters.py, tests/primitives/test_scipy_special_parameters.py)
    with pytest.raises(NonDifferentiableError, match="hyp1f1_a_partial"):
        transpiler.hessian(hyp1f1_in_a)(0.5)


def entropy_terms(p, y):
    return np.sum(sps.xlogy(y, p) + sps.xlog1py(1 - y, -p))


def test_xlogy_partial_in_z_is_zero_where_x_is_zero_with_one_guard():
    # x / np.where(x == 0, 1.0, z): 0 where x is 0, even at z = 0 (not 0/0) and z = 1 for xlog1py
    y, p = np.array([0.0, 1.0, 0.0, 1.0]), np.array([0.0, 0.3, 0.6, 1.0])
    np.testing.assert_array_equal(transpiler.grad(entropy_terms)(p, y), [-1.0, 1 / 0.3, -1 / 0.4, 1.0])
    gradient = transpiler.grad(entropy_terms)
    gradient(p, y)
    assert gradient.compiled((p, y)).source.count("np.where") == 2
    inside = np.array([0.2, 0.45, 0.7])
    assert check_grad(entropy_terms, inside, np.array([0.0, 0.4, 1.0]), wrt=0).ok
    _, tangent = transpiler.jvp(entropy_terms, (inside, np.array([0.0, 0.4, 1.0])), (np.ones(3), np.zeros(3)))
    assert tangent == pytest.approx(gradient(inside, np.array([0.0, 0.4, 1.0])).sum())


def test_xlogy_adjoint_keeps_float32():
    p, y = np.array([0.2, 0.7], np.float32), np.array([0.0, 1.0], np.float32)
    assert transpiler.grad(entropy_terms)(p, y).dtype == np.float32
