"""The reverse sweep's expressions are IR when the builder makes them (ad/built.py: lowered): a
rule's adjoint (``d_x = d_z * np.cos(x)``), an accumulation (``d_x = d_x + g``), zeros of a
value's shape, a primal call spelled for known shapes; and so is every statement no primitive is
(``d_x[i] += g``, ``a, b = u, v``, a counter's ``n += 1``, a comment: built.statement). reverse_ir.py
lowers none of them from the builder's Python afterwards, whichever way the user wrote the code,
and the code prints as before."""
from __future__ import annotations

import ast
import math

import numpy as np
import pytest

import transpiler
from transpiler.ad import built, reverse_ir as lifting
from transpiler.ad.reverse import GradientSpec, reverse
from transpiler.driver.pipeline import lowered
from transpiler.ir.names import NameAllocator
from transpiler.ir.nodes import Assign, Var, walk
from transpiler.ir.verifier import verify
from transpiler.primitives import registry
from transpiler.primitives.written import WrittenPrimitive


SCALE = np.array([0.5, -1.5, 2.0])


def _helper(u):
    return np.tanh(u) * SCALE


def through_a_helper(x):
    return np.sum(_helper(x) ** 2)


def through_a_closure(x):
    weights = SCALE * 2.0
    inner = lambda u: np.exp(u) * weights       # noqa: E731  (the user's spelling)
    return np.sum(inner(x))


def through_a_loop_and_branch(x):
    total = 0.0
    for i in range(3):
        if np.sum(x) > 0.0:
            total = total + np.sum(np.sin(x) * i)
        else:
            total = total + np.sum(x * x)
    return total


def through_a_while_loop(x):
    total = 0.0
    while total < 3.0:              # (its test printed in the head: `while total < 3.0:`)
        total = total + np.sum(x * x)
    return total


def _halving_sum(x, n):
    if n == 0:
        return x * 0.0
    return np.sin(x) + _halving_sum(x * 0.5, n - 1)


def through_recursion(x):        # (the adjoint handed to a recursive call's pullback: a push)
    return np.sum(_halving_sum(x, 3))


def through_a_container(x):
    parts = [x * 2.0, np.cos(x)]
    pair = {"a": parts[0], "b": parts[1]}
    return np.sum(pair["a"] * pair["b"]) + math.pi


def items_in_a_loop(x):           # (an item's adjoint accumulated in place: `d_x[i] += g`)
    total = 0.0
    for i in range(3):
        total = total + x[i] ** 2 * x[2 - i]
    return total


def swapped_in_a_loop(x):         # (two carried values' adjoints handed back at once: `a, b = u, v`)
    a, b = x, x * 2.0
    for _ in range(3):
        a, b = b, a * np.sin(b)
    return np.sum(a + b)


def broadcast_and_reduce(x, b):
    return np.sum(np.log1p((x[:, None] * b) ** 2).mean(axis=0))


SPELLINGS = [
    (through_a_helper, (0,), (np.array([0.3, -0.2, 0.9]),)),
    (through_a_closure, (0,), (np.array([0.3, -0.2, 0.9]),)),
    (through_a_loop_and_branch, (0,), (np.array([0.3, -0.2, 0.9]),)),
    (through_a_container, (0,), (np.array([0.3, -0.2, 0.9]),)),
    (through_a_while_loop, (0,), (np.array([0.3, -0.2, 0.9]),)),
    (through_recursion, (0,), (np.array([0.3, -0.2, 0.9]),)),
    (through_a_helper, (0,), (np.array([0.3, -0.2, 0.9], dtype=np.float32),)),
    (items_in_a_loop, (0,), (np.array([0.3, -0.2, 0.9]),)),
    (swapped_in_a_loop, (0,), (np.array([0.3, -0.2, 0.9]),)),
    (swapped_in_a_loop, (0,), (np.array([0.3, -0.2, 0.9], dtype=np.float32),)),
    (broadcast_and_reduce, (0, 1), (np.array([0.3, -0.2, 0.9]), np.array([1.0, -2.0]))),
]


@pytest.fixture
def written_as_python(monkeypatch):
    """The statements reverse_ir.py meets that the builder wrote as Python, not made as IR
    nodes (ad/built.py): it lowers none (it keeps the builder's Python, no IR, for any)."""
    seen: list[str] = []
    original = lifting._Lift.statement

    def statement(self, stmt):
        if built.nodes_of(stmt) is None and not isinstance(stmt, (ast.If, ast.For, ast.While, ast.Pass)):
            seen.append(ast.unparse(stmt))
        return original(self, stmt)
    monkeypatch.setattr(lifting._Lift, "statement", statement)
    return seen


@pytest.mark.parametrize("f, wrt, args", SPELLINGS)
@pytest.mark.parametrize("specialize", [False, True])
def test_no_statement_is_lowered_from_the_builders_python(f, wrt, args, specialize, written_as_python):
    spec = GradientSpec(wrt=wrt, tuple_output=len(wrt) > 1, specialize=specialize,
                        arg_shapes=tuple(np.shape(a) for a in args))
    ir = reverse(lowered(f), spec).ir
    assert ir is not None
    verify(ir)
    assert written_as_python == []


@pytest.mark.parametrize("f, wrt, args", SPELLINGS)
def test_gradients_and_tangents_of_every_spelling_match_finite_differences(f, wrt, args):
    position = wrt if len(wrt) > 1 else wrt[0]
    tolerance = 1e-3 if args[0].dtype == np.float32 else 1e-6
    assert transpiler.check_grad(f, *args, wrt=position, rtol=tolerance).ok
    gradient = transpiler.grad(f, wrt=position)(*args)
    gradients = gradient if len(wrt) > 1 else (gradient,)
    directions = [np.linspace(-1.0, 1.0, np.size(args[i])).reshape(np.shape(args[i])) for i in wrt]
    tangents = [directions[wrt.index(i)] if i in wrt else None for i in range(len(args))]
    _, tangent = transpiler.jvp(f, list(args), tangents)
    expected = sum(float(np.sum(g * d)) for g, d in zip(gradients, directions))
    np.testing.assert_allclose(tangent, expected, rtol=10 * tolerance)


def test_an_elementwise_rules_adjoint_is_the_primitives_of_its_expression():
    def f(x, y):
        return np.sum(np.sin(x) * y)
    ir = reverse(lowered(f), GradientSpec(wrt=(0,), tuple_output=False)).ir
    verify(ir)
    prims = [s.prim for s in walk(ir.body) if isinstance(s, Assign)]
    assert registry.lookup(np.cos) in prims              # d_t1 * np.cos(x): the cos primitive
    assert not any(isinstance(p, WrittenPrimitive) for p in prims)
    cos = next(s for s in walk(ir.body) if isinstance(s, Assign) and s.prim is registry.lookup(np.cos))
    assert cos.args == (Var("x"),)


def test_an_accumulation_is_the_add_primitive_of_two_adjoints():
    def f(x):
        return np.sum(np.sin(x)) + np.sum(np.exp(x))
    ir = reverse(lowered(f), GradientSpec(wrt=(0,), tuple_output=False)).ir
    adds = [s for s in walk(ir.body) if isinstance(s, Assign) and s.prim is registry.lookup(ast.Add)
            and s.target.name.startswith("d_x")]
    assert adds and all(all(isinstance(a, Var) for a in s.args) for s in adds)
    np.testing.assert_allclose(transpiler.grad(f)(np.array([0.1, 0.7])), np.cos([0.1, 0.7]) + np.exp([0.1, 0.7]))


def test_a_lowered_statement_prints_as_its_expression_and_is_found_out_when_changed():
    names = NameAllocator({"x", "d_y"})
    for name in ("x", "d_y"):
        names.fresh(name, own=True)
    from transpiler.ad.expressions import ExpressionLowering
    lowering = ExpressionLowering(names, names.used.__contains__, lambda: names.fresh("_part"))
    value = ast.parse("d_y * np.cos(x) + 2.0", mode="eval").body
    stmt = built.lowered("d_x", value, lowering)
    assert len(built.nodes_of(stmt)) == 3 and built.consistent(stmt)
    assert set(built.parts(built.nodes_of(stmt))) <= lowering.folded
    stmt.value.right = ast.Constant(3.0)          # the Python changed, the IR not
    assert not built.consistent(stmt)


def test_a_checkpointed_loops_copied_adjoints_fold_back_and_agree():
    def rnn(h, w):
        for t in range(12):
            h = np.tanh(h * w + 0.1 * t) + np.sin(h) * 0.5
        return np.sum(h * h)
    h, w = np.linspace(-0.5, 0.5, 4), np.float64(0.9)
    checkpointed = transpiler.grad(rnn, wrt=(0, 1), memory=200)
    source = checkpointed.source(args=(h, w))
    assert "_part" not in source                  # every part printed folded into its reader
    for a, b in zip(transpiler.grad(rnn, wrt=(0, 1))(h, w), checkpointed(h, w)):
        np.testing.assert_allclose(a, b, rtol=1e-12)


def test_a_lowered_statement_the_builder_copied_has_its_parts_named_anew():
    # (a checkpointed segment runs its iteration twice: a copy shares its statement's nodes)
    import copy
    from transpiler.ad.expressions import ExpressionLowering
    from transpiler.backends import python_code
    from transpiler.ir.code import load

    def identity(x):
        return x
    base = lowered(identity)
    names = base.names.fork()
    names.fresh("y")
    lowering = ExpressionLowering(names, {"x", "y"}.__contains__, lambda: names.fresh("_part"))
    stmt = built.lowered("y", ast.parse("np.sin(x) * 2.0 + x", mode="eval").body, lowering)
    again = copy.deepcopy(stmt)
    assert built.nodes_of(again) is built.nodes_of(stmt)
    fn = lifting.lifted(base, "twice", ["x"], [], [stmt, again], load("y"), names, lowering.folded)
    verify(fn)
    temporaries = [s.target.name for s in fn.body if s.target.name.startswith("_part")]
    assert len(temporaries) == len(set(temporaries)) == 4
    assert python_code.module_source(fn).count("y = np.sin(x) * 2.0 + x") == 2
