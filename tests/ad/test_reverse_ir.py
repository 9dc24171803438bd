"""Reverse mode emits an ``ir.Function`` (ad/reverse_ir.py), which backends/python_code.py prints
for the passes, as forward mode's: the forward sweep, the adjoints, branches and loops as IR
statements reading the variables they name. The printed code is unchanged (the emit goldens and
the docs' listings pin it); an adjoint that accumulates under one name is a binding marked
``rebinds``, which the verifier accepts."""
from __future__ import annotations

import numpy as np
import pytest

import transpiler
from transpiler.ad.reverse import GradientSpec, reverse
from transpiler.backends import python_code
from transpiler.driver.pipeline import lowered
from transpiler.ir.nodes import Assign, Copy, Effect, Function, If, Loop, walk
from transpiler.ir.verifier import IRError, verify
from transpiler.primitives.written import WrittenPrimitive


def branches(x, y):
    z = np.sin(x) * y + 2.0
    if z > 0:
        w = z * z
    else:
        w = z
    return w * x


def with_print(x):
    for i in range(2):
        print("step", i)
    return x * x


def reverse_ir(f, wrt=(0, 1), **spec):
    return reverse(lowered(f), GradientSpec(wrt=wrt, tuple_output=len(wrt) > 1, **spec)).ir


def test_reverse_mode_returns_ir_for_straight_line_code_and_branches():
    ir = reverse_ir(branches)
    assert isinstance(ir, Function)
    assert ir.name == "branches_grad"
    assert [p.name for p in ir.params] == ["x", "y", "d_out"]
    assert any(isinstance(s, If) for s in ir.body)


def test_the_reverse_ir_keeps_the_irs_rules_with_accumulated_adjoints_marked():
    ir = reverse_ir(branches)
    verify(ir)
    rebound = [s for s in walk(ir.body) if isinstance(s, (Assign, Copy)) and s.rebinds]
    assert {s.target.name for s in rebound} == {"d_x", "d_z"}     # d_x = d_x + ..., d_z twice in a branch


def test_an_unmarked_second_binding_is_still_refused():
    ir = reverse_ir(branches)
    accumulated = next(s for s in walk(ir.body) if isinstance(s, Assign) and s.rebinds)
    accumulated.rebinds = False
    with pytest.raises(IRError, match="bound twice"):
        verify(ir)


def test_an_adjoint_expression_is_statements_of_primitives_printed_as_the_rule_wrote_it():
    ir = reverse_ir(branches)
    d_y = next(s for s in walk(ir.body) if isinstance(s, Assign) and s.target.name == "d_y")
    part, y = d_y.args
    assert d_y.prim.name == "unbroadcast" and y.name == "y" and part.name in ir.folded
    product = next(s for s in walk(ir.body) if isinstance(s, Assign) and s.target == part)
    assert str(product) == f"{part.name} = d_z * _t1" and not isinstance(product.prim, WrittenPrimitive)
    printed = python_code.module_source(ir, fold=False)
    assert "    d_y = unbroadcast(d_z * _t1, y)\n" in printed and part.name not in printed


def test_a_loop_without_adjoints_and_its_print_are_ir():
    ir = reverse_ir(with_print, wrt=(0,))
    loop = next(s for s in ir.body if isinstance(s, Loop))
    assert loop.kind == "for" and loop.target.name == "i"
    assert any(isinstance(s, Effect) for s in loop.body)
    verify(ir)


@pytest.mark.parametrize("returns_value", [False, True])
def test_the_printed_reverse_ir_is_the_code_grad_runs(returns_value):
    x, y = 0.3, -1.5
    function = reverse(lowered(branches), GradientSpec(wrt=(0, 1), tuple_output=True,
                                                       returns_value=returns_value)).ir
    compiled = python_code.compile_function(function, fold=False)
    expected = (transpiler.value_and_grad if returns_value else transpiler.grad)(branches, wrt=(0, 1))(x, y)
    got = compiled(x, y)
    if returns_value:
        assert got[0] == pytest.approx(expected[0], rel=1e-12)
        got, expected = got[1], expected[1]
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_the_seed_parameter_keeps_its_default_in_the_printed_code():
    source = transpiler.grad(branches, wrt=(0, 1)).source()
    assert "def branches_grad(x, y, d_out=1.0):" in source


def recurrence(w, x):
    for i in range(1, 4):
        x = np.sin(x * w) + 0.1 * i
    return np.sum(x ** 2)


def left_early(w, x):
    for i in range(5):
        if np.sum(x) > 3.0:
            break
        x = x * w + 1.0
    return np.sum(x)


def test_a_reverse_loop_is_a_loop_run_backwards_over_the_primal_range():
    ir = reverse_ir(recurrence)
    forward_loop, reverse_loop = [s for s in ir.body if isinstance(s, Loop)]
    assert not forward_loop.backwards and reverse_loop.backwards
    assert reverse_loop.range_args == forward_loop.range_args and reverse_loop.count is None
    pops = [s for s in reverse_loop.body if isinstance(s, Assign) and s.rebinds and ".pop()" in str(s)]
    assert [s.target.name for s in pops] == ["x_1"]        # the carried value popped back under its name
    verify(ir)


def test_a_loop_left_early_runs_backwards_over_the_iterations_counted():
    ir = reverse_ir(left_early)
    reverse_loop = [s for s in ir.body if isinstance(s, Loop)][-1]
    assert reverse_loop.backwards and reverse_loop.count is not None
    assert "for _ in reversed(range(5)[:_n]):" in ir.listing()
    verify(ir)


def test_numba_code_counts_a_reverse_loop_down():
    from transpiler.backends import backend
    function = reverse(lowered(recurrence), GradientSpec(wrt=(0, 1), tuple_output=True, backend="numba"),
                       backend("numba").target).ir
    assert "for _ in range(3, 0, -1):" in python_code.module_source(function, fold=False)


@pytest.mark.parametrize("f", [recurrence, left_early])
def test_printed_reverse_loops_give_the_gradients_grad_gives(f):
    w, x = 0.9, np.array([0.3, -0.2, 0.5])
    compiled = python_code.compile_function(reverse_ir(f), fold=False)
    expected = transpiler.grad(f, wrt=(0, 1))(w, x)
    got = compiled(w, x)
    for a, b in zip(got, expected):
        np.testing.assert_allclose(a, b, rtol=1e-12)
    assert transpiler.check_grad(f, w, x, wrt=(0, 1)).ok


def halves(w, x):
    while np.sum(x) > 0.1:
        x = x * w
    return np.sum(x * x)


def halves_counted(w, x):
    k = 0
    go = True
    while go:
        x = x * w
        k += 1
        go = k < 3 and np.sum(x) > 0.1
    return np.sum(x * x)


@pytest.mark.parametrize("f", [halves, halves_counted])
def test_a_forward_while_loop_is_a_while_loop_of_the_ir(f):
    ir = reverse_ir(f)
    while_loop = next(s for s in ir.body if isinstance(s, Loop) and s.kind == "while")
    assert while_loop.test_inline == (f is halves_counted)     # `while go:`; `while True:` testing at the top
    verify(ir)
    w, x = 0.5, np.array([0.3, 0.2, 0.5])
    got = python_code.compile_function(ir, fold=False)(w, x)
    for a, b in zip(got, transpiler.grad(f, wrt=(0, 1))(w, x)):
        np.testing.assert_allclose(a, b, rtol=1e-12)
    assert transpiler.check_grad(f, w, x, wrt=(0, 1)).ok


def validates(x, scale):
    if x[0] > 10.0:
        raise ValueError("too large")
    elif x[0] > 0.0:
        y = x * scale
    else:
        y = np.sin(x)
    return np.sum(y * y)


def test_a_raise_in_a_branch_ends_that_path_for_the_verifier():
    ir = reverse_ir(validates)
    raising = next(s for s in walk(ir.body) if isinstance(s, Effect) and s.raises)
    # the primal's own raise statement (the builder's IR: ad/built.py), listed as lowering lists it
    assert str(raising) == "__raise__(ValueError('too large'))"
    verify(ir)          # y is read after the branch: bound on every path that goes on


@pytest.mark.parametrize("seed", [306, 487])    # found by the fuzz sweep (tests/check/test_fuzz.py)
def test_an_adjoint_copied_in_both_branches_and_bound_again_inside_one_verifies(seed, tmp_path):
    import importlib.util
    from transpiler.check import fuzz
    path = tmp_path / f"seed_{seed}.py"
    path.write_text(fuzz.generate(seed, features=()).source)
    spec = importlib.util.spec_from_file_location(f"seed_{seed}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    verify(reverse_ir(module.f, wrt=(0, 1, 2)))


def test_the_variables_of_the_value_returned_are_the_names_the_reverse_code_stores_anywhere():
    """reverse_ir looks for a name among the statements' targets first, and walks the
    expressions (a comprehension's target, a ``:=``) only for one not found there: the answers
    are those of every ``ast.Store`` name in the body, and the names from outside."""
    import ast

    from transpiler.ad.reverse_ir import _StoredNames
    from transpiler.ir.code import names

    body = ast.parse("a = x\nfor i in range(3):\n    if a:\n        b, c = a, i\n    else:\n        d[i] += 1\n"
                     "e = [k * 2 for k in b]\nf = (w := c) + 1\nwhile a:\n    g = 1\n").body
    stored = _StoredNames(body, {"x"})
    every = names(body, ast.Store) | {"x"}
    assert {"k", "w"} <= every
    for name in names(body) | {"np", "k", "w"}:
        assert (name in stored) == (name in every), name
