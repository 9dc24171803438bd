"""Solvers and integrators of a Python function (scipy.optimize's brentq, minimize; scipy.integrate's
quad, solve_ivp) called inside a differentiated function with nothing differentiated going in:
they simply run, their result a constant of the derivative (frontend/passed_functions.py). The
function passed may be a module-level def, NumPy's, a lambda or a nested def reading the
enclosing function's inactive names, closure cells or defaults. Where the function passed reads
a differentiated value (directly, through a default, a nested helper, a name bound to one), or a
differentiated value is an argument, the call is refused at its line, naming the value: never a
silent zero gradient. (In their common form, a lambda without defaults reading the
differentiated value, brentq, minimize and quad are differentiated: tests/test_solver_rules.py.)"""
import numpy as np
import pytest

pytest.importorskip("scipy")
from scipy import optimize  # noqa: E402
from scipy.integrate import quad, solve_ivp  # noqa: E402

import transpiler  # noqa: E402
from transpiler.check import check_grad  # noqa: E402
from transpiler.errors import UnknownFunctionError  # noqa: E402

DATA = np.array([0.5, 1.5, 2.0])
X = np.array([0.3, -0.7, 1.1])
ROOT = 2.0 ** (1 / 3)                    # brentq(t**3 - 2) on [0, 3]
DECAY = np.exp(-0.5)                     # y' = -DATA[0] y, y(0) = 1, at t = 1
SINE_INTEGRAL = 1 - np.cos(1.0)          # quad(np.sin, 0, 1)


def rhs(t, y):
    return -DATA[0] * y


def root_of_a_lambda(x):
    return np.sum(x * optimize.brentq(lambda t: t ** 3 - 2, 0, 3))


def quad_of_numpy(x):
    value, _ = quad(np.sin, 0, 1)
    return np.sum(np.sin(x)) * value


def ivp_of_a_global(x):
    sol = solve_ivp(rhs, (0, 1), np.array([1.0]), rtol=1e-11, atol=1e-12)
    return np.sum(x ** 2) * sol.y[0, -1]


def minimize_of_a_closure_over_inactive_names(x):
    target = np.max(DATA)       # an inactive value computed at run time
    shift = 1
    res = optimize.minimize(lambda z: (z[0] - target) ** 2 + shift, np.zeros(1), tol=1e-12)
    return np.sum(np.tanh(x)) * res.x[0]


def nested_def_with_default(x):
    rate = DATA[0]

    def decay(t, y, k=rate):
        return -k * y
    sol = solve_ivp(decay, (0, 1), np.array([1.0]), rtol=1e-11, atol=1e-12)
    return np.sum(np.exp(x)) * sol.y[0, -1]


def _solved_in_a_helper(scale):
    return optimize.brentq(lambda t: t ** 3 - scale, 0, 3)


def solved_in_a_helper_in_a_loop_and_branch(x):
    total = 0.0
    for scale in (2.0, 2.0):
        if scale > 1:
            total = total + x * _solved_in_a_helper(scale)
    return np.sum(total ** 2)


def recursive_nested_def_passed(x):
    def fact(n):
        return 1.0 if n <= 1 else n * fact(n - 1)
    value, _ = quad(lambda t: fact(3) * t, 0, 1)       # 6 * 1/2
    return np.sum(x * value)


EXPECTED = {      # f -> its gradient at X, by hand
    root_of_a_lambda: np.full(3, ROOT),
    quad_of_numpy: np.cos(X) * SINE_INTEGRAL,
    ivp_of_a_global: 2 * X * DECAY,
    minimize_of_a_closure_over_inactive_names: (1 - np.tanh(X) ** 2) * 2.0,
    nested_def_with_default: np.exp(X) * DECAY,
    solved_in_a_helper_in_a_loop_and_branch: 2 * (2 * ROOT) ** 2 * X,
    recursive_nested_def_passed: np.full(3, 3.0),
}


@pytest.mark.parametrize("f", list(EXPECTED), ids=lambda f: f.__name__)
def test_an_inactive_solver_call_simply_runs_in_both_modes_and_second_order(f):
    np.testing.assert_allclose(transpiler.grad(f)(X), EXPECTED[f], rtol=1e-6)
    assert check_grad(f, X)
    v = np.array([0.2, -0.4, 0.9])
    _, tangent = transpiler.jvp(f, (X,), (v,))
    np.testing.assert_allclose(tangent, EXPECTED[f] @ v, rtol=1e-6)
    h = 1e-5
    numeric = (transpiler.grad(f)(X + h * v) - transpiler.grad(f)(X - h * v)) / (2 * h)
    np.testing.assert_allclose(transpiler.hvp(f, X, v), numeric, rtol=1e-4, atol=1e-6)


def test_float32_arguments_keep_their_dtype():
    g = transpiler.grad(ivp_of_a_global)(X.astype(np.float32))
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, EXPECTED[ivp_of_a_global], rtol=1e-5)


def reads_it_through_a_default(x):
    s = x[0]
    return optimize.brentq(lambda t, s=s: t ** 3 - s, 0, 3) * x[1]


def reads_it_through_a_nested_helper(x):
    def offset():
        return x[0] ** 2

    def g(t, y):
        return -offset() * y
    return solve_ivp(g, (0, 1), np.array([1.0])).y[0, -1]


def reads_a_name_bound_to_it(x):
    a = 2.0
    if x[0] > 0:
        a = x[0]
    return optimize.minimize(lambda z: (z[0] - a) ** 2, np.zeros(1), jac=lambda z: 2 * (z - a)).x[0]


def active_bound(x):
    return quad(np.sin, 0, x[0])[0]


def active_initial_value(x):
    return np.sum(solve_ivp(rhs, (0, 1), x, dense_output=True).y[:, -1])


@pytest.mark.parametrize("f, what", [
    (reads_it_through_a_default, "the function passed to it, `lambda t, s=s: t ** 3 - s`, reads `s`"),
    (reads_it_through_a_nested_helper, "reads `x`"),
    (reads_a_name_bound_to_it, "reads `a`"),
    (active_bound, "its argument `x[0]` depends on the differentiated parameters"),
    (active_initial_value, "its argument `x` depends on the differentiated parameters"),
], ids=lambda v: getattr(v, "__name__", ""))
def test_a_differentiated_value_reaching_the_solver_is_refused_at_its_line_not_zero(f, what):
    for run in (lambda: transpiler.grad(f)(X), lambda: transpiler.jvp(f, (X,), (X,))):
        with pytest.raises(UnknownFunctionError, match="is not differentiable here") as error:
            run()
        message = str(error.value)
        assert what in message and "test_scipy_solvers_inactive.py" in message
        assert "implicit function theorem" in message or "integrates a Python function" in message


def counts_calls(x):
    def counted(t):
        nonlocal calls
        calls += 1
        return t - 1.0
    calls = 0
    return x * optimize.brentq(counted, 0, 3)


def test_a_function_assigning_outside_itself_is_refused_saying_what_to_write():
    with pytest.raises(transpiler.TranspileError, match="assigns names outside it") as error:
        transpiler.grad(counts_calls)(0.5)
    assert "return the values" in str(error.value)


def nested_def_calling_another(x):
    def inner(t):
        return np.sin(t)

    def integrand(t):
        return 2.0 * inner(t)
    value, _ = quad(integrand, 0, 1)
    return np.sum(x * value)


def mutually_recursive_nested_defs(x):
    def a(t):
        return t if t < 0.1 else b(t * 0.5)

    def b(t):
        return a(t)
    value, _ = quad(a, 0, 1)
    return np.sum(x * value)


def test_a_nested_def_reading_another_is_made_with_it_and_mutual_recursion_is_refused():
    np.testing.assert_allclose(transpiler.grad(nested_def_calling_another)(X), np.full(3, 2 * SINE_INTEGRAL),
                               rtol=1e-10)
    with pytest.raises(transpiler.TranspileError, match="mutual recursion"):
        transpiler.grad(mutually_recursive_nested_defs)(X)


THETA = 1.0


def decaying(t):
    return np.exp(-THETA * t)


def through_a_global_it_assigns(theta):
    # the function passed reads THETA from the module while this one runs, but the assignment
    # is written back only when it returns: it would read the old value, and give a zero gradient
    global THETA
    THETA = theta
    value, _ = quad(decaying, 0, 1)
    return value


def test_a_function_passed_where_an_outer_name_is_assigned_is_refused_not_zero():
    with pytest.raises(transpiler.TranspileError, match="declaring the outer name `THETA`") as error:
        transpiler.grad(through_a_global_it_assigns)(0.5)
    assert "pass the value to the function as an argument" in str(error.value)


def counts_evaluations(x):
    calls = []
    quad(lambda t: calls.append(t) or np.sin(t), 0, 1)
    return x * len(calls)


def test_a_function_passed_changing_a_list_of_the_caller_is_refused_not_zero():
    # the lowering knows `calls` is empty, so len(calls) would be 0 and the gradient 0
    with pytest.raises(transpiler.TranspileError, match="which changes `calls`") as error:
        transpiler.grad(counts_evaluations)(2.0)
    assert "test_scipy_solvers_inactive.py" in str(error.value)
