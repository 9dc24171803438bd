"""Recursive functions: a recursive call is differentiated by the function's own generated code,
each level once (linear in the depth, in both modes) and one Python frame per level (as deep as
the primal goes under Python's default recursion limit)."""
import re
import sys
from collections import Counter

import numpy as np
import pytest

import transpiler
from transpiler.backends import emit
from transpiler.check.finite_differences import numeric_gradient
from transpiler.errors import NonDifferentiableError


def rec(x, n):
    if n == 0:
        return x
    return np.sin(rec(x, n - 1)) * 0.5 + x * 0.1


def rec_derivative(x, n):
    """d rec / dx by the chain rule, level by level."""
    value, slope = x, 1.0
    for _ in range(n):
        value, slope = np.sin(value) * 0.5 + x * 0.1, np.cos(value) * 0.5 * slope + 0.1
    return slope


def rsum(x):
    if len(x) == 0:
        return 0.0
    return x[0] ** 2 + rsum(x[1:])


def calls_by_name(run) -> Counter:
    """How often each Python function (by code name) is entered or resumed while ``run`` runs."""
    calls = Counter()

    def profile(frame, event, arg):
        if event == "call":
            calls[frame.f_code.co_name] += 1

    sys.setprofile(profile)
    try:
        run()
    finally:
        sys.setprofile(None)
    return calls


# ------------------------------------------------------------------------- linear in the depth
def test_gradient_of_recursion_runs_each_level_once_not_once_per_argument():
    gradient = transpiler.grad(rec)
    gradient(0.3, 2)                                     # compiled outside the count
    counts = {depth: calls_by_name(lambda: gradient(0.3, depth)) for depth in (8, 16)}
    for depth, calls in counts.items():
        assert calls["rec_pullback"] == 2 * depth        # each level's generator: started, resumed
        assert calls["rec"] == 0                         # the primal is never run again
    assert gradient(0.3, 16) == pytest.approx(rec_derivative(0.3, 16), rel=1e-12)


def test_jvp_of_recursion_runs_each_level_once():
    transpiler.jvp(rec, (0.3, 2), (1.0, 0.0))
    for depth in (8, 16):
        calls = calls_by_name(lambda: transpiler.jvp(rec, (0.3, depth), (1.0, 0.0)))
        assert calls["rec_jvp"] == depth + 1            # the call's code, then one per level
        assert calls["rec"] == 0
    value, slope = transpiler.jvp(rec, (0.3, 16), (1.0, 0.0))
    assert value == pytest.approx(rec(0.3, 16), rel=1e-14)
    assert slope == pytest.approx(rec_derivative(0.3, 16), rel=1e-12)


def test_recursive_gradient_is_compiled_once_for_every_depth_and_shape(monkeypatch):
    compiled = []
    original = emit.compile_function
    monkeypatch.setattr(emit, "compile_function", lambda *a, **k: compiled.append(a[1]) or original(*a, **k))
    gradient = transpiler.grad(rsum)
    gradient(np.linspace(0, 1, 40))
    first = len(compiled)
    gradient(np.linspace(0, 1, 80))                     # another shape: only the call's own code
    assert len(compiled) - first <= 1
    assert "rsum_pullback" not in compiled[first:]     # the levels' code is shared by all shapes


# ------------------------------------------------------------------------- depth
@pytest.mark.usefixtures("default_recursion_limit")
def test_recursion_500_deep_under_the_default_recursion_limit():
    x = np.linspace(0.0, 1.0, 500)
    np.testing.assert_allclose(transpiler.grad(rsum)(x), 2 * x, rtol=1e-14)
    value, gradient = transpiler.value_and_grad(rsum)(x)
    assert value == pytest.approx(rsum(x), rel=1e-14)
    np.testing.assert_allclose(gradient, 2 * x, rtol=1e-14)
    assert transpiler.jvp(rsum, (x,), (np.ones(500),))[1] == pytest.approx(np.sum(2 * x), rel=1e-12)


@pytest.mark.usefixtures("default_recursion_limit")
def test_scalar_recursion_800_deep_under_the_default_recursion_limit():
    assert transpiler.grad(rec)(0.3, 800) == pytest.approx(rec_derivative(0.3, 800), rel=1e-10)


# ------------------------------------------------------------------------- other spellings
WEIGHTS = np.array([0.5, -0.2, 0.3])


def reads_a_global(x, n):
    if n == 0:
        return np.sum(WEIGHTS * x)
    return np.sum(np.tanh(reads_a_global(x * 0.9, n - 1) * WEIGHTS + x))


def two_calls_per_level(x, n):
    if n <= 1:
        return x * x
    return np.sin(two_calls_per_level(x, n - 1)) + 0.5 * two_calls_per_level(x * 0.5, n - 2)


def calls_in_a_loop(x, n):
    s = 0.0
    for i in range(3):
        s = s + scaled_cosine(x * (i + 1), n)
    return s


def scaled_cosine(x, n):
    if n == 0:
        return np.cos(x)
    return scaled_cosine(x, n - 1) * x


def method_spelling(x, n):
    if n == 0:
        return x.sum()
    return method_spelling(x[1:] * 1.5, n - 1) + (x ** 2).sum()


def one_call_without_derivative(x, n):
    if n == 0:
        return x
    k = one_call_without_derivative(1.0, n - 1)      # does not depend on x
    return x * k + one_call_without_derivative(x, n - 1)


def make_closure(scale):
    def closure(x, n):
        if n == 0:
            return x * scale
        return np.exp(-closure(x, n - 1)) * scale
    return closure


def ping(x, n):
    if n == 0:
        return x
    return pong(x * 0.5, n - 1)


def pong(x, n):
    return ping(np.sin(x), n) + x


def indexes_with_its_depth(x, n):
    if n == 0:
        return x[0]
    return indexes_with_its_depth(x, n - 1) * x[n] + x[:n].sum()


def halves_with_a_float_beside_the_depth(x, depth, scale):
    if depth == 0:
        return np.sum(x ** 2) * scale
    return halves_with_a_float_beside_the_depth(x[: len(x) // 2 + 1], depth - 1, scale * 0.5) + np.sin(x[depth])


@pytest.mark.parametrize("f, args", [
    (indexes_with_its_depth, (np.array([0.5, -1.2, 2.0, 0.7]), 3)),
    (indexes_with_its_depth, (np.array([0.5, -1.2, 2.0, 0.7]), np.int64(2))),
    (reads_a_global, (np.array([0.1, 0.2, 0.3]), 4)),
    (two_calls_per_level, (0.3, 6)),
    (calls_in_a_loop, (0.4, 3)),
    (method_spelling, (np.linspace(0.1, 1.0, 6), 3)),
    (one_call_without_derivative, (0.7, 4)),
    (make_closure(0.7), (0.4, 5)),
    (ping, (0.7, 5)),
], ids=lambda p: getattr(p, "__name__", ""))
def test_recursion_spellings_agree_with_finite_differences_in_both_modes(f, args):
    x = args[0]
    numeric = numeric_gradient(f, args, 0)
    np.testing.assert_allclose(transpiler.grad(f)(*args), numeric, rtol=1e-6, atol=1e-9)
    value, gradient = transpiler.value_and_grad(f)(*args)
    assert value == pytest.approx(f(*args), rel=1e-14)
    np.testing.assert_allclose(gradient, numeric, rtol=1e-6, atol=1e-9)
    direction = np.linspace(0.5, 1.5, np.size(x)).reshape(np.shape(x)) if np.ndim(x) else 1.0
    _, slope = transpiler.jvp(f, args, (direction, None))
    assert slope == pytest.approx(np.sum(numeric * direction), rel=1e-6, abs=1e-9)


def test_recursion_differentiates_its_float_parameters_and_leaves_the_integer_ones():
    """A recursive call's depth or index parameter (an integer at the call) gets no adjoint or
    tangent, so ``x[n]`` inside is an index, not a refused derivative; the float beside it does."""
    f, args = halves_with_a_float_beside_the_depth, (np.linspace(0.5, 2.5, 5), 2, 1.5)
    d_x, d_scale = transpiler.grad(f, wrt=(0, 2))(*args)
    np.testing.assert_allclose(d_x, numeric_gradient(f, args, 0), rtol=1e-6, atol=1e-9)
    assert d_scale == pytest.approx(numeric_gradient(f, args, 2), rel=1e-6)
    _, slope = transpiler.jvp(f, args, (np.ones(5), None, 1.0))
    assert slope == pytest.approx(np.sum(d_x) + d_scale, rel=1e-12)


def test_printed_gradient_calls_the_recursive_functions_generator():
    source = transpiler.grad(rec).source()
    # (another module's `rec`, registered first, takes the plain name: then ours has a suffix)
    assert re.search(r"pullback_t4 = _custom_rec_*_pullback\(x, n - 1, adjoint_t4\)", source), source
    assert "_t4 = next(pullback_t4)" in source and "adjoint_t4.append(d_t4)" in source


@pytest.mark.parametrize("second", [
    lambda: transpiler.grad(transpiler.grad(rec))(0.3, 4),
    lambda: transpiler.hessian(rec)(0.3, 4),
    lambda: transpiler.hvp(rec, 0.3, 1.0, 4),
], ids=["grad_of_grad", "hessian", "hvp"])
def test_second_derivatives_through_recursion_are_refused_at_the_call(second):
    with pytest.raises(NonDifferentiableError) as info:
        second()
    assert "recursive call of `rec`" in info.value.message
    assert info.value.location.line == rec.__code__.co_firstlineno + 3


def pair(x, n):
    if n == 0:
        return x, x * x
    a, b = pair(x * 0.9, n - 1)
    return a + np.sin(b), b * 0.5


def unpacks_a_recursive_pair(x, n):
    a, b = pair(x, n)
    return a * b


def test_recursive_function_returning_a_tuple():
    # (was a silent zero in reverse mode: the tuple's merge from the branches lost its adjoint)
    numeric = numeric_gradient(unpacks_a_recursive_pair, (0.4, 5), 0)
    assert transpiler.grad(unpacks_a_recursive_pair)(0.4, 5) == pytest.approx(numeric, rel=1e-6)
    assert transpiler.jvp(unpacks_a_recursive_pair, (0.4, 5), (1.0, None))[1] == pytest.approx(numeric, rel=1e-6)
