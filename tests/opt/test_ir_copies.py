"""merge_copies and merge_branches on reverse mode's IR (opt/copies.py, opt/accumulations.py,
opt/branches.py), pinned on small IR functions built by hand: names bound again (``rebinds``),
adjoints accumulating, copies made at once, branches on one test."""
from __future__ import annotations

import ast
import dataclasses
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ir"))
from hand_built import ADD, Const, Copy, If, Loop, add, c, function, i, mul, x, y, z  # noqa: E402

import transpiler  # noqa: E402
from transpiler.backends import python_code  # noqa: E402
from transpiler.ir import Assign, Effect, Var, verify  # noqa: E402
from transpiler.opt.branches import join_branches  # noqa: E402
from transpiler.opt.copies import merge_copies  # noqa: E402
from transpiler.primitives.indexing import POP, subscript_primitive  # noqa: E402
from transpiler.primitives.written import written_statement  # noqa: E402

d, g, a, b, a1, b1, stack = (Var(n) for n in ("d", "g", "a", "b", "a_1", "b_1", "stack"))


def printed(fn) -> str:
    """The function's body as the backend prints it (reverse mode's: no temporary folded but the
    transform's parts)."""
    verify(fn)
    text = ast.unparse(ast.fix_missing_locations(python_code.function_def(fn, fold=False)))
    return text.split("\n", 1)[1]


def accumulate(target, value) -> Assign:
    return Assign(target, ADD, (target, value), rebinds=True)


def statement(text: str, *variables: str) -> Effect:
    prim, reads = written_statement(ast.parse(text).body[0], lambda name: name in variables)
    return Effect(prim, tuple(map(Var, reads)))


# --------------------------------------------------------------------------- accumulations
def test_a_first_contribution_is_written_into_the_sum_that_accumulates_the_next():
    fn = function([mul(d, g, x), add(z, x, x), accumulate(d, z)], d, params=(x, g))
    assert printed(merge_copies(fn)) == "    z = x + x\n    return g * x + z"


def test_three_contributions_make_one_sum_and_the_first_binding_stays_no_rebinding():
    fn = function([mul(d, g, x), mul(y, x, x), accumulate(d, y), mul(z, g, g), accumulate(d, z)], d,
                  params=(x, g))
    merged = merge_copies(fn)
    assert printed(merged) == "    y = x * x\n    z = g * g\n    return g * x + y + z"
    assert [s.rebinds for s in merged.body if isinstance(s, Assign) and s.target == d] == [False]


def test_an_accumulation_stays_where_a_statement_in_between_reads_the_sum_or_rebinds_what_it_reads():
    reads_it = function([mul(d, g, x), add(z, d, x), accumulate(d, z)], d, params=(x, g))
    assert merge_copies(reads_it) is reads_it
    rebinds_x = function([mul(d, g, x), Assign(x, ADD, (g, g), rebinds=True), accumulate(d, x)], d,
                         params=(x, g))
    assert merge_copies(rebinds_x) is rebinds_x


def test_a_pop_is_never_moved_into_a_sum():
    fn = function([Assign(d, POP, (stack,)), mul(z, x, x), accumulate(d, z)], d, params=(x, stack))
    assert merge_copies(fn) is fn


def test_two_equal_contributions_shared_as_one_part_read_twice_make_one_sum():
    # (`d = u; d = d + u`, the two `u` one part once common subexpressions shared them: the part
    # is printed as a line of its own, and the lines reading it still bind names)
    part = Var("_part_1")
    fn = dataclasses.replace(function([mul(part, g, x), add(d, g, part), accumulate(d, part), add(y, d, x)], y,
                                      params=(x, g)), folded=frozenset({part.name}))
    assert printed(merge_copies(fn)) == "    _part_1 = g * x\n    d = g + _part_1 + _part_1\n    return d + x"


def test_a_pair_printed_unpacked_keeps_its_items_out_of_sums():
    # (forward mode's recursive call: `p = e; a = p[0]; b = p[1]` printed `a, b = e`)
    pair = Var("_value_and_tangent")
    item = lambda target, k: Assign(target, subscript_primitive(ast.Constant(k)), (pair,))  # noqa: E731
    fn = dataclasses.replace(function([mul(pair, g, x), item(a, 0), item(b, 1), accumulate(a, x), add(y, a, b)], y,
                                      params=(x, g)), folded=frozenset({pair.name}))
    assert merge_copies(fn) is fn
    assert printed(fn) == "    a, b = g * x\n    a = a + x\n    return a + b"


# --------------------------------------------------------------------------- copies
def test_a_copy_that_rebinds_a_name_makes_the_statement_before_it_rebind_it():
    loop = Loop("for", i, (Const(3),), [], None, [],
                [mul(y, d, x), Copy(d, y, rebinds=True)], backwards=True)
    merged = merge_copies(function([Copy(d, g), loop], d, params=(x, g)))
    assert "for i in reversed(range(3)):\n        d = d * x\n" in printed(merged)
    assert merged.body[1].body[0].rebinds


def test_copies_made_at_once_bind_their_sources_statements_where_nothing_between_mentions_them():
    # (reverse mode's loop-carried adjoints at the end of an iteration: `a, b = a_1, b_1`)
    body = [mul(a1, a, x), mul(b1, b, x), add(z, x, x), statement("a, b = a_1, b_1", "a", "b", "a_1", "b_1")]
    loop = Loop("for", i, (Const(3),), [], None, [], body, backwards=True)
    merged = merge_copies(function([Copy(a, x), Copy(b, x), loop, add(y, a, b)], y))
    assert printed(merged).split("\n")[3:6] == ["        a = a * x", "        b = b * x", "        z = x + x"]


def test_of_copies_made_at_once_only_those_whose_source_is_read_once_go():
    body = [mul(a1, a, x), mul(b1, b, x), add(z, b1, x), statement("a, b = a_1, b_1", "a", "b", "a_1", "b_1")]
    loop = Loop("for", i, (Const(3),), [], None, [], body, backwards=True)
    merged = merge_copies(function([Copy(a, x), Copy(b, x), loop, add(y, a, b)], y))
    assert printed(merged).split("\n")[3:7] == ["        a = a * x", "        b_1 = b * x", "        z = b_1 + x",
                                                "        b = b_1"]


# --------------------------------------------------------------------------- branches
def test_branches_on_one_test_are_joined_and_what_that_leaves_dead_dropped():
    first = If(c, [mul(y, x, x)], [])
    second = If(c, [mul(d, y, g), Copy(z, d)], [Copy(z, g)])
    joined = join_branches(function([first, second], z, params=(x, g, c)))
    assert printed(joined) == "    if c:\n        y = x * x\n        d = y * g\n        z = d\n    else:\n" \
                              "        z = g\n    return z"


def test_an_adjoint_merged_by_one_branch_and_accumulated_by_the_next_on_its_test_verifies_joined():
    # (fuzz seed 354: the reverse of `x if c else y` read twice; the verifier took the merge
    # copies and the accumulation after them for a value bound twice)
    merge = If(c, [Copy(d, g), Copy(z, Const(0.0))], [Copy(d, Const(0.0)), Copy(z, g)])
    accumulation = If(c, [accumulate(d, x)], [accumulate(z, x)])
    joined = join_branches(function([merge, accumulation, add(y, d, z)], y, params=(x, g, c)))
    assert printed(joined).startswith("    if c:\n        d = g\n        z = 0.0\n        d = d + x\n    else:\n")


def test_branches_are_not_joined_where_the_first_binds_the_test_again_or_one_tests_its_negation():
    rebinds_test = [If(c, [Assign(c, ADD, (x, x), rebinds=True)], []), If(c, [mul(z, x, x)], [])]
    fn = function(rebinds_test, x, params=(x, c))
    assert join_branches(fn) is fn
    negated = [If(c, [], [statement("print(x)", "x")]), If(c, [], [statement("print(g)", "g")])]
    fn = function(negated, x, params=(x, g, c))
    assert join_branches(fn) is fn


# --------------------------------------------------------------------------- through the driver
def accumulated_in_a_loop_and_a_branch(w, x):
    s = 0.0
    for k in range(3):
        h = np.tanh(w * x[k])
        if x[k] > 0:
            s = s + h * h
        else:
            s = s - h
    return s


def test_the_gradients_of_code_whose_adjoints_were_merged_on_the_ir_match_finite_differences_in_both_modes():
    w, x = 0.4, np.array([0.3, -0.7, 1.1])
    assert transpiler.check_grad(accumulated_in_a_loop_and_a_branch, w, x, wrt=(0, 1)).ok
    dw, dx = transpiler.grad(accumulated_in_a_loop_and_a_branch, wrt=(0, 1))(w, x)
    tangent = np.array([1.0, -2.0, 0.5])
    _, directional = transpiler.jvp(accumulated_in_a_loop_and_a_branch, (w, x), (1.0, tangent))
    assert np.isclose(directional, dw + dx @ tangent)
    single = transpiler.grad(accumulated_in_a_loop_and_a_branch, wrt=(0, 1))(np.float32(w), x.astype(np.float32))
    assert np.allclose(single[1], dx, rtol=1e-4) and np.isclose(single[0], dw, rtol=1e-4)
    step = 1e-5
    by_differences = (transpiler.grad(accumulated_in_a_loop_and_a_branch)(w + step, x)
                      - transpiler.grad(accumulated_in_a_loop_and_a_branch)(w - step, x)) / (2 * step)
    assert np.isclose(transpiler.hvp(accumulated_in_a_loop_and_a_branch, w, 1.0, x), by_differences, rtol=1e-5)
