"""The values made inside loops nested in a loop and read only there (ad/draws.py
``_inner_only``: what the loop's reverse need not recompute) are looked for in the function's
reads only where the loop has a nested loop: for any other loop there are none, and the walk of
the whole function per loop made a function of many loops (one per comprehension) quadratic."""
import numpy as np

import transpiler
from transpiler.ad import draws


def comprehensions(p):
    s = p[0]
    s = s + sum([np.sin(p[1] * j) * s for j in range(2)])
    s = s * sum([np.cos(p[0] * j) + s for j in range(3)])
    return s + sum([s * j for j in range(4)])


def nested(p):
    total = 0.0
    for i in range(3):
        h = p * i
        for j in range(2):
            h = np.tanh(h) + j
        total = total + np.sum(h * p)
    return total


def _walks(monkeypatch) -> list:
    walked = []
    real = draws._uses_outside_nested_loops
    monkeypatch.setattr(draws, "_uses_outside_nested_loops",
                        lambda stmts, loop, within: walked.append(loop) or real(stmts, loop, within))
    return walked


def test_a_loop_with_no_nested_loop_walks_nothing(monkeypatch):
    walked = _walks(monkeypatch)
    x = np.array([0.3, -0.7])
    transpiler.grad(comprehensions)(x)
    assert walked == []
    report = transpiler.check_grad(comprehensions, x)
    assert report.ok, report


def test_a_loop_with_a_nested_loop_still_walks_the_function(monkeypatch):
    walked = _walks(monkeypatch)
    x = np.array([0.3, -0.7])
    transpiler.grad(nested)(x)
    assert walked
    report = transpiler.check_grad(nested, x)
    assert report.ok, report
