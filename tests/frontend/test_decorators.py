"""Functions under a decorator whose wrapper does more than call them (scales the result, times or
logs the call, takes a keyword of its own): the wrapper is differentiated as Python runs it, its
closure holding the function it wraps, with the signature the user sees (the wrapped function's,
as ``functools.wraps`` shows it, where the wrapper takes only ``*args, **kwargs``; the wrapper's
own otherwise). They were refused: "`f` is a decorator's wrapper that does more than call the
function it wraps"."""
import functools

import numpy as np
import pytest

import transpiler

from sequence_checks import assert_both_modes

W = np.array([0.5, -1.2, 2.0])
TIMES = []


def doubled(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return 2.0 * fn(*args, **kwargs)
    return wrapper


def recorded(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        out = fn(*args, **kwargs)
        TIMES.append(1)
        return out
    return wrapper


def scaled_by(c):
    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(x, *rest, s=1.0):             # a keyword of the wrapper's own
            return c * fn(x, *rest) * s
        return wrapper
    return decorate


@doubled
def doubled_loss(w):
    return np.sum(np.tanh(w) ** 2)


@recorded
def recorded_loss(w, b=0.5, *, k=2.0):
    return np.sum(np.tanh(w) ** 2) * k + b


@scaled_by(3.0)
def scaled_inner(x, y):
    return np.sum(x * y)


def calls_them(w):
    return doubled_loss(w) + recorded_loss(w, k=3.0) + scaled_inner(w, w ** 2, s=2.0)


def plain_loss(w):
    return np.sum(np.tanh(w) ** 2)


@pytest.mark.parametrize("f", [doubled_loss, recorded_loss, calls_them], ids=lambda f: f.__name__)
def test_a_wrapper_that_changes_the_value_is_differentiated_in_both_modes(f):
    assert_both_modes(f, W)


def test_the_gradient_is_the_wrapper_s_not_the_function_s():
    np.testing.assert_allclose(transpiler.grad(doubled_loss)(W), 2.0 * transpiler.grad(plain_loss)(W), rtol=1e-12)


def test_the_signature_is_the_wrapped_function_s_keywords_and_wrt_included():
    gradient = transpiler.grad(recorded_loss, wrt=(0, 1))(W, 0.3)
    np.testing.assert_allclose(gradient[0], 2.0 * transpiler.grad(plain_loss)(W), rtol=1e-12)
    assert gradient[1] == pytest.approx(1.0)
    np.testing.assert_allclose(transpiler.grad(recorded_loss)(W, k=3.0), 3.0 * transpiler.grad(plain_loss)(W),
                               rtol=1e-12)


def test_a_wrapper_s_own_keyword_is_taken():
    def through(w):
        return scaled_inner(w, w ** 2, s=2.0)
    assert_both_modes(through, W)
    np.testing.assert_allclose(transpiler.grad(through)(W), 6.0 * 3 * W ** 2, rtol=1e-12)


def test_the_wrapper_s_effect_runs_once_per_call():
    TIMES.clear()
    transpiler.grad(recorded_loss)(W)
    transpiler.value_and_grad(recorded_loss)(W)
    assert len(TIMES) == 2


def test_second_derivatives_through_a_wrapper():
    hessian = transpiler.hessian(doubled_loss)(W)
    g = transpiler.grad(doubled_loss)
    h = 1e-6
    numeric = np.stack([(g(W + h * e) - g(W - h * e)) / (2 * h) for e in np.eye(3)], axis=1)
    np.testing.assert_allclose(hessian, numeric, rtol=1e-5, atol=1e-7)


def unwrapped_decorator(fn):
    def wrapper(*args, **kwargs):                 # (no functools.wraps: the signature is *args)
        return 2.0 * fn(*args, **kwargs)
    return wrapper


@unwrapped_decorator
def anonymous_loss(w):
    return np.sum(w ** 2)


def test_a_wrapper_without_functools_wraps_is_inlined_where_called():
    np.testing.assert_allclose(transpiler.grad(lambda w: anonymous_loss(w) + 1.0)(W), 4.0 * W, rtol=1e-12)


def test_a_wrapper_without_functools_wraps_differentiated_itself_is_refused_where_it_spreads():
    with pytest.raises(transpiler.UnsupportedSyntaxError, match=r"`\*args` in a call"):
        transpiler.grad(anonymous_loss)(W)


doubled_lambda = doubled(lambda w: np.sum(np.tanh(w)))      # (functools.wraps names it "<lambda>")


def test_a_decorated_lambda_is_differentiated_itself_and_where_called():
    # (its made function was named `<lambda>`: a SyntaxError)
    assert_both_modes(doubled_lambda, W)
    assert_both_modes(lambda w: doubled_lambda(w) * 3.0, W)
