"""inline_temporaries and fold_negations on the IR (opt/temporaries.py), pinned on small IR
functions built by hand: what moves into its reader and what stays (a barrier, a name rebound in
between, a pop, a value read twice), then through the driver in both modes, with second order.
The realworld sweep (tests/realworld) pins that the printed code is the one the passes on printed
code made."""
from __future__ import annotations

import ast
import dataclasses
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ir"))
from hand_built import ADD, Const, function, mul, x, y, z  # noqa: E402

import transpiler  # noqa: E402
from transpiler import primitives  # noqa: E402
from transpiler.ad.forward import TangentSpec  # noqa: E402
from transpiler.backends import python_code  # noqa: E402
from transpiler.driver import pipeline  # noqa: E402
from transpiler.ir import Assign, Effect, Var, verify  # noqa: E402
from transpiler.opt.temporaries import fold_negations, inline_temporaries  # noqa: E402
from transpiler.primitives.indexing import POP  # noqa: E402
from transpiler.primitives.written import written_statement  # noqa: E402

NEG = primitives.lookup(ast.USub)
t4, t5, g, n, d, stack = (Var(name) for name in ("_t4", "_t5", "g", "n", "d", "stack"))


def printed(fn) -> str:
    """The function's body as the backend prints a transform's output (only its parts folded)."""
    verify(fn)
    text = ast.unparse(ast.fix_missing_locations(python_code.function_def(fn, fold=False)))
    return text.split("\n", 1)[1]


def statement(text: str, *variables: str) -> Effect:
    prim, reads = written_statement(ast.parse(text).body[0], lambda name: name in variables)
    return Effect(prim, tuple(map(Var, reads)))


def neg(target, a) -> Assign:
    return Assign(target, NEG, (a,))


# --------------------------------------------------------------------------- temporaries
def test_a_temporary_read_once_moves_into_its_reader_past_assignments_that_leave_what_it_reads():
    fn = function([Assign(t4, ADD, (x, g)), mul(z, g, g), mul(y, t4, x), Assign(d, ADD, (y, z))],
                  d, params=(x, g))
    inlined = inline_temporaries(fn)
    assert printed(inlined) == "    z = g * g\n    y = (x + g) * x\n    return y + z"
    assert "_t4" not in {s.target.name for s in inlined.body}


def test_chained_temporaries_fold_into_one_expression():
    fn = function([Assign(t4, ADD, (x, g)), mul(t5, t4, x), Assign(y, ADD, (t5, Const(1.0)))], y, params=(x, g))
    assert printed(inline_temporaries(fn)) == "    return (x + g) * x + 1.0"


@pytest.mark.parametrize("between", [
    lambda: statement("print(x)", "x"),                   # a call statement: a barrier
    lambda: Assign(g, ADD, (x, x), rebinds=True),         # rebinds what the temporary reads
])
def test_a_temporary_stays_where_a_barrier_or_a_rebinding_of_what_it_reads_comes_before_its_reader(between):
    fn = function([Assign(t4, ADD, (x, g)), between(), mul(y, t4, x)], y, params=(x, g))
    assert inline_temporaries(fn) is fn


def test_a_pop_a_value_read_twice_and_a_name_not_a_temporary_stay():
    popped = function([Assign(t4, POP, (stack,)), mul(y, t4, x)], y, params=(x, stack))
    assert inline_temporaries(popped) is popped
    twice = function([Assign(t4, ADD, (x, g)), mul(y, t4, t4)], y, params=(x, g))
    assert inline_temporaries(twice) is twice
    named = function([Assign(z, ADD, (x, g)), mul(y, z, x)], y, params=(x, g))
    assert inline_temporaries(named) is named


def test_a_scaling_read_once_folds_where_its_reader_cancels_the_constant_and_only_there():
    part = Var("_part_9")
    cancels = dataclasses.replace(function([mul(d, g, Const(0.5)), mul(part, Const(2), z), mul(y, d, part)], y,
                                           params=(g, z)), folded=frozenset({part.name}))
    assert printed(inline_temporaries(cancels)) == "    return g * z"
    stays = function([mul(d, g, Const(0.5)), mul(y, d, z)], y, params=(g, z))
    assert inline_temporaries(stays) is stays


# --------------------------------------------------------------------------- negations
def test_a_negation_read_once_folds_into_its_reader_simplified():
    fn = function([neg(n, x), mul(z, g, n), Assign(y, ADD, (z, x))], y, params=(x, g))
    # (the product then is a negation read once too)
    assert printed(fold_negations(fn)) == "    return x - g * x"
    part = Var("_part_1")
    into_a_sum = dataclasses.replace(function([neg(n, x), mul(part, g, n), Assign(y, ADD, (part, z))], y,
                                              params=(x, g, z)), folded=frozenset({part.name}))
    assert printed(fold_negations(into_a_sum)) == "    return z - g * x"


def test_a_negation_read_twice_stays():
    fn = function([neg(n, x), mul(z, g, n), Assign(y, ADD, (z, n))], y, params=(x, g))
    assert fold_negations(fn) is fn


# --------------------------------------------------------------------------- through the driver
def negated_sine(x, y):
    n = -np.sin(x)
    return y * n + np.cos(y)


def exp_of_sine(x, y):
    return np.sum(np.exp(np.sin(x)) * y)


def test_forward_modes_negations_fold_on_the_ir_and_its_tangent_matches_finite_differences():
    spec = TangentSpec((0, 1))
    before = pipeline.source(negated_sine, spec, print_after="merge_copies:python")
    after = pipeline.source(negated_sine, spec, print_after="fold_negations:python")
    assert "t_n = -t_t1" in before and "t_n" not in after
    x, y = 0.3, 1.2
    _, tangent = transpiler.jvp(negated_sine, (x, y), (1.0, -0.5))
    step = 1e-6
    by_differences = (negated_sine(x + step, y - 0.5 * step) - negated_sine(x - step, y + 0.5 * step)) / (2 * step)
    assert np.isclose(tangent, by_differences, rtol=1e-7)
    assert transpiler.check_grad(negated_sine, x, y, wrt=(0, 1)).ok
    assert np.allclose(transpiler.hessian(negated_sine, 0, mode="forward")(x, y),
                       transpiler.hessian(negated_sine, 0)(x, y))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_reverse_modes_temporaries_fold_on_the_ir_and_the_gradient_matches_finite_differences(dtype):
    x, y = np.array([0.3, -0.4, 1.1], dtype=dtype), np.array([0.2, 0.5, -0.3], dtype=dtype)
    gradient = transpiler.grad(exp_of_sine, wrt=(0, 1))
    assert "np.exp(np.sin(x))" not in gradient.source(args=(x, y), print_after="common_subexpressions:python")
    assert "np.exp(np.sin(x))" in gradient.source(args=(x, y), print_after="inline_temporaries:python")
    dx, dy = gradient(x, y)
    assert dx.dtype == dtype and dy.dtype == dtype
    assert np.allclose(dx, y * np.exp(np.sin(x)) * np.cos(x), rtol=1e-5)
    assert np.allclose(dy, np.exp(np.sin(x)), rtol=1e-5)
    if dtype is np.float64:
        assert transpiler.check_grad(exp_of_sine, x, y, wrt=(0, 1)).ok
        _, directional = transpiler.jvp(exp_of_sine, (x, y), (np.ones(3), np.zeros(3)))
        assert np.isclose(directional, dx.sum())
        step = 1e-6
        by_differences = (transpiler.grad(exp_of_sine)(x + step, y)
                          - transpiler.grad(exp_of_sine)(x - step, y)) / (2 * step)
        assert np.allclose(transpiler.hvp(exp_of_sine, x, np.ones(3), y), by_differences, rtol=1e-5)


# --------------------------------------------------------------------------- far apart
FILLER = [mul(Var(f"f{k}"), g, Const(float(k))) for k in range(300)]


@pytest.mark.parametrize("between, moves", [
    ([], True),
    ([Assign(x, ADD, (g, g), rebinds=True)], False),      # rebinds what the temporary reads
    ([statement("print(g)", "g")], False),                # a call statement: a barrier
])
def test_a_temporary_read_300_statements_later_moves_into_its_reader_unless_something_between_stops_it(
        between, moves):
    # (found through indexes of readers, writers and barriers, not by walking what is between)
    fn = function([Assign(t4, ADD, (x, g)), *FILLER, *between, mul(y, t4, x)], y, params=(x, g))
    inlined = inline_temporaries(fn)
    assert (inlined is not fn) == moves
    assert printed(inlined).endswith("    return (x + g) * x" if moves else "    return _t4 * x")
