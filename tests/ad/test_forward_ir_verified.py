"""Every forward IR keeps the IR's rules (ir/verifier.py): the forward IR of every real-world
program and of fuzz programs is verified here explicitly, whatever TRANSPILER_VERIFY says (the
driver checks it too under that setting). A tangent phi is bound by copies only, and a recursive
call's (value, tangent) pair is a value of the IR and its two items."""
from __future__ import annotations

import contextlib
import io
import re
import tempfile
import weakref

import numpy as np
import pytest

import transpiler
from transpiler.ad.forward import TangentSpec, forward, forward_with_facts
from transpiler.api.sources import tangent_source
from transpiler.check import fuzz
from transpiler.driver import pipeline
from transpiler.errors import TranspileError
from transpiler.ir.nodes import Assign, Effect, walk
from transpiler.ir.verifier import verify

FUZZ_SEEDS = range(60)


pytestmark = pytest.mark.usefixtures("rule_registry_left_as_found")     # (tests/ad/conftest.py)


@pytest.fixture
def forward_irs(monkeypatch):
    """Every forward IR the driver builds during the test, verified as it is built (a fresh
    cache, so that nothing compiled earlier is taken from it unverified)."""
    built = []

    def verified_forward(program, spec):
        ir, facts = forward_with_facts(program, spec)
        verify(ir)
        built.append(ir)
        return ir, facts

    monkeypatch.setattr(pipeline, "forward_with_facts", verified_forward)
    monkeypatch.setattr(pipeline, "_compiled", weakref.WeakKeyDictionary())
    return built


def test_the_forward_ir_of_every_realworld_program_verifies(forward_irs, realworld):
    checked = 0
    for case_id, case in realworld.CASES.items():
        if not case.get("jvp", True):
            continue
        args = case["args"]()
        wrt = realworld.wrt_of(case)
        _, place = realworld.flat(args, wrt)
        x0, _ = realworld.flat(args, wrt)
        shaped = place(np.random.RandomState(7).randn(x0.size), tangent=True)
        tangents = [shaped[i] if i in wrt else None for i in range(len(args))]
        realworld.reseed(case)
        before = len(forward_irs)
        with contextlib.suppress(TranspileError), np.errstate(all="ignore"), \
                contextlib.redirect_stdout(io.StringIO()):
            transpiler.jvp(case["function"], args, tangents)
        checked += len(forward_irs) > before
    assert checked > 100        # (the others are refused, as tests/realworld records)


def test_the_forward_ir_of_fuzz_programs_verifies(forward_irs):
    with tempfile.TemporaryDirectory() as directory:
        for seed in FUZZ_SEEDS:
            with contextlib.redirect_stdout(io.StringIO()):
                outcome = fuzz.run_program(fuzz.generate(seed), directory, forward=True)
            assert "IRError" not in (outcome.error or ""), outcome.error
    assert len(forward_irs) > len(FUZZ_SEEDS) // 2


# ----------------------------------------------------------------- the two shapes that broke it
def merged_zero(x, flag):
    if flag > 0:
        y = x * 2.0
    else:
        y = np.ones(3)       # (no tangent: the merge's tangent is a zero of y's shape)
    return np.sum(y * x)


def carried_list(x):
    items = [x, x]
    for i in range(3):
        items = [items[0] * x, items[1] + x]
    return np.sum(items[0] + items[1])


def countdown(x, n):
    if n <= 0:
        return x
    return np.sin(countdown(x, n - 1))


@pytest.mark.parametrize("f, args, wrt", [
    (merged_zero, (np.arange(3.0) + 0.5, -1.0), (0,)),
    (carried_list, (np.arange(3.0) + 0.5,), (0,)),
])
def test_a_tangent_phis_zero_is_a_value_copied_in(f, args, wrt):
    program = pipeline.lowered(f)
    ir = forward(program, TangentSpec(wrt))
    verify(ir)
    tangent = np.ones_like(args[0])
    value, derivative = transpiler.jvp(f, args, [tangent if i in wrt else None for i in range(len(args))])
    step = 1e-6
    shifted = [a + step * tangent if i in wrt else a for i, a in enumerate(args)]
    back = [a - step * tangent if i in wrt else a for i, a in enumerate(args)]
    np.testing.assert_allclose(derivative, (f(*shifted) - f(*back)) / (2 * step), rtol=1e-6)


def test_a_recursive_calls_value_and_tangent_are_a_pair_and_its_two_items(forward_irs):
    value, tangent = transpiler.jvp(countdown, (0.3, 3), (1.0, None))
    assert value == pytest.approx(countdown(0.3, 3))
    assert tangent == pytest.approx((countdown(0.3 + 1e-6, 3) - countdown(0.3 - 1e-6, 3)) / 2e-6, rel=1e-6)
    ir = forward_irs[0]
    assert not [s for s in walk(ir.body) if isinstance(s, Effect) and "countdown" in str(s)]
    items = [str(s) for s in walk(ir.body) if isinstance(s, Assign) and "_value_and_tangent" in str(s)]
    assert len(items) == 3, items
    printed = tangent_source(countdown, wrt=0)     # (printed as the one unpacking it always was)
    assert "_value_and_tangent" not in printed
    assert re.search(r"\n +_t(\d+), t_t\1 = \w+\(x, _t\d+, t_x,", printed), printed
