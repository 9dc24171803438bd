"""A checkpointed loop's reverse (``grad(f, memory=BYTES)``, ad/checkpoints.py) is IR like any
other reverse code (ad/reverse_ir.py): the segments a backwards ``Loop``, each segment's
iterations a ``Loop`` over a slice of the primal range (``range(...)[first:count]``) run forwards
then backwards, the checkpoint test an ``If`` on a value computed before it; verified, printed as
the builder wrote it, and computing the gradient ``grad`` computes."""
from __future__ import annotations

import re

import numpy as np
import pytest

import transpiler
from transpiler.ad import reverse_ir
from transpiler.ad.reverse import GradientSpec, reverse
from transpiler.backends import python_code
from transpiler.driver.pipeline import lowered
from transpiler.ir.nodes import If, Loop, walk
from transpiler.ir.verifier import verify

RATE = 0.3


def rnn(Wh, b, xs):
    h = np.zeros(Wh.shape[0])
    step = lambda h, x: np.tanh(Wh @ h + x + b)     # noqa: E731
    for t in range(xs.shape[0]):
        h = step(h, xs[t])
    return np.sum(h ** 2)


def with_branch(w, x):
    for i in range(1, 9, 2):
        if np.sum(x) > 0.0:
            x = x * w - RATE
        else:
            x = np.sin(x) + w
    return np.sum(x * x)


def nested(w, x):
    for i in range(4):
        for j in range(3):
            x = np.cos(x * w + j)
    return x.sum()


def left_by_break(w, x):
    k = 0
    while True:
        x = np.sin(x) * w
        k += 1
        if k >= 6:
            break
    return np.sum(x)


RNG = np.random.default_rng(3)
CASES = [
    (rnn, (0.4 * RNG.standard_normal((3, 3)), 0.1 * RNG.standard_normal(3), RNG.standard_normal((7, 3))), (0, 1)),
    (with_branch, (0.9, np.array([0.3, -0.2, 0.5])), (0, 1)),
    (with_branch, (np.float32(0.9), np.array([0.3, -0.2, 0.5], dtype=np.float32)), (0, 1)),
    (nested, (0.7, np.array([0.3, -0.2])), (0, 1)),
    (left_by_break, (1.1, np.array([0.3, -0.2, 0.5])), (0, 1)),
]


def checkpointed_ir(f, wrt, memory=64):
    return reverse(lowered(f), GradientSpec(wrt=wrt, tuple_output=True, memory=memory)).ir


@pytest.mark.parametrize("f, args, wrt", CASES, ids=lambda c: getattr(c, "__name__", None))
def test_a_checkpointed_loops_reverse_is_verified_ir_computing_the_gradient(f, args, wrt):
    ir = checkpointed_ir(f, wrt)
    assert ir is not None
    verify(ir)
    segments = next(s for s in ir.body if isinstance(s, Loop) and s.backwards and s.first is None)
    assert "_checkpoints" in python_code.module_source(ir, fold=False)
    assert any(isinstance(s, If) for s in walk(ir.body))         # if _n % _every == 0: (the checkpoint)
    free = {v.name: globals()[v.name] for v in ir.free.values()}
    got = python_code.compile_function(ir, fold=False)(*args, **free)
    for memory in (None, 64, 10 ** 9):
        expected = transpiler.grad(f, wrt=wrt, memory=memory)(*args)
        for a, b in zip(got, expected):
            np.testing.assert_allclose(a, b, rtol=1e-6 if np.asarray(b).dtype == np.float32 else 1e-12)
    assert segments.range_args[1].name.startswith("_n")


def test_a_segment_is_a_slice_of_the_primal_range_run_forwards_then_backwards():
    ir = checkpointed_ir(with_branch, (0, 1))
    sliced = [s for s in walk(ir.body) if isinstance(s, Loop) and s.first is not None]
    assert [s.backwards for s in sliced] == [False, True]
    assert all(s.range_args == sliced[0].range_args and s.first == sliced[0].first for s in sliced)
    printed = python_code.module_source(ir, fold=False)
    assert "for i in range(1, 9, 2)[_first:_first + _steps]:" in printed
    assert "for _ in reversed(range(1, 9, 2)[_first:_first + _steps]):" in printed     # (i unread)
    assert "if _n % _every == 0:" in printed
    assert "for _first in reversed(range(0, _n, _every)):" in printed
    assert "for i in range(1, 9, 2)[_first:_count]" in ir.listing().replace(sliced[0].count.name, "_count")


def test_the_code_grad_runs_under_a_budget_is_the_printed_ir():
    args = CASES[0][1]
    source = transpiler.grad(rnn, wrt=(0, 1), memory=64).source(args=args)
    assert re.search(r"for \w+ in reversed\(range\(7\)\[_first:_first \+ _steps\]\):", source), source
    assert transpiler.check_grad(rnn, *args, wrt=(0, 1)).ok


@pytest.mark.parametrize("f, args, wrt", CASES[:1] + CASES[2:], ids=lambda c: getattr(c, "__name__", None))
def test_the_checkpoint_test_and_the_segments_stops_are_nodes_the_builder_made(f, args, wrt, monkeypatch):
    """``_n % _every == 0`` and ``_first + _steps`` are made IR by the builder (ad/built.py: head),
    not lowered from its Python by ad/reverse_ir.py, which lowers the value returned alone."""
    lowered_here: list[str] = []

    class Recording(reverse_ir.ExpressionLowering):
        def assign(self, target, expr, location=None):
            lowered_here.append(target)
            return super().assign(target, expr, location)
    monkeypatch.setattr(reverse_ir, "ExpressionLowering", Recording)
    ir = checkpointed_ir(f, wrt)
    verify(ir)
    assert [name.startswith("_returned") for name in lowered_here] == [True]
    printed = python_code.module_source(ir, fold=False)
    assert "% _every == 0:" in printed           # (folded back into the heads, as written)
    assert f is left_by_break or "[_first:_first + _steps]" in printed      # (a loop left early: range(_steps))
