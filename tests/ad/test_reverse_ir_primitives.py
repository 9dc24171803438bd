"""Reverse mode's IR is statements of registered primitives (ad/reverse_ir.py lowers each
expression the builder writes as ad/expressions.py lowers forward mode's tangents), except the
parts listed in those modules' docstrings: the reverse IR of every real-world program and of
fuzz programs verifies (ir/verifier.py), and each ``written`` statement in it is of a listed
kind."""
from __future__ import annotations

import ast
import contextlib
import io
import tempfile
import weakref

import numpy as np
import pytest

import transpiler
from transpiler.ad.reverse import GradientSpec, reverse
from transpiler.backends import python_code
from transpiler.check import fuzz
from transpiler.driver import pipeline
from transpiler.ir.nodes import Assign, Effect, If, to_expr, walk
from transpiler.ir.verifier import verify
from transpiler.primitives.indexing import APPEND, POP
from transpiler.primitives.written import WrittenPrimitive

FUZZ_SEEDS = range(40)
# the expressions that stay written (ad/expressions.py): a value's method or attribute, a call
# of something with no primitive (a helper, a draw) or whose primitive prints otherwise, a
# negative number written as one constant, a name that is no variable (``float``), and the
# expressions whose parts run conditionally
WRITTEN_EXPRESSIONS = (ast.Call, ast.Attribute, ast.Constant, ast.Name, ast.IfExp, ast.BoolOp, ast.Compare,
                       ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.Starred)
# the statements that stay written (ad/reverse_ir.py): a comment or a call run for its effect,
# an item's in-place update or a counter's `+= 1`, an unpacking, a raise or assert, the `try`
# resuming a recursive call's pullback
WRITTEN_STATEMENTS = (ast.Expr, ast.AugAssign, ast.Assign, ast.Raise, ast.Assert, ast.Try)
AT_MOST_WRITTEN = 0.025      # measured (real-world grads): 218 of 19,118 assignments (1.1%; 508, 2.7%,
#                              before an array's methods and `.T` were the primitives they are)


pytestmark = pytest.mark.usefixtures("rule_registry_left_as_found")     # (tests/ad/conftest.py)


@pytest.fixture
def reverse_irs(monkeypatch):
    """Every reverse IR the driver builds during the test, verified as it is built (a fresh
    cache, so that nothing compiled earlier is taken from it unverified)."""
    built = []

    def verified_reverse(program, spec, target):
        derivative = reverse(program, spec, target)
        if derivative.ir is not None:
            verify(derivative.ir)
            built.append(derivative.ir)
        return derivative

    monkeypatch.setattr(pipeline, "reverse", verified_reverse)
    monkeypatch.setattr(pipeline, "_compiled", weakref.WeakKeyDictionary())
    return built


def _written_template(stmt) -> ast.AST:
    return stmt.prim.spelling.build([ast.Name(id=v.name, ctx=ast.Load()) for v in stmt.args])


def _assert_only_listed_parts_written(irs: list) -> None:
    assigned = written = 0
    for ir in irs:
        for stmt in walk(ir.body):
            if isinstance(stmt, Assign):
                assigned += 1
                if isinstance(stmt.prim, WrittenPrimitive):
                    written += 1
                    assert isinstance(_written_template(stmt), WRITTEN_EXPRESSIONS), str(stmt)
            elif isinstance(stmt, Effect) and isinstance(stmt.prim, WrittenPrimitive):
                statement = stmt.prim.statement([to_expr(v) for v in stmt.args])     # (`n += 1`: a constant)
                assert isinstance(statement, WRITTEN_STATEMENTS), str(stmt)
                assert not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call)
                            and isinstance(statement.value.func, ast.Attribute)
                            and statement.value.func.attr == "append"), f"a push left written: {stmt}"
    assert written <= AT_MOST_WRITTEN * assigned, (written, assigned)


def test_the_reverse_ir_of_every_realworld_program_is_primitives_but_the_listed_parts(reverse_irs, realworld):
    for case in realworld.CASES.values():
        args, wrt = case["args"](), realworld.wrt_of(case)
        realworld.reseed(case)
        with contextlib.suppress(Exception), np.errstate(all="ignore"), contextlib.redirect_stdout(io.StringIO()):
            transpiler.grad(case["function"], wrt=wrt if len(wrt) > 1 else wrt[0])(*args)
    assert len(reverse_irs) > 100          # (the others are refused, as tests/realworld records)
    _assert_only_listed_parts_written(reverse_irs)


def test_the_reverse_ir_of_fuzz_programs_is_primitives_but_the_listed_parts(reverse_irs):
    with tempfile.TemporaryDirectory() as directory:
        for seed in FUZZ_SEEDS:
            with contextlib.redirect_stdout(io.StringIO()):
                outcome = fuzz.run_program(fuzz.generate(seed), directory, forward=False)
            assert "IRError" not in (outcome.error or ""), outcome.error
    assert len(reverse_irs) > len(FUZZ_SEEDS) // 2
    _assert_only_listed_parts_written(reverse_irs)


# ------------------------------------------------------------ what the lowering makes, spelled as users write
SCALE = 0.5


def softplus_loop(w, x):
    total = 0.0
    for i in range(3):
        total = total + np.sum(np.log1p(np.exp(x * w)) * SCALE)
        x = np.cos(x) + i
    return total


def method_spellings(x):
    helper = lambda v: v.sum() * 2.0          # noqa: E731
    return helper(x ** 2) + x.mean()


def branches(x, y):
    if np.sum(x) > 0:
        z = np.tanh(x) * y
    else:
        z = np.sin(x) / (1.0 + y * y)
    return np.sum(z)


@pytest.mark.parametrize("f, args, wrt", [
    (softplus_loop, (0.7, np.array([0.3, -0.2, 0.5])), (0, 1)),
    (method_spellings, (np.array([0.3, -0.2, 0.5]),), (0,)),
    (branches, (np.array([0.3, -0.2]), 0.4), (0, 1)),
    (branches, (np.array([-0.3, -0.2], dtype=np.float32), np.float32(0.4)), (0, 1)),
])
def test_the_printed_primitives_compute_the_gradient(f, args, wrt):
    ir = reverse(pipeline.lowered(f), GradientSpec(wrt=wrt, tuple_output=len(wrt) > 1)).ir
    verify(ir)
    written = [s for s in walk(ir.body) if isinstance(s, Assign) and isinstance(s.prim, WrittenPrimitive)]
    assert not written, [str(s) for s in written]
    assert not any(name in python_code.module_source(ir, fold=False) for name in ir.folded)   # (folded back)
    got = python_code.compile_function(ir, fold=False)(*args, **{v.name: globals()[v.name] for v in ir.free.values()})
    expected = transpiler.grad(f, wrt=wrt if len(wrt) > 1 else wrt[0])(*args)
    for a, b in zip(got if len(wrt) > 1 else [got], expected if len(wrt) > 1 else [expected]):
        np.testing.assert_allclose(a, b, rtol=1e-6)
    assert transpiler.check_grad(f, *[np.asarray(a, dtype=float) for a in args], wrt=wrt).ok


def specialised_layer(W, b, x):
    h = np.tanh(W @ x + b[:, None])
    return np.mean(h.sum(axis=0) ** 2) + np.sum(W.T @ W)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_an_arrays_method_or_attribute_is_the_primitive_spelled_as_it(dtype):
    """Code specialised to shapes spells ``np.sum`` as ``h.sum(axis=0)`` and a rule sums an
    array with its method, ``d_t3.sum(axis=1, keepdims=True)``; ``W.T`` is np.transpose: each is
    the primitive (its rules, its shape rule), printed as written."""
    args = tuple(np.linspace(-0.5, 0.7, n).reshape(shape).astype(dtype) for n, shape in
                 [(6, (3, 2)), (3, (3,)), (8, (2, 4))])
    spec = GradientSpec(wrt=(0, 1, 2), tuple_output=True, specialize=True, arg_shapes=tuple(a.shape for a in args))
    ir = reverse(pipeline.lowered(specialised_layer), spec).ir
    verify(ir)
    assert not [str(s) for s in walk(ir.body) if isinstance(s, Assign) and isinstance(s.prim, WrittenPrimitive)]
    spelled = {(s.prim.name, ast.unparse(s.prim.primal([ast.Name(id="v", ctx=ast.Load())])))
               for s in walk(ir.body) if isinstance(s, Assign) and s.prim.name in ("np.sum", "np.transpose")}
    assert {("np.sum", "v.sum()"), ("np.transpose", "v.T")} <= spelled, spelled
    source = python_code.module_source(ir, fold=False)
    assert ".sum(axis=0)" in source and ".sum(axis=1, keepdims=True)" in source and "W.T @ d_t3" in source
    got = python_code.compile_function(ir, fold=False)(*args)
    expected = transpiler.grad(specialised_layer, wrt=(0, 1, 2))(*args)
    for a, b in zip(got, expected):
        np.testing.assert_allclose(a, b, rtol=1e-5 if dtype == np.float32 else 1e-12)
    assert transpiler.check_grad(specialised_layer, *[a.astype(float) for a in args], wrt=(0, 1, 2)).ok


def test_a_tapes_pushes_and_pops_are_the_stack_primitives():
    ir = reverse(pipeline.lowered(softplus_loop), GradientSpec(wrt=(0, 1), tuple_output=True)).ir
    pushes = [s for s in walk(ir.body) if isinstance(s, Effect) and s.prim is APPEND]
    pops = [s for s in walk(ir.body) if isinstance(s, Assign) and s.prim is POP]
    assert pushes and pops
    assert {s.args[0] for s in pushes} == {s.args[0] for s in pops}       # the same tape


def test_hessian_and_hvp_of_a_loop_go_through_the_lowered_reverse_code():
    x = np.array([0.3, -0.2, 0.5])
    h = transpiler.hessian(lambda v: softplus_loop(0.7, v))(x)
    step = 1e-5
    columns = [(transpiler.grad(lambda v: softplus_loop(0.7, v))(x + step * e)
                - transpiler.grad(lambda v: softplus_loop(0.7, v))(x - step * e)) / (2 * step) for e in np.eye(3)]
    np.testing.assert_allclose(h, np.stack(columns, axis=1), rtol=1e-5, atol=1e-8)
    v = np.array([1.0, -2.0, 0.5])
    np.testing.assert_allclose(transpiler.hvp(lambda u: softplus_loop(0.7, u), x, v), h @ v, rtol=1e-6)



@pytest.mark.parametrize("seed", [192])       # found by the fuzz sweep (tests/check/test_fuzz.py)
def test_an_else_branch_alone_is_the_same_test_as_its_then_branch(seed, tmp_path, reverse_irs):
    """``if not v:`` the builder writes (an adjoint only the else branch has) is ``If(v, [], ...)``,
    so the verifier knows it takes the branch an earlier ``if v:`` took."""
    with contextlib.redirect_stdout(io.StringIO()):
        outcome = fuzz.run_program(fuzz.generate(seed, features=()), str(tmp_path), forward=True)
    assert outcome.error is None or "IRError" not in outcome.error, outcome.error
    assert any(isinstance(s, If) and not s.body for ir in reverse_irs for s in walk(ir.body))
