"""``scipy.special.expit``'s derivative is accurate in both tails: ``y * expit(-x)``, not
``y * (1 - y)``, whose ``1 - y`` cancels where ``y`` rounds towards 1 (pr6 finding 6: 5.6% off at
x = 35, 0 instead of 4.2e-18 at x = 40). Both modes, and the second derivative."""
import numpy as np
import pytest

import transpiler

special = pytest.importorskip("scipy.special")

X = np.array([-40.0, -3.0, 0.3, 30.0, 35.0, 40.0])
EXACT = np.exp(-np.abs(X)) / (1 + np.exp(-np.abs(X))) ** 2      # e / (1 + e)**2, e = exp(-|x|): no cancellation


def sigmoid_sum(x):
    return np.sum(special.expit(x))


def test_the_gradient_is_accurate_in_both_tails():
    np.testing.assert_allclose(transpiler.grad(sigmoid_sum)(X), EXACT, rtol=1e-14, atol=0)


def test_the_tangent_is_accurate_in_both_tails():
    for i in range(len(X)):
        direction = np.zeros(len(X))
        direction[i] = 1.0
        _, tangent = transpiler.jvp(sigmoid_sum, (X,), (direction,))
        assert tangent == pytest.approx(EXACT[i], rel=1e-14)


def test_the_second_derivative_in_the_tail_is_not_zero():
    hessian = transpiler.hessian(sigmoid_sum)(np.array([40.0]))
    assert hessian[0, 0] == pytest.approx(-EXACT[-1], rel=1e-12)    # s' (1 - 2 s) -> -s' far out


def logistic_loss(w, X):
    return np.sum(special.expit(X @ w) * np.cos(X[:, 0]))


W, DATA = np.array([0.3, -0.7]), np.array([[1.0, 2.0], [-0.5, 0.25], [3.0, -1.0]])


def test_the_derivative_is_the_slope_helper_not_a_second_expit():
    # expit_slope: t / (1 + t) ** 2 with t = exp(-|x|), NumPy's exp in place (SciPy's expit is ~3x slower)
    gradient = transpiler.grad(logistic_loss)
    gradient(W, DATA)
    reverse = gradient.compiled((W, DATA)).source.split("# reverse sweep")[1]
    assert "expit_slope(" in reverse and "scipy.special.expit" not in reverse
    assert transpiler.check_grad(logistic_loss, W, DATA).ok
    direction = np.array([0.5, -1.0])
    _, tangent = transpiler.jvp(logistic_loss, (W, DATA), (direction, np.zeros_like(DATA)))
    h = 1e-6
    fd = (logistic_loss(W + h * direction, DATA) - logistic_loss(W - h * direction, DATA)) / (2 * h)
    assert tangent == pytest.approx(fd, rel=1e-7)


def test_second_derivatives_agree_in_both_modes_and_with_finite_differences():
    # forward over forward differentiates the slope helper by its own rule (np.abs in the rule was refused)
    backward, forward = transpiler.hessian(logistic_loss)(W, DATA), transpiler.hessian(logistic_loss, mode="forward")(W, DATA)
    np.testing.assert_allclose(forward, backward, rtol=1e-13, atol=1e-15)
    h, gradient = 1e-6, transpiler.grad(logistic_loss)
    numeric = np.array([(gradient(W + h * e, DATA) - gradient(W - h * e, DATA)) / (2 * h) for e in np.eye(2)])
    np.testing.assert_allclose(backward, numeric, rtol=1e-6, atol=1e-9)


# y' = y (1 - y), y'' = y' (1 - 2 y), y''' = y' (1 - 6 y + 6 y ** 2): at 0, in the tails
@pytest.mark.parametrize("x, first, second, third", [
    (0.0, 0.25, 0.0, -0.125),
    (40.0, EXACT[-1], -EXACT[-1], EXACT[-1]),
    (-40.0, EXACT[-1], EXACT[-1], EXACT[-1]),
    (1.5, 0.14914645207033286, -0.09473021278475267, 0.01567846707932428),
])
def test_derivatives_to_third_order_at_zero_and_in_the_tails(x, first, second, third):
    # the slope's rule -slope * tanh(x / 2): an abs-based rule's sign(0) = 0 read 0 for the third at x = 0
    d1 = transpiler.grad(special.expit)
    d2 = transpiler.grad(d1)
    d3 = transpiler.grad(d2)
    assert d1(x) == pytest.approx(first, rel=1e-14, abs=0)
    assert d2(x) == pytest.approx(second, rel=1e-13, abs=1e-300)
    assert d3(x) == pytest.approx(third, rel=1e-13, abs=0)


def test_float32_stays_float32_and_far_tails_raise_no_warning():
    # exp(-|x|) underflows quietly far out (exp(-x) would overflow and warn)
    import warnings
    x32 = np.array([-200.0, -90.0, -3.0, 0.5, 90.0, 200.0], dtype=np.float32)
    x64 = np.array([-1000.0, -750.0, 0.0, 750.0, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g32 = transpiler.grad(sigmoid_sum)(x32)
        g64 = transpiler.grad(sigmoid_sum)(x64)
        h32 = transpiler.hessian(sigmoid_sum, mode="forward")(x32)
    assert g32.dtype == np.float32 and h32.dtype == np.float32
    exact32 = np.exp(-np.abs(x32.astype(np.float64))) / (1 + np.exp(-np.abs(x32.astype(np.float64)))) ** 2
    np.testing.assert_allclose(g32, exact32.astype(np.float32), rtol=1e-6, atol=0)
    np.testing.assert_array_equal(g64, [0.0, 0.0, 0.25, 0.0, 0.0])
