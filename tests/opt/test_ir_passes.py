"""The general passes on the IR (opt/dead_code.py), each pinned on small IR functions built by
hand, and the driver's stages naming them."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ir"))
from hand_built import Const, Copy, If, Loop, add, c, function, i, less, m, mul, s, t, x, y, z  # noqa: E402

import transpiler  # noqa: E402
from transpiler.ad.forward import TangentSpec  # noqa: E402
from transpiler.ad.reverse import GradientSpec  # noqa: E402
from transpiler.driver import pipeline  # noqa: E402
from transpiler.ir import Assign, Effect, Var, verify  # noqa: E402
from transpiler.opt.copies import merge_copies  # noqa: E402
from transpiler.opt.dead_code import eliminate_dead_code  # noqa: E402
from transpiler.primitives.indexing import APPEND, POP  # noqa: E402
from transpiler.primitives.written import written_statement  # noqa: E402

stack, d, g = Var("stack"), Var("d"), Var("g")


def listing_after_dead_code(body, result, params=(x,)) -> str:
    fn = function(body, result, params)
    pruned = eliminate_dead_code(fn)
    verify(pruned)
    return pruned.listing()


def statement(text: str, *variables: str) -> Effect:
    prim, reads = written_statement(ast.parse(text).body[0], lambda name: name in variables)
    return Effect(prim, tuple(map(Var, reads)))


# --------------------------------------------------------------------------- dead_code
def test_dead_code_drops_what_the_result_does_not_read_and_what_only_that_read():
    listing = listing_after_dead_code([mul(y, x, x), add(z, y, x), add(t, x, Const(1.0))], t)
    assert listing == "def f(x):\n    t = x + 1.0\n    return t\n"


def test_dead_code_leaves_a_function_with_nothing_dead_as_it_is():
    fn = function([mul(y, x, x), add(z, y, x)], z)
    assert eliminate_dead_code(fn) is fn


def test_dead_code_keeps_an_unread_pop_so_the_stack_stays_in_step_and_an_append_always():
    body = [Effect(APPEND, (stack, x)), Assign(y, POP, (stack,)), mul(z, x, x)]
    listing = listing_after_dead_code(body, z, params=(x, stack))
    assert "y = stack.pop()" in listing and "stack.append(x)" in listing


def test_dead_code_keeps_an_update_in_place_only_where_its_array_is_needed():
    update = statement("d[0] += g", "d", "g")
    kept = listing_after_dead_code([mul(g, x, x), update], d, params=(x, d))
    assert "d[0] += g" in kept and "g = x * x" in kept
    dropped = listing_after_dead_code([mul(g, x, x), update], x, params=(x, d))
    assert "d[0]" not in dropped and "g = " not in dropped


def test_dead_code_drops_an_unread_merge_and_a_branch_left_doing_nothing():
    branch = If(c, [mul(y, x, x), Copy(m, y)], [Copy(m, x)])
    listing = listing_after_dead_code([less(c, x, Const(0)), branch, add(z, x, x)], z)
    assert listing == "def f(x):\n    z = x + x\n    return z\n"


def test_dead_code_prunes_one_branch_and_keeps_the_other_and_its_test():
    branch = If(c, [mul(y, x, x), Copy(m, y)], [Copy(m, x)])
    listing = listing_after_dead_code([less(c, x, Const(0)), branch], m)
    assert "c = x < 0" in listing and "m = y" in listing and "m = x" in listing


def test_dead_code_keeps_a_value_carried_into_the_next_iteration_that_the_result_reads_through_it():
    # s -> y -> t: t, returned, reads y, which the previous iteration's s fed (a fixpoint)
    body = [Copy(s, Const(0.0)), Copy(t, Const(0.0)),
            Loop("for", i, (Const(3),), [], None, [s, t],
                 [add(y, s, i), mul(z, y, y), Copy(s, y, carry=True), Copy(t, z, carry=True)])]
    fn = function(body, t)
    assert eliminate_dead_code(fn) is fn


def test_dead_code_drops_a_dead_carried_value_its_copies_and_its_entry_in_the_loop():
    loop = Loop("for", i, (Const(3),), [], None, [s, t],
                [add(y, s, i), Copy(s, y, carry=True), mul(z, t, x), Copy(t, z, carry=True)])
    fn = function([Copy(s, Const(0.0)), Copy(t, x), loop], t)
    pruned = eliminate_dead_code(fn)
    verify(pruned)
    (copy_t, new_loop) = pruned.body
    assert copy_t.target == t and new_loop.carried == [t]
    assert [str(stmt) for stmt in new_loop.body] == ["z = t * x", "t = z"]


def test_dead_code_drops_a_for_loop_whose_body_is_left_doing_nothing():
    loop = Loop("for", i, (Const(3),), [], None, [s], [add(y, s, i), Copy(s, y, carry=True)])
    listing = listing_after_dead_code([Copy(s, Const(0.0)), loop, mul(z, x, x)], z)
    assert listing == "def f(x):\n    z = x * x\n    return z\n"


def test_dead_code_keeps_a_while_loop_and_the_statements_of_its_test():
    # while True: c = s < 3.0; if not c: break; s = s + 1.0 (nothing after it reads s)
    loop = Loop("while", None, (), [less(c, s, Const(3.0))], c, [s], [add(y, s, Const(1.0)), Copy(s, y, carry=True)])
    fn = function([Copy(s, x), loop, mul(z, x, x)], z)
    assert eliminate_dead_code(fn) is fn


def test_dead_code_kills_a_name_bound_again_as_reverse_mode_binds_adjoints():
    first, again = Copy(d, x), Assign(d, mul(d, x, x).prim, (x, x), rebinds=True)
    fn = function([first, again], d)
    assert eliminate_dead_code(fn).body == [again]
    accumulated = Assign(d, add(d, d, x).prim, (d, x), rebinds=True)
    fn = function([first, accumulated], d)
    assert eliminate_dead_code(fn) is fn


def test_dead_code_keeps_a_value_one_path_binds_again_and_the_other_reads_from_before_the_branch():
    before, rebound = mul(y, x, x), Assign(y, add(y, x, x).prim, (x, x), rebinds=True)
    fn = function([before, less(c, x, Const(0)), If(c, [rebound], [])], y)
    assert eliminate_dead_code(fn) is fn


def test_dead_code_drops_a_value_both_paths_bind_again_before_reading_it():
    before = mul(y, x, x)
    then, orelse = Assign(y, add(y, x, x).prim, (x, x), rebinds=True), Assign(y, mul(y, x, x).prim, (x, x), rebinds=True)
    listing = listing_after_dead_code([before, less(c, x, Const(0)), If(c, [then], [orelse])], y)
    assert listing.count("y = x * x") == 1 and listing.index("if c") < listing.index("y = x * x")


def test_dead_code_reads_what_a_nested_branch_and_a_loop_on_a_path_read_from_before():
    # z is read by the loop on the inner branch's path, t by the inner branch's other path, m by
    # the outer branch's other path: all needed before the outer branch
    inner = If(c, [Loop("for", i, (Const(3),), [], None, [s], [add(y, s, z), Copy(s, y, carry=True)])],
               [add(s, t, x)])
    before = [mul(z, x, x), mul(t, x, Const(2.0)), mul(m, x, Const(3.0)), less(c, x, Const(0))]
    fn = function([*before, If(c, [Copy(s, x), inner], [Copy(s, m)])], s)
    assert eliminate_dead_code(fn) is fn
    # m bound again on that path before it is read: its value from before is not needed
    pruned = eliminate_dead_code(function([*before, If(c, [Copy(s, x), inner], [Copy(m, x), Copy(s, m)])], s))
    assert [str(stmt) for stmt in pruned.body[:3]] == ["z = x * x", "t = x * 2.0", "c = x < 0"]


# --------------------------------------------------------------------------- merge_copies
def listing_after_merge_copies(body, result, params=(x,)) -> str:
    merged = merge_copies(function(body, result, params))
    verify(merged)
    return merged.listing()


def test_merge_copies_makes_the_statement_before_a_copy_bind_its_target_where_only_the_copy_reads_it():
    listing = listing_after_merge_copies([mul(y, x, x), Copy(z, y), add(t, z, x)], t)
    assert listing == "def f(x):\n    z = x * x\n    t = z + x\n    return t\n"


def test_merge_copies_merges_a_chain_of_copies_and_a_copy_of_a_copy():
    listing = listing_after_merge_copies([mul(y, x, x), Copy(z, y), Copy(t, z), add(m, t, x)], m)
    assert listing == "def f(x):\n    t = x * x\n    m = t + x\n    return m\n"
    listing = listing_after_merge_copies([Copy(y, x), Copy(t, y), add(m, t, x)], m)
    assert listing == "def f(x):\n    t = x\n    m = t + x\n    return m\n"


def test_merge_copies_leaves_the_copy_into_a_result_the_return_prints():
    # (printed `return z`: no statement to save)
    fn = function([mul(y, x, x), Copy(z, y), Copy(t, z)], t)
    assert merge_copies(fn).listing() == "def f(x):\n    z = x * x\n    t = z\n    return t\n"


def test_merge_copies_leaves_a_value_read_elsewhere_too_and_a_copy_after_a_statement_mentioning_it():
    read_twice = function([mul(y, x, x), Copy(z, y), add(t, z, y)], t)
    assert merge_copies(read_twice) is read_twice
    apart = function([mul(y, x, x), add(m, z, x), Copy(z, y), add(t, z, m)], t, params=(x, z))
    assert merge_copies(apart) is apart


def test_merge_copies_binds_the_target_where_the_source_was_across_simple_statements_not_mentioning_either():
    listing = listing_after_merge_copies([mul(y, x, x), add(m, x, x), Copy(z, y), add(t, z, m)], t)
    assert listing == "def f(x):\n    z = x * x\n    m = x + x\n    t = z + m\n    return t\n"
    across_a_branch = function([mul(y, x, x), If(c, [add(m, x, x)], []), Copy(z, y), add(t, z, x)], t,
                               params=(x, c))
    assert merge_copies(across_a_branch) is across_a_branch


def test_merge_copies_keeps_a_pop_a_statement_of_its_own():
    fn = function([Assign(y, POP, (stack,)), Copy(z, y)], z, params=(x, stack))
    assert merge_copies(fn) is fn


def test_merge_copies_merges_a_loops_carry_and_a_branchs_merge_into_the_statement_computing_them():
    loop = Loop("for", i, (Const(3),), [], None, [s], [add(y, s, i), Copy(s, y, carry=True)])
    listing = listing_after_merge_copies([Copy(s, Const(0.0)), loop], s)
    assert listing == "def f(x):\n    s = 0.0\n    for i in range(3):\n        s = s + i\n    return s\n"
    branch = If(c, [mul(y, x, x), Copy(m, y)], [add(z, x, x), Copy(m, z)])
    listing = listing_after_merge_copies([less(c, x, Const(0)), branch], m)
    assert "    if c:\n        m = x * x\n    else:\n        m = x + x\n" in listing


# --------------------------------------------------------------------------- in the driver
def test_the_driver_stages_list_the_ir_passes_after_the_transform_and_print_their_ir():
    def f(a, b):
        return np.sum(a * b)

    for spec in (GradientSpec((0,), False), TangentSpec((0,))):
        stages = pipeline.stages(spec)
        forward_mode = isinstance(spec, TangentSpec)
        # (both modes write one-sided clips as extrema; reverse mode reads tuple items, shares
        # repeated values, reuses solves, joins where's selections and combines like terms first:
        # what they leave is dead code)
        before_dead_code = ["one_sided_clips", "tuple_items", "write_checks", "selected_sums"] if forward_mode else [
            "one_sided_clips", "tuple_items", "repeated_values", "list_adjoints", "write_checks", "solve_reuse", "selected_sums", "like_terms"]
        assert stages[stages.index("ad") + 1:stages.index("dead_code")] == before_dead_code
        assert pipeline.ir_stages(spec) == ["lower", "loop_invariants", "repeated_primal_values", "ad", *before_dead_code, "dead_code",
                                            *([] if forward_mode else ["merge_branches"]),
                                            "merge_copies",
                                            *(["fold_negations"] if forward_mode
                                              else ["common_subexpressions", "inline_temporaries", "invariants"])]
        listing = pipeline.source(f, spec, print_after="dead_code")
        assert listing.startswith(f"def f_{'jvp' if isinstance(spec, TangentSpec) else 'grad'}(")
        assert pipeline.source(f, spec, print_after="dead_code:python").startswith("import")
    forward = TangentSpec((0,))     # no pass on forward mode's printed code: its last IR is what runs
    assert pipeline.source(f, forward, print_after="fold_negations:python") == pipeline.source(f, forward)
    # grad's code does not compute the value: the transform wrote it, dead_code drops it
    spec = GradientSpec((0,), False)
    assert "np.sum(_t1)" in pipeline.source(f, spec, print_after="ad").split("def f_grad")[1]
    assert "np.sum(_t1)" not in pipeline.source(f, spec, print_after="dead_code")


def test_code_with_no_ir_yet_has_its_dead_code_dropped_on_the_printed_code():
    # a checkpointed loop (memory=) keeps the reverse builder's Python (ad/reverse_ir.py)
    def f(x):
        unused = np.exp(x)
        for _ in range(4):
            x = np.sin(x)
        return x

    g = transpiler.grad(f, memory=2)
    assert "np.exp" not in g.source()
    assert np.isclose(g(0.3), np.prod(np.cos([0.3, np.sin(0.3), np.sin(np.sin(0.3)), np.sin(np.sin(np.sin(0.3)))])))
