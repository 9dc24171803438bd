"""Forward mode is SSA → SSA (ad/forward.py): ``forward`` returns an ``ir.Function`` whose tangent
statements are statements of registered primitives (ad/expressions.py), which
backends/python_code.py prints statement by statement for the passes, a rule's parts folded back
into the expression it wrote (the printed code is unchanged: the emit goldens and the docs'
listings pin it)."""
from __future__ import annotations

import numpy as np

import transpiler
from transpiler.ad.forward import TangentSpec, forward
from transpiler.backends import python_code
from transpiler.driver.pipeline import lowered
from transpiler.ir.nodes import Assign, Function, walk
from transpiler.ir.verifier import verify
from transpiler.primitives.written import WrittenPrimitive


def loops_and_branches(x, y):
    s = 0.0
    for i in range(3):
        if x[i] > 0:
            s = s + x[i] * y
        else:
            s = s - y
    k = 0
    while k < 2:
        s = np.sin(s)
        k += 1
    return s + np.sum(x ** 2)


def tangent_ir(f, wrt=(0, 1)):
    return forward(lowered(f), TangentSpec(wrt))


def test_forward_mode_returns_ir_whose_parameters_end_with_the_tangents():
    ir = tangent_ir(loops_and_branches)
    assert isinstance(ir, Function)
    assert [p.name for p in ir.params] == ["x", "y", "t_x", "t_y"]
    assert ir.name == "loops_and_branches_jvp"


def test_the_forward_ir_keeps_the_irs_rules_through_loops_and_branches():
    verify(tangent_ir(loops_and_branches))      # SSA; tangents of carried values carried too


def test_a_tangent_statement_is_statements_of_registered_primitives_printed_as_the_rule_wrote_it():
    ir = tangent_ir(loops_and_branches)
    square = next(s for s in walk(ir.body) if isinstance(s, Assign) and s.target.name == "t_t5")
    (twice,) = [s for s in walk(ir.body) if isinstance(s, Assign) and s.target in square.uses()]
    assert (square.prim.name, twice.prim.name) == ("*", "*")         # 2 * x, then * t_x
    assert {v.name for v in twice.uses()} == {"x"} and "t_x" in {v.name for v in square.uses()}
    assert twice.target.name in ir.folded
    assert "    t_t5 = 2 * x * t_x\n" in python_code.module_source(ir, fold=False)


def test_no_tangent_statement_is_written_where_a_primitive_prints_it():
    ir = tangent_ir(loops_and_branches)
    assert not [s for s in walk(ir.body) if isinstance(getattr(s, "prim", None), WrittenPrimitive)]


def test_the_printed_forward_ir_is_the_code_jvp_runs():
    ir = tangent_ir(loops_and_branches)
    compiled = python_code.compile_function(ir, fold=False)
    x, y = np.array([0.5, -1.0, 2.0]), 0.7
    tx, ty = np.array([1.0, 0.5, -0.25]), 2.0
    value, tangent = compiled(x, y, tx, ty)
    expected = transpiler.jvp(loops_and_branches, (x, y), (tx, ty))
    np.testing.assert_allclose([value, tangent], expected, rtol=1e-12)
