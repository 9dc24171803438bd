"""ir/memo.py: what analyses work out of a function is kept on that function, per input, and
never handed to another function or a caller that changes what it got."""
from __future__ import annotations

from dataclasses import replace

import numpy as np

import transpiler.rewrites  # noqa: F401  (registers the rewrites' fact finders)
from transpiler.analysis.facts import analyse_for, shapes_of
from transpiler.analysis.kinds import known_kinds
from transpiler.driver import pipeline
from transpiler.ir.memo import MEMO_SIZE, remembered


def f(x, y):
    return np.sum(x * y)


def _lowered():
    pipeline._lowered.clear()
    return pipeline.lowered(f)


def test_shapes_are_worked_out_once_per_function_and_input_shapes():
    fn = _lowered()
    first = shapes_of(fn, ((3,), (3,)))
    entries = len(fn.memo)
    assert shapes_of(fn, ((3,), (3,))) == first and len(fn.memo) == entries


def test_another_input_shape_or_kind_gets_its_own_answer():
    fn = _lowered()
    product = fn.body[0].target
    assert shapes_of(fn, ((3,), (3,)))[product] == (3,)
    assert shapes_of(fn, ((2, 4), (4,)))[product] == (2, 4)
    assert known_kinds(fn, ("f8", "f8"))[product] == "f8"
    assert known_kinds(fn, ("f4", "f8")).get(product) is None


def test_a_caller_changing_its_answer_does_not_change_the_next():
    fn = _lowered()
    shapes = shapes_of(fn, ((3,), (3,)))
    shapes.clear()
    assert shapes_of(fn, ((3,), (3,)))


def test_a_function_made_from_another_starts_with_an_empty_memo():
    fn = _lowered()
    shapes_of(fn, ((3,), (3,)))
    assert fn.memo and replace(fn, body=[]).memo == {}


def test_the_memo_is_bounded_and_an_unhashable_key_is_computed_each_time():
    fn = _lowered()
    for n in range(MEMO_SIZE + 10):
        remembered(fn, ("test", n), lambda: n)
    assert len(fn.memo) == MEMO_SIZE
    calls = []
    assert remembered(fn, ("test", [1]), lambda: calls.append(1) or 7) == 7
    assert remembered(fn, ("test", [1]), lambda: calls.append(1) or 7) == 7 and len(calls) == 2


def test_the_analysis_is_worked_out_once_per_function_and_inputs():
    fn = _lowered()
    _, first = analyse_for(fn, (0,), ((3,), (3,)), ("f8", "f8"))
    entries = len(fn.memo)
    _, again = analyse_for(fn, (0,), ((3,), (3,)), ("f8", "f8"))
    assert len(fn.memo) == entries and again.active == first.active and again is not first


def test_each_caller_gets_its_own_analysis_to_change():
    fn = _lowered()
    _, mine = analyse_for(fn, (0,), ((3,), (3,)))
    active = set(mine.active)
    mine.active.clear(), mine.live.clear(), mine.shapes.clear()
    mine.complex_values = frozenset(mine.live)
    _, next_one = analyse_for(fn, (0,), ((3,), (3,)))
    assert next_one.active == active and next_one.shapes and next_one.complex_values == frozenset()


def test_another_parameter_shape_or_rewrite_switched_off_gets_its_own_analysis():
    fn = _lowered()
    x, y = fn.params
    wrt_x, wrt_y = analyse_for(fn, (0,), ((3,), (3,)))[1], analyse_for(fn, (1,), ((3,), (3,)))[1]
    assert x in wrt_x.active and x not in wrt_y.active and y in wrt_y.active
    product = fn.body[0].target
    assert analyse_for(fn, (0,), ((2, 3), (3,)))[1].shapes[product] == (2, 3)
    entries = len(fn.memo)
    analyse_for(fn, (0,), ((3,), (3,)), switched_off=frozenset({"softmax_adjoint"}))    # (grad(f, rewrites=...))
    assert len(fn.memo) == entries + 1


def test_def_use_is_worked_out_once_per_function_and_afresh_for_a_new_one():
    from transpiler.ir.defuse import def_use
    fn = _lowered()
    chains = def_use(fn)
    assert def_use(fn) is chains        # (the rewrites on one IR each ask for it)
    shorter = replace(fn, body=fn.body[:-1])
    assert def_use(shorter) is not chains
    assert def_use(shorter).definition(fn.body[-1].target) is None
    assert def_use(fn).definition(fn.body[-1].target) is fn.body[-1]
