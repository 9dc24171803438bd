"""ir/memo.py: what analyses work out of a function is kept on that function, per input, and
never handed to another function or a caller that changes what it got."""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from transpiler.analysis.facts import shapes_of
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
