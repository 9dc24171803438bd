"""What opt/adjoint_writes.py asks of the whole function for each candidate (a reverse loop and
a name it carries: the loop's nest, where a name is first bound at the top level, how many
statements read each name) is found in one walk per function (``_Facts``, kept with it), and
answers as the walks it replaced did (list_writes.py ``loop_nest``; a top-level binding before
the nest; ``reads_of`` counted): each candidate walked the whole function, so a function of many
reverse loops (one per comprehension) was quadratic."""
import numpy as np

import transpiler
from transpiler.ir.nodes import Assign, Copy, Loop, walk
from transpiler.opt import adjoint_writes
from transpiler.opt.list_rows import reads_of
from transpiler.opt.list_writes import loop_nest

N = 4


def many_comprehensions(p):
    s = p[0]
    for k in range(6):
        s = s + sum([np.sin(p[1] * j) * s for j in range(k % 3 + 1)])
    return s * p[0]


def grid_and_comprehensions(p):
    grid = [[0.0] * N for _ in range(N)]
    for i in range(N):
        for j in range(N):
            grid[i][j] = np.sin(p[0] * i) + p[1] * j * p[0]
    t = sum([p[0] * k for k in range(3)])
    return sum(sum(row) for row in grid) * t


def _asked(monkeypatch):
    """Each function the pass asks about, and the facts it was given."""
    asked = []
    real = adjoint_writes._facts
    monkeypatch.setattr(adjoint_writes, "_facts", lambda fn: asked.append((fn, real(fn))) or asked[-1][1])
    return asked


def test_the_facts_are_found_once_per_function(monkeypatch):
    built = []
    real = adjoint_writes._Facts.__init__
    monkeypatch.setattr(adjoint_writes._Facts, "__init__", lambda self, fn: built.append(fn) or real(self, fn))
    asked = _asked(monkeypatch)
    x = np.array([0.3, -0.7])
    transpiler.grad(many_comprehensions)(x)
    assert len(asked) > len({id(fn) for fn, _ in asked}) >= 1      # (several candidates per function)
    assert len(built) == len({id(fn) for fn in built})
    report = transpiler.check_grad(many_comprehensions, x)
    assert report.ok, report


def test_the_facts_answer_as_the_walks_they_replace(monkeypatch):
    asked = _asked(monkeypatch)
    x = np.array([0.3, -0.7])
    for f in (many_comprehensions, grid_and_comprehensions):
        transpiler.grad(f)(x)
        report = transpiler.check_grad(f, x)
        assert report.ok, report
    assert asked
    for fn, facts in asked:
        for loop in (s for s in walk(fn.body) if isinstance(s, Loop)):
            assert facts.nests.get(id(loop)) == loop_nest(fn.body, loop)
        names = {s.target for s in walk(fn.body) if isinstance(s, (Assign, Copy))}
        for name in names:
            for position in range(len(fn.body) + 1):
                bound = any(isinstance(s, (Assign, Copy)) and s.target == name for s in fn.body[:position])
                assert (facts.first_binding.get(name, position) < position) == bound
        counted = {}
        for stmt in walk(fn.body):
            for name in set(reads_of(stmt)):
                counted[name] = counted.get(name, 0) + 1
        assert facts.reads == counted
