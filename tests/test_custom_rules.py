"""Custom derivative rules (transpiler/custom.py): ``register_rule(f, vjp, jvp=None, check_at=None)``
replaces ``f``'s transformed body with the user's VJP/JVP, ``check_rule`` compares them with
finite differences, and ``stop_gradient`` blocks derivatives in both modes.

Every registration goes through the ``register`` fixture (tests/conftest.py), which removes the
rule again after the test: the registry is global and other test modules check which functions
have no rule.
"""
import numpy as np
import pytest

import transpiler
from transpiler import (NonDifferentiableError, RuleCheckError, TranspileError, UnknownFunctionError, stop_gradient)
from transpiler.driver import pipeline
from transpiler.primitives import runtime
from transpiler.ad.forward import TangentSpec
from transpiler.primitives.registry import REGISTRY

try:
    import scipy.special as scipy_special
except ImportError:   # pragma: no cover - scipy is optional
    scipy_special = None



def numeric_derivative(f, args, i, h=1e-6):
    """Central differences of scalar ``f`` w.r.t. ``args[i]`` (a number or an array)."""
    args = list(args)
    x = np.asarray(args[i], dtype=float)
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        step = h * max(1.0, abs(x[idx]))
        up, down = x.copy(), x.copy()
        up[idx] += step
        down[idx] -= step
        at = (lambda v: float(v)) if x.ndim == 0 else (lambda v: v)
        g[idx] = (f(*args[:i], at(up), *args[i + 1:]) - f(*args[:i], at(down), *args[i + 1:])) / (2 * step)
    return float(g) if x.ndim == 0 else g


def forward_source(f, shapes, wrt=(0,)):
    """The generated forward-mode module text for ``f``."""
    return pipeline.source(f, TangentSpec(tuple(wrt), tuple(shapes)))


# =============================================================================== the rule replaces the body
CALLS = {"primal": 0, "vjp": 0, "jvp": 0}


def cubic(x):
    """Its body's derivative is 3 x**2; the rule below says 7 (deliberately different)."""
    return x ** 3


def cubic_vjp(d_y, y, x):
    CALLS["vjp"] += 1
    return (7.0 * d_y,)


def cubic_jvp(tangents, y, x):
    CALLS["jvp"] += 1
    return 7.0 * tangents[0]


def uses_cubic(x):
    return cubic(x) + 2.0 * x


def uses_cubic_vector(x):
    return np.sum(cubic(x) * 0.5)


@pytest.fixture
def cubic_rule(register):
    for key in CALLS:
        CALLS[key] = 0
    register(cubic, cubic_vjp, cubic_jvp)
    return CALLS


def test_rule_replaces_the_transformed_body(cubic_rule):
    assert transpiler.grad(uses_cubic)(2.0) == pytest.approx(7.0 + 2.0)   # not 3*4 + 2 = 14
    assert CALLS["vjp"] == 1


def test_rule_vjp_is_called_once_per_gradient_call(cubic_rule):
    g = transpiler.grad(uses_cubic)
    for n in range(1, 4):
        g(1.5)
        assert CALLS["vjp"] == n
    assert CALLS["jvp"] == 0


def test_value_comes_from_the_original_function(cubic_rule):
    value, gradient = transpiler.value_and_grad(uses_cubic)(2.0)
    assert value == pytest.approx(8.0 + 4.0)
    assert gradient == pytest.approx(9.0)


def test_rule_applies_elementwise_to_arrays(cubic_rule):
    x = np.array([0.5, -1.0, 2.0])
    np.testing.assert_allclose(transpiler.grad(uses_cubic_vector)(x), [3.5, 3.5, 3.5])


def test_rule_jvp_is_used_by_jvp(cubic_rule):
    value, tangent = transpiler.jvp(uses_cubic, (2.0,), (1.0,))
    assert value == pytest.approx(12.0)
    assert tangent == pytest.approx(9.0)
    assert CALLS["jvp"] == 1 and CALLS["vjp"] == 0
    _, tangent = transpiler.jvp(uses_cubic, (2.0,), (0.5,))
    assert tangent == pytest.approx(4.5)


def test_rule_jvp_is_used_by_forward_mode_jacobian(cubic_rule):
    x = np.array([0.5, -1.0, 2.0])
    jac = transpiler.jacobian(uses_cubic, mode="forward")(x)
    np.testing.assert_allclose(jac, np.diag([9.0, 9.0, 9.0]))
    assert CALLS["jvp"] == 3 and CALLS["vjp"] == 0     # one forward pass per input element


def test_rule_vjp_is_used_by_reverse_mode_jacobian(cubic_rule):
    x = np.array([0.5, -1.0])
    jac = transpiler.jacobian(uses_cubic, mode="reverse")(x)
    np.testing.assert_allclose(jac, np.diag([9.0, 9.0]))
    assert CALLS["vjp"] == 2 and CALLS["jvp"] == 0


def test_generated_source_mentions_the_custom_rule(cubic_rule):
    source = transpiler.grad(uses_cubic).source()
    assert "_custom_cubic(" in source and "_custom_cubic_vjp(" in source
    assert "x ** 3" not in source and "3 *" not in source.split("def uses_cubic_grad")[1]
    forward = forward_source(uses_cubic, [()])
    assert "_custom_cubic(" in forward and "_custom_cubic_jvp(" in forward


BODY_RUNS = []


def unsupported_body(x):
    """A body the compiler cannot lower (a `try` and a global list append): with a rule it is never
    lowered, only run as the primal."""
    try:
        y = np.exp(x)
    finally:                  # (refused)
        pass
    BODY_RUNS.append(1)
    return y


def uses_unsupported_body(x):
    return unsupported_body(x) * x


def test_rule_lets_an_unlowerable_body_be_used(register):
    with pytest.raises(TranspileError):
        transpiler.grad(uses_unsupported_body_before_rule)(0.5)
    register(unsupported_body, vjp=lambda d_y, y, x: (d_y * y,))
    BODY_RUNS.clear()
    value, gradient = transpiler.value_and_grad(uses_unsupported_body)(0.5)
    assert value == pytest.approx(np.exp(0.5) * 0.5)
    assert gradient == pytest.approx(np.exp(0.5) * 1.5)
    assert len(BODY_RUNS) == 1            # the primal ran once, inside the generated code


def uses_unsupported_body_before_rule(x):
    return unsupported_body(x) + x


def test_register_rule_returns_the_function(register):
    def identity_like(x):
        return x

    assert register(identity_like, vjp=lambda d_y, y, x: (d_y,)) is identity_like


# =============================================================================== several arguments
def scale_power(x, k, n):
    """``k * x ** n``; ``n`` is an integer exponent without a derivative."""
    return k * x ** n


def scale_power_vjp(d_y, y, x, k, n):
    return (d_y * k * n * x ** (n - 1), np.sum(d_y * x ** n), None)


def scale_power_jvp(tangents, y, x, k, n):
    t_x, t_k, _ = tangents
    out = 0.0
    if t_x is not None:
        out = out + t_x * k * n * x ** (n - 1)
    if t_k is not None:
        out = out + t_k * x ** n
    return out


def uses_scale_power(x, k, n):
    return np.sum(scale_power(x, k, n))


def uses_scale_power_twice(x, k):
    return np.sum(scale_power(x, k, 3) * scale_power(x, 2.0, 2))


def uses_scale_power_and_n(x, k, n):
    return np.sum(scale_power(x, k, n)) + n


@pytest.fixture
def scale_power_rule(register):
    register(scale_power, scale_power_vjp, scale_power_jvp)


def test_vjp_with_several_arguments(scale_power_rule):
    x, k, n = np.array([0.5, -1.5, 2.0]), 0.7, 3
    dx, dk = transpiler.grad(uses_scale_power, wrt=(0, 1))(x, k, n)
    np.testing.assert_allclose(dx, k * n * x ** (n - 1))
    assert dk == pytest.approx(np.sum(x ** n))
    np.testing.assert_allclose(dx, numeric_derivative(uses_scale_power, (x, k, n), 0), rtol=1e-6)
    assert dk == pytest.approx(numeric_derivative(uses_scale_power, (x, k, n), 1), rel=1e-6)


def test_rule_used_twice_with_different_arguments(scale_power_rule):
    x, k = np.array([0.5, -1.5, 2.0]), 0.7
    dx, dk = transpiler.grad(uses_scale_power_twice, wrt=(0, 1))(x, k)
    np.testing.assert_allclose(dx, numeric_derivative(uses_scale_power_twice, (x, k), 0), rtol=1e-6)
    assert dk == pytest.approx(numeric_derivative(uses_scale_power_twice, (x, k), 1), rel=1e-6)


def test_jvp_with_several_arguments_and_a_constant_one(scale_power_rule):
    x, k, n = np.array([0.5, -1.5]), 0.7, 3
    tx = np.array([1.0, -2.0])
    value, tangent = transpiler.jvp(uses_scale_power, (x, k, n), (tx, 0.5, None))
    assert value == pytest.approx(uses_scale_power(x, k, n))
    assert tangent == pytest.approx(np.sum(tx * k * n * x ** 2) + 0.5 * np.sum(x ** 3))
    jx, jk = transpiler.jacobian(uses_scale_power, wrt=(0, 1), mode="forward")(x, k, n)
    np.testing.assert_allclose(jx, k * n * x ** 2)
    assert jk == pytest.approx(np.sum(x ** 3))


@pytest.mark.parametrize("f", [uses_scale_power, uses_scale_power_and_n], ids=["alone", "plus-n"])
def test_gradient_wrt_an_argument_whose_vjp_is_none(scale_power_rule, f):
    x, k, n = np.array([0.5, -1.5]), 0.7, 3.0
    expected = 0.0 if f is uses_scale_power else 1.0     # the rule says n has no derivative
    gradient = transpiler.grad(f, wrt=2)(x, k, n)
    assert gradient is not None and gradient == pytest.approx(expected)


def rule_in_a_loop(x):
    total = 0.0
    for i in range(4):
        total = total + np.sum(scale_power(x, 1.0 + i, 2))
    return total


def test_rule_in_a_loop_and_its_vjp_count(register):
    calls = []

    def counting_vjp(d_y, y, x, k, n):
        calls.append(k)
        return scale_power_vjp(d_y, y, x, k, n)

    register(scale_power, counting_vjp)
    x = np.array([0.3, -0.8])
    np.testing.assert_allclose(transpiler.grad(rule_in_a_loop)(x), 2 * x * (1 + 2 + 3 + 4))
    assert sorted(calls) == [1.0, 2.0, 3.0, 4.0]


# =============================================================================== checking rules
def square_for_check(x):
    return x * x


def product_for_check(a, b):
    return a * b


def vector_rule_for_check(x, w):
    return np.tanh(x) * w


def test_check_at_accepts_a_correct_rule(register):
    f = register(square_for_check, vjp=lambda d_y, y, x: (2 * x * d_y,),
                 jvp=lambda t, y, x: 2 * x * t[0], check_at=(1.5,))
    assert f is square_for_check


def test_check_at_accepts_a_correct_rule_with_arrays_and_two_arguments(register):
    x, w = np.array([0.3, -1.2, 0.8]), np.array([2.0, 0.5, -1.0])
    register(vector_rule_for_check,
             vjp=lambda d_y, y, x, w: (d_y * (1 - np.tanh(x) ** 2) * w, d_y * np.tanh(x)),
             jvp=lambda t, y, x, w: ((0 if t[0] is None else t[0] * (1 - np.tanh(x) ** 2) * w)
                                     + (0 if t[1] is None else t[1] * np.tanh(x))),
             check_at=(x, w))


def test_check_at_raises_for_a_wrong_vjp(register):
    with pytest.raises(RuleCheckError) as info:
        register(square_for_check, vjp=lambda d_y, y, x: (3 * x * d_y,), check_at=(1.5,))
    exc = info.value
    assert isinstance(exc, TranspileError) and isinstance(exc, AssertionError)
    assert "VJP" in str(exc) and "square_for_check" in str(exc)
    assert exc.hint.startswith("vjp(d_y, y, *args)[0] must be d_y times the derivative of square_for_check")


def test_check_at_raises_for_a_wrong_vjp_of_the_second_argument(register):
    with pytest.raises(RuleCheckError) as info:
        register(product_for_check, vjp=lambda d_y, y, a, b: (d_y * b, d_y * b),
                 check_at=(2.0, 3.0))
    assert "argument 1" in str(info.value)


def test_check_at_raises_for_a_jvp_inconsistent_with_the_vjp(register):
    with pytest.raises(RuleCheckError) as info:
        register(square_for_check, vjp=lambda d_y, y, x: (2 * x * d_y,),
                 jvp=lambda t, y, x: 3 * x * t[0], check_at=(1.5,))
    assert "JVP" in str(info.value)
    assert info.value.hint.startswith("jvp(tangents, y, *args) must return the output's tangent")


def test_check_at_skips_arguments_whose_vjp_is_none(register):
    register(scale_power, scale_power_vjp, scale_power_jvp, check_at=(np.array([0.5, 1.5]), 0.7, 3))


def test_check_rule_directly(register):
    register(product_for_check, vjp=lambda d_y, y, a, b: (d_y * b, d_y * a),
             jvp=lambda t, y, a, b: (0 if t[0] is None else t[0] * b) + (0 if t[1] is None else t[1] * a))
    assert transpiler.check_rule(product_for_check, 2.0, -3.0) is None
    assert transpiler.check_rule(product_for_check, np.array([1.0, 2.0]), np.array([0.5, -4.0])) is None


def test_check_rule_directly_detects_a_wrong_rule(register):
    register(product_for_check, vjp=lambda d_y, y, a, b: (d_y * b, d_y * a * 1.01))
    transpiler.check_rule(product_for_check, 0.0, 2.0)   # the wrong factor multiplies a = 0 here
    with pytest.raises(RuleCheckError):
        transpiler.check_rule(product_for_check, 2.0, -3.0)


def test_check_rule_tolerance_is_respected(register):
    register(product_for_check, vjp=lambda d_y, y, a, b: (d_y * b, d_y * a * (1 + 1e-3)))
    transpiler.check_rule(product_for_check, 2.0, -3.0, rtol=1e-2)
    with pytest.raises(RuleCheckError):
        transpiler.check_rule(product_for_check, 2.0, -3.0, rtol=1e-5)


# =============================================================================== library functions
def uses_bei(x):
    return np.sum(scipy_special.bei(x) * x)


def uses_bei_again(x):
    return np.sum(scipy_special.bei(2.0 * x))


def uses_ediff1d(x):
    return np.sum(np.ediff1d(x) ** 2)


def bei_derivative(x):
    return scipy_special.beip(x)


def bei_vjp(d_y, y, x):
    return (d_y * bei_derivative(x),)


def bei_jvp(tangents, y, x):
    return tangents[0] * bei_derivative(x)


# scipy.special.bei (a Kelvin function; beip its derivative): a SciPy function with no built-in rule
# (primitives/scipy_special*.py)
@pytest.mark.skipif(scipy_special is None, reason="scipy is not installed")
def test_library_function_has_no_rule_until_one_is_registered(register):
    with pytest.raises(UnknownFunctionError) as info:
        transpiler.grad(uses_bei_again)(np.array([0.5]))
    assert "`scipy_special.bei`" in str(info.value)
    assert scipy_special.bei not in REGISTRY
    register(scipy_special.bei, bei_vjp, bei_jvp, check_at=(np.array([0.3, -1.2, 4.0]),))
    x = np.array([0.5, -2.0, 1.0])
    gradient = transpiler.grad(uses_bei)(x)
    np.testing.assert_allclose(gradient, scipy_special.bei(x) + x * bei_derivative(x))
    np.testing.assert_allclose(gradient, numeric_derivative(uses_bei, (x,), 0), rtol=1e-6)
    value, tangent = transpiler.jvp(uses_bei, (x,), (np.ones(3),))
    assert tangent == pytest.approx(np.sum(gradient))
    source = transpiler.grad(uses_bei).source()
    assert "_custom_bei_vjp(" in "".join(source.split())       # (the printer may wrap the call)


@pytest.mark.skipif(scipy_special is None, reason="scipy is not installed")
def test_library_rule_is_removed_again_by_the_fixture():
    """The previous test's registration did not leak (other modules rely on the registry)."""
    assert scipy_special.bei not in REGISTRY
    assert "_custom_bei_vjp" not in runtime.EXTERNAL


def ediff1d_vjp(d_y, y, a):
    return (np.concatenate([[0.0], d_y]) - np.concatenate([d_y, [0.0]]),)


def test_custom_rule_for_np_ediff1d_replaces_its_composition(register):
    assert np.ediff1d not in REGISTRY             # (a composition of primitives: primitives/composing.py)
    register(np.ediff1d, ediff1d_vjp, check_at=(np.array([0.3, -1.7, 2.2]),))
    assert np.ediff1d in REGISTRY
    x = np.array([0.3, -1.7, 2.2])
    np.testing.assert_allclose(transpiler.grad(uses_ediff1d_registered)(x),
                               numeric_derivative(uses_ediff1d_registered, (x,), 0), rtol=1e-6)
    assert "ediff1d_vjp" in transpiler.grad(uses_ediff1d_registered).source()     # the rule, not the composition


def uses_ediff1d_registered(x):
    return np.sum(np.ediff1d(x) ** 2)


# =============================================================================== missing JVP
def no_jvp(x):
    return 2.0 * x


def uses_no_jvp(x):
    return no_jvp(x) + x


def test_rule_without_jvp_works_in_reverse_and_is_reported_in_forward_mode(register):
    register(no_jvp, vjp=lambda d_y, y, x: (2.0 * d_y,))
    assert transpiler.grad(uses_no_jvp)(1.5) == pytest.approx(3.0)
    with pytest.raises(NonDifferentiableError) as info:
        transpiler.jvp(uses_no_jvp, (1.5,), (1.0,))
    assert "no_jvp" in str(info.value) and info.value.hint
    assert info.value.location is not None


# =============================================================================== same-named functions
def make_scaler(k):
    def scaler(x):
        return k * x
    return scaler


SCALER_2, SCALER_5 = make_scaler(2.0), make_scaler(5.0)


def uses_scaler_2(x):
    return SCALER_2(x)


def uses_scaler_5(x):
    return SCALER_5(x)


def test_two_functions_with_the_same_name_keep_their_own_rules(register):
    register(SCALER_2, vjp=lambda d_y, y, x: (2.0 * d_y,))
    register(SCALER_5, vjp=lambda d_y, y, x: (5.0 * d_y,))
    assert transpiler.value_and_grad(uses_scaler_2)(1.0) == pytest.approx((2.0, 2.0))
    assert transpiler.value_and_grad(uses_scaler_5)(1.0) == pytest.approx((5.0, 5.0))


# =============================================================================== stop_gradient
def stopped_product(x):
    return stop_gradient(x) * x


def stopped_product_sum(x):
    return np.sum(stop_gradient(x) * x)


def straight_through(x):
    """Value x**2, gradient 1: the straight-through trick."""
    return x - stop_gradient(x - x ** 2)


def fully_stopped(x):
    return np.sum(stop_gradient(np.sin(x)) ** 2)


def stopped_via_module(x):
    return transpiler.stop_gradient(x) * x


def test_stop_gradient_reverse_mode():
    assert transpiler.grad(stopped_product)(3.0) == pytest.approx(3.0)     # not 2x = 6
    x = np.array([0.5, -2.0, 1.5])
    np.testing.assert_allclose(transpiler.grad(stopped_product_sum)(x), x)
    np.testing.assert_allclose(transpiler.grad(fully_stopped)(x), np.zeros(3))
    assert transpiler.grad(stopped_via_module)(3.0) == pytest.approx(3.0)


def test_stop_gradient_keeps_the_value():
    assert transpiler.value_and_grad(straight_through)(3.0) == pytest.approx((9.0, 1.0))
    assert transpiler.value_and_grad(stopped_product)(3.0) == pytest.approx((9.0, 3.0))


def test_stop_gradient_forward_mode():
    assert transpiler.jvp(stopped_product, (3.0,), (1.0,)) == pytest.approx((9.0, 3.0))
    assert transpiler.jvp(straight_through, (3.0,), (2.0,)) == pytest.approx((9.0, 2.0))
    x = np.array([0.5, -2.0, 1.5])
    np.testing.assert_allclose(transpiler.jacobian(stopped_product, mode="forward")(x), np.diag(x))
    np.testing.assert_allclose(transpiler.jacobian(stopped_product, mode="reverse")(x), np.diag(x))


def test_stop_gradient_in_the_generated_source():
    source = transpiler.grad(stopped_product).source()
    body = source.split("def stopped_product_grad")[1]
    assert "stop_gradient(" in body
