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
    # (its statement moved as it is, a part of y's line named as the line's parts are, folded)
    z_, part, y_, d_ = inlined.body
    assert (z_.target.name, y_.target.name, d_.target.name) == ("z", "y", "d")
    assert part.target.name.startswith("_part") and part.target.name in inlined.folded


def test_chained_temporaries_fold_into_one_expression():
    fn = function([Assign(t4, ADD, (x, g)), mul(t5, t4, x), Assign(y, ADD, (t5, Const(1.0)))], y, params=(x, g))
    assert printed(inline_temporaries(fn)) == "    return (x + g) * x + 1.0"


def test_a_temporary_moved_into_a_line_goes_where_its_reader_evaluates_it():
    # y = (x * x) * _t4, its left operand a part: _t4's statement goes after that part's, so the
    # printer, folding parts in the order the expression evaluates them, folds both
    part = Var("_part_3")
    fn = dataclasses.replace(function([Assign(t4, ADD, (x, g)), mul(part, x, x), mul(y, part, t4)], y,
                                      params=(x, g)), folded=frozenset({part.name}))
    inlined = inline_temporaries(fn)
    assert [s.args for s in inlined.body] == [(x, x), (x, g), tuple(s.target for s in inlined.body[:2])]
    assert printed(inlined) == "    return x * x * (x + g)"


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


# --------------------------------------------------------------------------- a temporary's adjoint
d_t1, d_k, d_k_1 = Var("d_t1"), Var("d_k"), Var("d_k_1")


def test_a_temporarys_adjoint_known_to_be_a_number_moves_into_its_reader():
    body = [mul(d_t1, g, x), Assign(d_k_1, ADD, (d_k, d_t1))]
    fn = function(body, d_k_1, params=(g, x, d_k))
    assert printed(inline_temporaries(fn, {"d_t1": ()})) == "    return d_k + g * x"
    # an array's stays a name (the backend's passes read it: known_broadcasts' unreduce), and so
    # does one of unknown shape
    assert inline_temporaries(fn, {"d_t1": (3,)}) is fn
    assert inline_temporaries(fn) is fn


def test_a_numbers_negation_read_twice_folds_into_both_readers_where_both_absorb_it():
    d_t3, d_c, d_c_1, d_v, d_v_1 = (Var(name) for name in ("d_t3", "d_c", "d_c_1", "d_v", "d_v_1"))
    part_1, part_2 = Var("_part_1"), Var("_part_2")
    body = [neg(d_t3, g), mul(part_1, d_t3, x), Assign(d_c_1, ADD, (d_c, part_1)),
            mul(part_2, d_t3, z), Assign(d_v_1, ADD, (d_v, part_2)), Assign(y, ADD, (d_c_1, d_v_1))]
    fn = dataclasses.replace(function(body, y, params=(g, x, z, d_c, d_v)), folded=frozenset({"_part_1", "_part_2"}))
    numbers = {"d_t3": ()}
    assert "d_c_1 = d_c - g * x\n    d_v_1 = d_v - g * z" in printed(inline_temporaries(fn, numbers))
    # one reader that cannot absorb it (a negation more there): it stays a statement
    body = [*body[:3], mul(d_v_1, d_v, d_t3), Assign(y, ADD, (d_c_1, d_v_1))]
    kept = dataclasses.replace(function(body, y, params=(g, x, d_c, d_v)), folded=frozenset({"_part_1"}))
    assert printed(inline_temporaries(kept, numbers)).startswith("    d_t3 = -g\n    d_c_1 = d_c + d_t3 * x")
    assert inline_temporaries(fn) is fn               # (of unknown shape: it stays)


def damped(k, c, x0=1.0, v0=0.0, dt=0.01, steps=30):
    x, v = x0, v0
    for _ in range(steps):
        a = -k * x - c * v
        x, v = x + dt * v, v + dt * a
    return (x - 0.5) ** 2


def test_the_scalar_loops_adjoint_products_are_one_statement_each():
    args = (4.0, 0.3, 1.0, 0.0, 0.01, 30)
    source = transpiler.grad(damped, wrt=(0, 1)).compiled(args).source
    assert "d_k = d_k - d_a_1 * x" in source and "d_t1 =" not in source
    # the negation d_t3 = -d_a_1, read twice, folded into both readers
    assert "d_c = d_c - d_a_1 * v" in source and "d_v = d_v + d_x * dt - d_a_1 * c" in source
    assert "d_t3" not in source
    assert transpiler.check_grad(damped, *args, wrt=(0, 1)).ok
    assert transpiler.check_grad(damped, *args[:2], wrt=(0, 1)).ok
    _, directional = transpiler.jvp(damped, args, (1.0, 0.0, 0.0, 0.0, 0.0, 0))
    assert directional == pytest.approx(transpiler.grad(damped, wrt=0)(*args), rel=1e-12)
    step, g = 1e-5, transpiler.grad(damped, wrt=0)
    by_differences = (g(4.0 + step, 0.3) - g(4.0 - step, 0.3)) / (2 * step)
    assert transpiler.hessian(damped, wrt=0)(4.0, 0.3) == pytest.approx(by_differences, rel=1e-5)


def test_a_value_moved_into_a_reader_that_prints_it_twice_is_copied_for_the_second():
    """The value is printed for one substitution and moved in, not copied (simplify then rewrites
    the reader in place): a reader printing the name twice gets the value and a copy, never the
    same node twice."""
    from transpiler.opt.temporaries import _MovedIn
    value = ast.parse("a - b", mode="eval").body
    reader = ast.parse("d = _t4 * _t4")
    moved = _MovedIn("_t4", value).visit(reader).body[0].value
    assert moved.left is value and moved.right is not value
    assert ast.unparse(moved) == "(a - b) * (a - b)"
