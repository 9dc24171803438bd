"""A zero adjoint (or tangent, or partial) times an infinite partial is zero, not NaN
(api/strong_zeros.py): masked-out pairwise distances, untaken np.where branches, np.nansum."""
import math
import warnings

import numpy as np
import pytest
from scipy.special import expit

import transpiler as tp
from transpiler.api.strong_zeros import may_meet_infinite_partials

X = np.array([0.3, 1.2, 2.0, -0.7])


def pairwise_upper(x):
    d = x[:, None] - x[None, :]
    r = np.sqrt(d ** 2 + 0.0)          # the diagonal: sqrt(0), infinite slope
    return np.sum(np.triu(r * r * r, 1))


def pairwise_masked_inverse(x):
    d = x[:, None] - x[None, :]
    r = np.sqrt(d ** 2)
    r[r > 0] = 1.0 / r[r > 0]          # pmocz's masked update: the diagonal stays 0
    return np.sum(r)


def untaken_branch(x):
    d = x[:, None] - x[None, :]
    r2 = d ** 2
    return np.sum(np.where(r2 > 0, r2 ** -1.5, 0.0))


def nansum_of_infinities(x, sigma):
    d = x[:, None] - x[None, :]
    sr6 = (sigma / d ** 2) ** 3        # inf on the diagonal; inf - inf is NaN, dropped by nansum
    return np.nansum(4.0 * (sr6 ** 2 - sr6))


def pair_loop(x):
    s = 0.0
    for i in range(len(x)):
        for j in range(len(x)):
            r = math.sqrt((x[i] - x[j]) ** 2)
            if i < j:
                s = s + r ** 3
    return s


def numerical_gradient(f, x, h=1e-6):
    """Central differences of the scalar f at the array (or number) x."""
    x = np.asarray(x, dtype=float)
    steps = np.eye(x.size).reshape((x.size,) + x.shape) * h
    return np.array([(f(x + e) - f(x - e)) / (2 * h) for e in steps]).reshape(x.shape)


def quiet(call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return call()


def reference(f, *args, wrt=0):
    return quiet(lambda: numerical_gradient(lambda v: f(*args[:wrt], v, *args[wrt + 1:]), args[wrt]))


@pytest.mark.parametrize("f", [pairwise_upper, pairwise_masked_inverse, untaken_branch, pair_loop])
def test_a_masked_out_singularity_gives_the_finite_gradient(f):
    expected = reference(f, X)
    gradient = quiet(lambda: tp.grad(f)(X))
    value, same = quiet(lambda: tp.value_and_grad(f)(X))
    assert np.all(np.isfinite(gradient))
    np.testing.assert_allclose(gradient, expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(same, expected, rtol=1e-5, atol=1e-6)
    assert value == pytest.approx(f(X))


@pytest.mark.parametrize("f", [pairwise_upper, pairwise_masked_inverse, untaken_branch, pair_loop])
def test_forward_mode_gives_the_finite_directional_derivative(f):
    direction = np.array([1.0, -0.5, 0.25, 2.0])
    _, tangent = quiet(lambda: tp.jvp(f, (X,), (direction,)))
    np.testing.assert_allclose(tangent, reference(f, X) @ direction, rtol=1e-5, atol=1e-6)


def test_nansum_of_infinities_in_both_arguments_and_both_modes():
    sigma = 0.9
    gx, gs = quiet(lambda: tp.grad(nansum_of_infinities, wrt=(0, 1))(X, sigma))
    np.testing.assert_allclose(gx, reference(nansum_of_infinities, X, sigma), rtol=1e-5)
    np.testing.assert_allclose(gs, reference(nansum_of_infinities, X, sigma, wrt=1), rtol=1e-5)
    _, tangent = quiet(lambda: tp.jvp(nansum_of_infinities, (X, sigma), (np.zeros(4), 1.0)))
    assert tangent == pytest.approx(gs, rel=1e-9)


def test_jacobian_in_both_modes():
    def rows(x):
        d = x[:, None] - x[None, :]
        return np.sum(np.triu(np.sqrt(d ** 2) ** 3, 1), axis=0)

    expected = quiet(lambda: tp.jacobian(lambda x: rows(x) + 0.0, mode="reverse")(X + np.array([0, 0, 0, 1e-3])))
    for mode in ("forward", "reverse"):
        jac = quiet(lambda: tp.jacobian(rows, mode=mode)(X))
        assert np.all(np.isfinite(jac))
        np.testing.assert_allclose(jac, expected, rtol=2e-2, atol=1e-2)   # (a nearby point: the sanity of it)
        numerical = np.stack([quiet(lambda: numerical_gradient(lambda v: rows(v)[k], X)) for k in range(4)])
        np.testing.assert_allclose(jac, numerical, rtol=1e-5, atol=1e-6)


def test_a_draw_inside_is_the_same_sample_in_the_second_run():
    def noisy(x):
        noise = np.random.randn(len(x))
        d = (x + 0.0 * noise)[:, None] - x[None, :]
        return np.sum(np.triu(np.sqrt(d ** 2) ** 3, 1)) + np.sum(noise * x)

    np.random.seed(5)
    value, gradient = quiet(lambda: tp.value_and_grad(noisy)(X))
    after = np.random.randn()
    np.random.seed(5)
    sample = np.random.randn(len(X))
    assert np.random.randn() == after            # the stream advanced as one call of noisy would
    np.random.seed(5)
    assert value == pytest.approx(noisy(X))
    expected = reference(lambda v: np.sum(np.triu(np.sqrt((v[:, None] - v[None, :]) ** 2) ** 3, 1))
                         + np.sum(sample * v), X)
    np.testing.assert_allclose(gradient, expected, rtol=1e-5, atol=1e-6)


def test_a_nan_of_the_functions_own_values_stays_nan():
    gradient = quiet(lambda: tp.grad(lambda x: np.sum(np.sqrt(x)))(np.array([-1.0, 4.0])))
    assert np.isnan(gradient[0]) and gradient[1] == pytest.approx(0.25)


def test_an_infinite_slope_with_a_nonzero_adjoint_stays_infinite():
    gradient = quiet(lambda: tp.grad(lambda x: np.sum(np.sqrt(x)))(np.array([0.0, 4.0])))
    assert gradient[0] == np.inf and gradient[1] == pytest.approx(0.25)


def test_a_zero_adjoint_at_cbrts_inner_singularity_is_no_strong_zero():
    # cbrt(x) ** 3 is x: its derivative at 0 is 1, not the 0 a strong zero would give (3 y² = 0
    # times cbrt's infinite slope); the plain chain rule's NaN stands, loud
    gradient = quiet(lambda: tp.grad(lambda x: np.sum(np.cbrt(x) ** 3))(np.array([0.0, 8.0])))
    assert np.isnan(gradient[0]) and gradient[1] == pytest.approx(1.0)


@pytest.mark.parametrize("derivative", [
    lambda f: tp.grad(f)(0.0),                                       # (forward mode: a number)
    lambda f: tp.jvp(f, (0.0,), (1.0,))[1],
    lambda f: tp.grad(lambda x: np.sum(f(x)))(np.array([0.0, 2.0]))[0],
    lambda f: tp.jvp(lambda x: np.sum(f(x)), (np.array([0.0, 2.0]),), (np.array([1.0, 0.0]),))[1],
])
def test_cbrts_infinite_tangent_meeting_a_zero_further_along_keeps_the_nan(derivative):
    # forward mode carries cbrt's infinite slope on to `3 * y ** 2`'s zero: a strong zero there gave
    # 0 (the derivative is 1); a function applying np.cbrt keeps its plain NaN (docs/modes.md)
    assert np.isnan(quiet(lambda: derivative(lambda x: np.cbrt(x) ** 3)))


def test_hessian_and_hvp_of_masked_distances():
    def energy(x):
        d = x[:, None] - x[None, :]
        r = np.sqrt(d ** 2)
        return np.sum(np.triu(r ** 3, 1))

    hessian = quiet(lambda: tp.hessian(energy)(X))
    expected = np.stack([numerical_gradient(lambda v: tp.grad(energy)(v)[k], X, h=1e-5) for k in range(4)])
    assert np.all(np.isfinite(hessian))
    np.testing.assert_allclose(hessian, expected, rtol=1e-5, atol=1e-5)
    v = np.array([1.0, 0.0, -2.0, 0.5])
    np.testing.assert_allclose(quiet(lambda: tp.hvp(energy, X, v)), expected @ v, rtol=1e-5, atol=1e-5)


def test_forward_over_forward_hessian_of_a_masked_power():
    mask = np.array([False, True])

    def f(x):
        return np.sum(np.abs(mask * x) ** 1.5)

    x = np.array([0.5, -1.0])
    expected = np.diag([0.0, 0.75 / np.sqrt(1.0)])      # d²/dx² |x|^1.5 = 0.75 |x|^-0.5
    for mode in ("reverse", "forward"):
        np.testing.assert_allclose(quiet(lambda: tp.hessian(f, mode=mode)(x)), expected, rtol=1e-12)


def masked_root_of_two_numbers(a, b):
    return np.sum(np.where(a > 1.0, np.sqrt(a), 0.0) * b + b)


def test_a_tuple_of_number_gradients_falls_back_too():
    # the per-call check has a fast path for tuples of numbers: a NaN in one of them still reruns
    with np.errstate(divide="ignore", invalid="ignore"):
        assert tp.grad(masked_root_of_two_numbers, wrt=(0, 1))(0.0, 2.0) == (0.0, 1.0)
        nan_of_its_own = tp.grad(masked_root_of_two_numbers, wrt=(0, 1))(float("nan"), 2.0)
    assert np.isnan(nan_of_its_own[0]) and nan_of_its_own[1] == 1.0


@pytest.mark.parametrize("wrt, expected", [((0, 1), (0.0, 1.0)), ((0,), (0.0,)), (0, 0.0)])
def test_number_gradients_checked_in_line_fall_back_on_a_later_call(wrt, expected):
    # a runner made at a point without NaN (the in-line check of number gradients) reruns at one with
    g = tp.grad(masked_root_of_two_numbers, wrt=wrt)
    assert g(4.0, 2.0) == ((0.5, 3.0) if wrt == (0, 1) else (0.5,) if wrt == (0,) else 0.5)
    (runner,) = g._runners.values()
    assert runner.__name__ == "falling_back_on_nan_numbers"
    with np.errstate(divide="ignore", invalid="ignore"):
        assert g(0.0, 2.0) == expected
        for number in (np.float64, np.float32):
            got = g(number(0.0), number(2.0))
            assert got == expected, (number, got)
        nan_of_its_own = g(float("nan"), 2.0)
    assert np.isnan(nan_of_its_own if wrt == 0 else nan_of_its_own[0])


def test_number_gradients_of_a_helper_with_a_global_mask():
    # through a helper and a global constant: the check of number gradients sees the NaN its code made
    with np.errstate(divide="ignore", invalid="ignore"):
        assert tp.grad(root_through_a_helper, wrt=(0, 1))(0.0, 3.0) == (0.0, 1.0)
        assert tp.grad(lambda a, b: root_through_a_helper(a, b) * 2.0, wrt=(0, 1))(0.0, 3.0) == (0.0, 2.0)


THRESHOLD = 1.0


def masked_root(a):
    return np.where(a > THRESHOLD, np.sqrt(a), 0.0)


def root_through_a_helper(a, b):
    return masked_root(a) * b + b


SCALES = np.array([1.5, np.inf, 2.0, -np.inf])


def replaced_infinities(x):
    # where a scale is infinite, nan_to_num makes the product a constant: flat in x there
    return np.sum(np.nan_to_num(x * SCALES, posinf=5.0, neginf=-5.0))


def test_nan_to_num_of_a_product_with_an_infinite_factor_is_flat_there_in_both_modes():
    # nan_to_num's adjoint is 0 where its argument is not finite; the product's then is 0 * inf,
    # NaN in plain code (JAX's grad gives NaN there): the strong-zero run gives the 0
    expected = reference(replaced_infinities, X)
    np.testing.assert_array_equal(expected[[1, 3]], 0.0)
    gradient = quiet(lambda: tp.grad(replaced_infinities)(X))
    np.testing.assert_allclose(gradient, expected, rtol=1e-6, atol=1e-8)
    direction = np.array([1.0, -0.5, 0.25, 2.0])
    _, tangent = quiet(lambda: tp.jvp(replaced_infinities, (X,), (direction,)))
    assert tangent == pytest.approx(expected @ direction, rel=1e-9)
    np.testing.assert_array_equal(quiet(lambda: tp.hessian(replaced_infinities)(X)), np.zeros((4, 4)))


def square_plus_cube(x):
    return np.sum(x ** 2 + np.power(x, 3) + x ** 2.0 + x ** 0)


def rosenbrock_loop(x):
    s = 0.0
    for i in range(len(x) - 1):
        s = s + 100.0 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2
    return s


@pytest.mark.parametrize("f, may", [
    (square_plus_cube, False),
    (rosenbrock_loop, False),
    (lambda x: np.sum(x ** 0.5), True),
    (lambda x: np.sum(x ** -1), True),
    (lambda x: np.sum(np.power(x, -2.0)), True),
    (lambda x, p: np.sum(x ** p), True),           # (an exponent known only at the call)
])
def test_a_power_by_a_constant_whole_number_has_no_infinite_partial(f, may):
    # b * a ** (b - 1) with b a whole number 0 or more is a polynomial in a: no NaN check per call
    assert may_meet_infinite_partials(f) is may


def test_a_gradient_of_whole_powers_runs_its_code_with_no_nan_check():
    x = np.array([0.0, -1.2, 0.7, 2.0])
    g = tp.grad(rosenbrock_loop)
    np.testing.assert_allclose(g(x), reference(rosenbrock_loop, x), rtol=1e-6, atol=1e-6)
    (runner,) = g._runners.values()
    assert runner.__name__ == "rosenbrock_loop_grad"       # the generated function itself


def test_whole_powers_at_zero_have_finite_derivatives_of_every_order_without_a_rerun():
    zero = np.zeros(3)
    np.testing.assert_array_equal(tp.grad(square_plus_cube)(zero), np.zeros(3))
    np.testing.assert_array_equal(tp.hessian(square_plus_cube)(zero), 4.0 * np.eye(3))
    _, tangent = tp.jvp(square_plus_cube, (zero,), (np.ones(3),))
    assert tangent == 0.0



def relu_mlp_loss(W, X, y):
    return np.mean((np.clip(X @ W, 0, None) - y) ** 2)


def expit_cross_entropy(w, X, y):
    p = expit(X @ w)
    return -np.mean(y * p + (1 - y) * (1 - p))


@pytest.mark.parametrize("f, may", [
    (relu_mlp_loss, False),
    (expit_cross_entropy, False),
    (lambda x: np.sum(np.sqrt(np.clip(x, 0, None))), True),     # (np.sqrt beside the clip: infinite at 0)
    (lambda x: np.sum(np.log(expit(x))), True),
])
def test_a_clip_or_an_expit_has_no_infinite_partial(f, may):
    # primitives declaring finite_partials (tests/primitives/test_finite_partials.py): no NaN check per call
    assert may_meet_infinite_partials(f) is may


def test_a_gradient_through_a_clip_runs_its_code_with_no_nan_check():
    rng = np.random.default_rng(3)
    W, X, y = rng.standard_normal((3, 2)), rng.standard_normal((5, 3)), rng.standard_normal((5, 2))
    g = tp.grad(relu_mlp_loss)
    np.testing.assert_allclose(g(W, X, y), reference(relu_mlp_loss, W, X, y), rtol=1e-6, atol=1e-6)
    (runner,) = g._runners.values()
    assert runner.__name__ == "relu_mlp_loss_grad"       # the generated function itself


KEEP = np.array([True, False, True, True])


def masked_mean_of_logs(x, t, s):
    targets = np.where(KEEP, t, np.nan)
    err = np.where(~np.isnan(targets), np.ravel(x) + 0.0 * targets, np.nan)
    return np.nanmean(np.log1p(err * err), axis=0) + np.size(x) / (2 + np.cos(s))


def test_a_hessian_direction_taken_again_with_strong_zeros_asks_the_value_at_the_arguments():
    # fuzz nan-masks seed 2049: the gradient's tangent along x is NaN where 0.0 * nan meets the
    # masked entry; the fallback asked the function's value at the direction alone, a TypeError
    x, t, s = np.array([-0.59, -0.25, -0.47, -1.92]), np.array([1.0, 1.87, -0.37, 0.24]), 1.9
    kept = KEEP.astype(float)
    expected = np.diag(kept * 2 * (1 - x ** 2) / (1 + x ** 2) ** 2 / kept.sum())
    assert np.allclose(tp.hessian(masked_mean_of_logs)(x, t, s), expected)
    assert np.allclose(tp.hvp(masked_mean_of_logs, x, np.ones(4), t, s), expected @ np.ones(4))
    blocks = tp.hessian(masked_mean_of_logs, wrt=(0, 1, 2))(x, t, s)
    assert np.allclose(blocks[0][0], expected) and np.all(blocks[1][1] == 0.0)
    c = 2 + np.cos(s)
    assert blocks[2][2] == pytest.approx(4 * np.cos(s) / c ** 2 + 8 * np.sin(s) ** 2 / c ** 3)
