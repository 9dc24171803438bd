"""analysis/facts.py's shapes stop after one pass where it settles them (no loop, each value bound
once, after what it reads): the shapes it finds are those of the passes run until nothing
changes, for every function a compile analyses (the lowered, the specialised, and what the
transforms make)."""
import numpy as np
import pytest

import transpiler
from transpiler.analysis import facts


def straight(x, W):
    h = np.tanh(W @ x)
    n = x.shape[0]
    return np.sum(h * np.arange(n)) + np.sum(np.eye(n) @ x)


def branchy(x, W):
    t = W @ x
    if x.shape[0] > 2:
        t = np.tanh(t)
    return np.sum(t * x)


def looping(x, W):
    h = x
    for _ in range(3):
        h = np.tanh(W @ h)
    return np.sum(h)


def listed(x, W):
    hs = [x]
    for i in range(2):
        hs.append(W @ hs[i])
    return np.sum(hs[-1] * hs[0])


@pytest.mark.parametrize("f", [straight, branchy, looping, listed], ids=lambda f: f.__name__)
def test_one_pass_finds_what_passes_until_nothing_changes_find(f, monkeypatch):
    asked = []
    original = facts._propagated_shapes
    monkeypatch.setattr(facts, "_propagated_shapes",
                        lambda fn, shapes, kinds: asked.append((fn, shapes, kinds)) or original(fn, shapes, kinds))
    x, W = np.linspace(0.1, 0.4, 4), np.eye(4) * 0.5
    transpiler.grad(f)(x, W)
    transpiler.hessian(f)(x, W)
    assert asked
    settled = [original(fn, shapes, kinds) for fn, shapes, kinds in asked]
    assert settled == [original(fn, shapes, kinds, stop_when_settled=False) for fn, shapes, kinds in asked]


def test_straight_line_code_takes_one_pass(monkeypatch):
    from transpiler.driver import pipeline
    passes = []
    output_shape = facts.output_shape
    monkeypatch.setattr(facts, "output_shape", lambda *a: passes.append(a[0]) or output_shape(*a))
    fn = pipeline.lowered(straight)
    found = facts._propagated_shapes(fn, {fn.params[0]: (4,), fn.params[1]: (4, 4)}, {})
    assert len(passes) == len(set(map(id, passes)))           # (each statement's rule asked once)
    assert found[fn.result] == ()
