"""What a function's statements apply, asked by the passes that can change only particular
primitives' statements (opt/present.py): worked out once per function, and seeing every
statement, in branches and loops too."""
import dataclasses

import numpy as np
import pytest

from transpiler.ir import Assign, Const, Function, If, Loop, Var
from transpiler.ir.names import NameAllocator
from transpiler.opt.list_adjoints import store_replaced_items
from transpiler.opt.present import calls, primitives_in
from transpiler.opt.repeated import share_repeated_values
from transpiler.opt.tuple_items import read_tuple_items
from transpiler.primitives import lookup

x, a, b, t = Var("x"), Var("a"), Var("b"), Var("t")


def _function(body) -> Function:
    return Function("f", [x], ["x"], {}, body, x, NameAllocator({"x"}))


def test_a_primitive_in_a_branch_or_a_loop_is_present():
    in_branch = _function([Assign(t, lookup(np.greater), (x, Const(0.0))),
                           If(t, [Assign(a, lookup(np.exp), (x,))], [])])
    in_loop = _function([Loop("for", Var("i"), (Const(3),), [], None, [], [Assign(b, lookup(np.sin), (x,))])])
    assert calls(in_branch, np.exp) and not calls(in_branch, np.sin)
    assert calls(in_loop, np.sin) and not calls(in_loop, np.exp)


def test_a_function_made_from_another_is_asked_again():
    fn = _function([Assign(a, lookup(np.exp), (x,))])
    assert lookup(np.exp) in primitives_in(fn)
    rewritten = dataclasses.replace(fn, body=[Assign(a, lookup(np.sin), (x,))])
    assert calls(rewritten, np.sin) and not calls(rewritten, np.exp)


@pytest.mark.parametrize("rewrite", [read_tuple_items, store_replaced_items, share_repeated_values])
def test_a_pass_with_nothing_to_change_returns_the_function_without_its_def_use(rewrite):
    """The passes' early returns (the speed-up of asking ``primitives_in`` first): no tuple built,
    no ``cleared_at``, no repeat. (``hoist_write_checks`` works out no def-use either way: its
    early return saves one walk, which leaves nothing to observe.)"""
    fn = _function([Assign(a, lookup(np.exp), (x,)), Assign(b, lookup(np.sin), (a,))])
    assert rewrite(fn) is fn
    assert "def_use" not in fn.memo
