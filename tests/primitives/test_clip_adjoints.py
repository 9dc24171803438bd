"""A clip with one bound, the ReLU ``np.clip(z, 0, None)`` and ``x.clip(0)`` as people write
them (issue 17, rp1's probe P12): its value's shape is known (a bound of None broadcasts with
nothing), so the code after it keeps its specialised adjoints, and its adjoint is
``np.maximum``'s one pass, ``d_y * np.heaviside(x - lo, 0.5)`` (``step_adjoint`` on large
arrays), not the helper ``clip_partial``. **Wrong code before**: ``x.clip(0)`` (the method's
``max`` defaults to None) called ``clip_partial(x, 0, a_max, 0)``, a NameError at run time.
Gradients against central finite differences, reverse and forward mode."""
import numpy as np
import pytest

import transpiler

RNG = np.random.default_rng(3)
X = RNG.standard_normal((4, 3))
W = RNG.standard_normal((3, 2))


def relu_layer(x, w):
    return np.sum(np.clip(x, 0, None) @ w)


def relu_by_keyword(x, w):
    return np.sum(np.clip(x, a_min=0.0, a_max=None) @ w)


def capped_by_keyword(x, w):
    return np.sum(np.clip(x, max=0.5) @ w)


def method_lower_bound(x, w):
    return np.sum(x.clip(0) @ w)


def method_upper_bound(x, w):
    return np.sum(x.clip(max=0.5) ** 2 @ w)


def method_upper_bound_by_position(x, w):
    return np.sum(x.clip(None, 0.5) ** 2 @ w)


def method_no_bound(x, w):
    return np.sum(x.clip() ** 2 @ w)


def lower_bound_an_array(x, w):
    return np.sum(np.clip(x, np.array([-0.5, 0.0, 0.5]), None) ** 2 @ w)


ONE_SIDED = [relu_layer, relu_by_keyword, capped_by_keyword, method_lower_bound, method_upper_bound,
             method_upper_bound_by_position, lower_bound_an_array]


def finite_differences(f, x, *rest, h=1e-6):
    d = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[i] = h
        d[i] = (f(x + step, *rest) - f(x - step, *rest)) / (2 * h)
    return d


@pytest.mark.parametrize("f", ONE_SIDED + [method_no_bound])
def test_gradient_and_tangent_match_finite_differences(f):
    expected = finite_differences(f, X, W)
    np.testing.assert_allclose(transpiler.grad(f)(X, W), expected, rtol=1e-6, atol=1e-8)
    direction = RNG.standard_normal(X.shape)
    _, tangent = transpiler.jvp(f, (X, W), (direction, np.zeros_like(W)))
    np.testing.assert_allclose(tangent, np.sum(expected * direction), rtol=1e-6)


@pytest.mark.parametrize("f", ONE_SIDED)
def test_the_code_a_call_runs_knows_the_shape_and_takes_one_pass(f):
    transpiler.grad(f)(X, W)
    source = transpiler.grad(f).source(args=(X, W))
    assert "matmul_adjoint" not in source and "unbroadcast(" not in source.split("# reverse sweep")[-1]
    assert "np.heaviside(" in source.split("# reverse sweep")[-1]
    assert "clip_partial(" not in source.split("# reverse sweep")[-1]


def test_a_large_array_takes_step_adjoint():
    x, w = RNG.standard_normal((100, 40)), RNG.standard_normal((40, 2))
    gradient = transpiler.grad(relu_layer)
    np.testing.assert_allclose(gradient(x, w), (x > 0) * (np.ones((100, 2)) @ w.T), rtol=1e-12)
    assert "step_adjoint(" in gradient.source(args=(x, w)).split("# reverse sweep")[-1]


def test_ties_at_the_bound_split_evenly_as_for_maximum():
    x = np.array([[-1.0, 0.0, 2.0]])
    w = np.ones((3, 1))
    np.testing.assert_allclose(transpiler.grad(relu_layer)(x, w), [[0.0, 0.5, 1.0]])
    np.testing.assert_allclose(transpiler.grad(relu_layer)(x, w),
                               transpiler.grad(lambda_free_maximum)(x, w))


def lambda_free_maximum(x, w):
    return np.sum(np.maximum(x, 0) @ w)


def both_bounds_and_the_bound(x, lo):
    return np.sum(np.clip(x, lo, None) ** 2)


def test_the_bounds_gradient_is_the_general_rules():
    lo = np.array([-0.5, 0.0, 0.5])
    d_lo = transpiler.grad(both_bounds_and_the_bound, wrt=1)(X, lo)
    np.testing.assert_allclose(d_lo, finite_differences(lambda b, x: both_bounds_and_the_bound(x, b), lo, X),
                               rtol=1e-6, atol=1e-8)


def method_with_too_many_arguments(x):
    return np.sum(x.clip(0, 1, 2, 3))


def test_a_method_with_too_many_arguments_is_refused_where_written():
    with pytest.raises(transpiler.errors.UnsupportedSyntaxError, match=r"test_clip_adjoints.py:\d+") as caught:
        transpiler.grad(method_with_too_many_arguments)(X)
    assert "x.clip" in str(caught.value) and "3 positional" in str(caught.value)


def clipped_probability(w, X, y):
    p = np.clip(1 / (1 + np.exp(-(X @ w))), 1e-3, 1 - 1e-3)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def test_two_number_bounds_take_clip_adjoint_and_keep_float32():
    """**Slow before** (rp1's probe P9, a float32 logistic loss through ``np.clip(p, 1e-6, 1 - 1e-6)``):
    ``clip_partial`` is float64, so the adjoint after it was float64 and ``X.T @ d`` mixed dtypes
    (52-72 µs where float32 takes 3)."""
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((50, 4)).astype(np.float32), (rng.uniform(size=50) < 0.5).astype(np.float32)
    w = (3 * rng.standard_normal(4)).astype(np.float32)       # some p clipped at each bound
    gradient = transpiler.grad(clipped_probability)
    got = gradient(w, X, y)
    assert got.dtype == np.float32
    source = gradient.source(args=(w, X, y)).split("# reverse sweep")[-1]
    assert "clip_adjoint(" in source and "clip_partial(" not in source
    w64, X64, y64 = w.astype(float), X.astype(float), y.astype(float)
    np.testing.assert_allclose(got, finite_differences(clipped_probability, w64, X64, y64), rtol=2e-4, atol=1e-6)
    np.testing.assert_allclose(transpiler.grad(clipped_probability)(w64, X64, y64),
                               finite_differences(clipped_probability, w64, X64, y64), rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("lo, hi", [(-0.5, 0.5), (0.5, -0.5), (0.0, 0.0)])
def test_clip_adjoint_is_the_partial_at_ties_nan_and_crossed_bounds(lo, hi):
    from transpiler.primitives.elementwise import clip_adjoint, clip_partial
    x = np.array([-1.0, -0.5, 0.0, 0.25, 0.5, 2.0, np.nan])
    g = np.arange(1.0, 8.0)
    np.testing.assert_array_equal(clip_adjoint(g, x, lo, hi), g * clip_partial(x, lo, hi, 0))
    inside = x[[0, 3, 5]]          # no tie, no NaN: the mask's product
    np.testing.assert_array_equal(clip_adjoint(g[[0, 3, 5]], inside, lo, hi), g[[0, 3, 5]] * clip_partial(inside, lo, hi, 0))


def test_clip_adjoint_where_every_x_is_inside_is_the_adjoint_itself():
    # (sp4) a clip guarding a log is mostly inactive: two reductions, no mask, g handed on
    from transpiler.primitives.elementwise import clip_adjoint, clip_partial
    g32 = np.linspace(-1, 1, 6, dtype=np.float32)
    x32 = np.linspace(0.1, 0.9, 6, dtype=np.float32)
    assert clip_adjoint(g32, x32, 1e-6, 1 - 1e-6) is g32
    assert clip_adjoint(g32, x32, 0.1, 1.0).tolist() == [0.5 * g32[0], *g32[1:].tolist()]   # at a bound: half
    x_nan = x32.copy()
    x_nan[3] = np.nan
    at_nan = clip_adjoint(g32, x_nan, 0.0, 1.0)                                     # NaN: the partial's 0
    assert at_nan is not g32 and at_nan[3] == 0 and at_nan.dtype == np.float32
    np.testing.assert_array_equal(at_nan, g32 * clip_partial(x_nan, 0.0, 1.0, 0))
    assert clip_adjoint(np.float32(2.0), x32, 0.0, 1.0).shape == x32.shape           # a number g: broadcast
    assert clip_adjoint(g32[:0], x32[:0], 0.0, 1.0).shape == (0,)


def clip_then_squared(x):
    d = np.clip(x, -1.0, 1.0)
    return np.sum(d ** 2) + np.sum(np.clip(x, -1.0, 1.0) * x)


def test_an_inactive_clip_handing_its_adjoint_on_keeps_the_gradient():
    # its adjoint is the seed's own array: nothing after writes into it in place
    x = np.array([0.25, -0.5, 0.75])
    assert transpiler.check_grad(clip_then_squared, x).ok
    np.testing.assert_allclose(transpiler.grad(clip_then_squared)(x), 2 * x + 2 * x, rtol=1e-14)
    _, tangent = transpiler.jvp(clip_then_squared, (x,), (np.array([1.0, 2.0, -1.0]),))
    assert tangent == pytest.approx(4 * x @ np.array([1.0, 2.0, -1.0]), rel=1e-14)


def cubed_two_sided(x):
    return np.sum(np.clip(x, -0.5, 0.5) ** 3 * x)


def cubed_relu(x):
    return np.sum(np.clip(x, 0, None) ** 3 * x)


@pytest.mark.parametrize("f", [cubed_two_sided, cubed_relu])
def test_hessian_through_the_clip_matches_finite_differences_of_the_gradient(f):
    x = np.array([-1.0, -0.3, 0.2, 0.4, 0.9])
    gradient = transpiler.grad(f)
    numeric = np.array([(gradient(x + 1e-5 * e) - gradient(x - 1e-5 * e)) / 2e-5 for e in np.eye(5)])
    np.testing.assert_allclose(transpiler.hessian(f)(x), numeric, rtol=1e-6, atol=1e-8)
