"""``a if test else b`` whose test is known while compiling (a constant, a default argument,
``method == 'rk4'`` of one): only the side Python evaluates is lowered, so it may be a function
(``step_func = rk4_step if method == 'rk4' else euler_step``, the solver choice in the ported
torchdiffeq demo) or code the other side could not run. A test known only at run time is a
branch as before (choosing between two functions: the branches calling each)."""
import numpy as np
import pytest

from transpiler import check_grad, grad, jvp


def euler_step(f, y, dt):
    return y + dt * f(y)


def midpoint_step(f, y, dt):
    return y + dt * f(y + 0.5 * dt * f(y))


def integrate(y, method="midpoint", steps=5):
    step = midpoint_step if method == "midpoint" else euler_step
    for _ in range(steps):
        y = step(np.sin, y, 0.1)
    return np.sum(y ** 2)


def integrate_euler(y):
    return integrate(y, method="euler")


def integrate_default(y):
    return integrate(y)                     # the default: a constant in the helper


def scaled(x, flag=None):
    factor = 2.0 if flag is None else flag.scale       # `flag.scale` never evaluated for None
    return np.sum(x * factor)


def run_time_test(x):
    return np.sum(x * x if np.sum(x) > 0 else -x)


X = np.array([0.4, -0.1, 0.9])


@pytest.mark.parametrize("f", [integrate_default, integrate_euler, scaled, run_time_test])
def test_both_modes_agree_with_finite_differences(f):
    assert check_grad(f, X).ok
    out, tangent = jvp(f, (X,), (np.ones(3),))
    h = 1e-6
    assert tangent == pytest.approx((f(X + h) - f(X - h)) / (2 * h), rel=1e-6)


def test_the_side_not_taken_is_not_in_the_code():
    source = grad(integrate_euler).source(((3,),))
    assert "0.5" not in source.split("def integrate_euler_grad")[-1]      # no midpoint step
    assert check_grad(run_time_test, -X).ok


def test_a_test_known_only_at_run_time_choosing_functions_calls_the_one_chosen():
    # `method` is the differentiated function's own parameter: the branches over both functions
    # (test_function_chosen_by_a_conditional.py); it was a located refusal before
    assert check_grad(integrate, X).ok
    np.testing.assert_allclose(grad(integrate)(X), grad(integrate_default)(X), rtol=1e-14)
    np.testing.assert_allclose(grad(integrate)(X, "euler"), grad(integrate_euler)(X), rtol=1e-14)
