"""Warm calls of jvp, vjp, jacobian, hessian and hvp (api/warm.py): a runner per function object
and call key, which must never stand for a call it was not made for. Each test below changes one
part of what a runner was made for (an argument's shape, dtype or type, a free name's type, a
helper, a default, an option) between calls of the same function object, and checks the answer
against finite differences or the closed form; each fails where the runner ignored that part."""
import gc
import types
import weakref

import numpy as np
import pytest

import transpiler
from transpiler.driver import pipeline

X = np.array([0.3, -1.2, 2.0])
V = np.array([1.0, 0.5, -2.0])


def _sin_sum(x):
    return np.sum(np.sin(x) * x)


def _sin_sum_gradient(x):
    return np.sin(x) + x * np.cos(x)


def _sin_sum_hessian(x):
    return np.diag(2 * np.cos(x) - x * np.sin(x))


def _sin_times(x):
    return np.sin(x) * x


def _every_transform(f, x, v):
    """Each transform's answer at ``x`` (along ``v``), twice over: cold, then warm."""
    answers = []
    for _ in range(2):
        out, pullback = transpiler.vjp(f, x)
        answers.append((transpiler.jvp(f, (x,), (v,)), out, pullback(1.0)[0], transpiler.jacobian(f)(x),
                        transpiler.hessian(f)(x), transpiler.hvp(f, x, v)))
    return answers


def test_warm_calls_give_the_first_calls_answers_and_the_closed_form():
    for x, v in [(X, V), (0.7, 1.5)]:
        cold, warm = _every_transform(_sin_sum, x, v)
        for first, again in zip(cold, warm):
            np.testing.assert_array_equal(np.asarray(first, dtype=object).shape, np.asarray(again, dtype=object).shape)
        (value, tangent), out, adjoint, jacobian, hessian, along = warm
        assert np.isclose(value, _sin_sum(x)) and np.isclose(out, _sin_sum(x))
        assert np.isclose(tangent, np.sum(_sin_sum_gradient(x) * v))
        np.testing.assert_allclose(adjoint, _sin_sum_gradient(x))
        np.testing.assert_allclose(jacobian, _sin_sum_gradient(x))
        np.testing.assert_allclose(hessian, _sin_sum_hessian(np.atleast_1d(x)).reshape(np.shape(x) * 2))
        np.testing.assert_allclose(along, _sin_sum_hessian(np.atleast_1d(x)) @ np.atleast_1d(v) if np.ndim(x)
                                   else _sin_sum_hessian(np.atleast_1d(x))[0, 0] * v)


@pytest.mark.parametrize("mode", ["forward", "reverse"])
def test_a_jacobian_at_a_new_shape_is_of_that_shape(mode):
    jacobian = transpiler.jacobian(_sin_times, mode=mode)
    for x in (X, X[:2], X, np.array([0.5]), 0.5):
        expected = np.diag(np.cos(np.atleast_1d(x)) * x + np.sin(x)) if np.ndim(x) else np.cos(x) * x + np.sin(x)
        J = jacobian(x)
        np.testing.assert_allclose(J, expected)
        assert np.ndim(x) == 0 or J.flags.c_contiguous and J.flags.writeable      # (as np.stack lays it out)


def test_the_jacobian_of_a_number_at_a_new_shape_is_of_that_shape():
    """(The output's shape is the same: only the key tells the runners apart.)"""
    for mode in ("forward", "reverse"):
        for x in (X, X[:2], X, 0.5):
            np.testing.assert_allclose(transpiler.jacobian(_sin_sum, mode=mode)(x), _sin_sum_gradient(x))


def test_a_hessian_and_hvp_at_a_new_shape_are_of_that_shape():
    for x in (X, X[:2], X):
        np.testing.assert_allclose(transpiler.hessian(_sin_sum)(x), _sin_sum_hessian(x))
        np.testing.assert_allclose(transpiler.hvp(_sin_sum, x, np.ones_like(x)), _sin_sum_hessian(x).sum(1))


def _scaled_by_length(x):
    return x.shape[0] * np.sum(x * x)


def test_jvp_and_vjp_at_a_new_shape_run_code_for_it():
    """The code is specialised to the shapes (``x.shape[0]`` a constant in it)."""
    for x in (X, X[:2], X):
        value, tangent = transpiler.jvp(_scaled_by_length, (x,), (np.ones_like(x),))
        assert np.isclose(tangent, len(x) * np.sum(2 * x))
        np.testing.assert_allclose(transpiler.vjp(_scaled_by_length, x)[1](1.0)[0], 2 * len(x) * x)


def _squared_modulus(z):
    return np.sum(np.abs(z) ** 2)


def test_a_complex_argument_after_a_real_one_runs_the_complex_rules():
    """The real rules (``d|x| = sign(x) dx``) at a complex ``z`` would give ``2 z v``, not
    ``2 Re(conj(z) v)``: the dtype is part of the key."""
    z, v = np.array([1.0 + 1.0j, 2.0 - 1.0j]), np.array([1.0 + 0.5j, 1.0 + 0j])
    for _ in range(2):
        assert np.isclose(transpiler.jvp(_squared_modulus, (X,), (V,))[1], np.sum(2 * X * V))
        tangent = transpiler.jvp(_squared_modulus, (z,), (v,))[1]
        assert np.isclose(tangent, np.sum(2 * (np.conj(z) * v).real))


def _fresh(f):
    """A new function object of ``f``'s code: a transform's call of it is a first call, never a warm one."""
    return types.FunctionType(f.__code__, f.__globals__, f.__name__, f.__defaults__, f.__closure__)


@pytest.mark.parametrize("transform", [
    lambda f, x: transpiler.jvp(f, (x,), (np.ones_like(x),)),
    lambda f, x: transpiler.vjp(f, x)[1](1.0),
    lambda f, x: transpiler.jacobian(f, mode="reverse")(x),
    lambda f, x: transpiler.jacobian(f, mode="forward")(x),
], ids=["jvp", "vjp", "jacobian reverse", "jacobian forward"])
def test_a_complex_argument_after_a_real_one_gets_what_a_first_call_gets(transform):
    z = np.array([1.0 + 1.0j, 2.0 - 1.0j, 0.5j])
    for argument in (X, z, X, z):
        warm, cold = transform(_squared_modulus, argument), transform(_fresh(_squared_modulus), argument)
        np.testing.assert_allclose(np.asarray(warm, dtype=complex), np.asarray(cold, dtype=complex))


def _modulus_squared(z):
    return abs(z) ** 2


def test_a_complex_number_after_a_float_runs_the_complex_rules():
    """(The real rule at ``2 + 1j`` would give ``2 z = 4 + 2j``.)"""
    for _ in range(2):
        assert transpiler.jvp(_modulus_squared, (2.0,), (1.0,))[1] == 4.0
        assert np.isclose(transpiler.jvp(_modulus_squared, (2.0 + 1.0j,), (1.0,))[1], 4.0)


def _cube(x):
    return x ** 3


def test_an_integer_after_a_float_is_a_count_as_on_a_first_call():
    """A count's second derivative is 0.0 (api/results.py ``in_structure_of``)."""
    for _ in range(2):
        assert transpiler.hvp(_cube, 2.0, 1.0) == 12.0
        assert transpiler.hvp(_cube, 2, 1.0) == 0.0


def test_a_float32_hessian_after_a_float64_one_is_float32_and_back():
    narrow = X.astype(np.float32)
    for _ in range(2):
        wide = transpiler.hessian(_sin_sum)(X)
        assert wide.dtype == np.float64
        np.testing.assert_allclose(wide, _sin_sum_hessian(X), rtol=1e-13)
        assert transpiler.hessian(_sin_sum)(narrow).dtype == np.float32
        assert transpiler.jvp(_sin_sum, (narrow,), (V.astype(np.float32),))[1].dtype == np.float32


SCALE = 2.0


def _scaled(x):
    return np.sum(np.abs(x * SCALE) ** 2)


def test_a_global_rebound_to_a_complex_number_is_read_with_the_complex_rules(monkeypatch):
    """``|x s|^2`` is ``x^2 |s|^2``: its derivatives follow ``|s|^2`` whatever ``s``'s type."""
    for scale in (2.0, 1.0 + 1.0j, 2.0):
        monkeypatch.setattr(__import__(__name__), "SCALE", scale)
        factor = abs(scale) ** 2
        assert np.isclose(transpiler.jvp(_scaled, (X,), (V,))[1], factor * np.sum(2 * X * V))
        adjoint = transpiler.vjp(_scaled, X)[1](1.0)[0]
        assert adjoint.dtype == np.float64
        np.testing.assert_allclose(adjoint, factor * 2 * X)
        np.testing.assert_allclose(transpiler.jacobian(_scaled)(X), factor * 2 * X)
        np.testing.assert_allclose(transpiler.hessian(_scaled)(X), factor * 2 * np.eye(3))
        np.testing.assert_allclose(transpiler.hvp(_scaled, X, V), factor * 2 * V)


WEIGHTS = np.ones(3)


def _weighted(x):
    return np.sum(WEIGHTS * x * x)


def test_a_global_rebound_to_another_shape_is_read_at_that_shape(monkeypatch):
    for weights in (np.ones(3), np.array([1.0, 2.0, 3.0]), np.array(2.0)):
        monkeypatch.setattr(__import__(__name__), "WEIGHTS", weights)
        assert np.isclose(transpiler.jvp(_weighted, (X,), (V,))[1], np.sum(2 * weights * X * V))
        np.testing.assert_allclose(transpiler.vjp(_weighted, X)[1](1.0)[0], 2 * weights * X)
        np.testing.assert_allclose(transpiler.hessian(_weighted)(X), np.diag(2 * weights * np.ones(3)))


def _helper(x):
    return x * x


def _through_helper(x):
    return np.sum(_helper(x))


def _cubed(x):
    return x * x * x


def test_a_helper_rebound_is_followed_by_every_transform(monkeypatch):
    module = __import__(__name__)
    for _ in range(2):
        _every_transform(_through_helper, X, V)
    monkeypatch.setattr(module, "_helper", _cubed)
    (_, tangent), out, adjoint, jacobian, hessian, along = _every_transform(_through_helper, X, V)[1]
    assert np.isclose(out, np.sum(X ** 3)) and np.isclose(tangent, np.sum(3 * X ** 2 * V))
    np.testing.assert_allclose(adjoint, 3 * X ** 2)
    np.testing.assert_allclose(jacobian, 3 * X ** 2)
    np.testing.assert_allclose(hessian, np.diag(6 * X))
    np.testing.assert_allclose(along, 6 * X * V)


def _with_default(x, a=2.0):
    return np.sum(a * x * x)


def test_replaced_defaults_are_read_by_every_transform():
    def defaulted(x, a=2.0):
        return np.sum(a * x * x)
    for a in (2.0, 5.0):
        defaulted.__defaults__ = (a,)
        for _ in range(2):
            (_, tangent), out, adjoint, jacobian, hessian, along = _every_transform(defaulted, X, V)[1]
            assert np.isclose(tangent, np.sum(2 * a * X * V)) and np.isclose(out, a * np.sum(X * X))
            np.testing.assert_allclose(adjoint, 2 * a * X)
            np.testing.assert_allclose(jacobian, 2 * a * X)
            np.testing.assert_allclose(hessian, 2 * a * np.eye(3))
            np.testing.assert_allclose(along, 2 * a * V)


def test_a_default_passed_after_it_was_filled_in_is_the_one_read():
    for _ in range(2):
        assert np.isclose(transpiler.jvp(_with_default, (X,), (V,))[1], np.sum(4 * X * V))
        assert np.isclose(transpiler.jvp(_with_default, (X, 3.0), (V, None))[1], np.sum(6 * X * V))
        np.testing.assert_allclose(transpiler.jacobian(_with_default)(X, 3.0), 6 * X)
        np.testing.assert_allclose(transpiler.hvp(_with_default, X, V, 3.0), 6 * V)


def test_jacobian_and_hessian_with_respect_to_another_parameter_are_its_own():
    def product(a, b):
        return np.sum(a * a * b)
    b = np.array([2.0, 3.0, 4.0])
    for _ in range(2):
        np.testing.assert_allclose(transpiler.jacobian(product, 0)(X, b), 2 * X * b)
        np.testing.assert_allclose(transpiler.jacobian(product, 1)(X, b), X * X)
        np.testing.assert_allclose(transpiler.hessian(product, 0)(X, b), np.diag(2 * b))
        np.testing.assert_allclose(transpiler.hessian(product, 1)(X, b), np.zeros((3, 3)))


@pytest.mark.parametrize("call", [
    lambda rewrites: transpiler.jvp(_sin_sum, (X,), (V,), rewrites=rewrites),
    lambda rewrites: transpiler.vjp(_sin_sum, X, rewrites=rewrites)[1](1.0),
    lambda rewrites: transpiler.jacobian(_sin_times, rewrites=rewrites)(X),
    lambda rewrites: transpiler.hessian(_sin_sum, rewrites=rewrites)(X),
    lambda rewrites: transpiler.hvp(_sin_sum, X, V, rewrites=rewrites),
], ids=["jvp", "vjp", "jacobian", "hessian", "hvp"])
def test_rewrites_switched_off_run_the_code_compiled_without_them(call, monkeypatch):
    for rewrites in (True, True):
        call(rewrites)
    asked = []
    compiled = pipeline.compiled

    def compiling(func, spec):
        asked.append(spec.rewrites_off)
        return compiled(func, spec)
    monkeypatch.setattr(pipeline, "compiled", compiling)
    call(False)
    assert asked and all(asked), "the code with the rewrites off was never asked for"


def _positive_part(x):
    return x[x > 0] * 2.0


def test_a_jacobian_of_an_output_whose_shape_follows_the_values():
    jacobian = transpiler.jacobian(_positive_part)
    for x in (X, np.array([1.0, 2.0, 3.0]), X):
        expected = 2.0 * np.eye(3)[x > 0]
        np.testing.assert_allclose(jacobian(x), expected)


def _reciprocal(x):
    return 1.0 / x


def test_python_float_division_by_zero_gives_numpy_answers_on_warm_calls_too():
    for _ in range(2):
        out, pullback = transpiler.vjp(_reciprocal, 0.0)
        assert out == np.inf and pullback(1.0)[0] == -np.inf
        assert transpiler.jacobian(_reciprocal)(0.0) == -np.inf
        assert transpiler.jvp(_reciprocal, (0.0,), (1.0,)) == (np.inf, -np.inf)
        assert transpiler.vjp(_reciprocal, 2.0)[1](1.0)[0] == -0.25


def _masked_root(x):
    return np.sum(np.where(x > 0, np.sqrt(np.abs(x)), 0.0))


def test_a_nan_tangent_is_taken_again_with_strong_zeros_on_warm_calls_too():
    x = np.array([0.0, 4.0])
    for _ in range(3):
        assert transpiler.jvp(_masked_root, (x,), (np.array([0.0, 1.0]),))[1] == 0.25
        np.testing.assert_allclose(transpiler.vjp(_masked_root, x)[1](1.0)[0], [0.0, 0.25])
        np.testing.assert_allclose(transpiler.jacobian(_masked_root)(x), [0.0, 0.25])
        np.testing.assert_allclose(transpiler.hessian(_masked_root)(x), [[0.0, 0.0], [0.0, -4.0 ** -1.5 / 4]])
        np.testing.assert_allclose(transpiler.hvp(_masked_root, x, np.ones(2)), [0.0, -4.0 ** -1.5 / 4])


def _count(x):
    return len(x)


def test_an_integer_output_is_refused_on_every_call():
    for _ in range(2):
        with pytest.raises(transpiler.errors.TranspileError):
            transpiler.jvp(_count, (X,), (V,))
        with pytest.raises(transpiler.errors.TranspileError):
            transpiler.vjp(_count, X)


def test_the_runners_do_not_keep_the_function_alive():
    def made():
        def f(x):
            return np.sum(np.sin(x) * x)
        return f
    f = made()
    for _ in range(2):
        _every_transform(f, X, V)
    reference = weakref.ref(f)
    del f
    gc.collect()
    assert reference() is None


def test_a_function_whose_code_was_replaced_is_differentiated_as_it_now_is():
    def f(x):
        return np.sum(x * x)

    def cubes(x):
        return np.sum(x * x * x)
    for _ in range(2):
        (_, tangent), out, adjoint, jacobian, hessian, along = _every_transform(f, X, V)[1]
    f.__code__ = cubes.__code__
    (_, tangent), out, adjoint, jacobian, hessian, along = _every_transform(f, X, V)[1]
    assert np.isclose(out, np.sum(X ** 3)) and np.isclose(tangent, np.sum(3 * X ** 2 * V))
    np.testing.assert_allclose(adjoint, 3 * X ** 2)
    np.testing.assert_allclose(hessian, np.diag(6 * X))
    np.testing.assert_allclose(along, 6 * X * V)


def test_a_closure_cell_rebound_to_a_complex_number_is_read_with_the_complex_rules():
    def made():
        scale = 2.0

        def f(x):
            return np.sum(np.abs(x * scale) ** 2)

        def rebind(value):
            nonlocal scale
            scale = value
        return f, rebind
    f, rebind = made()
    for scale in (2.0, 1.0 + 1.0j, 2.0):
        rebind(scale)
        factor = abs(scale) ** 2
        for _ in range(2):
            assert np.isclose(transpiler.jvp(f, (X,), (V,))[1], factor * np.sum(2 * X * V))
            np.testing.assert_allclose(transpiler.vjp(f, X)[1](1.0)[0], factor * 2 * X)
            np.testing.assert_allclose(transpiler.hvp(f, X, V), factor * 2 * V)


def test_a_pullback_of_a_lambda_no_one_else_holds_runs_after_the_call():
    """The runners reach the function weakly; the pullback handed out keeps it alive."""
    for _ in range(3):
        _, pullback = transpiler.vjp(lambda v: np.sum(v * v) * 2.0, X)
        gc.collect()
        np.testing.assert_allclose(pullback(1.0)[0], 4 * X)
