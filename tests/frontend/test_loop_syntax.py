"""What a loop's source says about its names (frontend/loop_syntax.py) is read once per loop
and lowering, although the loop is lowered until its assumptions settle (twice at least where
it carries a value; a nested loop once per pass of each): kept per loop node and per reading
(``lists``: whether ``lst.append(v)`` binds ``lst``), never another loop's or reading's."""
import ast
import types

import numpy as np

import transpiler
from transpiler.frontend import loop_syntax

SOURCE = """
def f(xs, w):
    for x in xs:
        acc.append(x * w)
        total = total + x
    for j in range(3):
        w = w * 2.0
"""


def loops():
    tree = ast.parse(SOURCE).body[0]
    return tree.body[0], tree.body[1]


def test_each_reading_of_a_loop_gets_its_own_names():
    lowering, (first, _) = types.SimpleNamespace(), loops()
    assert loop_syntax.assigned_names(lowering, first, lists=True) == (["acc", "total"], {"total"})
    assert loop_syntax.assigned_names(lowering, first, lists=False) == (["total"], {"total"})
    assert loop_syntax.assigned_names(lowering, first, lists=True) == (["acc", "total"], {"total"})


def test_each_loop_gets_its_own_syntax():
    lowering, (first, second) = types.SimpleNamespace(), loops()
    assert loop_syntax.loop_syntax(lowering, first).stored == {"total"}
    assert loop_syntax.loop_syntax(lowering, second).stored == {"w"}
    assert loop_syntax.loop_syntax(lowering, second).for_targets == ("j",)
    assert loop_syntax.assigned_names(lowering, second)[0] == ["w"]


def test_the_names_handed_out_are_the_callers_to_change():
    lowering, (first, _) = types.SimpleNamespace(), loops()
    names, rebound = loop_syntax.assigned_names(lowering, first)
    names.append("other")
    rebound.add("other")
    assert loop_syntax.assigned_names(lowering, first) == (["acc", "total"], {"total"})


def nested(x):
    total = 0.0
    for i in range(3):
        h = x * i
        for j in range(2):
            h = np.tanh(h) + j
        total = total + np.sum(h)
    return total


def test_a_nested_loop_lowered_four_times_is_read_once(monkeypatch):
    read = []
    real = loop_syntax._assigned_names
    monkeypatch.setattr(loop_syntax, "_assigned_names", lambda node, lists: read.append(node) or real(node, lists))
    x = np.linspace(0.1, 0.9, 4)
    transpiler.grad(nested)(x)
    assert len(read) == len(set(map(id, read))) == 2
    report = transpiler.check_grad(nested, x)
    assert report.ok, report
