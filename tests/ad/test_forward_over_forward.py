"""Forward over forward mode on the IR (ad/forward.py ``forward_over_forward``): the forward
transform's output is statements of primitives with rules, so it takes it again, with no trip
through source text; ``hessian(f, mode="forward")`` is built on it."""
from __future__ import annotations

import numpy as np
import pytest

import transpiler
from transpiler.ad.forward import TangentSpec, forward
from transpiler.driver import pipeline
from transpiler.errors import NonDifferentiableError, OutputShapeError
from transpiler.ir.nodes import walk
from transpiler.ir.verifier import verify
from transpiler.primitives.written import WrittenPrimitive

SCALE = 0.5


pytestmark = pytest.mark.usefixtures("rule_registry_left_as_found")     # (tests/ad/conftest.py)


def rosenbrock(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


def loops_and_branches(a, b):
    s = 0.0
    for i in range(3):
        if a > i * 0.1:
            s = s + np.sin(a * b) ** 2
        else:
            s = s - a * a
    k = 0
    while k < 2:
        s = np.tanh(s) * b
        k += 1
    return s


def _softplus(v, beta=1.0):
    return np.log1p(np.exp(beta * v)) / beta


def helpers_globals_and_methods(x, w):
    scaled = x * SCALE                                  # a global
    shift = lambda v: v - v.mean()                      # noqa: E731  a lambda
    return (_softplus(shift(scaled), beta=2.0) * w).sum() + (x ** 3).mean()    # keyword, methods


def make_closure(c):
    def f(x):
        return np.sum(np.cos(c * x) * x)
    return f


def countdown(x, n):
    if n <= 0:
        return x
    return np.sin(countdown(x, n - 1))


@pytest.mark.parametrize("f, args, wrt", [
    (rosenbrock, (np.array([1.2, 0.7, -0.3]),), 0),
    (loops_and_branches, (0.7, 1.3), 0),
    (loops_and_branches, (0.7, 1.3), 1),
    (helpers_globals_and_methods, (np.array([0.3, -0.2, 0.9]), np.array([1.0, 2.0, -1.0])), 0),
    (make_closure(1.7), (np.array([0.4, -1.1]),), 0),
])
def test_a_forward_hessian_is_the_forward_over_reverse_one(f, args, wrt):
    forward_over_forward = transpiler.hessian(f, wrt, mode="forward")(*args)
    np.testing.assert_allclose(forward_over_forward, transpiler.hessian(f, wrt)(*args), rtol=1e-10, atol=1e-12)


def test_a_forward_hessian_matches_finite_differences_of_the_gradient():
    x = np.array([1.2, 0.7, -0.3])
    gradient = transpiler.grad(rosenbrock)
    step = 1e-6
    columns = [(gradient(x + step * e) - gradient(x - step * e)) / (2 * step) for e in np.eye(3)]
    np.testing.assert_allclose(transpiler.hessian(rosenbrock, mode="forward")(x), np.array(columns).T, rtol=1e-6)


def noisy(a):
    x = np.random.rand(2)                      # a draw: every pass must see the same sample
    return np.sum((x * a) ** 3)


def test_every_pass_of_a_forward_hessian_sees_the_draws_of_one_call():
    np.random.seed(3)
    forward_over_forward = transpiler.hessian(noisy, mode="forward")(0.7)
    np.random.seed(3)
    sample = np.random.rand(2)
    assert forward_over_forward == pytest.approx(np.sum(6 * sample ** 3 * 0.7), rel=1e-12)


def test_a_float32_argument_gets_float64_second_derivatives_of_its_values():
    x = np.array([1.2, 0.7, -0.3], dtype=np.float32)
    np.testing.assert_allclose(transpiler.hessian(rosenbrock, mode="forward")(x),
                               transpiler.hessian(rosenbrock)(x), rtol=1e-5)


def test_the_second_transform_runs_on_the_first_ones_ir_without_lowering_generated_code(monkeypatch):
    lowered_names = []
    lower = pipeline.lower

    def counting(parsed, recursive):
        lowered_names.append(parsed.name)
        return lower(parsed, recursive)

    monkeypatch.setattr(pipeline, "lower", counting)

    def g(x):               # (a function of its own: nothing of it is cached yet)
        return np.sum(np.sin(x) * x ** 2)

    x = np.array([0.5, -1.5])
    transpiler.hessian(g, mode="forward")(x)
    assert lowered_names == ["g"]                # the user's function only, once
    transpiler.hessian(g)(x)                     # forward over reverse: the gradient's code lowered
    assert len(lowered_names) == 2


def test_the_forward_over_forward_ir_verifies_and_has_no_written_statement():
    shapes, kinds = ((), ()), ("f8", "f8")
    ir = forward(pipeline.lowered(loops_and_branches), TangentSpec((0, 1), shapes, kinds, order=2))
    verify(ir)
    assert [p.name for p in ir.params][:2] == ["a", "b"] and len(ir.params) == 6
    assert not [s for s in walk(ir.body) if isinstance(getattr(s, "prim", None), WrittenPrimitive)]


def test_through_a_recursive_call_a_forward_hessian_is_refused_at_the_call():
    with pytest.raises(NonDifferentiableError, match="second derivative in forward mode") as error:
        transpiler.hessian(countdown, mode="forward")(0.3, 3)
    assert "test_forward_over_forward.py" in str(error.value)


def softplus(x):
    return np.log1p(np.exp(x))


def test_through_code_a_rule_wrote_without_a_primitive_a_forward_hessian_is_refused_not_zero():
    # a registered rule's tangent is called from the first derivative's code, with no primitive
    # of its own: a written statement, which a second forward pass must never take for a constant
    transpiler.register_rule(softplus, vjp=lambda d_y, y, x: (d_y / (1 + np.exp(-x)),),
                             jvp=lambda tangents, y, x: tangents[0] / (1 + np.exp(-x)))
    with pytest.raises(NonDifferentiableError, match="_custom_softplus_jvp.*second derivative in forward mode"):
        transpiler.hessian(lambda x: np.sum(softplus(x ** 3)), mode="forward")(np.array([0.3, -0.2, 0.9]))


def concatenated_cubes(xs):
    return np.sum(np.concatenate(xs) ** 3) + xs[0][0] * xs[1][1]


def mixed_parameters(p):
    return p["a"] ** 2 * p["b"] + np.sum(np.sin(p["w"]) * p["a"])


@pytest.mark.parametrize("f, x", [
    (concatenated_cubes, [np.array([0.5, 1.5]), np.array([2.0, -1.0, 0.3])]),
    (mixed_parameters, {"a": 0.7, "b": 1.3, "w": np.array([0.1, 0.2])}),
    (lambda t: t[0] * t[0] * t[1], (1.0, 2.0)),
])
def test_a_forward_hessian_of_a_container_is_nested_as_the_reverse_one(f, x):
    forward, reverse = transpiler.hessian(f, mode="forward")(x), transpiler.hessian(f)(x)
    keys = list(x) if isinstance(x, dict) else range(len(x))
    assert type(forward) is type(reverse)
    for r in keys:
        assert type(forward[r]) is type(reverse[r])
        for j in keys:
            np.testing.assert_allclose(forward[r][j], reverse[r][j], rtol=1e-12, atol=1e-14)
            assert np.shape(forward[r][j]) == np.shape(x[r]) + np.shape(x[j])


def test_a_forward_hessian_refuses_vector_outputs_and_unknown_modes():
    with pytest.raises(OutputShapeError):
        transpiler.hessian(lambda x: x ** 2, mode="forward")(np.array([1.0, 2.0]))
    with pytest.raises(ValueError, match="mode must be"):
        transpiler.hessian(rosenbrock, mode="sideways")


def squared_activation(x, activation=np.tanh):
    return np.sum(activation(x) ** 2)


@pytest.mark.parametrize("passed", [(), (np.sin,)])
def test_a_forward_hessian_of_a_function_taking_a_function_inlines_it_as_reverse_mode_does(passed):
    x = np.array([0.3, -0.5])
    forward = transpiler.hessian(squared_activation, mode="forward")(x, *passed)
    np.testing.assert_allclose(forward, transpiler.hessian(squared_activation)(x, *passed), rtol=1e-12)
    activation = passed[0] if passed else np.tanh
    expected = 2 * np.cos(2 * x) if activation is np.sin else 2 * (1 - np.tanh(x) ** 2) * (1 - 3 * np.tanh(x) ** 2)
    np.testing.assert_allclose(np.diag(forward), expected, rtol=1e-12)
    printed = transpiler.api.hessian_source(squared_activation, mode="forward", args=(x, *passed))
    assert ("np.sin" if passed else "np.tanh") in printed
