"""``raise SystemExit`` / ``raise ValueError``: an exception class raised without a call (no
argument at all) — Kiusalaas' ``error.err`` ends so. Its statement has nothing in it, which the
analyses that ask what a statement changes read as a list appended to (an IndexError crash)."""
import numpy as np
import pytest

from transpiler import grad, hessian, jvp, value_and_grad


class error:
    @staticmethod
    def err(string):
        print(string)
        raise SystemExit


def bracketed_root_step(f, a, b):
    fa = f(a)
    fb = f(b)
    if fa * fb > 0.0:
        error.err('Root is not bracketed')
    return a - fa * (b - a) / (fb - fa)          # one secant step


def secant_root(t):
    return bracketed_root_step(lambda u: u * u - t, 1.0, 2.0)


def checked_square_sum(x):
    if x.shape[0] > 3:
        raise ValueError
    total = 0.0
    for v in x:
        if v > 1e6:
            raise OverflowError
        total = total + v ** 2
    return total


def test_a_class_raised_without_a_call_in_a_helper_leaves_the_derivative_of_the_path_taken():
    t = 2.0
    expected = 1.0 / 3.0            # d/dt of 1 + (t - 1) / 3
    assert np.isclose(grad(secant_root)(t), expected)
    assert np.allclose(value_and_grad(secant_root)(t), (1.0 + (t - 1.0) / 3.0, expected))
    assert np.isclose(jvp(secant_root, (t,), (1.0,))[1], expected)
    assert np.isclose(hessian(secant_root)(t), 0.0)


def test_a_class_raised_without_a_call_in_a_loop_and_at_the_top():
    x = np.array([0.5, -1.0, 2.0])
    np.testing.assert_allclose(grad(checked_square_sum)(x), 2 * x)
    np.testing.assert_allclose(jvp(checked_square_sum, (x,), (np.ones(3),))[1], np.sum(2 * x))
    np.testing.assert_allclose(hessian(checked_square_sum)(x), 2 * np.eye(3))


@pytest.mark.parametrize("x, exception", [(np.ones(4), ValueError), (np.array([1.0, 2e6]), OverflowError)])
def test_the_class_is_raised_as_python_raises_it(x, exception):
    with pytest.raises(exception):
        grad(checked_square_sum)(x)
    with pytest.raises(exception):
        jvp(checked_square_sum, (x,), (np.ones_like(x),))


def test_system_exit_is_raised_where_the_bracket_fails():
    with pytest.raises(SystemExit):
        grad(lambda t: bracketed_root_step(lambda u: u * u + t, 1.0, 2.0))(1.0)
