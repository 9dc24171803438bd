"""check_symbolic: the function's SSA run on sympy symbols, differentiated by sympy, compared with
transpiler.grad at the point and at perturbations that take the same path.

``test_every_scalar_elementwise_rule_matches_sympy`` writes a one-primitive module per
elementwise rule in ``REGISTRY`` (the compiler reads source, so each function is real source in a
real file) and checks it: a new rule cannot land without a sympy counterpart and a passing check.
"""
import ast
import importlib.util
import math

import numpy as np
import pytest
import sympy

import transpiler
from transpiler.check import NoSympyCounterpartError, SymbolicCheckError, check_grad, check_symbolic
from transpiler.check import symbolic
from transpiler.errors import RunTimeRefusal, TranspileError
from transpiler.primitives import REGISTRY
from transpiler.primitives.registry import OPTIONAL_RULES

x_, y_ = sympy.symbols("x y", real=True)


# --------------------------------------------------------------------------- functions under test
def smooth(x, y):
    return np.exp(x * y) + np.sin(x) / (1 + y * y)


def branchy(x, y):
    if x > 0:
        z = x * y
    else:
        z = np.cos(x) + y
    return z * z


def unrolled(x, n):
    s = 0.0
    for i in range(n):
        s = s * x + i
    return s


def until_big(x):
    v = x
    while v < 10.0:
        v = v * 2.0 + 1.0
    return v


def with_floor_and_mod(x, y):
    return np.floor(x) * y + x % 0.75


def on_arrays(w, x):
    return np.sum(np.tanh(w @ x)) + np.mean(w * w)


SCALE = 0.75


def helper(a):
    return a * a + SCALE


def calls_a_helper_and_reads_a_global(x, y):
    return helper(x) * y + SCALE * math.pi


def uses_try(x):
    try:
        y = x
    except ValueError:
        y = 0.0
    return y


def near_threshold(x):
    if x > 1.0:
        return x * x
    return 3.0 * x


# --------------------------------------------------------------------------- the check itself
def test_smooth_function_matches_sympy_at_the_point_and_every_perturbation():
    report = check_symbolic(smooth, 0.7, -0.4, points=3)
    assert report.ok and bool(report)
    assert len(report.points) == 4 and not report.points[0].perturbed
    assert all(p.perturbed for p in report.points[1:])
    assert sympy.simplify(report.expression - (sympy.exp(x_ * y_) + sympy.sin(x_) / (1 + y_ ** 2))) == 0


def test_default_wrt_is_every_float_argument():
    report = check_symbolic(unrolled, 0.5, 3)
    assert report.wrt == ("x",)
    assert report.ok


def test_branch_is_resolved_at_the_point():
    positive = check_symbolic(branchy, 0.5, 2.0)
    negative = check_symbolic(branchy, -0.5, 2.0)
    assert positive.ok and negative.ok
    assert sympy.simplify(positive.expression - (x_ * y_) ** 2) == 0
    assert sympy.simplify(negative.expression - (sympy.cos(x_) + y_) ** 2) == 0


def test_for_loop_is_unrolled_for_the_given_trip_count():
    report = check_symbolic(unrolled, 0.5, 4, wrt="x")
    # s = ((0*x + 0)*x + 1)*x + 2)*x + 3
    assert sympy.expand(report.expression - (x_ ** 2 + 2 * x_ + 3)) == 0
    assert report.ok


def test_while_loop_is_unrolled_and_perturbations_keep_the_trip_count():
    report = check_symbolic(until_big, 1.3, points=3)
    assert report.ok
    assert sympy.expand(report.expression - (8 * sympy.Symbol("x", real=True) + 7)) == 0


def test_module_level_values_and_inlined_calls_take_their_current_values():
    report = check_symbolic(calls_a_helper_and_reads_a_global, 0.3, 0.9)
    assert report.ok
    assert sympy.simplify(report.expression - (y_ * (x_ ** 2 + 0.75) + 0.75 * math.pi)) == 0


def test_perturbations_that_change_the_branch_are_skipped():
    report = check_symbolic(near_threshold, 1.0 + 1e-3, points=3, scale=1e-2)
    assert report.ok
    assert report.skipped > 0
    assert all(p.args["x"] > 1.0 for p in report.points)


def test_piecewise_constant_values_are_fixed_on_the_path():
    report = check_symbolic(with_floor_and_mod, 1.3, 0.8)
    assert report.ok
    # floor(1.3) = 1 and 1.3 // 0.75 = 1 are constants of the path
    assert sympy.simplify(report.expression - (y_ + x_ - 0.75)) == 0


def test_array_arguments_get_one_symbol_per_element():
    w = np.array([[0.3, -0.2], [0.1, 0.4]])
    x = np.array([0.5, -1.0])
    report = check_symbolic(on_arrays, w, x, wrt=("w", "x"))
    assert report.ok
    assert set(report.derivatives) == {"w[0, 0]", "w[0, 1]", "w[1, 0]", "w[1, 1]", "x[0]", "x[1]"}


def test_a_wrong_gradient_is_reported_as_a_mismatch(monkeypatch):
    right = transpiler.grad

    def off_by_a_bit(f, wrt=0):
        g = right(f, wrt)
        return lambda *args: tuple(np.asarray(v) * (1 + 1e-6) for v in g(*args))

    monkeypatch.setattr(symbolic.api, "grad", off_by_a_bit)
    report = check_symbolic(smooth, 0.7, -0.4, points=1)
    assert not report.ok
    assert "MISMATCH" in str(report)
    assert all(p.max_rel_error == pytest.approx(1e-6, rel=1e-3) for p in report.points)


def sine(x, y):
    return np.sin(x) * y


def sine_lowered_wrong(x, y):        # what a wrong lowering of `sine` might compute
    return np.sin(x) * y + 0.25 * x * x


def sine_lowered_wrong_slope(x, y):  # the same value at x = 0.5, another slope there
    return np.sin(x) * y + 0.3 * (x - 0.5)


def _lower_as(monkeypatch, stand_in):
    """Make the compiler lower (and differentiate) ``sine`` as ``stand_in``: the compiler is
    consistently wrong, so sympy and transpiler.grad agree with each other."""
    real_lowered, real_grad = symbolic.pipeline.lowered, transpiler.grad
    monkeypatch.setattr(symbolic.pipeline, "lowered",
                        lambda func, *classes, **keywords: real_lowered(stand_in if func is sine else func, *classes,
                                                                        **keywords))
    monkeypatch.setattr(symbolic.api, "grad",
                        lambda f, wrt=0: real_grad(stand_in if f is sine else f, wrt))


def test_a_lowering_that_computes_another_function_is_a_mismatch(monkeypatch):
    # sympy differentiates the compiler's own lowering: without the real function as an anchor,
    # a lowering bug (grad and sympy both wrong the same way) would pass
    _lower_as(monkeypatch, sine_lowered_wrong)
    report = check_symbolic(sine, 0.5, 1.5, points=2)
    assert not report.ok
    assert "the function itself gives" in str(report) and "a lowering bug" in str(report)
    assert all(not p.ok for p in report.points)


def test_a_lowering_with_the_right_value_but_another_derivative_is_a_mismatch(monkeypatch):
    _lower_as(monkeypatch, sine_lowered_wrong_slope)
    report = check_symbolic(sine, 0.5, 1.5, points=0)
    assert not report.ok
    assert "disagrees with finite differences of the function itself" in str(report)


def aliased_augmented_assignment(x):
    y = x
    y += 1.0          # updates the array x names too
    return np.sum(x * y)


@pytest.mark.parametrize("check", [check_symbolic, check_grad])
def test_an_aliased_augmented_assignment_is_checked_as_python_computes_it(check):
    # the lowering bug of tests/check/test_fuzz.py: check_symbolic once reported ok the derivative of
    # sum(x * (x + 1)); then the compiler refused the write; now both names see the update, as in
    # Python (sum((x + 1) ** 2)), and both checks agree with the function itself
    x = np.array([0.5, -1.0])
    assert check(aliased_augmented_assignment, x).ok
    np.testing.assert_allclose(transpiler.grad(aliased_augmented_assignment)(x.copy()), 2 * (x + 1))


def test_report_reads_as_a_verdict_with_expression_and_derivatives():
    text = str(check_symbolic(smooth, 0.7, -0.4, points=1))
    assert text.splitlines()[0] == "check_symbolic smooth with respect to x, y: OK"
    assert "on this path f = " in text and "d/dx = " in text and "d/dy = " in text
    assert "at x=0.7, y=-0.4: ok" in text


def test_primitive_without_sympy_counterpart_raises_a_clear_error(monkeypatch):
    monkeypatch.setattr(REGISTRY[np.exp], "sympy", None)
    with pytest.raises(NoSympyCounterpartError, match=r"`np\.exp` has no sympy counterpart"):
        check_symbolic(smooth, 0.7, -0.4)


def test_compiler_errors_propagate_unchanged():
    with pytest.raises(TranspileError, match="a `try` block"):
        check_symbolic(uses_try, 1.0)


def test_non_scalar_output_is_rejected():
    def vector(x):
        return np.sin(x)
    with pytest.raises((ValueError, TranspileError)):
        check_symbolic(vector, np.array([1.0, 2.0]))


def test_symbolic_check_errors_are_exceptions_of_one_family():
    assert issubclass(NoSympyCounterpartError, SymbolicCheckError)


# --------------------------------------------------------------------------- every rule in REGISTRY
CANDIDATES = [(0.35, 0.8, -0.45), (1.7, 2.3, 0.6), (-0.45, 0.6, 1.3), (2.5, -1.3, 0.2),
              (-1.6, -0.7, 2.1), (0.62, -0.27, -1.9)]
PARAMS = ("a", "b", "c")


def _key_id(key) -> str:
    if isinstance(key, type) and issubclass(key, ast.AST):
        return f"ast.{key.__name__}"
    return REGISTRY[key].name


def _module_for(prim, tmp_path, name, value_factor: bool = False):
    """A module file ``def f(a, b): return <the primitive's spelling>`` (times ``a`` for a
    primitive without a derivative, so the function stays differentiable), imported."""
    params = list(PARAMS[:prim.arity or 1])
    call = prim.primal([ast.Name(id=p, ctx=ast.Load()) for p in params])
    if value_factor:
        call = ast.BinOp(left=call, op=ast.Mult(), right=ast.Name(id="a", ctx=ast.Load()))
    source = (f"import math\n\nimport numpy as np\n\n\ndef f({', '.join(params)}):\n"
              f"    return {ast.unparse(call)}\n")
    path = tmp_path / f"{name}.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(f"_symbolic_rule_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.f, source


def _valid_points(f, arity: int, most: int = 3) -> list:
    """The first ``most`` candidate points where the function is defined, finite and real."""
    points = []
    for candidate in CANDIDATES:
        args = [float(v) for v in candidate[:arity]]
        try:
            with np.errstate(all="raise"):
                value = f(*args)
        except (ValueError, ArithmeticError, FloatingPointError, TypeError):
            continue
        if np.ndim(value) == 0 and np.isrealobj(value) and np.isfinite(value):
            points.append(args)
    return points[:most]


def _core(prim) -> bool:
    """A rule of NumPy or Python, not of an optional library (SciPy): those register only once the
    library is imported (primitives/registry.py OPTIONAL_RULES), so whether they were listed here
    depended on what ran before collection, and these modules import NumPy and math only. Their
    sympy checks are their own tests' (tests/primitives/test_scipy_special*.py)."""
    return prim.family.split(".")[0] not in {library.split(".")[0] for library in OPTIONAL_RULES}


# (ldexp takes an integer exponent, none of these float points: test_rules.py checks it)
ELEMENTWISE = [k for k, p in REGISTRY.items() if p.partials is not None and k not in (np.ldexp, math.ldexp)
               and _core(p)]
SCALAR_NONDIFFERENTIABLE = [k for k, p in REGISTRY.items() if not p.differentiable and p.arity is None
                            and p.shape_rule in ("elementwise", "scalar") and k is not len and _core(p)]


@pytest.mark.parametrize("key", ELEMENTWISE, ids=_key_id)
def test_every_scalar_elementwise_rule_matches_sympy(key, tmp_path):
    prim = REGISTRY[key]
    f, source = _module_for(prim, tmp_path, f"rule_{abs(hash(_key_id(key)))}")
    points = _valid_points(f, prim.arity)
    assert points, f"no candidate point is inside the domain of\n{source}"
    for point in points:
        report = check_symbolic(f, *point, wrt=tuple(range(prim.arity)), points=2)
        assert report.ok, f"{source}\n{report}"


def _float_arity(prim) -> int | None:
    """How many float arguments the primitive takes (1 or 2), None if it rejects floats
    (bitwise operators)."""
    for arity in (1, 2):
        try:
            with np.errstate(all="ignore"):
                symbolic.evaluate_primal(prim, [0.35, 0.8][:arity], [])
            return arity
        except (TypeError, ValueError, IndexError, RunTimeRefusal):   # IndexError: an operator spelled with one;
            continue        # RunTimeRefusal: a helper of vectors only (hessenberg's reflection_sign)
    return None


NONDIFFERENTIABLE_ON_FLOATS = [k for k in SCALAR_NONDIFFERENTIABLE if _float_arity(REGISTRY[k])]


@pytest.mark.parametrize("key", NONDIFFERENTIABLE_ON_FLOATS, ids=_key_id)
def test_every_scalar_nondifferentiable_rule_has_zero_derivative_symbolically(key, tmp_path):
    prim = REGISTRY[key]
    arity = _float_arity(prim)
    prim.arity, saved = arity, prim.arity   # only to spell the call with the right arguments
    try:
        f, source = _module_for(prim, tmp_path, f"nondiff_{abs(hash(_key_id(key)))}", value_factor=True)
    finally:
        prim.arity = saved
    points = _valid_points(f, arity)
    assert points, f"no candidate point is inside the domain of\n{source}"
    for point in points:
        report = check_symbolic(f, *point, wrt=tuple(range(arity)), points=2)
        assert report.ok, f"{source}\n{report}"
        # the rule's output is a constant of the path: only the factor `a` is differentiated
        assert report.expression.free_symbols <= {sympy.Symbol("a", real=True)}


def test_the_rule_sweep_covers_every_elementwise_primitive():
    assert len(ELEMENTWISE) >= 70
    assert all(symbolic.sympy_function(REGISTRY[k]) is not None for k in ELEMENTWISE), [
        _key_id(k) for k in ELEMENTWISE if symbolic.sympy_function(REGISTRY[k]) is None]


def _airy_and_spherical_kn(x):
    import scipy.special

    ai, _, _, bip = scipy.special.airy(x)
    return ai * bip + scipy.special.spherical_kn(2, x) + scipy.special.sici(x)[0]


def test_scipy_rules_spelled_as_runtime_helpers_run_and_match():
    """airy, spherical_kn and sici lower to primitives spelled as runtime helpers that register
    when SciPy's rules load, after the interpreter's namespace was made: they were a NameError.
    spherical_kn's counterpart was sqrt(2 / (pi z)) K(n + 1/2, z), pi / 2 off SciPy's function."""
    pytest.importorskip("scipy")
    for x in (0.35, 1.7):
        report = check_symbolic(_airy_and_spherical_kn, x)
        assert report.ok, str(report)
