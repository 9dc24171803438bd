"""Keyword-only parameters (`def lorenz(xyz, *, s=10, r=28, b=2.667)`, as matplotlib's example
writes it) and positional-only ones in the differentiated function: parameters like any other,
differentiated by name (``wrt="s"``) or held constant, passed by keyword in every transform."""
import numpy as np
import pytest

import transpiler
from transpiler import check_grad

XYZ = np.array([0.5, 1.0, 1.05])


def lorenz(xyz, *, s=10, r=28, b=2.667):
    x, y, z = xyz
    x_dot = s*(y - x)
    y_dot = r*x - y - x*z
    z_dot = x*y - b*z
    return np.array([x_dot, y_dot, z_dot])


def energy(x, *, scale=1.0, shift):
    total = 0.0
    for v in x:                         # (read inside a loop and a branch)
        if v > shift:
            total = total + scale * (v - shift) ** 2
        else:
            total = total + (v - shift) ** 4
    return total


def lorenz_jacobian(xyz):
    s, r, b = 10, 28, 2.667
    x, y, z = xyz
    return np.array([[-s, s, 0.0], [r - z, -1.0, -x], [y, x, -b]])


def test_jacobian_with_keyword_defaults_is_the_hand_written_one():
    np.testing.assert_allclose(transpiler.jacobian(lorenz)(XYZ), lorenz_jacobian(XYZ))
    np.testing.assert_allclose(transpiler.jacobian(lorenz, mode="reverse")(XYZ), lorenz_jacobian(XYZ))


def test_differentiated_by_name_and_passed_by_keyword():
    x, y, z = XYZ
    np.testing.assert_allclose(transpiler.jacobian(lorenz, wrt="s")(XYZ, s=3.0), [y - x, 0.0, 0.0])
    np.testing.assert_allclose(transpiler.jacobian(lorenz, wrt="b")(XYZ, b=1.0), [0.0, 0.0, -z])


@pytest.mark.parametrize("wrt", ["x", "scale", "shift", ("x", "shift")])
def test_grad_matches_finite_differences_for_each_parameter(wrt):
    """The keywords passed on by a positional wrapper, which check_grad compares with central
    differences, and the gradient of energy itself, taken with the keywords, agree."""
    positional = lambda x, scale, shift: energy(x, scale=scale, shift=shift)  # noqa: E731
    report = check_grad(positional, XYZ, 2.0, 0.8, wrt=wrt)
    assert report, report
    gradient = transpiler.grad(energy, wrt=wrt)(XYZ, scale=2.0, shift=0.8)
    reference = transpiler.grad(positional, wrt=wrt)(XYZ, 2.0, 0.8)
    for got, want in zip(gradient if isinstance(wrt, tuple) else [gradient],
                         reference if isinstance(wrt, tuple) else [reference]):
        np.testing.assert_allclose(got, want)


def test_value_and_grad_and_a_keyword_without_default():
    value, gradient = transpiler.value_and_grad(energy, wrt="shift")(XYZ, shift=0.8)
    assert value == pytest.approx(energy(XYZ, shift=0.8))
    step = 1e-6
    numeric = (energy(XYZ, shift=0.8 + step) - energy(XYZ, shift=0.8 - step)) / (2 * step)
    assert gradient == pytest.approx(numeric, rel=1e-6)
    with pytest.raises(TypeError, match="shift"):
        transpiler.grad(energy)(XYZ)


def test_a_keyword_only_argument_is_not_taken_positionally():
    gradient = transpiler.grad(energy)
    gradient(XYZ, shift=0.8)
    with pytest.raises(TypeError, match="positional"):
        gradient(XYZ, 2.0, 0.8)


def test_forward_mode_and_pullback_take_the_defaults():
    out, tangent = transpiler.jvp(lorenz, (XYZ,), (np.ones(3),))
    np.testing.assert_allclose(out, lorenz(XYZ))
    np.testing.assert_allclose(tangent, lorenz_jacobian(XYZ) @ np.ones(3))
    out, pullback = transpiler.vjp(lorenz, XYZ)
    np.testing.assert_allclose(pullback(np.ones(3))[0], np.ones(3) @ lorenz_jacobian(XYZ))


def test_a_number_argument_takes_forward_mode_and_second_derivatives_work():
    def cubic(t, *, k=2.0):
        return k * t ** 3

    assert transpiler.grad(cubic)(2.0) == pytest.approx(24.0)
    assert transpiler.grad(cubic, wrt="k")(2.0, k=5.0) == pytest.approx(8.0)
    assert transpiler.grad(transpiler.grad(cubic))(2.0, k=1.0) == pytest.approx(12.0)
    np.testing.assert_allclose(transpiler.hessian(energy)(XYZ, scale=1.0, shift=0.0), 2 * np.eye(3))
    np.testing.assert_allclose(transpiler.hessian(lambda x, *, c: c * np.sum(x ** 2))(XYZ, c=3.0), 6 * np.eye(3))


def test_a_lambda_and_a_method_with_keyword_only_parameters():
    scaled = lambda x, *, w=3.0: w * np.sum(np.sin(x))  # noqa: E731
    np.testing.assert_allclose(transpiler.grad(scaled)(XYZ), 3.0 * np.cos(XYZ))
    np.testing.assert_allclose(transpiler.grad(scaled, wrt="w")(XYZ, w=1.0), np.sum(np.sin(XYZ)))

    class Model:
        def __init__(self):
            self.W = np.eye(3) * 2.0

        def loss(self, x, *, weight=0.5):
            return weight * np.sum((self.W @ x) ** 2)

    np.testing.assert_allclose(transpiler.grad(Model().loss)(XYZ, weight=1.0), 8.0 * XYZ)


def test_positional_only_parameters():
    def product(x, y, /, z=1.0):
        return x * y * z

    assert transpiler.grad(product, wrt=(0, 1, 2))(2.0, 3.0, z=4.0) == (12.0, 8.0, 6.0)
    assert transpiler.jvp(product, (2.0, 3.0), (1.0, 0.0)) == (6.0, 3.0)


def test_a_keyword_only_parameter_whose_default_is_a_function_is_the_call_s():
    def activated(x, *, act=np.tanh):
        return np.sum(act(x))

    np.testing.assert_allclose(transpiler.grad(activated)(XYZ), 1 - np.tanh(XYZ) ** 2)
    np.testing.assert_allclose(transpiler.grad(activated)(XYZ, act=np.sin), np.cos(XYZ))
