"""The reverse builder makes the statements it can as IR nodes itself (ad/built.py): the forward
sweep's primal statements, copies and effects, a tape's pushes and pops and set-up, and marks
its ifs and loops with their IR (the test's atom, the range, the exit flag). reverse_ir.py takes
those as they are (nothing is recognised from their spelling), and the code prints as before."""
from __future__ import annotations

import ast

import numpy as np
import pytest

import transpiler
from transpiler.ad import built
from transpiler.ad.reverse import GradientSpec, reverse
from transpiler.driver.pipeline import lowered
from transpiler.ir.nodes import Assign, Const, Copy, Effect, If, Loop, Var, walk
from transpiler.ir.verifier import verify
from transpiler.primitives.indexing import APPEND, POP
from transpiler.primitives.written import WrittenPrimitive

SCALE = 0.5


def reverse_ir(f, wrt=(0,), **spec):
    return reverse(lowered(f), GradientSpec(wrt=wrt, tuple_output=len(wrt) > 1, **spec)).ir


def logistic_steps(v, r):
    for i in range(4):
        v = r * v * (1.0 - v) + SCALE * i
    return np.sum(v)


def until_large(x):
    total = 0.0
    while total < 3.0:
        total = total + np.sum(x * x)
        if total > 10.0:
            break
    return total


def clipped(x):
    y = np.sin(x)
    if np.sum(y) > 0.0:
        z = y * y
    else:
        z = np.cos(y)
    return np.sum(z)


def test_a_loops_pushes_and_pops_are_the_stack_primitives_on_variables():
    ir = reverse_ir(logistic_steps, wrt=(0, 1))
    verify(ir)
    pushes = [s for s in walk(ir.body) if isinstance(s, Effect) and s.prim is APPEND]
    pops = [s for s in walk(ir.body) if isinstance(s, Assign) and s.prim is POP]
    assert pushes and all(all(isinstance(a, Var) for a in s.args) for s in pushes)
    assert {s.args[1].name for s in pushes} == {s.target.name for s in pops} == {"v_1"}   # (v, carried)


def test_the_forward_sweeps_statements_are_the_primals_own_primitives():
    fn = lowered(clipped)
    primal = {s.target.name: s.prim for s in walk(fn.body) if isinstance(s, Assign)}
    ir = reverse_ir(clipped)
    verify(ir)
    made = {s.target.name: s.prim for s in walk(ir.body) if isinstance(s, Assign) and s.target.name in primal}
    assert made and all(made[name] is primal[name] for name in made)
    assert not any(isinstance(p, WrittenPrimitive) for p in made.values())


def test_a_branch_and_a_while_loop_with_its_exit_are_the_irs_if_and_loop():
    ir = reverse_ir(until_large)
    verify(ir)
    loops = [s for s in walk(ir.body) if isinstance(s, Loop)]
    assert {loop.kind for loop in loops} == {"while", "for"}        # the forward loop, its reverse
    assert any(loop.exit_flag is not None for loop in loops if loop.kind == "while")
    assert any(isinstance(s, If) for s in walk(ir.body))


@pytest.mark.parametrize("f, wrt, args", [
    (logistic_steps, (0, 1), (np.array([0.2, 0.4]), np.float64(2.5))),
    (until_large, 0, (np.array([0.3, -0.7]),)),
    (clipped, 0, (np.array([0.3, -0.1, 1.2]),)),
])
def test_gradients_through_the_built_statements_match_finite_differences(f, wrt, args):
    assert transpiler.check_grad(f, *args, wrt=wrt).ok
    value, _ = transpiler.value_and_grad(f, wrt=wrt)(*args)
    np.testing.assert_allclose(value, f(*args), rtol=1e-12)


def test_a_checkpointed_loop_whose_temporaries_are_renamed_keeps_its_ir_in_step():
    def rnn(h, w):
        for t in range(12):
            h = np.tanh(h * w + 0.1 * t)
        return np.sum(h * h)
    h, w = np.linspace(-0.5, 0.5, 4), np.float64(0.9)
    plain = transpiler.grad(rnn, wrt=(0, 1))(h, w)
    checkpointed = transpiler.grad(rnn, wrt=(0, 1), memory=200)(h, w)
    for a, b in zip(plain, checkpointed):
        np.testing.assert_allclose(a, b, rtol=1e-12)


def test_a_statement_whose_python_changed_but_not_its_ir_is_found_out():
    stmt = built.pop("v", "_tape")
    assert built.consistent(stmt)
    stmt.targets[0].id = "w"                   # the Python renamed, the IR not
    assert not built.consistent(stmt)
    built.rename(stmt, {"v": "w"})
    assert built.consistent(stmt)
    assert ast.unparse(ast.fix_missing_locations(stmt)) == "w = _tape.pop()"


def test_copies_of_a_built_statement_share_its_nodes_and_print_alike():
    import copy
    stmt = built.copied("n", Const(0))
    again = copy.deepcopy(stmt)
    assert built.nodes_of(again) is built.nodes_of(stmt)
    assert isinstance(built.nodes_of(again)[0], Copy) and ast.unparse(ast.fix_missing_locations(again)) == "n = 0"


def skips_small_means(x, y):
    total = 0.0
    for i in range(3):
        total = total + np.sum(x * x) * y
        if np.mean(x) < -5.0:
            continue
        with np.errstate(all="ignore"):
            unused = np.sqrt(x)            # noqa: F841  (nothing live after the `continue`)
    return total


def test_a_branch_around_a_with_block_that_computes_nothing_live_is_left_out_of_both_sweeps():
    # (its test, `continue`'s flag, is not live: the branch read it unbound, which the verifier refused)
    x, y = np.array([0.3, -0.8]), np.float64(1.5)
    verify(reverse_ir(skips_small_means, wrt=(0, 1)))
    assert transpiler.check_grad(skips_small_means, x, y, wrt=(0, 1)).ok
