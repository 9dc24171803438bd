"""A loop-carried value's new version bound under its own name (opt/copies.py merge_copies:
no `x_1 = x_2` per iteration, no parallel copy `d_x, d_v = d_x_1, d_v_1`), a negation read once
folded into its use in forward mode (fold_negations), and two branches on one condition joined
so that liveness sees through them (opt/branches.py): the scalar loops of a map and an ODE
integrator, in each spelling of their constants, both modes."""
import pytest

import transpiler

RATE = 3.7


def logistic_literal(x):
    for _ in range(50):
        x = 3.7 * x * (1 - x)
    return x


def logistic_global(x):
    for _ in range(50):
        x = RATE * x * (1 - x)
    return x


def make_logistic(r, n):
    def logistic_closure(x):
        for _ in range(n):
            x = r * x * (1 - x)
        return x
    return logistic_closure


def logistic_default(x, r=3.7, n=50):
    for _ in range(n):
        x = r * x * (1 - x)
    return x


def euler(k, c, x0=1.0, v0=0.0, dt=0.01, steps=100):
    x, v = x0, v0
    for _ in range(steps):
        a = -k * x - c * v
        x, v = x + dt * v, v + dt * a
    return (x - 0.5) ** 2


def logistic_derivative(x, r=3.7, n=50):
    d = 1.0
    for _ in range(n):
        d = d * r * (1 - 2 * x)
        x = r * x * (1 - x)
    return d


@pytest.mark.parametrize("f", [logistic_literal, logistic_global, make_logistic(3.7, 50), logistic_default])
def test_a_map_in_any_spelling_binds_its_new_value_under_its_own_name(f):
    source = transpiler.grad(f).source(args=(0.3,))
    loop = source[source.index("for "):]
    assert "x_1 = x_2" not in loop and "t_x_1 = t_x_2" not in loop
    assert "= -t_x" not in loop                  # the tangent's negation folded into its use
    assert transpiler.grad(f)(0.3) == pytest.approx(logistic_derivative(0.3), rel=1e-9)
    value, tangent = transpiler.jvp(f, (0.3,), (1.0,))
    assert tangent == pytest.approx(logistic_derivative(0.3), rel=1e-9)


def test_an_integrator_s_reverse_loop_updates_its_adjoints_in_place():
    g = transpiler.grad(euler, (0, 1))
    source = g.source(args=(4.0, 0.3))
    assert "d_x, d_v = " not in source and "d_v = d_v + " in source and "d_x = d_x + " in source
    assert transpiler.check_grad(euler, 4.0, 0.3, wrt=(0, 1)).ok
    _, tangent = transpiler.jvp(euler, (4.0, 0.3), (1.0, 0.0))
    assert tangent == pytest.approx(g(4.0, 0.3)[0], rel=1e-9)
