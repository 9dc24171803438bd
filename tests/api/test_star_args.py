"""``*args`` and ``**kwargs``: in the differentiated function's signature (one parameter holding a
tuple or a dict: its gradient is a tuple or dict), in helpers (``def total(*xs)``,
``def scaled(x, **opts)``) and in calls (``f(*pairs)``, ``f(**opts)``, ``f(**{"axis": 0})``);
both modes, against finite differences."""
import numpy as np
import pytest

import transpiler
from transpiler import UnsupportedSyntaxError, check_grad, grad, hessian, jacobian, jvp, value_and_grad, vjp

W = np.array([0.5, -0.3])
A = np.array([1.0, 2.0])
B = np.array([0.3, 0.1])


def central(f, args, tangents, h=1e-6):
    plus = f(*[a + h * t for a, t in zip(args, tangents)])
    minus = f(*[a - h * t for a, t in zip(args, tangents)])
    return (plus - minus) / (2 * h)


# The differentiated function's own *args / **kwargs -----------------------------------------
def layers(w, *xs):
    s = 0.0
    for v in xs:
        s = s + np.sum(np.tanh(w * v) ** 2)
    return s * 2.0 + xs[0][1] * w[0] + len(xs)


def test_grad_with_respect_to_star_args_is_a_tuple_of_gradients():
    g = grad(layers, wrt="xs")(W, A, B)
    assert type(g) is tuple and len(g) == 2
    assert check_grad(layers, W, A, B, wrt=(0, 1)).ok
    value, (g_w, g_xs) = value_and_grad(layers, wrt=(0, 1))(W, A, B)
    assert value == layers(W, A, B)
    np.testing.assert_allclose(g_xs[1], g[1])
    assert check_grad(layers, W, A).ok                     # another number of elements: compiled again


def test_forward_mode_vjp_jacobian_and_hessian_through_star_args():
    value, tangent = jvp(layers, (W, A, B), (W, A, B))
    assert value == layers(W, A, B)
    assert np.isclose(tangent, central(layers, (W, A, B), (W, A, B)), rtol=1e-6)
    out, pullback = vjp(layers, W, A, B)
    adjoints = pullback(1.0)
    assert len(adjoints) == 3                               # one per primal, as passed
    np.testing.assert_allclose(adjoints[2], grad(layers, wrt=1)(W, A, B)[1])
    J = jacobian(layers, wrt=1)(W, A, B)
    np.testing.assert_allclose(J[0], adjoints[1])
    H = hessian(layers, wrt=1)(W, A, B)
    assert H[0][1].shape == (2, 2) and np.allclose(H[0][1], 0.0)


def weighted(x, **weights):
    return np.sum(x ** 2) * weights["scale"] + weights["shift"]


def test_a_star_star_kwargs_parameter_is_a_dict():
    np.testing.assert_allclose(grad(weighted)(A, scale=3.0, shift=1.0), 6.0 * A)
    g = grad(weighted, wrt="weights")(A, scale=3.0, shift=1.0)
    assert g == {"scale": pytest.approx(np.sum(A ** 2)), "shift": 1.0}
    value, tangent = jvp(calls_weighted, (A, 3.0), (A, 1.0))
    assert np.isclose(tangent, 2 * np.sum(A * A) * 3.0 + np.sum(A ** 2))


def calls_weighted(x, scale):
    return weighted(x, scale=scale, shift=0.0)


def star_args_number(*xs):
    return xs[0] * xs[1]


def test_a_star_args_function_of_numbers_in_both_modes():
    assert grad(star_args_number)(2.0, 3.0) == (3.0, 2.0)
    assert jvp(star_args_number, (2.0, 3.0), (1.0, 1.0)) == (6.0, 5.0)


# Helpers with *xs / **opts, calls with *t / **opts ------------------------------------------
def total(*xs):
    s = 0.0
    for v in xs:
        s = s + np.sum(v ** 2)
    return s + np.sum(xs[0]) * len(xs)


def scaled(x, **opts):
    return np.sum(x, axis=opts["axis"]) * opts["scale"] + opts.get("shift", 0.0) * opts.get("scale")


def reduce_(x, axis=None, keepdims=False):
    return np.sum(x * 2.0, axis=axis, keepdims=keepdims)


def forwards(x, **opts):
    return reduce_(x, **opts)


def uses_helpers(x, y):
    pairs = (x, y)
    a = total(*pairs) + total(x)
    b = np.sum(scaled(x * y, axis=0, scale=3.0)) + np.sum(scaled(x, axis=1, scale=2.0, shift=np.sum(y)))
    c = np.sum(forwards(x, axis=0) ** 2) + np.sum(forwards(y, **{"axis": 1, "keepdims": True}))
    d = np.sum(np.stack([x, y]) ** 2) + np.sum(np.maximum(*pairs))
    for i in range(2):
        if i > 0:
            d = d + total(*(x[i], y[i]))
    return a + b + c + d


def test_helpers_taking_star_args_and_keywords_in_both_modes():
    x, y = np.random.RandomState(0).randn(2, 3, 2)
    assert check_grad(uses_helpers, x, y, wrt=(0, 1)).ok
    value, tangent = jvp(uses_helpers, (x, y), (x, y))
    assert np.isclose(tangent, central(uses_helpers, (x, y), (x, y)), rtol=1e-6)


def reads_an_unpassed_keyword(x):
    return scaled(x, axis=0)


def counts_keywords(x, **opts):
    return x * len(opts)


def uses_keywords_whole(x):
    return counts_keywords(x, a=1)


def spreads_a_shape(x):
    return np.sum(np.ones(*x.shape) * x)


@pytest.mark.parametrize("f, words", [
    (reads_an_unpassed_keyword, "no keyword 'scale' was passed"),
    (spreads_a_shape, "`*x.shape` in a call"),
])
def test_what_cannot_be_known_while_lowering_is_refused_with_its_location(f, words):
    with pytest.raises(UnsupportedSyntaxError, match=words.replace("*", r"\*")) as info:
        grad(f)(np.ones(2))
    assert "test_star_args.py" in str(info.value)


def sums_keywords_used_whole(x):
    return np.sum(counts_keywords(x, a=1, b=2) ** 2) + np.sum(uses_keywords_whole(x))


def test_keywords_used_whole_are_a_dict_of_those_passed():
    # (refused before: `len(opts)` needs the dict itself, made now as Python makes it)
    x = np.array([0.5, -1.5])
    value, g = transpiler.value_and_grad(sums_keywords_used_whole)(x)
    assert value == pytest.approx(sums_keywords_used_whole(x))
    np.testing.assert_allclose(g, 8.0 * x + 1.0)
    assert check_grad(sums_keywords_used_whole, x).ok


def test_generated_code_takes_the_star_args_tuple_as_one_parameter():
    source = transpiler.grad(layers, wrt=(0, 1)).source()
    assert "(w, xs, d_out=1.0):" in source and "d_xs = add_into(" in source


def test_code_a_call_runs_takes_the_star_args_tuple_apart_into_its_arrays():
    source = transpiler.grad(layers, wrt=(0, 1)).source(args=(W, A, B))
    assert "(w, xs_0, xs_1):" in source and "add_into(" not in source
