"""Which names a loop writes into in place (frontend/carried_entries.py ``_written_in_place``:
``a.append(v)``, ``a += v``, ``a[k] = v``, ``del a[k]``) is found in one walk of the loop per
lowering, and kept with it: the loop's every pass asks it of every name the loop carries, and a
walk of the loop per name made lowering quadratic in the body's length (a 1,000-statement loop
body took 25 s to lower, 0.8 s with one walk)."""
import ast
import types

import numpy as np

import transpiler
from transpiler.frontend import carried_entries

SOURCE = """
for i in range(3):
    a.append(x)
    b += x
    c[0] = x
    del d[1]
    e = e + [x]
    f.copy()
    g.h.append(x)
"""


def loop():
    return ast.parse(SOURCE).body[0]


def test_the_names_written_in_place_are_the_receivers_of_in_place_writes():
    lowering, node = types.SimpleNamespace(), loop()
    written = [n for n in "abcdefgh" if carried_entries._written_in_place(lowering, node, n)]
    assert written == ["a", "b", "c", "d"]     # (`e = e + [x]` rebinds; `f.copy()` reads; `g.h` is an attribute)


def test_each_loop_gets_its_own_names():
    lowering, first, second = types.SimpleNamespace(), loop(), ast.parse("for i in range(2):\n    e.append(i)\n").body[0]
    assert carried_entries._written_in_place(lowering, first, "a")
    assert not carried_entries._written_in_place(lowering, second, "a")
    assert carried_entries._written_in_place(lowering, second, "e")
    assert not carried_entries._written_in_place(lowering, first, "e")


def many_carried(x):
    rows = [[x[0]], [x[1]]]
    a = rows[0]
    s0 = x[0]
    s1 = x[1]
    s2 = x[2]
    for i in range(3):
        a.append(x[i] * 2.0)
        s0 = s0 * 0.5 + x[i]
        s1 = s1 * s0
        s2 = np.sin(s2 + s1)
    return sum(rows[0]) + s0 + s1 + s2


def test_a_loop_carrying_many_names_is_walked_once(monkeypatch):
    walked = []
    real = carried_entries._receivers
    monkeypatch.setattr(carried_entries, "_receivers", lambda node: walked.append(node) or real(node))
    x = np.array([0.3, 0.7, 1.1])
    transpiler.grad(many_carried)(x)
    assert len(walked) == 1
    report = transpiler.check_grad(many_carried, x)
    assert report.ok, report


def a_write_in_place_after_a_loop(x):
    k = np.outer(x, x) * 2.0
    s = x[0]
    for i in range(3):
        s = s * 0.5 + x[i]
    np.fill_diagonal(k, 0.0)         # (the lowering's own `_written_in_place`, after the loop asked the names)
    return np.sum(k * s)


def test_a_write_in_place_after_a_loop_is_lowered():
    x = np.array([0.3, 0.7, 1.1])
    report = transpiler.check_grad(a_write_in_place_after_a_loop, x)
    assert report.ok, report
