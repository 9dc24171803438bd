"""A loop-carried value's new version bound under its own name (opt/cleanup.py merge_copies:
no `x_1 = x_2` per iteration, no parallel copy `d_x, d_v = d_x_1, d_v_1`), a negation read once
folded into its use in forward mode (fold_negations), and two branches on one condition joined
so that liveness sees through them (opt/branches.py): the scalar loops of a map and an ODE
integrator, in each spelling of their constants, both modes."""
import ast

import numpy as np
import pytest

import transpiler
from transpiler.opt.branches import merge_branches
from transpiler.opt.cleanup import merge_copies

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


def statements(text):
    return ast.parse(text).body


def test_a_copy_is_not_merged_when_its_target_is_read_in_between():
    stmts = statements("x_2 = r * x_1\nt = x_1 + 1.0\nx_1 = x_2\ny = t + x_1")
    merged = merge_copies(stmts)
    assert [ast.unparse(ast.fix_missing_locations(s)) for s in merged[::2]] == ["x_2 = r * x_1", "x_1 = x_2"]


def test_a_copy_is_not_merged_across_a_branch_that_may_leave_the_loop():
    text = "while True:\n    stop = x_1 > 3.0\n    x_2 = x_1 * 2.0\n    if stop:\n        break\n    x_1 = x_2"
    merged = merge_copies(statements(text))
    assert run(merged, x_1=1.0)["x_1"] == run(statements(text), x_1=1.0)["x_1"] == 4.0


def run(stmts, **values):
    exec(compile(ast.fix_missing_locations(ast.Module(body=stmts, type_ignores=[])), "<test>", "exec"), {}, values)
    return values


def test_a_parallel_copy_keeps_its_meaning_a_swap_included():
    text = "a_1 = b\nb_1 = a\na, b = (a_1, b_1)\nz = a - 2 * b"
    merged = merge_copies(statements(text))
    assert run(merged, a=1.0, b=5.0)["z"] == run(statements(text), a=1.0, b=5.0)["z"] == 3.0
    text = "d_v_1 = d_v + d_x\nd_x_1 = d_x * 2.0\nd_x, d_v = (d_x_1, d_v_1)\nz = d_x - 3 * d_v"
    merged = merge_copies(statements(text))
    assert len(merged) == 3
    assert run(merged, d_x=1.0, d_v=5.0)["z"] == run(statements(text), d_x=1.0, d_v=5.0)["z"]


def test_branches_on_one_name_join_unless_the_first_rebinds_it():
    joined = merge_branches(statements("if c:\n    a = 1\nif c:\n    b = a\nelse:\n    b = 0"))
    assert len(joined) == 1 and ast.unparse(joined[0]) == "if c:\n    a = 1\n    b = a\nelse:\n    b = 0"
    kept = merge_branches(statements("if c:\n    c = False\nif c:\n    b = 1"))
    assert len(kept) == 2
