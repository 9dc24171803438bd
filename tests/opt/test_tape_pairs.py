"""A tape's push and pop of a value the reverse sweep no longer reads, dropped in pairs
(opt/tape_pairs.py, from opt/dead_code.py): the popped value read only for its shape by
``unbroadcast`` of two numbers (``number_adjoints``, opt/array_items.py), the rest of the tape
kept in step. Each against finite differences; the pops that are read stay, with their pushes."""
import sys
from pathlib import Path

import numpy as np
import pytest

import transpiler as tp
from transpiler.check import check_grad

from item_write_programs import recurrence, running_sum

N = 6


def one_of_two_read(x):
    out = np.zeros(len(x))
    s = 0.0
    p = 1.0
    for i in range(len(x)):
        s = s + x[i]              # pushed for the shape of out[i]'s value only
        p = p * np.cos(x[i])      # pushed: its adjoint reads it
        out[i] = s
    return np.sum(out ** 2) + p


def in_a_while_loop(x):
    out = np.zeros(len(x))
    s = 0.0
    i = 0
    while i < len(x):
        s = s + x[i]
        out[i] = s * s
        i += 1
    return np.sum(out)


def nested(x):
    out = np.zeros((3, len(x)))
    for k in range(3):
        s = 0.0
        for i in range(len(x)):
            s = s + x[i] * (k + 1)
            out[k, i] = s
    return np.sum(out ** 2)


def grad_source(f, x):
    return tp.grad(f).source(args=(x,))


def code_of(source, name):
    return source.split(f"def {name}_grad(")[-1]


@pytest.mark.parametrize("f", [running_sum, recurrence, one_of_two_read, in_a_while_loop, nested])
def test_gradient_matches_finite_differences(f):
    x = np.random.default_rng(1).standard_normal(N)
    report = check_grad(f, x)
    assert report.ok, report


def test_a_value_popped_only_for_its_shape_is_not_taped():
    x = np.random.default_rng(2).standard_normal(N)
    code = code_of(grad_source(running_sum, x), "running_sum")
    assert "_tape" not in code, code


def test_an_array_the_reverse_no_longer_reads_is_written_in_place_not_logged():
    x = np.random.default_rng(3).standard_normal(N)
    code = code_of(grad_source(recurrence, x), "recurrence")
    assert "_tape" not in code and "written_item(" not in code and "private_list(" not in code, code
    forward = code.split("# reverse sweep")[0]
    assert "assign_at(" not in forward.split("for i in")[1], forward


def test_a_popped_value_that_is_read_keeps_its_push_and_pop():
    x = np.random.default_rng(4).standard_normal(N)
    code = code_of(grad_source(one_of_two_read, x), "one_of_two_read")
    assert code.count("_tape.append(") == 1 and "_tape.append(p" in code, code
    assert code.count("_tape.pop()") == 1 and "p = _tape.pop()" in code, code


# The pairing on hand-built IR: a forward loop pushes a and b, a reverse loop pops them (last
# pushed, first popped) and reads only what ``read`` names.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ir"))
from hand_built import Assign, Const, Copy, Loop, Var, add, function, i, x  # noqa: E402

from transpiler.ir.nodes import Effect, walk  # noqa: E402
from transpiler.opt.dead_code import eliminate_dead_code  # noqa: E402
from transpiler.primitives.indexing import APPEND, LIST, POP  # noqa: E402

a, b, r, tape = Var("a"), Var("b"), Var("r"), Var("_tape")


def taped(pop_order, read, tape_name="_tape"):
    t = Var(tape_name)
    forward = Loop("for", i, (Const(3),), [], None, [],
                   [Effect(APPEND, (t, a)), Effect(APPEND, (t, b)), add(a, a, x), add(b, b, x)])
    reverse = Loop("for", i, (Const(3),), [], None, [],
                   [*(Assign(v, POP, (t,), rebinds=True) for v in pop_order),
                    *(add(r, r, v) for v in read)], backwards=True)
    body = [Assign(t, LIST, ()), Copy(a, x), Copy(b, x), forward, Copy(r, x), reverse]
    return function(body, r)


def pushed_and_popped(fn):
    pushes = [s.args[1].name for s in walk(fn.body) if isinstance(s, Effect) and s.prim is APPEND]
    pops = [s.target.name for s in walk(fn.body) if isinstance(s, Assign) and s.prim is POP]
    return pushes, pops


def test_the_pair_of_an_unread_pop_goes_and_the_others_stay_in_step():
    assert pushed_and_popped(eliminate_dead_code(taped([b, a], read=[a]))) == (["a"], ["a"])
    assert pushed_and_popped(eliminate_dead_code(taped([b, a], read=[b]))) == (["b"], ["b"])


def test_a_tape_whose_pops_are_all_unread_goes_whole():
    fn = eliminate_dead_code(taped([b, a], read=[]))
    assert pushed_and_popped(fn) == ([], [])
    assert not any(isinstance(s, Assign) and s.target == tape for s in walk(fn.body))


def test_pops_that_do_not_mirror_the_pushes_are_left_as_they_are():
    # (popped in the order pushed: the pairs are not the transform's, nothing is dropped)
    assert pushed_and_popped(eliminate_dead_code(taped([a, b], read=[a]))) == (["a", "b"], ["a", "b"])


def test_a_list_not_named_as_the_transforms_tapes_is_left_as_it_is():
    assert pushed_and_popped(eliminate_dead_code(taped([b, a], read=[a], tape_name="stack"))) == \
        (["a", "b"], ["b", "a"])


def test_where_every_pop_is_read_the_tapes_are_not_walked(monkeypatch):
    # (dead code runs after several passes that change the IR: most functions have no pop left
    # unread, and their blocks were walked for tapes all the same)
    from transpiler.opt import tape_pairs
    walked = []
    blocks = tape_pairs._blocks
    monkeypatch.setattr(tape_pairs, "_blocks", lambda stmts: walked.append(1) or blocks(stmts))
    fn = taped([b, a], read=[a, b])
    assert eliminate_dead_code(fn) is fn
    assert walked == []
    assert pushed_and_popped(eliminate_dead_code(taped([b, a], read=[a]))) == (["a"], ["a"])
    assert walked
